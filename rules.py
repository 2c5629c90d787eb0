"""Pure checks behind the domain rules of DESIGN.md §4: identity numbers, ages and calendar sums.

Nothing here touches the database, so the models, the forms, the seed and the tests share one
definition of what a valid NIK, NIP or age is. Each check returns a translated message, or None.
"""

from __future__ import annotations

import calendar
from datetime import date

from flask_babel import lazy_gettext as _l


def digits_only(value: str | None) -> str:
    """Strip the spaces, dots and dashes people type into NIK and NIP numbers ("19860926 201505 1 001")."""
    return "".join(ch for ch in (value or "") if ch not in " .-")


def add_months(start: date, months: int) -> date:
    """Return the same day `months` later, clamped to the month's end (31 August + 6 months = 28/29 February)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def age_on(birth_date: date, day: date) -> int:
    """Completed years of age on `day`."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def nik_error(nik: str) -> str | None:
    """Refuse a NIK that cannot be one: 16 digits, digits 7–8 a day (women +40), 9–10 a month."""
    if len(nik) != 16 or not nik.isdigit():
        return _l("NIK harus 16 digit angka.")
    day, month = int(nik[6:8]), int(nik[8:10])
    if not (1 <= day <= 31 or 41 <= day <= 71):
        return _l("Digit 7–8 NIK harus tanggal lahir 01–31 (perempuan 41–71).")
    if not 1 <= month <= 12:
        return _l("Digit 9–10 NIK harus bulan lahir 01–12.")
    return None


def nik_mismatch(nik: str, birth_date: date | None, sex: str | None) -> str | None:
    """Warn (never refuse) when a well-formed NIK disagrees with the birth date or sex.

    NIKs issued with an error are never reissued (DOMAIN.md §10), so the record must still save.
    """
    if nik_error(nik) or birth_date is None:
        return None
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    nik_sex = "P" if day > 40 else "L"
    day = day - 40 if day > 40 else day
    if (day, month, year2) != (birth_date.day, birth_date.month, birth_date.year % 100):
        return _l("NIK tidak cocok dengan tanggal lahir; periksa kembali (data tetap disimpan).")
    if sex and sex != nik_sex:
        return _l("NIK tidak cocok dengan jenis kelamin; periksa kembali (data tetap disimpan).")
    return None


def nip_error(nip: str) -> str | None:
    """Refuse a civil-servant NIP: 18 digits, digits 1–8 a real date, digit 15 the sex (1 or 2)."""
    if len(nip) != 18 or not nip.isdigit():
        return _l("NIP harus 18 digit angka.")
    if not _valid_date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8])):
        return _l("Digit 1–8 NIP harus tanggal lahir yang valid (TTTTBBHH).")
    if nip[14] not in "12":
        return _l("Digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan).")
    return None


def is_working_day(day: date) -> bool:
    """Monday to Friday; the job-training rule (PP 58/2022 Pasal 19) allows working days only."""
    return day.weekday() < 5

"""The law as data: every legal bound of a placement and of a child's age, with its source.

`SENTENCES` is the one table of the bounds the law puts on a placement (DESIGN.md §4, DOMAIN.md §2–3):
for each kind, who may serve it, how many hours may be ordered, how many may be logged on one day,
how long it may last and whether only working days count. The model checks, the form help texts and
the error messages are all built from it, so changing a bound is one line here. The identity-number
checks (NIK, NIP) live here too. Nothing here touches the database; each check returns a translated
message, or None.
"""

from __future__ import annotations

import calendar
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import current_app, has_app_context
from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l

from indonesian import format_hours, long_date


@dataclass(frozen=True)
class Sentence:
    """The legal bounds of one kind of placement.

    `months` is (shortest, longest) counted from the start date; None on either side means unbounded.
    `daily_cap_setting` names a setting that may override `daily_cap` (DESIGN.md §4: "a setting").
    """

    name: Any
    category: str
    source: str
    hours: tuple[int, int] | None = None
    daily_cap: float | None = None
    daily_cap_setting: str | None = None
    months: tuple[int | None, int | None] | None = None
    working_days_only: bool = False

    @property
    def label(self) -> str:
        """'Kerja sosial (dewasa)': the kind with who serves it, as messages name it."""
        return f"{self.name} ({self.category})"

    def current_daily_cap(self) -> float | None:
        """The daily cap, from its setting when the application configures one."""
        if self.daily_cap_setting and has_app_context():
            configured = current_app.config.get(self.daily_cap_setting)
            if configured is not None:
                return float(configured)
        return self.daily_cap

    def category_error(self, category: str | None) -> Any:
        """Refuse a client of the other category: 'Kerja sosial (KUHP Pasal 85) hanya untuk klien dewasa.'"""
        if category and category != self.category:
            return _l(
                "%(name)s (%(source)s) hanya untuk klien %(category)s.",
                name=self.name,
                source=self.source,
                category=self.category,
            )
        return None

    def hours_error(self, hours_ordered: int | None) -> Any:
        """Refuse hours ordered outside the range, or missing when the kind has one."""
        if self.hours is None:
            return None
        least, most = self.hours
        if hours_ordered is None or not least <= hours_ordered <= most:
            return _l(
                "Jam putusan untuk jenis ini harus %(least)d sampai %(most)d jam.", least=least, most=most
            )
        return None

    def period_error(self, start: date, end: date) -> Any:
        """Refuse an end date before the shortest or after the longest period from the start."""
        if self.months is None:
            return None
        shortest, longest = self.months
        latest = add_months(start, longest) if longest is not None else None
        if shortest is None:
            if latest is not None and end > latest:
                return _l(
                    "%(name)s harus selesai paling lama %(months)d bulan sejak mulai (paling lambat %(day)s).",
                    name=self.name,
                    months=longest,
                    day=long_date(latest),
                )
            return None
        if end < add_months(start, shortest) or (latest is not None and end > latest):
            return _l(
                "%(name)s harus berlangsung %(least)d sampai %(most)d bulan.",
                name=self.name,
                least=shortest,
                most=longest,
            )
        return None

    def daily_hours_error(self, hours: float) -> Any:
        """Refuse more hours on one day than the daily cap."""
        cap = self.current_daily_cap()
        if cap is not None and hours > cap:
            return _l(
                "Paling banyak %(cap)s jam sehari untuk %(kind)s.", cap=format_hours(cap), kind=self.label
            )
        return None

    def work_day_error(self, day: date) -> Any:
        """Refuse a weekend day when only working days count."""
        if self.working_days_only and not is_working_day(day):
            return _l("%(name)s hanya pada hari kerja (Senin–Jumat).", name=self.name)
        return None

    def summary(self) -> str:
        """'Kerja sosial (dewasa): 8–240 jam, paling banyak 8 jam sehari, paling lama 6 bulan (KUHP Pasal 85)'."""
        parts = []
        if self.hours:
            parts.append(gettext("%(least)d–%(most)d jam", least=self.hours[0], most=self.hours[1]))
        cap = self.current_daily_cap()
        if cap is not None and self.working_days_only:
            parts.append(gettext("paling banyak %(cap)s jam per hari kerja", cap=format_hours(cap)))
        elif cap is not None:
            parts.append(gettext("paling banyak %(cap)s jam sehari", cap=format_hours(cap)))
        if self.months and self.months[0] is not None:
            parts.append(gettext("%(least)d–%(most)d bulan", least=self.months[0], most=self.months[1]))
        elif self.months:
            parts.append(gettext("paling lama %(most)d bulan", most=self.months[1]))
        return gettext(
            "%(kind)s: %(bounds)s (%(source)s)", kind=self.label, bounds=", ".join(parts), source=self.source
        )


# The bounds of each placement kind the law limits (DOMAIN.md §2.2, §3.2). Kinds not listed here
# (social assistance, services) carry no legal bound on hours or length.
SENTENCES: dict[str, Sentence] = {
    "kerja_sosial": Sentence(
        name=_l("Kerja sosial"),
        category="dewasa",
        source="KUHP Pasal 85",
        hours=(8, 240),
        daily_cap=8,
        months=(None, 6),
    ),
    "pelayanan_masyarakat": Sentence(
        name=_l("Pelayanan masyarakat"),
        category="anak",
        source="SPPA Pasal 76",
        hours=(7, 120),
        daily_cap=3,
        daily_cap_setting="CHILD_SERVICE_DAILY_HOURS",
    ),
    "pelatihan_kerja": Sentence(
        name=_l("Pelatihan kerja"),
        category="anak",
        source="PP 58/2022 Pasal 19",
        daily_cap=3,
        months=(3, 12),
        working_days_only=True,
    ),
}


@dataclass(frozen=True)
class ChildAge:
    """Who is a child under the juvenile justice law: `youngest` to under `adult` years at the offence."""

    youngest: int
    adult: int
    source: str

    def too_young_error(self, age: int) -> Any:
        """Under the youngest age, a child is not processed as a client at all."""
        if age < self.youngest:
            return _l(
                "Umur saat tindak pidana %(age)d tahun: anak di bawah %(youngest)d tahun tidak diproses sebagai klien.",
                age=age,
                youngest=self.youngest,
            )
        return None

    def too_old_error(self, age: int) -> Any:
        """Older than anyone placed by a Bapas: the birth date is mistyped."""
        if age > OLDEST_AGE_AT_OFFENCE:
            return _l(
                "Umur saat tindak pidana %(age)d tahun: periksa tanggal lahir (paling tua %(oldest)d tahun).",
                age=age,
                oldest=OLDEST_AGE_AT_OFFENCE,
            )
        return None

    def category_error(self, age: int, category: str | None) -> Any:
        """The child/adult label must fit the age at the offence (and stays after the 18th birthday)."""
        if category == "anak" and age >= self.adult:
            return _l(
                "Umur saat tindak pidana %(age)d tahun: kategori anak hanya untuk umur %(youngest)d sampai di bawah %(adult)d tahun.",
                age=age,
                youngest=self.youngest,
                adult=self.adult,
            )
        if category == "dewasa" and age < self.adult:
            return _l("Umur saat tindak pidana %(age)d tahun: kategori harus anak.", age=age)
        return None

    def summary(self) -> str:
        """'Anak: umur 12 sampai di bawah 18 tahun saat tindak pidana.'"""
        return gettext(
            "Anak: umur %(youngest)d sampai di bawah %(adult)d tahun saat tindak pidana.",
            youngest=self.youngest,
            adult=self.adult,
        )


CHILD_AGE = ChildAge(youngest=12, adult=18, source="UU 11/2012 (SPPA) Pasal 1 angka 3")


def sentence_for(kind: str | None) -> Sentence | None:
    """The legal bounds of a placement kind, or None when the law sets none."""
    return SENTENCES.get(kind or "")


def hours_ordered_help(kind_labels: dict[str, Any]) -> LazyString:
    """Help text of 'Jam putusan', built from the table when it is shown (so it follows a change)."""

    def text() -> str:
        ranges = {kind: SENTENCES[kind].hours for kind in kind_labels if kind in SENTENCES}
        bounded = [
            gettext(
                "%(kind)s %(least)d–%(most)d jam", kind=SENTENCES[kind].label, least=hours[0], most=hours[1]
            )
            for kind, hours in ranges.items()
            if hours
        ]
        unbounded = ", ".join(str(label) for kind, label in kind_labels.items() if not ranges.get(kind))
        return "; ".join([*bounded, gettext("kosongkan untuk %(kinds)s.", kinds=unbounded)])

    return LazyString(text)


def sentences_help() -> LazyString:
    """Help text listing every kind's bounds (hours, daily cap, length), built when it is shown."""
    return LazyString(lambda: " ".join(sentence.summary() + "." for sentence in SENTENCES.values()))


def daily_cap_help() -> LazyString:
    """Help text of a journal row's hours: each kind's daily cap, built when it is shown."""

    def text() -> str:
        caps = [
            gettext(
                "%(kind)s %(cap)s jam%(days)s",
                kind=sentence.label,
                cap=format_hours(sentence.current_daily_cap()),
                days=gettext(", hanya hari kerja") if sentence.working_days_only else "",
            )
            for sentence in SENTENCES.values()
            if sentence.current_daily_cap() is not None
        ]
        return gettext("Paling banyak sehari: %(caps)s.", caps="; ".join(caps))

    return LazyString(text)


def child_age_help() -> LazyString:
    """Help text of the client's category, built from CHILD_AGE when it is shown."""
    return LazyString(lambda: CHILD_AGE.summary())


# ---------------------------------------------------------------------------------------------
# Plausibility: what no law says but no real record can be
# ---------------------------------------------------------------------------------------------

# Nobody works more hours than a day has, whatever the placement (DESIGN.md §4).
MAX_HOURS_A_DAY = 24
# A work-plan line's "Indikator / target" is printed in one cell of the annex: longer than this, the
# cell would outgrow a page and xhtml2pdf would shrink its text below the readable size.
INDICATOR_MAX_LENGTH = 500
# Counts a clerk types: beyond these they are typing errors (and beyond 2^31 no database stores them).
CAPACITY_MAX = 10_000
METERAI_MAX = 100
ORIGINALS_MAX = 100
ATTENDANCE_BLANK_ROWS_MAX = 60
# A client older than this at the offence is a typing error in the birth date.
OLDEST_AGE_AT_OFFENCE = 100
# Dates outside these years are typing errors in any field (a birth date of 1900, a ruling in 9999).
PLAUSIBLE_YEARS = (1900, 2100)
# Invisible characters people paste with names; at the edges of a text they mean nothing.
INVISIBLE_EDGES = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Control characters allowed in multi-line notes; none is allowed in a one-line field.
MULTILINE_CONTROLS = "\n\r\t"


def trim_text(value: str) -> str:
    """Strip spaces and invisible characters from both ends (a name of only a zero-width space is empty)."""
    previous = None
    while previous != value:
        previous, value = value, value.strip().strip(INVISIBLE_EDGES)
    return value


def text_error(value: str, multiline: bool = False) -> Any:
    """Refuse a text with a control character (NUL, escape, a line break in a one-line field)."""
    allowed = MULTILINE_CONTROLS if multiline else ""
    if any(unicodedata.category(char) == "Cc" and char not in allowed for char in value):
        return _l("Teks berisi karakter kontrol yang tidak diizinkan; ketik ulang isinya.")
    return None


def date_range_error(day: date) -> Any:
    """Refuse a date no record of this office can carry."""
    first, last = PLAUSIBLE_YEARS
    if not first <= day.year <= last:
        return _l("Tanggal harus antara tahun %(first)d dan %(last)d.", first=first, last=last)
    return None


def journal_hours_error(hours: float) -> Any:
    """Refuse more hours on one day than a day has, for every kind of placement."""
    if hours > MAX_HOURS_A_DAY:
        return _l("Jam kerja paling banyak %(most)d jam sehari.", most=MAX_HOURS_A_DAY)
    return None


# ---------------------------------------------------------------------------------------------
# Identity numbers and calendar arithmetic
# ---------------------------------------------------------------------------------------------


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


def next_working_day(day: date) -> date:
    """The first Monday-to-Friday after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day

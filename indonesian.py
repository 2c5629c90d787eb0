"""Indonesian writing of numbers and dates, as official letters and agreements use them.

"23 September 2025" in running text, hours as "8" or "7,5", and in an agreement's opening the date in words:
"Selasa, tanggal dua puluh tiga bulan September tahun dua ribu dua puluh lima".
"""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date

UNITS = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)


def terbilang(number: int) -> str:
    """A whole number in Indonesian words (terbilang): 2025 → 'dua ribu dua puluh lima'."""
    if number < 0:
        return "minus " + terbilang(-number)
    if number < 12:
        return UNITS[number]
    if number < 20:
        return f"{UNITS[number - 10]} belas"
    if number < 100:
        tens, rest = divmod(number, 10)
        return f"{UNITS[tens]} puluh" + (f" {UNITS[rest]}" if rest else "")
    if number < 200:
        return "seratus" + (f" {terbilang(number - 100)}" if number > 100 else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{UNITS[hundreds]} ratus" + (f" {terbilang(rest)}" if rest else "")
    if number < 2000:
        return "seribu" + (f" {terbilang(number - 1000)}" if number > 1000 else "")
    for size, word in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if number >= size:
            head, rest = divmod(number, size)
            return f"{terbilang(head)} {word}" + (f" {terbilang(rest)}" if rest else "")
    raise ValueError(number)  # unreachable: every size is covered above


def ordinal(number: int) -> str:
    """An ordinal as agreements name their parties: 1 → 'kesatu', 2 → 'kedua', 28 → 'kedua puluh delapan'.

    Agreements write "PIHAK KESATU" rather than "pertama", so 1 is 'kesatu' like every other number.
    """
    if number < 1:
        raise ValueError(number)
    return "ke" + terbilang(number)


def long_date(day: date) -> str:
    """'23 September 2025': the date style of Indonesian letters, on screens, in messages and in print."""
    return format_date(day, "d MMMM y", locale="id")


def format_hours(value: float | None) -> str:
    """Hours as Indonesians write them: no useless ',0', a decimal comma (8, 7,5)."""
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",")


HOURS_TYPED = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")


def parse_hours(text: str) -> float:
    """Hours typed with a decimal comma or point ('7,5', '7.5', ' 8 '); a ValueError otherwise."""
    cleaned = text.strip().replace(",", ".")
    if not HOURS_TYPED.fullmatch(cleaned):
        raise ValueError(text)
    return float(cleaned)


def date_in_words(day: date) -> str:
    """'Selasa, tanggal dua puluh tiga bulan September tahun dua ribu dua puluh lima'."""
    weekday = format_date(day, "EEEE", locale="id")
    month = format_date(day, "MMMM", locale="id")
    return f"{weekday}, tanggal {terbilang(day.day)} bulan {month} tahun {terbilang(day.year)}"


def grouped_nip(nip: str) -> str:
    """A NIP as it is printed under a signature: '19700315 199503 1 002' (birth date, appointment
    month, sex, serial). Anything that is not 18 digits is printed as stored."""
    digits = "".join(nip.split())
    if len(digits) != 18 or not digits.isdigit():
        return nip
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"

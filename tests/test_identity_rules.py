"""Unit tests of rules.py: the NIK, NIP, age and calendar checks behind DESIGN.md §4."""

from __future__ import annotations

from datetime import date

import pytest
from identity_messages import (
    NIK_BIRTH_MISMATCH,
    NIK_DAY,
    NIK_LENGTH,
    NIK_MONTH,
    NIK_SEX_MISMATCH,
    NIP_DATE,
    NIP_LENGTH,
    NIP_SEX,
    VALID_NIP,
)

import rules

BORN = date(1990, 5, 17)


def nik(day: str = "17", month: str = "05", year: str = "90") -> str:
    """A NIK of Klaten (331001) with the given birth digits and serial 0001."""
    return f"331001{day}{month}{year}0001"


def text(message) -> str | None:
    """A lazy message as the user reads it (None stays None)."""
    return None if message is None else str(message)


# --- NIK format --------------------------------------------------------------------------------


def test_nik_well_formed_is_accepted():
    """A clerk typing a correct NIK gets no complaint."""
    assert rules.nik_error(nik()) is None


@pytest.mark.parametrize(
    "value",
    ["331001170590001", "33100117059000011", "", "33100117059O0001", "3310 0117059000"],
    ids=["15-digits", "17-digits", "empty", "letter-O", "space"],
)
def test_nik_not_16_digits_is_refused(value):
    """A NIK that is not exactly 16 digits is refused with the length message."""
    assert text(rules.nik_error(value)) == NIK_LENGTH


@pytest.mark.parametrize("day", ["00", "32", "40", "72", "99"])
def test_nik_impossible_birth_day_is_refused(day):
    """Digits 7–8 that cannot be a day (man or woman) are refused."""
    assert text(rules.nik_error(nik(day=day))) == NIK_DAY


@pytest.mark.parametrize("day", ["01", "31", "41", "57", "71"])
def test_nik_birth_day_of_man_or_woman_is_accepted(day):
    """Days 01–31 (men) and 41–71 (women, day + 40) are accepted."""
    assert rules.nik_error(nik(day=day)) is None


@pytest.mark.parametrize("month", ["00", "13", "99"])
def test_nik_impossible_birth_month_is_refused(month):
    """Digits 9–10 that cannot be a month are refused."""
    assert text(rules.nik_error(nik(month=month))) == NIK_MONTH


@pytest.mark.parametrize("month", ["01", "12"])
def test_nik_birth_month_bounds_are_accepted(month):
    """January and December are real months."""
    assert rules.nik_error(nik(month=month)) is None


# --- NIK against birth date and sex (warn, never refuse) ---------------------------------------


@pytest.mark.parametrize(
    "value, sex",
    [(nik("17"), "L"), (nik("57"), "P"), (nik("17"), None)],
    ids=["man", "woman", "sex-unknown"],
)
def test_nik_matching_birth_date_and_sex_gives_no_warning(value, sex):
    """A NIK that agrees with the birth date and sex shows no warning."""
    assert rules.nik_mismatch(value, BORN, sex) is None


@pytest.mark.parametrize(
    "value",
    [nik(day="18"), nik(month="06"), nik(year="91"), nik(day="58")],
    ids=["wrong-day", "wrong-month", "wrong-year", "wrong-day-woman"],
)
def test_nik_disagreeing_with_birth_date_warns(value):
    """A NIK whose birth digits differ from the birth date gets the birth-date warning."""
    assert text(rules.nik_mismatch(value, BORN, None)) == NIK_BIRTH_MISMATCH


@pytest.mark.parametrize(
    "value, sex", [(nik("17"), "P"), (nik("57"), "L")], ids=["man-nik-woman", "woman-nik-man"]
)
def test_nik_disagreeing_with_sex_warns(value, sex):
    """A man's NIK on a woman (or the reverse) gets the sex warning."""
    assert text(rules.nik_mismatch(value, BORN, sex)) == NIK_SEX_MISMATCH


@pytest.mark.parametrize(
    "value, born", [(nik(day="00"), BORN), (nik(), None)], ids=["malformed", "no-birth-date"]
)
def test_nik_mismatch_is_silent_when_it_cannot_compare(value, born):
    """No mismatch warning when the NIK is malformed (that is an error) or the birth date is unknown."""
    assert rules.nik_mismatch(value, born, "L") is None


# --- NIP ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [VALID_NIP, "199002282019032001", "200002292020121002"])
def test_nip_well_formed_is_accepted(value):
    """A real civil-servant NIP (man or woman, 29 February of a leap year) is accepted."""
    assert rules.nip_error(value) is None


@pytest.mark.parametrize(
    "value",
    [VALID_NIP[:-1], VALID_NIP + "1", "", "19860926201505100A", "19860926 201505 1 001"],
    ids=["17-digits", "19-digits", "empty", "letter", "spaces"],
)
def test_nip_not_18_digits_is_refused(value):
    """A NIP that is not exactly 18 digits is refused with the length message."""
    assert text(rules.nip_error(value)) == NIP_LENGTH


@pytest.mark.parametrize("birth", ["19861332", "19860230", "19860000", "19900229"], ids=str)
def test_nip_with_impossible_birth_date_is_refused(birth):
    """Digits 1–8 that are not a real date (13th month, 30 February, 29 February 1990) are refused."""
    assert text(rules.nip_error(birth + VALID_NIP[8:])) == NIP_DATE


@pytest.mark.parametrize("sex_digit", ["0", "3", "9"])
def test_nip_with_sex_digit_not_1_or_2_is_refused(sex_digit):
    """Digit 15 must be 1 (man) or 2 (woman)."""
    value = VALID_NIP[:14] + sex_digit + VALID_NIP[15:]
    assert text(rules.nip_error(value)) == NIP_SEX


# --- digits_only -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("19860926 201505 1 001", VALID_NIP),
        ("3310.0117-0590 0001", nik()),
        ("  3310011705900001 ", nik()),
        ("", ""),
        (None, ""),
    ],
    ids=["nip-spaces", "nik-dots-dashes", "padding", "empty", "none"],
)
def test_digits_only_strips_what_people_type(typed, stored):
    """Spaces, dots and dashes typed into a NIK or NIP are dropped."""
    assert rules.digits_only(typed) == stored


# --- add_months --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 3, 2), 6, date(2026, 9, 2)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 12, date(2027, 12, 15)),
        (date(2026, 10, 31), 0, date(2026, 10, 31)),
    ],
    ids=str,
)
def test_add_months_clamps_to_month_end(start, months, expected):
    """'6 months after 31 August' is the last day of February (29th in a leap year)."""
    assert rules.add_months(start, months) == expected


# --- age_on ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "born, on, age",
    [
        (date(2008, 1, 20), date(2026, 1, 19), 17),
        (date(2008, 1, 20), date(2026, 1, 20), 18),
        (date(2008, 1, 20), date(2026, 1, 21), 18),
        (date(2008, 12, 31), date(2026, 1, 1), 17),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2026, 1, 20), date(2026, 1, 20), 0),
    ],
    ids=str,
)
def test_age_on_counts_completed_years(born, on, age):
    """A client turns 18 on the birthday itself, not the day before (leap-day births on 1 March)."""
    assert rules.age_on(born, on) == age


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2026, 3, 2), True),
        (date(2026, 3, 6), True),
        (date(2026, 3, 7), False),
        (date(2026, 3, 8), False),
    ],
    ids=["monday", "friday", "saturday", "sunday"],
)
def test_is_working_day_is_monday_to_friday(day, working):
    """Job training days are Monday to Friday."""
    assert rules.is_working_day(day) is working

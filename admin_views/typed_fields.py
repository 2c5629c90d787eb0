"""Dates, times and hours as people type them: plain text fields the server parses.

Flask-Admin's bundled date picker (daterangepicker 1.3) rewrites the field on every keystroke, so a
date typed at normal speed was saved as year 1 (upstream issues #1746, #987). Chromium's native
`<input type="date">` is no answer either: it takes digits segment by segment. So, as Django's admin
does, a date is a text field: `24-11-2026`, `24/11/2026`, `24.11.2026`, `2026-11-24` and
`24 November 2026` (Indonesian or English month names, full or short) all mean the same day, and a
form shows a stored date back as `24-11-2026`. The same parser serves the list filters. Whether the
year is plausible is the models' rule (rules.PLAUSIBLE_YEARS), checked for every writer.

Hours take a decimal comma or point (`7,5`, `7.5`) and are shown back with a comma.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_admin.contrib.sqla import filters as sqla_filters
from flask_admin.contrib.sqla.form import AdminModelConverter
from flask_admin.form import TimeField
from flask_admin.model.form import converts
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import StringField
from wtforms.widgets import TextInput

import rules
from indonesian import format_hours, parse_hours
from models import WIB

SHOWN_FORMAT = "%d-%m-%Y"
PLACEHOLDER = "hh-bb-tttt"
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan", "january"),
            ("februari", "feb", "pebruari", "february"),
            ("maret", "mar", "march"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("agustus", "agu", "agt", "ags", "aug", "august"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct", "october"),
            ("november", "nov", "nop", "nopember"),
            ("desember", "des", "dec", "december"),
        ),
        start=1,
    )
    for name in names
}
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")
YEAR_MONTH_DAY = re.compile(r"(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})")
DAY_MONTHNAME_YEAR = re.compile(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})")
INVALID_HOURS = _l("Jam tidak valid. Tulis angka, mis. 4 atau 7,5.")
INVALID_DATE = _l("Tanggal tidak valid. Tulis mis. 24-11-2026 atau 24 November 2026.")
# Read out with a date or time field: its placeholder ("hh-bb-tttt") is no instruction to a screen reader.
DATE_HINT = _l("Tulis tanggal seperti 24-11-2026 (hari-bulan-tahun) atau 24 November 2026.")
TIME_HINT = _l("Tulis jam seperti 09.00.")


def parse_date(text: str) -> date | None:
    """The day a person meant by `text`, or None when it is not a date in one of the formats above."""
    cleaned = " ".join(text.strip().lower().split())
    if match := DAY_MONTH_YEAR.fullmatch(cleaned):
        day, month, year = (int(part) for part in match.groups())
    elif match := YEAR_MONTH_DAY.fullmatch(cleaned):
        year, month, day = (int(part) for part in match.groups())
    elif (match := DAY_MONTHNAME_YEAR.fullmatch(cleaned)) and match.group(2) in MONTHS:
        day, month, year = int(match.group(1)), MONTHS[match.group(2)], int(match.group(3))
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


class HintedTextInput(TextInput):
    """A text input followed by a hint that only a screen reader reads, tied to it with aria-describedby.

    The hint's id follows the field's id; static/accessibility.js renames both in a journal row added
    from the inline template.
    """

    def __init__(self, hint: Any) -> None:
        super().__init__()
        self.hint = hint

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        hint_id = f"{field.id}-hint"
        given = (kwargs.pop("aria_describedby", None), kwargs.pop("aria-describedby", None))
        described = " ".join(filter(None, (*given, hint_id)))
        kwargs["aria-describedby"] = described
        return super().__call__(field, **kwargs) + Markup('<span id="{}" class="sr-only">{}</span>').format(
            hint_id, self.hint
        )


class ParsedTextField(StringField):
    """A text field whose typed value the server reads (`parse`) and shows back (`show`).

    A blank field holds None; text that cannot be read is refused with `invalid`, and the form
    shows back what was typed so the clerk can correct it.
    """

    widget = TextInput()
    invalid: Any = ""
    render_defaults: dict[str, Any] = {"autocomplete": "off"}

    def __init__(self, *args: Any, render_kw: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, render_kw={**self.render_defaults, **(render_kw or {})}, **kwargs)

    def parse(self, text: str) -> Any:
        """Hook: the value `text` means, or None when it means nothing."""
        return None

    def show(self, value: Any) -> str:
        """Hook: a stored value as the form shows it."""
        return str(value)

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Hook for WTForms: read what was typed."""
        text = (valuelist[0] if valuelist else "") or ""
        self.data = self.parse(text) if text.strip() else None
        if text.strip() and self.data is None:
            raise ValueError(str(self.invalid))

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return self.show(self.data) if self.data is not None else ""


class TypedDateField(ParsedTextField):
    """A date typed as text and read on the server; shown back as 24-11-2026."""

    widget = HintedTextInput(DATE_HINT)
    invalid = INVALID_DATE
    # data-calendar: static/calendar.js puts an optional calendar button beside the field.
    render_defaults = {"placeholder": PLACEHOLDER, "autocomplete": "off", "data-calendar": "id"}

    def parse(self, text: str) -> date | None:
        return parse_date(text)

    def show(self, value: date) -> str:
        return value.strftime(SHOWN_FORMAT)


class HoursField(ParsedTextField):
    """Hours typed as '7,5' or '7.5', shown back as '7,5' (and '8', not '8.0')."""

    invalid = INVALID_HOURS
    render_defaults = {"inputmode": "decimal", "autocomplete": "off"}

    def parse(self, text: str) -> float | None:
        try:
            return parse_hours(text)
        except ValueError:
            return None

    def show(self, value: float) -> str:
        return format_hours(value)


class TypedTimeField(TimeField):
    """A time typed as text ("09.00", "9:30"), without the bundled picker's script."""

    widget = HintedTextInput(TIME_HINT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formats", ("%H.%M", "%H:%M", "%H:%M:%S", "%H.%M.%S"))
        kwargs.setdefault("default_format", "%H.%M")
        kwargs.setdefault("render_kw", {"placeholder": "jj.mm", "autocomplete": "off"})
        super().__init__(*args, **kwargs)


class TypedDateConverter(AdminModelConverter):
    """Flask-Admin's form converter, with typed date and time fields for every Date and Time column."""

    @converts("Date")
    def convert_date(self, field_args: Any, **extra: Any) -> TypedDateField:
        """Hook for Flask-Admin: a Date column becomes a typed date field."""
        field_args.pop("widget", None)
        return TypedDateField(**field_args)

    @converts("Time")
    def convert_time(self, field_args: Any, **extra: Any) -> TypedTimeField:
        """Hook for Flask-Admin: a Time column becomes a typed time field."""
        field_args.pop("widget", None)
        return TypedTimeField(**field_args)


class TypedDateFilterMixin:
    """A date filter whose value is typed like a form's date (no picker script)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No "datepicker": the filter's input stays a plain text field.
        self.data_type = None

    def validate(self, value: str) -> bool:
        """Hook for Flask-Admin: a date as typed in forms, in the years a record can carry.

        Year 1 or 9999 would overflow when the day is turned into WIB bounds; Flask-Admin shows
        its (translated) "invalid filter value" message and lists without this filter.
        """
        parsed = parse_date(value)
        return parsed is not None and rules.date_range_error(parsed) is None

    def clean(self, value: str) -> date:
        parsed = parse_date(value)
        assert parsed is not None  # validate() came first
        return parsed


class DateOnFilter(TypedDateFilterMixin, sqla_filters.DateEqualFilter):
    """Hook for Flask-Admin: 'on' a typed date."""


class DateNotOnFilter(TypedDateFilterMixin, sqla_filters.DateNotEqualFilter):
    """Hook for Flask-Admin: 'not on' a typed date."""


class DateAfterFilter(TypedDateFilterMixin, sqla_filters.DateGreaterFilter):
    """Hook for Flask-Admin: 'after' a typed date."""


class DateBeforeFilter(TypedDateFilterMixin, sqla_filters.DateSmallerFilter):
    """Hook for Flask-Admin: 'before' a typed date."""


def wib_day_in_utc(day: date) -> tuple[datetime, datetime]:
    """The stored (naive UTC) bounds of a day in Klaten: [00.00 WIB, next 00.00 WIB)."""
    start = datetime.combine(day, time(0), tzinfo=WIB).astimezone(UTC).replace(tzinfo=None)
    return start, start + timedelta(days=1)


class TimestampOnDayFilter(TypedDateFilterMixin, sqla_filters.DateTimeEqualFilter):
    """Hook for Flask-Admin: a timestamp (the audit trail's "Waktu") on a typed day, in WIB."""

    def apply(self, query: Any, value: date, alias: Any = None) -> Any:
        start, end = wib_day_in_utc(value)
        column = self.get_column(alias)
        return query.filter(column >= start, column < end)


class TimestampAfterDayFilter(TypedDateFilterMixin, sqla_filters.DateTimeGreaterFilter):
    """Hook for Flask-Admin: a timestamp after a typed day (from the next day on, in WIB)."""

    def apply(self, query: Any, value: date, alias: Any = None) -> Any:
        return query.filter(self.get_column(alias) >= wib_day_in_utc(value)[1])


class TimestampBeforeDayFilter(TypedDateFilterMixin, sqla_filters.DateTimeSmallerFilter):
    """Hook for Flask-Admin: a timestamp before a typed day (up to the day before, in WIB)."""

    def apply(self, query: Any, value: date, alias: Any = None) -> Any:
        return query.filter(self.get_column(alias) < wib_day_in_utc(value)[0])


class TypedDateFilterConverter(sqla_filters.FilterConverter):
    """Flask-Admin's filter converter, with typed date filters (ranges are two filters, after and before).

    Timestamps are filtered by day, typed the same way: the bundled date-time picker would show its
    English calendar ("Su Mo Tu", "Apply") and rewrite what is typed.
    """

    date_filters = (
        DateOnFilter,
        DateNotOnFilter,
        DateAfterFilter,
        DateBeforeFilter,
        sqla_filters.FilterEmpty,
    )
    datetime_filters = (
        TimestampOnDayFilter,
        TimestampAfterDayFilter,
        TimestampBeforeDayFilter,
        sqla_filters.FilterEmpty,
    )

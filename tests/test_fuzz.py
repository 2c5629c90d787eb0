"""Property-based tests (Hypothesis): every form and every route's query parameters, by role.

Whatever a browser, a scanner or an attacker sends, the answer is never a server error; a form
either saves the whole valid record or changes nothing; an agency head changes nothing at all.

Each form starts from what the browser would send for a real record (read off the edit page) and
Hypothesis replaces a few fields with hostile values: any Unicode, control characters, huge or
negative numbers, impossible dates, formulas, markup, a field missing or sent twice.

The "ci" profile (`make test`) is bounded and derandomized, so a run is repeatable and quick;
`make fuzz` runs the "long" profile: random, with many more inputs (FUZZ_EXAMPLES sets how many).
Every run prints how many inputs were tried (conftest.py).
"""

from __future__ import annotations

import os
import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

import conftest
import pytest
from conftest import TEST_PASSWORD, make_user
from factories import make_small_office
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from invariants import violations
from sqlalchemy import String, Text, text
from werkzeug.datastructures import MultiDict

import rules
from models import Agency, Agreement, Client, Commitment, HourLog, Placement, User, db

settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    parent=settings.get_profile("ci"),
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1000")),
    derandomize=False,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
# A request with hostile parameters costs a fraction of a form's save: try twenty times as many.
ROUTE_EXAMPLES = settings.default.max_examples * 20

# The tables whose rows a request may change; the audit trail only grows and is left out.
TABLES = ("agency", "commitment", "client", "placement", "hour_log", "agreement", "app_user")
# Each form's model, its table, and the tables one save may touch (a placement saves its journal).
FORMS = {
    "agency": (Agency, {"agency"}),
    "commitment": (Commitment, {"commitment"}),
    "agreement": (Agreement, {"agreement"}),
    "client": (Client, {"client"}),
    "placement": (Placement, {"placement", "hour_log"}),
    "hourlog": (HourLog, {"hour_log"}),
    "user": (User, {"app_user"}),
}
# Stored differently from how they are typed (digits only), so not compared as text.
NORMALISED = {"nik", "head_nip", "signatory_nip", "pk_nip"}

DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %B %Y", "%m/%d/%Y")
ODD_VALUES = (
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "inf",
    "9" * 30,
    "ya",
    "on",
    "None",
    "2026-02-30",
    "31-02-2026",
    "24 Nopember 2026",
    "00-00-0000",
    "01-01-0001",
    "31-12-9999",
    "9999-12-31",
    "7,5",
    "7.5.5",
    "\u200b",
    "\u202eevil",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "%s%n",
    "{0}",
    "ﬁİß",
    "a\nb",
    "a\rb",
    "\x1b[31m",
)
HOSTILE = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.text(max_size=40),
    st.text(min_size=200, max_size=1500),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats().map(str),
    st.tuples(st.dates(min_value=date(1, 1, 1)), st.sampled_from(DATE_FORMATS)).map(
        lambda pair: pair[0].strftime(pair[1])
    ),
)


# What a date field or filter is typed with: the edges of what Python's date holds, and any day.
DATES = st.one_of(
    st.sampled_from(("01-01-0001", "31-12-9999", "0001-01-01", "9999-12-31", "29-02-2025", "32-01-2026")),
    st.tuples(st.dates(min_value=date(1, 1, 1)), st.sampled_from(DATE_FORMATS)).map(
        lambda pair: pair[0].strftime(pair[1])
    ),
)


def count_input(test: str) -> None:
    """One more input tried by `test`, for the line every run prints."""
    conftest.FUZZ_INPUTS[test] = conftest.FUZZ_INPUTS.get(test, 0) + 1


# --- what the browser sends ------------------------------------------------------------------------


class FormReader(HTMLParser):
    """The fields of the page's admin form as a browser would submit them: name → value."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.in_form = False
        self.select: str | None = None
        self.first_option: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form" and "admin-form" in attr.get("class", ""):
            self.in_form = True
        if not self.in_form or (tag != "form" and not attr.get("name") and tag != "option"):
            return
        name = attr.get("name", "")
        if tag == "input" and attr.get("type") not in ("submit", "button", "file"):
            if attr.get("type") == "checkbox":
                if "checked" in attr:
                    self.values[name] = attr.get("value") or "y"
            else:
                self.values[name] = attr.get("value", "")
        elif tag == "select":
            self.select, self.first_option = name, None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = attr.get("value", "")
            if "selected" in attr:
                self.values[self.select] = attr.get("value", "")
        elif tag == "textarea":
            self.textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        if tag == "select" and self.select:
            self.values.setdefault(self.select, self.first_option or "")
            self.select = None
        if tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.values[self.textarea] += data


def form_values(page: str) -> dict[str, str]:
    """What submitting `page`'s admin form unchanged would send."""
    reader = FormReader()
    reader.feed(page)
    # A new page's empty inline row ("hour_logs-__prefix__") is a template, never submitted.
    return {name: value for name, value in reader.values.items() if "__prefix__" not in name}


def snapshot(app: Any) -> dict[str, dict[Any, tuple]]:
    """Every row of every table a form can change, by id."""
    with app.app_context(), db.engine.connect() as connection:
        return {
            table: {
                row._mapping["id"]: tuple(row) for row in connection.execute(text(f"SELECT * FROM {table}"))
            }
            for table in TABLES
        }


def differences(before: dict, after: dict) -> dict[str, dict[str, set]]:
    """Per table: the ids added, removed and changed between two snapshots (tables with none left out)."""
    found = {}
    for table in TABLES:
        old, new = before[table], after[table]
        added, removed = set(new) - set(old), set(old) - set(new)
        changed = {key for key in set(old) & set(new) if old[key] != new[key]}
        if added or removed or changed:
            found[table] = {"added": added, "removed": removed, "changed": changed}
    return found


def broken_rules(app: Any) -> list:
    with app.app_context(), db.engine.connect() as connection:
        return violations(connection)


@pytest.fixture
def office(app):
    """The small office, a head's account to edit (never the clerk's own), and the clerk logged in."""
    with app.app_context():
        ids = make_small_office()
    make_user(app, "kadinsos", "head", ids.dinsos)
    make_user(app, "operator")
    with app.app_context():
        ids.user = db.session.scalar(db.select(User.id).where(User.username == "kadinsos"))
    browser = app.test_client()
    assert browser.post("/login", data={"username": "operator", "password": TEST_PASSWORD}).status_code == 302
    return ids, browser


RECORD_OF = {
    "agency": "dinsos",
    "commitment": "commitment",
    "agreement": "agreement",
    "client": "adult",
    "placement": "placement",
    "hourlog": "hourlog",
    "user": "user",
}


def record_id(ids: Any, endpoint: str) -> int:
    return getattr(ids, RECORD_OF[endpoint])


# The field names of each form, fixed at its first example: Hypothesis replays a failing input by
# its draws, so what it draws from must not change with the record's state.
FIELD_NAMES: dict[str, list[str]] = {}


def mutate(data: Any, endpoint: str, base: dict[str, str]) -> dict[str, Any]:
    """`base` with a few fields replaced by hostile values, dropped, or sent twice."""
    values: dict[str, Any] = dict(base)
    names = FIELD_NAMES.setdefault(endpoint, sorted(set(base) | {"version_seen", "unexpected_field"}))
    for name in data.draw(st.sets(st.sampled_from(names), max_size=4), label="fields changed"):
        how = data.draw(st.sampled_from(("hostile", "hostile", "hostile", "missing", "twice")), label="how")
        if how == "missing":
            values.pop(name, None)
        elif how == "twice":
            values[name] = [data.draw(HOSTILE, label=name), data.draw(HOSTILE, label=name)]
        else:
            values[name] = data.draw(HOSTILE, label=name)
    return values


def unique_for_create(endpoint: str, values: dict[str, Any], number: int) -> dict[str, Any]:
    """A copy's unique fields changed, so an unchanged copy of the record may be saved as new."""
    fresh = dict(values)
    for name, value in {
        "register_number": f"FZ-{number}",
        "nik": "",
        "username": f"fuzz{number}",
        "acronym": f"FZ{number}",
        "is_current": "",
        "new_password": "Sawah-Hijau-Klaten-27",
    }.items():
        if name in fresh or (endpoint == "user" and name == "new_password"):
            fresh[name] = value
    return fresh


def stored_text_matches(app: Any, model: Any, row_id: Any, sent: dict[str, Any]) -> list[str]:
    """The text fields of the saved record that differ from what was sent (trimmed; empty = none)."""
    wrong = []
    with app.app_context():
        record = db.session.get(model, row_id)
        for column in model.__table__.columns:
            value = sent.get(column.key)
            if column.key in NORMALISED or not isinstance(column.type, (String, Text)):
                continue
            if not isinstance(value, str) or column.key in ("password_hash",):
                continue
            expected = rules.trim_text(value) or None
            stored = getattr(record, column.key)
            if stored != expected and not (expected is None and stored == ""):
                wrong.append(f"{column.key}: sent {value!r}, stored {stored!r}")
        errors = record.rule_errors()
        db.session.rollback()
    return wrong + [f"stored record breaks a rule: {errors}"] * bool(errors)


def check_one_save(app, browser, endpoint: str, url: str, values: dict, before: dict, creating: bool):
    """Post `values`; then either the whole valid record is stored, or nothing changed."""
    model, touchable = FORMS[endpoint]
    response = browser.post(url, data=values)
    assert response.status_code in (200, 302, 400), response.status_code
    page = response.get_data(as_text=True)
    assert "Traceback" not in page and "sqlalchemy" not in page.lower()
    changed = differences(before, snapshot(app))
    saved = response.status_code == 302
    if not saved:
        assert changed == {}, f"refused ({response.status_code}) but stored: {changed}"
        return
    # An edit that changes no value is saved without a write; a new record is always a write.
    assert set(changed) <= touchable and (changed or not creating), changed
    table = model.__tablename__
    if creating:
        assert len(changed[table]["added"]) == 1 and not changed[table]["removed"], changed
        [row_id] = changed[table]["added"]
    else:
        row_id = record_id_from(url)
        mine = changed.get(table, {"changed": set(), "added": set()})
        assert mine["changed"] <= {row_id} and not mine["added"], changed
    assert stored_text_matches(app, model, row_id, values) == []
    assert broken_rules(app) == []


def record_id_from(url: str) -> int:
    return int(re.search(r"id=(\d+)", url).group(1))


@pytest.mark.parametrize("endpoint", sorted(FORMS))
@given(data=st.data())
def test_a_create_form_saves_the_whole_valid_record_or_nothing(office, app, endpoint, data):
    """A new record from a copy of a real one with hostile fields: saved whole, or refused whole."""
    ids, browser = office
    base = form_values(
        browser.get(f"/admin/{endpoint}/edit/?id={record_id(ids, endpoint)}").get_data(as_text=True)
    )
    conftest.FUZZ_INPUTS["_number"] = number = conftest.FUZZ_INPUTS.get("_number", 0) + 1
    values = unique_for_create(endpoint, mutate(data, endpoint, base), number)
    values.pop("version_seen", None) if "version_seen" not in base else None
    count_input("forms")
    check_one_save(app, browser, endpoint, f"/admin/{endpoint}/new/", values, snapshot(app), creating=True)


@pytest.mark.parametrize("endpoint", sorted(FORMS))
@given(data=st.data())
def test_an_edit_form_saves_the_whole_valid_record_or_nothing(office, app, endpoint, data):
    """A real record's form sent back with hostile fields: changed whole, or not at all."""
    ids, browser = office
    url = f"/admin/{endpoint}/edit/?id={record_id(ids, endpoint)}"
    base = form_values(browser.get(url).get_data(as_text=True))
    assert base, "the edit page has a form"
    count_input("forms")
    check_one_save(app, browser, endpoint, url, mutate(data, endpoint, base), snapshot(app), creating=False)


# --- every route's query parameters ---------------------------------------------------------------

MODEL_ENDPOINTS = sorted(FORMS) + ["audit"]
PATHS = [
    path
    for endpoint in MODEL_ENDPOINTS
    for path in (
        f"/admin/{endpoint}/",
        f"/admin/{endpoint}/details/",
        f"/admin/{endpoint}/edit/",
        f"/admin/{endpoint}/new/",
        f"/admin/{endpoint}/export/csv/",
        f"/admin/{endpoint}/ajax/lookup/",
        f"/admin/{endpoint}/action/",
        f"/admin/{endpoint}/delete/",
    )
] + [
    "/admin/",
    "/admin/checklist/",
    "/admin/checklist/annex.pdf",
    "/login",
    "/logout",
    "/change-password",
    "/healthz",
]
PARAMETERS = (
    "id",
    "page",
    "page_size",
    "sort",
    "desc",
    "search",
    "url",
    "next",
    "paper",
    "name",
    "query",
    "offset",
    "rowid",
    "action",
    "flt0_0",
)


def filter_parameters(app: Any, path: str) -> tuple[str, ...]:
    """The filter parameters of the screen `path` belongs to ("flt0_waktu_smaller_than", …), sorted."""
    for view in app.extensions["admin"][0]._views:
        if path.startswith(f"/admin/{view.endpoint}/"):
            return tuple(sorted(f"flt0_{name}" for name in getattr(view, "_filter_args", None) or {}))
    return ()


def request_of(app: Any, data: Any) -> tuple[str, str, list[tuple[str, str]]]:
    """A method, a path and hostile parameters: the app's own names (some twice) and made-up ones."""
    method = data.draw(st.sampled_from(("GET", "GET", "GET", "POST")), label="method")
    path = data.draw(st.sampled_from(PATHS), label="path")
    known = PARAMETERS + filter_parameters(app, path)
    names = st.one_of(st.sampled_from(known), st.text(min_size=1, max_size=12))
    parameters = data.draw(st.lists(st.tuples(names, HOSTILE), max_size=5), label="parameters")
    return method, path, parameters


def send(browser: Any, method: str, path: str, parameters: list[tuple[str, str]]) -> Any:
    if method == "GET":
        return browser.get(path, query_string=MultiDict(parameters))
    return browser.post(path, data=MultiDict(parameters))


@settings(max_examples=ROUTE_EXAMPLES)
@given(data=st.data())
def test_no_route_answers_a_server_error_for_any_parameters_as_the_clerk(office, app, data):
    """Any path, any parameters, as the clerk: a page or a refusal, never a 500, never rules broken."""
    _, browser = office
    method, path, parameters = request_of(app, data)
    count_input("routes")
    response = send(browser, method, path, parameters)
    assert response.status_code < 500, (method, path, parameters, response.status_code)
    if response.mimetype == "text/html":
        assert "Traceback" not in response.get_data(as_text=True)
    assert broken_rules(app) == []


@settings(max_examples=ROUTE_EXAMPLES)
@given(data=st.data())
def test_a_head_changes_nothing_and_gets_no_server_error_whatever_is_sent(office, app, data):
    """Any path, any parameters, any method, as an agency head: never a 500, never a stored change."""
    ids, _ = office
    head = app.test_client()
    assert head.post("/login", data={"username": "kadinsos", "password": TEST_PASSWORD}).status_code == 302
    method, path, parameters = request_of(app, data)
    if path in ("/logout", "/change-password"):
        method = "GET"  # the head's own session and password are not what this test is about
    before = snapshot(app)
    count_input("routes")
    response = send(head, method, path, parameters)
    assert response.status_code < 500, (method, path, parameters, response.status_code)
    assert differences(before, snapshot(app)) == {}


def date_filter_parameters(app: Any, screen: str) -> set[str]:
    """The filters of `screen` that read a typed date (TypedDateFilterMixin)."""
    from admin_views.typed_fields import TypedDateFilterMixin

    view = next(view for view in app.extensions["admin"][0]._views if view.endpoint == screen)
    return {
        f"flt0_{name}"
        for name, (_, flt) in (view._filter_args or {}).items()
        if isinstance(flt, TypedDateFilterMixin)
    }


LIST_SCREENS = ("agency", "commitment", "agreement", "client", "placement", "hourlog", "user", "audit")


@settings(max_examples=ROUTE_EXAMPLES)
@given(data=st.data())
def test_every_list_filter_takes_any_value(office, app, data):
    """Each list's own filters with hostile values, one to three at once: the list or a refusal, no 500."""
    _, browser = office
    screen = data.draw(st.sampled_from(LIST_SCREENS), label="screen")
    names = filter_parameters(app, f"/admin/{screen}/")
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3), label="filters")
    dates = date_filter_parameters(app, screen)
    parameters = [
        (f"flt{position}_{name.split('_', 1)[1]}", data.draw(DATES if name in dates else HOSTILE, label=name))
        for position, name in enumerate(chosen)
    ]
    count_input("filters")
    response = browser.get(f"/admin/{screen}/", query_string=MultiDict(parameters))
    assert response.status_code in (200, 400), (screen, parameters, response.status_code)

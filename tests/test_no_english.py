"""No English where users look: every page type, for every role, read the way a person reads it.

Flask-Admin, WTForms, select2 and the date-range picker all ship English; the app speaks Indonesian.
Each page is reduced to what a person sees or hears: its text without tags, scripts and styles,
the titles, aria-labels, placeholders, button captions and confirmation questions, the labels that
Flask-Admin's scripts turn into filter menus (the JSON in the page) and the journal row template
that "Tambah" adds. None of `ENGLISH` may appear there as a whole word.

The rest is in script files: the select2 messages must come from an Indonesian locale file when
there is one, and no field or filter may use the bundled date pickers, whose calendar is English
("Su Mo Tu", "Apply", "FROM"/"TO").
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import TEST_PASSWORD, app_with, make_user
from factories import make_small_office

from models import Agency, AuditEntry, HourLog, User, db

ENGLISH = (
    "Su",
    "Mo",
    "Tu",
    "FROM",
    "TO",
    "Apply",
    "No matches found",
    "items",
    "Too Many Requests",
    "Method Not Allowed",
    "HourLog",
    "true",
    "false",
    "head_name",
    "None",
)
FOUND = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in ENGLISH) + r")\b")
# Attributes whose text a person sees (tooltips, placeholders, captions) or hears (aria-label).
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-confirm", "data-placeholder")
# The bundled pickers (daterangepicker 1.3), English only.
DATE_PICKERS = (
    "datepicker",
    "daterangepicker",
    "datetimepicker",
    "datetimerangepicker",
    "timepicker",
    "timerangepicker",
)
MODEL_VIEWS = ("agency", "commitment", "agreement", "client", "placement", "hourlog", "user", "audit")
ROLES = {
    "clerk": ("operator", "clerk", None),
    "agency_head": ("kadinsos", "head", "dinsos"),
    "bapas_head": ("kabapas", "head", "bapas"),
}


class ReadText(HTMLParser):
    """What a person reads on a page: text, read attributes, script-made labels; not code."""

    SKIPPED = ("script", "style")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.pickers: list[str] = []
        self.scripts: list[str] = []
        self.skipping = 0
        # The kind of the element being read whose text is data (JSON, or a row template as text);
        # it holds text only, so the next end tag is its own.
        self.raw: str | None = None
        self.raw_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script" and values.get("src"):
            self.scripts.append(values["src"])
        if tag in self.SKIPPED:
            self.skipping += 1
            return
        self.read_attributes(tag, values)
        classes = values.get("class", "").split()
        if "inline-field-template" in classes:
            self.raw, self.raw_text = "template", []
        elif values.get("id", "").endswith("-data") and "d-none" in classes:
            self.raw, self.raw_text = values["id"], []

    def read_attributes(self, tag: str, values: dict[str, str]) -> None:
        if values.get("data-role") in DATE_PICKERS:
            self.pickers.append(f"<{tag} data-role={values['data-role']}>")
        if tag == "input" and values.get("type") == "hidden":
            return
        self.parts.extend(values[name] for name in READ_ATTRIBUTES if values.get(name))
        if tag == "input" and values.get("type") in ("submit", "button", "reset"):
            self.parts.append(values.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.raw is not None:
            self.read_raw(self.raw, "".join(self.raw_text))
            self.raw = None

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.raw is not None:
            self.raw_text.append(data)
        else:
            self.parts.append(data)

    def read_raw(self, kind: str, text: str) -> None:
        """A journal row template (HTML as text) or the JSON that Flask-Admin's scripts show."""
        if kind == "template":
            inner = ReadText()
            inner.feed(text)
            self.parts.extend(inner.parts)
            self.pickers.extend(inner.pickers)
            return
        data = json.loads(text)
        if kind == "filter-groups-data":
            for group, filters in data.items():
                self.parts.append(group)
                for subfilter in filters:
                    self.parts.append(subfilter["operation"])
                    self.parts.extend(label for _, label in subfilter.get("options") or ())
                    if subfilter.get("type") in DATE_PICKERS:
                        self.pickers.append(f"filter {group} {subfilter['operation']}: {subfilter['type']}")
        elif kind in ("actions-confirmation-data", "message-data"):
            self.parts.extend(data.values() if isinstance(data, dict) else [data])
        # active-filters-data holds values the user typed, not the app's words.


def read(page: str) -> ReadText:
    """The page as a person reads it (and the scripts and pickers it uses)."""
    reader = ReadText()
    reader.feed(page)
    reader.close()
    return reader


def english_in(page: str) -> list[str]:
    """Each English word found, with the text around it."""
    found = []
    for part in read(page).parts:
        text = " ".join(html.unescape(part).split())
        for match in FOUND.finditer(text):
            found.append(f"{match.group(0)!r} in {text[max(0, match.start() - 40) : match.end() + 40]!r}")
    return found


@pytest.fixture
def office(app):
    """The small office, a head's name changed, a journal day corrected, a failed login (for the audit trail)."""
    with app.app_context():
        ids = make_small_office()
        agency = db.session.get(Agency, ids.dinsos)
        agency.head_name = "Dra. Sri Wahyuni, M.Si."
        db.session.get(HourLog, ids.hourlog).hours = 3.5
        db.session.commit()
        ids.audit = db.session.query(AuditEntry.id).filter_by(object_type="HourLog").limit(1).scalar()
    for username, role, agency_key in ROLES.values():
        make_user(app, username, role, getattr(ids, agency_key) if agency_key else None)
    with app.app_context():
        ids.user = db.session.query(User.id).filter_by(username="kadinsos").scalar()
    # A failed login: an audit entry about no record at all.
    app.test_client().post("/login", data={"username": "operator", "password": "bukan-kata-sandinya"})
    return ids


def logged_in(app, role: str):
    """A test client logged in as the account of `role`."""
    browser = app.test_client()
    response = browser.post("/login", data={"username": ROLES[role][0], "password": TEST_PASSWORD})
    assert response.status_code == 302
    return browser


def row_of(office, view: str) -> int:
    """The row of `view` whose details and edit pages are read."""
    return {
        "agency": office.dinsos,
        "commitment": office.commitment,
        "agreement": office.agreement,
        "client": office.child,
        "placement": office.placement,
        "hourlog": office.hourlog,
        "user": office.user,
        "audit": office.audit,
    }[view]


def pages_of(browser, office) -> dict[str, str]:
    """Every page type: home, lists (plain and filtered), details, forms (empty and refused), the rest."""
    today = date.today().strftime("%d-%m-%Y")
    gets = ["/admin/", "/admin/checklist/", "/change-password", "/logout", "/admin/tidak-ada/"]
    for view in MODEL_VIEWS:
        row = row_of(office, view)
        gets += [f"/admin/{view}/", f"/admin/{view}/details/?id={row}", f"/admin/{view}/new/"]
        gets += [f"/admin/{view}/edit/?id={row}"]
    gets += [
        "/admin/placement/?flt0_status_equals=active&flt1_tanggal_mulai_equals=02-03-2026",
        "/admin/hourlog/?flt0_tanggal_kerja_equals=03-03-2026&search=Sutrisno",
        f"/admin/audit/?flt0_waktu_equals={today}",
        f"/admin/client/details/?id={office.adult}",
        f"/admin/placement/details/?id={office.child_placement}",
    ]
    pages = {path: browser.get(path).get_data(as_text=True) for path in gets}
    for view in MODEL_VIEWS:
        pages[f"POST /admin/{view}/new/ (empty)"] = browser.post(f"/admin/{view}/new/", data={}).get_data(
            as_text=True
        )
    pages["POST /change-password (empty)"] = browser.post("/change-password", data={}).get_data(as_text=True)
    return pages


@pytest.mark.parametrize("role", list(ROLES))
def test_no_english_on_any_page_a_user_opens(app, office, role):
    """Clerk, agency head, Bapas head: every page they open (or are refused) reads Indonesian."""
    pages = pages_of(logged_in(app, role), office)
    found = {path: words for path, page in pages.items() if (words := english_in(page))}
    assert found == {}
    pickers = {path: reader.pickers for path, page in pages.items() if (reader := read(page)).pickers}
    assert pickers == {}, "a bundled (English) date picker is used"


def test_no_english_when_logged_out(app, office):
    """The login page (plain and refused), the logout and admin addresses it leads back from, a 404."""
    browser = app.test_client()
    pages = {
        "/login": browser.get("/login").get_data(as_text=True),
        "POST /login (empty)": browser.post("/login", data={}).get_data(as_text=True),
        "POST /login (wrong)": browser.post("/login", data={"username": "x", "password": "y"}).get_data(
            as_text=True
        ),
        "/logout": browser.get("/logout", follow_redirects=True).get_data(as_text=True),
        "/admin/placement/": browser.get("/admin/placement/", follow_redirects=True).get_data(as_text=True),
        "/tidak-ada": browser.get("/tidak-ada").get_data(as_text=True),
    }
    found = {path: words for path, page in pages.items() if (words := english_in(page))}
    assert found == {}


@pytest.fixture
def failing_route(app):
    """A page that fails (500), added before the app serves its first request."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/__gagal")
    def failing():
        raise RuntimeError("kesalahan uji")

    return "/__gagal"


def test_no_english_on_the_error_pages(app, failing_route, office):
    """400 (a bad address, a form without its token), 403, 404, 405 and 500 are explained in Indonesian."""
    clerk, head = logged_in(app, "clerk"), logged_in(app, "agency_head")
    responses = {
        400: clerk.get("/admin/checklist/checklist.pdf?paper=a9"),
        403: head.get("/admin/user/"),
        404: clerk.get("/admin/tidak-ada/"),
        405: clerk.post("/admin/"),
        500: clerk.get(failing_route),
    }
    app.config["WTF_CSRF_ENABLED"] = True
    responses["400 CSRF"] = clerk.post("/admin/agency/new/", data={"name": "Dinas Tanpa Token"})
    app.config["WTF_CSRF_ENABLED"] = False
    statuses = {key: response.status_code for key, response in responses.items()}
    assert statuses == {400: 400, 403: 403, 404: 404, 405: 405, 500: 500, "400 CSRF": 400}
    found = {
        key: words
        for key, response in responses.items()
        if (words := english_in(response.get_data(as_text=True)))
    }
    assert found == {}


@pytest.fixture
def limited_app(database_url, tmp_path):
    """An app with the login rate limit on, to be refused with 429."""
    with app_with(
        database_url, str(tmp_path), RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute"
    ) as application:
        yield application


def test_no_english_when_too_many_logins(limited_app):
    """429: the refusal of one login too many is explained in Indonesian."""
    browser = limited_app.test_client()
    for _ in range(2):
        browser.post("/login", data={"username": "tidak-ada", "password": "salah-salah-1"})
    refused = browser.post("/login", data={"username": "tidak-ada", "password": "salah-salah-1"})
    assert refused.status_code == 429
    assert english_in(refused.get_data(as_text=True)) == []


def test_the_scripts_the_pages_load_speak_indonesian(app, office):
    """select2's messages come from the Indonesian locale file every page with select2 loads; no English in it."""
    static = Path(app.static_folder)
    locales = sorted(
        path.name for path in static.glob("*.js") if "select2" in path.name and "locale" in path.name
    )
    assert locales, "no select2 locale file in static/: select2 would say 'No matches found'"
    clerk = logged_in(app, "clerk")
    for path in ("/admin/", "/admin/placement/new/", "/admin/placement/?flt0_status_equals=active"):
        scripts = read(clerk.get(path).get_data(as_text=True)).scripts
        loads_select2 = any("select2" in src and "locale" not in src for src in scripts)
        loaded = [src for src in scripts if any(src.endswith("/" + name) for name in locales)]
        assert loaded or not loads_select2, f"{path} loads select2 without its Indonesian messages"
    for name in locales:
        text = (static / name).read_text(encoding="utf-8")
        assert "formatNoMatches" in text
        assert not FOUND.search(" ".join(re.findall(r'"([^"\\]*)"', text))), f"English in {name}"

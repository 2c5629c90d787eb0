"""Every screen passes axe-core, for every role, idle and in use (headless Chromium, offline).

axe-core comes bundled with axe-playwright-python (requirements-dev.txt): nothing is fetched at
run time. On a small office (factories.make_small_office) each role visits every screen it can
reach: the clerk every list, details page and form; an agency head and the Bapas head what they may
read; a logged-out visitor the login and an error page. Each screen is checked as it opens and, where
it has something to use, in use: a form sent empty (its messages shown), a select2 box open with a
search that finds nothing, a journal row added on the placement form, a list filter added, a menu
open. No violation of impact "critical" or "serious" may remain; a failure lists the rule, the
elements and the address.

Every screen must also have <html lang="id">, one <main id="isi">, exactly one <h1>, and the skip link
"Langsung ke isi" as its first tab stop. The run ends with a line saying how many screens and rules
were checked. Set A11Y_SCREENSHOTS=<folder> to keep a screenshot of every state looked at.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from browser_support import chromium, log_in, requires_chromium, serve
from conftest import make_user
from factories import make_small_office

from models import AuditEntry, User, db

pytestmark = requires_chromium

BLOCKING = ("critical", "serious")
SCREENSHOTS = os.environ.get("A11Y_SCREENSHOTS")
# Model screens: (endpoint, the small office's id attribute of the row whose details/edit page is visited).
RECORDS = (
    ("agency", "dinsos"),
    ("commitment", "commitment"),
    ("agreement", "agreement"),
    ("client", "child"),
    ("placement", "placement"),
    ("hourlog", "hourlog"),
)
ROLE_NAMES = {
    "clerk": "clerk",
    "agency_head": "agency head",
    "bapas_head": "Bapas head",
    "logged_out": "logged out",
}
ROLES = {
    # role: (username, User.role, the office's agency id attribute)
    "clerk": ("operator", "clerk", None),
    "agency_head": ("kadinsos", "head", "dinsos"),
    "bapas_head": ("kabapas", "head", "bapas"),
}


@dataclass
class Tally:
    """What the module checked, for the summary line at its end."""

    screens: set[str] = field(default_factory=set)
    roles: list[str] = field(default_factory=list)
    runs: int = 0
    rules: set[str] = field(default_factory=set)
    blocking: int = 0
    version: str = ""


@pytest.fixture(scope="module")
def tally(request):
    """Counts screens and rules; prints one line at the end of the module, even when it passes."""
    counted = Tally()
    yield counted
    if not counted.runs:
        return
    line = (
        f"axe-core {counted.version}: {len(counted.screens)} screens checked in {counted.runs} states "
        f"(idle and in use; {', '.join(counted.roles)}), {len(counted.rules)} rules, "
        f"{counted.blocking} critical or serious violations"
    )
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:  # pragma: no cover - plugins disabled with -p no:…
        print(line)
        return
    # Teardown output is captured like a test's; this line is for the terminal, passed or not.
    with capture.global_and_fixture_disabled():
        reporter.ensure_newline()
        reporter.write_line(line)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def office(app):
    """The small office and one account per role; ids of what the screens show."""
    # The browser may keep the stylesheets and scripts between pages (a hundred page loads).
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
    with app.app_context():
        ids = make_small_office()
    for username, role, agency in ROLES.values():
        make_user(app, username, role, getattr(ids, agency) if agency else None)
    with app.app_context():
        ids.user = db.session.query(User.id).filter_by(username="kadinsos").scalar()
    return ids


class Checker:
    """Runs axe on a page's states and keeps what fails, with where."""

    def __init__(self, page: Any, server: str, tally: Tally, role: str) -> None:
        from axe_playwright_python.base import AXE_SCRIPT

        self.page = page
        self.server = server
        self.tally = tally
        self.role = role
        self.axe_script = AXE_SCRIPT
        self.failures: list[str] = []
        tally.roles.append(ROLE_NAMES[role])

    def open(self, path: str) -> None:
        """Go to `path`, check its structure and its idle state."""
        self.page.goto(self.server + path)
        self.page.wait_for_load_state("load")
        self.structure(path)
        self.check(path, "idle")

    def structure(self, path: str) -> None:
        """lang="id", one <main id="isi">, one <h1>, the skip link first in the tab order."""
        found = self.page.evaluate(
            """() => {
                const focusable = document.querySelector(
                    'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])');
                return {
                    lang: document.documentElement.lang,
                    mains: document.querySelectorAll('main').length,
                    main: (document.querySelector('main') || {}).id,
                    h1: Array.from(document.querySelectorAll('h1')).map(h => h.innerText.trim()),
                    first: focusable ? [focusable.className, focusable.getAttribute('href'), focusable.innerText] : null,
                };
            }"""
        )
        expected = {"lang": "id", "mains": 1, "main": "isi"}
        problems = [f"{key}={found[key]!r}" for key, value in expected.items() if found[key] != value]
        if len(found["h1"]) != 1 or not found["h1"][0]:
            problems.append(f"h1={found['h1']!r}")
        if found["first"] != ["skip-link", "#isi", "Langsung ke isi"]:
            problems.append(f"first tab stop={found['first']!r}")
        if problems:
            self.failures.append(f"{self.role} {path}: structure: {', '.join(problems)}")

    def check(self, path: str, state: str) -> None:
        """Run axe on the page as it is now (injected once per page load, not once per state)."""
        if self.page.evaluate("() => typeof window.axe === 'undefined'"):
            self.page.evaluate(self.axe_script)
        response = self.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        self.tally.runs += 1
        self.tally.screens.add(re.sub(r"id=\d+", "id=…", path.split("&")[0]))
        self.tally.version = response.get("testEngine", {}).get("version", "")
        for kind in ("passes", "violations", "incomplete", "inapplicable"):
            self.tally.rules.update(rule["id"] for rule in response.get(kind, ()))
        for violation in response["violations"]:
            if violation["impact"] in BLOCKING:
                self.tally.blocking += 1
                targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:6])
                self.failures.append(
                    f"{self.role} {self.page.url} [{state}]: {violation['id']} ({violation['impact']}): "
                    f"{violation['help']} → {targets}"
                )
        if SCREENSHOTS:
            name = re.sub(r"[^a-z0-9]+", "_", f"{self.role} {path} {state}".lower()).strip("_")
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)

    def submit_empty(self, path: str) -> None:
        """Send the page's form cleared of what can be cleared, past the browser's own checks: the server's messages show."""
        self.page.evaluate(
            """() => {
                document.querySelectorAll('main form').forEach(form => { form.noValidate = true; });
                document.querySelectorAll('main form input[type=text], main form input[type=password],'
                    + ' main form input[type=number], main form textarea').forEach(input => { input.value = ''; });
            }"""
        )
        with self.page.expect_navigation():
            self.page.locator("main form [type=submit]").first.click()
        self.check(path, "sent empty")

    def open_select2(self, path: str) -> None:
        """Open the form's first select2 box and search for what is not there."""
        box = self.page.locator("main form .select2-container").first
        box.locator(".select2-choice, .select2-choices").first.click()
        search = self.page.locator(".select2-drop-active input.select2-input")
        search.fill("zzzz tidak ada")
        self.page.wait_for_selector(".select2-drop-active .select2-no-results")
        shown = self.page.inner_text(".select2-drop-active")
        if "No matches found" in shown:
            self.failures.append(f"{self.role} {path}: select2 says {shown!r}")
        self.check(path, "select2 open")
        self.page.keyboard.press("Escape")

    def add_filter(self, path: str, name: str, operation: str | None = None) -> None:
        """Add the list filter `name` from the "Tambah Filter" menu, with another `operation` if given."""
        self.page.click("main a.dropdown-toggle:has-text('Tambah Filter')")
        self.page.click(f"main .field-filters a.filter:text-is('{name}')")
        self.page.wait_for_selector("table.filters tr")
        if operation:
            self.page.locator("table.filters tr").last.locator(".select2-choice").first.click()
            self.page.click(f".select2-drop-active .select2-result-label:text-is('{operation}')")
            self.page.wait_for_selector("table.filters tr:last-child .select2-container-multi")
        self.check(path, f"filter {name} {operation or ''} added")

    def open_menu(self, path: str, text: str) -> None:
        """Open a dropdown of the page by its visible text."""
        self.page.click(f"a.dropdown-toggle:has-text('{text}')")
        self.check(path, f"menu {text} open")
        self.page.keyboard.press("Escape")

    def skip_link_moves_focus(self, path: str) -> None:
        """The first Tab reaches "Langsung ke isi"; Enter moves the focus into <main>."""
        self.page.goto(self.server + path)
        self.page.keyboard.press("Tab")
        focused = self.page.evaluate(
            "() => [document.activeElement.className, document.activeElement.innerText]"
        )
        self.page.keyboard.press("Enter")
        landed = self.page.evaluate("() => document.activeElement.id")
        if focused != ["skip-link", "Langsung ke isi"] or landed != "isi":
            self.failures.append(
                f"{self.role} {path}: skip link: first Tab {focused!r}, then focus on {landed!r}"
            )
        if SCREENSHOTS:
            self.page.goto(self.server + path)
            self.page.keyboard.press("Tab")
            self.page.screenshot(path=str(Path(SCREENSHOTS) / f"{self.role}_skip_link.png"))
            for _ in range(3):
                self.page.keyboard.press("Tab")
            self.page.screenshot(path=str(Path(SCREENSHOTS) / f"{self.role}_focus_in_menu.png"))

    def report(self) -> str:
        """Every problem found, one per line, for the assertion message."""
        return f"{len(self.failures)} problems:\n" + "\n".join(self.failures)


def visit_as(browser: Any, server: str, tally: Tally, role: str) -> Checker:
    """A new browser context for `role`, logged in unless the role is "logged_out"."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    if role in ROLES:
        log_in(page, server, ROLES[role][0])
    return Checker(page, server, tally, role)


def audit_entry_id(app) -> int:
    """The newest entry of the audit trail."""
    with app.app_context():
        return db.session.query(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1).scalar()


def test_the_clerks_screens_have_no_serious_violation(app, office, browser, tally):
    """The clerk: home, every list, details, create and edit, checklist, audit, password, errors."""
    with serve(app) as server:
        check = visit_as(browser, server, tally, "clerk")
        check.skip_link_moves_focus("/admin/")
        check.open("/admin/")
        check.open_menu("/admin/", "Kesepakatan")
        for endpoint, row in (*RECORDS, ("user", "user")):
            row_id = getattr(office, row)
            check.open(f"/admin/{endpoint}/")
            check.open(f"/admin/{endpoint}/details/?id={row_id}")
            check.open(f"/admin/{endpoint}/edit/?id={row_id}")
            check.open(f"/admin/{endpoint}/new/")
            check.submit_empty(f"/admin/{endpoint}/new/")
        check.open("/admin/placement/")
        check.add_filter("/admin/placement/", "Status")
        check.add_filter("/admin/placement/", "Tanggal mulai")
        check.add_filter("/admin/placement/", "Instansi", "dalam daftar")
        check.open_menu("/admin/placement/", "baris")
        check.open("/admin/placement/new/")
        check.open_select2("/admin/placement/new/")
        edit = f"/admin/placement/edit/?id={office.placement}"
        check.open(edit)
        check.page.click("[data-inline-add]")
        check.page.wait_for_selector(".inline-field.fresh input:not([type=hidden])")
        check.check(edit, "journal row added")
        unlabelled = check.page.evaluate(
            """() => Array.from(document.querySelectorAll('.inline-field.fresh input:not([type=hidden])'))
                .filter(input => !input.labels.length).map(input => input.id)"""
        )
        if unlabelled:
            check.failures.append(f"clerk {edit}: new journal row fields without a label: {unlabelled}")
        check.open("/admin/audit/")
        check.add_filter("/admin/audit/", "Waktu")
        check.open(f"/admin/audit/details/?id={audit_entry_id(app)}")
        check.open("/admin/checklist/")
        check.open("/change-password")
        check.submit_empty("/change-password")
        check.open("/logout")
        check.open("/admin/tidak-ada/")
        check.page.context.close()
    assert not check.failures, check.report()


@pytest.mark.parametrize("role", ["agency_head", "bapas_head"])
def test_a_heads_screens_have_no_serious_violation(app, office, browser, tally, role):
    """A head: home, every list and details page they may read, checklist, password, 403 and 404."""
    with serve(app) as server:
        check = visit_as(browser, server, tally, role)
        check.skip_link_moves_focus("/admin/")
        check.open("/admin/")
        for endpoint, row in RECORDS:
            check.open(f"/admin/{endpoint}/")
            check.open(f"/admin/{endpoint}/details/?id={getattr(office, row)}")
        check.open(f"/admin/client/details/?id={office.adult}")
        check.open(f"/admin/placement/details/?id={office.child_placement}")
        check.open("/admin/placement/")
        check.add_filter("/admin/placement/", "Status")
        check.open("/admin/checklist/")
        check.open("/admin/audit/")  # refused: the error page
        check.open("/change-password")
        check.submit_empty("/change-password")
        check.open("/admin/tidak-ada/")
        check.page.context.close()
    assert not check.failures, check.report()


def test_the_logged_out_screens_have_no_serious_violation(app, browser, tally):
    """Logged out: the login page, idle and with its messages, and an error page."""
    with serve(app) as server:
        check = visit_as(browser, server, tally, "logged_out")
        check.skip_link_moves_focus("/login")
        check.open("/login")
        check.submit_empty("/login")
        check.open("/tidak-ada")
        check.page.context.close()
    assert not check.failures, check.report()

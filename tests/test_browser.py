"""The admin screens work in a real browser under the Content-Security-Policy (headless Chromium).

Only a browser runs the JavaScript that the CSP could block: the delete confirmation, the bulk
actions, the select boxes and the inline journal rows.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from conftest import TEST_PASSWORD, make_user
from factories import make_agency, make_commitment
from sqlalchemy import select
from werkzeug.serving import make_server

from models import Agency, db

CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM = next((path for path in CHROMIUM_CANDIDATES if Path(path).exists()), shutil.which("chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-extensions",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium); .ci/run installs it"
)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module (Debian's, never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def server(app):
    """The app served on a free local port in a thread, for the length of one test."""
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join()


@pytest.fixture
def page(app, server, browser):
    """A logged-in clerk's page that records every CSP violation the browser reports."""
    make_user(app, "operator")
    context = browser.new_context()
    tab = context.new_page()
    tab.violations = []
    tab.on(
        "console",
        lambda message: tab.violations.append(message.text)
        if "Content Security Policy" in message.text and "javascript:" not in message.text
        else None,
    )
    tab.goto(f"{server}/login")
    tab.fill("#username", "operator")
    tab.fill("#password", TEST_PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{server}/admin/")
    yield tab
    context.close()


def agency_names(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(Agency.name).order_by(Agency.name)).all()


def test_delete_button_asks_first_and_deletes_on_yes(app, server, page):
    """The trash button asks 'Yakin ingin menghapus data ini?'; 'no' keeps, 'yes' deletes."""
    with app.app_context():
        make_agency(name="Dinas Hapus Saya", acronym="HAPUS")
    page.goto(f"{server}/admin/agency/")
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.click("form[action='/admin/agency/delete/'] button")
    assert questions == ["Yakin ingin menghapus data ini?"]
    assert agency_names(app) == ["Dinas Hapus Saya"]
    page.once("dialog", lambda dialog: answer(dialog, True))
    with page.expect_navigation():
        page.click("form[action='/admin/agency/delete/'] button")
    assert agency_names(app) == []
    assert "Data berhasil dihapus." in page.content() or "berhasil dihapus" in page.content()
    assert page.violations == []


def test_bulk_delete_runs_from_the_actions_menu(app, server, page):
    """Ticking a row and choosing 'Dengan yang dipilih → Hapus' deletes it after confirmation."""
    with app.app_context():
        make_agency(name="Dinas Massal", acronym="MASSAL")
    page.goto(f"{server}/admin/agency/")
    page.check("input.action-checkbox")
    page.click("text=Dengan yang dipilih")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("[data-model-action='delete']")
    assert agency_names(app) == []
    assert page.violations == []


def test_placement_form_widgets_work(app, server, page):
    """The placement form's select boxes and the 'add journal row' button work under the CSP."""
    with app.app_context():
        make_commitment()
    page.goto(f"{server}/admin/placement/new/")
    assert page.locator(".select2-container").count() >= 4
    rows_before = page.locator("input[name$='-work_date']").count()
    page.click("text=Tambah Jurnal kerja")
    assert page.locator("input[name$='-work_date']").count() == rows_before + 1
    assert page.violations == []


def test_dates_typed_by_keyboard_are_saved_as_meant(app, server, page):
    """Typed at normal speed, no date is rewritten: the client and a journal day hold the days meant."""
    from datetime import date

    from factories import make_placement

    from models import Client, HourLog

    with app.app_context():
        placement_id = make_placement(start_date=date(2026, 3, 2), end_date=date(2026, 8, 31)).id
    page.goto(f"{server}/admin/client/new/")
    typed = {
        "#register_number": "D-2026-777",
        "#full_name": "Sutrisno Wibowo",
        "#birth_date": "17-05-1990",
        "#offence": "Pencurian ringan",
        "#offence_date": "20 Januari 2026",
        "#ruling_date": "10/02/2026",
    }
    for selector, text in typed.items():
        page.click(selector)
        page.keyboard.type(text, delay=20)
        page.keyboard.press("Tab")
    for dropdown, value in (
        ("#sex", "L"),
        ("#category", "dewasa"),
        ("#legal_basis", "pidana_kerja_sosial"),
        ("#status", "active"),
    ):
        page.eval_on_selector(dropdown, "(element, value) => { element.value = value; }", value)
    assert page.input_value("#birth_date") == "17-05-1990"  # nothing rewrote it while typing
    with page.expect_navigation():
        page.click("input[type=submit][value='Simpan']")
    page.goto(f"{server}/admin/hourlog/new/")
    page.eval_on_selector("#placement", "(element, value) => { element.value = value; }", str(placement_id))
    page.click("#work_date")
    page.keyboard.type("2026-03-03", delay=20)
    page.click("#hours")
    page.keyboard.type("4", delay=20)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with app.app_context():
        client = db.session.scalar(select(Client).where(Client.register_number == "D-2026-777"))
        assert (client.birth_date, client.offence_date, client.ruling_date) == (
            date(1990, 5, 17),
            date(2026, 1, 20),
            date(2026, 2, 10),
        )
        assert db.session.scalar(select(HourLog.work_date)) == date(2026, 3, 3)
    assert page.violations == []


def test_one_more_journal_day_takes_two_page_loads_and_no_dropdown(app, server, page):
    """From a placement's page: "Catat jurnal", type the hours, "Simpan dan Tambah Lagi": two loads, day saved."""
    from datetime import date

    from factories import make_log, make_placement

    from models import HourLog

    with app.app_context():
        placement = make_placement(hours_ordered=60, start_date=date(2026, 3, 2))
        make_log(placement, work_date=date(2026, 3, 2), hours=4.0)
        placement_id = placement.id
    page.goto(f"{server}/admin/placement/details/?id={placement_id}")
    loads = []
    page.on("load", lambda loaded: loads.append(loaded.url))
    with page.expect_navigation():
        page.click("#log-journal")
    assert page.input_value("#work_date") == "03-03-2026"
    page.click("#hours")
    page.keyboard.type("7,5")
    with page.expect_navigation():
        page.click("input[type=submit][name='_add_another']")
    assert len(loads) == 2, loads
    assert page.locator("select").count() == 0 or page.locator("#placement").count() == 0
    assert page.input_value("#work_date") == "04-03-2026"
    assert "Jam terpenuhi: 11,5" in " ".join(page.inner_text("#fixed-placement").split())
    with app.app_context():
        assert db.session.scalar(select(HourLog.hours).where(HourLog.work_date == date(2026, 3, 3))) == 7.5
    assert page.violations == []

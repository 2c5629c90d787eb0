"""The admin screens work in a real browser under the Content-Security-Policy (headless Chromium).

Only a browser runs the JavaScript that the CSP could block: the delete confirmation, the bulk
actions, the select boxes and the inline journal rows.
"""

from __future__ import annotations

import pytest
from browser_support import chromium, requires_chromium, serve
from conftest import TEST_PASSWORD, make_user
from factories import make_agency, make_commitment
from sqlalchemy import select

from models import Agency, db

pytestmark = requires_chromium


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module (Debian's, never a downloaded one)."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def server(app):
    """The app served on a free local port in a thread, for the length of one test."""
    with serve(app) as url:
        yield url


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
    """The trash button asks first, naming the record; 'no' keeps, 'yes' deletes."""
    with app.app_context():
        make_agency(name="Dinas Hapus Saya", acronym="HAPUS")
    page.goto(f"{server}/admin/agency/")
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.click("form[action='/admin/agency/delete/'] button")
    assert questions == [
        "Hapus instansi \u201cDinas Hapus Saya (HAPUS)\u201d? Data yang dihapus tidak dapat dikembalikan."
    ]
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


def test_placement_form_pickers_search_and_follow_the_agency(app, server, page):
    """Type a client's name in the search picker and pick it; choose an agency by keyboard and see only
    its work-plan lines (with the places left); save. select2 speaks Indonesian throughout."""
    from factories import make_client, make_placement

    from models import Placement

    with app.app_context():
        dinsos, dlh = make_agency(acronym="DINSOS"), make_agency(acronym="DLH")
        make_commitment(agency=dinsos, activity="Membersihkan panti", capacity=3)
        make_placement(commitment=make_commitment(agency=dlh, activity="Taman kota", capacity=2))
        client_id = make_client(full_name="Rahmat Hidayat", register_number="D-2026-777").id

    def choose(select_id: str, typed: str) -> None:
        page.click(f"#s2id_{select_id} a.select2-choice")
        page.keyboard.type(typed)
        page.keyboard.press("Enter")

    def work_plan() -> list[str]:
        return page.eval_on_selector_all("#commitment option", "options => options.map(o => o.textContent)")

    page.goto(f"{server}/admin/placement/new/")
    assert work_plan() == ["— pilih —"]  # no agency chosen yet
    page.click("#s2id_client a.select2-choice")
    page.keyboard.type("R")
    assert page.inner_text(".select2-drop-active .select2-no-results") == "Ketik 1 karakter lagi"
    page.keyboard.type("ahmat")
    page.wait_for_selector(".select2-drop-active .select2-result-label:has-text('Rahmat Hidayat')")
    page.keyboard.press("Enter")
    assert page.input_value("#client") == str(client_id)
    choose("agency", "DLH")
    assert work_plan() == ["— pilih —", "DLH: Taman kota (sisa 1 dari 2 tempat)"]
    choose("agency", "DINSOS")
    assert work_plan() == ["— pilih —", "DINSOS: Membersihkan panti (sisa 3 dari 3 tempat)"]
    choose("commitment", "panti")
    choose("kind", "Kerja sosial")
    choose("status", "Berjalan")
    for field, typed in (
        ("#start_date", "02-03-2026"),
        ("#end_date", "31-08-2026"),
        ("#hours_ordered", "60"),
    ):
        page.fill(field, typed)
    with page.expect_navigation():
        page.click("input[type=submit].btn-primary")
    with app.app_context():
        saved = db.session.scalar(select(Placement).where(Placement.client_id == client_id))
        assert (saved.agency.acronym, saved.commitment.activity) == ("DINSOS", "Membersihkan panti")
    page.goto(f"{server}/admin/placement/new/")
    page.click("#s2id_client a.select2-choice")
    page.keyboard.type("tidak ada")
    page.wait_for_selector(".select2-drop-active .select2-no-results:has-text('Tidak ada yang cocok')")
    assert page.violations == []


def test_a_delegation_typed_on_the_agency_form_prints_a_n_in_the_lampiran(app, server, page):
    """The clerk names the Sekda as the Pemkab's signatory by keyboard, then downloads the Lampiran:
    its signature block reads "a.n. BUPATI KLATEN" over the Sekda's position, pangkat and grouped NIP."""
    import io

    from factories import make_agreement
    from pypdf import PdfReader

    with app.app_context():
        make_agreement()
        pemkab = make_agency(
            name="Pemerintah Kabupaten Klaten", kind="pemda", signs_agreement=True, head_title="Bupati Klaten"
        )
        make_commitment(agency=make_agency(name="Dinas Sosial Kabupaten Klaten"))
        pemkab_id = pemkab.id
    page.goto(f"{server}/admin/agency/edit/?id={pemkab_id}")
    typed = {
        "#signatory_name": "Drs. Jaka Santosa, M.Si.",
        "#signatory_title": "Sekretaris Daerah Kabupaten Klaten",
        "#signatory_nip": "19680512 199003 1 004",
        "#signatory_rank": "Pembina Utama Madya (IV/d)",
        "#delegation_number": "180/12/2026",
        "#delegation_date": "02-11-2026",
    }
    for selector, text in typed.items():
        page.click(selector)
        page.keyboard.type(text, delay=5)
        page.keyboard.press("Tab")
    page.click("#s2id_delegation_basis a.select2-choice")
    page.keyboard.type("Surat kuasa")
    page.keyboard.press("Enter")
    assert page.input_value("#delegation_basis") == "surat_kuasa"
    with page.expect_navigation():
        page.click("input[type=submit][value='Simpan']")
    assert "Data belum disimpan" not in page.content()
    page.goto(f"{server}/admin/checklist/")
    # The link opens the PDF in the browser's viewer; fetched with the same session, as the viewer does.
    link = page.get_attribute("a[href*='annex.pdf']", "href")
    printed = page.context.request.get(f"{server}{link}" if link.startswith("/") else link)
    assert printed.status == 200 and printed.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(printed.body())).pages
    text = " ".join(" ".join(pdf_page.extract_text().split()) for pdf_page in pages)
    assert "a.n. BUPATI KLATEN SEKRETARIS DAERAH KABUPATEN KLATEN, Drs. Jaka Santosa, M.Si." in text
    assert "Pembina Utama Madya (IV/d) NIP. 19680512 199003 1 004" in text
    assert page.violations == []

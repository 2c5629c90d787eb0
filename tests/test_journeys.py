"""A working day in a real browser (Debian's Chromium), on the Klaten seed, with the README's screenshots.

The clerk registers an adult and a child, places each, logs three days of work by keyboard (the
dates typed, in each format the forms read), watches the remaining hours fall, fixes a party from
the signing checklist and lands back on it, and prints the three documents. An agency head opens
their home page, finds their child masked, sees no control that writes, and a forged save is
refused. The screenshots of docs/screenshots/ are taken here, so the README shows the current screens.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from browser_support import chromium, requires_chromium, serve
from conftest import TEST_PASSWORD, make_user
from sqlalchemy import select

from models import Agency, Client, HourLog, Placement, db
from seed import load_seed

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ADULT = "Slamet Riyadi"
CHILD = "Dimas Prasetyo"

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
def klaten(app) -> dict[str, Any]:
    """The Klaten seed (agencies, work plan, agreement, demo clients), a clerk and the Dinas Sosial head."""
    with app.app_context():
        load_seed(db.session, demo=True)
        db.session.commit()
        dinsos = db.session.scalar(select(Agency).where(Agency.acronym == "DINSOS-P3AKB"))
        dinsos_id = dinsos.id
    make_user(app, "operator")
    make_user(app, "kadinsos", "head", dinsos_id)
    return {"dinsos": dinsos_id}


def open_page(browser, server, username: str):
    """A new tab, logged in as `username`, that fails the test on any script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.goto(f"{server}/login")
    tab.fill("#username", username)
    tab.fill("#password", TEST_PASSWORD)
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    return tab


def screenshot(page, name: str) -> None:
    """Save the screen as docs/screenshots/<name>.png (shown in the README)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def type_into(page, selector: str, text: str) -> None:
    """Click a field, clear it and type `text` key by key, as a person does."""
    page.click(selector)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text, delay=15)


def pick(page, field_id: str, typed: str, expected: str | None = None) -> None:
    """Choose in a select2 picker: open it, type `typed`, wait for `expected` among the results, choose it."""
    expected = expected or typed
    page.click(f"#s2id_{field_id}")
    drop = page.locator(".select2-drop-active:visible")
    drop.locator("input.select2-input").type(typed, delay=20)
    match = drop.locator(".select2-result-selectable", has_text=expected).first
    match.wait_for()
    if expected in (drop.locator(".select2-highlighted").inner_text() or ""):
        page.keyboard.press("Enter")
    else:
        match.click()
    chosen = page.locator(f"#s2id_{field_id} .select2-chosen")
    page.wait_for_function(
        "([element, text]) => element.textContent.includes(text)", arg=[chosen.element_handle(), expected]
    )


def save(page, button: str = "Simpan") -> None:
    """Press a form's save button and wait for the next page."""
    with page.expect_navigation():
        page.click(f"input[type=submit][value='{button}']")


def assert_saved(page) -> None:
    """The page says the save succeeded; otherwise the test fails showing what the page said."""
    said = page.locator(".alert, .invalid-feedback, .help-block, .form-text.text-danger").all_inner_texts()
    assert any("berhasil" in text for text in said), (page.url, said)


def register_client(page, server, fields: dict[str, str], choices: dict[str, str]) -> None:
    page.goto(f"{server}/admin/client/new/")
    for field, text in fields.items():
        type_into(page, f"#{field}", text)
    for field, label in choices.items():
        pick(page, field, label)


def test_the_clerks_day(app, server, browser, klaten):
    """Register, place, log three days by keyboard, fix the checklist and print: as a clerk does."""
    page = open_page(browser, server, "operator")
    screenshot(page, "beranda-petugas")

    # --- register an adult and a child ------------------------------------------------------------
    register_client(
        page,
        server,
        {
            "register_number": "D-2026-901",
            "full_name": ADULT,
            "nik": "3310 1214 0388 0003",
            "birth_date": "24/11/1988",
            "offence": "Pencurian ringan",
            "offence_date": "2026-09-14",
            "ruling_date": "24 Oktober 2026",
        },
        {"sex": "Laki-laki", "category": "Dewasa", "legal_basis": "Pidana kerja sosial"},
    )
    screenshot(page, "klien-baru")
    save(page)
    assert_saved(page)

    register_client(
        page,
        server,
        {
            "register_number": "A-2026-901",
            "full_name": CHILD,
            "birth_date": "12-03-2010",
            "offence": "Perusakan barang",
        },
        {"sex": "Laki-laki", "category": "Anak", "legal_basis": "Pidana pelayanan masyarakat"},
    )
    # The offence date from the calendar (mouse), Senin first and in Indonesian.
    page.click("#offence_date")
    page.click(".calendar-group:has(#offence_date) .calendar-toggle")
    assert page.inner_text(".calendar-popup thead").split() == [
        "Sen",
        "Sel",
        "Rab",
        "Kam",
        "Jum",
        "Sab",
        "Min",
    ]
    page.click(".calendar-popup button[aria-label='Bulan sebelumnya']")
    page.click(".calendar-popup button[aria-label='5 Oktober 2026']")
    assert page.input_value("#offence_date") == "05-10-2026"
    type_into(page, "#ruling_date", "2/11/2026")
    save(page)
    assert_saved(page)

    with app.app_context():
        adult = db.session.scalar(select(Client).where(Client.register_number == "D-2026-901"))
        child = db.session.scalar(select(Client).where(Client.register_number == "A-2026-901"))
        assert (adult.nik, adult.birth_date, adult.offence_date, adult.ruling_date) == (
            "3310121403880003",
            date(1988, 11, 24),
            date(2026, 9, 14),
            date(2026, 10, 24),
        )
        assert (child.birth_date, child.offence_date, child.ruling_date) == (
            date(2010, 3, 12),
            date(2026, 10, 5),
            date(2026, 11, 2),
        )

    # --- place each -----------------------------------------------------------------------------
    place(
        page, server, ADULT, "kerja sosial di panti", "Kerja sosial", "02-11-2026", "31 Desember 2026", "40"
    )
    screenshot(page, "penempatan-baru")
    save(page)
    assert_saved(page)
    place(page, server, CHILD, "Konseling keluarga", "Pelayanan masyarakat", "2026-11-02", "31/01/2027", "21")
    save(page)
    assert_saved(page)
    with app.app_context():
        placements = {
            placement.client.full_name: placement
            for placement in db.session.scalars(select(Placement).join(Placement.client))
            if placement.client.full_name in (ADULT, CHILD)
        }
        assert {
            name: (p.agency.acronym, p.start_date, p.hours_ordered) for name, p in placements.items()
        } == {
            ADULT: ("DINSOS-P3AKB", date(2026, 11, 2), 40),
            CHILD: ("DINSOS-P3AKB", date(2026, 11, 2), 21),
        }
        adult_placement = placements[ADULT].id
        child_placement = placements[CHILD].id

    # --- three days of work, by keyboard, from "Catat jurnal" --------------------------------------
    page.goto(f"{server}/admin/placement/details/?id={adult_placement}")
    with page.expect_navigation():
        page.click("#log-journal")
    remaining = []
    for typed_day, hours, button in (
        ("02-11-2026", "4", "Simpan dan Tambah Lagi"),
        ("3 November 2026", "7,5", "Simpan dan Tambah Lagi"),
        ("2026-11-04", "6", "Simpan"),
    ):
        remaining.append(shown_remaining(page))
        type_into(page, "#work_date", typed_day)
        page.keyboard.press("Tab")
        page.keyboard.type(hours)
        page.keyboard.press("Tab")
        page.keyboard.type("Membersihkan halaman panti")
        if len(remaining) == 2:
            screenshot(page, "jurnal-kerja")
        save(page, button)
        assert_saved(page)
    assert remaining == ["40", "36", "28,5"]
    with app.app_context():
        logged = db.session.execute(
            select(HourLog.work_date, HourLog.hours)
            .where(HourLog.placement_id == adult_placement)
            .order_by(HourLog.work_date)
        ).all()
        assert [tuple(row) for row in logged] == [
            (date(2026, 11, 2), 4.0),
            (date(2026, 11, 3), 7.5),
            (date(2026, 11, 4), 6.0),
        ]
    # A day typed into a new journal row on the child's placement form.
    page.goto(f"{server}/admin/placement/edit/?id={child_placement}")
    page.click("text=Tambah Jurnal kerja")
    type_into(page, "input[name='hour_logs-0-work_date']", "05/11/2026")
    type_into(page, "input[name='hour_logs-0-hours']", "2,5")
    save(page)
    assert_saved(page)
    with app.app_context():
        assert db.session.execute(
            select(HourLog.work_date, HourLog.hours).where(HourLog.placement_id == child_placement)
        ).all() == [(date(2026, 11, 5), 2.5)]

    page.goto(f"{server}/admin/placement/details/?id={adult_placement}")
    assert "22,5" in page.inner_text("main")
    screenshot(page, "penempatan-rincian")

    # --- fix a party from the checklist and land back on it ------------------------------------------
    page.goto(f"{server}/admin/checklist/")
    screenshot(page, "daftar-periksa")
    # The Pemkab has not initialled the pages yet: its "paraf" cell links to the agency's form.
    paraf = page.locator("tr[data-party='PEMKAB'] td[data-item='paraf']")
    assert paraf.get_attribute("data-state") == "missing"
    with page.expect_navigation():
        paraf.locator("a").click()
    assert "/admin/agency/edit/" in page.url
    page.check("#paraf_done")
    save(page)
    assert page.url.startswith(f"{server}/admin/checklist/"), page.url
    assert_saved(page)
    assert page.locator("tr[data-party='PEMKAB'] td[data-item='paraf']").get_attribute("data-state") == "done"

    # --- print the three documents ----------------------------------------------------------------
    for label, words in (
        ("Cetak daftar periksa", "DAFTAR PERIKSA"),
        ("Cetak lampiran", "LAMPIRAN"),
        ("Cetak daftar hadir", "DAFTAR HADIR"),
    ):
        href = page.get_attribute(f"a:has-text('{label}')", "href")
        response = page.request.get(f"{server}{href}")
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
        assert words in pdf_text(response.body()).upper()
    assert page.errors == []


def place(page, server, client: str, line: str, kind: str, start: str, end: str, hours: str) -> None:
    """Fill the placement form: client found by name, the agency, one of its work-plan lines, dates typed."""
    page.goto(f"{server}/admin/placement/new/")
    pick(page, "client", client.split()[0], client)
    pick(page, "agency", "DINSOS")
    pick(page, "commitment", line)
    pick(page, "kind", kind)
    type_into(page, "#start_date", start)
    type_into(page, "#end_date", end)
    type_into(page, "#hours_ordered", hours)
    pick(page, "status", "Berjalan")


def shown_remaining(page) -> str:
    """The remaining hours the journal form shows for its placement."""
    text = " ".join(page.inner_text("#fixed-placement").split())
    match = re.search(r"Sisa jam: ([\d,]+)", text)
    assert match, text
    return match.group(1)


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, as pdftotext (poppler) reads it; pypdf when poppler is absent."""
    try:
        return subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
    except FileNotFoundError:
        import io

        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_an_agency_heads_day(app, server, browser, klaten):
    """Home page with their agency first, a child masked, no control that writes, a forged save refused."""
    with app.app_context():
        child = db.session.scalar(
            select(Client)
            .join(Client.placements)
            .where(Client.category == "anak", Placement.agency_id == klaten["dinsos"])
        )
        assert child is not None, "the seed places a child with the Dinas Sosial"
        child_name, register = child.full_name, child.register_number
    page = open_page(browser, server, "kadinsos")
    home = page.inner_text("main")
    assert "Dinas Sosial" in home and child_name not in home
    screenshot(page, "beranda-kepala-instansi")

    page.goto(f"{server}/admin/placement/")
    listing = page.inner_text("main")
    assert register in listing and child_name not in listing
    initials = " ".join(f"{part[0]}." for part in child_name.split())
    assert f"{initials} ({register})" in listing
    screenshot(page, "penempatan-kepala-instansi")
    for write_control in (
        "a[href*='/new/']",
        "a[href*='/edit/']",
        "form[action*='/delete/']",
        "a[title='Catat jurnal']",
        "[data-model-action]",
    ):
        assert page.locator(write_control).count() == 0, write_control

    token = page.get_attribute("#logout-form input[name=csrf_token]", "value")
    forged = page.request.post(
        f"{server}/admin/placement/new/",
        form={"csrf_token": token, "client": "1", "agency": str(klaten["dinsos"]), "kind": "layanan"},
        max_redirects=0,
    )
    assert forged.status == 403
    assert "tidak berhak" in forged.text().lower() or "akses" in forged.text().lower()
    with app.app_context():
        assert (
            db.session.scalar(select(Placement).where(Placement.kind == "layanan", Placement.client_id == 1))
            is None
        )
    assert page.errors == []

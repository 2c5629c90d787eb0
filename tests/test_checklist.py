"""The signing checklist on screen and the three printed documents (read back from the PDF)."""

from __future__ import annotations

import html
import io
import re

import pytest
from conftest import TEST_PASSWORD, make_user
from factories import make_agency, make_agreement, make_commitment
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlalchemy import select

from documents import ANNEX_STATUSES, DONE, MISSING, NOT_APPLICABLE, build_checklist
from indonesian import ordinal
from models import PAGE_SIZES_MM, Agency, AuditEntry, Client, Commitment, db
from printing import BODY_FONT, BOLD_FONT, register_fonts
from rules import INDICATOR_MAX_LENGTH

DOCUMENTS = ("checklist.pdf", "annex.pdf", "attendance.pdf")
MM = 72 / 25.4


def pdf_pages(response) -> list[str]:
    """The text of each page, whitespace collapsed (cells wrap lines anywhere)."""
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def page_size_mm(response) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(response.data)).pages[0].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)


def squeeze(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def agencies(seeded):
    with seeded.app_context():
        return db.session.scalars(select(Agency)).all()


def test_checklist_screen_counts_ready_parties_and_links_the_fixes(seeded, clerk):
    """The screen says 'N dari 23 pihak siap' and each ✗ links to the record that fixes it."""
    page = clerk.get("/admin/checklist/").get_data(as_text=True)
    with seeded.app_context():
        expected = build_checklist(db.session)
        ready = expected.ready_count
        dinsos_id = db.session.scalar(select(Agency.id).where(Agency.acronym == "DINSOS-P3AKB"))
    assert f"{ready} dari 23 pihak siap" in page
    rows = re.findall(r'<tr data-party="([^"]+)" data-ready="(yes|no)">', page)
    assert [acronym for acronym, _ in rows][:2] == ["BAPAS", "PEMKAB"]
    assert len(rows) == 23
    assert f'href="/admin/agency/edit/?id={dinsos_id}&amp;url=/admin/checklist/"' in page


def test_filling_in_the_missing_items_makes_a_party_ready(seeded, clerk):
    """When the clerk completes a party's record, its row turns ready and the count goes up."""
    with seeded.app_context():
        before = build_checklist(db.session).ready_count
        dlh = db.session.scalar(select(Agency).where(Agency.acronym == "DLH"))
        dlh.head_name, dlh.pic_name = "Kepala DLH", "Kabid Kebersihan"
        dlh.head_nip = "197003151995031002"
        dlh.paraf_done = dlh.stamp_ready = dlh.attendance_confirmed = True
        db.session.commit()
    page = clerk.get("/admin/checklist/").get_data(as_text=True)
    assert '<tr data-party="DLH" data-ready="yes">' in page
    assert f"{before + 1} dari 23 pihak siap" in page


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({"kind": "bapas"}, MISSING),  # the Bapas head is a civil servant
        ({"kind": "opd"}, MISSING),
        ({"kind": "pemda"}, NOT_APPLICABLE),  # the Bupati is elected: no NIP
        ({"kind": "pemda", "signatory_name": "Sekda", "delegation_basis": "plh"}, MISSING),
        ({"kind": "other"}, NOT_APPLICABLE),
        ({"kind": "opd", "head_nip": "197003151995031002"}, DONE),
    ],
)
def test_a_civil_servant_representative_without_a_nip_is_missing_it(app, fields, expected):
    with app.app_context():
        agency = make_agency(head_name="Kepala", head_title="Kepala", **fields)
        row = next(p for p in build_checklist(db.session).parties if p.agency.id == agency.id)
    assert {item.key: item.state for item in row.items}["nip"] == expected


def test_a_party_with_a_delegate_needs_the_letter(app, clerk):
    """A signatory who is not the head shows the delegation item, missing until the letter is in."""
    with app.app_context():
        agency = make_agency(
            name="Dinas Uji",
            acronym="UJI",
            head_name="Kepala",
            signatory_name="Wakil",
            delegation_basis="plh",
        )
        row = next(p for p in build_checklist(db.session).parties if p.agency.id == agency.id)
        states = {item.key: item.state for item in row.items}
    assert states["delegation"] == DONE and states["signatory"] == MISSING  # no title yet


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("paper", ["a4", "f4"])
def test_each_pdf_names_every_party_on_the_paper_asked(seeded, clerk, document, paper):
    """Every party is in each document, on A4 or F4 as asked, 'Halaman x dari y' on every page."""
    response = clerk.get(f"/admin/checklist/{document}?paper={paper}")
    pages = pdf_pages(response)
    assert page_size_mm(response) == PAGE_SIZES_MM[paper]
    text = " ".join(pages)
    with seeded.app_context():
        agencies = db.session.scalars(select(Agency)).all()
        with_commitments = {
            a.name
            for a in agencies
            if any(c.status != "draft" and c.status != "dropped" for c in a.commitments)
        }
    for agency in agencies:
        if document != "annex.pdf" or agency.name in with_commitments:
            assert squeeze(agency.name) in text, agency.name
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page


def test_default_paper_is_the_agreements(seeded, clerk):
    """Without ?paper the agreement's own paper (F4 in the seed) is used."""
    assert page_size_mm(clerk.get("/admin/checklist/checklist.pdf")) == PAGE_SIZES_MM["f4"]
    assert clerk.get("/admin/checklist/checklist.pdf?paper=letter").status_code == 400


@pytest.mark.parametrize(
    "document, header",
    [
        ("checklist.pdf", "No Pihak Perwakilan"),
        ("annex.pdf", "No Bidang Bentuk dukungan"),
        ("attendance.pdf", "No Nama Jabatan / instansi Tanda tangan"),
    ],
)
def test_table_headers_repeat_on_every_page(seeded, clerk, document, header):
    """Long tables carry their header row on each page."""
    pages = pdf_pages(clerk.get(f"/admin/checklist/{document}?paper=a4"))
    table_pages = [page for page in pages if re.search(r"\b\d+\.\d+\b|\bDinas\b", page)]
    assert len(pages) >= 2 or document == "attendance.pdf"
    for page in table_pages:
        assert header in page


def test_checklist_pdf_marks_match_the_screen(seeded, clerk):
    """Each party's ✓/✗ in the PDF are the screen's, in the same order."""
    page = clerk.get("/admin/checklist/").get_data(as_text=True)
    screen = {}
    for acronym, row in re.findall(r'<tr data-party="([^"]+)".*?>(.*?)</tr>', page, re.S):
        screen[acronym] = "".join(re.findall(r'data-state="(done|missing|n/a)"', row))
    text = " ".join(pdf_pages(clerk.get("/admin/checklist/checklist.pdf")))
    text = text.split("B. Kesiapan para pihak", 1)[1]  # the party table, after the header block
    marks = {"done": "✓", "missing": "✗", "n/a": "–"}
    with seeded.app_context():
        names = {a.acronym: squeeze(a.name) for a in db.session.scalars(select(Agency))}
    for acronym, states in screen.items():
        expected = " ".join(marks[state] for state in re.findall(r"done|missing|n/a", states))
        assert f"{names[acronym]}" in text
        after_name = text.split(names[acronym], 1)[1]
        assert expected in after_name[: len(expected) + 400], acronym


def test_checklist_pdf_has_the_date_in_words_and_a_witness_block(seeded, clerk):
    """The ceremony date reads in words and as '15 Desember 2026'; 'Mengetahui' closes it."""
    text = " ".join(pdf_pages(clerk.get("/admin/checklist/checklist.pdf")))
    assert "Selasa, tanggal lima belas bulan Desember tahun dua ribu dua puluh enam" in text
    assert "(15 Desember 2026)" in text
    assert "Mengetahui," in text and "Enggelina Hukubun" in text


def test_annex_numbers_commitments_by_agency_and_ends_with_signatures(seeded, clerk):
    """The Lampiran's identification block, the Bapas's and each OPD's numbered lines, both parties' blocks."""
    with seeded.app_context():
        for agency in db.session.scalars(select(Agency).where(Agency.signs_agreement.is_(True))):
            agency.document_number = f"{agency.acronym}/NK/2026"
        db.session.commit()
    text = " ".join(pdf_pages(clerk.get("/admin/checklist/annex.pdf")))
    assert squeeze(text).startswith(
        "LAMPIRAN NOTA KESEPAKATAN ANTARA BALAI PEMASYARAKATAN KLATEN DAN PEMERINTAH KABUPATEN KLATEN "
        "NOMOR : BAPAS/NK/2026 : PEMKAB/NK/2026 TANGGAL : 15 DESEMBER 2026 "
        "TENTANG : SINERGI DAN KOLABORASI PEMBIMBINGAN KEMASYARAKATAN"
    )
    # PIHAK KESATU's own commitments (the Bapas: litmas …) come first, then the Pemkab's OPD.
    bapas_part, opd_part = text.split("PIHAK KEDUA: PEMERINTAH KABUPATEN KLATEN", 1)
    assert "PIHAK KESATU: BALAI PEMASYARAKATAN KLATEN" in bapas_part and "1.1" in bapas_part
    assert "Penelitian kemasyarakatan (litmas)" in squeeze(bapas_part)
    assert re.search(r"\b2\.1\b", opd_part) and "Badan Kesatuan Bangsa" in opd_part
    assert "PIHAK KESATU KEPALA BALAI PEMASYARAKATAN KLATEN," in text
    assert "PIHAK KEDUA BUPATI KLATEN," in text
    assert "penertiban" not in text.lower()  # the dropped commitment is not in the annex


def test_annex_with_28_signing_parties_prints_on_a4_two_signatures_a_line(app, clerk):
    """28 parties signing: every one gets its "PIHAK KEDUA PULUH DELAPAN" block, none squeezed out."""
    with app.app_context():
        make_agreement(paper="a4")
        for number in range(1, 29):
            agency = make_agency(name=f"Dinas Penanda Tangan {number:02d}", signs_agreement=True)
            make_commitment(agency=agency, status="agreed")
    response = clerk.get("/admin/checklist/annex.pdf?paper=a4")
    pages = pdf_pages(response)
    text = " ".join(pages)
    assert page_size_mm(response) == PAGE_SIZES_MM["a4"]
    labels = re.findall(r"PIHAK (KE[A-Z ]+?) DINAS PENANDA TANGAN (\d\d),", text)
    assert len(labels) == 28
    assert labels[0][0] == "KESATU" and labels[-1][0] == "KEDUA PULUH DELAPAN"
    assert {number for _, number in labels} == {f"{n:02d}" for n in range(1, 29)}
    # Two a line: the signature block takes several pages' worth of lines, not one squeezed row.
    assert len(pages) >= 2


@pytest.mark.parametrize(
    "number, words",
    [(1, "kesatu"), (2, "kedua"), (11, "kesebelas"), (12, "kedua belas"), (28, "kedua puluh delapan")],
)
def test_parties_are_numbered_in_words(number, words):
    assert ordinal(number) == words


def fonts_drawing_text(response) -> set[str]:
    """The fonts of every visible character the PDF draws (blank fragments left out)."""
    fonts: set[str] = set()

    def visit(text, matrix, text_matrix, font, size):
        if text.strip() and font is not None:
            fonts.add(str(font["/BaseFont"]))

    for page in PdfReader(io.BytesIO(response.data)).pages:
        page.extract_text(visitor_text=visit)
    return fonts


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_font_with_the_tick_marks_is_embedded_whatever_folder_the_server_runs_in(
    seeded, clerk, tmp_path, monkeypatch, document
):
    """A server started from another folder still prints with DejaVu Sans, so ✓ ✗ ☐ are drawn."""
    monkeypatch.chdir(tmp_path)
    fonts = fonts_drawing_text(clerk.get(f"/admin/checklist/{document}"))
    # Every character, page numbers included, in the embedded DejaVu Sans (a subset, "ABCDEF+").
    assert fonts and all(re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold)?", font) for font in fonts), fonts


def fonts_listed(response) -> set[tuple[str, bool]]:
    """Every font a page of the PDF lists, with whether its file is embedded."""
    listed = set()
    for page in PdfReader(io.BytesIO(response.data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            listed.add((str(font["/BaseFont"]), embedded))
    return listed


@pytest.mark.parametrize("document", DOCUMENTS)
def test_each_pdf_lists_only_the_embedded_dejavu_fonts(seeded, clerk, document):
    """No other font, not even an unused Helvetica, which an archive (PDF/A) would refuse."""
    listed = fonts_listed(clerk.get(f"/admin/checklist/{document}"))
    assert listed and all(
        re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold)?", name) and ok for name, ok in listed
    ), listed


@pytest.mark.parametrize("document", DOCUMENTS)
def test_each_pdf_is_compressed_and_names_its_title_author_and_creator(seeded, clerk, document):
    response = clerk.get(f"/admin/checklist/{document}")
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.metadata["/Author"] == "Balai Pemasyarakatan Kelas II Klaten"
    assert reader.metadata["/Creator"] == "Aplikasi Nota Kesepakatan Bapas Klaten"
    assert reader.metadata["/Title"]
    for page in reader.pages:
        contents = page["/Contents"].get_object()
        streams = contents if isinstance(contents, list) else [contents]
        assert all(stream.get_object().get("/Filter") == "/FlateDecode" for stream in streams)


def test_the_annex_of_the_klaten_seed_is_under_100_kb(seeded, clerk):
    response = clerk.get("/admin/checklist/annex.pdf?paper=a4")
    assert response.status_code == 200 and len(response.data) < 100_000, len(response.data)


@pytest.mark.parametrize("paper", ["a4", "f4"])
def test_the_annex_strands_no_heading_and_no_signature_block_on_a_page(seeded, clerk, paper):
    """An agency's heading stays with its first rows; the signatures share a page with the work plan."""
    pages = pdf_pages(clerk.get(f"/admin/checklist/annex.pdf?paper={paper}"))
    for number, text in enumerate(pages, start=1):
        body = text.split("Lampiran Nota Kesepakatan · Halaman")[0]
        # A heading "9. Dinas …" with no numbered row ("9.1") after it ends the page: stranded.
        assert not re.search(r"(^|\s)\d+\. [^\d]*$", body), f"page {number} ends with a heading: {body[-80:]}"
    signatures = pages[-1].split("PIHAK KESATU KEPALA")
    assert len(signatures) == 2 and re.search(r"\b\d+\.\d+\b", signatures[0]), "the signatures stand alone"


def text_past_the_right_margin(response) -> list[str]:
    """Each drawn text that ends right of the text area (page width less the 20 mm margin)."""
    register_fonts()  # DejaVu Sans's widths, to measure with, regular and bold
    beyond = []
    for page in PdfReader(io.BytesIO(response.data)).pages:
        right = float(page.mediabox.width) - 20 * MM + 1

        def visit(text, matrix, text_matrix, font, size, right=right):
            shown = text.rstrip()
            if not shown.strip() or font is None:
                return
            bold = "Bold" in str(font["/BaseFont"])
            start = text_matrix[4] * matrix[0] + matrix[4]
            scale = text_matrix[0] * matrix[0] or 1
            width = stringWidth(shown, BOLD_FONT if bold else BODY_FONT, size) * scale
            if start + width > right:
                beyond.append(shown[:40])

        page.extract_text(visitor_text=visit)
    return beyond


def longest_agency(number: int, signs: bool):
    """An agency whose every printed text is unbroken and as long as its field takes."""
    return make_agency(
        name=f"Dinas Uji {number:02d} " + "Panjang" * 26,
        signs_agreement=signs,
        head_name="h" * 120,
        head_title="t" * 250,
        document_number=f"{number}/" + "n" * 110,
        attendee_name="a" * 120,
        attendee_title="j" * 250,
        pic_name="p" * 120,
    )


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_text_runs_past_the_margin_at_every_fields_maximum_length(app, clerk, document):
    """Unbroken text as long as each field takes (a URL, an e-mail) wraps inside its cell."""
    with app.app_context():
        make_agreement(paper="a4", title="T" * 250, venue="v" * 250)
        for number in range(1, 14):
            agency = longest_agency(number, signs=number <= 2)
            for line in range(10 if number == 13 else 1):
                make_commitment(
                    agency=agency,
                    status="agreed",
                    activity=f"https://klaten.go.id/{line}/" + "x" * 276,
                    indicator="y" * INDICATOR_MAX_LENGTH,
                    period_text="z" * 120,
                    pic_name="pic.dinas@" + "w" * 110,
                )
    response = clerk.get(f"/admin/checklist/{document}?paper=a4")
    text = " ".join(pdf_pages(response))
    assert text_past_the_right_margin(response) == []
    assert min(text_sizes(response)) >= 8  # a long cell runs on, it is never shrunk
    if document == "annex.pdf":
        assert "13.10" in text and "Kapasitas" in text  # neither broken across lines


def text_sizes(response) -> set[float]:
    """The sizes (pt) every visible text is drawn at."""
    sizes: set[float] = set()

    def visit(text, matrix, text_matrix, font, size):
        if text.strip():
            sizes.add(round(size * (text_matrix[0] * matrix[0] or 1), 1))

    for page in PdfReader(io.BytesIO(response.data)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize("paper", ["a4", "f4"])
def test_the_annex_breaks_no_word_of_the_klaten_work_plan(seeded, clerk, paper):
    """Columns are wide enough that ordinary words ("Januari–Desember") wrap whole, never split."""
    text = " ".join(pdf_pages(clerk.get(f"/admin/checklist/annex.pdf?paper={paper}")))
    with seeded.app_context():
        commitments = db.session.scalars(
            select(Commitment).where(Commitment.status.in_(ANNEX_STATUSES))
        ).all()
        words = {
            word
            for commitment in commitments
            for field in (commitment.activity, commitment.period_text, commitment.pic_name)
            for word in (field or "").split()
        }
    assert words and [word for word in words if word not in text] == []


def test_attendance_alternates_the_signature_column(seeded, clerk):
    """Row 1 signs on the left, row 2 on the right: '1. ....' then '2. ....'."""
    text = " ".join(pdf_pages(clerk.get("/admin/checklist/attendance.pdf")))
    assert "DAFTAR HADIR" in text and "Enggelina Hukubun" in text
    assert "1. …………………" in text and "2. …………………" in text


def test_a_changed_title_changes_the_next_printout(seeded, clerk):
    """Editing a signatory's title on screen shows in the next PDF."""
    with seeded.app_context():
        bapas = db.session.scalar(select(Agency).where(Agency.acronym == "BAPAS"))
        form = {
            "name": bapas.name,
            "acronym": bapas.acronym,
            "kind": bapas.kind,
            "signs_agreement": "y",
            "head_name": bapas.head_name,
            "head_title": bapas.head_title,
            "signatory_name": bapas.signatory_name,
            "signatory_title": "Kepala Balai Pemasyarakatan Kelas II Klaten",
            "delegation_basis": "none",
            "version_seen": str(bapas.version),
        }
        bapas_id = bapas.id
    assert clerk.post(f"/admin/agency/edit/?id={bapas_id}", data=form).status_code == 302
    for document in DOCUMENTS:
        text = " ".join(pdf_pages(clerk.get(f"/admin/checklist/{document}")))
        # The annex's signature block prints the position in capitals, as signature blocks do.
        assert "Kepala Balai Pemasyarakatan Kelas II Klaten".casefold() in text.casefold(), document


def test_markup_in_a_name_prints_literally(app, clerk):
    """An agency named '<b>X</b> & Co' prints exactly so in all three documents."""
    with app.app_context():
        make_agency(name="<b>X</b> & Co", acronym="XCO", head_name="<i>Kepala</i>", head_title="Kepala & Co")
    for document in DOCUMENTS:
        text = " ".join(pdf_pages(clerk.get(f"/admin/checklist/{document}?paper=a4")))
        if document != "annex.pdf":
            assert "<b>X</b> & Co" in text, document
            assert "<i>Kepala</i>" in text, document


def test_no_client_appears_in_any_document(seeded, clerk):
    """No client's name or register number is printed in any of the three documents."""
    with seeded.app_context():
        clients = db.session.scalars(select(Client)).all()
    for document in DOCUMENTS:
        text = " ".join(pdf_pages(clerk.get(f"/admin/checklist/{document}")))
        for client in clients:
            assert client.full_name not in text and client.register_number not in text


def test_printing_is_audited_once_per_document_paper_and_hour(seeded, clerk):
    """A print leaves a 'print' entry naming the document and paper; printing it again within the
    hour adds none, another paper or document does."""
    for asked in ("annex.pdf?paper=a4", "annex.pdf?paper=a4", "annex.pdf?paper=f4", "checklist.pdf?paper=a4"):
        assert clerk.get(f"/admin/checklist/{asked}").status_code == 200
    with seeded.app_context():
        prints = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "print")).all()
    assert sorted(entry.summary for entry in prints) == [
        "annex.pdf (A4)",
        "annex.pdf (F4)",
        "checklist.pdf (A4)",
    ]


def test_heads_see_and_print_the_checklist_read_only(seeded):
    """An agency head opens the checklist and prints; the ✗ marks carry no 'perbaiki' link."""
    with seeded.app_context():
        dinsos_id = db.session.scalar(select(Agency.id).where(Agency.acronym == "DINSOS-P3AKB"))
    make_user(seeded, "kadinsos", "head", dinsos_id)
    browser = seeded.test_client()
    browser.post("/login", data={"username": "kadinsos", "password": TEST_PASSWORD})
    page = browser.get("/admin/checklist/").get_data(as_text=True)
    assert "pihak siap" in page and 'data-state="missing"' in page
    assert "perbaiki" not in page
    for form in ("/admin/agency/edit/", "/admin/agreement/edit/", "/admin/commitment/?flt"):
        assert form not in page, form
    assert pdf_pages(browser.get("/admin/checklist/annex.pdf"))
    assert seeded.test_client().get("/admin/checklist/").status_code == 302


def own_rows(page: str) -> list[str]:
    """The acronyms of the rows marked as the viewer's own agency."""
    return re.findall(r'<tr data-party="([^"]+)"[^>]*\bown-agency\b[^>]*>', page)


@pytest.mark.parametrize("acronym", ["DINSOS-P3AKB", "BAPAS"])
def test_a_heads_own_agency_row_is_marked_for_eyes_and_screen_readers(seeded, login_as, clerk, acronym):
    """The head's own row alone is highlighted, current for a screen reader, labelled 'Instansi Anda'
    and reachable from a link above the table."""
    with seeded.app_context():
        agency_id = db.session.scalar(select(Agency.id).where(Agency.acronym == acronym))
    page = login_as("head", agency=agency_id).get("/admin/checklist/").get_data(as_text=True)
    assert own_rows(page) == [acronym]
    row = re.search(rf'<tr data-party="{acronym}".*?</tr>', page, re.S).group(0)
    opening = row.split(">", 1)[0]
    assert 'class="table-info own-agency"' in opening and 'aria-current="true"' in opening
    assert 'id="instansi-anda"' in opening and 'href="#instansi-anda"' in page
    assert '<span class="badge badge-info">Instansi Anda</span>' in row
    assert page.count("Instansi Anda") == 1 and page.count('aria-current="true"') == 1
    assert "perbaiki" not in page
    clerk_page = clerk.get("/admin/checklist/").get_data(as_text=True)
    assert own_rows(clerk_page) == [] and "Instansi Anda" not in clerk_page
    assert 'href="#instansi-anda"' not in clerk_page


def agency_form(agency: Agency, **changes: str) -> dict[str, str]:
    """The agency edit form as the browser posts it, with `changes` typed in."""
    form = {
        "name": agency.name,
        "acronym": agency.acronym,
        "kind": agency.kind,
        "head_name": agency.head_name or "",
        "head_title": agency.head_title or "",
        "head_nip": agency.head_nip or "",
        "signatory_name": agency.signatory_name or "",
        "signatory_title": agency.signatory_title or "",
        "signatory_nip": agency.signatory_nip or "",
        "delegation_basis": agency.delegation_basis,
        "pic_name": agency.pic_name or "",
        "version_seen": str(agency.version),
    }
    for flag in ("signs_agreement", "paraf_done", "stamp_ready", "attendance_confirmed"):
        if getattr(agency, flag):
            form[flag] = "y"
    form.update(changes)
    return form


def test_a_clerks_fix_link_returns_to_the_checklist_after_saving(seeded, clerk):
    """'perbaiki' on DLH opens its form with url= the checklist; saving lands back on the checklist,
    'Simpan dan Lanjutkan Mengedit' stays on the form and still returns there afterwards."""
    page = clerk.get("/admin/checklist/").get_data(as_text=True)
    row = re.search(r'<tr data-party="DLH".*?</tr>', page, re.S).group(0)
    links = {html.unescape(link) for link in re.findall(r'href="(/admin/agency/edit/[^"]+)"', row)}
    with seeded.app_context():
        dlh = db.session.scalar(select(Agency).where(Agency.acronym == "DLH"))
        assert links == {f"/admin/agency/edit/?id={dlh.id}&url=/admin/checklist/"}
        form = agency_form(dlh, paraf_done="y")
    link = links.pop()
    assert clerk.get(link).status_code == 200

    saved = clerk.post(link, data=form)
    assert saved.status_code == 302 and saved.location == "/admin/checklist/"
    after = clerk.get(saved.location).get_data(as_text=True)
    row = re.search(r'<tr data-party="DLH".*?</tr>', after, re.S).group(0)
    assert re.search(r'data-item="paraf" data-state="done"', row)

    with seeded.app_context():
        form = agency_form(db.session.get(Agency, form_id := dlh.id), stamp_ready="y")
    kept = clerk.post(link, data={**form, "_continue_editing": "Simpan dan Lanjutkan Mengedit"})
    assert kept.status_code == 302
    assert kept.location == f"/admin/agency/edit/?id={form_id}&url=/admin/checklist/"


def test_the_agreement_fix_link_returns_to_the_checklist(seeded, clerk):
    """The whole-agreement 'perbaiki' opens the agreement form with url= the checklist."""
    with seeded.app_context():
        agreement_id = build_checklist(db.session).agreement.id
    page = clerk.get("/admin/checklist/").get_data(as_text=True)
    assert 'data-state="missing"' in re.search(r'id="agreement-items".*?</table>', page, re.S).group(0)
    assert (
        f'<a href="/admin/agreement/edit/?id={agreement_id}&amp;url=/admin/checklist/">perbaiki</a>' in page
    )


def test_without_an_agreement_the_clerk_is_led_to_record_one(app, clerk):
    """No current agreement: 'perbaiki' opens a new agreement form that returns to the checklist."""
    page = clerk.get("/admin/checklist/").get_data(as_text=True)
    assert '<a href="/admin/agreement/new/?url=/admin/checklist/">perbaiki</a>' in page


def test_the_documents_are_built_without_a_request(seeded):
    """documents.py renders a PDF from the database alone (for a command or a frozen copy), no screen needed."""
    import documents

    with seeded.app_context():
        printed = documents.print_document(db.session, "annex.pdf", "a4")
        with pytest.raises(ValueError):
            documents.print_document(db.session, "annex.pdf", "letter")
    assert printed.pdf.startswith(b"%PDF") and printed.filename == "lampiran-rencana-kerja.pdf"
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(printed.pdf)).pages
    )
    assert "LAMPIRAN NOTA KESEPAKATAN" in text and "Dinas Sosial" in text

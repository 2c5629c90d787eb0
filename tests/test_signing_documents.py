"""The printed documents as they go on the signing table, read back from the PDF with their layout.

The Lampiran's identification block, its signature and paraf blocks, continued tables, the daftar
hadir's rows and columns, and the page breaks: what a clerk would check with a ruler.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, time

import pytest
from factories import make_agency, make_agreement, make_commitment
from pypdf import PdfReader
from sqlalchemy import select

from indonesian import grouped_nip
from models import Agency, Agreement, db
from printing import MARGIN_LEFT_MM, MARGIN_RIGHT_MM, MARGIN_TOP_MM

MM = 72 / 25.4
NIP_BAPAS = "197003152005011002"
NIP_SEKDA = "196805121990031004"


@dataclass(frozen=True)
class Shown:
    """One piece of text as the PDF draws it: where (pt from the bottom left) and how big."""

    text: str
    x: float
    y: float
    size: float


def page_texts(response) -> list[list[Shown]]:
    """Every visible text of every page with its position and size."""
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    pages = []
    for page in PdfReader(io.BytesIO(response.data)).pages:
        shown: list[Shown] = []

        def visit(text, matrix, text_matrix, font, size, shown=shown):
            if text.strip():
                x = text_matrix[4] * matrix[0] + text_matrix[5] * matrix[2] + matrix[4]
                y = text_matrix[4] * matrix[1] + text_matrix[5] * matrix[3] + matrix[5]
                shown.append(Shown(text.strip(), x, y, round(size * (text_matrix[0] * matrix[0] or 1), 1)))

        page.extract_text(visitor_text=visit)
        pages.append(shown)
    return pages


def page_heights(response) -> list[float]:
    return [float(page.mediabox.height) for page in PdfReader(io.BytesIO(response.data)).pages]


def joined(shown: list[Shown]) -> str:
    return " ".join(" ".join(item.text for item in shown).split())


def annex(clerk, paper: str = "a4"):
    return clerk.get(f"/admin/checklist/annex.pdf?paper={paper}")


def signing_office(**pemkab_fields) -> None:
    """The Bapas (head signs, with NIP and pangkat) and the Pemkab (fields as given), one OPD line each."""
    bapas = make_agency(
        name="Balai Pemasyarakatan Klaten",
        acronym="BAPAS",
        kind="bapas",
        signs_agreement=True,
        head_name="Enggelina Hukubun",
        head_title="Kepala Balai Pemasyarakatan Klaten",
        head_nip=NIP_BAPAS,
        head_rank="Pembina (IV/a)",
        document_number="W13.PAS.16-HM.05.02-101",
    )
    pemkab = make_agency(
        name="Pemerintah Kabupaten Klaten",
        acronym="PEMKAB",
        kind="pemda",
        signs_agreement=True,
        head_title="Bupati Klaten",
        document_number="180/77/2026",
        **pemkab_fields,
    )
    make_commitment(agency=bapas, area="pembinaan", activity="Penelitian kemasyarakatan (litmas)")
    make_commitment(
        agency=make_agency(name="Dinas Sosial Kabupaten Klaten"), activity="Lokasi kerja sosial panti"
    )
    return pemkab


def long_work_plan() -> None:
    """The signing office and a 40-line work plan of "Dinas Panjang", which runs over several pages."""
    make_agreement()
    signing_office()
    host = make_agency(name="Dinas Panjang Kabupaten Klaten")
    for number in range(40):
        make_commitment(
            agency=host, activity=f"Lokasi kerja sosial nomor {number}", indicator="Tersedia " * 20
        )


# --- the Lampiran ----------------------------------------------------------------------------------


def test_the_annex_opens_with_the_identification_block_one_nomor_a_line(app, clerk):
    """LAMPIRAN / NOTA KESEPAKATAN / ANTARA … / DAN …, then one NOMOR per party on its own line."""
    with app.app_context():
        make_agreement(ceremony_date=date(2026, 12, 15), subject="Pembimbingan Kemasyarakatan")
        signing_office()
    first = page_texts(annex(clerk))[0]
    lines = [item.text for item in sorted(first, key=lambda item: -item.y)]
    opening = " ".join(lines[:20])
    assert opening.startswith(
        "LAMPIRAN NOTA KESEPAKATAN ANTARA BALAI PEMASYARAKATAN KLATEN DAN PEMERINTAH KABUPATEN KLATEN NOMOR"
    )
    # Each party's number on a line of its own, in the parties' order, and nothing else on it.
    numbers = [item for item in first if item.text in ("W13.PAS.16-HM.05.02-101", "180/77/2026")]
    assert [item.text for item in sorted(numbers, key=lambda item: -item.y)] == [
        "W13.PAS.16-HM.05.02-101",
        "180/77/2026",
    ]
    assert numbers[0].y != numbers[1].y
    text = joined(first)
    assert "TANGGAL : 15 DESEMBER 2026" in text and "TENTANG : PEMBIMBINGAN KEMASYARAKATAN" in text


def test_the_bapas_commitments_come_first_as_pihak_kesatu(app, clerk):
    """PIHAK KESATU's section (the Bapas's litmas) before PIHAK KEDUA's (the Pemkab's OPD)."""
    with app.app_context():
        make_agreement()
        signing_office()
    text = " ".join(joined(page) for page in page_texts(annex(clerk)))
    first, second = text.index("PIHAK KESATU: BALAI"), text.index("PIHAK KEDUA: PEMERINTAH")
    assert first < text.index("1. Balai Pemasyarakatan Klaten") < text.index("litmas") < second
    assert second < text.index("2. Dinas Sosial Kabupaten Klaten") < text.index("2.1")


def signature_of(clerk, label: str) -> str:
    """The text of one party's signature block: from its label to the next label or the page's end."""
    last = joined(page_texts(annex(clerk))[-1])
    block = last.split(f"{label} ", 1)[1]
    return re.split(r" PIHAK KE| Paraf pihak| Lampiran Nota Kesepakatan ·", block)[0]


def test_a_head_who_signs_has_the_name_pangkat_and_grouped_nip(app, clerk):
    with app.app_context():
        make_agreement()
        signing_office()
    assert signature_of(clerk, "PIHAK KESATU") == (
        "KEPALA BALAI PEMASYARAKATAN KLATEN, Enggelina Hukubun Pembina (IV/a) NIP. 19700315 200501 1 002"
    )
    # The Bupati is elected: no NIP line; nobody named yet: a dotted line for the name.
    assert signature_of(clerk, "PIHAK KEDUA").startswith("BUPATI KLATEN, ……")
    assert "NIP" not in signature_of(clerk, "PIHAK KEDUA")


def test_a_delegated_signatory_signs_on_behalf_of_the_bupati(app, clerk):
    """The Sekda signing by surat kuasa: 'a.n. BUPATI KLATEN' above 'SEKRETARIS DAERAH,'."""
    with app.app_context():
        make_agreement()
        signing_office(
            signatory_name="Drs. Jaka Santosa, M.Si.",
            signatory_title="Sekretaris Daerah Kabupaten Klaten",
            signatory_nip=NIP_SEKDA,
            signatory_rank="Pembina Utama Madya (IV/d)",
            delegation_basis="surat_kuasa",
            delegation_number="180/12/2026",
            delegation_date=date(2026, 11, 2),
        )
    assert signature_of(clerk, "PIHAK KEDUA") == (
        "a.n. BUPATI KLATEN SEKRETARIS DAERAH KABUPATEN KLATEN, Drs. Jaka Santosa, M.Si. "
        f"Pembina Utama Madya (IV/d) NIP. {grouped_nip(NIP_SEKDA)}"
    )


def test_a_signatory_for_the_delegate_signs_u_b(app, clerk):
    """Signing for the Sekda who holds the a.n.: 'a.n. BUPATI KLATEN / SEKRETARIS DAERAH / u.b. / …'."""
    with app.app_context():
        make_agreement()
        signing_office(
            signatory_name="Sri Wahyuni, S.H.",
            signatory_title="Asisten Pemerintahan dan Kesejahteraan Rakyat",
            signatory_nip=NIP_SEKDA,
            delegation_basis="surat_tugas",
            delegation_number="094/5/2026",
            delegation_date=date(2026, 11, 2),
            delegation_via_title="Sekretaris Daerah",
        )
    assert signature_of(clerk, "PIHAK KEDUA").startswith(
        "a.n. BUPATI KLATEN SEKRETARIS DAERAH u.b. ASISTEN PEMERINTAHAN DAN KESEJAHTERAAN RAKYAT, Sri Wahyuni"
    )


def test_an_acting_head_signs_as_plt(app, clerk):
    with app.app_context():
        make_agreement()
        signing_office(signatory_name="Ir. Bambang", signatory_nip=NIP_SEKDA, delegation_basis="plt")
    assert signature_of(clerk, "PIHAK KEDUA").startswith("Plt. BUPATI KLATEN, Ir. Bambang")


def test_a_civil_servant_without_a_nip_gets_a_line_to_write_it(app, clerk):
    with app.app_context():
        make_agreement()
        signing_office()
        db.session.scalar(select(Agency).where(Agency.acronym == "BAPAS")).head_nip = None
        db.session.commit()
    assert signature_of(clerk, "PIHAK KESATU").endswith("NIP. ……………………………………")


@pytest.mark.parametrize("required", [True, False])
def test_a_meterai_box_in_each_signature_block_only_when_required(app, clerk, required):
    with app.app_context():
        make_agreement(meterai_required=required, meterai_count=2 if required else 0)
        signing_office()
    text = joined(page_texts(annex(clerk))[-1])
    assert text.count("METERAI 10.000") == (2 if required else 0)


def test_there_are_about_30_mm_to_sign_between_the_position_and_the_name(app, clerk):
    with app.app_context():
        make_agreement()
        signing_office()
    last = page_texts(annex(clerk))[-1]
    position = next(item for item in last if item.text.startswith("KEPALA BALAI PEMASYARAKATAN"))
    name = next(item for item in last if item.text == "Enggelina Hukubun")
    assert 28 <= (position.y - name.y) / MM <= 36


@pytest.mark.parametrize("paper", ["a4", "f4"])
def test_every_annex_page_has_a_paraf_box_for_each_signing_party(app, clerk, paper):
    """'Paraf pihak' and a box labelled for each party, in the bottom margin of every page."""
    with app.app_context():
        long_work_plan()
    pages = page_texts(annex(clerk, paper))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        margin = [item.text for item in page if item.y < 40 * MM]
        assert {"Paraf pihak", "Kesatu", "Kedua"} <= set(margin), f"page {number}: {margin}"


def test_a_table_continued_on_the_next_page_names_its_agency_at_the_top(app, clerk):
    """'(lanjutan) 2. Dinas …' above the repeated header of each page a table runs on to, and only there."""
    with app.app_context():
        long_work_plan()
    response = annex(clerk)
    pages, heights = page_texts(response), page_heights(response)
    continued = []
    for page, height in zip(pages, heights, strict=True):
        top = [item.text for item in page if item.y > height - MARGIN_TOP_MM * MM]
        if top:
            continued.append(" ".join(top))
    assert len(continued) >= 2
    # The long table is the second (OPD by name: "Panjang" before "Sosial").
    assert set(continued) == {"(lanjutan) 2. Dinas Panjang Kabupaten Klaten"}
    # Every page that opens with "(lanjutan)" has the table's rows "2.n" on it.
    for page, height in zip(pages, heights, strict=True):
        if any(item.y > height - MARGIN_TOP_MM * MM for item in page):
            assert re.search(r"\b2\.\d+\b", joined(page))


def test_no_annex_page_holds_only_a_heading_or_only_signatures(app, clerk):
    """With tables that break across pages, every page has numbered work-plan rows on it."""
    with app.app_context():
        make_agreement()
        signing_office()
        for agency_number in range(3):
            host = make_agency(name=f"Dinas Uji Halaman {agency_number} Kabupaten Klaten")
            for number in range(17):
                make_commitment(agency=host, activity=f"Kegiatan {number}", indicator="Target bulanan " * 8)
    pages = [joined(page) for page in page_texts(annex(clerk))]
    for number, text in enumerate(pages, start=1):
        assert re.search(r"\b\d+\.\d+\b", text), f"page {number} has no work-plan row: {text[:120]}"
    assert "PIHAK KESATU KEPALA" in pages[-1]


def test_annex_cells_keep_their_text_inside_their_column(app, clerk):
    """At every field's maximum length no cell's text reaches into the next column."""
    with app.app_context():
        make_agreement()
        signing_office()
        host = make_agency(name="Dinas Kolom Kabupaten Klaten")
        for number in range(3):
            make_commitment(
                agency=host,
                activity=f"https://klaten.go.id/{number}/" + "x" * 276,
                indicator="y" * 500,
                period_text="z" * 120,
                pic_name="pic.dinas@" + "w" * 110,
            )
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from printing import BODY_FONT, register_fonts

    register_fonts()
    usable = (210 - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) * MM
    widths = (7, 14.5, 16, 15, 11, 18.5, 18)
    edges = [MARGIN_LEFT_MM * MM]
    for width in widths:
        edges.append(edges[-1] + usable * width / 100)
    crossing = []
    for page in page_texts(annex(clerk)):
        for item in page:
            in_table_area = 40 * MM < item.y < (297 - MARGIN_TOP_MM) * MM
            if item.size != 8.0 or not in_table_area or not (edges[0] <= item.x < edges[-1]):
                continue  # table cells are 8 pt; headings, blocks and the page's furniture are not
            column = max(index for index, edge in enumerate(edges) if edge <= item.x + 0.01)
            end = item.x + stringWidth(item.text, BODY_FONT, 8)
            if end > edges[column + 1] + 0.5:
                crossing.append(item.text[:30])
    assert crossing == []


# --- the daftar hadir -------------------------------------------------------------------------------


def attendance(clerk, paper: str = "a4"):
    return clerk.get(f"/admin/checklist/attendance.pdf?paper={paper}")


def test_the_daftar_hadir_names_the_event_its_day_time_and_place(app, clerk):
    with app.app_context():
        make_agreement(
            title="Nota Kesepakatan Pembimbingan Kemasyarakatan",
            ceremony_date=date(2026, 12, 15),
            ceremony_time=time(9, 0),
            venue="Pendopo Kabupaten Klaten",
        )
        signing_office()
    text = joined(page_texts(attendance(clerk))[0])
    assert "Acara : Penandatanganan Nota Kesepakatan Pembimbingan Kemasyarakatan" in text
    assert "Hari / tanggal : Selasa, 15 Desember 2026" in text
    assert "Waktu : Pukul 09.00 WIB – selesai" in text
    assert "Tempat : Pendopo Kabupaten Klaten" in text


def signature_marks(pages: list[list[Shown]]) -> dict[int, Shown]:
    """Each row's place to sign, 'N. ……', by its number."""
    marks = {}
    for page_number, page in enumerate(pages):
        for item in page:
            found = re.fullmatch(r"(\d+)\. …+", item.text)
            if found:
                marks[int(found.group(1))] = Shown(
                    item.text, item.x, item.y + 10_000 * -page_number, item.size
                )
    return marks


@pytest.mark.parametrize("blank", [0, 3, 12])
def test_the_daftar_hadir_has_the_blank_rows_asked_for(app, clerk, blank):
    with app.app_context():
        make_agreement(attendance_blank_rows=blank)
        signing_office()
        parties = db.session.query(Agency).count()
    marks = signature_marks(page_texts(attendance(clerk)))
    assert sorted(marks) == list(range(1, parties + blank + 1))


def test_the_daftar_hadir_rows_are_uniform_and_the_signatures_alternate_in_wide_columns(seeded, clerk):
    """Rows 12–15 mm apart; odd numbers sign left, even right, at the same height in their row; the two
    signature columns together take 35–40 % of the text width."""
    pages = page_texts(attendance(clerk))
    marks = signature_marks(pages)
    usable = (210 - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) * MM
    odd_x = {round(mark.x) for number, mark in marks.items() if number % 2}
    even_x = {round(mark.x) for number, mark in marks.items() if not number % 2}
    assert len(odd_x) == 1 and len(even_x) == 1
    half = even_x.pop() - odd_x.pop()
    assert 0.35 <= 2 * half / usable <= 0.40
    gaps = [
        (marks[number].y - marks[number + 1].y) / MM
        for number in marks
        if number + 1 in marks and abs(marks[number].y - marks[number + 1].y) < 1000
    ]
    assert gaps and all(12 <= gap <= 15 for gap in gaps), [round(gap, 1) for gap in gaps]


def test_the_daftar_hadir_closes_with_mengetahui_beside_its_last_rows(seeded, clerk):
    pages = page_texts(attendance(clerk))
    with seeded.app_context():
        last_row = db.session.query(Agency).count() + db.session.scalar(
            select(Agreement.attendance_blank_rows)
        )
    closing = next(number for number, page in enumerate(pages) if "Mengetahui," in joined(page))
    assert closing == len(pages) - 1
    assert f"{last_row}. ……" in joined(pages[closing])
    assert "KEPALA BALAI PEMASYARAKATAN KLATEN, Enggelina Hukubun" in joined(pages[closing])


# --- the checklist -----------------------------------------------------------------------------------


def test_every_page_of_the_checklist_table_carries_its_legend(seeded, clerk):
    """The key to the numbered columns (1 = Penanda tangan …; ✓ ✗ –) on every page with party rows."""
    pages = [joined(page) for page in page_texts(clerk.get("/admin/checklist/checklist.pdf?paper=a4"))]
    with_parties = [text for text in pages if "Kecamatan" in text or "Dinas" in text]
    assert len(with_parties) >= 2
    for text in with_parties:
        assert "Butir: 1 = Penanda tangan (nama dan jabatan)" in text and "✓ = lengkap, ✗ = belum" in text
    assert "Mengetahui," in pages[-1] and re.search(r"\b23 Satuan Polisi Pamong Praja\b", pages[-1])

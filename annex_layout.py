"""The Lampiran laid out directly with ReportLab: the identification block, the work plan, the signatures.

The checklist and the daftar hadir are HTML templates rendered by xhtml2pdf; the annex is built here
as ReportLab flowables because its work plan can run to thousands of lines, and xhtml2pdf spends about
7 ms a line parsing HTML and laying out each cell (a 4,600-line annex took 40 s; here it takes a
fraction). The look is the templates' own: DejaVu Sans, 9 pt text, 8 pt table cells with a grey
header row repeated on every page, and the same column widths. `documents.py` decides what goes in;
`printing.render_flowables` puts these flowables on pages with the page furniture.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from indonesian import long_date
from printing import BODY_FONT, BOLD_FONT, MM_TO_PT

MM = MM_TO_PT
DOTS = "……………………………………"
# The work plan's columns in % of the text width: each as wide as its longest ordinary word in 8 pt
# ("13.10", "kependudukan", "Kemasyarakatan", "angkatan/tahun", "Kapasitas" in bold,
# "Februari–November", "Pemasyarakatan"), so no word breaks.
COLUMNS = (
    ("No", 7),
    ("Bidang", 14.5),
    ("Bentuk dukungan", 16),
    ("Indikator / target", 15),
    ("Kapasitas", 11),
    ("Jadwal", 18.5),
    ("PIC", 18),
)
CENTRED_COLUMNS = (0, 4)
HEADER_GREY = colors.Color(0.9, 0.9, 0.9)


def style(name: str, **settings: Any) -> ParagraphStyle:
    """A paragraph style in DejaVu Sans: 9 pt with a 1.3 line height unless told otherwise."""
    size = settings.pop("fontSize", 9)
    font = settings.pop("fontName", BODY_FONT)
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3, **settings)


BODY = style("body")
BOLD = style("bold", fontName=BOLD_FONT)
TITLE = style("title", fontName=BOLD_FONT, fontSize=12, alignment=TA_CENTER, spaceAfter=2 * MM)
SECTION = style("section", fontName=BOLD_FONT, fontSize=10.5, spaceBefore=5 * MM, keepWithNext=1)
# The agency headings: 10 pt bold and opening with their number, which is how printing.py finds them.
GROUP = style("group", fontName=BOLD_FONT, fontSize=10, spaceBefore=4 * MM, spaceAfter=2 * MM, keepWithNext=1)
CELL = style("cell", fontSize=8)
CELL_CENTRED = style("cell-centred", fontSize=8, alignment=TA_CENTER)
HEADER = style("header", fontName=BOLD_FONT, fontSize=8, alignment=TA_CENTER)
SIGNATURE = style("signature", alignment=TA_CENTER)
METERAI = style("meterai", fontSize=7, alignment=TA_CENTER, textColor=colors.Color(0.33, 0.33, 0.33))


def text(value: Any, paragraph_style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of stored text, printed literally: markup in a name is escaped, not interpreted."""
    return Paragraph(escape(str(value)), paragraph_style)


def annex_story(context: dict[str, Any], width: float) -> list[Flowable]:
    """Every flowable of the annex, top to bottom, for a text `width` in points."""
    story: list[Flowable] = [identification_block(context, width), text("RENCANA KERJA BERSAMA", TITLE)]
    sections = context["sections"]
    for section in sections:
        title = section.label + (f": {section.party.name.upper()}" if section.party else "")
        story.append(text(title, SECTION))
        for group in section.groups:
            story.append(text(f"{group.number}. {group.agency.name}", GROUP))
            table = work_plan_table(group, context["areas"], width)
            # The last table stays with the signatures, so they never stand alone on a page.
            table.keepWithNext = section is sections[-1] and group is section.groups[-1]
            story.append(table)
    story += signature_lines(context, width)
    return story


def identification_block(context: dict[str, Any], width: float) -> Table:
    """LAMPIRAN / NOTA KESEPAKATAN / ANTARA … / DAN …, a NOMOR line per party, TANGGAL and TENTANG."""
    agreement, signing = context["agreement"], context["signing"]
    rows: list[list[Any]] = [[text("LAMPIRAN", BOLD)], [text("NOTA KESEPAKATAN", BOLD)]]
    for number, party in enumerate(signing):
        rows.append([text(f"{'ANTARA' if number == 0 else 'DAN'} {party.agency.name.upper()}", BOLD)])
    for number, party in enumerate(signing):
        rows.append(
            [text("NOMOR" if number == 0 else ""), text(":"), text(party.agency.document_number or DOTS)]
        )
    ceremony = agreement.ceremony_date if agreement else None
    rows.append([text("TANGGAL"), text(":"), text(long_date(ceremony).upper() if ceremony else DOTS)])
    subject = (agreement.subject or agreement.title) if agreement else ""
    rows.append([text("TENTANG"), text(":"), text(subject.upper())])
    rows = [row + [""] * (3 - len(row)) for row in rows]
    spans = [("SPAN", (0, index), (2, index)) for index, row in enumerate(rows) if row[1] == ""]
    table = Table(rows, colWidths=[width * 0.18, width * 0.03, width * 0.79], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                *spans,
                ("FONT", (0, 0), (-1, -1), BODY_FONT, 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0.3 * MM),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.3 * MM),
            ]
        )
    )
    table.spaceAfter = 4 * MM
    return table


def work_plan_table(group: Any, areas: dict[str, Any], width: float) -> Table:
    """One agency's lines under the grey header row, which repeats on every page the table reaches."""
    rows = [[text(title, HEADER) for title, _ in COLUMNS]]
    for index, commitment in enumerate(group.commitments, start=1):
        capacity = commitment.capacity if commitment.capacity is not None else "tidak dibatasi"
        rows.append(
            [
                text(f"{group.number}.{index}", CELL_CENTRED),
                text(areas[commitment.area], CELL),
                text(commitment.activity, CELL),
                text(commitment.indicator or "–", CELL),
                text(capacity, CELL_CENTRED),
                text(schedule(commitment), CELL),
                text(commitment.pic_name or "–", CELL),
            ]
        )
    # longTableOptimize: the rows left after a page break keep their measured heights, so a long
    # table's cells are not wrapped again on every page it reaches (which grew with rows × pages).
    table = Table(
        rows, colWidths=[width * share / 100 for _, share in COLUMNS], repeatRows=1, longTableOptimize=1
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), BODY_FONT, 8),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_GREY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1 * MM),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1 * MM),
                ("TOPPADDING", (0, 0), (-1, -1), 1 * MM),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * MM),
            ]
        )
    )
    return table


def schedule(commitment: Any) -> str:
    """The "Jadwal" cell: the period as written, else the dates, else a dash."""
    if commitment.period_text:
        return commitment.period_text
    if commitment.start_date:
        end = f" – {long_date(commitment.end_date)}" if commitment.end_date else ""
        return f"{long_date(commitment.start_date)}{end}"
    return "–"


def signature_lines(context: dict[str, Any], width: float) -> list[Table]:
    """Two signature blocks a line, each line kept with the next and all with the last table."""
    meterai = bool(context["agreement"] and context["agreement"].meterai_required)
    lines = []
    for number, line in enumerate(context["signature_lines"]):
        cells = [signature_block(block, width / 2, meterai) for block in line]
        cells += [""] * (2 - len(cells))
        table = Table([cells], colWidths=[width / 2, width / 2])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), BODY_FONT, 9),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3 * MM),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3 * MM),
                ]
            )
        )
        table.spaceBefore = (8 if number == 0 else 4) * MM
        table.keepWithNext = number < len(context["signature_lines"]) - 1
        lines.append(table)
    return lines


def signature_block(block: Any, width: float, meterai: bool) -> list[Flowable]:
    """PIHAK …, the positions (a.n. / u.b.), about 30 mm to sign (over a meterai box), the name
    underlined, pangkat/golongan and NIP."""
    flowables: list[Flowable] = [text(block.label, style("label", fontName=BOLD_FONT, alignment=TA_CENTER))]
    flowables += [text(title, SIGNATURE) for title in block.titles]
    flowables.append(signing_space(width - 6 * MM, meterai))
    name = f"<b><u>{escape(block.name)}</u></b>" if block.name else f"<b>{DOTS}</b>"
    flowables.append(Paragraph(name, SIGNATURE))
    if block.rank:
        flowables.append(text(block.rank, SIGNATURE))
    if block.nip is not None:
        flowables.append(text(f"NIP. {block.nip or DOTS}", SIGNATURE))
    return flowables


def signing_space(width: float, meterai: bool) -> Flowable:
    """28 mm to sign and stamp; with a dashed meterai box in the middle when the agreement needs one."""
    if not meterai:
        return Spacer(width, 30 * MM)
    box = Table(
        [["", Paragraph("METERAI<br/>10.000", METERAI), ""]],
        colWidths=[width * 0.3, width * 0.4, width * 0.3],
        rowHeights=[28 * MM],
    )
    box.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), BODY_FONT, 7),
                ("BOX", (1, 0), (1, 0), 0.5, colors.black, None, (2, 2)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    box.spaceBefore = box.spaceAfter = 1 * MM
    return box

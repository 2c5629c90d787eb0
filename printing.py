"""The PDF engine: templates/print/ rendered with xhtml2pdf, in A4 or F4, with the shipped DejaVu font.

What goes into each document is built in `documents.py`; this module only turns HTML into pages.

The font ships with the application (static/fonts) because the PDF must draw ✓ ✗ ☐ on any office PC.
Templates are ordinary autoescaped `.html` files, so a name like `<b>X</b> & Co` prints literally;
the link callback lets the renderer open only our font files, never a URL or another file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import current_app, render_template
from pypdf import PdfReader, PdfWriter
from reportlab import rl_config
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import FrameBreak, _FrameBreak
from reportlab.platypus.flowables import KeepTogether, _listWrapOn
from reportlab.platypus.tables import CellStyle, Table
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy
from xhtml2pdf.xhtml2pdf_reportlab import PmlBaseDoc

from models import PAGE_SIZES_MM

FONT_DIR = Path(__file__).resolve().parent / "static" / "fonts"
MM_TO_PT = 72 / 25.4
# Page margins (top, right, bottom, left) in millimetres; the bottom one grows for the paraf boxes.
MARGIN_TOP_MM, MARGIN_RIGHT_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM = 20, 20, 22, 25
# The page footer sits in the bottom margin, right-aligned with the text's right edge.
FOOTER_RIGHT_MM = MARGIN_RIGHT_MM
FOOTER_BOTTOM_MM = 10
# Paraf boxes: one per signing party, in rows above the page number.
PARAF_BOX_MM = (22, 12)
PARAF_LABEL_MM = 18
PARAF_GAP_MM = 2
PARAF_FIRST_ROW_MM = 14


@dataclass(frozen=True)
class PageFurniture:
    """What is drawn on every finished page, outside the document's own text.

    `footer` precedes "Halaman x dari y"; `paraf` names a box for each signing party's initials
    (the annex: every page is initialled); `headings` are the annex's agency headings in print order,
    named as "(lanjutan) …" at the top of each page where a heading's table continues.
    """

    footer: str = ""
    paraf: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()

    def paraf_rows(self, page_width_mm: float) -> list[tuple[str, ...]]:
        """The paraf boxes in rows that fit between the margins, left of nothing else."""
        if not self.paraf:
            return []
        usable = page_width_mm - MARGIN_LEFT_MM - MARGIN_RIGHT_MM - PARAF_LABEL_MM
        per_row = max(int((usable + PARAF_GAP_MM) // (PARAF_BOX_MM[0] + PARAF_GAP_MM)), 1)
        return [self.paraf[start : start + per_row] for start in range(0, len(self.paraf), per_row)]

    def bottom_margin_mm(self, page_width_mm: float) -> float:
        """The bottom margin: the footer's, raised by a row of paraf boxes each."""
        rows = len(self.paraf_rows(page_width_mm))
        if not rows:
            return MARGIN_BOTTOM_MM
        return PARAF_FIRST_ROW_MM + rows * (PARAF_BOX_MM[1] + PARAF_GAP_MM) + 4


class KeepTableEnds(KeepTogether):
    """A run of "-pdf-keep-with-next" blocks around one data table: the table may split, its ends may not.

    ReportLab keeps the whole run together, so a heading over a table longer than the space left
    moved, table and all, to the next page and left the rest of the page blank. Here the headings
    before the table stay with its header and first rows, and the blocks after it (the signatures,
    a closing "Mengetahui") with its last rows; between them the table breaks like any other, under
    its repeated header. A run without exactly one table with a repeated header is kept whole, as
    ReportLab does. (A block with "page-break-inside: avoid" would make xhtml2pdf group the run
    itself, with ReportLab's own class: the templates keep signatures whole with this run instead.)
    """

    def split(self, aW: float, aH: float) -> list:
        """Hook for ReportLab: what fits here, and the rest (still kept with its ends) after."""
        # The data table is the one with a repeated header; a signature table is part of the tail.
        tables = [
            index
            for index, flowable in enumerate(self._content)
            if isinstance(flowable, Table) and flowable.repeatRows
        ]
        if len(tables) != 1:
            return super().split(aW, aH)
        headings, table, tail = (
            self._content[: tables[0]],
            self._content[tables[0]],
            self._content[tables[0] + 1 :],
        )
        space = aH - table.getSpaceBefore()
        if headings:
            space -= _listWrapOn(headings, aW, self.canv)[1]
        if tail and table.wrapOn(self.canv, aW, space)[1] <= space:
            # The table fits but what follows it does not: its last rows go over with it.
            space -= _listWrapOn(tail, aW, self.canv)[1]
        parts = table.splitOn(self.canv, aW, space) if space > 0 else []
        if len(parts) != 2:
            # Not even the header and one row fit: all of it on the next page, where the same rule
            # applies again (ReportLab's own split would let the blocks go their own ways there).
            moved = super().split(aW, aH)
            if moved and isinstance(moved[0], _FrameBreak):
                return [moved[0], KeepTableEnds(self._content)]
            return moved
        if not tail:
            return [*headings, *parts]
        # The rest starts the next page, kept with what follows it: never split again on this page,
        # where it would open with a second header under the first part.
        return [*headings, parts[0], FrameBreak(), KeepTableEnds([parts[1], *tail])]


# ReportLab groups every keep-with-next run with the document template's `keepTogetherClass`, an
# argument xhtml2pdf never passes: its default is set here for xhtml2pdf's template only.
PmlBaseDoc._initArgs = {**PmlBaseDoc._initArgs, "keepTogetherClass": KeepTableEnds}


class PrintError(RuntimeError):
    """xhtml2pdf could not render the document."""


def only_our_fonts(uri: str, rel: str) -> str:
    """xhtml2pdf link callback: resolve our font files, refuse everything else."""
    name = Path(uri).name
    candidate = FONT_DIR / name
    if candidate.suffix == ".ttf" and candidate.is_file():
        return str(candidate)
    return ""


def resource_policy() -> ResourceAccessPolicy:
    """What a document may read while it renders: our font folder, and nothing on any network.

    xhtml2pdf's default confines reads to the working directory, so a server started from another
    folder (a service, a shortcut) printed without DejaVu Sans and lost every ✓ ✗ ☐.
    """
    return ResourceAccessPolicy(allow_remote=False, base_dir=FONT_DIR)


def render_pdf(template: str, paper: str, furniture: PageFurniture | None = None, **context: object) -> bytes:
    """Render `templates/print/<template>` to PDF bytes on the given paper, with its page furniture."""
    furniture = furniture or PageFurniture()
    width, height = PAGE_SIZES_MM[paper]
    register_fonts()
    html = render_template(
        f"print/{template}",
        page_width=width,
        page_height=height,
        bottom_margin_mm=furniture.bottom_margin_mm(width),
        font_regular=str(FONT_DIR / "DejaVuSans.ttf"),
        font_bold=str(FONT_DIR / "DejaVuSans-Bold.ttf"),
        **context,
    )
    output = io.BytesIO()
    result = pisa.CreatePDF(
        html,
        dest=output,
        encoding="utf-8",
        link_callback=only_our_fonts,
        resource_policy=resource_policy(),
    )
    if result.err:
        current_app.logger.error("PDF %s failed: %s", template, result.log)
        raise PrintError(template)
    return number_pages(output.getvalue(), furniture)


def render_flowables(
    build: Callable[[float], list[Flowable]], paper: str, furniture: PageFurniture, title: str
) -> bytes:
    """Lay out the ReportLab flowables `build(text_width)` returns on the given paper, with the same
    margins, keep-with-next rule and page furniture as the templates (for the annex: annex_layout.py)."""
    register_fonts()
    width, height = (size * MM_TO_PT for size in PAGE_SIZES_MM[paper])
    bottom = furniture.bottom_margin_mm(PAGE_SIZES_MM[paper][0]) * MM_TO_PT
    left, top, right = (margin * MM_TO_PT for margin in (MARGIN_LEFT_MM, MARGIN_TOP_MM, MARGIN_RIGHT_MM))
    frame = Frame(
        left, bottom, width - left - right, height - top - bottom, 0, 0, 0, 0, id="text", showBoundary=0
    )
    output = io.BytesIO()
    document = BaseDocTemplate(
        output,
        pagesize=(width, height),
        title=title,
        lang="id",
        pageCompression=1,
        initialFontName=BODY_FONT,
        keepTogetherClass=KeepTableEnds,
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    document.build(build(frame._width))
    return number_pages(output.getvalue(), furniture)


# Who the PDF's properties name (Author, Creator): an archive or a reader's "Properties" shows them.
PDF_AUTHOR = "Balai Pemasyarakatan Kelas II Klaten"
PDF_CREATOR = "Aplikasi Nota Kesepakatan Bapas Klaten"
# DejaVu Sans under names of our own: xhtml2pdf maps the family "DejaVuSans" of the templates'
# @font-face to its own faces, which would turn every "DejaVuSans" paragraph of the annex bold.
BODY_FONT, BOLD_FONT = "PrintSans", "PrintSans-Bold"
FOOTER_FONT = BODY_FONT


@cache
def register_fonts() -> str:
    """DejaVu Sans and its bold registered with reportlab, once, as one family (so <b> is bold): the
    annex's text and every page number use the documents' own typeface.

    It also becomes reportlab's initial font for every page it starts (xhtml2pdf's included), which
    would otherwise list Helvetica in each page's fonts though no glyph is drawn with it. This app
    draws no other PDF, so the process-wide setting is ours to choose.
    """
    pdfmetrics.registerFont(TTFont(BODY_FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD_FONT, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    registerFontFamily(BODY_FONT, normal=BODY_FONT, bold=BOLD_FONT, italic=BODY_FONT, boldItalic=BOLD_FONT)
    rl_config.canvas_basefontname = BODY_FONT
    # A table cell's default font, which ReportLab sets (drawing nothing) before each table of the
    # templates: Helvetica, listed unembedded in every page's fonts, which an archive refuses.
    CellStyle.fontname = BODY_FONT
    return BODY_FONT


# How xhtml2pdf and ReportLab write a line of text in a page's content: "/F1+0 10 Tf 13.2 TL (…) Tj".
SHOWN_TEXT = re.compile(rb"([\d.]+) Tf [\d.]+ TL \(((?:[^()\\]|\\.)*)\) Tj")
# The annex's agency headings are the only 10 pt text that opens with their number ("5. Dinas …");
# a continued table opens its page with its repeated header, whose first cell is "No".
HEADING_SIZE = b"10"
HEADING_NUMBER = re.compile(rb"(\d+)\. ")


def continued_headings(writer: PdfWriter, headings: tuple[str, ...]) -> list[str | None]:
    """For each page, the heading whose table continues at its top, or None.

    Read from the pages' contents as xhtml2pdf and ReportLab write them: a page whose first text is a
    table's repeated header continues the last heading drawn before it. This is a pattern search over
    bytes, linear in the document's size (a full text extraction would cost seconds on a long annex).
    """
    if not headings:
        return [None] * len(writer.pages)
    current: int | None = None
    result: list[str | None] = []
    for page in writer.pages:
        contents = page.get_contents()
        shown = SHOWN_TEXT.findall(contents.get_data() if contents is not None else b"")
        opens_with_header = bool(shown) and shown[0][1] == b"No"
        result.append(headings[current - 1] if opens_with_header and current else None)
        for size, text in shown:
            number = HEADING_NUMBER.match(text) if size == HEADING_SIZE else None
            if number and 0 < int(number.group(1)) <= len(headings):
                current = int(number.group(1))
    return result


def footer_stamps(
    sizes: list[tuple[float, float]], furniture: PageFurniture, continued: list[str | None]
) -> PdfReader:
    """One page per document page holding only its furniture: "<label> Halaman x dari y", the paraf
    boxes and the "(lanjutan) …" heading, drawn in one PDF so the font's glyphs are embedded once."""
    font = register_fonts()
    stamps = io.BytesIO()
    # The initial font too: reportlab would otherwise list Helvetica on every page.
    sheet = canvas.Canvas(stamps, pageCompression=1, initialFontName=font, initialFontSize=8)
    for number, ((width, height), heading) in enumerate(zip(sizes, continued, strict=True), start=1):
        sheet.setPageSize((width, height))
        sheet.setFont(font, 8)
        sheet.drawRightString(
            width - FOOTER_RIGHT_MM * MM_TO_PT,
            FOOTER_BOTTOM_MM * MM_TO_PT,
            f"{furniture.footer} Halaman {number} dari {len(sizes)}".strip(),
        )
        draw_paraf_boxes(sheet, furniture.paraf_rows(width / MM_TO_PT))
        if heading:
            draw_continued_heading(sheet, width, height, heading)
        sheet.showPage()
    sheet.save()
    return PdfReader(stamps)


def draw_paraf_boxes(sheet: canvas.Canvas, rows: list[tuple[str, ...]]) -> None:
    """ "Paraf pihak" and a box per signing party ("Kesatu", "Kedua" …) at the top of the box, rows going up."""
    if not rows:
        return
    box_width, box_height = (size * MM_TO_PT for size in PARAF_BOX_MM)
    gap = PARAF_GAP_MM * MM_TO_PT
    left = MARGIN_LEFT_MM * MM_TO_PT
    sheet.setLineWidth(0.5)
    sheet.setFont(FOOTER_FONT, 8)
    for row_number, row in enumerate(rows):
        bottom = (PARAF_FIRST_ROW_MM * MM_TO_PT) + row_number * (box_height + gap)
        if row_number == len(rows) - 1:
            sheet.drawString(left, bottom + box_height - 9, "Paraf pihak")
        for column, label in enumerate(row):
            x = left + PARAF_LABEL_MM * MM_TO_PT + column * (box_width + gap)
            sheet.rect(x, bottom, box_width, box_height)
            for line_number, line in enumerate(wrapped(label, box_width - 4)):
                sheet.drawCentredString(x + box_width / 2, bottom + box_height - 9 - line_number * 9, line)


def draw_continued_heading(sheet: canvas.Canvas, width: float, height: float, heading: str) -> None:
    """ "(lanjutan) 5. Dinas …" in the top margin, wrapped to the text's width."""
    usable = width - (MARGIN_LEFT_MM + MARGIN_RIGHT_MM) * MM_TO_PT
    lines = wrapped(f"(lanjutan) {heading}", usable)
    top = height - (MARGIN_TOP_MM * MM_TO_PT) + 4 + (len(lines) - 1) * 9
    sheet.setFont(FOOTER_FONT, 8)
    for index, line in enumerate(lines):
        sheet.drawString(MARGIN_LEFT_MM * MM_TO_PT, top - index * 9, line)


def wrapped(text: str, width: float, size: float = 8) -> list[str]:
    """`text` in lines no wider than `width` at `size` pt: at spaces, and inside a word too long
    for a line (a name typed without spaces), as the cells of the documents do."""
    lines: list[str] = []
    for line in simpleSplit(text, FOOTER_FONT, size, width):
        while pdfmetrics.stringWidth(line, FOOTER_FONT, size) > width:
            cut = len(line) - 1
            while cut > 1 and pdfmetrics.stringWidth(line[:cut], FOOTER_FONT, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def number_pages(pdf: bytes, furniture: PageFurniture) -> bytes:
    """Draw each page's furniture (page number, paraf boxes, continued heading); compress; name author
    and creator.

    xhtml2pdf can count pages itself (<pdf:pagecount>), but only by laying the whole document out
    twice; stamping the finished pages costs a fraction of that second pass. xhtml2pdf leaves the
    page contents uncompressed: compressed, a document is about a quarter of the size.
    """
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in writer.pages]
    continued = continued_headings(writer, furniture.headings)
    for page, stamp in zip(writer.pages, footer_stamps(sizes, furniture, continued).pages, strict=True):
        page.merge_page(stamp)
        page.compress_content_streams()
    writer.add_metadata({"/Author": PDF_AUTHOR, "/Creator": PDF_CREATOR})
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    result = io.BytesIO()
    writer.write(result)
    return result.getvalue()

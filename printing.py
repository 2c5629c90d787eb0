"""The PDF engine: templates/print/ rendered with xhtml2pdf, in A4 or F4, with the shipped DejaVu font.

What goes into each document is built in `documents.py`; this module only turns HTML into pages.

The font ships with the application (static/fonts) because the PDF must draw ✓ ✗ ☐ on any office PC.
Templates are ordinary autoescaped `.html` files, so a name like `<b>X</b> & Co` prints literally;
the link callback lets the renderer open only our font files, never a URL or another file.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from flask import current_app, render_template
from pypdf import PdfReader, PdfWriter
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

FONT_DIR = Path(__file__).resolve().parent / "static" / "fonts"
# Page sizes in millimetres (DESIGN.md §1: A4, or the F4 folio many offices use).
PAGE_SIZES_MM = {"a4": (210, 297), "f4": (215, 330)}
MM_TO_PT = 72 / 25.4
# The page footer sits in the bottom margin, right-aligned with the text's right edge.
FOOTER_RIGHT_MM = 20
FOOTER_BOTTOM_MM = 10


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


def render_pdf(template: str, paper: str, footer: str = "", **context: object) -> bytes:
    """Render `templates/print/<template>` to PDF bytes on the given paper, pages numbered."""
    width, height = PAGE_SIZES_MM[paper]
    register_footer_font()
    html = render_template(
        f"print/{template}",
        page_width=width,
        page_height=height,
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
    return number_pages(output.getvalue(), footer)


# Who the PDF's properties name (Author, Creator): an archive or a reader's "Properties" shows them.
PDF_AUTHOR = "Balai Pemasyarakatan Kelas II Klaten"
PDF_CREATOR = "Aplikasi Nota Kesepakatan Bapas Klaten"
FOOTER_FONT = "DejaVuSans"


@cache
def register_footer_font() -> str:
    """DejaVu Sans registered with reportlab, once: the page numbers use the document's own typeface.

    It also becomes reportlab's initial font for every page it starts (xhtml2pdf's included), which
    would otherwise list Helvetica in each page's fonts though no glyph is drawn with it. This app
    draws no other PDF, so the process-wide setting is ours to choose.
    """
    pdfmetrics.registerFont(TTFont(FOOTER_FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    rl_config.canvas_basefontname = FOOTER_FONT
    return FOOTER_FONT


def footer_stamps(sizes: list[tuple[float, float]], label: str) -> PdfReader:
    """One page per document page holding only "<label> Halaman x dari y", drawn in one PDF so the
    font's glyphs are embedded once for every page."""
    font = register_footer_font()
    stamps = io.BytesIO()
    # The initial font too: reportlab would otherwise list Helvetica on every page.
    sheet = canvas.Canvas(stamps, pageCompression=1, initialFontName=font, initialFontSize=8)
    for number, (width, height) in enumerate(sizes, start=1):
        sheet.setPageSize((width, height))
        sheet.setFont(font, 8)
        sheet.drawRightString(
            width - FOOTER_RIGHT_MM * MM_TO_PT,
            FOOTER_BOTTOM_MM * MM_TO_PT,
            f"{label} Halaman {number} dari {len(sizes)}".strip(),
        )
        sheet.showPage()
    sheet.save()
    return PdfReader(stamps)


def number_pages(pdf: bytes, label: str) -> bytes:
    """Stamp "<label> Halaman x dari y" at the foot of every page; compress; name author and creator.

    xhtml2pdf can count pages itself (<pdf:pagecount>), but only by laying the whole document out
    twice; stamping the finished pages costs a fraction of that second pass. xhtml2pdf leaves the
    page contents uncompressed: compressed, a document is about a quarter of the size.
    """
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in writer.pages]
    for page, stamp in zip(writer.pages, footer_stamps(sizes, label).pages, strict=True):
        page.merge_page(stamp)
        page.compress_content_streams()
    writer.add_metadata({"/Author": PDF_AUTHOR, "/Creator": PDF_CREATOR})
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    result = io.BytesIO()
    writer.write(result)
    return result.getvalue()

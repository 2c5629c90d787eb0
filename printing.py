"""The PDF engine: templates/print/ rendered with xhtml2pdf, in A4 or F4, with the shipped DejaVu font.

What goes into each document is built in `documents.py`; this module only turns HTML into pages.

The font ships with the application (static/fonts) because the PDF must draw ✓ ✗ ☐ on any office PC.
Templates are ordinary autoescaped `.html` files, so a name like `<b>X</b> & Co` prints literally;
the link callback lets the renderer open only our font files, never a URL or another file.
"""

from __future__ import annotations

import io
from pathlib import Path

from flask import current_app, render_template
from pypdf import PdfReader, PdfWriter
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


def number_pages(pdf: bytes, label: str) -> bytes:
    """Stamp "<label> Halaman x dari y" at the foot of every page.

    xhtml2pdf can count pages itself (<pdf:pagecount>), but only by laying the whole document out
    twice; stamping the finished pages costs a fraction of that second pass.
    """
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        stamp = io.BytesIO()
        sheet = canvas.Canvas(stamp, pagesize=(width, height))
        sheet.setFont("Helvetica", 8)
        sheet.drawRightString(
            width - FOOTER_RIGHT_MM * MM_TO_PT,
            FOOTER_BOTTOM_MM * MM_TO_PT,
            f"{label} Halaman {number} dari {total}".strip(),
        )
        sheet.save()
        page.merge_page(PdfReader(io.BytesIO(stamp.getvalue())).pages[0])
    result = io.BytesIO()
    writer.write(result)
    return result.getvalue()

"""PDF documents with reportlab: A4, embedded DejaVu fonts (ë, é, €, Ĳ), header with the case
reference, page numbers, the art. 28 footer and the audit-anchor id. All user text is escaped, so
markup in a name is printed literally; there are no links, no JavaScript and no personal metadata."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from bibob_desk.paths import resources_dir

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"


@cache
def register_fonts() -> None:
    folder = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, alignment=TA_LEFT, spaceAfter=4)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=16, leading=20, spaceAfter=8),
        "h": ParagraphStyle(
            "h",
            parent=body,
            fontName=BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        "sub": ParagraphStyle("sub", parent=body, fontName=BOLD, fontSize=8.5, leading=11, keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0),
    }


def p(text: str, style: str = "body") -> Paragraph:
    """A paragraph of user or template text, always escaped (T38)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), styles()[style])


def table(headers: list[str], rows: list[list[str]], widths: list[float] | None = None) -> Flowable:
    if not rows:
        return p("Geen gegevens.", "small")
    data = [[p(h, "cell") for h in headers]] + [[p(c, "cell") for c in row] for row in rows]
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def render(
    title: str, reference: str, footer: str, anchor: str, story: list[Flowable], *, header: str | None = None
) -> bytes:
    """The finished PDF as bytes (written atomically by the export service)."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=24 * mm,
        bottomMargin=22 * mm,
        title=f"{title} {reference}",
        author="bibob-desk",
        subject="Vertrouwelijk",
        creator="bibob-desk",
        producer="bibob-desk",
    )

    def page(canvas: object, document: object) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        width, height = A4
        canvas.drawString(20 * mm, height - 13 * mm, header or f"Dossier {reference} — {title}")
        canvas.drawRightString(width - 20 * mm, height - 13 * mm, f"pagina {document.page}")
        canvas.setFont(BOLD, 7.5)
        canvas.drawString(20 * mm, 12 * mm, footer[:150])
        canvas.setFont(FONT, 7)
        canvas.drawString(20 * mm, 8 * mm, f"Logboekanker: {anchor}")
        canvas.restoreState()

    doc.build([p(title, "title"), *story], onFirstPage=page, onLaterPages=page)
    return buffer.getvalue()


Block = Callable[[], list[Flowable]]
SPACER = Spacer(1, 2 * mm)

"""PDF documents with reportlab: A4, embedded DejaVu fonts (ë, é, €, Ĳ), header with the case
reference, page numbers, the art. 28 footer and the audit-anchor id. All user text is escaped, so
markup in a name is printed literally; there are no links, no JavaScript and no personal metadata."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as canvas_module
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
                ("FONTNAME", (0, 1), (-1, -1), FONT),  # never the bare Helvetica default (PDF/A)
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


@dataclass(frozen=True)
class Letter:
    """What turns a document into a letter: the letterhead (from the settings), the addressee, the
    reference lines and the signature by function; never the name of an official."""

    organisation: str
    postal_address: str
    visiting_address: str
    contact: str
    addressee: tuple[str, ...]
    date_line: str
    our_reference: str
    your_reference: str
    subject: str
    signature: tuple[str, ...]
    logo: bytes | None = None  # PNG, from the setting organisatie_logo


LOGO_BOX = (45 * mm, 18 * mm)  # the logo at most this wide and high, left of the letterhead


def logo_size(png: bytes) -> tuple[float, float]:
    """The logo's size on the page (points), its proportions kept, inside LOGO_BOX."""
    from reportlab.lib.utils import ImageReader

    w, h = ImageReader(io.BytesIO(png)).getSize()
    scale = min(LOGO_BOX[0] / w, LOGO_BOX[1] / h)
    return w * scale, h * scale


class _NumberedCanvas(canvas_module.Canvas):
    """'pagina x van y': the pages are kept until the end, when the total is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            self.drawRightString(A4[0] - 20 * mm, 8 * mm, f"pagina {self._pageNumber} van {total}")
            super().showPage()
        super().save()


def _letter_story(letter: Letter, title: str, story: list[Flowable]) -> list[Flowable]:
    facts = [
        ["Datum", letter.date_line],
        ["Ons kenmerk", letter.our_reference],
        ["Uw kenmerk", letter.your_reference or "—"],
        ["Onderwerp", letter.subject],
    ]
    lines = Table([[p(k, "small"), p(v, "small")] for k, v in facts], colWidths=[30 * mm, 140 * mm])
    lines.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [
        Spacer(1, 18 * mm),
        p("\n".join(letter.addressee)),
        Spacer(1, 10 * mm),
        lines,
        Spacer(1, 6 * mm),
        p(title, "h"),
        p("Geachte heer, mevrouw,"),
        *story,
        Spacer(1, 6 * mm),
        p("\n".join(letter.signature)),
    ]


def render(
    title: str,
    reference: str,
    footer: str,
    anchor: str,
    story: list[Flowable],
    *,
    header: str | None = None,
    letter: Letter | None = None,
) -> bytes:
    """The finished PDF as bytes (written atomically by the export service). `anchor` "" leaves the
    audit anchor out; `letter` makes it an outgoing letter with letterhead and signature."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=(34 if letter else 24) * mm,
        bottomMargin=22 * mm,
        title=f"{title} {reference}",
        initialFontName=FONT,  # the embedded DejaVu from the first operator on: no bare Helvetica (PDF/A)
        lang="nl",
        author="bibob-desk",
        subject="Vertrouwelijk",
        creator="bibob-desk",
        producer="bibob-desk",
    )

    def page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        width, height = A4
        if letter is not None:
            name_at = 20 * mm
            if letter.logo:
                from reportlab.lib.utils import ImageReader

                w, h = logo_size(letter.logo)
                top = height - 9 * mm
                image = ImageReader(io.BytesIO(letter.logo))
                canvas.drawImage(image, 20 * mm, top - h, w, h, mask="auto")
                name_at += w + 4 * mm
            canvas.setFont(BOLD, 13)
            canvas.drawString(name_at, height - 16 * mm, letter.organisation)
            canvas.setFont(FONT, 7.5)
            right = [letter.postal_address, letter.visiting_address, letter.contact]
            for i, line in enumerate(x for x in right if x):
                canvas.drawRightString(width - 20 * mm, height - 13 * mm - i * 3.6 * mm, line)
        else:
            canvas.setFont(FONT, 8)
            canvas.drawString(20 * mm, height - 13 * mm, header or f"Dossier {reference} — {title}")
        canvas.setFont(BOLD, 7.5)
        canvas.drawString(20 * mm, 12 * mm, footer[:150])
        if anchor:
            canvas.setFont(FONT, 7)
            canvas.drawString(20 * mm, 8 * mm, f"Logboekanker: {anchor}")
        canvas.restoreState()

    flowables = _letter_story(letter, title, story) if letter else [p(title, "title"), *story]
    doc.build(flowables, onFirstPage=page, onLaterPages=page, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


Block = Callable[[], list[Flowable]]
SPACER = Spacer(1, 2 * mm)

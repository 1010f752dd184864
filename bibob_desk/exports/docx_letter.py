"""A letter or memo as .docx from the municipality's own Word template (docxtpl), so legal staff can
finish it in Word. The template's merge fields are checked when it is loaded: a field outside
FIELDS is refused with its name. The content is the same `document_parts` as the PDF, for the same
recipient profile, so what a profile forbids cannot reach the docx either."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bibob_desk.content.safe_yaml import ContentError
from bibob_desk.exports.memos import MemoContext, document_parts, memo_values
from bibob_desk.presentation.values import DateStyle, Facts, Section, Table, text

ENV = "BIBOB_DESK_BRIEFSJABLOON"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
FIELDS = {
    "logo": "logo van de organisatie (afbeelding uit de instellingen; leeg zonder logo)",
    "organisatie": "naam van de organisatie (briefhoofd)",
    "postadres": "postadres",
    "bezoekadres": "bezoekadres",
    "contact": "contactregel",
    "geadresseerde": "naam en adres van de geadresseerde (meerdere regels)",
    "datum": "datum van de brief",
    "ons_kenmerk": "ons kenmerk",
    "uw_kenmerk": "uw kenmerk",
    "onderwerp": "onderwerp",
    "titel": "titel van het document",
    "aanhef": "aanhef",
    "secties": "de onderdelen: elk met .kop en .tekst",
    "ondertekening": "ondertekening namens het bestuursorgaan (meerdere regels, geen naam)",
    "voettekst": "vertrouwelijkheidsregel",
}


class TemplateError(ContentError):
    """The Word template cannot be used."""


@dataclass(frozen=True)
class LetterTemplate:
    path: Path
    data: bytes


def template_path() -> Path:
    from bibob_desk.paths import resources_dir

    return Path(os.environ.get(ENV) or resources_dir() / "templates" / "brief.docx")


def load_template(path: Path | None = None) -> LetterTemplate:
    """Read and check a Word template: a real .docx whose merge fields are all known."""
    from docxtpl import DocxTemplate

    path = Path(path or template_path())
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateError(path.name, None, "", "het sjabloon is groter dan 5 MB")
        data = path.read_bytes()
    except OSError:
        raise TemplateError(path.name, None, "", "het sjabloon kan niet worden gelezen") from None
    import zipfile

    from jinja2 import TemplateError as MergeFieldError
    from lxml.etree import XMLSyntaxError

    try:
        used = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables()
    except (zipfile.BadZipFile, KeyError, MergeFieldError, XMLSyntaxError, ValueError):
        # not a docx (no zip, no word/document.xml), broken XML or merge-field syntax; their text
        # may quote the template, so one Dutch message instead
        problem = "geen bruikbaar Word-sjabloon (.docx met samenvoegvelden)"
        raise TemplateError(path.name, None, "", problem) from None
    unknown = sorted(set(used) - set(FIELDS))
    if unknown:
        known = ", ".join(sorted(FIELDS))
        raise TemplateError(path.name, None, unknown[0], f"onbekend samenvoegveld; bekend zijn: {known}")
    return LetterTemplate(path, data)


def _section_text(section: Section) -> str:
    lines: list[str] = []
    for block in section.blocks:
        if isinstance(block, Table):
            table = block.compact()
            lines += [" · ".join(text(v, DateStyle.LONG) for v in row if text(v)) for row in table.rows]
        elif isinstance(block, Facts):
            lines += [f"{k}: {text(v, DateStyle.LONG)}" for k, v in block.pairs if text(v)]
        else:
            lines.append(text(block.text))
    return "\n".join(x for x in lines if x)


def build_docx(kind: str, memo: MemoContext, template: LetterTemplate) -> bytes:
    from docxtpl import DocxTemplate

    doc, letter = memo.texts.documents[kind], memo.letter
    values = memo_values(memo)
    sections: list[dict[str, str]] = []
    for heading, body in document_parts(kind, memo):
        chunks = [item if isinstance(item, str) else _section_text(item) for item in body]
        sections.append({"kop": heading, "tekst": "\n".join(c for c in chunks if c)})
    if memo.four_eyes is not None:  # every decision states whether four eyes applied (issue 17)
        from bibob_desk.exports.memos import FOUR_EYES_APPLIED, FOUR_EYES_OFF

        sections.append(
            {"kop": "Totstandkoming", "tekst": FOUR_EYES_APPLIED if memo.four_eyes else FOUR_EYES_OFF}
        )
    rendered = DocxTemplate(io.BytesIO(template.data))
    logo: Any = ""
    if letter is not None and letter.logo:
        from docx.shared import Mm
        from docxtpl import InlineImage

        from bibob_desk.exports.pdf import logo_size

        height = logo_size(letter.logo)[1]  # points, as on the PDF
        logo = InlineImage(rendered, io.BytesIO(letter.logo), height=Mm(height / 72 * 25.4))
    context: dict[str, Any] = {
        "logo": logo,
        "organisatie": letter.organisation if letter else "",
        "postadres": letter.postal_address if letter else "",
        "bezoekadres": letter.visiting_address if letter else "",
        "contact": letter.contact if letter else "",
        "geadresseerde": "\n".join(letter.addressee) if letter else "",
        "datum": letter.date_line if letter else values["vandaag"],
        "ons_kenmerk": memo.case.reference,
        "uw_kenmerk": (letter.your_reference if letter else "") or "—",
        "onderwerp": letter.subject if letter else doc["title"],
        "titel": doc["title"],
        "aanhef": "Geachte heer, mevrouw," if letter else "",
        "secties": sections,
        "ondertekening": "\n".join(letter.signature) if letter else "",
        "voettekst": memo.texts.footer,
    }
    rendered.render(context, autoescape=True)
    buffer = io.BytesIO()
    rendered.save(buffer)
    return buffer.getvalue()

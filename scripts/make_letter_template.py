"""Writes resources/templates/brief.docx, the sample Word template of outgoing letters (docxtpl merge
fields; a municipality uses its own house-style template via BIBOB_DESK_BRIEFSJABLOON). Run:
`.venv/bin/python scripts/make_letter_template.py`."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parents[1] / "resources" / "templates" / "brief.docx"


def main() -> None:
    doc = Document()
    doc.core_properties.author = "bibob-desk"
    doc.core_properties.title = "Brief (sjabloon)"
    section = doc.sections[0]  # A4 with the margins of the PDF letter
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(15), Mm(20)
    doc.add_paragraph("{{ logo }}")
    head = doc.add_paragraph()
    run = head.add_run("{{ organisatie }}")
    run.bold, run.font.size = True, Pt(14)
    small = doc.add_paragraph().add_run("{{ postadres }} · {{ bezoekadres }} · {{ contact }}")
    small.font.size = Pt(8)
    doc.add_paragraph("")
    doc.add_paragraph("{{ geadresseerde }}")
    doc.add_paragraph("")
    doc.add_paragraph("Datum: {{ datum }}")
    doc.add_paragraph("Ons kenmerk: {{ ons_kenmerk }}    Uw kenmerk: {{ uw_kenmerk }}")
    doc.add_paragraph("Onderwerp: {{ onderwerp }}")
    doc.add_heading("{{ titel }}", level=2)
    doc.add_paragraph("{{ aanhef }}")
    doc.add_paragraph("{%p for s in secties %}")
    doc.add_paragraph().add_run("{{ s.kop }}").bold = True
    doc.add_paragraph("{{ s.tekst }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{ ondertekening }}")
    footer = doc.sections[0].footer.paragraphs[0]
    footer.add_run("{{ voettekst }}").font.size = Pt(7)
    pages = doc.sections[0].footer.add_paragraph()
    pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for part in ("pagina ", "PAGE", " van ", "NUMPAGES"):
        if part.isupper():  # a Word field, filled in by Word or LibreOffice when the page is laid out
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), part)
            run = OxmlElement("w:r")
            shown = OxmlElement("w:t")
            shown.text = "1"
            run.append(shown)
            field.append(run)
            pages._p.append(field)
        else:
            pages.add_run(part).font.size = Pt(7)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(OUT)
    print(f"geschreven: {OUT}")


if __name__ == "__main__":
    main()

"""Writes resources/templates/brief.docx, the sample Word template of outgoing letters (docxtpl merge
fields; a municipality uses its own house-style template via BIBOB_DESK_BRIEFSJABLOON). Run:
`.venv/bin/python scripts/make_letter_template.py`."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Pt

OUT = Path(__file__).resolve().parents[1] / "resources" / "templates" / "brief.docx"


def main() -> None:
    doc = Document()
    doc.core_properties.author = "bibob-desk"
    doc.core_properties.title = "Brief (sjabloon)"
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
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(OUT)
    print(f"geschreven: {OUT}")


if __name__ == "__main__":
    main()

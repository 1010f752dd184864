"""Letters as .docx from the municipality's Word template (issue 15, part 5): the same content and
recipient profile as the PDF, reopened with python-docx; unknown merge fields in a template are
refused on load with the field named. Real SQLCipher files, real docx files."""

from __future__ import annotations

import io

import pytest
from docx import Document

from bibob_desk.domain.errors import UserError
from bibob_desk.exports.docx_letter import TemplateError, load_template
from tests.conftest import four_eyes_off


def _text(path) -> str:
    doc = Document(str(path))
    body = [p.text for p in doc.paragraphs]
    footer = [p.text for s in doc.sections for p in s.footer.paragraphs]
    return "\n".join(body + footer)


def test_a_weigering_to_the_betrokkene_as_docx_has_the_letter_and_nothing_internal(demo_app, tmp_path):
    four_eyes_off(demo_app)
    h2 = demo_app.cases.id_of("H2")
    demo_app.risk.score(h2)
    out = tmp_path / "brief.docx"
    demo_app.exports.word(h2, "weigering", out, recipient="betrokkene", your_reference="UW-7")
    shown = _text(out)
    for expected in (
        "Gemeente Voorbeeld",
        "Noor Lounge B.V.",
        "Ons kenmerk: H2",
        "Uw kenmerk: UW-7",
        "Besluit tot weigering",
        "Rechtsmiddelen",
        "namens de burgemeester van Voorbeeld",
        "Vertrouwelijk — art. 28 Wet Bibob",
    ):
        assert expected in shown, expected
    for internal in ("score", "ROOD", "Logboekanker", "demo-jurist", "PRI-02"):
        assert internal not in shown, internal
    pdf = tmp_path / "brief.pdf"  # the same document as PDF says the same
    demo_app.exports.memo(h2, "weigering", pdf, recipient="betrokkene")
    from pypdf import PdfReader

    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "Rechtsmiddelen" in flat and "Noor Lounge B.V." in flat
    (entry,) = demo_app.audit.entries(action="export.word")
    assert "ontvanger:betrokkene" in entry.object and "Noor" not in entry.object


def test_a_template_with_an_unknown_merge_field_is_refused_naming_it(tmp_path, monkeypatch, demo_app):
    bad = Document()
    bad.add_paragraph("{{ organisatie }} {{ handtekening_wethouder }}")
    path = tmp_path / "eigen.docx"
    bad.save(str(path))
    with pytest.raises(TemplateError, match="veld handtekening_wethouder: onbekend samenvoegveld"):
        load_template(path)
    broken = Document()
    broken.add_paragraph("{{ organisatie }")  # a merge field that is never closed
    broken.save(str(tmp_path / "syntax.docx"))
    with pytest.raises(TemplateError, match="geen bruikbaar Word-sjabloon"):
        load_template(tmp_path / "syntax.docx")
    (tmp_path / "kapot.docx").write_bytes(b"PK\x03\x04 geen echt docx")
    with pytest.raises(TemplateError, match="geen bruikbaar Word-sjabloon"):
        load_template(tmp_path / "kapot.docx")
    monkeypatch.setenv("BIBOB_DESK_BRIEFSJABLOON", str(path))
    with pytest.raises(UserError, match=r"Het Word-sjabloon is onbruikbaar: eigen\.docx, veld handtekening"):
        demo_app.exports.word(demo_app.cases.id_of("H2"), "advies", tmp_path / "a.docx")
    assert not (tmp_path / "a.docx").exists()
    monkeypatch.delenv("BIBOB_DESK_BRIEFSJABLOON")
    shipped = load_template()  # the sample template of the package has only known fields
    assert shipped.path.name == "brief.docx" and io.BytesIO(shipped.data).read(2) == b"PK"


def _png(path, size=(300, 120)):
    from PIL import Image

    Image.new("RGB", size, (0, 90, 160)).save(path)
    return path


def test_the_logo_from_the_settings_is_in_the_letterhead_of_the_pdf_and_the_docx(demo_app, tmp_path):
    from pypdf import PdfReader

    from bibob_desk.exports.pdfa import problems

    four_eyes_off(demo_app)
    h2 = demo_app.cases.id_of("H2")

    def images(kind_out: str) -> tuple[int, int]:
        pdf, docx = tmp_path / f"{kind_out}.pdf", tmp_path / f"{kind_out}.docx"
        demo_app.exports.memo(h2, "weigering", pdf, recipient="betrokkene")
        demo_app.exports.word(h2, "weigering", docx, recipient="betrokkene")
        assert problems(pdf.read_bytes()) == []  # still PDF/A-2b with the image
        return len(PdfReader(pdf).pages[0].images), len(Document(str(docx)).inline_shapes)

    assert images("zonder") == (0, 0)
    demo_app.settings.set("organisatie_logo", str(_png(tmp_path / "logo.png")))
    assert demo_app.settings.shown("organisatie_logo") == "afbeelding van 300×120 pixels"
    assert images("met") == (1, 1)
    memo = tmp_path / "intern.pdf"  # an internal memo is no letter: no letterhead, no logo
    demo_app.exports.memo(h2, "advies", memo, recipient="intern")
    assert len(PdfReader(memo).pages[0].images) == 0
    demo_app.settings.set("organisatie_logo", "geen")
    assert demo_app.settings.logo() is None


def test_a_logo_that_is_no_image_or_too_large_is_refused_in_dutch(demo_app, tmp_path):
    text = tmp_path / "logo.png"
    text.write_text("geen afbeelding")
    with pytest.raises(UserError, match=r"logo\.png is geen leesbare PNG- of JPEG-afbeelding"):
        demo_app.settings.set("organisatie_logo", str(text))
    big = tmp_path / "groot.png"
    big.write_bytes(b"\0" * (1024 * 1024 + 1))
    with pytest.raises(UserError, match="groter dan 1 MB"):
        demo_app.settings.set("organisatie_logo", str(big))
    with pytest.raises(UserError, match="groter dan 4000 pixels"):
        demo_app.settings.set("organisatie_logo", str(_png(tmp_path / "breed.png", (4001, 10))))
    gif = tmp_path / "logo.gif"
    from PIL import Image

    Image.new("RGB", (10, 10)).save(gif)
    with pytest.raises(UserError, match="kies een PNG- of JPEG-afbeelding"):
        demo_app.settings.set("organisatie_logo", str(gif))
    with pytest.raises(UserError, match="kan niet worden gelezen"):
        demo_app.settings.set("organisatie_logo", str(tmp_path / "weg.png"))
    assert demo_app.settings.shown("organisatie_logo") == "(geen)"

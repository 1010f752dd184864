"""Exports from a real store: PDFs read back and rendered, the LBB package, the workbook, atomic
writes on a really full filesystem, roles and the audit trail."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import pyzipper
from pypdf import PdfReader
from sqlalchemy import text

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.exports.texts import load_texts
from bibob_desk.services.permissions import NotAllowed
from tests.conftest import add_user, first_login, four_eyes_off, reopen

FOOTER = "Vertrouwelijk — art. 28 Wet Bibob"


@pytest.fixture(autouse=True)
def one_jurist(demo_app):
    """These tests are about the documents themselves; four eyes has its own tests
    (test_four_eyes.py), so here the beheerder may export decisions alone."""
    four_eyes_off(demo_app)


def cid(app, reference):
    return app.cases.id_of(reference)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.parametrize(
    ("reference", "kind"),
    [
        ("H2", "advies"),
        ("H2", "voornemen"),
        ("H2", "weigering"),
        ("V1", "advies"),
        ("V3", "voorschriften"),
        ("H2", "intrekking"),
    ],
)
def test_memos_contain_reference_findings_and_footer_and_no_script(demo_app, tmp_path, reference, kind):
    case_id = cid(demo_app, reference)
    if kind == "intrekking":  # an intrekking fits an existing permit (an application is refused)
        ops = [{"op": "replace", "path": "/procedure", "value": "bestaande_vergunning"}]
        demo_app.revisions.edit(case_id, ops, "onderzoek tijdens de looptijd van de vergunning")
    assessment = demo_app.risk.score(case_id)
    out = tmp_path / f"{reference}-{kind}.pdf"
    demo_app.exports.memo(case_id, kind, out)
    content = pdf_text(out)
    flat = " ".join(content.split())
    assert reference in flat and FOOTER in flat
    catalogue = f"catalogus {assessment.catalogue_id} v{assessment.catalogue_version}"
    versions = f"memoteksten v{load_texts().version} · {catalogue}"
    assert versions in flat  # the page records which content versions made it
    if kind in ("advies", "voornemen", "weigering", "intrekking"):
        for finding in assessment.findings:
            assert finding.indicator in flat
    raw = out.read_bytes()
    for marker in (b"/JavaScript", b"/JS ", b"/OpenAction", b"/Launch", b"/URI"):
        assert marker not in raw
    meta = PdfReader(out).metadata
    assert meta.author == "bibob-desk" and os.environ.get("USER", "root") not in (meta.author or "")


def test_v3_decision_links_each_voorschrift_to_its_danger(demo_app, tmp_path):
    out = tmp_path / "v3.pdf"
    demo_app.exports.memo(cid(demo_app, "V3"), "voorschriften", out)
    flat = " ".join(pdf_text(out).split())
    assert "Herfinanciering van de lening van Y Holding B.V." in flat
    assert "financiële relatie met een geldverstrekker" in flat and "Geschiktheid:" in flat


def test_markup_in_a_name_is_printed_literally(demo_app, tmp_path):
    case_id = cid(demo_app, "H1")
    case = demo_app.cases.open_case(case_id)
    case.parties[0].name = "Sanne <b>Verbeek</b> & <img src='http://x/y.png'>"
    with demo_app._store.transaction() as tx:
        tx.save_case(case)
    out = tmp_path / "h1.pdf"
    demo_app.exports.memo(case_id, "advies", out)
    flat = " ".join(pdf_text(out).split())
    assert "<b>Verbeek</b>" in flat and "<img" in flat


def test_a_memo_page_renders_and_is_not_blank(demo_app, tmp_path):
    import pypdfium2 as pdfium

    out = tmp_path / "h2.pdf"
    demo_app.exports.memo(cid(demo_app, "H2"), "advies", out)
    image = pdfium.PdfDocument(out.read_bytes())[0].render(scale=1).to_pil().convert("L")
    png = tmp_path / "h2-1.png"
    image.save(png)
    histogram = image.histogram()
    dark = sum(histogram[:128])
    assert png.stat().st_size > 10_000 and dark > 2_000  # real text on the page


def pdf_text_bytes(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_lbb_package_has_documents_and_a_verifiable_manifest(demo_app, tmp_path):
    import hashlib

    case_id = cid(demo_app, "H2")
    demo_app.risk.score(case_id)
    out = tmp_path / "h2.zip"
    result = demo_app.exports.lbb_package(case_id, out)
    assert result.password is None
    archive = zipfile.ZipFile(out)
    manifest = json.loads(archive.read("lbb-pakket/manifest.json"))
    assert manifest["case"]["reference"] == "H2" and manifest["catalogue"]["version"] == 2  # the newest
    assert manifest["audit_head"]["seq"] > 0 and manifest["memo_texts_version"] == load_texts().version
    names = [f["name"] for f in manifest["files"]]
    assert names == [  # the imported H2 has no form answers: no empty form, the manifest says why
        "01-adviesaanvraag.pdf",
        "02-bevindingen-eigen-onderzoek.pdf",
        "04-brief-betrokkene.pdf",
    ]
    (absent,) = manifest["absent"]
    assert absent["document"] == "vragenformulier" and "geen antwoorden" in absent["reason"]
    for entry in manifest["files"]:  # and no document in it is empty
        assert len(pdf_text_bytes(archive.read(f"lbb-pakket/{entry['name']}")).split()) > 20
    for entry in manifest["files"]:
        assert hashlib.sha256(archive.read(f"lbb-pakket/{entry['name']}")).hexdigest() == entry["sha256"]


def test_lbb_package_refuses_until_prerequisites_and_can_be_encrypted(demo_app, tmp_path):
    with pytest.raises(UserError, match="eigen onderzoek"):
        demo_app.exports.lbb_package(cid(demo_app, "H1"), tmp_path / "h1.zip")
    assert not (tmp_path / "h1.zip").exists()
    result = demo_app.exports.lbb_package(cid(demo_app, "V3"), tmp_path / "v3.zip", encrypt=True)
    groups = result.password.split("-")
    assert len(groups) == 5 and all(len(g) == 4 for g in groups)
    assert not set(result.password) & set("0oO1lIiS5Z2BG")  # nothing to misread when read aloud
    with pytest.raises(RuntimeError):
        zipfile.ZipFile(tmp_path / "v3.zip").read("lbb-pakket/manifest.json")
    with pyzipper.AESZipFile(tmp_path / "v3.zip") as archive:
        archive.setpassword(result.password.encode())
        assert json.loads(archive.read("lbb-pakket/manifest.json"))["case"]["reference"] == "V3"


def test_workbook_counts_no_formulas_and_real_dates(demo_app, tmp_path):
    import openpyxl

    h1 = demo_app.cases.open_case(cid(demo_app, "H1"))
    h1.parties[0].name = '=HYPERLINK("http://x","klik")'
    with demo_app._store.transaction() as tx:
        tx.save_case(h1)
    out = tmp_path / "dossiers.xlsx"
    demo_app.exports.workbook(None, out, profile="basis")
    assert out.stat().st_mode & 0o077 == 0  # readable by the owner only
    with zipfile.ZipFile(out) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and all(b"<f>" not in archive.read(n) for n in sheets)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Dossiers",
        "Betrokkenen",
        "Relaties",
        "Financiering",
        "Indicatoren",
        "Termijnen",
        "Besluiten",
    ]
    assert wb["Dossiers"].max_row == 5 and wb["Dossiers"].freeze_panes == "A2"
    row = next(r for r in wb["Dossiers"].iter_rows(min_row=2, values_only=True) if r[0] == "H1")
    assert row[5].year == 2025 and row[5].month == 2  # a real date
    names = [r[1] for r in wb["Betrokkenen"].iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://x","klik")' in names
    assert wb["Relaties"].max_row - 1 == sum(
        len(demo_app.cases.open_case(cid(demo_app, r)).relations) for r in ("H1", "H2", "V1", "V3")
    )


def test_the_workbook_prints_as_it_is_marked_confidential_with_euros_and_register_signals(demo_app, tmp_path):
    import openpyxl

    from bibob_desk.exports.workbook import CONFIDENTIAL, EURO

    demo_app.signals.add(
        source="handhaving",
        on=date(2026, 10, 2),
        reliability="bevestigd",
        about="adres",
        name="Stationsweg 18",
        description="Na sluitingstijd open aangetroffen.",
        postcode="1234 CD",
        house_number="18",
    )
    out = tmp_path / "volledig.xlsx"
    demo_app.exports.workbook(None, out, profile="volledig")
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.print_title_rows == "$1:$1"
        assert ws.oddHeader.center.text == CONFIDENTIAL and "&P van &N" in ws.oddFooter.right.text
    amounts = [c for row in wb["Financiering"].iter_rows(min_row=2) for c in row if c.number_format == EURO]
    assert amounts and all(isinstance(c.value, int | float) for c in amounts)
    register = [
        r for r in wb["Signalen"].iter_rows(min_row=2, values_only=True) if "signalenregister" in str(r[6])
    ]
    assert [r[0] for r in register] == ["H2"]
    for ws in wb.worksheets:  # text wider than its column wraps, its row made high enough to show it
        widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
        for name, width in zip((c.value for c in ws[1]), widths, strict=True):
            assert max(len(w) for w in name.split()) < width, (ws.title, name)  # no header word broken
        for row in ws.iter_rows(min_row=2):
            long = [
                c for c, w in zip(row, widths, strict=True) if isinstance(c.value, str) and len(c.value) > w
            ]
            assert all(c.alignment.wrap_text for c in long), ws.title
            if long:
                assert ws.row_dimensions[row[0].row].height >= 30, (ws.title, row[0].row)


def test_t37_values_stay_text_and_numbers_keep_their_sign(tmp_path):
    import openpyxl

    from bibob_desk.exports.workbook import write_workbook

    hostile = ["=1+1", "+31 6 1234", "-5", "@SUM(A1)", "\tTab", "\rX", "\x00nul", "{=1+1}", '=HYPERLINK("x")']
    rows = {name: [] for name in ("Dossiers", "Betrokkenen", "Relaties", "Financiering", "Indicatoren")}
    rows |= {"Termijnen": [], "Besluiten": []}
    rows["Betrokkenen"] = [["R1", value] for value in hostile]
    rows["Financiering"] = [["R1", "lening", Decimal("-2500.50")]]
    out = tmp_path / "t37.xlsx"
    out.write_bytes(write_workbook(rows, "basis"))
    with zipfile.ZipFile(out) as archive:
        assert all(
            b"<f>" not in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")
        )
    wb = openpyxl.load_workbook(out)
    cells = [row[1] for row in wb["Betrokkenen"].iter_rows(min_row=2)]
    assert all(c.data_type == "s" for c in cells)
    assert [c.value for c in cells][:5] == hostile[:5] and cells[6].value == "\ufffdnul"
    assert cells[5].value in ("\rX", "\nX")  # XML reading normalises a carriage return
    assert [c.value for c in cells][7:] == hostile[7:]
    amount = wb["Financiering"]["C2"]
    assert amount.data_type == "n" and amount.value == -2500.5


def test_full_profile_only_for_jurist_or_beheerder(demo_app, tmp_path):
    import openpyxl

    out = tmp_path / "volledig.xlsx"
    demo_app.exports.workbook([cid(demo_app, "H2")], out, profile="volledig")
    wb = openpyxl.load_workbook(out)
    assert "Antecedenten" in wb.sheetnames and wb["Dossiers"].max_row == 2
    add_user(demo_app, "vv", "Vergunning", Role.VERGUNNINGVERLENER, "rode lamp zeilboot kaas")
    path = demo_app._store.path
    demo_app.close()

    first_login(path, "vv", "rode lamp zeilboot kaas")
    officer = reopen(path, username="vv", password="rode lamp zeilboot kaas")
    try:
        with pytest.raises(NotAllowed):
            officer.exports.workbook(None, tmp_path / "x.xlsx", profile="volledig")
        with pytest.raises(NotAllowed):
            officer.exports.memo(officer.cases.id_of("H2"), "weigering", tmp_path / "w.pdf")
        officer.exports.memo(officer.cases.id_of("H2"), "advies", tmp_path / "a.pdf")
    finally:
        officer.close()


def test_every_export_is_audited_with_recipient_and_purpose_and_no_names(demo_app, tmp_path):
    demo_app.exports.memo(
        cid(demo_app, "H2"), "advies", tmp_path / "a.pdf", recipient="riec", purpose="zienswijze"
    )
    with pytest.raises(UserError, match="ontvanger"):
        demo_app.exports.memo(cid(demo_app, "H2"), "advies", tmp_path / "b.pdf", recipient="journalist")
    with demo_app._store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT action, object FROM audit_log WHERE action LIKE 'export.%'")
        ).fetchall()
    assert [r[0] for r in rows] == ["export.memo.advies"]
    assert "ontvanger:riec" in rows[0][1] and "doel:zienswijze" in rows[0][1] and "Karimi" not in rows[0][1]


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    return result.returncode == 0


@pytest.mark.slow
def test_a_full_disk_leaves_the_old_file_untouched_and_no_partial_file(demo_app, tmp_path):
    small = tmp_path / "vol"
    if not _mount_tmpfs(small, "48k"):
        pytest.skip("tmpfs kan hier niet worden aangekoppeld (geen root)")
    try:
        target = small / "memo.pdf"
        target.write_bytes(b"oude inhoud " * 100)
        before = target.read_bytes()
        with pytest.raises(UserError, match="Schijf vol"):
            demo_app.exports.memo(cid(demo_app, "H2"), "advies", target)  # ~60 kB does not fit in 48 kB
        assert target.read_bytes() == before
        assert sorted(p.name for p in small.iterdir()) == ["memo.pdf"]
        with demo_app._store.engine.connect() as conn:
            results = [
                r[0] for r in conn.execute(text("SELECT result FROM audit_log WHERE action LIKE 'export.%'"))
            ]
        assert results[-1] == "mislukt"
    finally:
        subprocess.run(["umount", str(small)], check=False)


FSIZE_CHILD = """
import os, resource, signal, sys
from pathlib import Path
from bibob_desk.bootstrap import open_app
from bibob_desk.domain.errors import UserError

db, target, user, password = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
ctx = open_app(db, username=user, password=password)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write then fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    ctx.exports.lbb_package(ctx.cases.id_of("H2"), target)
    print("GESCHREVEN")
except UserError as error:
    print("FOUT:", error)
sys.stdout.flush()
os._exit(0)  # no checkpoint under the limit; what was committed is in the WAL
"""


@pytest.mark.slow
def test_file_size_limit_without_root_leaves_the_old_file_and_no_partial_file(demo_app, tmp_path):
    """T14: where no tmpfs can be mounted, RLIMIT_FSIZE in a child makes the write fail the same way."""
    import sys

    from tests.conftest import ADMIN, PASSWORD

    path = demo_app._store.path
    demo_app.close()
    folder = tmp_path / "uit"
    folder.mkdir()
    target = folder / "H2-lbb.zip"
    target.write_bytes(b"oud pakket " * 100)
    before = target.read_bytes()
    child = subprocess.run(
        [sys.executable, "-c", FSIZE_CHILD, str(path), str(target), ADMIN, PASSWORD],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert "FOUT: Schijf vol" in child.stdout, child.stdout + child.stderr
    assert "Traceback" not in child.stderr
    assert target.read_bytes() == before and sorted(p.name for p in folder.iterdir()) == ["H2-lbb.zip"]

    app = reopen(path, username=ADMIN, password=PASSWORD)
    try:
        rows = app.audit.entries(action="export.lbb_pakket")
        # issue 18: an export is audited with its hash once it is written but still hidden, so a write
        # that fails leaves one row: mislukt (before, an 'ok' row came first, then 'mislukt')
        assert [r.result for r in rows] == ["mislukt"]
        assert app.audit.verify().first_broken is None
    finally:
        app.close()


def test_pdf_has_no_script_even_with_hostile_text(demo_app, tmp_path):
    case = demo_app.cases.open_case(cid(demo_app, "H1"))
    case.title = "<script>app.alert(1)</script> /JavaScript /OpenAction"
    with demo_app._store.transaction() as tx:
        tx.save_case(case)
    out = tmp_path / "x.pdf"
    demo_app.exports.memo(case.id, "advies", out)
    reader = PdfReader(out)
    catalog = reader.trailer["/Root"]
    assert "/OpenAction" not in catalog and "/AA" not in catalog and "/Names" not in catalog
    assert not re.search(rb"/S\s*/JavaScript", out.read_bytes())


@pytest.mark.parametrize(
    ("reference", "kind", "recipient"), [("H2", "weigering", "betrokkene"), ("V1", "advies", "intern")]
)
def test_decisions_letters_and_memos_are_pdf_a_2b_with_embedded_fonts(
    demo_app, tmp_path, reference, kind, recipient
):
    import pikepdf

    from bibob_desk.exports.pdfa import problems

    four_eyes_off(demo_app)
    out = tmp_path / f"{kind}.pdf"
    demo_app.exports.memo(cid(demo_app, reference), kind, out, recipient=recipient)
    data = out.read_bytes()
    assert problems(data) == []  # qpdf finds no damage; declared PDF/A-2b; output intent; fonts embedded
    with pikepdf.open(out) as pdf:
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert meta["xmp:CreatorTool"] == "bibob-desk" and meta["dc:creator"] == ["bibob-desk"]  # no person
        fonts = {str(f.get("/BaseFont")) for page in pdf.pages for f in page.Resources.Font.values()}
        assert fonts and all("DejaVu" in f for f in fonts)


def test_the_pdf_a_check_finds_what_a_plain_pdf_lacks(tmp_path):
    from reportlab.pdfgen import canvas

    from bibob_desk.exports.pdfa import problems, to_pdfa

    buffer = io.BytesIO()
    plain = canvas.Canvas(buffer)
    plain.drawString(72, 720, "Helvetica, niet ingebed")
    plain.save()
    found = problems(buffer.getvalue())
    assert (
        "geen verklaring PDF/A-2b in de XMP-metadata" in found
        and "geen output intent (kleurprofiel)" in found
    )
    assert any("niet ingebed" in f for f in found)
    assert [
        f for f in problems(to_pdfa(buffer.getvalue(), "x")) if "niet ingebed" in f
    ]  # fonts stay a problem

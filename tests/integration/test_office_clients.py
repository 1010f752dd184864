"""The files a municipality opens in its own office software (issue 15, part 8): the workbook and
the Word letter are opened by a real office client — LibreOffice headless, installed by the test
command — and converted to PDF; the decisions pass qpdf's own structure check. Slow: LibreOffice
starts in a few seconds."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import four_eyes_off

pytestmark = pytest.mark.slow


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} ontbreekt: `scripts/dev.sh test` installeert het (Debian)")
    return found


def _office_pdf(source: Path, tmp_path: Path) -> PdfReader:
    """Open `source` in LibreOffice (its own profile in tmp_path) and print it to PDF."""
    out = tmp_path / "lo"
    done = subprocess.run(
        [
            _tool("soffice"),
            f"-env:UserInstallation=file://{tmp_path / 'lo-profiel'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    result = out / f"{source.stem}.pdf"
    assert done.returncode == 0 and result.exists(), done.stdout + done.stderr
    return PdfReader(result)


def _flat(reader: PdfReader) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def test_the_workbook_opens_in_libreoffice_and_prints_landscape_marked_on_every_page(demo_app, tmp_path):
    workbook = tmp_path / "dossiers.xlsx"
    demo_app.exports.workbook(None, workbook, profile="volledig")
    reader = _office_pdf(workbook, tmp_path)
    pages = _flat(reader)
    total = len(pages)
    # four demo cases, ten sheets: landscape, each sheet as wide as one page (its columns are not
    # split over pages), so one or two pages per sheet — the issue counted 34 portrait pages
    assert 10 <= total <= 14, total
    for number, (page, shown) in enumerate(zip(reader.pages, pages, strict=True), start=1):
        assert page.mediabox.width > page.mediabox.height, number  # landscape
        assert "VERTROUWELIJK — art. 28 Wet Bibob" in shown, number
        assert f"pagina {number} van {total}" in shown, number
    for reference in ("H1", "H2", "V1", "V3"):
        assert reference in pages[0]  # the Dossiers sheet, every case on the first page
    # the header row is repeated on a sheet's next page: every page of a sheet starts with it
    assert all("Kenmerk" in shown for shown in pages)


def test_the_word_letter_opens_in_libreoffice_as_an_a4_letter_with_page_numbers(demo_app, tmp_path):
    four_eyes_off(demo_app)
    letter = tmp_path / "weigering.docx"
    demo_app.exports.word(demo_app.cases.id_of("H2"), "weigering", letter, recipient="betrokkene")
    reader = _office_pdf(letter, tmp_path)
    pages = _flat(reader)
    width, height = (float(x) for x in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4, not Letter
    assert "Noor Lounge B.V." in pages[0] and "Besluit tot weigering" in pages[0]
    assert "Gemeente Voorbeeld" in pages[0] and "Uw kenmerk" in pages[0]
    assert "namens de burgemeester van Voorbeeld" in " ".join(pages)
    for number, shown in enumerate(pages, start=1):
        assert f"pagina {number} van {len(pages)}" in shown, number


@pytest.mark.parametrize(("kind", "recipient"), [("weigering", "betrokkene"), ("advies", "intern")])
def test_decisions_pass_qpdf_check(demo_app, tmp_path, kind, recipient):
    four_eyes_off(demo_app)
    out = tmp_path / f"{kind}.pdf"
    demo_app.exports.memo(demo_app.cases.id_of("H2"), kind, out, recipient=recipient)
    done = subprocess.run([_tool("qpdf"), "--check", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors" in done.stdout

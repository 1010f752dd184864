"""`bibob-desk selftest`: does this installation work? For municipal IT after installing a bundle.

Everything happens in a temporary folder that is removed afterwards; the user's database is not
touched. Prints one Dutch line per part; exit code 0 only when every part passed.
"""

from __future__ import annotations

import os
import platform
import secrets
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bibob_desk import __version__


def _content() -> str:
    from bibob_desk.exports.texts import load_texts
    from bibob_desk.paths import forms_dir, resources_dir
    from bibob_desk.questionnaire.loader import load_form
    from bibob_desk.risk.catalogue import load_catalogue
    from bibob_desk.workflow.retention import load_rules
    from bibob_desk.workflow.terms import load_terms

    forms = [load_form(p) for p in sorted(forms_dir().glob("*.yaml"))]
    catalogue = load_catalogue(sorted((resources_dir() / "indicators").glob("*.yaml"))[-1])
    load_texts(), load_terms(), load_rules()
    names = ", ".join(f"{f.id} v{f.version}" for f in forms)
    return f"{len(forms)} formulieren ({names}); catalogus {catalogue.id} v{catalogue.version}"


def _database(folder: Path) -> str:
    from bibob_desk.bootstrap import PRODUCT_KDF, create_app, open_app
    from bibob_desk.paths import demo_case_files

    path = folder / "zelftest.db"
    password = secrets.token_urlsafe(24)
    ctx = create_app(path, username="zelftest", display_name="Zelftest", password=password, kdf=PRODUCT_KDF)
    try:
        outcome = ctx.cases.import_file(demo_case_files()[0])
        case_id = ctx.cases.id_of(outcome.reference)
        assessment = ctx.risk.score(case_id)
        pdf = ctx.exports.memo(case_id, "advies", folder / "memo.pdf")
        image = ctx.exports.memo_preview(case_id, "advies", width=300)
        xlsx = ctx.exports.workbook(None, folder / "dossiers.xlsx")
        cipher = ctx.maintenance.cipher_version()
    finally:
        ctx.close()
    reopened = open_app(path, username="zelftest", password=password)
    try:
        report = reopened.maintenance.check(full=True)
    finally:
        reopened.close()
    if not report.ok:
        raise RuntimeError("controle na heropenen mislukt")
    return (
        f"SQLCipher {cipher}; dossier {outcome.reference} gescoord ({assessment.band}, "
        f"{assessment.score} punten); memo {pdf.size // 1000} kB, pagina 1 {image.width}×{image.height}; "
        f"Excel {xlsx.size // 1000} kB; heropend en gecontroleerd"
    )


def _gui(folder: Path) -> str:
    from bibob_desk.ui.app import selftest_window

    return selftest_window(folder / "nieuw" / "bibob.db")


def run(*, gui: bool) -> int:
    print(f"bibob-desk {__version__} — zelftest (Python {platform.python_version()}, {platform.system()})")
    frozen = getattr(sys, "frozen", False)
    print(f"  installatie: {'gebundeld (PyInstaller)' if frozen else 'Python-omgeving'}")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="bibob-zelftest-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o700)
        parts: list[tuple[str, Callable[[], str]]] = [
            ("inhoud", _content),
            ("database, score, memo, Excel", lambda: _database(folder)),
        ]
        if gui:
            parts.append(("venster (Qt)", lambda: _gui(folder)))
        for name, part in parts:
            try:
                detail = part()
            except Exception as error:  # every failure is reported, none is shown as a traceback
                failures += 1
                print(f"  FOUT  {name}: {type(error).__name__}: {error}")
            else:
                print(f"  ok    {name}: {detail}")
    print("Zelftest geslaagd." if not failures else f"Zelftest mislukt: {failures} onderdeel/onderdelen.")
    return 0 if not failures else 1

"""The real `bibob-desk` command in a subprocess, with the product's Argon2 cost."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from bibob_desk.paths import demo_case_files

pytestmark = pytest.mark.slow  # every test here starts the real command line in a child process

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "groene kikker tafel regen"


def run(
    *args: str, db: Path | str, password: str = PASSWORD, cwd: Path = ROOT, **env: str
) -> subprocess.CompletedProcess:
    environ = {**os.environ, "BIBOB_DESK_USER": "beheerder", "BIBOB_DESK_PASSWORD": password, **env}
    environ.pop("DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "bibob_desk", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=cwd,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "demo.db"
    result = run("demo", "--oorspronkelijke-datums", db=db)  # the acceptance cases as shipped
    assert result.returncode == 0, result.stderr
    assert "Database aangemaakt" in result.stdout
    assert [line.split()[-1] for line in result.stdout.splitlines() if line.startswith("Geladen")] == [
        "H1",
        "H2",
        "V1",
        "V3",
    ]
    return db


def test_list_json_has_the_promised_fields(demo_db):
    result = run("list", "--json", db=demo_db)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["reference"] for r in rows] == ["H1", "H2", "V1", "V3"]
    h2 = rows[1]
    assert h2["permit_kind"] == "exploitatievergunning"
    assert h2["stage"] == "advies_ontvangen"
    assert "Noor Lounge B.V." in h2["parties"] and "M. Karimi" in h2["parties"]


def test_demo_twice_loads_nothing_twice(demo_db):
    result = run("demo", db=demo_db)
    assert result.returncode == 0
    assert result.stdout.count("Al aanwezig") == 4
    assert "verschoven" not in result.stdout  # the shift of the cases already there: none


def test_demo_moves_the_dates_into_the_present_by_whole_weeks(tmp_path):
    """Issue 20: the sample cases' terms are not all long overdue in the demo (the shift is proven
    harmless in tests/unit/test_demo_dates.py)."""
    db = tmp_path / "nu.db"
    result = run("demo", db=db)
    assert result.returncode == 0, result.stderr
    weeks = int(re.search(r"Datums verschoven met (\d+) weken", result.stdout).group(1))
    rows = {r["reference"]: r for r in json.loads(run("list", "--json", db=db).stdout)}
    shipped = {f.stem: json.loads(f.read_text(encoding="utf-8"))["case"] for f in demo_case_files()}
    for reference, row in rows.items():
        moved = date.fromisoformat(shipped[reference]["received_date"]) + timedelta(weeks=weeks)
        assert row["received_date"] == moved.isoformat()
    again = run("demo", "--netwerk", db=db, BIBOB_DESK_NEW_PASSWORD=PASSWORD)
    assert again.returncode == 0 and "Geladen: 2026-050" in again.stdout
    assert f"Datums verschoven met {weeks} weken" in again.stdout  # the network fits the cases


def test_export_case_is_byte_identical_to_the_shipped_file(demo_db, tmp_path):
    for source in demo_case_files():
        target = tmp_path / f"{source.stem}.json"
        result = run("export-case", source.stem, "-o", str(target), "--purpose", "overdracht", db=demo_db)
        assert result.returncode == 0, result.stderr
        assert target.read_bytes() == source.read_bytes()


def test_import_reports_each_error_with_its_path_and_exit_1(demo_db, tmp_path):
    bad = tmp_path / "fout.json"
    doc = json.loads(demo_case_files()[0].read_text(encoding="utf-8"))
    doc["case"]["reference"] = "H1-kopie"
    doc["case"]["id"] = "5a1e0001-0000-4000-8000-00000000ffff"
    doc["case"]["parties"][0]["bsn"] = "000000000"
    doc["case"]["stage"] = "onzin"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    result = run("import", str(bad), db=demo_db)
    assert result.returncode == 1
    assert "$.case.parties[0].bsn" in result.stderr and "$.case.stage" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("fout: Import geweigerd")
    assert "Traceback" not in result.stderr


def test_import_with_unknown_fields_warns_and_succeeds(demo_db, tmp_path):
    doc = json.loads(demo_case_files()[0].read_text(encoding="utf-8"))
    doc["case"]["reference"] = "H1-extra"
    doc["case"]["id"] = "5a1e0001-0000-4000-8000-00000000eeee"
    doc["case"]["lievelingseten"] = "stamppot"
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = run("import", str(path), db=demo_db)
    assert result.returncode == 0, result.stderr
    assert "$.case.lievelingseten" in result.stdout and "Geïmporteerd: H1-extra" in result.stdout


def test_import_of_a_folder_in_one_session_names_what_it_refused(demo_db, tmp_path):
    """Issue 18: a folder of case files in one command and one unlock; a refused file is named
    with its reason, the others are imported, and the exit code says not everything went in."""
    folder = tmp_path / "map"
    folder.mkdir()
    doc = json.loads(demo_case_files()[0].read_text(encoding="utf-8"))
    for n in range(3):
        doc["case"]["reference"], doc["case"]["id"] = f"MAP-{n}", f"5a1e0001-0000-4000-8000-00000000a{n:03d}"
        (folder / f"dossier-{n}.json").write_text(json.dumps(doc), encoding="utf-8")
    (folder / "kapot.json").write_text("[1, 2", encoding="utf-8")
    (folder / "leesmij.txt").write_text("geen dossier", encoding="utf-8")
    result = run("import", str(folder), db=demo_db)
    assert result.returncode == 1
    assert "3 dossier(s) geïmporteerd, 1 geweigerd" in result.stdout
    assert "Geweigerd: kapot.json:" in result.stderr and "Traceback" not in result.stderr
    again = run("import", str(folder / "dossier-0.json"), str(folder / "dossier-1.json"), db=demo_db)
    assert again.returncode == 1 and "kenmerk MAP-0 bestaat al" in again.stderr
    listed = run("list", "--json", db=demo_db)
    assert {"MAP-0", "MAP-1", "MAP-2"} <= {c["reference"] for c in json.loads(listed.stdout)}


def test_check_repairs_the_projections_on_request(demo_db):
    result = run("check", "--herstel", db=demo_db)
    assert result.returncode == 0, result.stderr
    assert "projecties opnieuw opgebouwd uit" in result.stdout and "projecties: ok" in result.stdout


def test_check_passes_on_a_healthy_database(demo_db):
    result = run("check", db=demo_db)
    assert result.returncode == 0, result.stderr
    assert "cipher_integrity_check: ok" in result.stdout and "logboekketen: ok" in result.stdout


@pytest.mark.parametrize(
    ("args", "password", "code", "message"),
    [
        (("list",), "verkeerd wachtwoord!!", 1, "Wachtwoord onjuist"),
        (
            ("export-case", "BESTAAT-NIET", "-o", "/tmp/x.json", "--purpose", "overdracht"),
            PASSWORD,
            1,
            "Geen dossier gevonden",
        ),
        (("export-case", "H1", "-o", "/tmp/x.json"), PASSWORD, 1, "Kies een doel"),
        (("onbekend",), PASSWORD, 2, "onbekende keuze 'onbekend'"),
        (("export-case", "H1"), PASSWORD, 2, "dit ontbreekt nog"),
    ],
)
def test_errors_exit_codes_and_one_line_messages(demo_db, args, password, code, message):
    result = run(*args, db=demo_db, password=password)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    if code == 1:
        assert len(result.stderr.strip().splitlines()) == 1


def test_missing_database_is_not_created_by_list(tmp_path):
    db = tmp_path / "geen.db"
    result = run("list", db=db)
    assert result.returncode == 1 and "niet gevonden" in result.stderr
    assert not db.exists()


def test_bibob_desk_db_environment_variable_is_honoured(demo_db):
    environ = {
        **os.environ,
        "BIBOB_DESK_USER": "beheerder",
        "BIBOB_DESK_PASSWORD": PASSWORD,
        "BIBOB_DESK_DB": str(demo_db),
    }
    result = subprocess.run(
        [sys.executable, "-m", "bibob_desk", "list"],
        capture_output=True,
        text=True,
        env=environ,
        cwd=ROOT,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0 and "dossier(s)" in result.stdout


def test_init_refuses_a_weak_password_in_dutch(tmp_path):
    result = run("init", db=tmp_path / "n.db", password="Gemeente2025!")
    assert result.returncode == 1 and "15 tekens" in result.stderr
    assert not (tmp_path / "n.db").exists()


def test_forms_check_passes_the_shipped_forms_and_names_line_of_a_bad_one(tmp_path):
    ok = run("forms", "check", db=tmp_path / "x.db")
    assert ok.returncode == 0, ok.stderr
    assert [line.split()[1] for line in ok.stdout.splitlines()] == [
        "bibob-horeca.yaml",
        "bibob-vastgoed.yaml",
        "eigen-onderzoek.yaml",
        "weerbaarheidsscan.yaml",
    ]
    bad = tmp_path / "kapot.yaml"
    bad.write_text(
        "form:\n  id: kapot\n  version: 1\n  title: X\n  kind: vragenformulier\nsections:\n"
        "  - id: a\n    title: A\n    items:\n      - {id: q, type: raadsel, label: Q}\n",
        encoding="utf-8",
    )
    result = run("forms", "check", str(bad), db=tmp_path / "x.db")
    assert result.returncode == 1
    assert "kapot.yaml, regel 10, veld sections[0].items[0].type" in result.stderr


def test_answers_of_a_case_as_text_and_json(demo_db, tmp_path):
    import yaml

    doc = json.loads(next(p for p in demo_case_files() if p.stem == "H2").read_text(encoding="utf-8"))
    doc["case"]["reference"], doc["case"]["id"] = "H2-antwoorden", "5a1e0001-0000-4000-8000-00000000aaaa"
    answers = yaml.safe_load(
        (ROOT / "resources" / "demo" / "answers" / "H2.yaml").read_text(encoding="utf-8")
    )
    doc["case"]["answers"] = [
        {
            "form_id": "bibob-horeca",
            "form_version": 1,
            "form_sha256": "0" * 64,
            "status": "concept",
            "answers": answers["forms"]["bibob-horeca"],
        }
    ]
    path = tmp_path / "met-antwoorden.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert run("import", str(path), db=demo_db).returncode == 0
    as_json = run("answers", "H2-antwoorden", "--json", db=demo_db)
    assert as_json.returncode == 0, as_json.stderr
    records = json.loads(as_json.stdout)
    assert records[0]["answers"]["huur"] == "6500"
    as_text = run("answers", "H2-antwoorden", db=demo_db)
    assert "Huur per maand (euro): 6500" not in as_text.stdout  # hash differs: labels are not guessed
    assert "huur: 6500" in as_text.stdout
    assert "== bibob-horeca versie 1 (concept" in as_text.stdout


# Expected values from ../shared/domain/sample-cases.md (catalogue v1), under the default catalogue v2:
# only V3 differs — its relation's conviction is 4.7 years old, ANT-02 weighs 2 (docs/kalibratie.md)
EXPECTED_SCORES = {
    "H1": ("GROEN", 0, set()),
    "H2": (
        "ROOD",
        25,
        {"FIN-01", "FIN-03", "FIN-04", "FIN-08", "PRI-02", "STR-01", "STR-04", "ANT-02", "SIG-02", "HIS-03"},
    ),
    "V1": ("ROOD", 19, {"STR-03", "STR-04", "FIN-05", "FIN-04", "FIN-02", "PRI-01", "VG-01", "VG-02"}),
    "V3": ("ORANJE", 7, {"VG-01", "FIN-03", "ANT-02"}),
}


@pytest.mark.parametrize("reference", sorted(EXPECTED_SCORES))
def test_score_json_after_demo(demo_db, reference):
    result = run("score", reference, "--json", db=demo_db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    band, total, fired = EXPECTED_SCORES[reference]
    assert (data["band"], data["score"], {f["id"] for f in data["fired"]}) == (band, total, fired)
    assert all(isinstance(f["weight"], int) for f in data["fired"])
    assert data["route"] is None and isinstance(data["not_assessable"], list)
    assert data["catalogue"]["version"] == 2 and data["catalogue"]["offences_version"] == 1
    if reference == "V3":
        (ant,) = [f for f in data["fired"] if f["id"] == "ANT-02"]
        assert ant["adjustments"] == ["× 0,67: feit ouder dan 3 jaar (tijdsverloop)"]
    if reference == "H2":
        assert len(data["knockouts"]) == 1


def test_score_all_rescores_every_case_with_progress(demo_db):
    result = run("score", "--all", db=demo_db)
    assert result.returncode == 0, result.stderr
    count = int(result.stdout.split()[0])
    assert count >= 4 and "dossier(s) opnieuw beoordeeld" in result.stdout
    assert f"{count}/{count}" in result.stderr


def test_score_text_output_names_missing_data(demo_db):
    result = run("score", "V1", db=demo_db)
    assert result.returncode == 0
    assert "V1: ROOD (score 19)" in result.stdout and "niet te beoordelen" in result.stdout


def test_timeline_json_of_v3_raw_and_adjusted(demo_db):
    result = run("timeline", "V3", "--json", db=demo_db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    term = next(d for d in data["deadlines"] if d["key"] == "beslistermijn:huisvestingsvergunning")
    assert (term["raw"], term["adjusted"]) == ("2026-01-01", "2026-01-02")
    assert data["reading"] == "UNTIL_ADVICE" and len(data["events"]) == 6


def test_timeline_text_explains_h2(demo_db):
    result = run("timeline", "H2", db=demo_db)
    assert result.returncode == 0, result.stderr
    assert (
        "8 weken na 3 maart 2025 = 28 april; + 10 dagen herstel (10–20 maart 2025) = 8 mei" in result.stdout
    )
    assert "= 26 juni 2025" in result.stdout


def test_deadlines_overview_json_and_filter(demo_db):
    result = run("deadlines", "--json", db=demo_db)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and {"reference", "label", "effective", "days_left", "status"} <= set(rows[0])
    none = run("deadlines", "--due-within", "-100000", db=demo_db)
    assert "0 openstaande termijn(en)" in none.stdout


def test_memo_package_and_workbook_from_the_cli(demo_db, tmp_path):
    import zipfile

    from pypdf import PdfReader

    refused = run("memo", "H2", "--kind", "weigering", "-o", str(tmp_path / "H2-weigering.pdf"), db=demo_db)
    assert refused.returncode == 1 and "vier ogen" in refused.stderr
    proposed = run("setting", "vier_ogen_besluiten", "UIT", db=demo_db)  # one beheerder: a proposal only
    assert proposed.returncode == 0 and "tweede beheerder" in proposed.stdout
    assert "vier_ogen_besluiten = AAN" in proposed.stdout and "wacht op bevestiging" in proposed.stdout
    still = run("memo", "H2", "--kind", "weigering", "-o", str(tmp_path / "H2-weigering.pdf"), db=demo_db)
    assert still.returncode == 1 and "vier ogen" in still.stderr
    memo = run("memo", "H2", "--kind", "voornemen", "-o", str(tmp_path / "H2-voornemen.pdf"), db=demo_db)
    assert memo.returncode == 0, memo.stderr
    assert "H2" in PdfReader(tmp_path / "H2-voornemen.pdf").pages[0].extract_text()
    package = run("lbb-package", "V1", "-o", str(tmp_path / "V1.zip"), "--encrypt", db=demo_db)
    assert package.returncode == 0, package.stderr
    assert "Wachtwoord" in package.stdout and zipfile.is_zipfile(tmp_path / "V1.zip")
    refused = run("lbb-package", "H1", "-o", str(tmp_path / "H1.zip"), db=demo_db)
    assert (
        refused.returncode == 1 and "eigen onderzoek" in refused.stderr and not (tmp_path / "H1.zip").exists()
    )
    book = run("xlsx", "-o", str(tmp_path / "alle.xlsx"), db=demo_db)
    assert book.returncode == 0, book.stderr
    wrong = run("memo", "H2", "--kind", "brief", "-o", str(tmp_path / "x.pdf"), db=demo_db)
    assert wrong.returncode == 2


def test_cli_attach_and_list(demo_db, tmp_path):
    good, bad = tmp_path / "kvk.pdf", tmp_path / "kvk.pdf.exe"
    good.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    bad.write_bytes(b"MZ" + b"\0" * 64)
    ok = run("attach", "H1", str(good), "--type", "kvk_uittreksel", "--received", "2025-02-10", db=demo_db)
    assert ok.returncode == 0 and "geaccepteerd" in ok.stdout
    refused = run("attach", "H1", str(bad), db=demo_db)
    assert refused.returncode == 1 and "geweigerd" in refused.stdout and "Traceback" not in refused.stderr
    listing = run("attachments", "H1", db=demo_db)
    assert "[kvk_uittreksel] Uittreksel KvK van de aanvrager: 1 ontvangen" in listing.stdout
    assert "ONTBREEKT" in listing.stdout and "10-02-2025" in listing.stdout


def test_audit_verify_and_show(demo_db):
    ok = run("audit", "verify", db=demo_db)
    assert ok.returncode == 0 and "Logboekketen intact" in ok.stdout
    shown = run("audit", "show", "--action", "logboek", "--json", db=demo_db)
    rows = json.loads(shown.stdout)
    assert shown.returncode == 0 and rows and all(r["action"].startswith("logboek") for r in rows)


def test_backup_and_restore_via_the_cli(demo_db, tmp_path):
    made = run("backup", "-o", str(tmp_path / "b.zip"), db=demo_db)
    assert made.returncode == 0 and "Back-up geschreven" in made.stdout
    target = tmp_path / "terug.db"
    restored = run("restore", str(tmp_path / "b.zip"), db=target)
    assert restored.returncode == 0 and "gecontroleerd" in restored.stdout
    again = run("restore", str(tmp_path / "b.zip"), db=target)
    assert again.returncode == 1 and "al een database" in again.stderr and "Traceback" not in again.stderr


def test_retention_listing(demo_db):
    shown = run("retention", db=demo_db)
    assert shown.returncode == 0 and "niet geverifieerd" in shown.stdout
    too_early = run("purge", "H2", db=demo_db)
    assert too_early.returncode == 1 and "loopt nog" in too_early.stderr


def test_init_shows_the_recovery_key_once_and_recover_uses_it(tmp_path):
    import re

    db = tmp_path / "n.db"
    made = run("init", db=db)
    assert made.returncode == 0, made.stderr
    key = re.search(r"HERSTELSLEUTEL[^:]*: (\S+)", made.stdout).group(1)
    assert key not in db.with_name("n.db.keys").read_text()
    new = "nieuwe zin voor de beheerder 42"
    done = run("recover", "beheerder", db=db, BIBOB_DESK_RECOVERY_KEY=key, BIBOB_DESK_NEW_PASSWORD=new)
    assert done.returncode == 0 and "Nieuw wachtwoord" in done.stdout
    assert run("list", db=db, password=new).returncode == 0
    assert run("list", db=db).returncode == 1  # the old password no longer opens it


def test_a_new_jurist_from_the_cli_first_own_password_then_a_confirmed_key(tmp_path):
    """P3 at the command line: the recovery sheet and `audit verify` show the same organisation
    fingerprint; the jurist chooses his own password, waits, and the fingerprint he is shown is the one
    the confirming beheerder gets."""
    import re

    db = tmp_path / "j.db"
    made = run("init", db=db)
    key = re.search(r"HERSTELSLEUTEL[^:]*: (\S+)", made.stdout).group(1)
    sheet = re.search(r"Vingerafdruk organisatiesleutel: ([0-9a-f ]{24})", made.stdout).group(1)
    temporary, own = "tijdelijk wachtwoord voor jan 9", "jan zijn eigen zin met paraplu"
    added = run(
        "add-user", "jan", "--name", "Jan", "--role", "jurist", db=db, BIBOB_DESK_NEW_PASSWORD=temporary
    )
    assert added.returncode == 0 and "tweede beheerder" in added.stdout, added.stderr
    first = run("list", db=db, password=temporary, BIBOB_DESK_USER="jan", BIBOB_DESK_NEW_PASSWORD=own)
    assert (
        first.returncode == 1
        and "tijdelijk wachtwoord" in first.stderr
        and "wacht op bevestiging" in first.stderr
    )
    shown = re.search(r"vingerafdruk van uw sleutel: ([0-9a-f ]{24})", first.stderr).group(1)
    alone = run("confirm-user", "jan", db=db)
    assert alone.returncode == 1 and "zelf uitgegeven" in alone.stderr
    confirmed = run("confirm-user", "jan", "--herstelsleutel", db=db, BIBOB_DESK_RECOVERY_KEY=key)
    assert confirmed.returncode == 0 and shown in confirmed.stdout, confirmed.stderr
    assert run("list", db=db, password=own, BIBOB_DESK_USER="jan").returncode == 0
    verified = run("audit", "verify", db=db)
    assert verified.returncode == 0 and f"Vingerafdruk organisatiesleutel: {sheet}" in verified.stdout


def test_inzage_writes_a_draft_overview_for_one_person(demo_db, tmp_path):
    out = tmp_path / "inzage.json"
    done = run("inzage", "M. Karimi", "-o", str(out), db=demo_db)
    assert done.returncode == 0, done.stderr
    overview = json.loads(out.read_text(encoding="utf-8"))
    listed = json.loads(run("list", "--json", db=demo_db).stdout)  # the cases naming him (others add some)
    naming = sorted(r["reference"] for r in listed if "M. Karimi" in r["parties"])
    assert overview["review"].startswith("CONCEPT") and "H2" in naming
    assert sorted(c["reference"] for c in overview["cases"]) == naming
    assert "Noor Lounge" not in out.read_text(encoding="utf-8")  # the company is another subject
    wrong = run("inzage", "M. Karimi", "--geboortedatum", "17-05-1980", "-o", str(out), db=demo_db)
    assert wrong.returncode == 1 and "JJJJ-MM-DD" in wrong.stderr


def test_selftest_checks_the_installation_without_touching_the_user_database(tmp_path):
    db = tmp_path / "gebruiker.db"
    done = run("selftest", db=db, QT_QPA_PLATFORM="offscreen")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("  ok    inhoud: 4 formulieren") for line in lines)
    assert any(line.startswith("  ok    database, score, memo, Excel: SQLCipher 4.") for line in lines)
    assert any(line.startswith("  ok    venster (Qt): platform offscreen") for line in lines)
    assert lines[-1] == "Zelftest geslaagd."
    assert not db.exists() and list(tmp_path.iterdir()) == []  # nothing of the user's is created


def test_selftest_reports_a_broken_part_and_exits_1(tmp_path):
    """A bundle without its forms: the content part fails, in Dutch, without a traceback."""
    bundle = tmp_path / "bundel"
    shutil.copytree(ROOT / "resources", bundle / "resources")
    (bundle / "forms").mkdir()
    (bundle / "forms" / "kapot.yaml").write_text("id: [niet af", encoding="utf-8")
    code = (
        "import sys; sys._MEIPASS = sys.argv[1]; from bibob_desk.cli import main; "
        "raise SystemExit(main(['selftest', '--zonder-venster']))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(bundle)], capture_output=True, text=True)
    assert done.returncode == 1
    assert "  FOUT  inhoud:" in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("Zelftest mislukt: 1")


def test_demo_with_network_loads_look_alikes_a_refusal_and_signals_once(tmp_path):
    db = tmp_path / "netwerk.db"
    first = run("demo", "--netwerk", "--oorspronkelijke-datums", db=db, BIBOB_DESK_NEW_PASSWORD=PASSWORD)
    assert first.returncode == 0, first.stderr
    assert "Geladen: 2026-050" in first.stdout and "Besluit vastgelegd: weigering voor H2" in first.stdout
    assert first.stdout.count("Signaal ") == 3
    again = run("demo", "--netwerk", db=db)
    assert again.returncode == 0 and "Geladen" not in again.stdout and "Signaal" not in again.stdout
    people = json.loads(run("matches", "2026-050", "--json", db=db).stdout)
    assert any(r["other_reference"] == "H2" and r["other_party"] == "M. Karimi" for r in people)
    score = json.loads(run("score", "2026-051", "--json", db=db).stdout)
    assert "SIG-04" in {f["id"] for f in score["fired"]}


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("postgresql://jurist:geheim-wachtwoord@db.gemeente.nl/bibob", "alleen op een databasebestand"),
        ("mysql://root:geheim-wachtwoord@localhost/bibob", "'mysql://…' is geen databasebestand"),
        ("https://gemeente.nl/bibob.db", "'https://…' is geen databasebestand"),
    ],
)
def test_an_address_that_is_no_database_file_is_refused_and_nothing_is_created(tmp_path, address, message):
    """Issue 19: `--db postgresql://…` made a local folder named 'postgresql:'. Now it is refused in
    Dutch, nothing appears in the working folder, and the password in the address is not repeated."""
    result = run("init", db=address, cwd=tmp_path)
    assert result.returncode == 1
    assert message in result.stderr and result.stderr.startswith("fout: ")
    assert "geheim-wachtwoord" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []

"""T01/T02: no plaintext at rest; stdlib sqlite3 cannot read the file."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest

from bibob_desk.paths import demo_case_files

MARK = f"MARK_{uuid.uuid4().hex}"


def _marked_case_file(tmp_path: Path) -> Path:
    """H2 with a marker in every kind of text field, plus a valid BSN."""
    doc = json.loads(next(p for p in demo_case_files() if p.stem == "H2").read_text(encoding="utf-8"))
    case = doc["case"]
    case["reference"] = f"{MARK}-ref"
    case["title"] = f"{MARK} titel"
    case["location"]["street"] = f"{MARK}straat"
    for party in case["parties"]:
        party["name"] = f"{MARK} {party['name']}"
        party["notes"] = f"{MARK} notitie"
    case["parties"][1]["bsn"] = "111222333"
    case["antecedents"][0]["description"] = f"{MARK} witwassen"
    case["signals"][0]["description"] = f"{MARK} RIEC"
    case["notes"] = [{"date": "2025-03-04", "author": "x", "text": f"{MARK} aantekening"}]
    target = tmp_path / "marked.json"
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


def _scan(folder: Path, needles: list[bytes]) -> list[str]:
    hits = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path.name}: {n[:12]!r}" for n in needles if n in data]
    return hits


def _needles() -> list[bytes]:
    out = []
    for text in (MARK, "111222333"):
        out += [text.encode("utf-8"), text.encode("utf-16-le")]
    return out


def test_no_marker_or_bsn_in_any_file_while_open_and_after_close(app, tmp_path):
    app.cases.import_file(_marked_case_file(tmp_path))
    folder = app._store.path.parent
    summaries = app.cases.summaries(MARK.lower())
    assert len(summaries) == 1  # the data is really there and searchable
    assert _scan(folder, _needles()) == []  # live database + WAL + SHM
    app.close()
    assert _scan(folder, _needles()) == []
    header = app._store.path.read_bytes()[:16]
    assert header != b"SQLite format 3\x00"


def test_stdlib_sqlite_cannot_read_the_database(app):
    path = app._store.path
    app.close()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    conn.close()


def test_database_files_are_private(app):
    assert app._store.path.stat().st_mode & 0o077 == 0


def _pdf_with(line: str) -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pageCompression=0)  # the marker stays readable in the PDF's bytes
    page.drawString(72, 720, line)
    page.save()
    return buffer.getvalue()


@pytest.fixture
def own_places(tmp_path, monkeypatch) -> list[Path]:
    """Caches, config, state and the temp dir of this test alone (what the OS would give the app)."""
    import tempfile

    places = []
    for env in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "TMPDIR"):
        folder = tmp_path / env.lower()
        folder.mkdir()
        monkeypatch.setenv(env, str(folder))
        places.append(folder)
    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    state = Path(__import__("os").environ["BIBOB_DESK_STATE_DIR"])
    return [*places, state]


def test_t01_no_marker_in_folder_caches_config_state_or_temp(qtbot, app, tmp_path, own_places):
    """A case and an attachment full of markers, worked in the real window, locked and closed: no
    marker or BSN in the database folder, the key slots, the anchors, Qt's cache and settings, the
    state directory or the temp dir."""
    from tests.ui.conftest import unlocked_on

    app.cases.import_file(_marked_case_file(tmp_path))
    case_id = app.cases.summaries(MARK.lower())[0].id
    outcome = app.attachments.add(case_id, f"{MARK}.pdf", _pdf_with(f"{MARK} 111222333"), type_id="overig")
    assert outcome.attachment_id  # really stored (inside the database)
    path = app._store.path
    window = unlocked_on(qtbot, app)  # closes the prepared context, unlocks the real window
    assert any(MARK in s.reference for s in window.session.context.cases.summaries(MARK.lower()))
    window.session.lock()
    window.close()
    for folder in [path.parent, *own_places]:
        assert _scan(folder, _needles()) == [], folder.name


def test_t01_the_scan_finds_a_marker_where_there_is_one(tmp_path, own_places):
    """Negative control: a marker written to the temp dir is found by the same scan."""
    import tempfile

    with tempfile.NamedTemporaryFile("wb", delete=False) as leak:
        leak.write(f"per ongeluk {MARK}".encode())
    assert Path(leak.name).parent == own_places[4]
    assert _scan(own_places[4], _needles()) != []

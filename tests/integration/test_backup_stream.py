"""The streamed backup (issue 18): the encrypted database file read once into a stored archive member
inside a read snapshot. Writes during the copy — enough to make SQLite try to checkpoint — go to
the WAL and never into the copy; when a long reader keeps the checkpoint from finishing, the backup
streams a VACUUM INTO copy instead. Both restore and verify."""

from __future__ import annotations

import hashlib
import json
import zipfile

from bibob_desk.bootstrap import open_app
from bibob_desk.services.backup import restore_backup
from bibob_desk.store import backup as backup_module
from bibob_desk.store.backup import DB, MANIFEST, write_backup
from bibob_desk.store.connection import raw_connect
from tests.conftest import ADMIN, PASSWORD
from tests.support.case_builder import new_h2_input


def _restored_references(info, tmp_path, name: str) -> set[str]:
    target = tmp_path / name / "bibob.db"
    target.parent.mkdir()
    assert restore_backup(info.path, target, username=ADMIN, password=PASSWORD).ok
    restored = open_app(target, username=ADMIN, password=PASSWORD)
    try:
        return {s.reference for s in restored.cases.summaries(limit=1000)}
    finally:
        restored.close()


def test_writes_during_the_copy_stay_out_of_it_and_both_sides_verify(demo_app, tmp_path, monkeypatch):
    monkeypatch.setattr(backup_module, "CHUNK", 4096)  # many chunks, so the writes land mid-copy
    before = {s.reference for s in demo_app.cases.summaries(limit=1000)}
    written: list[str] = []

    def write_mid_copy() -> None:
        if written:
            return
        for n in range(60):  # well over the 1,000 WAL pages at which SQLite checkpoints by itself
            reference = f"2025-HOR-{n:03d}"
            demo_app.cases.create(new_h2_input(reference))
            written.append(reference)

    info = write_backup(demo_app._store, tmp_path / "backup.zip", between_chunks=write_mid_copy)
    assert len(written) == 60
    archive = zipfile.ZipFile(info.path)
    member = archive.getinfo(DB)
    assert member.compress_type == zipfile.ZIP_STORED  # ciphertext does not compress
    manifest = json.loads(archive.read(MANIFEST))
    entry = next(f for f in manifest["files"] if f["name"] == DB)
    data = archive.read(DB)
    assert entry["size"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert not data.startswith(b"SQLite format 3")
    assert _restored_references(info, tmp_path, "terug") == before  # the copy: as it was at the start
    now = {s.reference for s in demo_app.cases.summaries(limit=1000)}
    assert now == before | set(written)  # the live database kept every write
    assert demo_app.maintenance.check().ok


def test_a_long_reader_makes_the_backup_stream_a_vacuum_copy(demo_app, tmp_path, monkeypatch):
    streamed = []
    real = backup_module._stream
    monkeypatch.setattr(
        backup_module, "_stream", lambda source, *a: streamed.append(source) or real(source, *a)
    )
    demo_app.cases.create(new_h2_input("2025-HOR-900"))  # frames in the WAL
    reader = raw_connect(demo_app._store.path, demo_app._store._key)
    reader.isolation_level = None
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM cases").fetchone()  # holds its snapshot: no TRUNCATE
    demo_app.cases.create(new_h2_input("2025-HOR-901"))
    try:
        info = write_backup(demo_app._store, tmp_path / "backup.zip")
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    assert streamed and streamed[0] != demo_app._store.path  # the VACUUM INTO copy, not the file
    assert {"2025-HOR-900", "2025-HOR-901"} <= _restored_references(info, tmp_path, "terug")

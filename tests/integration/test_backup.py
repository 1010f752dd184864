"""Backups made while the app is in use restore into a new place and verify; damaged or foreign
archives and occupied targets are refused with nothing left behind."""

from __future__ import annotations

import threading
import zipfile

import pytest

from bibob_desk.bootstrap import open_app
from bibob_desk.domain.errors import UserError
from bibob_desk.services.backup import restore_backup
from bibob_desk.store.backup import DB, MANIFEST
from tests.conftest import ADMIN, PASSWORD
from tests.support.case_builder import new_h2_input


def test_backup_during_edits_restores_and_verifies(demo_app, tmp_path):
    stop, saved, errors = threading.Event(), [], []

    def edit() -> None:
        n = 0
        while not stop.is_set() and n < 200:
            n += 1
            try:
                demo_app.cases.create(new_h2_input(f"2025-HOR-{n:03d}"))
                saved.append(n)
            except Exception as error:
                errors.append(repr(error))
                return

    worker = threading.Thread(target=edit)
    worker.start()
    while len(saved) < 3:
        threading.Event().wait(0.01)
    info = demo_app.backups.backup(tmp_path / "backup.zip")
    stop.set()
    worker.join()
    assert not errors and len(saved) >= 3
    assert demo_app.backups.age_days() == 0
    archive = zipfile.ZipFile(info.path)
    assert b"SQLite format 3" not in archive.read(DB)[:16]  # the copy stays encrypted
    assert b"Karimi" not in archive.read(DB)
    target = tmp_path / "terug" / "bibob.db"
    target.parent.mkdir()
    report = restore_backup(info.path, target, username=ADMIN, password=PASSWORD)
    assert report.ok
    restored = open_app(target, username=ADMIN, password=PASSWORD)
    try:
        references = {c.reference for c in restored.cases.summaries("")}
        assert {"H1", "H2", "V1", "V3"} <= references
        assert restored.audit.verify().first_broken is None
    finally:
        restored.close()


def test_restore_refuses_an_occupied_target_wrong_password_and_damage(demo_app, tmp_path):
    info = demo_app.backups.backup(tmp_path / "b.zip")
    with pytest.raises(UserError, match="al een database"):
        restore_backup(info.path, demo_app._store.path, username=ADMIN, password=PASSWORD)
    target = tmp_path / "nieuw.db"
    with pytest.raises(UserError, match=r"[Ww]achtwoord"):
        restore_backup(info.path, target, username=ADMIN, password="fout wachtwoord hier 123")
    assert list(tmp_path.glob("nieuw.db*")) == []
    damaged = tmp_path / "kapot.zip"
    with zipfile.ZipFile(info.path) as source, zipfile.ZipFile(damaged, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name == DB:
                data = data[:5000] + bytes([data[5000] ^ 0xFF]) + data[5001:]
            out.writestr(name, data)
    with pytest.raises(UserError, match="beschadigd"):
        restore_backup(damaged, target, username=ADMIN, password=PASSWORD)
    assert list(tmp_path.glob("nieuw.db*")) == []
    foreign = tmp_path / "vreemd.zip"
    with zipfile.ZipFile(foreign, "w") as out:
        out.writestr(MANIFEST, '{"format": "iets anders", "files": []}')
    with pytest.raises(UserError, match="geen back-up"):
        restore_backup(foreign, target, username=ADMIN, password=PASSWORD)
    (tmp_path / "geen.zip").write_bytes(b"dit is geen zip")
    with pytest.raises(UserError, match="geen leesbare"):
        restore_backup(tmp_path / "geen.zip", target, username=ADMIN, password=PASSWORD)

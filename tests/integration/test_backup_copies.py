"""T07: backups stay encrypted and restorable. The product's copy (VACUUM INTO) and the SQLite backup
API both give a random header, no marker, open with the key and hold the same rows (checksums per
table); the backup API refuses an unkeyed target and leaves no readable file; a backup restores from a
read-only mount; a backup restored after more work is accepted as the deliberate older copy."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile

import pytest

from bibob_desk.services.backup import restore_backup
from bibob_desk.store.backup import DB
from bibob_desk.store.connection import raw_connect
from tests.conftest import ADMIN, PASSWORD

SQLITE_HEADER = b"SQLite format 3\x00"


def checksums(conn) -> dict[str, str]:
    """Per table: SHA-256 over every row in primary-key order."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'case_search%' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    out = {}
    for table in tables:
        digest = hashlib.sha256()
        for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
            digest.update(repr(row).encode())
        out[table] = digest.hexdigest()
    return out


def test_both_copies_are_encrypted_marker_free_and_hold_the_same_rows(demo_app, tmp_path):
    store = demo_app._store
    source = raw_connect(store.path, store._key)
    try:
        expected = checksums(source)
        api_copy = tmp_path / "api.db"
        target = raw_connect(api_copy, store._key, create=True)
        source.backup(target)
        target.close()
    finally:
        source.close()
    info = demo_app.backups.backup(tmp_path / "b.zip")
    vacuum_copy = tmp_path / "vacuum.db"
    vacuum_copy.write_bytes(zipfile.ZipFile(info.path).read(DB))
    assert expected["cases"] and expected["audit_log"]
    for copy in (api_copy, vacuum_copy):
        data = copy.read_bytes()
        assert data[:16] != SQLITE_HEADER and b"Karimi" not in data and b"Noor Lounge" not in data
        conn = raw_connect(copy, store._key)
        try:
            got = checksums(conn)
        finally:
            conn.close()
        for table in ("cases", "case_documents", "case_parties", "users", "statements", "assessments"):
            assert got[table] == expected[table], (copy.name, table)


def test_the_backup_api_refuses_an_unkeyed_target(demo_app, tmp_path):
    import sqlcipher3

    store = demo_app._store
    source = raw_connect(store.path, store._key)
    plain = tmp_path / "onversleuteld.db"
    target = sqlcipher3.connect(str(plain))
    try:
        with pytest.raises(sqlcipher3.DatabaseError):
            source.backup(target)
    finally:
        target.close()
        source.close()
    assert not plain.exists() or b"Karimi" not in plain.read_bytes()


def test_a_backup_made_before_more_work_restores_as_the_accepted_older_copy(demo_app, tmp_path):
    info = demo_app.backups.backup(tmp_path / "b.zip")
    demo_app.risk.score(demo_app.cases.id_of("H2"))  # work after the backup
    demo_app.close()  # the user's anchor now names a row the backup does not have
    target = tmp_path / "terug" / "bibob.db"
    target.parent.mkdir()
    assert restore_backup(info.path, target, username=ADMIN, password=PASSWORD).ok


@pytest.mark.slow
def test_a_backup_restores_from_a_read_only_mount(demo_app, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(stick)], capture_output=True
    ).returncode:
        pytest.skip("tmpfs kan hier niet worden aangekoppeld (geen root)")
    try:
        info = demo_app.backups.backup(tmp_path / "b.zip")
        shutil.copy2(info.path, stick / "b.zip")
        subprocess.run(["mount", "-o", "remount,ro", str(stick)], check=True, capture_output=True)
        target = tmp_path / "terug" / "bibob.db"
        target.parent.mkdir()
        assert restore_backup(stick / "b.zip", target, username=ADMIN, password=PASSWORD).ok
    finally:
        subprocess.run(["umount", "-l", str(stick)], capture_output=True, check=False)

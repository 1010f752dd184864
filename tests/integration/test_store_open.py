"""Open paths of the encrypted store (T04, T05, T17): each failure has its own Dutch message,
and no failure ever creates, recreates or changes a file."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from bibob_desk.bootstrap import open_app
from bibob_desk.store.errors import (
    AlreadyExists,
    DatabaseDamaged,
    DatabaseInUse,
    DatabaseMissing,
    KeySlotsProblem,
    NotADatabase,
    WrongPassword,
)
from bibob_desk.store.keyslots import CHEAP_TEST_KDF, KeySlotFile
from bibob_desk.store.store import Store
from tests.conftest import ADMIN, PASSWORD


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in folder.iterdir()
        if p.is_file()
    }


@pytest.fixture
def closed_db(app) -> Path:
    path = app._store.path
    app.close()
    return path


def test_create_then_reopen_with_the_same_password(closed_db):
    with Store.open(closed_db, username=ADMIN, password=PASSWORD) as store:
        assert store.user.role.value == "beheerder"
        assert store.check().ok


def test_username_is_case_insensitive(closed_db):
    Store.open(closed_db, username="BeHeerder", password=PASSWORD).close()


def test_wrong_password_is_recognised_from_the_key_slot_and_touches_nothing(closed_db):
    before = _snapshot(closed_db.parent)
    with pytest.raises(WrongPassword) as caught:
        Store.open(closed_db, username=ADMIN, password=PASSWORD + "x")
    assert str(caught.value).startswith("Wachtwoord onjuist")
    after = _snapshot(closed_db.parent)
    noted = after.pop(closed_db.name + ".mislukt")  # only the failure is noted (time, no name)
    assert after == before and noted


def test_unknown_user_gets_the_same_message(closed_db):
    with pytest.raises(WrongPassword):
        Store.open(closed_db, username="onbekend", password=PASSWORD)


def test_damaged_page_one_with_the_right_password(closed_db):
    data = bytearray(closed_db.read_bytes())
    data[1000:1016] = bytes(16)  # inside page 1, after the salt
    closed_db.write_bytes(bytes(data))
    before = _snapshot(closed_db.parent)
    with pytest.raises(DatabaseDamaged) as caught:
        Store.open(closed_db, username=ADMIN, password=PASSWORD)
    # page 1 does not decrypt: either the key file is not this database's, or page 1 is damaged
    assert "het begin van de database beschadigd: herstel uit een back-up" in str(caught.value)
    assert _snapshot(closed_db.parent) == before


def test_a_key_slot_file_from_before_a_rotation_is_named_as_such(app, db_path):
    from bibob_desk.store.errors import KeyFileMismatch
    from bibob_desk.store.keyslots import KeySlotFile

    keys = KeySlotFile.path_for(db_path)
    old = keys.read_bytes()
    app.users.rotate_key(PASSWORD, CHEAP_TEST_KDF)
    app.close()
    keys.write_bytes(old)  # the slot file of before the rotation, copied back
    before = _snapshot(db_path.parent)
    with pytest.raises(KeyFileMismatch) as caught:
        Store.open(db_path, username=ADMIN, password=PASSWORD)
    assert "van vóór een sleutelwissel" in str(caught.value) and "bibob.db.keys" in str(caught.value)
    assert _snapshot(db_path.parent) == before  # nothing changed, nothing recreated


def test_tampered_later_page_is_found_by_the_check(app):
    for i in range(40):  # enough rows for several pages
        with app._store.transaction() as tx:
            tx.audit("test.vulling", f"n:{i}")
    path = app._store.path
    app.close()
    data = bytearray(path.read_bytes())
    assert len(data) > 3 * 4096
    data[2 * 4096 + 100] ^= 0xFF
    path.write_bytes(bytes(data))
    try:
        store = Store.open(path, username=ADMIN, password=PASSWORD)
    except DatabaseDamaged:
        return  # quick_check already refused it: fine
    with store:
        report = store.check()
        assert not report.ok
        assert any("HMAC" in row or "page" in row.lower() for row in report.cipher_integrity_check)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_bytes(b""), "leeg"),
        (lambda p: p.write_bytes(os.urandom(8192)), "hoort niet bij dit sleutelbestand"),
        (lambda p: p.mkdir(), "map"),
        (
            lambda p: sqlite3.connect(p).execute("create table t(x)").connection.commit(),
            "onversleutelde",
        ),
    ],
    ids=["leeg", "rommel", "map", "sqlite-onversleuteld"],
)
def test_files_that_are_not_our_database(closed_db, make, expected):
    keys = KeySlotFile.path_for(closed_db)
    other = closed_db.with_name("ander.db")
    make(other)
    other_keys = KeySlotFile.path_for(other)
    other_keys.write_bytes(keys.read_bytes())
    before = _snapshot(closed_db.parent)
    with pytest.raises(NotADatabase) as caught:
        Store.open(other, username=ADMIN, password=PASSWORD)
    assert expected in str(caught.value)
    assert _snapshot(closed_db.parent) == before


def test_missing_file_is_reported_and_not_created(tmp_path):
    target = tmp_path / "nergens.db"
    with pytest.raises(DatabaseMissing):
        Store.open(target, username=ADMIN, password=PASSWORD)
    assert list(tmp_path.iterdir()) == []


def test_missing_key_slots_file(closed_db):
    KeySlotFile.path_for(closed_db).unlink()
    with pytest.raises(KeySlotsProblem) as caught:
        Store.open(closed_db, username=ADMIN, password=PASSWORD)
    assert "ontbreekt" in str(caught.value)


def test_damaged_key_slots_file(closed_db):
    KeySlotFile.path_for(closed_db).write_text("{niet json", encoding="utf-8")
    with pytest.raises(KeySlotsProblem) as caught:
        Store.open(closed_db, username=ADMIN, password=PASSWORD)
    assert "beschadigd" in str(caught.value)


def test_create_never_overwrites(closed_db):
    before = _snapshot(closed_db.parent)
    with pytest.raises(AlreadyExists):
        Store.create(closed_db, username=ADMIN, display_name="x", password=PASSWORD, kdf=CHEAP_TEST_KDF)
    assert _snapshot(closed_db.parent) == before


def test_second_open_names_user_host_and_time(app):
    with pytest.raises(DatabaseInUse) as caught:
        Store.open(app._store.path, username=ADMIN, password=PASSWORD)
    message = str(caught.value)
    assert "in gebruik door beheerder op" in message and "sinds" in message


@pytest.mark.slow
def test_stale_lock_of_a_killed_process_is_cleared(closed_db):
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            from bibob_desk.store.store import Store
            store = Store.open(Path({str(closed_db)!r}), username={ADMIN!r}, password={PASSWORD!r})
            print("open", flush=True)
            time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert child.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseInUse):
            Store.open(closed_db, username=ADMIN, password=PASSWORD)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert closed_db.with_name(closed_db.name + ".lock").exists()  # left behind by the crash
    deadline = time.time() + 5
    while True:
        try:
            Store.open(closed_db, username=ADMIN, password=PASSWORD).close()
            break
        except DatabaseInUse:
            assert time.time() < deadline
            time.sleep(0.1)


def test_connection_settings_are_pinned(app):
    with app._store.engine.connect() as conn:

        def one(pragma: str):
            return conn.execute(text(f"PRAGMA {pragma}")).scalar()

        assert str(one("cipher_version")).startswith("4.")
        assert one("cipher_page_size") == 4096 or str(one("cipher_page_size")) == "4096"
        assert one("cipher_kdf_algorithm") == "PBKDF2_HMAC_SHA512"
        assert one("cipher_hmac_algorithm") == "HMAC_SHA512"
        assert one("temp_store") == 2
        assert str(one("journal_mode")).lower() == "wal"
        assert one("synchronous") == 2  # FULL
        assert one("foreign_keys") == 1
        assert one("secure_delete") == 1
        assert one("trusted_schema") == 0
        options = {r[0] for r in conn.execute(text("PRAGMA compile_options"))}
        assert options & {"TEMP_STORE=2", "TEMP_STORE=3"}


def test_network_filesystem_gets_delete_journal_never_wal():
    from bibob_desk.store.connection import journal_mode_for

    assert journal_mode_for(Path("/x/y.db"), probe=lambda p: "cifs") == "DELETE"
    assert journal_mode_for(Path("/x/y.db"), probe=lambda p: "nfs4") == "DELETE"
    assert journal_mode_for(Path("/x/y.db"), probe=lambda p: "ext4") == "WAL"


def test_lock_disposes_the_engine_and_zeroes_the_key(app):
    store = app._store
    key = store._key
    assert any(key)
    app.close()
    assert not store.is_open
    assert key == bytearray(len(key))
    fds = Path("/proc/self/fd")
    if fds.exists():
        targets = [os.readlink(fd) for fd in fds.iterdir() if fd.is_symlink()]
        assert not [t for t in targets if t.startswith(str(store.path))]


def test_open_app_wires_services(closed_db):
    ctx = open_app(closed_db, username=ADMIN, password=PASSWORD)
    try:
        assert ctx.cases.count() == 0
    finally:
        ctx.close()


def test_structure_check_at_open_after_an_unclean_end_or_for_a_small_file(closed_db, monkeypatch):
    """quick_check reads the whole file: at open only after an unclean end (T19) or for a small file;
    a large file opened after a clean close is marked for a background check (issue 8)."""
    from bibob_desk.store import store as store_module

    with Store.open(closed_db, username=ADMIN, password=PASSWORD) as store:
        assert not store.check_pending  # small file: checked at open
    monkeypatch.setattr(store_module, "CHECK_AT_OPEN_MAX_BYTES", 0)
    with Store.open(closed_db, username=ADMIN, password=PASSWORD) as store:
        assert store.check_pending
        store.check_structure()
        assert not store.check_pending
    lock = closed_db.with_name(closed_db.name + ".lock")
    lock.write_text('{"user": "weg", "pid": 1}')  # what a killed holder leaves behind
    with Store.open(closed_db, username=ADMIN, password=PASSWORD) as store:
        assert not store.check_pending  # unclean end: checked before anything is shown


def test_a_damaged_page_found_by_the_background_check(demo_app, monkeypatch):
    from bibob_desk.store import store as store_module

    closed_db = demo_app._store.path  # the last pages hold case documents, not read while opening
    demo_app.close()
    monkeypatch.setattr(store_module, "CHECK_AT_OPEN_MAX_BYTES", 0)
    data = bytearray(closed_db.read_bytes())
    data[-100] ^= 0xFF  # the last page: not read while opening
    closed_db.write_bytes(bytes(data))
    with Store.open(closed_db, username=ADMIN, password=PASSWORD) as store:
        assert store.check_pending
        with pytest.raises(DatabaseDamaged):
            store.check_structure()


def test_closing_the_store_interrupts_a_running_background_check(closed_db, monkeypatch):
    """Lock or quit while a large database is being checked: the check stops at once with
    StoreLocked (not 'damaged'), and close() does not wait for it."""
    import threading
    import time as clock

    from bibob_desk.store import store as store_module
    from bibob_desk.store.errors import StoreLocked

    store = Store.open(closed_db, username=ADMIN, password=PASSWORD)
    started, outcome = threading.Event(), []
    real_quick_check = store_module._quick_check

    def slow_check(conn):  # a check that would run for minutes, like one over a very large file
        started.set()
        endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
        conn.exec_driver_sql(endless).all()
        real_quick_check(conn)

    monkeypatch.setattr(store_module, "_quick_check", slow_check)

    def run():
        try:
            store.check_structure()
            outcome.append("klaar")
        except Exception as error:
            outcome.append(type(error).__name__)

    worker = threading.Thread(target=run)
    worker.start()
    assert started.wait(5)
    clock.sleep(0.2)
    begin = clock.perf_counter()
    store.close()
    worker.join(5)
    assert not worker.is_alive()
    assert outcome == [StoreLocked.__name__]
    assert clock.perf_counter() - begin < 2


def test_the_full_check_reads_the_file_once_for_its_structure(app):
    """integrity_check covers quick_check: the full check runs it alone (issue 18), the quick check alone."""
    from sqlalchemy import event

    sent: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        sent.append(statement.strip())

    engine = app._store.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        full = app._store.check()
        structure = [s for s in sent if s.startswith(("PRAGMA quick_check", "PRAGMA integrity_check"))]
        assert structure == ["PRAGMA integrity_check"] and full.ok and full.quick_check == ["ok"]
        sent.clear()
        assert app._store.check(full=False).ok
        assert [s for s in sent if s.startswith("PRAGMA integrity_check")] == []
    finally:
        event.remove(engine, "before_cursor_execute", record)

"""T03: temporary tables and sorts stay in memory. A large temp-table and ORDER BY workload on the
store's own connection opens no SQLite temp file (`etilqs_*`, visible in /proc/self/fd even after
unlink); the same workload with temp_store=FILE does, so the scan can see one when it is there."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/fd is Linux")


def temp_files() -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if "etilqs" in Path(target.replace(" (deleted)", "")).name:
            found.append(target)
    return found


def workload(conn) -> list[str]:
    """Fill a temp table well past its cache and sort it; return the temp files open meanwhile."""
    conn.execute("PRAGMA temp.cache_size = 16")
    conn.execute("CREATE TEMP TABLE werk (n INTEGER, tekst BLOB)")
    conn.execute(
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 20000) "
        "INSERT INTO werk SELECT n, randomblob(600) FROM r"
    )
    rows = conn.execute("SELECT n FROM werk ORDER BY tekst").fetchmany(5)
    assert len(rows) == 5
    open_now = temp_files()
    conn.execute("DROP TABLE werk")
    return open_now


def test_the_store_connection_keeps_temp_data_in_memory(app):
    raw = app._store.engine.raw_connection()
    try:
        assert raw.execute("PRAGMA temp_store").fetchone()[0] == 2
        assert workload(raw) == []
    finally:
        raw.close()


def test_negative_control_temp_store_file_is_seen(app):
    """Without the pin the same workload leaves a temp file: the scan above can fail."""
    from bibob_desk.store.connection import raw_connect

    conn = raw_connect(app._store.path, app._store._key)
    try:
        conn.execute("PRAGMA temp_store = FILE")
        assert workload(conn) != []
    finally:
        conn.close()

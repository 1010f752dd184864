"""Issue 17: what signing costs. Writing N audit rows through the store (chained and signed) against
raw INSERTs of the same rows; `audit verify` (chain, anchors, every signature, role and record) against
recomputing the bare HMAC chain over the same rows. Figures with their baseline from the same run.

    .venv/bin/python bench/audit_bench.py [--rows 20000]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("BIBOB_DESK_STATE_DIR", tempfile.mkdtemp())

from bibob_desk.store.keyslots import CHEAP_TEST_KDF  # noqa: E402
from bibob_desk.store.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    rows = parser.parse_args().rows
    store = Store.create(
        Path(tempfile.mkdtemp()) / "a.db",
        username="bench",
        display_name="B",
        password="x" * 20,
        kdf=CHEAP_TEST_KDF,
    )
    batch = 500
    start = time.perf_counter()
    for _ in range(rows // batch):
        with store.transaction() as tx:
            for _ in range(batch):
                tx.audit("dossier.ingezien", "case:bench")
    written = time.perf_counter() - start
    raw = store.engine.raw_connection()
    start = time.perf_counter()
    for i in range(rows // batch):
        raw.executemany(
            "INSERT INTO audit_log (seq, ts_utc, actor, action, object, result, origin, app_version, mac) "
            "VALUES (?, '2026-12-02T00:00:00.000+00:00', 'bench', 'x', 'case:bench', 'ok', 'h', 'v', 'm')",
            [(10_000_000 + i * batch + j,) for j in range(batch)],
        )
    raw.commit()
    plain = time.perf_counter() - start
    raw.execute("DELETE FROM audit_log WHERE seq >= 10000000")
    raw.commit()
    start = time.perf_counter()
    result = store.verify_audit()
    verified = time.perf_counter() - start
    assert result.first_broken is None, result.reason
    start = time.perf_counter()
    previous = "0" * 64
    for (mac,) in raw.execute("SELECT mac FROM audit_log ORDER BY seq"):
        previous = hmac.new(store.audit_key, previous.encode() + mac.encode(), hashlib.sha256).hexdigest()
    chain = time.perf_counter() - start
    raw.close()
    store.close()
    print(
        f"{rows} logregels schrijven, ondertekend: {written:.2f} s; ruwe INSERT: {plain:.2f} s; "
        f"verhouding {written / plain:.0f}×"
    )
    print(
        f"audit verify ({result.signed_rows} handtekeningen): {verified:.2f} s; kale HMAC-keten: "
        f"{chain:.2f} s; verhouding {verified / chain:.0f}×"
    )


if __name__ == "__main__":
    main()

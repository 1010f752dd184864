"""T11: kill -9 of a child process during a commit loop leaves an intact database that holds
every acknowledged commit."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from bibob_desk.store.store import Store
from tests.conftest import ADMIN, PASSWORD

ROUNDS = int(os.environ.get("BIBOB_CRASH_ROUNDS", "25"))  # issue 7: at least 25 in CI
ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import os, sys
    from datetime import date
    from pathlib import Path
    from bibob_desk.domain.enums import Bestuursorgaan, PermitKind, ProcedureKind
    from bibob_desk.domain.model import Address, Case
    from bibob_desk.store.store import Store

    db, ack, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = Store.open(db, username=sys.argv[4], password=sys.argv[5])
    with open(ack, "a", encoding="ascii") as fh:
        n = start
        while True:
            case = Case(reference=f"K{n}", permit_kinds=[PermitKind.OVERIG], procedure=ProcedureKind.AANVRAAG,
                        bestuursorgaan=Bestuursorgaan.COLLEGE, received_date=date(2025, 1, 1),
                        location=Address(street="Crashlaan", house_number=str(n)))
            with store.transaction() as tx:
                tx.cases.add(case)
                tx.audit("dossier.aangemaakt", f"case:{case.id}")
            fh.write(f"K{n}\\n")
            fh.flush()
            os.fsync(fh.fileno())
            print(f"K{n}", flush=True)  # the handshake: the parent kills only after acknowledged commits
            n += 1
""")


@pytest.mark.slow
def test_kill_minus_nine_during_commits_loses_nothing_acknowledged(app, tmp_path):
    db = app._store.path
    app.close()
    ack = tmp_path / "ack.txt"
    ack.touch()
    rng = random.Random(20251122)
    for round_no in range(ROUNDS):
        start = round_no * 100_000
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db), str(ack), str(start), ADMIN, PASSWORD],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        wanted = rng.randint(1, 40)  # kill after this many acknowledged commits, mid-way through the next
        seen = [child.stdout.readline() for _ in range(wanted)]
        child.send_signal(signal.SIGKILL)
        child.wait(60)
        child.stdout.close()
        assert all(seen), f"round {round_no}: the child stopped before {wanted} commits"
        acked = set(ack.read_text(encoding="ascii").split())
        with Store.open(db, username=ADMIN, password=PASSWORD) as store:
            with store.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).fetchall() == [("ok",)]
                assert conn.execute(text("PRAGMA cipher_integrity_check")).fetchall() == []
                stored = {r[0] for r in conn.execute(text("SELECT reference FROM cases"))}
            assert store.check().audit_first_broken is None
        assert acked <= stored, f"round {round_no}: lost {sorted(acked - stored)[:5]}"
    assert len(acked) > ROUNDS  # the children really committed

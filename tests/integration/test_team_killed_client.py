"""Issue 19: a client killed in the middle of a save (the laptop's power cut, the process ended from
the task manager) leaves nothing half-written on the team database: the server rolls the unit of
work back, frees the case and the audit chain's lock, and the next save by anyone goes through."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import sqlalchemy
from sqlalchemy import text

from bibob_desk.domain.enums import Role
from bibob_desk.store.team_store import AUDIT_LOCK
from tests.integration.test_team_store_postgres import _demo_case
from tests.support.team import OWN, open_as

ROOT = Path(__file__).resolve().parents[2]

# The child saves a changed address and stops after the case, its revision and the audit lock are
# written inside the transaction, before the commit; it says so and waits until it is killed.
CHILD = """
import sys
from dataclasses import replace
from bibob_desk.store.team_store import TeamStore
from tests.support.team import OWN, open_as

address, username = sys.argv[1:3]
held = TeamStore._before_audit

def stop_half_way(self, tx):
    held(self, tx)
    print("midden in de transactie", flush=True)
    sys.stdin.readline()  # until the parent kills this process

TeamStore._before_audit = stop_half_way
with open_as(address, username, OWN) as store, store.transaction() as tx:
    case = tx.cases.get_by_reference("H1")
    moved = replace(case, location=replace(case.location, street="Halverwege"))
    tx.save_case(moved, reason="adres gewijzigd", expected=tx.cases.version(case.id))
print("opgeslagen", flush=True)
"""


def _line(child: subprocess.Popen[str], within: float = 120.0) -> str:
    """The child's next line; an empty string when it ended or said nothing in `within` seconds (a
    guard against a hanging test, not a timing assertion)."""
    ready, _, _ = select.select([child.stdout], [], [], within)
    return child.stdout.readline().strip() if ready and child.stdout else ""


def _wait_for_the_audit_lock(cluster, database: str) -> None:
    """Take the audit chain's lock as the server grants it: once the killed client's transaction is
    rolled back (a server-side wait, with a timeout as a guard against a hanging test)."""
    admin = sqlalchemy.create_engine(cluster.url(database=database), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SET statement_timeout = '120s'"))
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": AUDIT_LOCK})
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": AUDIT_LOCK})
    finally:
        admin.dispose()


def _rows(cluster, database: str) -> tuple[int, int]:
    """(audit rows, case revisions) as the server's superuser counts them."""
    admin = sqlalchemy.create_engine(cluster.url(database=database))
    try:
        with admin.connect() as conn:
            audit = conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
            revisions = conn.execute(text("SELECT count(*) FROM case_revisions")).scalar_one()
            return audit, revisions
    finally:
        admin.dispose()


def _held_locks(cluster, database: str) -> list[tuple[str, str]]:
    """Advisory and row-level locks of other sessions on this database, as (lock type, mode)."""
    admin = sqlalchemy.create_engine(cluster.url(database=database), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT l.locktype, l.mode FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() "
                    "AND (l.locktype = 'advisory' OR l.mode = 'RowExclusiveLock')"
                )
            )
            return [(r[0], r[1]) for r in rows]
    finally:
        admin.dispose()


def test_a_client_killed_mid_save_leaves_nothing_half_written_and_frees_its_locks(
    team, team_db, postgres_cluster
):
    ann = team.colleague(Role.VERGUNNINGVERLENER, "ann")
    with open_as(team.address, team.founder) as boss, boss.transaction() as tx:
        tx.cases.add_many([_demo_case("H1", ann)])
    with open_as(team.address, team.founder) as boss, boss.transaction() as tx:
        case = tx.cases.get_by_reference("H1")
        version = tx.cases.version(case.id)
    database = team_db.url.database
    before = _rows(postgres_cluster, database)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, team.address, ann],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        said = _line(child)
        assert said == "midden in de transactie", child.stderr.read() if child.poll() is not None else said
        held = _held_locks(postgres_cluster, database)
        assert ("advisory", "ExclusiveLock") in held  # the audit chain's lock, taken by the child
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    _wait_for_the_audit_lock(postgres_cluster, database)  # the server noticed the closed socket
    assert _held_locks(postgres_cluster, database) == []
    assert _rows(postgres_cluster, database) == before  # no audit row, no revision of the half save

    with open_as(team.address, ann, OWN) as again:  # the same officer, after a restart
        with again.transaction() as tx:
            kept = tx.cases.get(case.id)
            assert kept.location.street == case.location.street  # nothing of the half save
            assert tx.cases.version(case.id) == version
            moved = replace(kept, location=replace(kept.location, street="Nieuwe Markt"))
            assert tx.save_case(moved, reason="adres gewijzigd", expected=version) == version + 1
        assert again.verify_audit().first_broken is None
    with open_as(team.address, team.founder) as boss:
        with boss.transaction() as tx:
            assert tx.cases.get(case.id).location.street == "Nieuwe Markt"
        assert boss.verify_audit().first_broken is None

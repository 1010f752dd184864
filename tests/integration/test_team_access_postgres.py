"""Issue 19, enforced by the server: a person signs in to PostgreSQL with his own login role and sees,
with plain SQL and no app in between, only the cases of his team and what hangs off them."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest
import sqlalchemy
from sqlalchemy import text
from sqlmodel import Session

from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.paths import demo_case_files
from bibob_desk.store import migrations
from bibob_desk.store.projections import Projections
from bibob_desk.store.repository import CaseRepository
from tests.support.postgres import login_roles

PASSWORD = "lange zin voor de proef 7"


@pytest.fixture
def team(team_db, postgres_cluster):
    """The four demo cases in a team database: H1 and H2 with behandelaar A, V1 with jurist A,
    V3 with behandelaar B; login roles for A (lezer), B (behandelaar), C (beheerder) and D, a jurist
    of none of these cases (engines[d] only: the tests unpack four names)."""
    with team_db.begin() as conn:
        migrations.initialise(conn, str(uuid.uuid4()))
    tag = uuid.uuid4().hex[:8]
    a, b, c, d = f"lezer_{tag}", f"behandelaar_{tag}", f"beheerder_{tag}", f"jurist_{tag}"
    cases = []
    for file in demo_case_files():
        case = read_case_file(file).case
        teams = {"H1": (a, ""), "H2": (a, ""), "V1": (b, a), "V3": (b, "")}
        case = replace(case, behandelaar=teams[case.reference][0], jurist=teams[case.reference][1])
        cases.append(case)
    with Session(team_db) as session:
        projections = Projections(session.connection(), date.today())
        CaseRepository(session, lambda: projections).add_many(cases)
        session.commit()
    people = {
        a: ("bibob_lezer", PASSWORD),
        b: ("bibob_behandelaar", PASSWORD),
        c: ("bibob_beheerder", PASSWORD),
        d: ("bibob_jurist", PASSWORD),
    }
    with login_roles(team_db, postgres_cluster, people) as engines:
        yield a, b, c, engines


def _one_column(engine, sql: str) -> list:
    with engine.connect() as conn:
        return sorted(r[0] for r in conn.execute(text(sql)))


def test_a_lezer_reads_only_the_cases_of_his_team(team):
    a, _b, _c, engines = team
    lezer = engines[a]
    assert _one_column(lezer, "SELECT reference FROM cases") == ["H1", "H2", "V1"]
    assert _one_column(
        lezer, "SELECT c.reference FROM case_documents d JOIN cases c ON c.id = d.case_id"
    ) == [
        "H1",
        "H2",
        "V1",
    ]
    with engines[a].connect() as conn:  # without the join: the documents of V3 are not there at all
        documents = conn.execute(text("SELECT count(*) FROM case_documents")).scalar_one()
        parties = {r[0] for r in conn.execute(text("SELECT DISTINCT case_id FROM case_parties"))}
        keys = {r[0] for r in conn.execute(text("SELECT DISTINCT case_id FROM match_keys"))}
        payloads = " ".join(r[0] for r in conn.execute(text("SELECT payload FROM case_documents")))
    assert documents == 3 and len(parties) == len(keys) == 3
    assert '"reference": "V3"' not in payloads


def test_a_lezer_changes_nothing_and_cannot_switch_off_the_rules(team):
    a, _b, _c, engines = team
    for change in (
        "UPDATE cases SET stage = 'besluit'",
        "DELETE FROM case_documents",
        "ALTER TABLE cases DISABLE ROW LEVEL SECURITY",
        "SET ROLE bibob_beheerder",
    ):
        with pytest.raises(sqlalchemy.exc.DBAPIError), engines[a].begin() as conn:
            conn.execute(text(change))


def test_a_behandelaar_writes_his_own_cases_only_and_the_beheerder_sees_all(team):
    _a, b, c, engines = team
    with engines[b].begin() as conn:
        mine = conn.execute(text("UPDATE cases SET location = location || ' (b)'")).rowcount
    assert mine == 2  # V1 and V3: the others are not even seen
    with pytest.raises(sqlalchemy.exc.DBAPIError, match="row-level security"), engines[b].begin() as conn:
        conn.execute(text("UPDATE cases SET behandelaar = 'iemand_anders' WHERE reference = 'V3'"))
    assert _one_column(engines[c], "SELECT reference FROM cases") == ["H1", "H2", "V1", "V3"]


def test_a_colleagues_save_is_announced_and_shows_only_what_one_may_see(team):
    """Issue 19, deliverable 4: B saves V1 (A is its jurist) and V3 (not A's); A hears one
    announcement without a case id in it, and asking what changed gives him V1 only."""
    from bibob_desk.store import team_notices

    a, b, _c, engines = team
    listener = engines[a].raw_connection()
    try:
        driver = listener.driver_connection
        driver.autocommit = True
        team_notices.listen(driver)
        with engines[b].connect() as conn:
            before = conn.execute(text("SELECT max(updated_at) FROM cases")).scalar_one()
        moment = "9999-01-01T00:00:00+00:00"  # after every stored moment: only this save counts
        with engines[b].begin() as conn:
            save = "UPDATE cases SET updated_at = :t, revision = revision + 1 WHERE reference IN ('V1', 'V3')"
            conn.execute(text(save), {"t": moment})
        heard = team_notices.announcements(driver, timeout=30)  # 30 s: a safety net, not a measure
    finally:
        listener.close()
    assert heard == [""]  # one announcement, and no case id in it
    assert before < moment
    with Session(engines[a]) as session:
        changed = CaseRepository(session).changed_since(moment)
        visible = {s.id: s.reference for s in CaseRepository(session).summaries("")}
    assert [visible.get(case_id) for case_id, _version, _when in changed] == ["V1"]
    assert changed[0][1] == 2


def test_a_second_jurist_reads_the_decision_stages_and_writes_only_his_approval(team):
    """Migration 23: a jurist outside the team reads the cases with the LBB's advice (H2, V3) and
    what hangs off them, not the others; he changes none of it; his one write is an approval."""
    a, _b, _c, engines = team
    d = next(name for name in engines if name.startswith("jurist_"))
    jurist = engines[d]
    assert _one_column(jurist, "SELECT reference FROM cases") == ["H2", "V3"]
    assert _one_column(
        jurist, "SELECT DISTINCT c.reference FROM case_parties p JOIN cases c ON c.id = p.case_id"
    ) == ["H2", "V3"]
    with jurist.begin() as conn:
        changed = conn.execute(text("UPDATE cases SET stage = 'besluit'")).rowcount
        removed = conn.execute(text("DELETE FROM case_documents")).rowcount
        unparty = conn.execute(text("UPDATE case_parties SET kind = kind")).rowcount
    assert changed == removed == unparty == 0  # seen, yet not his to change
    with jurist.connect() as conn:
        h2 = conn.execute(text("SELECT id FROM cases WHERE reference = 'H2'")).scalar_one()
    with pytest.raises(sqlalchemy.exc.DBAPIError, match="row-level security"), jurist.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO case_parties (case_id, party_key, kind, name, name_norm) "
                "VALUES (:c, 'x', 'natuurlijk_persoon', 'n', 'n')"
            ),
            {"c": h2},
        )
    with jurist.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO approvals (case_id, kind, content_sha256, approved_by, approved_at) "
                "VALUES (:c, 'weigering', 'abc', current_user, '2026-12-04T10:00:00+00:00')"
            ),
            {"c": h2},
        )
    with engines[a].connect() as conn:  # the team sees the approval
        assert conn.execute(text("SELECT approved_by FROM approvals")).scalar_one() == d

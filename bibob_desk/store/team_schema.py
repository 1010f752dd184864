"""Who sees what, enforced by the PostgreSQL server (issue 19, migration 17; nothing on SQLite).

One login role per person (the app's user name), member of one of four group roles:

- `bibob_lezer`: reads the cases of his team, writes nothing but the audit rows of his reading;
- `bibob_behandelaar` (vergunningverlener) and `bibob_jurist`: read and write the cases of their team;
- `bibob_beheerder`: every case (the coordinator's caseload), and the accounts.

"His team" is the case's behandelaar and jurist (the columns of the list). Row-level security on
`cases` decides; every table that hangs off a case (a `case_id`, or both cases of a judgement)
follows through a policy that asks whether the case is visible — so `case_documents`, the parties,
the projections and the attachments of another team's case stay out of reach for a direct SQL
session too. Four eyes (migration 23): a jurist also *reads* the cases of other teams from the
LBB's advice up to the decision (`DECISION_STAGES`), so that a second jurist can approve a final
decision; he cannot change them (the policy is for SELECT only), and what he approves is audited.
The audit log and the signed statements are append-only for every role (migration 16).
Group roles belong to the whole cluster: several databases (municipalities of a region) share them,
and the CONNECT privilege on each database says who may enter it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import Connection, inspect, text

from bibob_desk.domain.enums import Stage

GROUPS = ("bibob_lezer", "bibob_behandelaar", "bibob_jurist", "bibob_beheerder")
WRITERS = ("bibob_behandelaar", "bibob_jurist", "bibob_beheerder")
APPEND_ONLY = ("audit_log", "statements")
SEES_ALL = "pg_has_role(current_user, 'bibob_beheerder', 'MEMBER')"
IN_TEAM = f"({SEES_ALL} OR behandelaar = current_user OR jurist = current_user)"
# where a final decision is prepared: from the advice of the LBB (or the own research) to the decision
DECISION_STAGES = (Stage.ADVIES_ONTVANGEN, Stage.VOORNEMEN, Stage.ZIENSWIJZE, Stage.BESLUIT, Stage.INTREKKING)


def _visible(column: str) -> str:
    return f"EXISTS (SELECT 1 FROM cases c WHERE c.id = {column})"  # cases is filtered itself


def _in_team(column: str) -> str:
    """The case is one of the user's team (not only read along as a second jurist)."""
    return (
        f"EXISTS (SELECT 1 FROM cases c WHERE c.id = {column} AND ({SEES_ALL} "
        "OR c.behandelaar = current_user OR c.jurist = current_user))"
    )


def apply(conn: Connection) -> None:
    for group in GROUPS:
        conn.execute(
            text(
                f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') "
                f"THEN CREATE ROLE {group} NOLOGIN; END IF; END $$"
            )
        )
    tables = sorted(inspect(conn).get_table_names())
    everyone = ", ".join(GROUPS)
    writers = ", ".join(WRITERS)
    for table in tables:
        conn.execute(text(f"GRANT SELECT ON {table} TO {everyone}"))
        if table in APPEND_ONLY:
            conn.execute(text(f"GRANT INSERT ON {table} TO {everyone}"))  # reading is audited too
        else:
            conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {table} TO {writers}"))
    conn.execute(text(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {everyone}"))
    conn.execute(text(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {everyone}"))
    conn.execute(text(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO {everyone}"))
    conn.execute(text("ALTER TABLE cases ENABLE ROW LEVEL SECURITY"))
    conn.execute(text(f"CREATE POLICY team_van_dossier ON cases USING {IN_TEAM} WITH CHECK {IN_TEAM}"))
    for table, rule in _case_bound(conn, _visible):
        conn.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
        conn.execute(text(f"CREATE POLICY via_dossier ON {table} USING ({rule}) WITH CHECK ({rule})"))


def _case_bound(conn: Connection, of_case: Callable[[str], str]) -> Iterator[tuple[str, str]]:
    """Each table that hangs off a case, with its rule: `of_case` of its case column (both cases of a
    judgement)."""
    for table in sorted(inspect(conn).get_table_names()):
        columns = {c["name"] for c in inspect(conn).get_columns(table)}
        if table == "cases":
            continue
        if "case_id" in columns:
            yield table, of_case(f"{table}.case_id")
        elif {"case_a", "case_b"} <= columns:  # a judgement: only who sees both cases
            yield table, f"{of_case(f'{table}.case_a')} AND {of_case(f'{table}.case_b')}"


def apply_four_eyes(conn: Connection) -> None:
    """A second jurist reads, never writes, the cases of other teams in the decision stages: reading
    follows what one sees, writing what hangs off a case stays with its team; his one write is the
    approval itself."""
    stages = ", ".join(f"'{stage.value}'" for stage in DECISION_STAGES)
    conn.execute(
        text(f"CREATE POLICY tweede_jurist ON cases FOR SELECT TO bibob_jurist USING (stage IN ({stages}))")
    )
    for table, rule in _case_bound(conn, _in_team):
        conn.execute(text(f"DROP POLICY via_dossier ON {table}"))
        # one policy per kind of write: a read meets only the reading policy below (one subquery a
        # row, as before; a FOR ALL policy would be OR-ed into every read: the list twice as slow)
        conn.execute(text(f"CREATE POLICY toevoegen_via_dossier ON {table} FOR INSERT WITH CHECK ({rule})"))
        conn.execute(
            text(
                f"CREATE POLICY wijzigen_via_dossier ON {table} FOR UPDATE USING ({rule}) WITH CHECK ({rule})"
            )
        )
        conn.execute(text(f"CREATE POLICY vernietigen_via_dossier ON {table} FOR DELETE USING ({rule})"))
    for table, rule in _case_bound(conn, _visible):
        conn.execute(text(f"CREATE POLICY lezen_via_dossier ON {table} FOR SELECT USING ({rule})"))
    visible = _visible("approvals.case_id")
    conn.execute(
        text(f"CREATE POLICY goedkeuren ON approvals FOR INSERT TO bibob_jurist WITH CHECK ({visible})")
    )

"""Who sees what, enforced by the PostgreSQL server (issue 19, migration 17; nothing on SQLite).

One login role per person (the app's user name), member of one of four group roles:

- `bibob_lezer`: reads the cases of his team, writes nothing but the audit rows of his reading;
- `bibob_behandelaar` (vergunningverlener) and `bibob_jurist`: read and write the cases of their team;
- `bibob_beheerder`: every case (the coordinator's caseload), and the accounts.

"His team" is the case's behandelaar and jurist (the columns of the list). Row-level security on
`cases` decides; every table that hangs off a case (a `case_id`, or both cases of a judgement)
follows through a policy that asks whether the case is visible — so `case_documents`, the parties,
the projections and the attachments of another team's case stay out of reach for a direct SQL
session too. The audit log and the signed statements are append-only for every role (migration 16).
Group roles belong to the whole cluster: several databases (municipalities of a region) share them,
and the CONNECT privilege on each database says who may enter it.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text

GROUPS = ("bibob_lezer", "bibob_behandelaar", "bibob_jurist", "bibob_beheerder")
WRITERS = ("bibob_behandelaar", "bibob_jurist", "bibob_beheerder")
APPEND_ONLY = ("audit_log", "statements")
SEES_ALL = "pg_has_role(current_user, 'bibob_beheerder', 'MEMBER')"
IN_TEAM = f"({SEES_ALL} OR behandelaar = current_user OR jurist = current_user)"


def _visible(column: str) -> str:
    return f"EXISTS (SELECT 1 FROM cases c WHERE c.id = {column})"  # cases is filtered itself


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
    for table in tables:
        columns = {c["name"] for c in inspect(conn).get_columns(table)}
        if table == "cases":
            continue
        if "case_id" in columns:
            rule = _visible(f"{table}.case_id")
        elif {"case_a", "case_b"} <= columns:  # a judgement: only who sees both cases
            rule = f"{_visible(f'{table}.case_a')} AND {_visible(f'{table}.case_b')}"
        else:
            continue
        conn.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
        conn.execute(text(f"CREATE POLICY via_dossier ON {table} USING ({rule}) WITH CHECK ({rule})"))

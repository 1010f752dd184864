"""Schema versions. Each migration is frozen DDL: later model changes add a migration, never edit one.

The DDL is written once, in SQLite's spelling; `dialect.portable` gives PostgreSQL's where the two
differ (an INTEGER primary key as an identity column, INSERT OR IGNORE, WHERE 0), and
tests/integration/test_schema_postgres.py runs every migration on a real server. SQLite-only pieces
(the FTS5 index) are dialect-guarded inside their module.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, text

from bibob_desk.store import dialect, search
from bibob_desk.store.errors import NewerSchema, NotADatabase

SCHEMA_FORMAT = "bibob-desk"

_V1 = [
    """CREATE TABLE meta (key VARCHAR NOT NULL PRIMARY KEY, value VARCHAR NOT NULL)""",
    """CREATE TABLE users (
        id INTEGER NOT NULL PRIMARY KEY,
        username VARCHAR NOT NULL UNIQUE,
        display_name VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        active BOOLEAN NOT NULL,
        created_at VARCHAR NOT NULL)""",
    """CREATE TABLE cases (
        id VARCHAR NOT NULL PRIMARY KEY,
        reference VARCHAR NOT NULL UNIQUE,
        permit_kinds VARCHAR NOT NULL,
        stage VARCHAR NOT NULL,
        received_date VARCHAR NOT NULL,
        location VARCHAR NOT NULL,
        party_names VARCHAR NOT NULL,
        search_text VARCHAR NOT NULL,
        payload VARCHAR NOT NULL,
        created_at VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL,
        revision INTEGER NOT NULL)""",
    "CREATE INDEX ix_cases_stage ON cases (stage)",
    "CREATE INDEX ix_cases_received_date ON cases (received_date)",
    """CREATE TABLE case_parties (
        id INTEGER NOT NULL PRIMARY KEY,
        case_id VARCHAR NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        party_key VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        name_norm VARCHAR NOT NULL,
        kvk VARCHAR,
        rsin VARCHAR)""",
    "CREATE INDEX ix_case_parties_case_id ON case_parties (case_id)",
    "CREATE INDEX ix_case_parties_name_norm ON case_parties (name_norm)",
    "CREATE INDEX ix_case_parties_kvk ON case_parties (kvk)",
    """CREATE TABLE audit_log (
        seq INTEGER NOT NULL PRIMARY KEY,
        ts_utc VARCHAR NOT NULL,
        actor VARCHAR NOT NULL,
        action VARCHAR NOT NULL,
        object VARCHAR NOT NULL,
        result VARCHAR NOT NULL,
        origin VARCHAR NOT NULL,
        app_version VARCHAR NOT NULL,
        mac VARCHAR NOT NULL)""",
]


_V4 = [
    """CREATE TABLE approvals (
        id INTEGER NOT NULL PRIMARY KEY,
        case_id VARCHAR NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        kind VARCHAR NOT NULL,
        content_sha256 VARCHAR NOT NULL,
        approved_by VARCHAR NOT NULL,
        approved_at VARCHAR NOT NULL)""",
    "CREATE INDEX ix_approvals_case_id ON approvals (case_id)",
]

_V2 = [
    """CREATE TABLE assessments (
        id INTEGER NOT NULL PRIMARY KEY,
        case_id VARCHAR NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        created_at VARCHAR NOT NULL,
        created_by VARCHAR NOT NULL,
        catalogue_id VARCHAR NOT NULL,
        catalogue_version INTEGER NOT NULL,
        catalogue_sha256 VARCHAR NOT NULL,
        inputs_hash VARCHAR NOT NULL,
        score INTEGER NOT NULL,
        band VARCHAR NOT NULL,
        payload VARCHAR NOT NULL)""",
    "CREATE INDEX ix_assessments_case_id ON assessments (case_id)",
]


def _v3(conn: Connection) -> None:
    """Attachments with their bytes inside the encrypted store. Built through SQLAlchemy Core so the
    binary column becomes BLOB on SQLite and BYTEA on PostgreSQL."""
    from sqlalchemy import Column, Date, ForeignKey, Integer, LargeBinary, MetaData, String, Table

    meta = MetaData()
    Table("cases", meta, Column("id", String, primary_key=True))
    table = Table(
        "attachments",
        meta,
        Column("id", Integer, primary_key=True),
        Column("case_id", String, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True),
        Column("type_id", String, nullable=False),
        Column("original_name", String, nullable=False),
        Column("file_type", String, nullable=False),
        Column("sha256", String, nullable=False),
        Column("size", Integer, nullable=False),
        Column("received_date", Date, nullable=False),
        Column("source", String, nullable=False),
        Column("status", String, nullable=False),
        Column("reason", String, nullable=False),
        Column("added_at", String, nullable=False),
        Column("added_by", String, nullable=False),
        Column("content", LargeBinary, nullable=False),
    )
    table.create(conn)


_V5 = [
    # The case document moves out of the list row: filtering and sorting read ~230 bytes a case
    # instead of ~11 kB (issue 8: 100,000 cases). `doc` is a stable integer key for the search index.
    """CREATE TABLE case_documents (
        doc INTEGER NOT NULL PRIMARY KEY,
        case_id VARCHAR NOT NULL UNIQUE REFERENCES cases (id) ON DELETE CASCADE,
        payload VARCHAR NOT NULL)""",
    "INSERT INTO case_documents (case_id, payload) SELECT id, payload FROM cases",
    "ALTER TABLE cases DROP COLUMN payload",
    "CREATE INDEX ix_cases_list_order ON cases (received_date, reference)",
]


_V6 = [
    # The officer's judgement of a match candidate (issue 9): append-only, the latest row per pair
    # counts, so a judgement can be reversed and its history stays. Both sides cascade with their case.
    """CREATE TABLE match_judgements (
        id INTEGER NOT NULL PRIMARY KEY,
        case_a VARCHAR NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        party_a VARCHAR NOT NULL,
        case_b VARCHAR NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        party_b VARCHAR NOT NULL,
        verdict VARCHAR NOT NULL,
        motivation VARCHAR NOT NULL,
        judged_by VARCHAR NOT NULL,
        judged_at VARCHAR NOT NULL)""",
    "CREATE INDEX ix_match_judgements_a ON match_judgements (case_a)",
    "CREATE INDEX ix_match_judgements_b ON match_judgements (case_b)",
]


_V7 = [
    # The municipality's signals register (issue 9): hard and soft signals about a person, company or
    # address, independent of any case; linked to cases when they are scored.
    """CREATE TABLE signal_register (
        id INTEGER NOT NULL PRIMARY KEY,
        source VARCHAR NOT NULL,
        signal_date VARCHAR NOT NULL,
        reliability VARCHAR NOT NULL,
        subject_kind VARCHAR NOT NULL,
        subject_name VARCHAR NOT NULL,
        birth_date VARCHAR,
        kvk VARCHAR,
        postcode VARCHAR NOT NULL,
        house_number VARCHAR NOT NULL,
        description VARCHAR NOT NULL,
        recorded_by VARCHAR NOT NULL,
        recorded_at VARCHAR NOT NULL,
        retention_date VARCHAR NOT NULL)""",
    "CREATE INDEX ix_signal_register_retention ON signal_register (retention_date)",
]


_V8 = [
    # The weerbaarheidsscan of the municipality's own organisation (issue 9): answers and result,
    # with the versions of the form and the scoring file that produced them.
    """CREATE TABLE resilience_scans (
        id INTEGER NOT NULL PRIMARY KEY,
        form_id VARCHAR NOT NULL,
        form_version INTEGER NOT NULL,
        scoring_id VARCHAR NOT NULL,
        scoring_version INTEGER NOT NULL,
        scoring_sha256 VARCHAR NOT NULL,
        answers VARCHAR NOT NULL,
        result VARCHAR NOT NULL,
        completed_by VARCHAR NOT NULL,
        completed_at VARCHAR NOT NULL)""",
]


_V10 = [
    # Every change to a case is a revision (issue 14): who, when, why, and the RFC 6902 patch from the
    # previous version (forward) and back (inverse, for "terugzetten naar deze versie"). Version 1 is
    # the case as created or imported; earlier changes of an existing database have no row.
    """CREATE TABLE case_revisions (
        id INTEGER NOT NULL PRIMARY KEY,
        case_id VARCHAR NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        actor VARCHAR NOT NULL,
        at VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        forward VARCHAR NOT NULL,
        inverse VARCHAR NOT NULL,
        UNIQUE (case_id, revision))""",
]


def _v9(conn: Connection) -> None:
    """cases.watched: the decision that puts a case on the doorstart watch ('' when none), so the watch
    list is one query instead of a walk through every case. Filled from the stored documents."""
    import json

    from bibob_desk.network.doorstart import WATCHED_DECISIONS

    conn.execute(text("ALTER TABLE cases ADD COLUMN watched VARCHAR NOT NULL DEFAULT ''"))
    watched = {d.value for d in WATCHED_DECISIONS}
    rows = conn.execute(text("SELECT case_id, payload FROM case_documents")).all()
    for case_id, payload in rows:
        data = json.loads(payload)
        kinds = [e.get("decision") for e in data.get("events", []) if e.get("decision") in watched]
        if data.get("stage") == "intrekking" and not kinds:
            kinds = ["intrekking"]
        if kinds:
            conn.execute(text("UPDATE cases SET watched = :w WHERE id = :i"), {"w": kinds[-1], "i": case_id})
    conn.execute(text("CREATE INDEX ix_cases_watched ON cases (watched)"))


def _v11(conn: Connection) -> None:
    """cases.behandelaar, cases.jurist and cases.result (the closure's result, '' while open), so the
    caseload filters ("Mijn dossiers", archief) are one query. Filled from the stored documents."""
    import json

    for name in ("behandelaar", "jurist", "result"):
        conn.execute(text(f"ALTER TABLE cases ADD COLUMN {name} VARCHAR NOT NULL DEFAULT ''"))
    rows = conn.execute(text("SELECT case_id, payload FROM case_documents")).all()
    for case_id, payload in rows:
        data = json.loads(payload)
        values = {
            "b": data.get("behandelaar", ""),
            "j": data.get("jurist", ""),
            "r": (data.get("closure") or {}).get("result", ""),
            "i": case_id,
        }
        if values["b"] or values["j"] or values["r"]:
            conn.execute(
                text("UPDATE cases SET behandelaar = :b, jurist = :j, result = :r WHERE id = :i"), values
            )
    for name in ("behandelaar", "jurist", "result"):
        conn.execute(text(f"CREATE INDEX ix_cases_{name} ON cases ({name})"))
    for table in ("attachments", "signal_register"):  # withdrawn with a reason, kept and listed
        for name in ("withdrawn_reason", "withdrawn_by"):
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} VARCHAR NOT NULL DEFAULT ''"))


_V12 = [
    "ALTER TABLE audit_log ADD COLUMN record VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE audit_log ADD COLUMN signature VARCHAR NOT NULL DEFAULT ''",
    "CREATE INDEX ix_audit_log_record ON audit_log (record)",
    """CREATE TABLE statements (
        id INTEGER NOT NULL PRIMARY KEY,
        kind VARCHAR NOT NULL,
        subject VARCHAR NOT NULL,
        body VARCHAR NOT NULL,
        org_signature VARCHAR NOT NULL,
        extra_signature VARCHAR NOT NULL DEFAULT '',
        created_at VARCHAR NOT NULL)""",
]


def _v13(conn: Connection) -> None:
    """Projections (issue 18): open terms, match keys and doorstart hits; filled by migration 14
    (the rebuild writes every projection table, so it runs once all of them exist)."""
    from bibob_desk.store import projection_schema, projections

    _run(projection_schema.DDL)(conn)
    projections.secret(conn)


def _v14(conn: Connection) -> None:
    """The signal sources per case (the start screen read every document with json_each), then
    every projection built from the stored documents; every save keeps them current afterwards."""
    from datetime import date

    from bibob_desk.store import projection_check, projection_schema

    _run(projection_schema.DDL_SOURCES)(conn)
    _v15(conn)  # the rebuild writes the watched cases' keys too
    projection_check.rebuild(conn, date.today())


def _v15(conn: Connection) -> None:
    """The watched cases' match keys on their own, copied from match_keys (issue 18); made by
    migration 14 already when a database comes from before it."""
    from bibob_desk.store import projection_schema

    if not dialect.has_table(conn, "watch_keys"):
        _run(projection_schema.DDL_WATCH)(conn)


# migration 16 (issue 19): on PostgreSQL the server itself keeps the audit log and the signed
# statements append-only, for every role including the owner of the tables: a trigger refuses
# UPDATE, DELETE and TRUNCATE. (In the SQLCipher file the hash chain and the signatures show any
# change; the file's owner can always rewrite his own file.)
_APPEND_ONLY_PG = [
    """CREATE FUNCTION bibob_alleen_aanvullen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'bibob-desk: % is alleen aan te vullen (%, geweigerd)', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END $$""",
    *(
        statement
        for table in ("audit_log", "statements")
        for statement in (
            f"CREATE TRIGGER {table}_alleen_aanvullen BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION bibob_alleen_aanvullen()",
            f"CREATE TRIGGER {table}_niet_legen BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION bibob_alleen_aanvullen()",
        )
    ),
]


def _v16(conn: Connection) -> None:
    if dialect.name(conn) == "postgresql":
        _run(_APPEND_ONLY_PG)(conn)


def _v17(conn: Connection) -> None:
    if dialect.name(conn) == "postgresql":
        from bibob_desk.store import team_schema

        team_schema.apply(conn)


def _v18(conn: Connection) -> None:
    if dialect.name(conn) == "postgresql":
        from bibob_desk.store import team_keys

        _run(team_keys.DDL)(conn)


def _v19(conn: Connection) -> None:
    """The list asks which cases changed since a moment (a colleague's save in team mode)."""
    conn.execute(text("CREATE INDEX ix_cases_updated_at ON cases (updated_at)"))
    if dialect.name(conn) == "postgresql":
        from bibob_desk.store import team_notices

        _run(team_notices.DDL)(conn)


def _v20(conn: Connection) -> None:
    if dialect.name(conn) == "postgresql":
        from bibob_desk.store import team_keys

        _run(team_keys.DDL_OWN_PASSWORD)(conn)


def _v21(conn: Connection) -> None:
    if dialect.name(conn) == "postgresql":
        _run(search.DDL_GRAMS)(conn)


def _v22(conn: Connection) -> None:
    """`migrate --to` keeps the numbers of the copied rows and sets the counters after them."""
    if dialect.name(conn) == "postgresql":
        conn.execute(text("GRANT UPDATE ON ALL SEQUENCES IN SCHEMA public TO bibob_beheerder"))


def _v23(conn: Connection) -> None:
    if dialect.name(conn) == "postgresql":
        from bibob_desk.store import team_schema

        team_schema.apply_four_eyes(conn)


def _v5(conn: Connection) -> None:
    _run(_V5)(conn)
    search.create(conn)  # dialect-specific (FTS5 on SQLite), fills itself from the cases


def _run(statements: list[str]) -> Callable[[Connection], None]:
    def apply(conn: Connection) -> None:
        spoken = dialect.name(conn)
        for statement in statements:
            conn.execute(text(dialect.portable(statement, spoken)))

    return apply


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "eerste schema: meta, users, cases, case_parties, audit_log", _run(_V1)),
    (2, "risicobeoordelingen (assessments) als momentopnamen", _run(_V2)),
    (3, "bijlagen (attachments) versleuteld in de database", _v3),
    (4, "goedkeuringen van besluiten (vier ogen)", _run(_V4)),
    (5, "dossierinhoud apart van de lijst; zoekindex", _v5),
    (6, "oordelen over overeenkomsten tussen dossiers (zelfde, niet zelfde, onzeker)", _run(_V6)),
    (7, "signalenregister", _run(_V7)),
    (8, "weerbaarheidsscans van de eigen organisatie", _run(_V8)),
    (9, "doorstartwacht als kolom van de lijst", _v9),
    (10, "versies van een dossier: wie, wanneer, waarom en wat per veld", _run(_V10)),
    (11, "behandelaar, jurist en resultaat als kolommen van de lijst; bijlagen en signalen intrekken", _v11),
    (12, "ondertekende wijzigingen: handtekening per logregel, verklaringen van de organisatie", _run(_V12)),
    (13, "projecties: open termijnen, overeenkomstsleutels en doorstartwacht per dossier", _v13),
    (14, "projectie: de bronnen van de signalen per dossier (startscherm)", _v14),
    (15, "projectie: de overeenkomstsleutels van gevolgde dossiers apart (doorstartwacht)", _v15),
    (16, "teamdatabase: logboek en verklaringen alleen aan te vullen (PostgreSQL)", _v16),
    (17, "teamdatabase: rollen en wie welk dossier ziet, afgedwongen door de server (PostgreSQL)", _v17),
    (18, "teamdatabase: sleutelslots als rijen, ieder alleen het zijne (PostgreSQL)", _v18),
    (19, "gewijzigde dossiers opvragen; in de teamdatabase een melding bij elke wijziging", _v19),
    (20, "teamdatabase: ieder wijzigt zijn eigen sleutelslot bij een nieuw wachtwoord (PostgreSQL)", _v20),
    (21, "teamdatabase: zoeken in versleutelde dossiers via een blinde index (PostgreSQL)", _v21),
    (22, "teamdatabase: de beheerder zet een bestand over met behoud van de nummers (PostgreSQL)", _v22),
    (23, "teamdatabase: een tweede jurist leest de besluitfase mee (vier ogen, PostgreSQL)", _v23),
]
CURRENT_VERSION = MIGRATIONS[-1][0]


def _meta(conn: Connection, key: str) -> str | None:
    row = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": key}).fetchone()
    return None if row is None else str(row[0])


def meta(conn: Connection, key: str) -> str | None:
    """One value of the meta table (None when absent)."""
    return _meta(conn, key)


def _set_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(text("DELETE FROM meta WHERE key = :k"), {"k": key})
    conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v)"), {"k": key, "v": value})


def initialise(conn: Connection, db_uuid: str) -> None:
    """Create a new schema at the current version (inside the caller's transaction)."""
    for _, _, apply in MIGRATIONS:
        apply(conn)
    _set_meta(conn, "schema_format", SCHEMA_FORMAT)
    _set_meta(conn, "schema_version", str(CURRENT_VERSION))
    _set_meta(conn, "db_uuid", db_uuid)
    _set_meta(conn, "created_at", datetime.now(UTC).isoformat(timespec="seconds"))


def schema_version(conn: Connection) -> int:
    """The stored version; refuses files that are not ours."""
    names = dialect.table_names(conn)
    if "meta" not in names or _meta(conn, "schema_format") != SCHEMA_FORMAT:
        raise NotADatabase("de tabellen van bibob-desk ontbreken")
    return int(_meta(conn, "schema_version") or "0")


def upgrade(conn: Connection) -> list[int]:
    """Apply pending migrations in order; returns the versions applied."""
    current = schema_version(conn)
    if current > CURRENT_VERSION:
        raise NewerSchema()
    applied = []
    for version, _, apply in MIGRATIONS:
        if version > current:
            apply(conn)
            _set_meta(conn, "schema_version", str(version))
            applied.append(version)
    return applied

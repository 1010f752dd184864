"""Colleagues' changes without a restart (issue 19, deliverable 4; PostgreSQL only).

Every statement that writes `cases` sends one NOTIFY on CHANNEL, *without* a payload: a case id in
it would reach every listener, also one who may not see that case. A client that hears it asks
`CaseRepository.changed_since` which cases changed — a query row-level security answers only with
the cases he may see — and reloads those (migration 19; the file has no listeners: one writer).
"""

from __future__ import annotations

from typing import Any

CHANNEL = "bibob_wijzigingen"

DDL = [
    """CREATE FUNCTION bibob_meld_wijziging() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('bibob_wijzigingen', '');
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER cases_gewijzigd AFTER INSERT OR UPDATE OR DELETE ON cases "
    "FOR EACH STATEMENT EXECUTE FUNCTION bibob_meld_wijziging()",
]


def listen(connection: Any) -> None:
    """Start listening on a psycopg connection in autocommit mode (the driver connection of an
    engine: `engine.raw_connection().driver_connection`)."""
    connection.execute(f"LISTEN {CHANNEL}")


def announcements(connection: Any, timeout: float) -> list[str]:
    """The payloads ('' each) of the first announcement on CHANNEL within `timeout` seconds, or []
    when none came; after one, ask changed_since."""
    return [n.payload for n in connection.notifies(timeout=timeout, stop_after=1) if n.channel == CHANNEL]

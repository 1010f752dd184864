"""Key slots as rows of the team database (issue 19, migration 18; PostgreSQL only).

The file keeps its slots beside it (`<db>.keys`); a team database keeps them in `team_key_slots`,
one row per person, the same KeySlot as in the file (keyslots.py: the team key wrapped with AES-GCM
under an Argon2id key of that person's password, bound to the database id). The server never sees a
password or the team key, only the wrapped slot. Row-level security: a person reads his own slot
only; a beheerder reads and writes all of them (to add, reset or remove someone). Nobody else can
add a slot, so a lezer cannot give himself one under another name.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict

from sqlalchemy import Connection, text

from bibob_desk.store.errors import KeySlotsProblem, WrongPassword
from bibob_desk.store.keyslots import KdfParams, KeySlot

BEHEERDER = "pg_has_role(current_user, 'bibob_beheerder', 'MEMBER')"

DDL = [
    """CREATE TABLE team_key_slots (
        username VARCHAR NOT NULL PRIMARY KEY,
        slot VARCHAR NOT NULL)""",
    "ALTER TABLE team_key_slots ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY eigen_sleutel ON team_key_slots FOR SELECT "
    f"USING (username = current_user OR {BEHEERDER})",
    f"CREATE POLICY beheer_sleutels ON team_key_slots FOR ALL USING ({BEHEERDER}) WITH CHECK ({BEHEERDER})",
    "GRANT SELECT ON team_key_slots TO bibob_lezer, bibob_behandelaar, bibob_jurist, bibob_beheerder",
    "GRANT INSERT, UPDATE, DELETE ON team_key_slots TO bibob_beheerder",
]
DDL_OWN_PASSWORD = [  # migration 20: a new own password re-wraps the own slot, nobody else's
    "CREATE POLICY eigen_wachtwoord ON team_key_slots FOR UPDATE "
    "USING (username = current_user) WITH CHECK (username = current_user)",
    "GRANT UPDATE ON team_key_slots TO bibob_lezer, bibob_behandelaar, bibob_jurist",
]


def put(conn: Connection, slot: KeySlot) -> None:
    """Add or replace the slot of `slot.user` (a beheerder's connection)."""
    conn.execute(
        text(
            "INSERT INTO team_key_slots (username, slot) VALUES (:u, :s) "
            "ON CONFLICT (username) DO UPDATE SET slot = EXCLUDED.slot"
        ),
        {"u": slot.user, "s": json.dumps(asdict(slot))},
    )


def replace_own(conn: Connection, slot: KeySlot) -> None:
    """The own slot, wrapped again under a new password (any role; migration 20)."""
    conn.execute(
        text("UPDATE team_key_slots SET slot = :s WHERE username = current_user AND username = :u"),
        {"u": slot.user, "s": json.dumps(asdict(slot))},
    )


def remove(conn: Connection, username: str) -> None:
    conn.execute(text("DELETE FROM team_key_slots WHERE username = :u"), {"u": username})


def visible(conn: Connection) -> list[KeySlot]:
    """Every slot this connection may read: his own, or all of them for a beheerder."""
    try:
        return [KeySlot(**json.loads(r[0])) for r in conn.execute(text("SELECT slot FROM team_key_slots"))]
    except (ValueError, TypeError):
        raise KeySlotsProblem("de sleutel in de teamdatabase is beschadigd") from None


def own(conn: Connection, username: str) -> KeySlot | None:
    """This person's slot as the server lets him read it (None: there is none he may see)."""
    row = conn.execute(text("SELECT slot FROM team_key_slots WHERE username = :u"), {"u": username}).first()
    if row is None:
        return None
    try:
        return KeySlot(**json.loads(row[0]))
    except (ValueError, TypeError):
        raise KeySlotsProblem("de sleutel in de teamdatabase is beschadigd") from None


def unlock(conn: Connection, username: str, password: str, db_uuid: str) -> tuple[bytearray, bytes | None]:
    """(team key, sealed signing keys or None) from this person's own row; WrongPassword otherwise,
    after the same effort when there is no slot (the answer does not tell whether he has one)."""
    slot = own(conn, username)
    if slot is None:
        KdfParams().derive(password, secrets.token_bytes(16))
        raise WrongPassword()
    return slot.open(password, db_uuid)

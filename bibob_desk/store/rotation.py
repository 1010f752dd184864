"""Key rotation that survives a kill at every step (T08):

  A. pending slots for the new key (the rotating user and a new recovery key) are added to the key file
     next to the active ones (atomic write);
  B. ``PRAGMA rekey`` re-encrypts every page (one SQLite transaction);
  C. finalise: the pending slots become the active ones.

Opening after an interruption sorts it out: if the old key still opens the database, B never happened and
the pending slots are dropped; if only the pending key opens it, C is done then. The audit chain keeps its
key: before B the current audit key is pinned inside the (encrypted) database.

Other users' slots wrap the old key and cannot be re-wrapped without their passwords: rotation removes
them, and the beheerder sets a temporary password for each (``reset-password``). That is the point of a
rotation: a removed user's copy of an old key file stops working on the current database.
"""

from __future__ import annotations

import dataclasses
import secrets

from sqlalchemy import Connection, text

from bibob_desk.store.connection import raw_connect
from bibob_desk.store.keyslots import (
    RECOVERY,
    RECOVERY_KDF,
    KdfParams,
    KeySlotFile,
    new_recovery_key,
    new_slot,
    normalize_recovery_key,
)

AUDIT_KEY_META = "audit_key"


def pin_audit_key(conn: Connection, audit_key: bytes) -> None:
    present = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": AUDIT_KEY_META}).fetchone()
    if present is None:
        conn.execute(
            text("INSERT INTO meta (key, value) VALUES (:k, :v)"), {"k": AUDIT_KEY_META, "v": audit_key.hex()}
        )


def pinned_audit_key(conn: Connection) -> bytes | None:
    row = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": AUDIT_KEY_META}).fetchone()
    return bytes.fromhex(row[0]) if row else None


def add_pending(
    slots: KeySlotFile,
    username: str,
    password: str,
    new_key: bytearray,
    kdf: KdfParams,
    *,
    sealed: tuple[bytes | None, bytes | None] = (None, None),
) -> str:
    """Step A (the caller saves the file). Returns the new recovery key, to be shown once. `sealed`:
    the signing keys for the user's slot and for the recovery slot (trust.py)."""
    slots.slots = [s for s in slots.slots if s.state != "pending"]
    recovery = new_recovery_key()
    for (user, secret, params), seal in zip(
        (
            (username, password, kdf),
            (RECOVERY, normalize_recovery_key(recovery), RECOVERY_KDF),
        ),
        sealed,
        strict=True,
    ):
        slot = new_slot(user, secret, new_key, slots.db_uuid, params, seal)
        slots.slots.append(dataclasses.replace(slot, state="pending"))
    return recovery


def rekey(path: object, old_key: bytearray, new_key: bytearray) -> None:
    """Step B on a connection of its own (all pooled connections must be closed)."""
    conn = raw_connect(path, old_key)
    try:
        conn.execute(f"PRAGMA rekey = \"x'{bytes(new_key).hex()}'\"")
    finally:
        conn.close()


def finalise(slots: KeySlotFile) -> list[str]:
    """Step C (the caller saves the file). Returns the users whose old slots were removed."""
    pending = [s for s in slots.slots if s.state == "pending"]
    kept = {s.user for s in pending}
    dropped = sorted({s.user for s in slots.slots if s.state == "active" and s.user not in kept} - {RECOVERY})
    slots.slots = [dataclasses.replace(s, state="active") for s in pending]
    return dropped


def roll_back(slots: KeySlotFile) -> bool:
    """The old key still opens the database: step B never happened. True when something was dropped."""
    before = len(slots.slots)
    slots.slots = [s for s in slots.slots if s.state != "pending"]
    return len(slots.slots) != before


def new_database_key() -> bytearray:
    return bytearray(secrets.token_bytes(32))

"""The per-user anchor outside the database folder (issue 17, P4).

The side file ``<db>.anker`` travels with the folder, so putting back an older copy of the whole folder
(database, key slots and anchor file together) would pass it. Each user's app therefore also keeps the
head of the audit log it last saw in the user's own state directory (platformdirs: on Linux
``~/.local/state/bibob-desk``, on Windows ``%LOCALAPPDATA%``). At the next unlock the database must
contain that row unchanged. The file holds the database's uuid hash, a sequence number and a MAC:
no names, nothing about a case.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from bibob_desk.store.keyslots import atomic_write


def state_dir() -> Path:
    override = os.environ.get("BIBOB_DESK_STATE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_state_dir

    return Path(user_state_dir("bibob-desk", appauthor=False))


def _path(db_uuid: str, username: str) -> Path:
    name = hashlib.sha256(f"{db_uuid}|{username}".encode()).hexdigest()[:24]
    return state_dir() / "ankers" / f"{name}.json"


@dataclass(frozen=True)
class LocalAnchor:
    seq: int
    mac: str


def read(db_uuid: str, username: str) -> LocalAnchor | None:
    try:
        item = json.loads(_path(db_uuid, username).read_text("ascii"))
        return LocalAnchor(int(item["seq"]), str(item["mac"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none yet (first unlock on this account) or unreadable: nothing to compare


def write(db_uuid: str, username: str, seq: int, mac: str) -> None:
    """Best effort: a profile that cannot be written never blocks the user (the check weakens)."""
    path = _path(db_uuid, username)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(path, json.dumps({"seq": seq, "mac": mac}).encode("ascii"))
    except OSError:
        pass

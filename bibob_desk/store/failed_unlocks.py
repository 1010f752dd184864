"""Failed unlock attempts: without the key nothing can be written to the audit log, so each failure
is noted (time only, no user name) in ``<db>.mislukt``. The next attempt waits longer (1, 2, 4 … at
most 30 s, never a permanent lockout); the next successful unlock moves the notes into the audit log."""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime
from pathlib import Path

SUFFIX = ".mislukt"
MAX_DELAY_S = 30
KEEP = 1000  # a file that is flooded still stays small


def path_for(db: Path) -> Path:
    return db.with_name(db.name + SUFFIX)


def record(db: Path) -> None:
    line = datetime.now(UTC).isoformat(timespec="seconds") + "\n"
    with contextlib.suppress(OSError):
        if count(db) >= KEEP:
            return
        fd = os.open(path_for(db), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line.encode("ascii"))
        finally:
            os.close(fd)


def count(db: Path) -> int:
    try:
        return len(path_for(db).read_bytes().splitlines())
    except OSError:
        return 0


def delay_seconds(failures: int) -> float:
    return float(min(2 ** (failures - 1), MAX_DELAY_S)) if failures > 0 else 0.0


def take(db: Path) -> list[str]:
    """The noted times (ISO, UTC), and the file removed."""
    try:
        lines = path_for(db).read_text("ascii", errors="replace").split()
        path_for(db).unlink()
    except OSError:
        return []
    return [line[:25] for line in lines]

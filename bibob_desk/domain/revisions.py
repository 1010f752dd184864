"""A change to a case is a revision: who, when, why and what (field by field). History stays; a
revert is a new revision, never a rewrite of an old one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldChange:
    """One RFC 6902 operation, with the value before and after (shown in the history view, never
    written to the audit log)."""

    op: str  # add | remove | replace (move/copy are written as these)
    path: str  # JSON pointer into the case, e.g. /parties/2/name
    old: Any = None
    new: Any = None


@dataclass(frozen=True)
class Revision:
    case_id: str
    number: int  # the case's version after this change (version 1 is the case as created)
    actor: str
    at: str  # ISO timestamp, UTC
    reason: str
    changes: tuple[FieldChange, ...]

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(c.path for c in self.changes)

"""The small 'what changed' value services return (the Anki pattern)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    cases: tuple[str, ...] = ()  # ids of cases added or changed
    users: bool = False
    messages: tuple[str, ...] = field(default=())

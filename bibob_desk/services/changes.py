"""The small 'what changed' value services return (the Anki pattern), and the feed every service
reports it to. The UI's change hub listens to the feed, so a screen refreshes from what the service
said changed, also when the change was made by work running in the background."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Topic(StrEnum):
    CASES = "cases"  # case data and its list row (new, imported, stage)
    EVENTS = "events"  # events and so the deadlines
    RISK = "risk"  # a stored assessment or an override
    ATTACHMENTS = "attachments"
    SIGNALS = "signals"  # the signals register
    MATCHES = "matches"  # judgements of candidates across cases
    APPROVALS = "approvals"  # four eyes
    USERS = "users"
    SETTINGS = "settings"
    BACKUP = "backup"


@dataclass(frozen=True)
class Changes:
    cases: tuple[str, ...] = ()  # ids of cases added or changed
    users: bool = False
    messages: tuple[str, ...] = field(default=())
    topics: frozenset[Topic] = frozenset()

    def __post_init__(self) -> None:
        if self.users and Topic.USERS not in self.topics:
            object.__setattr__(self, "topics", self.topics | {Topic.USERS})

    def about(self, topic: Topic) -> bool:
        return topic in self.topics

    def touches(self, case_id: str | None) -> bool:
        return case_id is not None and case_id in self.cases


Listener = Callable[[Changes], None]


class ChangeFeed:
    """Services report every committed change here; listeners are called on the reporting thread."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def report(self, changes: Changes) -> Changes:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(changes)
        return changes


class Reports:
    """Mixin of the services that write: ``self.report(...)`` after the commit. Bootstrap gives
    every service of one context the same feed; a service on its own reports to nobody."""

    feed: ChangeFeed = ChangeFeed()  # replaced per context in bootstrap

    def report(self, *case_ids: str, topics: tuple[Topic, ...] = (), message: str = "") -> Changes:
        return self.feed.report(
            Changes(cases=case_ids, topics=frozenset(topics), messages=(message,) if message else ())
        )

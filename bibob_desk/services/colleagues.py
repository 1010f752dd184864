"""Colleagues' changes without a restart (issue 19, deliverable 4).

On a team database several people save at once. The window asks this service every few seconds
which cases changed (`poll`); it answers from `CaseRepository.changed_since`, which the server's
row-level security limits to the cases this person may see, and reports the changed ones to the
change feed: the list re-reads those rows and an open case reloads (typed, unsaved input stays and
its save is checked against the version it started from).

The moment of a save is the saving client's clock, so the question looks back WINDOW further than
the last answer and recognises what it saw by version; a clock more than the unlock's tolerance off
is reported at unlock (T28). A file database has one writer: nothing to ask.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bibob_desk.services.changes import Changes, Reports, Topic
from bibob_desk.store.store import Store

WINDOW = timedelta(minutes=10)
TOPICS = (Topic.CASES, Topic.EVENTS, Topic.RISK, Topic.ATTACHMENTS, Topic.SIGNALS)


class ColleagueChanges(Reports):
    def __init__(self, store: Store) -> None:
        self.store = store
        self._seen: dict[str, int] | None = None  # case id -> version, of the last answer

    @property
    def shared(self) -> bool:
        """True on a team database: others may change cases while this window is open."""
        return self.store.shared

    def poll(self) -> Changes:
        """The cases changed since the previous poll (none at the first: that one sets the mark),
        reported to the feed. Reads ids and versions only: no case content, so no audit row."""
        if not self.shared:
            return Changes()
        since = (datetime.now(UTC) - WINDOW).isoformat(timespec="seconds")
        with self.store.transaction() as tx:
            rows = tx.cases.changed_since(since)
        seen, self._seen = self._seen, {case_id: version for case_id, version, _ in rows}
        if seen is None:
            return Changes()
        changed = [case_id for case_id, version, _ in rows if seen.get(case_id) != version]
        if not changed:
            return Changes()
        self.store.colleagues_saved()  # their new names count for matching from now on
        count = len(changed)
        return self.report(
            *changed,
            topics=TOPICS,
            message=f"Bijgewerkt vanuit de teamdatabase: {count} dossier{'s' if count != 1 else ''}.",
        )

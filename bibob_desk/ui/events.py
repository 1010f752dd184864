"""The change hub and the current case: screens subscribe here instead of calling each other.

`ChangeHub.changed` carries what a service reported as changed (services/changes.py), delivered on
the GUI thread also when the change was made by work in the background. `CaseSelection` is the case
the officer has open; each panel loads its own part when it changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from bibob_desk.services.changes import ChangeFeed, Changes


class ChangeHub(QObject):
    changed = Signal(object)  # Changes
    _reported = Signal(object)  # from any thread; re-emitted as `changed` on the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reported.connect(self.changed.emit)  # queued when reported from another thread
        self._unsubscribe: Callable[[], None] | None = None

    def listen_to(self, feed: ChangeFeed | None) -> None:
        """The feed of the unlocked context (None at lock)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if feed is not None:
            self._unsubscribe = feed.subscribe(self._on_feed_reported)

    def _on_feed_reported(self, changes: Changes) -> None:
        try:
            self._reported.emit(changes)
        except RuntimeError:  # the hub is gone (window closed)
            pass

    def publish(self, changes: Changes) -> None:
        """For changes no service reports (none today); screens never call each other."""
        self.changed.emit(changes)


class CaseSelection(QObject):
    case_changed = Signal(object)  # case id, or None when no case is open

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.case_id: str | None = None
        self.reference = ""

    def select(self, case_id: str | None, reference: str = "") -> None:
        self.case_id, self.reference = case_id, reference if case_id else ""
        self.case_changed.emit(case_id)

    def clear(self) -> None:
        self.select(None)

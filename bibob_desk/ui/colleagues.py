"""A team database: every few seconds the window asks which cases colleagues changed
(services/colleagues.py); the service reports them to the change feed, so the list and the open
case refresh as after one's own save. Nothing runs for a file database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer

from bibob_desk.services.changes import Changes
from bibob_desk.ui.runner import Operation
from bibob_desk.ui.workbench import Workbench

POLL_MS = 5_000
"""How often: a colleague's save shows within five seconds; the question reads ids and versions of
the cases changed in the last minutes only (one indexed query)."""


class ColleagueWatch(QObject):
    def __init__(self, bench: Workbench) -> None:
        super().__init__(bench.parent)
        self.bench = bench
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self._asking = False
        self._offline = False
        bench.session.locked.connect(self.stop)

    def start(self) -> None:
        """After unlock: poll when the database is shared (the first poll sets the mark)."""
        ctx = self.bench.context
        if ctx is not None and ctx.colleagues.shared:
            self.poll()
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self._asking = False

    def poll(self) -> None:
        context = self.bench.context
        if context is None or self._asking:
            return
        self._asking = True

        def work(_progress: Any) -> Changes:
            return context.colleagues.poll()

        self.bench.run(
            Operation("Wijzigingen van collega's", work, self._answered, on_error=self._failed, visible=False)
        )

    def _answered(self, changes: Changes) -> None:
        self._asking = False
        if self._offline:
            self._offline = False
            self.bench.status("De verbinding met de teamdatabase is hersteld.")
        if changes.messages:
            self.bench.status(changes.messages[0])

    def _failed(self, message: str) -> None:
        """A lost connection is said once; the next poll tries again (a fresh connection)."""
        self._asking = False
        if not self._offline:
            self._offline = True
            self.bench.status(message)

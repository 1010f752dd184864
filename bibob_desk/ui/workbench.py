"""What controllers and panels get instead of the main window: the session (services), the runner,
the change hub, the current case, a parent for dialogs and the list's selection. No screen holds
another screen; they meet here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox, QWidget

from bibob_desk.domain.errors import UserError
from bibob_desk.services.changes import Changes, Topic
from bibob_desk.ui.events import CaseSelection, ChangeHub
from bibob_desk.ui.runner import Operation, Runner
from bibob_desk.ui.session import AppSession

if TYPE_CHECKING:
    from bibob_desk.bootstrap import AppContext
    from bibob_desk.ui.edit_history import EditHistory


@dataclass
class Workbench:
    session: AppSession
    hub: ChangeHub
    selection: CaseSelection
    parent: QWidget  # dialogs open on top of it
    selected_case_ids: Callable[[], list[str]]
    status: Callable[[str], None]  # a line in the status bar
    edits: EditHistory  # undo and redo over the session's edits

    @property
    def runner(self) -> Runner:
        return self.session.runner

    @property
    def context(self) -> AppContext | None:
        return self.session.context

    def warn(self, message: str, title: str = "bibob-desk") -> None:
        QMessageBox.warning(self.parent, title, message)

    def in_background(self, work: Callable[[AppContext], object], on_done: Callable[[Any], None]) -> None:
        """Information for a screen (counts, matches, deadlines) from the runner; see
        AppSession.in_background."""
        self.session.in_background(work, on_done)

    def run(self, op: Operation) -> Operation:
        return self.runner.run(op)


class CaseBound:
    """A panel that shows one part of the open case: it loads itself when the case changes and
    reloads when a service reports a change of that case in one of its topics (or, for
    `any_case_topics`, of any case). `load` runs on the GUI thread; slow parts use in_background."""

    topics: tuple[Topic, ...] = ()
    any_case_topics: tuple[Topic, ...] = ()
    bench: Workbench | None = None

    def bind(self, bench: Workbench) -> None:
        self.bench = bench
        bench.selection.case_changed.connect(self._on_selection_case_changed)
        bench.hub.changed.connect(self._on_hub_changed)

    def _on_selection_case_changed(self, case_id: str | None) -> None:
        self._reload(case_id)

    def _on_hub_changed(self, changes: Changes) -> None:
        assert self.bench is not None
        case_id = self.bench.selection.case_id
        if case_id is None:
            return
        mine = changes.touches(case_id) and any(changes.about(t) for t in self.topics)
        if mine or any(changes.about(t) for t in self.any_case_topics):
            self._reload(case_id)

    def _reload(self, case_id: str | None) -> None:
        assert self.bench is not None
        context = self.bench.context
        if context is None or case_id is None:
            self.clear()
            return
        try:
            self.load(context, case_id)
        except UserError as error:
            self.clear()
            self.bench.status(str(error))

    def load(self, context: AppContext, case_id: str) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

"""Undo and redo over this session's edits (Ctrl+Z, Ctrl+Shift+Z). Each step is a saved revision;
undoing it saves the inverse as a new revision (history is never rewritten), and only when the case
is still at the version the step left it in: someone else's later change is never undone silently."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from bibob_desk.domain.errors import UserError
from bibob_desk.ui.session import AppSession


class EditStep(QUndoCommand):
    def __init__(
        self,
        history: EditHistory,
        *,
        case_id: str,
        forward: list[dict[str, Any]],
        inverse: list[dict[str, Any]],
        text: str,
        reason: str,
        version: int,
    ) -> None:
        super().__init__(text)
        self.history, self.case_id = history, case_id
        self.forward, self.inverse, self.reason = forward, inverse, reason
        self.version = version  # the case's version after this step
        self.done = True  # pushed after it was saved: the first redo() does nothing

    def undo(self) -> None:
        self.version = self.history.apply(
            self.case_id, self.inverse, f"ongedaan gemaakt: {self.reason or self.text()}", self.version
        )

    def redo(self) -> None:
        if self.done:
            self.done = False
            return
        self.version = self.history.apply(
            self.case_id, self.forward, f"opnieuw: {self.reason or self.text()}", self.version
        )


class EditHistory(QUndoStack):
    """The session's undo stack. `save` stores an edit and makes it undoable; a failed undo or redo
    (the case changed meanwhile) is reported and the stack is cleared, nothing is forced."""

    def __init__(self, session: AppSession, warn: Callable[[str], None]) -> None:
        super().__init__()
        self.session, self.warn = session, warn
        self.failed = False
        session.locked.connect(self.clear)

    def save(
        self,
        case_id: str,
        forward: list[dict[str, Any]],
        inverse: list[dict[str, Any]],
        *,
        text: str,
        reason: str,
        expected: int | None,
    ) -> int:
        """Store the edit (UserError when refused) and push it as an undoable step."""
        ctx = self.session.context
        if ctx is None:
            raise UserError("Het dossier is vergrendeld; er is niets opgeslagen.")
        version = ctx.revisions.edit(case_id, forward, reason, expected=expected)
        step = EditStep(
            self, case_id=case_id, forward=forward, inverse=inverse, text=text, reason=reason, version=version
        )
        self.push(step)
        return version

    def apply(self, case_id: str, operations: list[dict[str, Any]], reason: str, version: int) -> int:
        ctx = self.session.context
        try:
            if ctx is None:
                raise UserError("Het dossier is vergrendeld.")
            return int(ctx.revisions.edit(case_id, operations, reason, expected=version))
        except UserError as error:
            self.failed = True
            self.warn(f"Ongedaan maken of opnieuw doen lukt niet: {error}")
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self.clear)  # not inside the stack's own undo()
            return version

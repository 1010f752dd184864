"""The unlocked/locked state of the app. Slow work (Argon2, opening the store, the structure check)
runs on the session's runner, the one background runner of the window.

The store modules are imported by the worker, so the first window never waits for them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from bibob_desk.paths import TeamAddress
from bibob_desk.ui.runner import Operation, Runner

if TYPE_CHECKING:
    from bibob_desk.bootstrap import AppContext


class AppSession(QObject):
    unlocked = Signal()
    locked = Signal()
    about_to_lock = Signal()  # the context is still open: last chance to keep unsaved input
    unlock_failed = Signal(str)
    busy_changed = Signal(bool)
    damaged = Signal(str)  # the background structure check failed; the session is locked
    own_password_needed = Signal(str)  # a temporary password: the user chooses his own first
    older_copy_found = Signal(str)  # P4: older than the user's last session; opening it is a choice

    def __init__(self, db_path: Path | TeamAddress, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.context: AppContext | None = None  # once unlocked: services only, never the store
        self.runner = Runner(self)
        self._locking = False

    @property
    def is_open(self) -> bool:
        return self.context is not None

    def database_exists(self) -> bool:
        """A team database is set up by its owner on the server (bibob-desk team-inrichten)."""
        if isinstance(self.db_path, TeamAddress):
            return True
        keys = self.db_path.with_name(self.db_path.name + ".keys")
        return self.db_path.exists() or keys.exists()

    def preload(self) -> None:
        """Import the store stack in the background while the user types the password."""
        self.runner.run(Operation("Voorbereiden", lambda _p: _import_backend(), visible=False))

    def unlock(
        self, username: str, password: str, own_password: str = "", accept_older_copy: bool = False
    ) -> None:
        """`own_password`: the user's own, replacing a temporary one; `accept_older_copy`: P4."""
        from bibob_desk.validation.password import check_unlock_length

        problem = check_unlock_length(password)
        if problem:
            self.unlock_failed.emit(problem)
            return

        def work(_progress: object) -> Any:  # the store waits longer after each failed attempt
            from bibob_desk.bootstrap import OlderCopy, PasswordChangeRequired, open_app

            try:
                return open_app(
                    self.db_path,
                    username=username,
                    password=password,
                    new_password=own_password or None,
                    accept_older_copy=accept_older_copy,
                )
            except PasswordChangeRequired as needed:
                return _Question(own_password=True, message=str(needed))
            except OlderCopy as older:
                return _Question(own_password=False, message=str(older))

        self._start("Ontgrendelen", work)

    def create(self, username: str, display_name: str, password: str) -> None:
        def work(_progress: object) -> Any:
            from bibob_desk.bootstrap import create_app

            assert isinstance(self.db_path, Path)  # database_exists(): a team database is never created here
            return create_app(self.db_path, username=username, display_name=display_name, password=password)

        self._start("Database aanmaken", work)

    def lock(self) -> None:
        """Running work is cancelled (work that writes is waited for), then the store closes."""
        if self.context is None or self._locking:
            return
        self._locking = True  # waiting for work delivers events: a second lock (idle) must not nest
        try:
            self.about_to_lock.emit()
            self.runner.cancel_all()
            context, self.context = self.context, None
            context.close()
        finally:
            self._locking = False
        self.locked.emit()

    def _start(self, title: str, work: Callable[[object], Any]) -> None:
        self.busy_changed.emit(True)
        self.runner.run(Operation(title, work, self._on_opened, on_error=self._on_open_failed, visible=False))

    def _on_opened(self, context: AppContext | _Question) -> None:
        self.busy_changed.emit(False)
        if isinstance(context, _Question):  # the store asks something of the user first
            (self.own_password_needed if context.own_password else self.older_copy_found).emit(
                context.message
            )
            return
        self.context = context
        self.unlocked.emit()
        if context.maintenance.check_pending:
            self._check_in_background(context)

    def _on_open_failed(self, message: str) -> None:
        self.busy_changed.emit(False)
        self.unlock_failed.emit(message)

    def in_background(self, work: Callable[[AppContext], Any], on_done: Callable[[Any], None]) -> None:
        """Run work(context) on the runner; on_done(result) runs on the GUI thread, only if the
        session is still the same (not locked meanwhile). Failures are dropped: background work is
        for information (banners), never for something the user asked for."""
        context = self.context
        if context is None:
            return

        def done(result: Any) -> None:
            if self.context is context:
                on_done(result)

        self.runner.run(
            Operation("Achtergrond", lambda _p: work(context), done, on_error=lambda _m: None, visible=False)
        )

    def _check_in_background(self, context: AppContext) -> None:
        """A large database opened after a clean close is checked while the officer works
        (store.CHECK_AT_OPEN_MAX_BYTES); damage locks the session with a Dutch message."""

        def failed(message: str) -> None:
            if context is self.context:
                self.lock()
                self.damaged.emit(message)

        self.runner.run(
            Operation(
                "Databasecontrole",
                lambda _p: context.maintenance.check_structure(),
                on_error=failed,
                visible=False,
            )
        )


@dataclass(frozen=True)
class _Question:
    own_password: bool
    message: str


def _import_backend() -> None:
    import bibob_desk.bootstrap  # noqa: F401

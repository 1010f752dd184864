"""The unlocked/locked state of the app. Slow work (Argon2, opening the store) runs off the GUI thread.

The store modules are imported by the worker, so the first window never waits for them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from bibob_desk.domain.errors import UserError

if TYPE_CHECKING:
    from bibob_desk.bootstrap import AppContext


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work, self._relay = work, relay

    def run(self) -> None:
        try:
            result = self._work()
        except UserError as error:
            self._emit(self._relay.failed, str(error))
        except Exception as error:
            self._emit(
                self._relay.failed, f"Onverwachte fout ({type(error).__name__}); er is niets gewijzigd."
            )
        else:
            self._emit(self._relay.done, result)

    @staticmethod
    def _emit(signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the window closed while the job ran: nobody is waiting for it
            pass


class AppSession(QObject):
    unlocked = Signal()
    locked = Signal()
    about_to_lock = Signal()  # the context is still open: last chance to keep unsaved input
    unlock_failed = Signal(str)
    busy_changed = Signal(bool)
    damaged = Signal(str)  # the background structure check failed; the session is locked

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.context: AppContext | None = None  # once unlocked: services only, never the store
        self._relays: set[_Relay] = set()

    @property
    def is_open(self) -> bool:
        return self.context is not None

    def database_exists(self) -> bool:
        keys = self.db_path.with_name(self.db_path.name + ".keys")
        return self.db_path.exists() or keys.exists()

    def preload(self) -> None:
        """Import the store stack in the background while the user types the password."""
        QThreadPool.globalInstance().start(_Job(_import_backend, _Relay()))

    def unlock(self, username: str, password: str) -> None:
        from bibob_desk.validation.password import check_unlock_length

        problem = check_unlock_length(password)
        if problem:
            self.unlock_failed.emit(problem)
            return

        def work() -> Any:  # the store waits longer after each failed attempt (store.failed_unlocks)
            from bibob_desk.bootstrap import open_app

            return open_app(self.db_path, username=username, password=password)

        self._start(work)

    def create(self, username: str, display_name: str, password: str) -> None:
        def work() -> Any:
            from bibob_desk.bootstrap import create_app

            return create_app(self.db_path, username=username, display_name=display_name, password=password)

        self._start(work)

    def lock(self) -> None:
        if self.context is None:
            return
        self.about_to_lock.emit()
        context, self.context = self.context, None
        context.close()
        self.locked.emit()

    def _start(self, work: Callable[[], Any]) -> None:
        relay = _Relay()
        self._relays.add(relay)
        relay.done.connect(lambda ctx: self._on_job_done(relay, ctx))
        relay.failed.connect(lambda message: self._on_job_failed(relay, message))
        self.busy_changed.emit(True)
        QThreadPool.globalInstance().start(_Job(work, relay))

    def _on_job_done(self, relay: _Relay, context: Any) -> None:
        self._relays.discard(relay)
        self.busy_changed.emit(False)
        self.context = context
        self.unlocked.emit()
        if context.maintenance.check_pending:
            self._check_in_background(context)

    def in_background(self, work: Callable[[Any], Any], on_done: Callable[[Any], None]) -> None:
        """Run work(context) off the GUI thread; on_done(result) runs on the GUI thread, only if the
        session is still the same (not locked meanwhile). Failures are dropped: background work is
        for information (banners), never for something the user asked for."""
        context = self.context
        if context is None:
            return
        relay = _Relay()
        self._relays.add(relay)

        def done(result: Any) -> None:
            self._relays.discard(relay)
            if self.context is context:
                on_done(result)

        relay.done.connect(done)
        relay.failed.connect(lambda _message: self._relays.discard(relay))
        QThreadPool.globalInstance().start(_Job(lambda: work(context), relay))

    def _check_in_background(self, context: Any) -> None:
        """A large database opened after a clean close is checked while the officer works
        (store.CHECK_AT_OPEN_MAX_BYTES); damage locks the session with a Dutch message."""
        relay = _Relay()
        self._relays.add(relay)
        relay.done.connect(lambda _: self._relays.discard(relay))
        relay.failed.connect(lambda message: self._on_check_failed(relay, context, message))
        QThreadPool.globalInstance().start(_Job(context.maintenance.check_structure, relay))

    def _on_check_failed(self, relay: _Relay, context: Any, message: str) -> None:
        self._relays.discard(relay)
        if context is self.context:
            self.lock()
            self.damaged.emit(message)

    def _on_job_failed(self, relay: _Relay, message: str) -> None:
        self._relays.discard(relay)
        self.busy_changed.emit(False)
        self.unlock_failed.emit(message)


def _import_backend() -> None:
    import bibob_desk.bootstrap  # noqa: F401

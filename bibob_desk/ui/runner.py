"""One background runner for everything slow (exports, backup, restore, import, score-all, matching,
deadline and overview computation): the work runs on a pool thread, progress and the result come back
on the GUI thread, errors as the usual Dutch message. Lock cancels what is running and waits for work
that writes; read-only work is interrupted by closing the store.

An operation's ``work`` gets a ``Progress``: ``progress.step(done, total)`` reports and raises
``Cancelled`` when the user (or the lock) cancelled it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from bibob_desk.domain.errors import UserError


class Cancelled(Exception):
    """The operation was cancelled; nothing is reported."""


class Progress:
    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def step(self, done: int, total: int) -> None:
        """Report progress; raises Cancelled when the operation was cancelled."""
        if self._cancel.is_set():
            raise Cancelled()
        _emit(self._relay.progressed, (done, total))


@dataclass(eq=False)
class Operation:
    """``title`` is Dutch ("Excel-export"); ``writes``: lock waits for it instead of interrupting it;
    ``visible``: shown with progress and a cancel button (background information is not)."""

    title: str
    work: Callable[[Progress], Any]
    on_done: Callable[[Any], None] = lambda _result: None
    on_error: Callable[[str], None] | None = None  # default: the runner's `failed` signal
    writes: bool = False
    visible: bool = True
    progress: Progress | None = field(default=None, init=False)
    thread_name: str = field(default="", init=False)  # where the work ran (tests)


class _Relay(QObject):
    progressed = Signal(object)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


_NOTHING = object()


def _emit(signal: Any, value: Any = _NOTHING) -> None:
    try:
        signal.emit() if value is _NOTHING else signal.emit(value)
    except RuntimeError:  # the receiver was deleted (window closed): nobody is waiting
        pass


class _Job(QRunnable):
    def __init__(self, op: Operation, relay: _Relay) -> None:
        super().__init__()
        self.op, self.relay = op, relay

    def run(self) -> None:
        self.op.thread_name = threading.current_thread().name
        assert self.op.progress is not None
        try:
            result = self.op.work(self.op.progress)
        except Cancelled:
            _emit(self.relay.cancelled)
        except UserError as error:
            _emit(self.relay.failed, str(error) if not self.op.progress.cancelled else "")
        except Exception as error:
            if self.op.progress.cancelled:  # the lock closed the store under it: not a failure
                _emit(self.relay.cancelled)
            else:
                _emit(self.relay.failed, f"Onverwachte fout ({type(error).__name__}); er is niets gewijzigd.")
        else:
            if self.op.progress.cancelled:
                _emit(self.relay.cancelled)
            else:
                _emit(self.relay.done, result)


class Runner(QObject):
    started = Signal(object)  # Operation
    progressed = Signal(object, int, int)  # Operation, done, total
    finished = Signal(object)  # Operation (done, failed or cancelled)
    failed = Signal(str, str)  # title, Dutch message (operations without their own on_error)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self.active: dict[Operation, _Relay] = {}

    def run(self, op: Operation) -> Operation:
        relay = _Relay()
        op.progress = Progress(relay)
        self.active[op] = relay
        relay.progressed.connect(lambda value: self.progressed.emit(op, *value))
        relay.done.connect(lambda result: self._finish(op, lambda: op.on_done(result)))
        relay.failed.connect(lambda message: self._finish(op, lambda: self._fail(op, message)))
        relay.cancelled.connect(lambda: self._finish(op, lambda: None))
        self.started.emit(op)
        self.pool.start(_Job(op, relay))
        return op

    def _fail(self, op: Operation, message: str) -> None:
        if not message:
            return
        if op.on_error is not None:
            op.on_error(message)
        else:
            self.failed.emit(op.title, message)

    def _finish(self, op: Operation, then: Callable[[], None]) -> None:
        if self.active.pop(op, None) is None:
            return  # already given up (cancel_all)
        try:
            then()
        finally:
            self.finished.emit(op)

    @property
    def busy(self) -> bool:
        return bool(self.active)

    def cancel(self, op: Operation) -> None:
        if op.progress is not None:
            op.progress.cancel()

    def cancel_all(self, *, wait_for_writers: bool = True) -> None:
        """At lock: every operation is cancelled; work that writes is waited for (it stops at its
        next step), read-only work is dropped and interrupted when the store closes."""
        for op in list(self.active):
            self.cancel(op)
        if wait_for_writers:
            while any(op.writes for op in self.active):
                self.pool.waitForDone(50)
                from PySide6.QtCore import QCoreApplication

                QCoreApplication.processEvents()  # deliver the finished signals
        for op in list(self.active):
            self.active.pop(op, None)
            self.finished.emit(op)

    def wait(self, msecs: int = 30_000) -> bool:
        """Tests and quitting: wait for the pool (results are delivered by the event loop)."""
        return self.pool.waitForDone(msecs)

"""Idle auto-lock: any key or mouse input restarts the countdown (default 5 minutes). While unlocked
it also sees Ctrl+L in every window, so locking works with a dialog open (the menu shortcut does not
reach a modal dialog)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent

_INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleLock(QObject):
    idle = Signal()
    lock_requested = Signal()  # Ctrl+L anywhere in the application

    def __init__(self, minutes: float = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_interval_ms(int(minutes * 60_000))

    def set_interval_ms(self, ms: int) -> None:
        self._timer.setInterval(max(ms, 1))

    def interval_ms(self) -> int:
        return self._timer.interval()

    def start(self) -> None:
        """Count down, and watch all input of the application while unlocked (the filter runs for
        every event, so it is not installed while locked: the lock screen paints faster)."""
        if not self._timer.isActive():
            QCoreApplication.instance().installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start()
            from PySide6.QtCore import Qt  # here, not at import: the Qt namespace costs 20 ms of start-up

            if (
                isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_L
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            ):
                self.lock_requested.emit()
                return True
        return False

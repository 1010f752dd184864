"""T22: the operating system says the session is locked or the machine suspends — the app locks at once,
also with a dialog open.

Linux: org.freedesktop.ScreenSaver ActiveChanged(true) on the session bus (KDE, GNOME's freedesktop
interface, xfce4-screensaver), and logind's Session.Lock and Manager.PrepareForSleep(true) on the
system bus. Windows: WM_WTSSESSION_CHANGE with WTS_SESSION_LOCK or WTS_CONSOLE_DISCONNECT, and
WM_POWERBROADCAST with PBT_APMSUSPEND (MainWindow.nativeEvent, `windows_lock_message`)."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import SLOT, QObject, Signal, Slot

WM_WTSSESSION_CHANGE, WTS_CONSOLE_DISCONNECT, WTS_SESSION_LOCK = 0x02B1, 0x2, 0x7
WM_POWERBROADCAST, PBT_APMSUSPEND = 0x0218, 0x4


def windows_lock_message(message: int, wparam: int) -> bool:
    """True for the Windows messages that mean: lock now."""
    if message == WM_WTSSESSION_CHANGE:
        return wparam in (WTS_SESSION_LOCK, WTS_CONSOLE_DISCONNECT)
    return message == WM_POWERBROADCAST and wparam == PBT_APMSUSPEND


class OsLockWatcher(QObject):
    """Emits `lock_requested` for the D-Bus signals above. The buses are given (the default: the
    user's session bus and the system bus); a bus that is not there is simply not watched."""

    lock_requested = Signal()

    def __init__(
        self, parent: QObject | None = None, *, session_bus: object = None, system_bus: object = None
    ):
        super().__init__(parent)
        from PySide6.QtDBus import QDBusConnection

        session = session_bus if session_bus is not None else QDBusConnection.sessionBus()
        system = system_bus if system_bus is not None else QDBusConnection.systemBus()
        self.watching: list[str] = []
        for bus, interface, name, slot in (
            (session, "org.freedesktop.ScreenSaver", "ActiveChanged", "on_screensaver(bool)"),
            (system, "org.freedesktop.login1.Session", "Lock", "on_lock()"),
            (system, "org.freedesktop.login1.Manager", "PrepareForSleep", "on_sleep(bool)"),
        ):
            if bus.isConnected() and bus.connect("", "", interface, name, self, SLOT(slot)):
                self.watching.append(f"{interface}.{name}")

    @Slot(bool)
    def on_screensaver(self, active: bool) -> None:
        if active:
            self.lock_requested.emit()

    @Slot()
    def on_lock(self) -> None:
        self.lock_requested.emit()

    @Slot(bool)
    def on_sleep(self, going: bool) -> None:
        if going:
            self.lock_requested.emit()


def register_windows_session_events(window_id: int) -> bool:
    """Windows sends WM_WTSSESSION_CHANGE only to windows that asked (NOTIFY_FOR_THIS_SESSION)."""
    import ctypes

    try:
        return bool(ctypes.windll.wtsapi32.WTSRegisterSessionNotification(window_id, 0))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return False


class OsLockMixin:
    """For the main window: `watch_os_lock` and, on Windows, the session and power messages."""

    session: Any

    def watch_os_lock(self, watcher: OsLockWatcher) -> None:
        """The OS locks the session or suspends: lock now (queued, so an open dialog's loop ends)."""
        from PySide6.QtCore import QTimer

        self.os_lock = watcher
        watcher.lock_requested.connect(lambda: QTimer.singleShot(0, self.session.lock))
        if sys.platform == "win32":
            register_windows_session_events(int(self.winId()))  # type: ignore[attr-defined]

    if sys.platform == "win32":  # only there: on X11 every native event would pass through Python

        def nativeEvent(self, event_type: object, message: object) -> object:
            from ctypes import wintypes

            from PySide6.QtCore import QTimer

            if bytes(event_type) == b"windows_generic_MSG":  # type: ignore[call-overload]
                msg = wintypes.MSG.from_address(int(message))  # type: ignore[call-overload]
                if windows_lock_message(msg.message, msg.wParam):
                    QTimer.singleShot(0, self.session.lock)
            return super().nativeEvent(event_type, message)  # type: ignore[misc]


def clear_clipboard_at_lock() -> None:
    """T23: at lock the clipboard is emptied when it holds a secret we copied, or anything of ours."""
    from PySide6.QtWidgets import QApplication

    clipboard = QApplication.clipboard()
    if clipboard is None:
        return
    data = clipboard.mimeData()
    ours = data is not None and data.hasFormat("x-kde-passwordManagerHint")  # a copied secret
    if ours or clipboard.ownsClipboard():
        clipboard.clear()

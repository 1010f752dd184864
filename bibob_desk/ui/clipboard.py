"""T23: a secret (a password, a BSN) on the clipboard: marked so that clipboard managers and history
do not keep it, and taken off again after its time or at lock (os_lock.clear_clipboard_at_lock)."""

from __future__ import annotations

CLIPBOARD_SECONDS = 30


SECRET_HINTS = {  # T23: clipboard managers and history must not keep it (Windows, KDE)
    "ExcludeClipboardContentFromMonitorProcessing": b"1",
    "CanIncludeInClipboardHistory": b"\x00\x00\x00\x00",
    "CanUploadToCloudClipboard": b"\x00\x00\x00\x00",
    "x-kde-passwordManagerHint": b"secret",
}


def copy_secret(secret: str, seconds: int = CLIPBOARD_SECONDS) -> None:
    """Put a password (or a BSN) on the clipboard, marked as a secret for clipboard managers, and
    take it off again after `seconds` — only when it is still ours. Locking clears it too."""
    from PySide6.QtCore import QMimeData, QTimer
    from PySide6.QtGui import QGuiApplication

    clipboard = QGuiApplication.clipboard()
    data = QMimeData()
    data.setText(secret)
    for kind, value in SECRET_HINTS.items():
        data.setData(kind, value)
    clipboard.setMimeData(data)

    def clear() -> None:
        if clipboard.text() == secret:
            clipboard.clear()

    QTimer.singleShot(seconds * 1000, clear)

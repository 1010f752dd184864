"""Small building blocks shared by the dialogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QLabel


def dutch_buttons(ok_text: str, on_ok: Callable[[], None], on_cancel: Callable[[], None]) -> QDialogButtonBox:
    """OK/Cancel with Dutch texts; OK calls `on_ok` (which decides whether the dialog closes)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(on_cancel)
    return buttons


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color: #a40000;")
    return label


def local_time(iso: str) -> str:
    """A stored UTC timestamp as local DD-MM-JJJJ UU:MM."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d-%m-%Y %H:%M")
    except ValueError:
        return ""


def ask_text(parent: Any, title: str, question: str) -> str | None:
    """One line of text from the user (None when cancelled): a reason, a name."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getText(parent, title, question)
    return text if ok else None

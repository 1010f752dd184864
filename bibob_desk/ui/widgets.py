"""Small building blocks shared by the dialogs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

HEADER_PADDING = 34  # a header's margins and its sort indicator
MAX_COLUMN = 320  # wider text is elided, whole in its tooltip


def header_width(view: Any, column: int) -> int:
    """What a table's header needs to show its title whole."""
    title = view.model().headerData(column, Qt.Orientation.Horizontal) if view.model() else ""
    return view.horizontalHeader().fontMetrics().horizontalAdvance(str(title or "")) + HEADER_PADDING


def fit_columns(view: Any, *, most: int = MAX_COLUMN) -> None:
    """Each column of a table as wide as its header and its rows, at most `most` pixels (issue 20):
    never a clipped header ("etrouwbaarhei"); the last column keeps stretching when it is set to."""
    view.resizeColumnsToContents()
    for column in range(view.model().columnCount() if view.model() else 0):
        view.setColumnWidth(column, min(max(view.columnWidth(column), header_width(view, column)), most))


def nl_count(n: int) -> str:
    """1234567 -> '1.234.567' (the Dutch thousands separator)."""
    return f"{n:,}".replace(",", ".")


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


def day_text(day: date | str) -> str:
    """A date (or an ISO date) as the UI shows every date (issue 20): DD-MM-JJJJ. Letters and memos
    write it out ("3 maart 2025")."""
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day[:10])
        except ValueError:
            return day
    return f"{day:%d-%m-%Y}"


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


SECRET_FIELDS = {"bsn"}  # T23: copying one of these goes through copy_secret


def secret_line_edit() -> Any:
    """A line edit whose copy (Ctrl+C, Ctrl+X, its own context menu) puts the text on the clipboard as a
    secret: marked for clipboard managers and cleared after 30 seconds or at lock (T23)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeyEvent, QKeySequence
    from PySide6.QtWidgets import QLineEdit, QMenu

    from bibob_desk.ui.clipboard import CLIPBOARD_SECONDS, copy_secret

    class SecretLineEdit(QLineEdit):
        def keyPressEvent(self, event: QKeyEvent) -> None:
            if event.matches(QKeySequence.StandardKey.Copy) or event.matches(QKeySequence.StandardKey.Cut):
                self.copy_secret()
                if event.matches(QKeySequence.StandardKey.Cut) and not self.isReadOnly():
                    self.del_()
                event.accept()
                return
            super().keyPressEvent(event)

        def copy_secret(self) -> None:
            text = self.selectedText() or self.text()
            if text:
                copy_secret(text)

        def _menu(self, position: Any) -> None:
            menu = QMenu(self)
            menu.addAction(f"Kopiëren (na {CLIPBOARD_SECONDS} seconden gewist)", self.copy_secret)
            menu.addAction("Alles selecteren", self.selectAll)
            menu.exec(self.mapToGlobal(position))

    field = SecretLineEdit()
    field.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    field.customContextMenuRequested.connect(field._menu)
    return field

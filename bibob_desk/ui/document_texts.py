"""Teksten bewerken: the jurist's own text per section of a document (feiten, beoordeling,
motivering, conclusie en advies), starting from the fixed texts with the case's data filled in.
Saving stores them with the case as a revision; the PDF then prints them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.domain.errors import UserError


class DocumentTextsDialog(QDialog):
    def __init__(
        self,
        title: str,
        sections: list[tuple[str, str, bool]],
        submit: Callable[[dict[str, str], str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Teksten bewerken — {title}")
        self.resize(760, 640)
        self.submit, self.original = submit, {h: t for h, t, _ in sections}
        self.editors: dict[str, QPlainTextEdit] = {}
        host = QWidget()
        form = QFormLayout(host)
        for heading, text, required in sections:
            editor = QPlainTextEdit(text)
            editor.setTabChangesFocus(True)
            editor.setObjectName(f"text_{heading}")
            editor.setAccessibleName(heading)
            editor.setMinimumHeight(110)
            label = QLabel(heading + (" *" if required else ""))
            label.setBuddy(editor)
            form.addRow(label, editor)
            self.editors[heading] = editor
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(host)
        self.reason = QLineEdit()
        self.reason.setObjectName("textsReason")
        self.reason.setPlaceholderText("waarom (optioneel; staat in de geschiedenis)")
        self.error = QLabel()
        self.error.setStyleSheet("color: #a4000f;")
        self.error.setWordWrap(True)
        ok, cancel = QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok | cancel)
        buttons.button(ok).setText("Opslaan")
        buttons.button(cancel).setText("Annuleren")
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("* verplicht: een besluit of voornemen met een lege verplichte tekst wordt niet gemaakt.")
        )
        layout.addWidget(scroll, 1)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def changed(self) -> dict[str, str]:
        return {h: e.toPlainText() for h, e in self.editors.items() if e.toPlainText() != self.original[h]}

    def _save(self) -> None:
        edited = self.changed()
        if not edited:
            self.accept()
            return
        try:
            self.submit(edited, self.reason.text())
        except UserError as error:
            self.error.setText(str(error))
            return
        self.accept()

"""Toewijzen (behandelaar, jurist) and Dossier afsluiten (result, date, note): small dialogs that
call one service each; a refusal is shown in the dialog and the typed work stays."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from bibob_desk.domain.enums import CaseResult, Role
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.labels import label

NOBODY = "(niemand)"


class _SubmitDialog(QDialog):
    def __init__(self, title: str, parent: object) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setStyleSheet("color: #a4000f;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def run(self) -> None:
        raise NotImplementedError

    def _submit(self) -> None:
        try:
            self.run()
        except UserError as error:
            self.error.setText(str(error))
            return
        self.accept()


class AssignDialog(_SubmitDialog):
    def __init__(
        self,
        users: list[tuple[str, str, Role]],
        current: tuple[str, str],
        submit: Callable[[str, str], None],
        parent: object,
    ) -> None:
        super().__init__("Toewijzen", parent)
        self.submit = submit
        self.behandelaar, self.jurist = QComboBox(), QComboBox()
        self.behandelaar.setObjectName("assignBehandelaar")
        self.jurist.setObjectName("assignJurist")
        for combo, allowed in (
            (self.behandelaar, {Role.VERGUNNINGVERLENER, Role.JURIST, Role.BEHEERDER}),
            (self.jurist, {Role.JURIST, Role.BEHEERDER}),
        ):
            combo.addItem(NOBODY, "")
            for username, name, role in users:
                if role in allowed:
                    combo.addItem(f"{name} ({username})", username)
        for combo, value in zip((self.behandelaar, self.jurist), current, strict=True):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.form.addRow("&Behandelaar", self.behandelaar)
        self.form.addRow("&Jurist", self.jurist)

    def run(self) -> None:
        self.submit(str(self.behandelaar.currentData()), str(self.jurist.currentData()))


class CloseDialog(_SubmitDialog):
    """No result is chosen beforehand: closing is a deliberate choice (safe defaults)."""

    def __init__(
        self, reference: str, submit: Callable[[CaseResult, date, str], None], parent: object
    ) -> None:
        super().__init__(f"Dossier {reference} afsluiten", parent)
        self.submit = submit
        self.result = QComboBox()
        self.result.setObjectName("closeResult")
        self.result.addItem("— kies het resultaat —", "")
        for result in CaseResult:
            self.result.addItem(label(result), result.value)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setObjectName("closeDate")
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.day.setCalendarPopup(True)
        self.note = QLineEdit()
        self.note.setObjectName("closeNote")
        self.form.addRow("&Resultaat", self.result)
        self.form.addRow("&Datum", self.day)
        self.form.addRow("&Toelichting", self.note)
        self.form.addRow(QLabel("De bewaartermijn begint op deze datum, volgens het resultaat."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Afsluiten")

    def run(self) -> None:
        value = self.result.currentData()
        if not value:
            raise UserError("Kies het resultaat van het dossier.")
        self.submit(CaseResult(value), self.day.date().toPython(), self.note.text())

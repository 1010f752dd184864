"""New-case dialog. Errors from the service are shown in the dialog; the input stays."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.domain.enums import Bestuursorgaan, PartyKind, PermitKind, ProcedureKind
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.labels import label
from bibob_desk.ui.widgets import dutch_buttons, error_label


def _combo(values: list) -> QComboBox:
    combo = QComboBox()
    for value in values:
        combo.addItem(label(value), value)
    return combo


class NewCaseDialog(QDialog):
    changed = Signal()  # something was typed or chosen (the draft timer listens)

    def __init__(self, submit: Callable[[object], None], parent: QWidget | None = None) -> None:
        from bibob_desk.services.cases import NewCaseInput

        super().__init__(parent)
        self._submit, self._input_type = submit, NewCaseInput
        self.confirm_discard = self._confirm_discard  # replaceable in tests
        self.setWindowTitle("Nieuw dossier")
        self.setMinimumWidth(520)
        self.reference = QLineEdit()
        self.reference.setObjectName("reference")
        self.reference.setPlaceholderText("leeg laten: het volgende dossiernummer")
        self.title_edit = QLineEdit()
        self.kinds = {kind: QCheckBox(label(kind)) for kind in PermitKind}
        kinds_box = QWidget()
        kinds_layout = QVBoxLayout(kinds_box)
        kinds_layout.setContentsMargins(0, 0, 0, 0)
        for box in self.kinds.values():
            kinds_layout.addWidget(box)
        self.procedure = _combo(list(ProcedureKind))
        self.bestuursorgaan = _combo(list(Bestuursorgaan))
        self.received = QDateEdit(QDate.currentDate())
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("dd-MM-yyyy")
        self.applicant = QLineEdit()
        self.applicant.setObjectName("applicant")
        self.applicant_kind = _combo(list(PartyKind))
        self.street, self.number, self.postcode, self.city = (
            QLineEdit(),
            QLineEdit(),
            QLineEdit(),
            QLineEdit(),
        )
        for widget, name in zip(
            (self.street, self.number, self.postcode, self.city),
            ("Straat", "Huisnummer", "Postcode", "Plaats"),
            strict=True,
        ):
            widget.setAccessibleName(name)
        self.number.setMaximumWidth(80)
        self.postcode.setMinimumWidth(90)
        address = QHBoxLayout()
        for widget in (self.street, self.number, self.postcode, self.city):
            address.addWidget(widget)
        self.street.setPlaceholderText("straat")
        self.number.setPlaceholderText("nr.")
        self.postcode.setPlaceholderText("1234 AB")
        self.city.setPlaceholderText("plaats")
        self._lay_out(kinds_box, address)

    def _lay_out(self, kinds_box: QWidget, address: QHBoxLayout) -> None:
        form = QFormLayout()
        form.addRow("Kenmerk", self.reference)
        form.addRow("Omschrijving", self.title_edit)
        form.addRow("Vergunning of rechtshandeling", kinds_box)
        form.addRow("Procedure", self.procedure)
        form.addRow("Bevoegd bestuursorgaan", self.bestuursorgaan)
        form.addRow("Ontvangen op", self.received)
        form.addRow("Aanvrager", self.applicant)
        form.addRow("Soort aanvrager", self.applicant_kind)
        form.addRow("Locatie", address)
        self.error = error_label()
        buttons = dutch_buttons("Aanmaken", self._on_buttons_accepted, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for field in self._texts().values():
            field.textEdited.connect(self.changed)
        for box in self.kinds.values():
            box.toggled.connect(self.changed)

    def collect(self) -> object:
        return self._input_type(
            reference=self.reference.text(),
            title=self.title_edit.text(),
            permit_kinds=tuple(k for k, box in self.kinds.items() if box.isChecked()),
            procedure=ProcedureKind(self.procedure.currentData()),  # Qt hands back plain str
            bestuursorgaan=Bestuursorgaan(self.bestuursorgaan.currentData()),
            received_date=self.received.date().toPython(),
            applicant_name=self.applicant.text(),
            applicant_kind=PartyKind(self.applicant_kind.currentData()),
            street=self.street.text(),
            house_number=self.number.text(),
            postcode=self.postcode.text(),
            city=self.city.text(),
        )

    def _texts(self) -> dict[str, QLineEdit]:
        return {
            "reference": self.reference,
            "title": self.title_edit,
            "applicant": self.applicant,
            "street": self.street,
            "number": self.number,
            "postcode": self.postcode,
            "city": self.city,
        }

    def _confirm_discard(self) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            "Nieuw dossier",
            "U hebt al gegevens ingevuld. Sluiten zonder het dossier aan te maken?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        """Escape or Annuleren with typed work asks first (at lock the draft is kept: no question)."""
        if not self.property("closingForLock") and self.draft() is not None and not self.confirm_discard():
            return
        super().reject()

    def draft(self) -> dict[str, object] | None:
        """What was typed, for the encrypted draft kept at lock; None when nothing was entered."""
        texts = {key: field.text() for key, field in self._texts().items()}
        kinds = [k.value for k, box in self.kinds.items() if box.isChecked()]
        if not any(texts.values()) and not kinds:
            return None
        return {
            **texts,
            "kinds": kinds,
            "procedure": self.procedure.currentIndex(),
            "bestuursorgaan": self.bestuursorgaan.currentIndex(),
            "applicant_kind": self.applicant_kind.currentIndex(),
            "received": self.received.date().toString("yyyy-MM-dd"),
        }

    def restore(self, draft: dict[str, object]) -> None:
        for key, field in self._texts().items():
            field.setText(str(draft.get(key, "")))
        for kind, box in self.kinds.items():
            box.setChecked(kind.value in list(draft.get("kinds", [])))
        for key, combo in (
            ("procedure", self.procedure),
            ("bestuursorgaan", self.bestuursorgaan),
            ("applicant_kind", self.applicant_kind),
        ):
            combo.setCurrentIndex(int(draft.get(key, 0) or 0))
        received = QDate.fromString(str(draft.get("received", "")), "yyyy-MM-dd")
        if received.isValid():
            self.received.setDate(received)
        self.error.setText(
            "Hersteld concept (van vóór het vergrendelen of een onderbreking); controleer en kies Aanmaken."
        )
        self.error.setStyleSheet("color: #1e4e8c;")

    def _on_buttons_accepted(self) -> None:
        try:
            self._submit(self.collect())
        except UserError as error:
            self.error.setText(str(error))
            return
        self.accept()

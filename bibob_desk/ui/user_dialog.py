"""Beheer -> Gebruiker toevoegen: a users row plus the user's own key slot."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.services.permissions import ROLE_LABELS
from bibob_desk.ui.widgets import dutch_buttons, error_label


class AddUserDialog(QDialog):
    def __init__(
        self, submit: Callable[[str, str, Role, str], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._submit = submit
        self.setWindowTitle("Gebruiker toevoegen")
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(ROLE_LABELS[role], role.value)
        self.role.setCurrentIndex(1)
        self.password, self.repeat = QLineEdit(), QLineEdit()
        for field in (self.password, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("Gebruikersnaam", self.username)
        form.addRow("Naam", self.display_name)
        form.addRow("Rol", self.role)
        form.addRow("Wachtwoord (min. 15 tekens)", self.password)
        form.addRow("Herhaal wachtwoord", self.repeat)
        self.error = error_label()
        buttons = dutch_buttons("Toevoegen", self._on_buttons_accepted, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _on_buttons_accepted(self) -> None:
        if self.password.text() != self.repeat.text():
            self.error.setText("De wachtwoorden zijn niet gelijk.")
            return
        password = self.password.text()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._submit(
                self.username.text(), self.display_name.text(), Role(self.role.currentData()), password
            )
        except UserError as error:
            self.error.setText(str(error))
            return
        finally:
            QApplication.restoreOverrideCursor()
            self.password.clear()
            self.repeat.clear()
        self.accept()


class ChangePasswordDialog(QDialog):
    """Bestand → Wachtwoord wijzigen: only the user's own key slot is re-wrapped."""

    def __init__(self, submit: Callable[[str, str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._submit = submit
        self.setWindowTitle("Wachtwoord wijzigen")
        self.current, self.password, self.repeat = QLineEdit(), QLineEdit(), QLineEdit()
        for field in (self.current, self.password, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("Huidig wachtwoord", self.current)
        form.addRow("Nieuw wachtwoord (min. 15 tekens)", self.password)
        form.addRow("Herhaal nieuw wachtwoord", self.repeat)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(dutch_buttons("Wijzigen", self._on_buttons_accepted, self.reject))

    def _on_buttons_accepted(self) -> None:
        if self.password.text() != self.repeat.text():
            self.error.setText("De nieuwe wachtwoorden zijn niet gelijk.")
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._submit(self.current.text(), self.password.text())
        except UserError as error:
            self.error.setText(str(error))
            return
        finally:
            QApplication.restoreOverrideCursor()
            for field in (self.current, self.password, self.repeat):
                field.clear()
        self.accept()

"""Beheer -> Gebruiker toevoegen: a users row plus the user's own key slot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
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
        form.addRow("Tijdelijk wachtwoord (min. 15 tekens)", self.password)
        form.addRow("Herhaal wachtwoord", self.repeat)
        hint = QLabel(
            "De gebruiker kiest bij de eerste aanmelding een eigen wachtwoord. Een jurist- of "
            "beheerdersaccount wordt pas actief als een tweede beheerder het bevestigt (vier ogen)."
        )
        hint.setWordWrap(True)
        form.addRow(hint)
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


class ConfirmDialog(QDialog):
    """Beheer → Bevestigen (vier ogen): accounts and a setting that wait for a second beheerder.
    Each account shows the fingerprint of its key: compare it with the one the user sees."""

    def __init__(self, users: Any, settings: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._users, self._settings = users, settings
        self.setWindowTitle("Bevestigen als tweede beheerder")
        self.items = QListWidget()
        self.items.setObjectName("pending")
        self.items.setAccessibleName("Wat op bevestiging wacht")
        self.recovery = QLineEdit()
        self.recovery.setObjectName("recovery_key")
        self.recovery.setEchoMode(QLineEdit.EchoMode.Password)
        self.recovery.setPlaceholderText("alleen als u de enige beheerder bent")
        form = QFormLayout()
        form.addRow("Herstelsleutel", self.recovery)
        self.error = error_label()
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Vergelijk de vingerafdruk met wat de gebruiker bij zijn aanmelding ziet, voordat u bevestigt. "
            "Wat u zelf heeft uitgegeven of voorgesteld, bevestigt een andere beheerder."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.items)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(dutch_buttons("Bevestigen", self._on_buttons_accepted, self.reject))
        self._fill()

    def _fill(self) -> None:
        self.items.clear()
        for user, role, fingerprint, by in self._users.pending_accounts():
            item = QListWidgetItem(
                f"Account {user} ({role}) – vingerafdruk {fingerprint} – uitgegeven door {by}"
            )
            item.setData(Qt.ItemDataRole.UserRole, ("account", user))
            self.items.addItem(item)
        for key, value, by in self._settings.pending():
            item = QListWidgetItem(f"Instelling {key} = {value} – voorgesteld door {by}")
            item.setData(Qt.ItemDataRole.UserRole, ("instelling", key))
            self.items.addItem(item)
        if self.items.count():
            self.items.setCurrentRow(0)
        else:
            self.error.setText("Er wacht niets op bevestiging.")

    def _on_buttons_accepted(self) -> None:
        item = self.items.currentItem()
        if item is None:
            self.reject()
            return
        kind, name = item.data(Qt.ItemDataRole.UserRole)
        recovery = self.recovery.text().strip() or None
        self.recovery.clear()
        try:
            if kind == "account":
                self._users.confirm_account(name, recovery_key=recovery)
            else:
                self._settings.confirm(name)
        except UserError as error:
            self.error.setText(str(error))
            return
        self.accept()

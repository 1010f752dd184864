"""Lock screen: user name and password. Also the first-run form that creates the database."""

from __future__ import annotations

import os

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (  # no `Qt` namespace here: importing it costs ~12 ms before the first paint
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def _title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSize(font.pointSize() + 6)
    font.setBold(True)
    label.setFont(font)
    return label


class _CenteredForm(QWidget):
    def __init__(self, title: str, intro: str) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(460)
        self.layout_ = QVBoxLayout(box)
        self.layout_.addWidget(_title(title))
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.layout_.addWidget(intro_label)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName("message")
        self.message.setStyleSheet("color: #a40000;")
        self.button = QPushButton()
        self.button.setDefault(True)
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.button)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def set_busy(self, busy: bool, text: str) -> None:
        self.button.setEnabled(not busy)
        if busy:
            self.message.setStyleSheet("color: palette(text);")
            self.message.setText(text)

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #a40000;")
        self.message.setText(text)
        # a wrapped label in a form gets one line's height unless told; long messages must show whole
        self.message.setMinimumHeight(self.message.heightForWidth(max(self.message.width(), 440)))


class UnlockPage(_CenteredForm):
    # user, password, own new password ("" = none), accept an older copy (P4)
    unlock_requested = Signal(str, str, str, bool)

    def __init__(self, db_label: str) -> None:
        super().__init__("bibob-desk is vergrendeld", f"Database: {db_label}")
        self.username = QLineEdit(os.environ.get("BIBOB_DESK_USER", ""))
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.own = QLineEdit()
        self.own.setObjectName("own_password")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("own_password_repeat")
        for field in (self.password, self.own, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.accept_older = QCheckBox("Dit is een bewust teruggezette back-up: oudere kopie aanvaarden")
        self.accept_older.setObjectName("accept_older")
        self.form.addRow("Gebruikersnaam", self.username)
        self.form.addRow("Wachtwoord", self.password)
        self.form.addRow("Eigen nieuw wachtwoord", self.own)
        self.form.addRow("Herhaal nieuw wachtwoord", self.repeat)
        self.form.addRow("", self.accept_older)
        self._show_first_unlock(False)
        self.form.setRowVisible(self.accept_older, False)
        self.button.setText("Ontgrendelen")
        self.button.clicked.connect(self._submit)
        for field in (self.password, self.repeat):
            field.returnPressed.connect(self._submit)

    def _show_first_unlock(self, shown: bool) -> None:
        self._first_unlock = shown
        for field in (self.own, self.repeat):
            self.form.setRowVisible(field, shown)

    def ask_own_password(self, message: str) -> None:
        """A temporary password from the beheerder: the user chooses his own before he can work."""
        self._show_first_unlock(True)
        self.show_error(message + " Vul het tijdelijke wachtwoord opnieuw in, en tweemaal uw eigen.")
        self.button.setEnabled(True)
        self.password.setFocus()

    def offer_older_copy(self, message: str) -> None:
        """P4: the database is older than this user's last session; opening it is a choice."""
        self.form.setRowVisible(self.accept_older, True)
        self.accept_older.setChecked(False)
        self.show_error(message)
        self.button.setEnabled(True)
        self.password.setFocus()

    def _submit(self) -> None:
        own = ""
        if self._first_unlock:
            if self.own.text() != self.repeat.text():
                self.show_error("De nieuwe wachtwoorden zijn niet gelijk.")
                return
            own = self.own.text()
        password = self.password.text()
        for field in (self.password, self.own, self.repeat):
            field.clear()  # the widgets keep no copy
        accept = self.accept_older.isChecked()
        self._show_first_unlock(False)  # asked again if the temporary password was mistyped
        self.unlock_requested.emit(self.username.text().strip(), password, own, accept)

    def reset(self) -> None:
        for field in (self.password, self.own, self.repeat):
            field.clear()
        self._show_first_unlock(False)
        self.form.setRowVisible(self.accept_older, False)
        self.accept_older.setChecked(False)
        self.message.clear()
        self.button.setEnabled(True)
        self._focus_first_empty()

    def _focus_first_empty(self) -> None:
        (self.password if self.username.text() else self.username).setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._focus_first_empty()


class FirstRunPage(_CenteredForm):
    create_requested = Signal(str, str, str)

    def __init__(self, db_label: str) -> None:
        super().__init__(
            "Nieuwe database aanmaken",
            "Er is nog geen database. Maak een beheerdersaccount aan. Kies een wachtwoord van "
            f"minstens 15 tekens, bijvoorbeeld vier losse woorden. Database: {db_label}",
        )
        self.username = QLineEdit("beheerder")
        self.display_name = QLineEdit()
        self.password = QLineEdit()
        self.repeat = QLineEdit()
        for field in (self.password, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow("Gebruikersnaam", self.username)
        self.form.addRow("Naam", self.display_name)
        self.form.addRow("Wachtwoord", self.password)
        self.form.addRow("Herhaal wachtwoord", self.repeat)
        self.button.setText("Database aanmaken")
        self.button.clicked.connect(self._submit)

    def _submit(self) -> None:
        if self.password.text() != self.repeat.text():
            self.show_error("De wachtwoorden zijn niet gelijk.")
            return
        password = self.password.text()
        self.password.clear()
        self.repeat.clear()
        self.create_requested.emit(self.username.text().strip(), self.display_name.text().strip(), password)

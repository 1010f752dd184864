"""Netwerk → Signalenregister: the municipality's hard and soft signals, listed, and a form to record
one (about a person, a company or an address; source, date, reliability, retention)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from bibob_desk.domain.enums import Reliability, SignalSource
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.labels import label
from bibob_desk.presentation.editing import FieldError, parse_day
from bibob_desk.ui.widgets import ask_text, fit_columns

ABOUT = (("adres", "Adres"), ("persoon", "Persoon"), ("rechtspersoon", "Rechtspersoon"))
ISOLATE, POP = "\u2068", "\u2069"


class SignalsDialog(QDialog):
    def __init__(
        self,
        load: Callable[[], list[Any]],
        add: Callable[..., int],
        parent: Any = None,
        withdraw: Callable[[int, str], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Signalenregister")
        self.resize(1000, 640)
        self._load, self._add, self._withdraw = load, add, withdraw
        self.ask_reason = self._ask_reason  # replaceable in tests
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("signals")
        self.table.setAccessibleName("Signalen in het register")
        self.table.setHorizontalHeaderLabels(
            [
                "Nr.",
                "Datum",
                "Bron",
                "Betrouwbaarheid",
                "Over",
                "Naam of adres",
                "Omschrijving",
                "Bewaren tot",
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        form = self._build_form()
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.save = QPushButton("Vastleggen")
        self.save.setObjectName("saveSignal")
        self.save.clicked.connect(self._submit)
        close = QPushButton("Sluiten")
        close.clicked.connect(self.accept)
        self.withdraw_button = QPushButton("Intrekken…")
        self.withdraw_button.setObjectName("withdrawSignal")
        self.withdraw_button.setToolTip("Het gekozen signaal intrekken, met een reden (het blijft zichtbaar)")
        self.withdraw_button.clicked.connect(self._on_withdraw)
        self.withdraw_button.setVisible(withdraw is not None)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(
            QLabel("Nieuw signaal (gekoppeld aan dossiers met dezelfde persoon, hetzelfde bedrijf of adres):")
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refresh()

    def _build_form(self) -> QFormLayout:
        self.source = QComboBox()
        for s in SignalSource:
            self.source.addItem(label(s), s.value)
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("dd-MM-yyyy")
        self.reliability = QComboBox()
        for r in Reliability:
            self.reliability.addItem(label(r), r.value)
        # a new signal is unconfirmed until someone says otherwise (never 'bevestigd' by default)
        self.reliability.setCurrentIndex(self.reliability.findData(Reliability.ONBEVESTIGD.value))
        self.about = QComboBox()
        for value, text in ABOUT:
            self.about.addItem(text, value)
        self.name = QLineEdit()
        self.postcode = QLineEdit()
        self.house_number = QLineEdit()
        self.postcode.setAccessibleName("Postcode")
        self.house_number.setAccessibleName("Huisnummer")
        self.birth_date = QLineEdit()
        self.birth_date.setPlaceholderText("dd-mm-jjjj (persoon, als bekend)")
        self.kvk = QLineEdit()
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(60)
        form = QFormLayout()
        form.addRow("Bron", self.source)
        form.addRow("Datum", self.on)
        form.addRow("Betrouwbaarheid", self.reliability)
        form.addRow("Over", self.about)
        form.addRow("Naam of adres", self.name)
        place = QHBoxLayout()
        place.addWidget(self.postcode)
        place.addWidget(QLabel("huisnummer"))
        place.addWidget(self.house_number)
        form.addRow("Postcode", place)
        form.addRow("Geboortedatum", self.birth_date)
        form.addRow("KvK-nummer", self.kvk)
        form.addRow("Omschrijving", self.description)
        return form

    def refresh(self) -> None:
        entries = self._load()
        self.entries = entries
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            cells = [
                str(e.id),
                f"{e.date:%d-%m-%Y}",
                label(e.source),
                label(e.reliability),
                e.subject_kind,
                f"{ISOLATE}{e.subject_name}{POP}",
                f"{ISOLATE}{e.description}{POP}",
                f"{e.retention_date:%d-%m-%Y}",
            ]
            if getattr(e, "withdrawn", False):
                cells[6] = f"ingetrokken door {e.withdrawn_by}: {e.withdrawn_reason} — {cells[6]}"
            for c, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                if getattr(e, "withdrawn", False):
                    font = cell.font()
                    font.setStrikeOut(True)
                    cell.setFont(font)
                self.table.setItem(r, c, cell)
        fit_columns(self.table)

    def _ask_reason(self, question: str) -> str:
        return ask_text(self, "Signaal intrekken", question) or ""

    def _on_withdraw(self) -> None:
        row = self.table.currentRow()
        if self._withdraw is None or not 0 <= row < len(self.entries):
            self.message.setText("Kies eerst een signaal in de lijst.")
            return
        entry = self.entries[row]
        reason = self.ask_reason(f"Waarom trekt u signaal {entry.id} in? (het blijft zichtbaar)")
        if not reason:
            return
        try:
            self._withdraw(entry.id, reason)
        except UserError as error:
            self.message.setText(str(error))
            return
        self.message.setText(f"Signaal {entry.id} ingetrokken; het telt niet meer mee.")
        self.refresh()

    def _submit(self) -> None:
        birth = self.birth_date.text().strip()
        try:
            born = parse_day(birth) if birth else None
        except FieldError as problem:
            self.message.setText(f"Geboortedatum: {problem}")
            return
        try:
            number = self._add(
                source=self.source.currentData(),
                on=self.on.date().toPython(),
                reliability=self.reliability.currentData(),
                about=self.about.currentData(),
                name=self.name.text(),
                description=self.description.toPlainText(),
                birth_date=born,
                kvk=self.kvk.text().strip() or None,
                postcode=self.postcode.text().strip(),
                house_number=self.house_number.text().strip(),
            )
        except UserError as error:
            self.message.setText(str(error))
            return
        self.message.setText(f"Signaal {number} vastgelegd.")
        for field in (self.name, self.postcode, self.house_number, self.birth_date, self.kvk):
            field.clear()
        self.description.clear()
        self.refresh()

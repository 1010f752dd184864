"""Side by side: what the dossier holds and what the form says, per answer; the officer chooses
per row. Nothing is preselected to overwrite the dossier."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

KEEP, TAKE = "dossier", "formulier"


class CompareDialog(QDialog):
    def __init__(self, differences: list[Any], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Formulier en dossier vergelijken")
        self.resize(860, 360)
        self.differences = differences
        self.table = QTableWidget(len(differences), 4)
        self.table.setObjectName("differences")
        self.table.setHorizontalHeaderLabels(["Vraag", "In het dossier", "In het formulier", "Keuze"])
        self.table.verticalHeader().hide()
        self.choices: list[QComboBox] = []
        for row, d in enumerate(differences):
            for column, value in enumerate((d.label, d.in_case, d.in_form)):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.table.setItem(row, column, cell)
            choice = QComboBox()
            choice.addItem("Dossier houden", KEEP)
            choice.addItem("Formulier overnemen", TAKE)
            choice.setAccessibleName(f"Keuze voor {d.label}")
            self.choices.append(choice)
            self.table.setCellWidget(row, 3, choice)
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Keuzes toepassen")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Later")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Deze antwoorden verschillen van wat het dossier al bevat. Kies per regel wat geldt.")
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def chosen(self) -> set[str]:
        return {
            d.question for d, c in zip(self.differences, self.choices, strict=True) if c.currentData() == TAKE
        }

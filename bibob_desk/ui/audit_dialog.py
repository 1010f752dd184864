"""The audit log for the beheerder: filter, check the chain, export as CSV (the export is audited)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.domain.errors import UserError
from bibob_desk.ui.export_dialogs import default_folder, done_box, open_folder

if TYPE_CHECKING:
    from bibob_desk.bootstrap import AppContext

HEADERS = ["Nr.", "Tijd (UTC)", "Gebruiker", "Actie", "Resultaat", "Object", "Oorsprong"]


class AuditDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Logboek")
        self.resize(1000, 600)
        self.opener = open_folder
        self.action = QLineEdit()
        self.action.setObjectName("action")
        self.action.setPlaceholderText("actie begint met… (bijv. export)")
        self.actor = QLineEdit()
        self.actor.setObjectName("actor")
        self.actor.setPlaceholderText("gebruiker")
        refresh = QPushButton("Tonen")
        refresh.clicked.connect(self.reload)
        verify = QPushButton("Keten controleren")
        verify.clicked.connect(self.verify)
        export = QPushButton("Exporteren (CSV)…")
        export.clicked.connect(self.export)
        bar = QHBoxLayout()
        for widget in (self.action, self.actor, refresh, verify, export):
            bar.addWidget(widget)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.export_path = default_folder() / f"bibob-logboek-{date.today():%Y%m%d}.csv"
        self.reload()

    def reload(self) -> None:
        try:
            rows = self.ctx.audit.entries(
                limit=1000, action=self.action.text().strip(), actor=self.actor.text()
            )
        except UserError as error:
            self.status.setText(str(error))
            return
        self.table.setRowCount(0)
        for r in rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, value in enumerate(
                [r.seq, r.ts_utc, r.actor, r.action, r.result, r.object, r.origin]
            ):
                self.table.setItem(row, column, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()
        self.status.setText(f"{len(rows)} regels (nieuwste eerst, hoogstens 1000).")

    def verify(self) -> None:
        result = self.ctx.audit.verify()
        if result.first_broken is None:
            signed = (
                f" {result.signed_rows} regels ondertekend (handtekening en rol gecontroleerd); "
                f"vingerafdruk organisatiesleutel {result.org_fingerprint} (vergelijk met het herstelblad)."
                if result.org_fingerprint
                else ""
            )
            self.status.setText(
                f"Logboekketen intact: {result.rows} regels, {result.anchors} "
                + ("anker" if result.anchors == 1 else "ankers")
                + " gecontroleerd."
                + signed
                + "".join(f"\nLet op: {w}." for w in result.warnings)
            )
            self.status.setStyleSheet("color: #1e6b2e;")
        else:
            self.status.setText(
                f"Logboekketen gebroken bij volgnummer {result.first_broken}: {result.reason}. "
                "Meld dit als beveiligingsincident."
            )
            self.status.setStyleSheet("color: #a40000;")
        self.reload_keep_status()

    def reload_keep_status(self) -> None:
        text, style = self.status.text(), self.status.styleSheet()
        self.reload()
        self.status.setText(text)
        self.status.setStyleSheet(style)

    def export(self, target: Path | None = None) -> None:
        target = Path(target or self.export_path)
        try:
            result = self.ctx.exports.audit_csv(
                target, action=self.action.text().strip(), actor=self.actor.text().strip()
            )
        except UserError as error:
            self.status.setText(str(error))
            return
        self.done_message = done_box(
            self.parentWidget(), f"Geschreven: {result.path.name}", result.path.parent, self.opener
        )

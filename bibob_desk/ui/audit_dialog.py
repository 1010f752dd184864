"""The audit log for the beheerder: filter, check the chain, export as CSV (the export is audited)."""

from __future__ import annotations

import re
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
from bibob_desk.ui.widgets import fit_columns, local_time

if TYPE_CHECKING:
    from bibob_desk.bootstrap import AppContext

HEADERS = ["Nr.", "Tijd", "Gebruiker", "Actie", "Resultaat", "Object", "Oorsprong"]
CASE_ID = re.compile(r"case:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")


def action_text(action: str) -> str:
    """'dossier.gewijzigd' -> 'dossier: gewijzigd'; 'export.excel.basis' -> 'export: excel basis'."""
    head, _, rest = action.partition(".")
    words = rest.replace("_", " ").replace(".", " ")
    return f"{head}: {words}" if rest else head.replace("_", " ")


def object_text(obj: str, references: dict[str, str]) -> str:
    """Case ids as the case's reference ('dossier H2'), the rest as stored ('versie:3')."""
    shown = CASE_ID.sub(lambda m: f"dossier {references.get(m.group(1), '(vernietigd)')}", obj)
    return shown.replace(";", "; ")


class AuditDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Logboek")
        self.resize(1000, 600)
        self.opener = open_folder
        self.action = QLineEdit()
        self.action.setObjectName("action")
        self.action.setAccessibleName("Actie begint met")
        self.action.setPlaceholderText("actie begint met… (bijv. export)")
        self.actor = QLineEdit()
        self.actor.setObjectName("actor")
        self.actor.setAccessibleName("Gebruiker")
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
        self.table.setAccessibleName("Regels van het logboek")
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
        ids = sorted({m.group(1) for r in rows for m in CASE_ID.finditer(r.object)})
        references = {s.id: s.reference for s in self.ctx.cases.summaries_of(ids)} if ids else {}
        for r in rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            shown = [
                str(r.seq),
                local_time(r.ts_utc),
                r.actor,
                action_text(r.action),
                r.result.replace("_", " ").replace(";", "; ").replace("=", ": "),
                object_text(r.object, references),
                r.origin,
            ]
            stored = [str(r.seq), f"{r.ts_utc} (UTC)", r.actor, r.action, r.result, r.object, r.origin]
            for column, (value, raw) in enumerate(zip(shown, stored, strict=True)):
                item = QTableWidgetItem(value)
                item.setToolTip(raw)  # as stored, for whoever checks the log against an export
                self.table.setItem(row, column, item)
        fit_columns(self.table)
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

"""Netwerk → Weerbaarheidsscan: the scan form (built from forms/weerbaarheidsscan.yaml), scored per
theme with improvement points, and the PDF summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.domain.errors import UserError
from bibob_desk.questionnaire.definition import FormDefinition, Question, QuestionType


class ScanDialog(QDialog):
    threat_count: Any = staticmethod(lambda: 0)  # set by the controller: intimidation signals (register)

    def __init__(self, form: FormDefinition, service: Any, exports: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(form.title)
        self.resize(900, 720)
        self.service, self.exports = service, exports
        self.fields: dict[str, QComboBox | QPlainTextEdit] = {}
        latest = service.latest()
        previous = json.loads(latest[0].answers) if latest else {}
        body = self._build_body(form, previous)
        scroll = QScrollArea()
        scroll.setAccessibleName("Vragen van de scan")
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.result = QLabel("Vul de vragen in en kies Opslaan en scoren.")
        self.result.setObjectName("scanResult")
        self.result.setWordWrap(True)
        save = QPushButton("Opslaan en scoren")
        save.setObjectName("saveScan")
        save.clicked.connect(self.save)
        self.pdf_button = QPushButton("Samenvatting als PDF…")
        self.pdf_button.setObjectName("scanPdf")
        self.pdf_button.clicked.connect(self._ask_pdf)
        self.pdf_button.setEnabled(latest is not None)
        close = QPushButton("Sluiten")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        if latest:
            self._show(latest[1])

    def _build_body(self, form: FormDefinition, previous: dict[str, str]) -> QWidget:
        body = QWidget()
        body_layout = QVBoxLayout(body)
        for section in form.sections:
            box = QGroupBox(section.title)
            rows = QFormLayout(box)
            for item in section.items:
                if not isinstance(item, Question):
                    continue
                if item.type is QuestionType.SELECT_ONE:
                    combo = QComboBox()
                    combo.addItem("— (nog niet beantwoord)", "")
                    for choice in item.choices:
                        combo.addItem(choice.label, choice.value)
                    combo.setCurrentIndex(max(0, combo.findData(previous.get(item.id, ""))))
                    self.fields[item.id] = combo
                    label = QLabel(item.label)
                    label.setWordWrap(True)
                    rows.addRow(label, combo)
                elif item.type == "long_text":
                    text = QPlainTextEdit(previous.get(item.id, ""))
                    text.setFixedHeight(50)
                    self.fields[item.id] = text
                    rows.addRow(item.label, text)
            body_layout.addWidget(box)
        return body

    def answers(self) -> dict[str, str]:
        out = {}
        for key, field in self.fields.items():
            value = field.currentData() if isinstance(field, QComboBox) else field.toPlainText().strip()
            if value:
                out[key] = value
        return out

    def save(self) -> None:
        try:
            _, result = self.service.record(self.answers())
        except UserError as error:
            self.result.setText(str(error))
            return
        self._show(result)
        self.pdf_button.setEnabled(True)

    def _show(self, result: Any) -> None:
        themes = "; ".join(f"{t.title}: {round(100 * t.share)}% ({t.band})" for t in result.themes)
        threats = self.threat_count()
        reported = (
            f" Melden: het signalenregister bevat {threats} actief signaal/signalen van intimidatie of "
            "bedreiging van medewerkers."
            if threats
            else ""
        )
        self.result.setText(
            f"Totaal {round(100 * result.total_share)}%. {themes}. "
            f"Verbeterpunten: {len(result.improvements)} (in de PDF-samenvatting).{reported}"
        )

    def write_pdf(self, path: Path) -> None:
        try:
            written = self.exports.resilience_summary(path)
        except UserError as error:
            self.result.setText(str(error))
            return
        self.result.setText(f"Samenvatting geschreven: {written.path.name} ({written.size // 1000} kB).")

    def _ask_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Samenvatting opslaan", "weerbaarheidsscan.pdf", "PDF (*.pdf)"
        )
        if path:
            self.write_pdf(Path(path))

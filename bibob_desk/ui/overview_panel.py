"""Tab Overzicht, the start screen after unlocking (issue 9): small bar charts — cases per stage and
per band, deadlines, signals per month, doorstart alerts. Click a bar to list its cases; double-click
a case to open it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

COLOURS = {
    "ROOD": "#c62828",
    "ORANJE": "#ef6c00",
    "GEEL": "#f9a825",
    "GROEN": "#2e7d32",
    "verlopen": "#c62828",
}
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class BarChart(QWidget):
    """Horizontal bars with their label and value; a click on a bar emits its index."""

    bar_clicked = Signal(int)

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.bars: list[Any] = []
        self.labels: list[str] = []
        self.setMinimumHeight(120)

    def set_bars(self, bars: list[Any], labels: list[str] | None = None) -> None:
        self.bars = bars
        self.labels = labels or [b.label for b in bars]
        self.setMinimumHeight(28 + 22 * max(1, len(bars)))
        self.update()

    def _row(self, i: int) -> QRectF:
        return QRectF(0, 24 + 22 * i, self.width(), 20)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(0, 0, self.width(), 20), Qt.AlignmentFlag.AlignLeft, self.title)
        font.setBold(False)
        painter.setFont(font)
        if not self.bars:
            painter.drawText(QRectF(0, 24, self.width(), 20), Qt.AlignmentFlag.AlignLeft, "—")
            return
        top = max(b.value for b in self.bars) or 1
        label_w, value_w = min(230.0, self.width() * 0.58), 36.0
        for i, (bar, text) in enumerate(zip(self.bars, self.labels, strict=True)):
            row = self._row(i)
            painter.setPen(QColor("#222"))
            painter.drawText(QRectF(0, row.y(), label_w - 6, 20), Qt.AlignmentFlag.AlignVCenter, text)
            width = (self.width() - label_w - value_w) * bar.value / top
            painter.fillRect(
                QRectF(label_w, row.y() + 3, max(width, 1), 14), QColor(COLOURS.get(bar.label, "#1f3a5f"))
            )
            painter.drawText(
                QRectF(label_w + width + 4, row.y(), value_w, 20),
                Qt.AlignmentFlag.AlignVCenter,
                str(bar.value),
            )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = int((event.position().y() - 24) // 22)
        if 0 <= index < len(self.bars):
            self.bar_clicked.emit(index)


class OverviewPanel(QWidget):
    bar_selected = Signal(str, int)  # chart name, bar index
    case_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.charts = {
            "stages": BarChart("Dossiers per fase"),
            "bands": BarChart("Per risicoband (laatste beoordeling)"),
            "deadlines": BarChart("Termijnen"),
            "signals": BarChart("Signalen per maand"),
            "doorstart": BarChart("Doorstartwacht (nieuwe dossiers)"),
        }
        grid = QGridLayout()
        for i, (name, chart) in enumerate(self.charts.items()):
            chart.bar_clicked.connect(lambda index, n=name: self.bar_selected.emit(n, index))
            grid.addWidget(chart, i // 2, i % 2)
        self.caption = QLabel("Klik op een balk om de dossiers te zien; dubbelklik om een dossier te openen.")
        self.cases = QListWidget()
        self.cases.setObjectName("overviewCases")
        self.cases.itemActivated.connect(self._open)
        self.cases.itemDoubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.caption)
        layout.addWidget(self.cases, 1)

    def show_cases(self, caption: str, rows: list[tuple[str, str]]) -> None:
        """rows: (case id, text)."""
        self.caption.setText(caption)
        self.cases.clear()
        for case_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(CASE_ID_ROLE, case_id)
            self.cases.addItem(item)

    def clear(self) -> None:
        for chart in self.charts.values():
            chart.set_bars([])
        self.cases.clear()

    def _open(self, item: QListWidgetItem) -> None:
        case_id = item.data(CASE_ID_ROLE)
        if case_id:
            self.case_requested.emit(case_id)

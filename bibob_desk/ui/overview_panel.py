"""Tab Overzicht, the start screen after unlocking (issue 9): small bar charts — cases per stage and
per band, deadlines, signals per month, doorstart alerts. Click a bar to list its cases; double-click
a case to open it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from bibob_desk.services.changes import Changes, Topic
from bibob_desk.ui.workbench import Workbench

OVERDUE_COLOUR, BAR_COLOUR = "#c62828", "#1f3a5f"
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class BarChart(QWidget):
    """Horizontal bars with their label and value; a click on a bar emits its index."""

    bar_clicked = Signal(int)

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.bars: list[Any] = []
        self.labels: list[str] = []
        self.colours: dict[str, str] = {}  # bar label -> colour (bands: from the catalogue)
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
                QRectF(label_w, row.y() + 3, max(width, 1), 14),
                QColor(self.colours.get(bar.label, BAR_COLOUR)),
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
    """Counts at once, deadlines and doorstart alerts from the background; refreshes itself after
    unlock and whenever a service reports a change of cases, events, risk or signals."""

    case_requested = Signal(str)
    TOPICS = (Topic.CASES, Topic.EVENTS, Topic.RISK, Topic.SIGNALS, Topic.MATCHES)

    def __init__(self) -> None:
        super().__init__()
        self.charts = {
            "stages": BarChart("Dossiers per fase"),
            "bands": BarChart("Per risicoband (laatste beoordeling)"),
            "deadlines": BarChart("Termijnen"),
            "signals": BarChart("Signalen per maand"),
            "doorstart": BarChart("Doorstartwacht (nieuwe dossiers)"),
        }
        self.charts["deadlines"].colours = {"verlopen": OVERDUE_COLOUR}
        grid = QGridLayout()
        for i, (name, chart) in enumerate(self.charts.items()):
            chart.bar_clicked.connect(lambda index, n=name: self.select_bar(n, index))
            grid.addWidget(chart, i // 2, i % 2)
        self.caption = QLabel("Klik op een balk om de dossiers te zien; dubbelklik om een dossier te openen.")
        self.intimidation = QLabel()
        self.intimidation.setObjectName("intimidation")
        self.intimidation.setStyleSheet("color: #a4000f; font-weight: bold;")
        self.intimidation.hide()
        self.intimidation.setTextFormat(Qt.TextFormat.RichText)
        self.intimidation.setWordWrap(True)
        self.intimidation.linkActivated.connect(lambda _link: self.show_threatened())
        self.threatened: list[str] = []
        self.cases = QListWidget()
        self.cases.setObjectName("overviewCases")
        self.cases.setAccessibleName("Dossiers bij deze telling")
        self.cases.itemActivated.connect(self._open)
        self.cases.itemDoubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.intimidation)
        layout.addWidget(self.caption)
        layout.addWidget(self.cases, 1)
        self.bars: dict[str, list[Any]] = {}
        self.bench: Workbench | None = None

    def bind(self, bench: Workbench) -> None:
        self.bench = bench
        bench.session.unlocked.connect(self.refresh)
        bench.session.locked.connect(self.clear)
        bench.hub.changed.connect(self._on_hub_changed)
        self.case_requested.connect(bench.selection.select)

    def _on_hub_changed(self, changes: Changes) -> None:
        if any(changes.about(t) for t in self.TOPICS):
            self.refresh()

    def refresh(self) -> None:
        from bibob_desk.domain.enums import Stage
        from bibob_desk.domain.labels import label

        ctx = self.bench.context if self.bench else None
        if ctx is None:
            return
        stages, bands, signals = ctx.overview.counts()
        self.bars.update(stages=stages, bands=bands, signals=signals)
        self.charts["bands"].colours = ctx.risk.band_colours()
        self.charts["stages"].set_bars(stages, [label(Stage(b.label)) for b in stages])
        self.charts["bands"].set_bars(bands)
        self.charts["signals"].set_bars(signals)
        threats, threatened = ctx.overview.intimidation(), ctx.overview.threatened_cases()
        self.threatened = threatened
        parts = []
        if threats:
            parts.append(f"{threats} actief signaal/signalen in het signalenregister")
        if threatened:
            parts.append(f'<a href="dossiers">{len(threatened)} dossier(s) met zo\'n signaal</a>')
        self.intimidation.setText(
            "Intimidatie of bedreiging van medewerkers: "
            + "; ".join(parts)
            + " — schermt u de dossiers af? (Dossier → Afschermen)"
        )
        self.intimidation.setVisible(bool(parts))
        self.bench.in_background(lambda c: c.overview.heavy(), self._show_heavy)

    def _show_heavy(self, result: tuple[list[Any], list[Any]]) -> None:
        deadlines, doorstart = result
        self.bars.update(deadlines=deadlines, doorstart=doorstart)
        self.charts["deadlines"].set_bars(deadlines)
        self.charts["doorstart"].set_bars(doorstart, [f"dossier {b.label}" for b in doorstart])

    def select_bar(self, chart: str, index: int) -> None:
        """A bar clicked: list its cases (or, for signals, the signals of that month)."""
        from bibob_desk.domain.labels import label

        ctx = self.bench.context if self.bench else None
        bars = self.bars.get(chart, [])
        if ctx is None or index >= len(bars):
            return
        bar = bars[index]
        if chart == "signals":
            rows = [
                (
                    "",
                    f"Signaal {e.id}: {e.date:%d-%m-%Y} {label(e.source)} — "
                    f"{e.subject_name}: {e.description}",
                )
                for e in ctx.signals.active()
                if e.date.isoformat().startswith(bar.label)
            ]
            self.show_cases(f"Signalen in {bar.label}", rows)
            return
        ids = ctx.overview.cases_in_stage(bar.label) if chart == "stages" else bar.case_ids
        rows = [
            (s.id, f"{s.reference} — {label(s.stage)} — {s.location}") for s in ctx.cases.summaries_of(ids)
        ]
        self.show_cases(f"{self.charts[chart].title}: {self.charts[chart].labels[index]} ({len(rows)})", rows)

    def show_threatened(self) -> None:
        """The cases with an intimidation signal, listed for clicking through."""
        ctx = self.bench.context if self.bench else None
        if ctx is None:
            return
        rows = [(c.id, f"{c.reference} — {c.location}") for c in ctx.cases.summaries_of(self.threatened)]
        self.show_cases(f"Dossiers met een signaal van intimidatie of bedreiging ({len(rows)})", rows)

    def show_cases(self, caption: str, rows: list[tuple[str, str]]) -> None:
        """rows: (case id, text)."""
        self.caption.setText(caption)
        self.cases.clear()
        for case_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(CASE_ID_ROLE, case_id)
            self.cases.addItem(item)

    def clear(self) -> None:
        self.bars.clear()
        for chart in self.charts.values():
            chart.set_bars([])
        self.cases.clear()

    def _open(self, item: QListWidgetItem) -> None:
        case_id = item.data(CASE_ID_ROLE)
        if case_id:
            self.case_requested.emit(case_id)

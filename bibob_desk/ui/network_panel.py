"""Tab Netwerk: the same people, companies and addresses in other cases, each with why, and the
officer's judgement (zelfde / niet zelfde / onzeker, with a motivation). Nothing is merged."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.services.changes import Topic
from bibob_desk.ui.widgets import fit_columns, local_time
from bibob_desk.ui.workbench import CaseBound

if TYPE_CHECKING:
    from bibob_desk.bootstrap import AppContext

VERDICT_LABELS = {"zelfde": "zelfde", "niet_zelfde": "niet zelfde", "onzeker": "onzeker", None: "—"}
ISOLATE, POP = "\u2068", "\u2069"  # names are user data (T33)


class NetworkPanel(CaseBound, QWidget):
    """Candidates are found in the background (matching reads other cases); judging a row is
    reported by the service and the tab reloads itself."""

    topics = (Topic.MATCHES, Topic.CASES)
    judge_requested = Signal(object, str, str)  # candidate, verdict, motivation
    graph_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.summary = QLabel("Kies een dossier.")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("matches")
        self.table.setAccessibleName("Overeenkomsten met andere dossiers")
        self.table.setHorizontalHeaderLabels(
            ["Soort", "Score", "Partij hier", "Dossier", "Partij daar", "Waarom", "Oordeel"]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((95, 50, 130, 70, 130, 320)):
            self.table.setColumnWidth(column, width)
        self.buttons = {}
        row = QHBoxLayout()
        for verdict, text in (("zelfde", "Zelfde"), ("niet_zelfde", "Niet zelfde"), ("onzeker", "Onzeker")):
            button = QPushButton(f"{text}…")
            button.setObjectName(f"judge_{verdict}")
            button.clicked.connect(lambda _=False, v=verdict: self._judge(v))
            self.buttons[verdict] = button
            row.addWidget(button)
        row.addStretch(1)
        self.graph_button = QPushButton("Relatiegraaf…")
        self.graph_button.setObjectName("graph")
        self.graph_button.clicked.connect(self.graph_requested.emit)
        row.addWidget(self.graph_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.found: list[Any] = []

    def load(self, context: AppContext, case_id: str) -> None:
        assert self.bench is not None
        reference = context.cases.open_case(case_id).reference
        self.show_loading()
        selection = self.bench.selection

        def show(found: list[Any]) -> None:
            if selection.case_id == case_id:
                self.show_matches(found)

        self.bench.in_background(lambda ctx: ctx.matching.matches(reference), show)

    def clear(self) -> None:
        self.show_matches([])
        self.summary.setText("Kies een dossier.")

    def show_loading(self) -> None:
        self.found = []
        self.table.setRowCount(0)
        self.summary.setText("Overeenkomsten met andere dossiers worden gezocht…")

    def show_matches(self, found: list[Any]) -> None:
        self.found = found
        self.table.setRowCount(len(found))
        for r, judged in enumerate(found):
            m = judged.candidate
            cells = [
                m.kind,
                f"{m.score}%",
                f"{ISOLATE}{m.subject.name}{POP}",
                m.other.reference,
                f"{ISOLATE}{m.other.name}{POP}",
                "; ".join(m.reasons),
                VERDICT_LABELS.get(judged.verdict, judged.verdict or "—"),
            ]
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if c == 5:
                    item.setToolTip(value)
                if c == 6 and judged.motivation:
                    item.setToolTip(
                        f"{judged.judged_by}, {local_time(judged.judged_at)}: {judged.motivation}"
                    )
                self.table.setItem(r, c, item)
        fit_columns(self.table)
        self.table.resizeRowsToContents()
        open_count = sum(1 for j in found if j.verdict is None)
        self.summary.setText(
            f"{len(found)} mogelijke overeenkomst(en) met andere dossiers, {open_count} nog niet beoordeeld. "
            "Niets wordt samengevoegd; uw oordeel wordt bewaard en is terug te draaien."
            if found
            else "Geen overeenkomsten met andere dossiers."
        )

    def _judge(self, verdict: str) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not self.found:
            self.summary.setText("Kies eerst een regel in de tabel.")
            return
        judged = self.found[rows[0].row()]
        motivation, ok = QInputDialog.getMultiLineText(
            self, "Oordeel", f"Motivering ({VERDICT_LABELS[verdict]}):", ""
        )
        if ok:
            self.judge_requested.emit(judged.candidate, verdict, motivation)

    def keyPressEvent(self, event: Any) -> None:  # Enter on a row: nothing to open (yet)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)

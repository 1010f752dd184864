"""Per case: deadlines (raw and Atw date, status, days left, explanation), events and warnings;
dialogs to record an event and to change the stage. Across cases: the Termijnen overview."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.domain.enums import AnswerState, DecisionKind, EventKind, ProcedureKind, Stage
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.labels import label
from bibob_desk.services.changes import Topic
from bibob_desk.ui.widgets import day_text, dutch_buttons, error_label, fit_columns, nl_count
from bibob_desk.ui.workbench import CaseBound
from bibob_desk.workflow.terms import READING_LABELS

if TYPE_CHECKING:
    from bibob_desk.bootstrap import AppContext

STATUS_COLOURS = {
    "verlopen": "#f4c7c3",
    "binnen 7 dagen": "#fce8b2",
    "binnen 14 dagen": "#fff6d5",
    "afgerond": "#e6f4ea",
    "open": "#ffffff",
}
RECORDABLE = [k for k in EventKind if k is not EventKind.FASE_GEWIJZIGD]
UNTIL_EVENTS = (
    EventKind.HERSTEL_VERZONDEN,
    EventKind.VOORNEMEN_VERZONDEN,
    EventKind.ART7A_VRAGEN_VERZONDEN,
    EventKind.ART7A_HERINNERING,
)
ANSWER_EVENTS = (EventKind.ART7A_BEANTWOORD, EventKind.LBB_VRAGEN_BEANTWOORD, EventKind.HERSTEL_AANGEVULD)
WEEKS_EVENTS = (EventKind.BESLISTERMIJN_VERLENGD, EventKind.LBB_TERMIJN_VERLENGD)


def _row(table: QTableWidget, values: list[str], colour: str, tooltip: str = "") -> None:
    row = table.rowCount()
    table.insertRow(row)
    for column, value in enumerate(values):
        item = QTableWidgetItem(value)
        item.setBackground(QBrush(QColor(colour)))
        item.setToolTip(tooltip or value)
        table.setItem(row, column, item)


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _days(left: int, status: str) -> str:
    if status == "afgerond":
        return "afgerond"
    return f"{-left} dagen verlopen" if left < 0 else f"nog {left} dagen"


class TimelinePanel(CaseBound, QWidget):
    """Tab Termijnen of the open case; reloads itself when its events or stage change."""

    withdraw_requested = Signal(int)  # event number (1 = first row)

    topics = (Topic.EVENTS, Topic.CASES)
    event_requested = Signal()
    stage_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.next_step = QLabel()
        self.next_step.setObjectName("nextStep")
        self.next_step.setWordWrap(True)
        self.next_step.setStyleSheet("background: #eef3f8; padding: 6px;")
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #a40000;")
        self.deadlines = _table(
            ["Termijn", "Datum", "Atw-datum", "Stand", "Uitleg"], "Termijnen van het dossier"
        )
        self.events = _table(
            ["Datum", "Gebeurtenis", "Door", "Toelichting"], "Gebeurtenissen van het dossier"
        )
        self.event_button = QPushButton("Gebeurtenis vastleggen…")
        self.stage_button = QPushButton("Fase wijzigen…")
        self.withdraw_button = QPushButton("Gebeurtenis intrekken…")
        self.withdraw_button.setObjectName("withdrawEvent")
        self.withdraw_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.event_button)
        buttons.addWidget(self.stage_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.next_step)
        layout.addWidget(self.warnings)
        layout.addWidget(QLabel("Termijnen (berekend uit de gebeurtenissen)"))
        layout.addWidget(self.deadlines, 3)
        layout.addWidget(QLabel("Gebeurtenissen"))
        layout.addWidget(self.events, 2)
        layout.addLayout(buttons)
        self.event_button.clicked.connect(self.event_requested)
        self.events.itemSelectionChanged.connect(
            lambda: self.withdraw_button.setEnabled(bool(self.events.selectionModel().selectedRows()))
        )
        self.withdraw_button.clicked.connect(self._on_withdraw_clicked)
        self.stage_button.clicked.connect(self.stage_requested)

    def clear(self) -> None:
        self.header.clear()
        self.next_step.clear()
        self.warnings.clear()
        self.deadlines.setRowCount(0)
        self.events.setRowCount(0)

    def _on_withdraw_clicked(self) -> None:
        rows = self.events.selectionModel().selectedRows()
        if rows:
            self.withdraw_requested.emit(rows[0].row() + 1)

    def load(self, context: AppContext, case_id: str) -> None:
        case, timeline = context.workflow.timeline(case_id)
        self.show_timeline(case, timeline, context.workflow.today())
        try:
            self.next_step.setText(f"Wat nu? {context.workflow.next_step(case.stage)}")
        except UserError as error:  # a municipality's own file that cannot be used: said, not hidden
            self.next_step.setText(str(error))

    def show_timeline(self, case: Any, timeline: Any, today: date) -> None:
        self.clear()
        start = (
            f"onderzoek gestart {day_text(case.reference_date)}"
            if case.procedure is ProcedureKind.BESTAANDE_VERGUNNING
            else f"ontvangen {day_text(case.received_date)}"
        )
        self.header.setText(
            f"Fase: {label(case.stage)} · {start} · opschorting tijdens LBB-advies: "
            + READING_LABELS.get(timeline.reading, timeline.reading)
        )
        self.warnings.setText("\n".join(timeline.warnings))
        self.warnings.setVisible(bool(timeline.warnings))
        for d in sorted(timeline.deadlines, key=lambda d: d.effective):
            status = d.status(today)
            atw = day_text(d.adjusted) + (" (toegepast)" if d.atw_applies else " (niet toegepast)")
            _row(
                self.deadlines,
                [
                    d.label,
                    day_text(d.raw),
                    atw if d.adjusted != d.raw else "—",
                    _days(d.days_left(today), status),
                    d.explanation,
                ],
                STATUS_COLOURS.get(status, "#fff"),
                f"{d.explanation}\nGrondslag: {d.basis}",
            )
        for e in timeline.events:
            text = label(e.kind)
            if e.kind is EventKind.FASE_GEWIJZIGD and e.stage_to is not None:
                text = f"fase: {label(e.stage_from) if e.stage_from else '?'} → {label(e.stage_to)}"
            if e.decision is not None:
                text += f" ({label(e.decision)})"
            extra = f" tot {day_text(e.until)}" if e.until else (f" {e.weeks} weken" if e.weeks else "")
            if e.answer is not None:
                extra += f": {label(e.answer)}"
                if e.open_questions:
                    extra += f" (open: {'; '.join(e.open_questions)})"
            documents = f" [documenten: {', '.join(e.documents)}]" if e.documents else ""
            if e.withdrawn:
                extra += f" — ingetrokken door {e.withdrawn_by}: {e.withdrawn_reason}"
            cells = [day_text(e.date), text + extra, e.recorded_by, e.note + documents]
            _row(self.events, cells, "#eeeeee" if e.withdrawn else "#ffffff")
            if e.withdrawn:  # stays visible, struck through; no clock counts it
                for column in range(self.events.columnCount()):
                    item = self.events.item(self.events.rowCount() - 1, column)
                    font = item.font()
                    font.setStrikeOut(True)
                    item.setFont(font)
        fit_columns(self.deadlines)
        fit_columns(self.events)


class _Form(QDialog):
    def __init__(self, title: str, submit: Callable[..., object], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._submit = submit
        self.form = QFormLayout()
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd-MM-yyyy")
        self.note = QLineEdit()
        self.error = error_label()
        buttons = dutch_buttons("Vastleggen", self._on_buttons_accepted, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _call(self) -> None:
        raise NotImplementedError

    def _on_buttons_accepted(self) -> None:
        try:
            self._call()
        except UserError as error:
            self.error.setText(str(error))
            return
        self.accept()


class EventDialog(_Form):
    def __init__(self, submit: Callable[..., object], parent: QWidget | None = None) -> None:
        super().__init__("Gebeurtenis vastleggen", submit, parent)
        self.kind = QComboBox()
        for kind in RECORDABLE:
            self.kind.addItem(label(kind), kind.value)
        self.until = QDateEdit(QDate.currentDate().addDays(14))
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("dd-MM-yyyy")
        self.weeks = QSpinBox()
        self.weeks.setRange(0, 52)
        self.answer = QComboBox()
        for state in AnswerState:
            self.answer.addItem(label(state), state.value)
        self.open_questions = QLineEdit()
        self.open_questions.setPlaceholderText("bijv. vraag 4.2; vraag 6.1 (gescheiden door ;)")
        self.form.addRow("Gebeurtenis", self.kind)
        self.form.addRow("Datum", self.date)
        self.form.addRow("Termijn tot (herstel, vragen, zienswijze)", self.until)
        self.form.addRow("Weken (verlenging)", self.weeks)
        self.form.addRow("Beantwoord", self.answer)
        self.form.addRow("Open gebleven vragen", self.open_questions)
        self.form.addRow("Toelichting", self.note)
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self._on_kind_current_index_changed()

    def _on_kind_current_index_changed(self) -> None:
        """Only the fields this kind of event uses (a term for herstel and voornemen, weeks for an
        extension)."""
        kind = EventKind(self.kind.currentData())
        self.form.setRowVisible(self.until, kind in UNTIL_EVENTS)
        self.form.setRowVisible(self.weeks, kind in WEEKS_EVENTS)
        self.form.setRowVisible(self.answer, kind in ANSWER_EVENTS)
        self.form.setRowVisible(self.open_questions, kind in ANSWER_EVENTS)

    def _call(self) -> None:
        kind = EventKind(self.kind.currentData())
        until = self.until.date().toPython() if kind in UNTIL_EVENTS else None
        weeks = (self.weeks.value() or None) if kind in WEEKS_EVENTS else None
        answer = AnswerState(self.answer.currentData()) if kind in ANSWER_EVENTS else None
        questions = [q.strip() for q in self.open_questions.text().split(";") if q.strip()] if answer else []
        self._submit(kind, self.date.date().toPython(), until, weeks, self.note.text(), answer, questions)


class StageDialog(_Form):
    def __init__(
        self,
        current: Stage,
        allowed: list[Stage],
        submit: Callable[..., object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Fase wijzigen (nu: {label(current)})", submit, parent)
        self.to = QComboBox()
        for stage in allowed:
            self.to.addItem(label(stage), stage.value)
        self.decision = QComboBox()
        self.decision.addItem("— geen besluit —", "")
        for decision in DecisionKind:
            self.decision.addItem(label(decision), decision.value)
        self.documents = QLineEdit()
        self.documents.setPlaceholderText("bijv. voornemen-2025-06-02.pdf, brief-betrokkene.pdf")
        self.form.addRow("Naar fase", self.to)
        self.form.addRow("Datum", self.date)
        self.form.addRow("Reden", self.note)
        self.form.addRow("Besluit", self.decision)
        self.form.addRow("Documenten", self.documents)

    def _call(self) -> None:
        decision = DecisionKind(self.decision.currentData()) if self.decision.currentData() else None
        documents = tuple(d.strip() for d in self.documents.text().split(",") if d.strip())
        self._submit(
            Stage(self.to.currentData()), self.date.date().toPython(), self.note.text(), documents, decision
        )


class DeadlineModel(QAbstractTableModel):
    """The open terms across cases, read page by page as the table is scrolled (issue 18: 185,000
    terms at 100,000 cases are never all loaded before the window shows)."""

    HEADERS = ("Datum", "Stand", "Dossier", "Termijn", "Uitleg")
    failed = Signal(str)  # reading on failed (the database was locked meanwhile): the Dutch message

    def __init__(self, pages: Iterator[list[Any]], parent: Any = None) -> None:
        super().__init__(parent)
        self._pages: Iterator[list[Any]] | None = pages
        self.rows: list[Any] = []
        self.fetchMore()

    def canFetchMore(self, parent: Any = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._pages is not None

    def fetchMore(self, parent: Any = QModelIndex()) -> None:  # noqa: B008
        if self._pages is None or parent.isValid():
            return
        try:
            more = next(self._pages, [])
        except UserError as error:
            self.failed.emit(f"Verder lezen lukte niet: {error}")
            more = []
        if not more:
            self._pages = None
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            d = row.deadline
            return (
                day_text(d.effective),
                _days(row.days_left, row.status),
                row.reference,
                d.label,
                d.explanation,
            )[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATUS_COLOURS.get(row.status, "#fff")))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class DeadlinesDialog(QDialog):
    """All open deadlines across cases, most urgent first; activating a row opens the case. The
    rows come page by page from the projection (WorkflowService.open_deadlines)."""

    case_requested = Signal(str)

    def __init__(self, listing: Any, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Termijnen")
        self.resize(900, 560)
        self.model = DeadlineModel(listing.pages, self)
        self.table = QTableView()
        self.table.setAccessibleName("Termijnen van alle open dossiers")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        fit_columns(self.table)  # from the first page
        overdue = f", waarvan {nl_count(listing.overdue)} verlopen" if listing.overdue else ""
        self.summary = QLabel(
            f"{nl_count(listing.total)} openstaande termijn(en){overdue}, op {day_text(today)}; "
            "de dringendste eerst. Rood: verlopen · oranje: binnen 7 dagen · geel: binnen 14 dagen."
        )
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.table.activated.connect(self._on_table_activated)
        self.model.failed.connect(self.summary.setText)

    def _on_table_activated(self, index: Any) -> None:
        self.case_requested.emit(self.model.rows[index.row()].case_id)
        self.accept()

"""The case list: a paged QAbstractTableModel over CaseService, with filter-as-you-type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.domain.errors import UserError
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import CaseSummary
from bibob_desk.services.changes import Changes, Topic
from bibob_desk.ui.widgets import fit_columns, local_time, nl_count

ISOLATE, POP = "\u2068", "\u2069"  # bidi-isolate user-supplied names (T33)
COLUMNS: list[tuple[str | None, str]] = [
    ("reference", "Kenmerk"),
    ("permit_kinds", "Soort"),
    ("stage", "Fase"),
    ("received_date", "Ontvangen"),
    ("location", "Locatie"),
    ("~updated_at", "Gewijzigd"),  # "~": shown, not sortable (no index)
    ("~behandelaar", "Behandelaar"),
    (None, "Partijen"),
]
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def _cell(summary: CaseSummary, column: int) -> str:
    key = COLUMNS[column][0]
    if key == "reference":
        return summary.reference
    if key == "permit_kinds":
        return ", ".join(label(k) for k in summary.permit_kinds)
    if key == "stage":
        return label(summary.stage)
    if key == "received_date":
        return summary.received_date.strftime("%d-%m-%Y")
    if key == "location":
        return f"{ISOLATE}{summary.location}{POP}"
    if key == "~updated_at":
        return local_time(summary.updated_at)
    if key == "~behandelaar":
        return summary.behandelaar + (f" · {label(summary.result).lower()}" if summary.result else "")
    return ", ".join(f"{ISOLATE}{n}{POP}" for n in summary.party_names)


class CaseTableModel(QAbstractTableModel):
    PAGE = 200
    MAX_FETCH = 10_000  # largest single fetch (bounds the transient memory of one query)
    COUNT_CAP = 1000  # a filter counts its hits up to here ("1.000 of meer"): no full scan per keystroke

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._service: Any = None
        self._rows: list[CaseSummary] = []
        self._total = 0
        self._exhausted = True  # the last fetch returned less than it asked for
        self._query = ""
        self._sort = ("received_date", True)
        self._view: Any = None  # the caseload filter (CaseFilter); None = every case

    # -- feeding ------------------------------------------------------------------------
    def attach(self, service: Any) -> None:
        self._service = service
        self.reload()

    def clear(self) -> None:
        self.beginResetModel()
        self._service, self._rows, self._total, self._query = None, [], 0, ""
        self._exhausted = True
        self.endResetModel()

    def set_query(self, query: str) -> None:
        self._query = query
        self.reload()

    def set_view(self, view: Any) -> None:
        self._view = view
        self.reload()

    @property
    def total(self) -> int:
        return self._total

    @property
    def total_is_capped(self) -> bool:
        return bool(self._query.strip()) and self._total >= self.COUNT_CAP

    def reload(self) -> None:
        self.beginResetModel()
        if self._service is None:
            self._rows, self._total, self._exhausted = [], 0, True
        else:
            key, descending = self._sort
            self._rows = self._service.summaries(
                self._query, limit=self.PAGE, sort=key, descending=descending, view=self._view
            )
            self._exhausted = len(self._rows) < self.PAGE
            if self._exhausted:
                self._total = len(self._rows)
            else:
                cap = self.COUNT_CAP if self._query.strip() else None
                self._total = self._service.count(self._query, at_most=cap, view=self._view)
        self.endResetModel()

    def refresh_cases(self, case_ids: tuple[str, ...]) -> bool:
        """Re-read the rows of these cases in place (selection and scroll stay); False when one
        of them is not in the loaded rows (a new case: the caller reloads)."""
        if self._service is None or not case_ids:
            return True
        fresh = {s.id: s for s in self._service.summaries_of(list(case_ids))}
        rows = [i for i, s in enumerate(self._rows) if s.id in fresh]
        for i in rows:
            self._rows[i] = fresh[self._rows[i].id]
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
        return len(rows) == len(fresh)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self._service is None or parent.isValid():
            return
        key, descending = self._sort
        # pages grow with what is loaded (200, 200, 400, 800 … 10,000): scrolling to the end of
        # 100,000 cases takes ~16 queries instead of 500 ever-slower OFFSET queries
        size = min(max(self.PAGE, len(self._rows)), self.MAX_FETCH)
        more = self._service.summaries(
            self._query, limit=size, offset=len(self._rows), sort=key, descending=descending, view=self._view
        )
        self._exhausted = len(more) < size
        if more:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][0]
        if key is None or key.startswith("~"):
            return
        self._sort = (key, order == Qt.SortOrder.DescendingOrder)
        self.reload()

    # -- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):  # elided: the whole text on hover
            return _cell(summary, index.column())
        if role == CASE_ID_ROLE:
            return summary.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return COLUMNS[section][1]
        return None


class CaseListWidget(QWidget):
    case_activated = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.model = CaseTableModel(self)
        self.filter = QLineEdit()
        self.filter.setAccessibleName("Zoeken in de dossierlijst")
        self.filter.setObjectName("filter")
        self.filter.setPlaceholderText("Zoek op kenmerk, naam of adres…")
        self.filter.setClearButtonEnabled(True)
        self.table = QTableView()
        self.table.setAccessibleName("Dossierlijst")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(3, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.count = QLabel()
        from bibob_desk.ui.case_filters import FilterBar

        self.filters = FilterBar()
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(self._debounce.start)
        self.table.activated.connect(self._on_table_activated)
        self.table.clicked.connect(self._on_table_activated)
        self.model.modelReset.connect(self._update_count)
        self.filters.changed.connect(self._apply_view)

    def attach(self, service: Any, context: Any = None) -> None:
        """`context`: for the caseload filters (who is 'mij', bands, deadlines, saved views)."""
        if context is not None:
            self.filters.attach(context)
            self.model._view = self.filters.current_filter()
        self.model.attach(service)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Once, after loading (ui/widgets.fit_columns): typing in the filter never makes the columns
        jump."""
        fit_columns(self.table)

    def on_changed(self, changes: Changes) -> None:
        """Hub subscriber: changed cases are re-read in place, a new case reloads the list."""
        if not changes.cases:
            return
        if not self.model.refresh_cases(changes.cases) and changes.about(Topic.CASES):
            self.model.reload()

    def _apply_view(self) -> None:
        try:
            self.model.set_view(self.filters.current_filter())
        except UserError as error:
            self.count.setText(str(error))

    def clear(self) -> None:
        self.filters.blockSignals(True)
        self.filters.detach()
        self.filters.blockSignals(False)
        self._debounce.stop()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.blockSignals(False)
        self.model.clear()

    def apply_filter_now(self) -> None:
        self._debounce.stop()
        self._apply_filter()

    def _apply_filter(self) -> None:
        self.model.set_query(self.filter.text())

    def _update_count(self) -> None:
        total = self.model.total
        if self.model.total_is_capped:
            self.count.setText(f"{nl_count(total)} of meer dossiers")
        else:
            self.count.setText(f"{total} dossier" if total == 1 else f"{total} dossiers")

    def selected_case_ids(self) -> list[str]:
        """The cases selected in the list (for exports of a selection); empty when none."""
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        ids = [self.model.data(self.model.index(row, 0), CASE_ID_ROLE) for row in sorted(rows)]
        return [i for i in ids if i]

    def _on_table_activated(self, index: QModelIndex) -> None:
        case_id = self.model.data(index, CASE_ID_ROLE)
        if case_id:
            self.case_activated.emit(case_id)

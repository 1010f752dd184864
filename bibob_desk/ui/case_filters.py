"""The caseload filters above the list: view (open, mine, not assigned, archive, all), stage, permit
kind, band and deadline status, and saved views per user. The choices become a CaseFilter; band and
deadline are resolved to case ids by the services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QInputDialog, QPushButton, QWidget

from bibob_desk.domain.enums import PermitKind, Stage
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import CaseFilter

if TYPE_CHECKING:
    from bibob_desk.bootstrap import AppContext

VIEWS = (
    ("open", "Open dossiers"),
    ("mijn", "Mijn dossiers"),
    ("niet_toegewezen", "Niet toegewezen"),
    ("archief", "Archief (afgesloten)"),
    ("alle", "Alle dossiers"),
)
DEADLINES = (
    ("", "Alle termijnen"),
    ("verlopen", "Termijn verlopen"),
    ("binnen14", "Termijn binnen 14 dagen"),
)
KEYS = ("weergave", "fase", "soort", "band", "termijn")


def case_filter(choices: dict[str, str], context: AppContext) -> CaseFilter:
    """The list's filter for these choices (band and deadline looked up in the services)."""
    view = choices.get("weergave", "open")
    me = context.users.current.username
    behandelaar = {"mijn": me, "niet_toegewezen": ""}.get(view)
    closed = {"archief": True, "alle": None}.get(view, False)
    stage = choices.get("fase") or ""
    kind = choices.get("soort") or ""
    ids: set[str] | None = None
    if choices.get("band"):
        ids = set(context.cases.with_band(choices["band"]))
    if choices.get("termijn"):
        due = context.workflow.due_cases(14)
        today = context.workflow.today()
        wanted = (
            {case_id for case_id, effective in due if effective < today}
            if choices["termijn"] == "verlopen"
            else {case_id for case_id, effective in due if effective >= today}
        )
        ids = wanted if ids is None else ids & wanted
    return CaseFilter(
        stages=(Stage(stage),) if stage in {s.value for s in Stage} else (),
        permit_kind=PermitKind(kind) if kind in {k.value for k in PermitKind} else None,
        behandelaar=behandelaar,
        closed=closed,
        ids=tuple(sorted(ids)) if ids is not None else None,
    )


def _combo(name: str, options: tuple[tuple[str, str], ...]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    # shrinks with the window (1280 px wide screens): the full text is in the drop-down
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(7)
    for value, text in options:
        combo.addItem(text, value)
    return combo


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.context: AppContext | None = None
        self.view = _combo("filterView", VIEWS)
        self.view.setAccessibleName("Weergave")
        self.stage = _combo("filterStage", (("", "Alle fasen"), *((s.value, label(s)) for s in Stage)))
        self.stage.setAccessibleName("Fase")
        self.kind = _combo("filterKind", (("", "Alle soorten"), *((k.value, label(k)) for k in PermitKind)))
        self.kind.setAccessibleName("Soort vergunning")
        self.band = _combo("filterBand", (("", "Alle banden"),))
        self.band.setAccessibleName("Risicoband")
        self.deadline = _combo("filterDeadline", DEADLINES)
        self.deadline.setAccessibleName("Termijn")
        self.saved = _combo("savedViews", (("", "Bewaarde weergaven…"),))
        self.saved.setAccessibleName("Bewaarde weergaven")
        self.save_button = QPushButton("Bewaren…")
        self.save_button.setObjectName("saveView")
        self.save_button.setToolTip("Deze filters bewaren als weergave")
        self.ask_name = self._ask_name  # replaceable in tests
        layout = QGridLayout(self)  # two rows: the list stays usable on a 1280 px screen
        layout.setContentsMargins(0, 0, 0, 0)
        for column, widget in enumerate((self.view, self.stage, self.kind, self.band)):
            layout.addWidget(widget, 0, column)
        for column, widget in enumerate((self.deadline, self.saved, self.save_button)):
            layout.addWidget(widget, 1, column)
        self.combos = dict(
            zip(KEYS, (self.view, self.stage, self.kind, self.band, self.deadline), strict=True)
        )
        for combo in self.combos.values():
            combo.currentIndexChanged.connect(self.changed)
        self.saved.activated.connect(self._apply_saved)
        self.save_button.clicked.connect(self.save_view)

    def attach(self, context: AppContext) -> None:
        self.context = context
        self.band.blockSignals(True)
        while self.band.count() > 1:
            self.band.removeItem(1)
        for name in context.risk.band_colours():
            self.band.addItem(name, name)
        self.band.blockSignals(False)
        self._fill_saved()

    def detach(self) -> None:
        self.context = None
        self.set_choices({})

    def choices(self) -> dict[str, str]:
        return {key: str(combo.currentData() or "") for key, combo in self.combos.items()}

    def set_choices(self, choices: dict[str, str]) -> None:
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.setCurrentIndex(
                max(combo.findData(choices.get(key, "open" if key == "weergave" else "")), 0)
            )
            combo.blockSignals(False)
        self.changed.emit()

    def current_filter(self) -> CaseFilter | None:
        if self.context is None:
            return None
        return case_filter(self.choices(), self.context)

    def _fill_saved(self) -> None:
        self.saved.blockSignals(True)
        while self.saved.count() > 1:
            self.saved.removeItem(1)
        if self.context is not None:
            for name in sorted(self.context.cases.views()):
                self.saved.addItem(name, name)
        self.saved.setCurrentIndex(0)
        self.saved.blockSignals(False)

    def _apply_saved(self, index: int) -> None:
        name = self.saved.itemData(index)
        if self.context is None or not name:
            return
        self.set_choices(self.context.cases.views().get(name, {}))
        self.saved.setCurrentIndex(0)

    def _ask_name(self) -> str | None:
        text, ok = QInputDialog.getText(self, "Weergave bewaren", "Naam van deze weergave:")
        return text if ok else None

    def save_view(self) -> None:
        if self.context is None:
            return
        name = self.ask_name()
        if not name:
            return
        try:
            self.context.cases.save_view(name, self.choices())
        except UserError as error:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "bibob-desk", str(error))
            return
        self._fill_saved()

"""Risk panel: band badge, score, findings by category with evidence and legal ground, what cannot
be judged, the suggested next step, history of snapshots, and the override dialog. It suggests;
it never states a legal conclusion."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.domain.assessment import Assessment, Finding, OverrideAction, OverrideState
from bibob_desk.domain.errors import UserError
from bibob_desk.presentation.contrast import text_on
from bibob_desk.services.changes import Topic
from bibob_desk.ui.widgets import day_text, dutch_buttons, error_label, local_time
from bibob_desk.ui.workbench import CaseBound

if TYPE_CHECKING:
    from bibob_desk.bootstrap import AppContext

INDICATOR_ROLE = Qt.ItemDataRole.UserRole + 7


def _label_for(text: str, widget: QWidget) -> QLabel:
    """A label that names `widget` for a screen reader (Qt reads a buddy label as its name)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class RiskPanel(CaseBound, QWidget):
    """Tab Risico of the open case; band colours come from the catalogue."""

    topics = (Topic.RISK, Topic.CASES)
    rescore_requested = Signal()
    override_requested = Signal(str)  # indicator id
    withdraw_override_requested = Signal(str)  # indicator id

    def __init__(self) -> None:
        super().__init__()
        self.badge = QLabel()
        self.badge.setObjectName("bandBadge")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setMinimumWidth(110)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.knockouts = QLabel()
        self.knockouts.setWordWrap(True)
        self.knockouts.setStyleSheet("color: #a40000; font-weight: bold;")
        self.history = QComboBox()
        self.history.setObjectName("riskHistory")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Bevindingen van de beoordeling")
        self.tree.setHeaderLabels(["Indicator", "Gewicht"])
        self.tree.setColumnWidth(0, 520)
        self.tree.setWordWrap(True)
        self.rescore_button = QPushButton("Opnieuw beoordelen")
        self.override_button = QPushButton("Afwijken…")
        self.override_button.setEnabled(False)
        self._build_withdrawal()
        self._overridden: set[str] = set()  # indicators with an override in the shown assessment
        top = QHBoxLayout()
        top.addWidget(self.badge)
        top.addWidget(self.summary, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(_label_for("Beoordeling:", self.history))
        buttons.addWidget(self.history, 1)
        buttons.addWidget(self.rescore_button)
        buttons.addWidget(self.override_button)
        buttons.addWidget(self.withdraw_override_button)
        layout = QVBoxLayout(self)
        note = QLabel("Triage-suggestie op basis van de indicatorencatalogus; geen juridische conclusie.")
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        layout.addLayout(top)
        layout.addWidget(self.knockouts)
        layout.addWidget(self.not_counted)
        layout.addWidget(self.advice)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        self._snapshots: list[Assessment] = []
        self.colours: dict[str, str] = {}  # band -> colour, from the catalogue (load)
        self.rescore_button.clicked.connect(self.rescore_requested)
        self.override_button.clicked.connect(self._on_override_clicked)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.history.currentIndexChanged.connect(self._on_history_current_index_changed)
        self.clear()

    def clear(self) -> None:
        self._snapshots = []
        self.history.clear()
        self.tree.clear()
        self.badge.setText("—")
        self.badge.setStyleSheet("background: #595959; color: white; padding: 8px; font-weight: bold;")
        self.summary.setText("Nog niet beoordeeld. Kies 'Opnieuw beoordelen'.")
        self.advice.clear()
        self.knockouts.clear()

    def load(self, context: AppContext, case_id: str) -> None:
        self.colours = context.risk.band_colours()
        self.show_history(context.risk.history(case_id))

    def show_history(self, snapshots: list[Assessment]) -> None:
        """Newest first in the list; the newest is shown."""
        self._snapshots = list(reversed(snapshots))
        self.history.blockSignals(True)
        self.history.clear()
        for a in self._snapshots:
            self.history.addItem(
                f"{local_time(a.assessed_at) or a.assessed_at[:16]} — {a.band} {a.score} "
                f"(catalogus v{a.catalogue_version}, {a.assessed_by})"
            )
        self.history.blockSignals(False)
        if self._snapshots:
            self.history.setCurrentIndex(0)
            self.show_assessment(self._snapshots[0])
        else:
            self.clear()

    def _on_history_current_index_changed(self, index: int) -> None:
        if 0 <= index < len(self._snapshots):
            self.show_assessment(self._snapshots[index])

    def show_assessment(self, a: Assessment) -> None:
        self.badge.setText(f"{a.band}\n{a.score}")
        colour = self.colours.get(a.band, "#555")
        self.badge.setStyleSheet(
            f"background: {colour}; color: {text_on(colour)}; padding: 8px; font-weight: bold;"
        )
        counted = sum(1 for f in a.findings if f.applied_weight)
        self.summary.setText(
            f"Score {a.score} uit {counted} indicator(en); peildatum {day_text(a.reference_date)}; "
            f"{len(a.not_assessable)} niet te beoordelen. "
            f"Catalogus {a.catalogue_id} versie {a.catalogue_version}."
        )
        self.knockouts.setText(
            "\n".join(f"Knock-out {k}" for k in a.knockouts) + (f"\n{a.route_text}" if a.route_text else "")
        )
        self.knockouts.setVisible(bool(a.knockouts or a.route_text))
        lines = (["Niet meegeteld: " + "; ".join(a.not_counted)] if a.not_counted else []) + (
            ["Tegenindicatie (weegt de jurist): " + "; ".join(a.counter_evidence)]
            if a.counter_evidence
            else []
        )
        self.not_counted.setText("\n".join(lines))
        self.not_counted.setVisible(bool(lines))
        self._overridden = {
            f.indicator
            for f in a.findings
            if f.override_state in (OverrideState.APPLIED, OverrideState.REVIEW)
        }
        self.advice.setText(f"Suggestie: {a.advice}")
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for finding in a.findings:
            group = groups.get(finding.category)
            if group is None:
                group = QTreeWidgetItem([finding.category.capitalize(), ""])
                groups[finding.category] = group
                self.tree.addTopLevelItem(group)
            group.addChild(self._finding_item(finding))
        if a.not_assessable:
            missing = QTreeWidgetItem([f"Niet te beoordelen ({len(a.not_assessable)})", ""])
            for n in a.not_assessable:
                missing.addChild(
                    QTreeWidgetItem([f"{n.indicator} {n.title} — ontbreekt: {'; '.join(n.missing)}", ""])
                )
            self.tree.addTopLevelItem(missing)
        for group in groups.values():
            group.setExpanded(True)

    def _finding_item(self, f: Finding) -> QTreeWidgetItem:
        weight = (
            str(f.applied_weight) if f.applied_weight == f.weight else f"{f.applied_weight} (was {f.weight})"
        )
        item = QTreeWidgetItem([f"{f.indicator}  {f.title}", weight])
        item.setToolTip(0, f"{f.indicator}  {f.title}")  # a long title is elided in the column
        item.setData(0, INDICATOR_ROLE, f.indicator)
        lines = [f.explanation, "Grond: " + "; ".join(f.legal_heads)]
        if f.yielded_to:
            lines.append(f"Telt niet apart: samengevallen met {f.yielded_to}.")
        if f.override_state is OverrideState.APPLIED:
            who = f" door {f.override_author}" if f.override_author else ""
            lines.append(f"Afwijking{who}: {f.override_motivation}")
        elif f.override_state is OverrideState.REVIEW:
            lines.append(
                f"Let op: het bewijs is gewijzigd sinds de afwijking door {f.override_author}; "
                "opnieuw beoordelen."
            )
        for e in f.evidence:
            source = ", ".join(x for x in (e.source, day_text(e.date) if e.date else "", e.recorded_by) if x)
            lines.append(f"Bewijs: {e.fact}: {e.value}" + (f" ({source})" if source else ""))
        for line in lines:
            child = QTreeWidgetItem([line, ""])
            child.setToolTip(0, line)
            child.setData(0, INDICATOR_ROLE, f.indicator)
            item.addChild(child)
        return item

    def _on_tree_current_item_changed(self, current: QTreeWidgetItem | None, _previous: Any) -> None:
        indicator = current.data(0, INDICATOR_ROLE) if current is not None else None
        self.override_button.setEnabled(bool(indicator))
        self.withdraw_override_button.setEnabled(indicator in self._overridden)

    def _build_withdrawal(self) -> None:
        self.withdraw_override_button = QPushButton("Afwijking intrekken…")
        self.withdraw_override_button.setObjectName("withdrawOverride")
        self.withdraw_override_button.setEnabled(False)
        self.withdraw_override_button.clicked.connect(self._on_withdraw_override_clicked)
        self.not_counted = QLabel()
        self.not_counted.setObjectName("notCounted")
        self.not_counted.setWordWrap(True)
        self.not_counted.setStyleSheet("color: #555;")

    def _on_withdraw_override_clicked(self) -> None:
        item = self.tree.currentItem()
        indicator = item.data(0, INDICATOR_ROLE) if item is not None else None
        if indicator:
            self.withdraw_override_requested.emit(indicator)

    def _on_override_clicked(self) -> None:
        item = self.tree.currentItem()
        indicator = item.data(0, INDICATOR_ROLE) if item is not None else None
        if indicator:
            self.override_requested.emit(indicator)


class OverrideDialog(QDialog):
    """Set a finding aside or give it another weight, only with a written motivation."""

    def __init__(
        self,
        indicator: str,
        weight: int,
        submit: Callable[[str, str, int | None], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._submit = submit
        self.setWindowTitle(f"Afwijken van {indicator}")
        self.set_aside = QRadioButton("Buiten beschouwing laten")
        self.reweigh = QRadioButton("Ander gewicht")
        self.set_aside.setChecked(True)
        self.weight = QSpinBox()
        self.weight.setRange(0, 20)
        self.weight.setValue(weight)
        self.motivation = QPlainTextEdit()
        self.motivation.setPlaceholderText("Motivering (verplicht, minstens 20 tekens)")
        self.error = error_label()
        buttons = dutch_buttons("Vastleggen", self._on_buttons_accepted, self.reject)
        row = QHBoxLayout()
        row.addWidget(self.reweigh)
        row.addWidget(self.weight)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "De afwijking wordt met uw naam en de tijd vastgelegd. Verandert het bewijs, "
                "dan wordt ze ter herbeoordeling gemarkeerd."
            )
        )
        layout.addWidget(self.set_aside)
        layout.addLayout(row)
        layout.addWidget(self.motivation)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _on_buttons_accepted(self) -> None:
        action = OverrideAction.SET_ASIDE if self.set_aside.isChecked() else OverrideAction.REWEIGH
        weight = self.weight.value() if action is OverrideAction.REWEIGH else None
        try:
            self._submit(action, self.motivation.toPlainText(), weight)
        except UserError as error:
            self.error.setText(str(error))
            return
        self.accept()

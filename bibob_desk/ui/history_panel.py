"""Tab Geschiedenis: every version of the open case with who, when, why and what changed per field;
"Terugzetten naar deze versie…" makes a new version (history is never rewritten)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.presentation.fields import describe
from bibob_desk.services.changes import Topic
from bibob_desk.ui.widgets import local_time
from bibob_desk.ui.workbench import CaseBound

if TYPE_CHECKING:
    from bibob_desk.bootstrap import AppContext

VERSION_ROLE = Qt.ItemDataRole.UserRole + 3
ISOLATE, POP = "\u2068", "\u2069"  # values are user data (T33)


def shown(value: Any) -> str:
    if value is None:
        return "(onbekend)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"{ISOLATE}{text if len(text) <= 120 else text[:117] + '…'}{POP}"


class HistoryPanel(CaseBound, QWidget):
    revert_requested = Signal(int)  # the version to go back to
    topics = (Topic.CASES, Topic.EVENTS, Topic.RISK)

    def __init__(self) -> None:
        super().__init__()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("history")
        self.tree.setAccessibleName("Versies van het dossier")
        self.tree.setHeaderLabels(["Versie en wijziging", "Was", "Wordt"])
        self.tree.setColumnWidth(0, 320)
        self.tree.setColumnWidth(1, 200)
        self.revert_button = QPushButton("Terugzetten naar deze versie…")
        self.revert_button.setObjectName("revert")
        self.revert_button.setEnabled(False)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.revert_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        self.current_version = 0
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.revert_button.clicked.connect(self._on_revert_clicked)

    def load(self, context: AppContext, case_id: str) -> None:
        created, revisions = context.revisions.history(case_id)
        current = context.cases.as_dict(case_id)
        self.current_version = context.revisions.version(case_id)
        self.tree.clear()
        first = QTreeWidgetItem([f"versie 1 — aangemaakt of geïmporteerd, {local_time(created)}", "", ""])
        first.setData(0, VERSION_ROLE, 1)
        self.tree.addTopLevelItem(first)
        first.setFirstColumnSpanned(True)
        for r in revisions:
            title = f"versie {r.number} — {local_time(r.at)}, {r.actor}: {r.reason or '—'}"
            item = QTreeWidgetItem([title, "", ""])
            item.setData(0, VERSION_ROLE, r.number)
            for c in r.changes:
                child = QTreeWidgetItem([describe(c.path, current), shown(c.old), shown(c.new)])
                child.setToolTip(0, c.path)
                child.setData(0, VERSION_ROLE, r.number)
                item.addChild(child)
            item.setToolTip(0, title)
            self.tree.addTopLevelItem(item)
            item.setFirstColumnSpanned(True)  # the version line reads across; its changes below
            item.setExpanded(True)
        self.summary.setText(
            f"Huidige versie: {self.current_version}. Elke wijziging is een versie met wie, wanneer "
            "en waarom; terugzetten maakt een nieuwe versie."
        )
        self.revert_button.setEnabled(False)

    def clear(self) -> None:
        self.tree.clear()
        self.summary.setText("")
        self.revert_button.setEnabled(False)

    def selected_version(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, VERSION_ROLE) if item is not None else None

    def _on_tree_current_item_changed(self, current: QTreeWidgetItem | None, _previous: Any) -> None:
        version = current.data(0, VERSION_ROLE) if current is not None else None
        self.revert_button.setEnabled(bool(version) and version < self.current_version)

    def _on_revert_clicked(self) -> None:
        version = self.selected_version()
        if version:
            self.revert_requested.emit(version)

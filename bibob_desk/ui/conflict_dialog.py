"""A save refused because a colleague saved the case first (issue 19): both versions side by side,
field by field, and the officer decides. Nothing is lost either way: keeping the own input makes a
new version on top of the colleague's (his stays in the history); keeping the colleague's drops only
the own, unsaved input; going back keeps the input in the editor."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.presentation.fields import describe
from bibob_desk.ui.history_panel import shown
from bibob_desk.ui.widgets import local_time

if TYPE_CHECKING:
    from bibob_desk.services.revisions import Conflict


class Choice(Enum):
    MINE = "mine"  # save the own input as a new version on top of the colleague's
    THEIRS = "theirs"  # drop the own input, show the colleague's version
    BACK = "back"  # nothing saved, the input stays in the editor


class ConflictDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, conflict: Conflict, reference: str, case: dict[str, Any]
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(f"Dossier {reference} is intussen gewijzigd")
        self.choice = Choice.BACK
        who = sorted({r.actor for r in conflict.theirs}) or ["een ander venster"]
        clashes = sum(1 for f in conflict.fields if f.clash)
        intro = QLabel(
            f"Uw wijziging ging uit van versie {conflict.expected}. Intussen is versie {conflict.current} "
            f"opgeslagen door {', '.join(who)}. Uw wijziging is nog niet opgeslagen. "
            + (
                f"{clashes} van uw velden {'is' if clashes == 1 else 'zijn'} ook door de ander gewijzigd "
                "(vet). "
                if clashes
                else "De ander wijzigde andere velden dan u. "
            )
            + "Kies welke versie blijft; de andere blijft in de geschiedenis zichtbaar."
        )
        intro.setWordWrap(True)
        self.fields = _field_tree(conflict, case)
        self.theirs = _theirs_tree(conflict, case)
        buttons = QDialogButtonBox()
        self.mine_button = QPushButton(f"Mijn invoer opslaan als versie {conflict.current + 1}")
        self.mine_button.setObjectName("keepMine")
        self.theirs_button = QPushButton(f"Versie {conflict.current} houden, mijn invoer vervalt")
        self.theirs_button.setObjectName("keepTheirs")
        self.back_button = QPushButton("Terug naar mijn invoer")
        self.back_button.setObjectName("backToInput")
        buttons.addButton(self.mine_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.theirs_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.mine_button.clicked.connect(lambda: self._choose(Choice.MINE))
        self.theirs_button.clicked.connect(lambda: self._choose(Choice.THEIRS))
        self.back_button.clicked.connect(lambda: self._choose(Choice.BACK))
        self.back_button.setDefault(True)  # Enter never drops or overwrites anything
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.fields, 1)
        layout.addWidget(self.theirs, 1)
        layout.addWidget(buttons)
        self.resize(980, 480)

    def _choose(self, choice: Choice) -> None:
        self.choice = choice
        self.accept() if choice is not Choice.BACK else self.reject()


def _field_tree(conflict: Conflict, case: dict[str, Any]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setObjectName("conflictFields")
    tree.setAccessibleName("Uw velden: was, uw invoer en nu")
    tree.setHeaderLabels(
        ["Veld", f"Was (versie {conflict.expected})", "Uw invoer", f"Nu (versie {conflict.current})"]
    )
    tree.setRootIsDecorated(False)
    tree.setWordWrap(True)
    header = tree.header()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    for column in (1, 2, 3):  # the three values equally wide, wrapped, each whole in its tooltip
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    bold = QFont()
    bold.setBold(True)
    for field in conflict.fields:
        values = [shown(field.base), shown(field.mine), shown(field.theirs)]
        row = QTreeWidgetItem([describe(field.path, case), *values])
        row.setToolTip(0, field.path)
        for column, value in enumerate(values, start=1):
            row.setToolTip(column, value)
        if field.clash:
            for column in range(4):
                row.setFont(column, bold)
            row.setToolTip(3, f"Ook door de ander gewijzigd: {values[2]}")
        tree.addTopLevelItem(row)
    return tree


def _theirs_tree(conflict: Conflict, case: dict[str, Any]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setObjectName("conflictTheirs")
    tree.setAccessibleName("Wat de ander wijzigde")
    tree.setHeaderLabels(["Wat de ander wijzigde", "Was", "Wordt"])
    for revision in conflict.theirs:
        when = local_time(revision.at)
        item = QTreeWidgetItem(
            [f"versie {revision.number} — {when}, {revision.actor}: {revision.reason or '—'}"]
        )
        for change in revision.changes:
            item.addChild(
                QTreeWidgetItem([describe(change.path, case), shown(change.old), shown(change.new)])
            )
        tree.addTopLevelItem(item)
        item.setFirstColumnSpanned(True)
        item.setExpanded(True)
    tree.resizeColumnToContents(0)
    return tree


def undo_over(conflict: Conflict, inverse: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The undo of the own input saved over the colleague's version: back to *his* values (the
    editor's inverse goes back to the version the input started from). An appended list item keeps
    the editor's inverse (its index is known only there)."""
    if any(f.path.endswith("/-") for f in conflict.fields):
        return inverse
    return [
        {"op": "remove", "path": f.path}
        if f.theirs is None
        else {"op": "replace", "path": f.path, "value": f.theirs}
        for f in conflict.fields
    ]


def ask(parent: QWidget | None, conflict: Conflict, reference: str, case: dict[str, Any]) -> Choice:
    dialog = ConflictDialog(parent, conflict, reference, case)
    dialog.exec()
    return dialog.choice

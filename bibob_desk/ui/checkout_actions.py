"""Menu Bestand in a team database (issue 19): check the selected cases out to a file on this computer,
to work on them without a connection, and check that file in again. A conflict is shown per field with
the three values (at check-out, on the laptop, in the team database) and a choice per field; nothing
of a conflicting case is written before that choice, and the file keeps everything."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.presentation.fields import describe
from bibob_desk.ui.export_dialogs import default_folder
from bibob_desk.ui.history_panel import shown
from bibob_desk.ui.runner import Operation
from bibob_desk.ui.workbench import Workbench

if TYPE_CHECKING:
    from bibob_desk.services.checkout import CheckIn, CheckOutResult

KEEP = (("team", "Teamdatabase houden"), ("eigen", "Waarde van de laptop overnemen"))


class CheckoutActions(QObject):
    def __init__(self, bench: Workbench) -> None:
        super().__init__(bench.parent)
        self.bench = bench
        self.ask_save_path, self.ask_open_path = self._ask_save_path, self._ask_open_path
        self.ask_password = self._ask_password
        self.dialog: QWidget | None = None

    # -- check-out -------------------------------------------------------------------------------
    def check_out(self) -> None:
        ctx = self.bench.context
        if ctx is None:
            return
        ids = self.bench.selected_case_ids() or [c for c in [self.bench.selection.case_id] if c]
        if not ids:
            QMessageBox.information(
                self.bench.parent, "Uitchecken", "Kies eerst in de lijst de dossiers die u wilt meenemen."
            )
            return
        references = [s.reference for s in ctx.cases.summaries_of(ids)]
        chosen = self.ask_save_path(default_folder() / f"uitgecheckt-{date.today():%Y%m%d}.db")
        if not chosen:
            return
        password = self.ask_password(
            "Uitchecken",
            "Uw wachtwoord. Het nieuwe bestand opent met uw naam en dit wachtwoord:",
        )
        if not password:
            return

        def done(result: CheckOutResult) -> None:
            self._show_checked_out(result, Path(chosen))

        self.bench.run(
            Operation(
                "Uitchecken",
                lambda _p: ctx.checkout.check_out(Path(chosen), references, password),
                done,
                writes=True,
            )
        )

    def _show_checked_out(self, result: CheckOutResult, path: Path) -> None:
        box = QMessageBox(self.bench.parent)
        box.setObjectName("checkedOut")
        box.setWindowTitle("Uitgecheckt")
        box.setIcon(QMessageBox.Icon.Information)
        cases = ", ".join(f"{c.reference} (versie {c.version})" for c in result.cases)
        box.setText(
            f"Uitgecheckt naar {path.name}: {cases}.\n\n"
            "Open het bestand op de laptop met uw naam en wachtwoord (bibob-desk --db <bestand>) en "
            "breng het terug met Bestand → Inchecken… in de teamdatabase. Collega's kunnen intussen "
            "doorwerken; bij het inchecken worden de velden samengevoegd.\n\n"
            f"Herstelsleutel van dit bestand (één keer getoond): {result.recovery_key}\n"
            f"Vingerafdruk: {result.fingerprint}"
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dialog = box
        box.open()

    # -- check-in --------------------------------------------------------------------------------
    def check_in(self) -> None:
        ctx = self.bench.context
        if ctx is None:
            return
        chosen = self.ask_open_path()
        if not chosen:
            return
        password = self.ask_password("Inchecken", "Uw wachtwoord van het uitgecheckte bestand:")
        if password:
            self._check_in(Path(chosen), password, {})

    def _check_in(self, path: Path, password: str, choices: dict[str, str]) -> None:
        ctx = self.bench.context
        if ctx is None:
            return

        def done(results: list[CheckIn]) -> None:
            if any(r.status == "conflict" for r in results):
                dialog = CheckInDialog(self.bench.parent, results, ctx.cases.as_dict)
                dialog.accepted.connect(
                    lambda: self._check_in(path, password, {**choices, **dialog.choices()})
                )
                self.dialog = dialog
                dialog.open()
                return
            box = QMessageBox(self.bench.parent)
            box.setObjectName("checkedIn")
            box.setWindowTitle("Ingecheckt")
            box.setText(summary(results))
            self.dialog = box
            box.open()

        self.bench.run(
            Operation(
                "Inchecken", lambda _p: ctx.checkout.check_in(path, password, choices), done, writes=True
            )
        )

    # -- questions ---------------------------------------------------------------------------------
    def _ask_save_path(self, suggestion: Path) -> str:
        chosen, _ = QFileDialog.getSaveFileName(
            self.bench.parent, "Uitchecken naar bestand", str(suggestion), "Databasebestand (*.db)"
        )
        return chosen

    def _ask_open_path(self) -> str:
        chosen, _ = QFileDialog.getOpenFileName(
            self.bench.parent, "Uitgecheckt bestand kiezen", str(default_folder()), "Databasebestand (*.db)"
        )
        return chosen

    def _ask_password(self, title: str, label: str) -> str:
        text, ok = QInputDialog.getText(self.bench.parent, title, label, QLineEdit.EchoMode.Password)
        return text if ok else ""


def summary(results: list[CheckIn]) -> str:
    """What a check-in did, per case, in Dutch."""
    lines = []
    for r in results:
        if r.status == "ingecheckt":
            fields = f"{len(r.taken)} {'veld' if len(r.taken) == 1 else 'velden'}"
            lines.append(f"{r.reference}: ingecheckt als versie {r.version} ({fields} van de laptop)")
        elif r.status == "ongewijzigd":
            lines.append(f"{r.reference}: niet gewijzigd op de laptop")
        elif r.status == "al_ingecheckt":
            lines.append(f"{r.reference}: al ingecheckt (versie {r.version})")
        else:
            lines.append(f"{r.reference}: conflict, niets ingecheckt")
        if r.not_taken:
            lines.append(f"  niet overgenomen (dat bepaalt de teamdatabase): {len(r.not_taken)} veld(en)")
    return "\n".join(lines)


class CheckInDialog(QDialog):
    """The conflicts of a check-in, per case and field, with a choice per field."""

    def __init__(self, parent: QWidget | None, results: list[CheckIn], case_of: Any) -> None:
        super().__init__(parent)
        self.setObjectName("checkInConflicts")
        self.setWindowTitle("Inchecken: velden op beide plaatsen gewijzigd")
        conflicting = [r for r in results if r.status == "conflict"]
        intro = QLabel(
            summary(results)
            + "\n\nDeze velden zijn zowel op de laptop als in de teamdatabase gewijzigd. Van "
            f"{'dit dossier' if len(conflicting) == 1 else 'deze dossiers'} is nog niets ingecheckt. "
            "Kies per veld welke waarde blijft; het bestand op de laptop houdt hoe dan ook zijn waarden."
        )
        intro.setWordWrap(True)
        self.intro = intro
        self.tree = QTreeWidget()
        self.tree.setObjectName("checkInFields")
        self.tree.setAccessibleName("Conflicten per veld: bij uitchecken, laptop, teamdatabase, keuze")
        self.tree.setHeaderLabels(["Veld", "Bij uitchecken", "Laptop", "Teamdatabase", "Keuze"])
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.combos: dict[str, QComboBox] = {}
        for result in conflicting:
            case = case_of(result.case_id)
            top = QTreeWidgetItem([f"Dossier {result.reference}"])
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for clash in result.conflicts:
                values = [shown(clash.base), shown(clash.mine), shown(clash.theirs)]
                row = QTreeWidgetItem([describe(clash.path, case), *values])
                for column, value in enumerate(values, start=1):
                    row.setToolTip(column, value)
                top.addChild(row)
                combo = QComboBox()
                combo.setAccessibleName(f"Keuze voor {describe(clash.path, case)} in {result.reference}")
                for value, label in KEEP:
                    combo.addItem(label, value)
                self.tree.setItemWidget(row, 4, combo)
                self.combos[f"{result.reference}:{clash.path}"] = combo
            top.setExpanded(True)
        buttons = QDialogButtonBox()
        go = buttons.addButton("Inchecken met deze keuzes", QDialogButtonBox.ButtonRole.AcceptRole)
        go.setObjectName("checkInWithChoices")
        buttons.addButton("Nu niet", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(1000, 460)

    def choices(self) -> dict[str, str]:
        """Per 'KENMERK:/pad' the choice made: 'team' or 'eigen'."""
        return {key: str(combo.currentData()) for key, combo in self.combos.items()}

"""Every menu action as a row of one table (the Picard action registry): id, Dutch label, shortcut,
menu, which controller method runs it, and when it is enabled (unlocked, a case open, a role).
The main window builds menus from this table; no action is wired by hand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from bibob_desk.domain.enums import Role
from bibob_desk.services.permissions import allowed


@dataclass(frozen=True)
class ActionSpec:
    id: str
    label: str
    menu: str
    handler: str  # "controller.method"
    shortcut: str = ""
    role: Role = Role.LEZER  # at least this role (beheerder: only the beheerder)
    needs_case: bool = False  # a case must be open
    locked_too: bool = False  # also while locked (quit, about)
    separator_before: bool = False
    team_only: bool = False  # only in a team database (PostgreSQL)


FILE, CASE, EXPORT, ADMIN, NETWORK, HELP = MENUS = (
    "&Bestand",
    "&Dossier",
    "E&xporteren",
    "B&eheer",
    "&Netwerk",
    "&Help",
)
V, J, B = Role.VERGUNNINGVERLENER, Role.JURIST, Role.BEHEERDER
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new_case", "Nieuw dossier…", FILE, "files.new_case", "Ctrl+N", role=V),
    ActionSpec("import", "Dossier importeren…", FILE, "files.import_case", "Ctrl+I", role=V),
    ActionSpec("deadlines", "Termijnen…", FILE, "files.show_deadlines", "Ctrl+T"),
    ActionSpec(
        "check_out",
        "Uitchecken naar dit apparaat…",
        FILE,
        "checkout.check_out",
        role=V,
        team_only=True,
        separator_before=True,
    ),
    ActionSpec("check_in", "Inchecken…", FILE, "checkout.check_in", role=V, team_only=True),
    ActionSpec("password", "Wachtwoord wijzigen…", FILE, "files.change_password", separator_before=True),
    ActionSpec("lock", "Vergrendelen", FILE, "files.lock", "Ctrl+L"),
    ActionSpec("quit", "Afsluiten", FILE, "files.quit", "Ctrl+Q", locked_too=True),
    ActionSpec("edit", "Bewerken", CASE, "cases.edit", "F2", role=V, needs_case=True),
    ActionSpec("undo", "Ongedaan maken", CASE, "cases.undo", "Ctrl+Z", role=V),
    ActionSpec("redo", "Opnieuw", CASE, "cases.redo", "Ctrl+Shift+Z", role=V),
    ActionSpec("assign", "Toewijzen…", CASE, "cases.assign", role=V, needs_case=True, separator_before=True),
    ActionSpec("close_case", "Dossier afsluiten…", CASE, "cases.close_case", role=V, needs_case=True),
    ActionSpec(
        "shield", "Afschermen of afscherming opheffen…", CASE, "cases.shield", role=V, needs_case=True
    ),
    ActionSpec("memo", "Memo of besluit (PDF)…", EXPORT, "exports.export_memo", "Ctrl+E", needs_case=True),
    ActionSpec(
        "approve", "Besluit goedkeuren (vier ogen)…", EXPORT, "exports.approve", role=J, needs_case=True
    ),
    ActionSpec("package", "LBB-pakket (ZIP)…", EXPORT, "exports.export_package", needs_case=True),
    ActionSpec("workbook", "Dossiers naar Excel…", EXPORT, "exports.export_workbook"),
    ActionSpec(
        "attach",
        "Bijlage toevoegen…",
        EXPORT,
        "exports.add_attachment",
        role=V,
        needs_case=True,
        separator_before=True,
    ),
    ActionSpec("add_user", "Gebruiker toevoegen…", ADMIN, "admin.add_user", role=B),
    ActionSpec("confirm", "Bevestigen (vier ogen)…", ADMIN, "admin.confirm", role=B),
    ActionSpec("backup", "Back-up maken…", ADMIN, "exports.backup", role=V),
    ActionSpec("restore", "Back-up terugzetten…", ADMIN, "exports.restore", role=B),
    ActionSpec("score_all", "Alle dossiers opnieuw beoordelen", ADMIN, "admin.score_all", role=V),
    ActionSpec("audit", "Logboek…", ADMIN, "admin.show_audit", role=B),
    ActionSpec("signals", "Signalenregister…", NETWORK, "admin.show_signals"),
    ActionSpec("scan", "Weerbaarheidsscan…", NETWORK, "admin.show_scan"),
    ActionSpec("manual", "Handleiding", HELP, "files.manual", "F1", locked_too=True),
    ActionSpec("about", "Over bibob-desk", HELP, "files.about", locked_too=True),
)


class ActionRegistry:
    """QActions and menus from the table; `update` enables them for the session's state."""

    def __init__(self, window: QMainWindow, resolve: Callable[[str], Callable[[], None]]) -> None:
        self.actions: dict[str, QAction] = {}
        self.specs = {spec.id: spec for spec in ACTIONS}
        menus = {name: window.menuBar().addMenu(name) for name in MENUS}
        for spec in ACTIONS:
            act = QAction(spec.label, window)
            act.setObjectName(f"action_{spec.id}")
            act.triggered.connect(lambda _checked=False, h=spec.handler: resolve(h)())
            if spec.separator_before:
                menus[spec.menu].addSeparator()
            menus[spec.menu].addAction(act)
            self.actions[spec.id] = act
        self.update(None, case_open=False)

    def set_shortcuts(self) -> None:
        """After the first paint: QKeySequence costs ~10 ms at start-up."""
        for spec in ACTIONS:
            if spec.shortcut:
                self.actions[spec.id].setShortcut(QKeySequence(spec.shortcut))

    def update(self, role: Role | None, *, case_open: bool, shared: bool = False) -> None:
        """role None: locked. `shared`: a team database (the team-only actions are shown)."""
        for spec in ACTIONS:
            if role is None:
                enabled = spec.locked_too
            else:
                enabled = allowed(role, spec.role) and (case_open or not spec.needs_case)
            self.actions[spec.id].setEnabled(enabled and (shared or not spec.team_only))
            if spec.team_only:
                self.actions[spec.id].setVisible(shared)

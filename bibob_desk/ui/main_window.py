"""Main window: assembles pages, menus and actions. Screens react to session and service events.

Start-up order (issue 8): the shell (lock screen, menus) is built and painted first; the work area
(case list, case panel, actions and their dialogs) is built right after the first paint, while the
user types the password, or at once when constructed with ``defer_work=False`` (tests, scripts).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (  # only what the lock screen needs: each Qt import costs start-up time
    QApplication,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.domain.errors import UserError
from bibob_desk.ui.idle import IdleLock
from bibob_desk.ui.session import AppSession
from bibob_desk.ui.unlock_page import FirstRunPage, UnlockPage

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSplitter

    from bibob_desk.ui.case_actions import CaseActions
    from bibob_desk.ui.case_list import CaseListWidget
    from bibob_desk.ui.case_view import CasePanel, CaseView
    from bibob_desk.ui.export_actions import ExportActions


STARTUP_PROBE = "BIBOB_DESK_STARTMETING"  # set: print the wall-clock time of the first paint, then quit


class MainWindow(QMainWindow):
    work_ready = Signal()
    _painted = False  # class defaults: event() runs during QMainWindow.__init__ already
    _work_built = False

    case_list: CaseListWidget
    case_panel: CasePanel
    case_view: CaseView
    work_page: QSplitter
    case_actions: CaseActions
    export_actions: ExportActions

    def __init__(self, session: AppSession, *, defer_work: bool = False) -> None:
        super().__init__()
        self.session = session
        self.setWindowTitle("bibob-desk")
        self.resize(1200, 760)
        self.unlock_page = UnlockPage(str(session.db_path))
        self.first_run_page = FirstRunPage(str(session.db_path))
        self.pages = QStackedWidget()
        for page in (self.unlock_page, self.first_run_page):
            self.pages.addWidget(page)
        self.reminder_banner = QLabel()
        self.reminder_banner.setObjectName("reminderBanner")
        self.reminder_banner.setStyleSheet("background: #fce8b2; padding: 6px;")
        self.reminder_banner.hide()
        self.backup_age = QLabel()
        self.backup_age.setObjectName("backupAge")
        self.statusBar().addPermanentWidget(self.backup_age)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.addWidget(self.reminder_banner)
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.idle = IdleLock(parent=self)  # watches input only while unlocked
        self._build_actions()
        self._connect()
        self._show_lock_screen()
        if not defer_work:
            self.ensure_work()

    def ensure_work(self) -> None:
        """Build the work area once: case list, case panel, their actions and connections."""
        if self._work_built:
            return
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QSplitter

        from bibob_desk.paths import resources_dir
        from bibob_desk.ui.case_actions import CaseActions
        from bibob_desk.ui.case_list import CaseListWidget
        from bibob_desk.ui.case_view import CasePanel
        from bibob_desk.ui.export_actions import ExportActions

        self._work_built = True
        QApplication.instance().setWindowIcon(QIcon(str(resources_dir() / "icons" / "bibob-desk.png")))
        for act, shortcut in self._shortcuts:
            act.setShortcut(QKeySequence(shortcut))
        self.case_list = CaseListWidget()
        self.case_panel = CasePanel()
        self.case_view = self.case_panel.view
        self.work_page = QSplitter()
        self.work_page.addWidget(self.case_list)
        self.work_page.addWidget(self.case_panel)
        self.work_page.setSizes([720, 480])
        self.pages.addWidget(self.work_page)
        self.case_actions = CaseActions(self)
        self.export_actions = ExportActions(self)
        self.case_list.case_activated.connect(self.case_actions.open_case)
        self.case_panel.form_requested.connect(self.case_actions.open_form)
        self.case_panel.risk.rescore_requested.connect(self.case_actions.rescore)
        self.case_panel.risk.override_requested.connect(self.case_actions.override)
        self.case_panel.timeline.event_requested.connect(self.case_actions.record_event)
        self.case_panel.timeline.stage_requested.connect(self.case_actions.change_stage)
        self.case_panel.attachments.add_requested.connect(self.export_actions.add_attachment)
        self.case_panel.network.judge_requested.connect(self.case_actions.judge_match)
        self.case_panel.network.graph_requested.connect(self.case_actions.show_graph)
        self.case_panel.overview.bar_selected.connect(self.case_actions.overview_bar)
        self.case_panel.overview.case_requested.connect(self.case_actions.open_case)
        self.case_actions.reminder.connect(self._on_case_actions_reminder)
        self.work_ready.emit()

    def _via(self, owner: str, method: str) -> Callable[[], None]:
        """A menu slot for an object of the work area, which may be built after the menus."""

        def slot() -> None:
            self.ensure_work()
            getattr(getattr(self, owner), method)()

        return slot

    def paintEvent(self, event: QPaintEvent) -> None:
        """After the first paint: build the work area and load the store stack in the background."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            if os.environ.get(STARTUP_PROBE):  # bench/run.py: time to the first painted window
                print(f"eerste-venster {time.time():.6f}", flush=True)
                QTimer.singleShot(0, QApplication.quit)
                return
            QTimer.singleShot(0, self.ensure_work)
            QTimer.singleShot(0, self.session.preload)

    # -- assembly -------------------------------------------------------------------------
    def _build_actions(self) -> None:
        def action(text: str, slot: Any, shortcut: str | None = None) -> QAction:
            act = QAction(text, self)
            if shortcut:  # set after the first paint (ensure_work): QKeySequence costs ~10 ms
                self._shortcuts.append((act, shortcut))
            act.triggered.connect(slot)
            return act

        self._shortcuts: list[tuple[QAction, str]] = []

        self.new_case_action = action("Nieuw dossier…", self._on_new_case_requested, "Ctrl+N")
        self.import_action = action("Dossier importeren…", self._on_import_requested, "Ctrl+I")
        self.lock_action = action("Vergrendelen", self.session.lock, "Ctrl+L")
        self.password_action = action("Wachtwoord wijzigen…", self._on_password_requested)
        self.quit_action = action("Afsluiten", self.close, "Ctrl+Q")
        self.about_action = action("Over bibob-desk", self._on_about_requested)
        self.add_user_action = action("Gebruiker toevoegen…", self._on_add_user_requested)
        self.deadlines_action = action("Termijnen…", self._via("case_actions", "show_deadlines"), "Ctrl+T")
        file_menu = self.menuBar().addMenu("&Bestand")
        for act in (self.new_case_action, self.import_action):
            file_menu.addAction(act)
        file_menu.addAction(self.deadlines_action)
        file_menu.addSeparator()
        file_menu.addAction(self.password_action)
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.quit_action)
        self.memo_action = action(
            "Memo of besluit (PDF)…", self._via("export_actions", "export_memo"), "Ctrl+E"
        )
        self.package_action = action("LBB-pakket (ZIP)…", self._via("export_actions", "export_package"))
        self.workbook_action = action("Dossiers naar Excel…", self._via("export_actions", "export_workbook"))
        self.attach_action = action("Bijlage toevoegen…", self._via("export_actions", "add_attachment"))
        self.approve_action = action(
            "Besluit goedkeuren (vier ogen)…", self._via("export_actions", "approve")
        )
        export_menu = self.menuBar().addMenu("E&xporteren")
        for act in (self.memo_action, self.approve_action, self.package_action, self.workbook_action):
            export_menu.addAction(act)
        export_menu.addSeparator()
        export_menu.addAction(self.attach_action)
        self.backup_action = action("Back-up maken…", self._via("export_actions", "backup"))
        self.audit_action = action("Logboek…", self._on_audit_requested)
        admin_menu = self.menuBar().addMenu("B&eheer")
        admin_menu.addAction(self.add_user_action)
        admin_menu.addAction(self.backup_action)
        admin_menu.addAction(self.audit_action)
        self.signals_action = action("Signalenregister…", self._on_signals_requested)
        self.scan_action = action("Weerbaarheidsscan…", self._on_scan_requested)
        network_menu = self.menuBar().addMenu("&Netwerk")
        network_menu.addAction(self.signals_action)
        network_menu.addAction(self.scan_action)
        self.menuBar().addMenu("&Help").addAction(self.about_action)
        self.session_actions = [
            self.new_case_action,
            self.import_action,
            self.lock_action,
            self.add_user_action,
            self.memo_action,
            self.package_action,
            self.workbook_action,
            self.attach_action,
            self.approve_action,
            self.backup_action,
            self.audit_action,
            self.password_action,
            self.signals_action,
            self.scan_action,
        ]

    def _connect(self) -> None:
        self.unlock_page.unlock_requested.connect(self.session.unlock)
        self.first_run_page.create_requested.connect(self.session.create)
        self.session.unlocked.connect(self._on_session_unlocked)
        self.session.locked.connect(self._on_session_locked)
        self.session.about_to_lock.connect(self._keep_drafts)
        self.session.unlock_failed.connect(self._on_session_unlock_failed)
        self.session.busy_changed.connect(self._on_session_busy_changed)
        self.session.damaged.connect(self._on_session_damaged)
        self.idle.idle.connect(self.session.lock)

    # -- session events ---------------------------------------------------------------------
    def _show_lock_screen(self) -> None:
        for act in self.session_actions:
            act.setEnabled(False)
        if self.session.database_exists():
            self.pages.setCurrentWidget(self.unlock_page)
            self.unlock_page.reset()
        else:
            self.pages.setCurrentWidget(self.first_run_page)
        self.statusBar().showMessage("Vergrendeld")

    def _on_session_unlocked(self) -> None:
        from bibob_desk.domain.enums import Role
        from bibob_desk.domain.labels import label

        self.ensure_work()
        ctx = self.session.context
        self.case_list.attach(ctx.cases)
        self.pages.setCurrentWidget(self.work_page)
        for act in self.session_actions:
            act.setEnabled(True)
        user = ctx.users.current
        self.add_user_action.setEnabled(user.role is Role.BEHEERDER)  # the service checks it too
        self.audit_action.setEnabled(user.role is Role.BEHEERDER)
        self.statusBar().showMessage(f"Aangemeld als {user.display_name} ({label(user.role)})")
        self.show_backup_age()
        self.idle.set_interval_ms(ctx.settings.idle_lock_minutes() * 60_000)
        self.idle.start()
        self.case_list.filter.setFocus()
        self.case_actions.check_reminders()
        self.case_panel.tabs.setCurrentWidget(self.case_panel.overview)
        self.case_actions.show_overview()
        self._offer_drafts()
        recovery_key = ctx.users.take_recovery_key()  # shown once, never stored
        if recovery_key:
            self._show_recovery_key(recovery_key)

    def _show_recovery_key(self, key: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setObjectName("recoveryKey")
        box.setWindowTitle("Herstelsleutel — één keer getoond")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(
            f"Herstelsleutel van deze database:\n\n{key}\n\n"
            "Schrijf of print deze sleutel en bewaar hem onder vier-ogenbeheer (bijv. in de kluis). "
            "Hij wordt niet bewaard en niet opnieuw getoond. Met de sleutel kan een vergeten wachtwoord "
            "worden vervangen (bibob-desk recover); zonder sleutel zijn de gegevens dan verloren."
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recovery_box = box
        box.open()

    def show_backup_age(self) -> None:
        """For the beheerder: how old the last backup is, in the status bar (permanent)."""
        from bibob_desk.domain.enums import Role

        ctx = self.session.context
        if ctx is None or ctx.users.current.role is not Role.BEHEERDER:
            self.backup_age.setText("")
            return
        days = ctx.backups.age_days()
        if days is None:
            text, colour = "Nog geen back-up gemaakt", "#a40000"
        else:
            text = "Laatste back-up: vandaag" if days == 0 else f"Laatste back-up: {days} dagen geleden"
            colour = "#a40000" if days > 7 else "#333"
        self.backup_age.setText(text)
        self.backup_age.setStyleSheet(f"color: {colour}; padding: 0 8px;")

    def _on_session_locked(self) -> None:
        """The lock wins over open dialogs; models and views are emptied."""
        from PySide6.QtWidgets import QDialog

        self.idle.stop()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        if self._work_built:
            self.case_list.clear()
            self.case_panel.show_placeholder()
            self.case_actions.forget()
            self.export_actions.dialog = None
        self.backup_age.setText("")
        self.reminder_banner.hide()
        clipboard = QApplication.clipboard()
        if clipboard is not None and clipboard.ownsClipboard():
            clipboard.clear()
        self._show_lock_screen()

    def _on_session_unlock_failed(self, message: str) -> None:
        page = self.unlock_page if self.session.database_exists() else self.first_run_page
        page.show_error(message)

    def _on_session_damaged(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.unlock_page.show_error(message)
        self.damaged_box = QMessageBox(QMessageBox.Icon.Critical, "bibob-desk", message, parent=self)
        self.damaged_box.open()

    def _on_session_busy_changed(self, busy: bool) -> None:
        for page in (self.unlock_page, self.first_run_page):
            page.set_busy(busy, "Bezig met ontgrendelen…")

    # -- user intents ------------------------------------------------------------------------
    def _on_case_actions_reminder(self, text: str) -> None:
        self.reminder_banner.setText(text)
        self.reminder_banner.setVisible(bool(text))

    def _on_new_case_requested(self) -> None:
        from bibob_desk.ui.new_case_dialog import NewCaseDialog

        ctx = self.session.context
        if ctx is None:
            return

        def submit(data: object) -> None:
            ctx.cases.create(data)

        self.new_case_dialog = NewCaseDialog(submit, self)
        self.new_case_dialog.accepted.connect(
            lambda: self.session.context is not None and self.case_list.model.reload()
        )
        self.new_case_dialog.open()

    def _keep_drafts(self) -> None:
        """At lock: what was typed in an open 'Nieuw dossier' is kept, encrypted, for after unlock."""
        dialog = getattr(self, "new_case_dialog", None)
        ctx = self.session.context
        if ctx is None or dialog is None or not dialog.isVisible():
            return
        draft = dialog.draft()
        if draft is not None:
            try:
                ctx.cases.save_draft("nieuw_dossier", draft)
            except UserError:
                pass  # the lock wins; nothing else is at stake

    def _offer_drafts(self) -> None:
        ctx = self.session.context
        draft = ctx.cases.take_draft("nieuw_dossier") if ctx is not None else None
        if draft is not None:
            self._on_new_case_requested()
            self.new_case_dialog.restore(draft)

    def _on_import_requested(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        ctx = self.session.context
        if ctx is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, "Dossier importeren", "", "Dossier (*.json)")
        if not path or self.session.context is None:
            return
        try:
            outcome = ctx.cases.import_file(Path(path))
        except UserError as error:
            details = "\n".join(str(e) for e in getattr(error, "errors", [])[:20])
            QMessageBox.warning(self, "Import geweigerd", f"{error}\n\n{details}".strip())
            return
        note = f"\n{len(outcome.warnings)} onbekende velden zijn niet opgeslagen." if outcome.warnings else ""
        QMessageBox.information(self, "Import", f"Dossier {outcome.reference} geïmporteerd.{note}")
        self.case_list.model.reload()

    def _on_add_user_requested(self) -> None:
        from bibob_desk.ui.user_dialog import AddUserDialog

        ctx = self.session.context
        if ctx is None:
            return
        AddUserDialog(ctx.users.add_user, self).exec()

    def _on_password_requested(self) -> None:
        from bibob_desk.ui.user_dialog import ChangePasswordDialog

        ctx = self.session.context
        if ctx is None:
            return
        self.password_dialog = ChangePasswordDialog(ctx.users.change_password, self)
        self.password_dialog.accepted.connect(
            lambda: self.statusBar().showMessage("Wachtwoord gewijzigd.", 8000)
        )
        self.password_dialog.open()

    def _on_audit_requested(self) -> None:
        from bibob_desk.ui.audit_dialog import AuditDialog

        ctx = self.session.context
        if ctx is None:
            return
        self.audit_dialog = AuditDialog(ctx, self)
        self.audit_dialog.open()

    def _on_signals_requested(self) -> None:
        from bibob_desk.ui.signals_dialog import SignalsDialog

        ctx = self.session.context
        if ctx is None:
            return
        self.signals_dialog = SignalsDialog(ctx.signals.active, ctx.signals.add, self)
        self.signals_dialog.open()

    def _on_scan_requested(self) -> None:
        from bibob_desk.ui.scan_dialog import ScanDialog

        ctx = self.session.context
        if ctx is None:
            return
        try:
            form, _ = ctx.resilience.definition()
        except UserError as error:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "bibob-desk", str(error))
            return
        self.scan_dialog = ScanDialog(form, ctx.resilience, ctx.exports, self)
        self.scan_dialog.open()

    def _on_about_requested(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from bibob_desk import __version__

        QMessageBox.about(
            self, "Over bibob-desk", f"bibob-desk {__version__}\nVertrouwelijk – art. 28 Wet Bibob"
        )

    def closeEvent(self, event: Any) -> None:
        self.session.lock()
        super().closeEvent(event)

"""Main window: only assembles. Pages (lock screen, first run, work area), menus from the action
table (ui/actions.py), the controllers behind them, and the session's events. Screens refresh
themselves from the change hub and the current case (ui/events.py); the window never does it.

Start-up order (issue 8): the shell (lock screen, menus) is built and painted first; the work area
is built right after the first paint, while the user types the password, or at once when
constructed with ``defer_work=False`` (tests, scripts).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (  # only what the lock screen needs: each Qt import costs start-up time
    QApplication,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.ui.actions import ActionRegistry
from bibob_desk.ui.events import CaseSelection, ChangeHub
from bibob_desk.ui.idle import IdleLock
from bibob_desk.ui.os_lock import OsLockMixin, OsLockWatcher, clear_clipboard_at_lock
from bibob_desk.ui.session import AppSession
from bibob_desk.ui.status import BackupAge, ReminderBanner, RunnerStatus
from bibob_desk.ui.unlock_page import FirstRunPage, UnlockPage

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSplitter

    from bibob_desk.ui.admin_actions import AdminActions
    from bibob_desk.ui.case_actions import CaseActions
    from bibob_desk.ui.case_list import CaseListWidget
    from bibob_desk.ui.case_view import CasePanel, CaseView
    from bibob_desk.ui.export_actions import ExportActions
    from bibob_desk.ui.file_actions import FileActions
    from bibob_desk.ui.workbench import Workbench


STARTUP_PROBE = "BIBOB_DESK_STARTMETING"  # set: print the wall-clock time of the first paint, then quit


class MainWindow(OsLockMixin, QMainWindow):
    work_ready = Signal()
    _painted = False  # class defaults: event() runs during QMainWindow.__init__ already
    _work_built = False

    case_list: CaseListWidget
    case_panel: CasePanel
    case_view: CaseView
    work_page: QSplitter
    bench: Workbench
    files: FileActions
    case_actions: CaseActions
    export_actions: ExportActions
    admin_actions: AdminActions

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
        self.hub, self.selection = ChangeHub(self), CaseSelection(self)
        self.reminder_banner, self.backup_age = ReminderBanner(), BackupAge()
        self.runner_status = RunnerStatus(session.runner)
        self.statusBar().addPermanentWidget(self.runner_status)
        self.statusBar().addPermanentWidget(self.backup_age)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.addWidget(self.reminder_banner)
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.idle = IdleLock(parent=self)  # watches input only while unlocked
        self.registry = ActionRegistry(self, self._resolve)
        for action_id, act in self.registry.actions.items():
            setattr(self, f"{action_id}_action", act)
        self._connect()
        self._show_lock_screen()
        if not defer_work:
            self.ensure_work()

    def ensure_work(self) -> None:
        """Build the work area once: case list, case panel, the controllers, and bind them."""
        if self._work_built:
            return
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QMessageBox, QSplitter

        from bibob_desk.paths import resources_dir
        from bibob_desk.ui.admin_actions import AdminActions
        from bibob_desk.ui.case_actions import CaseActions
        from bibob_desk.ui.case_list import CaseListWidget
        from bibob_desk.ui.case_view import CasePanel
        from bibob_desk.ui.checkout_actions import CheckoutActions
        from bibob_desk.ui.colleagues import ColleagueWatch
        from bibob_desk.ui.edit_history import EditHistory
        from bibob_desk.ui.export_actions import ExportActions
        from bibob_desk.ui.file_actions import FileActions
        from bibob_desk.ui.workbench import Workbench

        self._work_built = True
        QApplication.instance().setWindowIcon(QIcon(str(resources_dir() / "icons" / "bibob-desk.png")))
        self.registry.set_shortcuts()
        self.case_list, self.case_panel = CaseListWidget(), CasePanel()
        self.case_view = self.case_panel.view
        self.work_page = QSplitter()
        self.work_page.addWidget(self.case_list)
        self.work_page.addWidget(self.case_panel)
        self.work_page.setSizes([540, 740])  # the case panel has eight tabs and the editors
        self.pages.addWidget(self.work_page)
        self.bench = Workbench(
            session=self.session,
            hub=self.hub,
            selection=self.selection,
            parent=self,
            selected_case_ids=self.case_list.selected_case_ids,
            status=lambda text: self.statusBar().showMessage(text, 8000),
            edits=EditHistory(self.session, lambda text: QMessageBox.warning(self, "bibob-desk", text)),
        )
        self.files, self.case_actions = FileActions(self.bench), CaseActions(self.bench)
        self.export_actions, self.admin_actions = ExportActions(self.bench), AdminActions(self.bench)
        self.checkout_actions = CheckoutActions(self.bench)
        for widget in (self.case_panel, self.reminder_banner, self.backup_age):
            widget.bind(self.bench)
        self.colleague_watch = ColleagueWatch(self.bench)  # a team database: colleagues' saves
        self._connect_work()
        self.work_ready.emit()

    def _connect_work(self) -> None:
        panel, cases = self.case_panel, self.case_actions
        self.case_list.case_activated.connect(self.selection.select)
        self.hub.changed.connect(self.case_list.on_changed)
        panel.forms.form_requested.connect(cases.open_form)
        panel.risk.rescore_requested.connect(cases.rescore)
        panel.risk.override_requested.connect(cases.override)
        panel.risk.withdraw_override_requested.connect(cases.withdraw_override)
        panel.timeline.event_requested.connect(cases.record_event)
        panel.timeline.stage_requested.connect(cases.change_stage)
        panel.attachments.add_requested.connect(self.export_actions.add_attachment)
        panel.attachments.open_requested.connect(self.export_actions.open_attachment)
        panel.attachments.withdraw_requested.connect(self.export_actions.withdraw_attachment)
        panel.network.judge_requested.connect(cases.judge_match)
        panel.network.graph_requested.connect(cases.show_graph)
        panel.history.revert_requested.connect(cases.revert_to)
        panel.timeline.withdraw_requested.connect(cases.withdraw_event)
        panel.view.edit_requested.connect(cases.edit)
        cases.edit_requested.connect(panel.show_editor)
        self.selection.case_changed.connect(lambda _id: self._update_actions())

    def _resolve(self, handler: str) -> Callable[[], None]:
        """The controller method of an action row; the work area may be built after the menus."""
        self.ensure_work()
        owner, method = handler.split(".")
        controllers = {
            "files": self.files,
            "cases": self.case_actions,
            "exports": self.export_actions,
            "admin": self.admin_actions,
            "checkout": self.checkout_actions,
        }
        return getattr(controllers[owner], method)

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
            QTimer.singleShot(0, lambda: self.watch_os_lock(OsLockWatcher(self)))  # T22, after first paint

    def _connect(self) -> None:
        self.unlock_page.unlock_requested.connect(self.session.unlock)
        self.first_run_page.create_requested.connect(self.session.create)
        self.session.unlocked.connect(self._on_session_unlocked)
        self.session.locked.connect(self._on_session_locked)
        self.session.unlock_failed.connect(self._on_session_unlock_failed)
        self.session.own_password_needed.connect(self.unlock_page.ask_own_password)
        self.session.older_copy_found.connect(self.unlock_page.offer_older_copy)
        self.session.busy_changed.connect(self._on_session_busy_changed)
        self.session.damaged.connect(self._on_session_damaged)
        self.session.runner.failed.connect(self._on_runner_failed)
        self.idle.idle.connect(self.session.lock)
        self.idle.lock_requested.connect(lambda: QTimer.singleShot(0, self.session.lock))

    # -- session events ---------------------------------------------------------------------
    def _update_actions(self) -> None:
        ctx = self.session.context
        role = ctx.users.current.role if ctx is not None else None
        shared = ctx is not None and ctx.colleagues.shared
        self.registry.update(role, case_open=self.selection.case_id is not None, shared=shared)

    def _show_lock_screen(self) -> None:
        self._update_actions()
        if self.session.database_exists():
            self.pages.setCurrentWidget(self.unlock_page)
            self.unlock_page.reset()
        else:
            self.pages.setCurrentWidget(self.first_run_page)
        self.statusBar().showMessage("Vergrendeld")

    def _on_session_unlocked(self) -> None:
        from bibob_desk.domain.labels import label

        self.ensure_work()
        ctx = self.session.context
        assert ctx is not None
        self.hub.listen_to(ctx.changes)
        self.case_list.attach(ctx.cases, ctx)
        self.pages.setCurrentWidget(self.work_page)
        self._update_actions()
        user = ctx.users.current
        self.statusBar().showMessage(f"Aangemeld als {user.display_name} ({label(user.role)})")
        self.idle.set_interval_ms(ctx.settings.idle_lock_minutes() * 60_000)
        self.idle.start()
        self.case_list.filter.setFocus()
        self.colleague_watch.start()
        if ctx.maintenance.clock_warning:  # T28
            self.statusBar().showMessage(ctx.maintenance.clock_warning)
        recovery_key = ctx.users.take_recovery_key()  # shown once, never stored
        if recovery_key:
            self._show_recovery_key(recovery_key, ctx.users.org_fingerprint)

    def _show_recovery_key(self, key: str, fingerprint: str = "") -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setObjectName("recoveryKey")
        box.setWindowTitle("Herstelsleutel — één keer getoond")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(
            f"Herstelsleutel van deze database:\n\n{key}\n\n"
            + (f"Vingerafdruk organisatiesleutel: {fingerprint}\n\n" if fingerprint else "")
            + "Schrijf of print deze sleutel en bewaar hem onder vier-ogenbeheer (bijv. in de kluis). "
            "Hij wordt niet bewaard en niet opnieuw getoond. Met de sleutel kan een vergeten wachtwoord "
            "worden vervangen (bibob-desk recover); zonder sleutel zijn de gegevens dan verloren."
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recovery_box = box
        box.open()

    def _on_session_locked(self) -> None:
        """The lock wins over open dialogs; models and views are emptied."""
        from PySide6.QtWidgets import QDialog

        self.idle.stop()
        self.hub.listen_to(None)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.setProperty("closingForLock", True)  # typed work was kept as a draft: no question
                widget.reject()
        if self._work_built:
            self.selection.clear()
            self.case_list.clear()
        clear_clipboard_at_lock()
        self._show_lock_screen()

    def _on_session_unlock_failed(self, message: str) -> None:
        page = self.unlock_page if self.session.database_exists() else self.first_run_page
        page.show_error(message)

    def _on_session_damaged(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.unlock_page.show_error(message)
        self.damaged_box = QMessageBox(QMessageBox.Icon.Critical, "bibob-desk", message, parent=self)
        self.damaged_box.open()

    def _on_runner_failed(self, title: str, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.failed_box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self)
        self.failed_box.open()

    def _on_session_busy_changed(self, busy: bool) -> None:
        for page in (self.unlock_page, self.first_run_page):
            page.set_busy(busy, "Bezig met ontgrendelen…")

    def closeEvent(self, event: Any) -> None:
        self.session.lock()
        super().closeEvent(event)

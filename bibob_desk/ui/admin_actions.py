"""Menus Beheer and Netwerk: users, the audit log, re-scoring every case (on the runner, with
progress and cancel), the signals register and the weerbaarheidsscan."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

from bibob_desk.domain.errors import UserError
from bibob_desk.ui.runner import Operation, Progress
from bibob_desk.ui.workbench import Workbench


class AdminActions(QObject):
    def __init__(self, bench: Workbench) -> None:
        super().__init__(bench.parent)
        self.bench = bench
        self.dialog: QDialog | None = None

    def add_user(self) -> None:
        from bibob_desk.ui.user_dialog import AddUserDialog

        ctx = self.bench.context
        if ctx is not None:
            self.dialog = AddUserDialog(ctx.users.add_user, self.bench.parent)
            self.dialog.open()

    def confirm(self) -> None:
        from bibob_desk.ui.user_dialog import ConfirmDialog

        ctx = self.bench.context
        if ctx is not None:
            self.dialog = ConfirmDialog(ctx.users, ctx.settings, self.bench.parent)
            self.dialog.open()

    def show_audit(self) -> None:
        from bibob_desk.ui.audit_dialog import AuditDialog

        ctx = self.bench.context
        if ctx is not None:
            self.dialog = AuditDialog(ctx, self.bench.parent)
            self.dialog.open()

    def show_signals(self) -> None:
        from bibob_desk.ui.signals_dialog import SignalsDialog

        ctx = self.bench.context
        if ctx is not None:
            self.dialog = SignalsDialog(
                ctx.signals.register, ctx.signals.add, self.bench.parent, withdraw=ctx.signals.withdraw
            )
            self.dialog.open()

    def show_scan(self) -> None:
        from bibob_desk.ui.scan_dialog import ScanDialog

        ctx = self.bench.context
        if ctx is None:
            return
        try:
            form, _ = ctx.resilience.definition()
        except UserError as error:
            self.bench.warn(str(error))
            return
        self.dialog = ScanDialog(form, ctx.resilience, ctx.exports, self.bench.parent)
        self.dialog.threat_count = ctx.overview.intimidation  # the reporting theme links to these signals
        self.dialog.open()

    def score_all(self) -> None:
        """Every case scored again with the current catalogue; progress and 'Annuleren' in the status bar."""
        ctx = self.bench.context
        if ctx is None:
            return

        def work(progress: Progress) -> int:
            return ctx.risk.score_all(progress.step)

        def done(count: Any) -> None:
            self.bench.status(f"{count} dossiers opnieuw beoordeeld.")

        self.bench.run(Operation("Alle dossiers beoordelen", work, done, writes=True))

"""Menu Bestand and Help: new case (with its draft at lock), import, the deadlines overview,
password, lock, quit, about. Slow work (import, the overview) runs on the runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from bibob_desk.domain.errors import UserError
from bibob_desk.ui.runner import Operation
from bibob_desk.ui.workbench import Workbench

DRAFT = "nieuw_dossier"
DRAFT_DELAY_MS = 3000


class FileActions(QObject):
    def __init__(self, bench: Workbench) -> None:
        super().__init__(bench.parent)
        self.bench = bench
        self.dialog: QDialog | None = None
        self.new_case_dialog: Any = None
        self.manual_window: Any = None
        self.ask_import_path = self._ask_import_path
        bench.session.about_to_lock.connect(self.keep_drafts)
        bench.session.unlocked.connect(self.offer_drafts)
        # T12: a few seconds after typing stops, the input is kept as an encrypted draft too, so a
        # crash or a killed process loses at most those seconds
        self.draft_timer = QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_DELAY_MS)
        self.draft_timer.timeout.connect(self.keep_drafts)
        self.drafts_kept = 0  # how many were written (the crash test waits for one)

    def new_case(self) -> None:
        from bibob_desk.ui.new_case_dialog import NewCaseDialog

        ctx = self.bench.context
        if ctx is None:
            return

        def submit(data: Any) -> None:
            changes = ctx.cases.create(data)  # the list refreshes from the change it reports
            self.bench.selection.select(changes.cases[0])  # and the new case opens at once
            self.bench.status(changes.messages[0])

        self.new_case_dialog = NewCaseDialog(submit, self.bench.parent)
        self.new_case_dialog.changed.connect(self.draft_timer.start)
        self.new_case_dialog.finished.connect(self._drop_draft)
        self.new_case_dialog.open()

    def keep_drafts(self) -> None:
        """At lock: what was typed in an open 'Nieuw dossier' is kept, encrypted, for after unlock."""
        dialog, ctx = self.new_case_dialog, self.bench.context
        if ctx is None or dialog is None or not dialog.isVisible():
            return
        draft = dialog.draft()
        if draft is not None:
            try:
                ctx.cases.save_draft(DRAFT, draft)
                self.drafts_kept += 1
            except UserError:
                pass  # the lock wins; nothing else is at stake

    def _drop_draft(self, _result: int) -> None:
        """Created or deliberately cancelled: a draft kept meanwhile is no longer wanted (not at lock:
        then it is what is offered after unlock)."""
        self.draft_timer.stop()
        dialog, ctx = self.new_case_dialog, self.bench.context
        if ctx is None or dialog is None or dialog.property("closingForLock"):
            return
        try:
            ctx.cases.take_draft(DRAFT)
        except UserError:
            pass

    def offer_drafts(self) -> None:
        ctx = self.bench.context
        draft = ctx.cases.take_draft(DRAFT) if ctx is not None else None
        if draft is not None:
            self.new_case()
            self.new_case_dialog.restore(draft)

    def _ask_import_path(self) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(
            self.bench.parent, "Dossiers importeren", "", "Dossier (*.json)"
        )
        return paths

    def import_case(self) -> None:
        """One file as before; several (a selection in the dialog) in one background operation
        with progress, in batches (issue 18); refused files are named, the others imported."""
        ctx = self.bench.context
        if ctx is None:
            return
        chosen = self.ask_import_path()
        paths = [chosen] if isinstance(chosen, str) else list(chosen)
        paths = [p for p in paths if p]
        if not paths or self.bench.context is not ctx:
            return
        if len(paths) > 1:
            self._import_many(ctx, [Path(p) for p in paths])
            return
        path = paths[0]

        def done(outcome: Any) -> None:
            note = (
                f"\n{len(outcome.warnings)} onbekende velden zijn niet opgeslagen."
                if outcome.warnings
                else ""
            )
            QMessageBox.information(
                self.bench.parent, "Import", f"Dossier {outcome.reference} geïmporteerd.{note}"
            )

        def work(_progress: object) -> Any:
            try:
                return ctx.cases.import_file(Path(path))
            except UserError as error:
                details = "\n".join(str(e) for e in getattr(error, "errors", [])[:20])
                raise UserError(f"Import geweigerd: {error}\n\n{details}".strip()) from None

        self.bench.run(Operation("Dossier importeren", work, done, writes=True))

    def _import_many(self, ctx: Any, paths: list[Path]) -> None:
        def done(bulk: Any) -> None:
            text = f"{len(bulk.imported)} dossier(s) geïmporteerd."
            if bulk.refused:
                listed = "\n".join(f"• {name}: {reason}" for name, reason in bulk.refused[:15])
                more = f"\n… en nog {len(bulk.refused) - 15}" if len(bulk.refused) > 15 else ""
                text += f"\n\n{len(bulk.refused)} bestand(en) niet geïmporteerd:\n{listed}{more}"
            QMessageBox.information(self.bench.parent, "Import", text)

        self.bench.run(
            Operation(
                f"{len(paths)} dossiers importeren",
                lambda progress: ctx.cases.import_files(paths, progress.step),
                done,
                writes=True,
            )
        )

    def show_deadlines(self) -> None:
        from bibob_desk.ui.timeline_panel import DeadlinesDialog

        ctx = self.bench.context
        if ctx is None:
            return

        def show(listing: Any) -> None:
            self.dialog = DeadlinesDialog(listing, ctx.workflow.today(), self.bench.parent)
            self.dialog.case_requested.connect(self.bench.selection.select)
            self.dialog.open()

        self.bench.run(Operation("Termijnen berekenen", lambda _p: ctx.workflow.open_deadlines(), show))

    def change_password(self) -> None:
        from bibob_desk.ui.user_dialog import ChangePasswordDialog

        ctx = self.bench.context
        if ctx is None:
            return
        self.dialog = ChangePasswordDialog(ctx.users.change_password, self.bench.parent)
        self.dialog.accepted.connect(lambda: self.bench.status("Wachtwoord gewijzigd."))
        self.dialog.open()

    def lock(self) -> None:
        self.bench.session.lock()

    def quit(self) -> None:
        self.bench.parent.close()

    def about(self) -> None:
        from bibob_desk import __version__

        QMessageBox.about(
            self.bench.parent,
            "Over bibob-desk",
            f"bibob-desk {__version__}\nVertrouwelijk – art. 28 Wet Bibob",
        )

    def manual(self) -> None:
        """Help → Handleiding (F1): the manual, at the part about the screen in front."""
        from bibob_desk.ui.manual import SCREENS, ManualWindow, screen_of

        if self.manual_window is None:
            self.manual_window = ManualWindow(self.bench.parent)
        self.manual_window.show()  # first shown: the text is laid out at the window's width
        self.manual_window.raise_()
        self.manual_window.show_section(SCREENS.get(screen_of(self.bench.parent), SCREENS["Lijst"]))

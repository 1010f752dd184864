"""What the user exports from the open case or the selection, and the attachments of the case."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.ui.export_dialogs import (
    AttachmentDialog,
    MemoDialog,
    PackageDialog,
    WorkbookDialog,
    busy,
    default_folder,
    done_box,
    open_folder,
    size_text,
)

if TYPE_CHECKING:
    from bibob_desk.ui.main_window import MainWindow


class ExportActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: QDialog | None = None
        self.opener = open_folder
        self.ask_save_path = self._ask_save_path
        self.ask_decision = self._ask_decision

    def _ask_decision(self) -> str:
        choices = {
            "Besluit tot weigering": "weigering",
            "Besluit tot intrekking": "intrekking",
            "Besluit met voorschriften": "voorschriften",
        }
        text, ok = QInputDialog.getItem(
            self.window, "Besluit goedkeuren", "Welk besluit keurt u goed?", list(choices), 0, False
        )
        return choices[text] if ok else ""

    def approve(self) -> None:
        """Four eyes: a second jurist approves the decision as it stands now."""
        ctx, case_id = self._current()
        if ctx is None or case_id is None:
            return
        kind = self.ask_decision()
        if not kind:
            return
        try:
            ctx.exports.approve(case_id, kind)
        except UserError as error:
            QMessageBox.warning(self.window, "bibob-desk", str(error))
            return
        QMessageBox.information(
            self.window,
            "Goedgekeurd",
            "Het besluit is goedgekeurd zoals het nu is. Wijzigt de beoordeling of een voorschrift, "
            "dan is een nieuwe goedkeuring nodig.",
        )

    def _ask_save_path(self, suggestion: Path) -> str:
        chosen, _ = QFileDialog.getSaveFileName(self.window, "Back-up opslaan als", str(suggestion), "*.zip")
        return chosen

    def backup(self) -> None:
        ctx = self.window.session.context
        if ctx is None:
            return
        chosen = self.ask_save_path(default_folder() / f"bibob-desk-backup-{date.today():%Y%m%d}.zip")
        if not chosen:
            return
        progress = busy(self.window, "Back-up maken…")
        try:
            info = ctx.backups.backup(Path(chosen))
        except UserError as error:
            QMessageBox.warning(self.window, "bibob-desk", str(error))
            return
        finally:
            progress.close()
        self.window.show_backup_age()
        self.done_message = done_box(
            self.window,
            f"Back-up geschreven: {info.path.name} ({size_text(info.size)}).\n"
            "Bewaar haar op een andere schijf; zonder wachtwoord is ze onleesbaar.",
            info.path.parent,
            self.opener,
        )

    def _current(self) -> tuple[Any, str | None]:
        ctx, case_id = self.window.session.context, self.window.case_view.current_case_id
        if ctx is not None and case_id is None:
            QMessageBox.information(self.window, "bibob-desk", "Kies eerst een dossier in de lijst.")
        return ctx, case_id

    def _reference(self, ctx: Any, case_id: str) -> str:
        return ctx.cases.open_case(case_id).reference

    def export_memo(self) -> None:
        ctx, case_id = self._current()
        if ctx is None or case_id is None:
            return

        def submit(v: dict[str, Any]):
            return ctx.exports.memo(
                case_id, v["kind"], v["target"], recipient=v["recipient"], purpose=v["purpose"]
            )

        self.dialog = MemoDialog(
            self._reference(ctx, case_id),
            submit,
            lambda kind: ctx.exports.memo_preview(case_id, kind),
            self.window,
        )
        self.dialog.open()

    def export_package(self) -> None:
        ctx, case_id = self._current()
        if ctx is None or case_id is None:
            return

        def submit(v: dict[str, Any]):
            return ctx.exports.lbb_package(
                case_id, v["target"], encrypt=v["encrypt"], recipient=v["recipient"], purpose=v["purpose"]
            )

        self.dialog = PackageDialog(self._reference(ctx, case_id), submit, self.window)
        self.dialog.open()

    def export_workbook(self) -> None:
        ctx = self.window.session.context
        if ctx is None:
            return
        selected = self.window.case_list.selected_case_ids()
        may_full = ctx.users.current.role in (Role.JURIST, Role.BEHEERDER)

        def submit(v: dict[str, Any]):
            return ctx.exports.workbook(
                selected or None,
                v["target"],
                profile=v["profile"],
                recipient=v["recipient"],
                purpose=v["purpose"],
            )

        self.dialog = WorkbookDialog(len(selected), may_full, submit, self.window)
        self.dialog.open()

    def show_attachments(self, case_id: str) -> None:
        ctx = self.window.session.context
        if ctx is None:
            return
        try:
            checklist, files = ctx.attachments.checklist(case_id), ctx.attachments.attachments(case_id)
        except UserError as error:
            QMessageBox.warning(self.window, "bibob-desk", str(error))
            return
        self.window.case_panel.attachments.show_attachments(checklist, files)

    def add_attachment(self) -> None:
        ctx, case_id = self._current()
        if ctx is None or case_id is None:
            return

        def submit(path, type_id, source, received):
            return ctx.attachments.add_file(case_id, path, type_id=type_id, source=source, received=received)

        self.dialog = AttachmentDialog(ctx.attachments.checklist(case_id), submit, self.window)
        self.dialog.accepted.connect(lambda: self._after_intake(case_id))
        self.dialog.open()

    def _after_intake(self, case_id: str) -> None:
        verdict = getattr(self.dialog, "verdict", None)
        self.show_attachments(case_id)
        if verdict is not None and verdict.status == "quarantaine":
            QMessageBox.warning(
                self.window,
                "Bijlage in quarantaine",
                f"De bijlage is bewaard maar in quarantaine gezet: {verdict.reason}. "
                "Ze gaat niet mee in exports. Vraag de aanvrager om een veilige versie.",
            )

"""What the user exports from the open case or the selection, the attachments, four-eyes approval,
backup and restore. The writing runs on the runner (never on the GUI thread); results come back as
a 'Gereed' box with 'Map openen'."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit, QMessageBox

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.ui.export_dialogs import (
    AttachmentDialog,
    MemoDialog,
    PackageDialog,
    WorkbookDialog,
    default_folder,
    done_box,
    open_folder,
    size_text,
)
from bibob_desk.ui.runner import Operation
from bibob_desk.ui.widgets import ask_text
from bibob_desk.ui.workbench import Workbench


class ExportActions(QObject):
    def __init__(self, bench: Workbench) -> None:
        super().__init__(bench.parent)
        self.bench = bench
        self.dialog: QDialog | None = None
        self.opener = open_folder
        self.ask_save_path: Callable[[Path], str] = self._ask_save_path
        self.ask_open_path: Callable[[str], str] = self._ask_open_path
        self.ask_password: Callable[[], str] = self._ask_password
        self.ask_decision: Callable[[], str] = self._ask_decision
        self.confirm_approval: Callable[[list[str]], bool] = self._confirm_approval
        self.ask_reason: Callable[[str], str] = self._ask_reason
        bench.session.locked.connect(self.forget)

    def forget(self) -> None:
        self.dialog = None

    # -- questions (replaceable in tests) ------------------------------------------------------
    def _confirm_approval(self, lines: list[str]) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question, "Besluit goedkeuren (vier ogen)", "", parent=self.bench.parent
        )
        box.setText("U keurt goed:\n\n" + "\n".join(lines))
        box.setInformativeText(
            "Wijzigt hierna de beoordeling of een voorschrift, dan is een nieuwe goedkeuring nodig."
        )
        yes = box.addButton("Goedkeuren", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Annuleren", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes

    def _ask_decision(self) -> str:
        ctx = self.bench.context
        choices = {label: kind for kind, label in ctx.exports.decision_kinds()} if ctx else {}
        text, ok = QInputDialog.getItem(
            self.bench.parent, "Besluit goedkeuren", "Welk besluit keurt u goed?", list(choices), 0, False
        )
        return choices.get(text, "") if ok else ""

    def _ask_save_path(self, suggestion: Path) -> str:
        chosen, _ = QFileDialog.getSaveFileName(
            self.bench.parent, "Opslaan als", str(suggestion), "*.zip *.db"
        )
        return chosen

    def _ask_open_path(self, caption: str) -> str:
        chosen, _ = QFileDialog.getOpenFileName(self.bench.parent, caption, str(default_folder()), "*.zip")
        return chosen

    def _ask_password(self) -> str:
        text, ok = QInputDialog.getText(
            self.bench.parent,
            "Back-up terugzetten",
            "Uw wachtwoord (de teruggezette database opent met de wachtwoorden van toen):",
            QLineEdit.EchoMode.Password,
        )
        return text if ok else ""

    def _current(self) -> tuple[Any, str | None]:
        ctx, case_id = self.bench.context, self.bench.selection.case_id
        if ctx is not None and case_id is None:
            QMessageBox.information(self.bench.parent, "bibob-desk", "Kies eerst een dossier in de lijst.")
        return ctx, case_id

    def _done(self, text: str, folder: Path) -> None:
        self.done_message = done_box(self.bench.parent, text, folder, self.opener)

    # -- four eyes -----------------------------------------------------------------------------
    def approve(self) -> None:
        """Four eyes: a second jurist approves the decision as it stands now."""
        ctx, case_id = self._current()
        if ctx is None or case_id is None:
            return
        kind = self.ask_decision()
        if not kind:
            return
        try:  # P3: the jurist sees what he approves before he approves it
            summary = ctx.exports.approval_summary(case_id, kind)
            if not self.confirm_approval(summary.lines()):
                return
            ctx.exports.approve(case_id, kind)
        except UserError as error:
            self.bench.warn(str(error))
            return
        QMessageBox.information(
            self.bench.parent,
            "Goedgekeurd",
            "Het besluit is goedgekeurd zoals het nu is. Wijzigt de beoordeling of een voorschrift, "
            "dan is een nieuwe goedkeuring nodig.",
        )

    # -- backup and restore --------------------------------------------------------------------
    def backup(self) -> None:
        ctx = self.bench.context
        if ctx is None:
            return
        chosen = self.ask_save_path(default_folder() / f"bibob-desk-backup-{date.today():%Y%m%d}.zip")
        if not chosen:
            return

        def done(info: Any) -> None:
            self._done(
                f"Back-up geschreven: {info.path.name} ({size_text(info.size)}).\n"
                "Bewaar haar op een andere schijf; zonder wachtwoord is ze onleesbaar.",
                info.path.parent,
            )

        self.bench.run(
            Operation("Back-up maken", lambda _p: ctx.backups.backup(Path(chosen)), done, writes=True)
        )

    def restore(self) -> None:
        """A backup restored next to it, to a new place, accepted only after the full check."""
        ctx = self.bench.context
        if ctx is None:
            return
        archive = self.ask_open_path("Back-up kiezen")
        if not archive:
            return
        target = self.ask_save_path(default_folder() / "bibob-desk-teruggezet" / "bibob-desk.db")
        if not target:
            return
        password = self.ask_password()
        if not password:
            return
        username = ctx.users.current.username

        def work(_progress: object) -> Any:
            try:
                Path(target).parent.mkdir(parents=True, exist_ok=True)  # a new folder for the copy
            except OSError:
                raise UserError("De map voor de teruggezette database kan niet worden gemaakt.") from None
            return ctx.backups.restore(Path(archive), Path(target), username=username, password=password)

        def done(_report: Any) -> None:
            self._done(
                f"Back-up teruggezet en volledig gecontroleerd: {target}\n"
                f"Open die database met: bibob-desk --db {target}",
                Path(target).parent,
            )

        self.bench.run(Operation("Back-up terugzetten", work, done, writes=True))

    # -- exports of the open case or the selection ---------------------------------------------
    def export_memo(self) -> None:
        ctx, case_id = self._current()
        if ctx is None or case_id is None:
            return
        try:
            kinds, case = ctx.exports.memo_kinds(), ctx.cases.open_case(case_id)
            recipients = ctx.exports.recipients()
        except UserError as error:
            self.bench.warn(str(error))
            return

        def submit(v: dict[str, Any]) -> Any:
            write = ctx.exports.word if v["word"] else ctx.exports.memo
            return write(
                case_id,
                v["kind"],
                v["target"],
                recipient=v["recipient"],
                purpose=v["purpose"],
                party=v["party"],
                your_reference=v["your_reference"],
            )

        def preview(v: dict[str, Any]) -> Any:
            return ctx.exports.memo_preview(
                case_id,
                v["kind"],
                recipient=v["recipient"],
                party=v["party"],
                your_reference=v["your_reference"],
            )

        self.dialog = MemoDialog(
            case.reference,
            submit,
            preview,
            self.bench.runner,
            self.bench.parent,
            kinds=kinds,
            recipients=recipients,
            parties=[(p.id, p.name) for p in case.parties],
        )
        self.dialog.edit_texts = lambda kind: self.edit_document_texts(case_id, kind)
        self.dialog.open()

    def edit_document_texts(self, case_id: str, kind: str) -> None:
        from bibob_desk.ui.document_texts import DocumentTextsDialog

        ctx = self.bench.context
        if ctx is None:
            return
        try:
            sections = ctx.exports.document_texts(case_id, kind)
        except UserError as error:
            self.bench.warn(str(error))
            return
        title = dict(ctx.exports.memo_kinds()).get(kind, kind)

        def submit(edited: dict[str, str], reason: str) -> object:
            return ctx.exports.set_document_texts(case_id, kind, edited, reason)

        self.texts_dialog = DocumentTextsDialog(title, sections, submit, self.bench.parent)
        self.texts_dialog.open()

    def export_package(self) -> None:
        ctx, case_id = self._current()
        if ctx is None or case_id is None:
            return

        def submit(v: dict[str, Any]) -> Any:
            return ctx.exports.lbb_package(
                case_id, v["target"], encrypt=v["encrypt"], recipient=v["recipient"], purpose=v["purpose"]
            )

        reference = ctx.cases.open_case(case_id).reference
        self.dialog = PackageDialog(reference, submit, self.bench.runner, self.bench.parent)
        self.dialog.open()

    def export_workbook(self) -> None:
        ctx = self.bench.context
        if ctx is None:
            return
        selected = self.bench.selected_case_ids()
        may_full = ctx.users.current.role in (Role.JURIST, Role.BEHEERDER)

        def submit(v: dict[str, Any]) -> Any:
            return ctx.exports.workbook(
                selected or None,
                v["target"],
                profile=v["profile"],
                recipient=v["recipient"],
                purpose=v["purpose"],
            )

        self.dialog = WorkbookDialog(len(selected), may_full, submit, self.bench.runner, self.bench.parent)
        self.dialog.open()

    def add_attachment(self) -> None:
        ctx, case_id = self._current()
        if ctx is None or case_id is None:
            return

        def submit(path: Path, type_id: str, source: str, received: date) -> Any:
            return ctx.attachments.add_file(case_id, path, type_id=type_id, source=source, received=received)

        dialog = AttachmentDialog(
            ctx.attachments.checklist(case_id), submit, self.bench.runner, self.bench.parent
        )
        dialog.accepted.connect(lambda: self._after_intake(dialog))
        self.dialog = dialog
        dialog.open()

    def open_attachment(self, attachment_id: int) -> None:
        """Shown inside the app (rendered off the GUI thread); never as a file on disk."""
        from bibob_desk.ui.attachment_viewer import AttachmentViewer

        ctx, case_id = self._current()
        if ctx is None or case_id is None:
            return

        def show(view: Any) -> None:
            self.dialog = AttachmentViewer(view, self.bench.parent)
            self.dialog.open()

        self.bench.run(
            Operation(
                "Bijlage openen",
                lambda _p: ctx.attachments.view(case_id, attachment_id),
                on_done=show,
                on_error=self.bench.warn,
            )
        )

    def withdraw_attachment(self, attachment_id: int) -> None:
        ctx, case_id = self._current()
        if ctx is None or case_id is None:
            return
        reason = self.ask_reason("Waarom trekt u deze bijlage in? (ze blijft zichtbaar, doorgestreept)")
        if not reason:
            return
        try:
            ctx.attachments.withdraw(case_id, attachment_id, reason)
        except UserError as error:
            self.bench.warn(str(error))

    def _ask_reason(self, question: str) -> str:
        return ask_text(self.bench.parent, "Reden", question) or ""

    def _after_intake(self, dialog: AttachmentDialog) -> None:
        verdict = getattr(dialog, "verdict", None)
        if verdict is not None and verdict.status == "quarantaine":
            QMessageBox.warning(
                self.bench.parent,
                "Bijlage in quarantaine",
                f"De bijlage is bewaard maar in quarantaine gezet: {verdict.reason}. "
                "Ze gaat niet mee in exports. Vraag de aanvrager om een veilige versie.",
            )

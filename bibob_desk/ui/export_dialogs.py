"""Export dialogs (memo or besluit as PDF with a preview of page 1, the LBB package, the Excel
dossier), the attachments tab and the intake dialog. All writing goes through the export service;
these widgets only collect choices and show results."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.domain.attachments import AttachmentInfo
from bibob_desk.services.changes import Topic
from bibob_desk.services.vocabulary import (
    OTHER,
    PURPOSE_LABELS,
    PURPOSES,
    RECIPIENT_LABELS,
    RECIPIENTS,
    SOURCES,
    ChecklistItem,
    ExportResult,
)
from bibob_desk.ui.clipboard import copy_secret
from bibob_desk.ui.runner import Operation, Runner
from bibob_desk.ui.widgets import dutch_buttons, error_label, fit_columns, nl_count
from bibob_desk.ui.workbench import CaseBound

if TYPE_CHECKING:
    from bibob_desk.bootstrap import AppContext


def default_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def path_row(initial: str, browse: Callable[[], None]) -> tuple[QLineEdit, QHBoxLayout]:
    """A file path field with a 'Bladeren…' button next to it."""
    field = QLineEdit(initial)
    field.setObjectName("path")
    field.setAccessibleName("Bestand")
    button = QPushButton("Bladeren…")
    button.clicked.connect(browse)
    row = QHBoxLayout()
    row.addWidget(field, 1)
    row.addWidget(button)
    return field, row


def open_folder(path: Path) -> None:
    """Shows the folder in the file manager (never opens the exported file itself)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def size_text(size: int) -> str:
    """1234567 -> '1.234.567 bytes' (Dutch thousands separator)."""
    return f"{nl_count(size)} bytes"


def done_box(
    parent: QWidget | None,
    text: str,
    folder: Path,
    opener: Callable[[Path], None],
    *,
    secret: str | None = None,
) -> QMessageBox:
    """'Export gereed' with a 'Map openen' button (opens the folder, never the file) and, for a
    package password, 'Wachtwoord kopiëren' (the clipboard is cleared after 30 seconds)."""
    box = QMessageBox(parent)
    box.setWindowTitle("Gereed")
    box.setText(text)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    open_button = box.addButton("Map openen", QMessageBox.ButtonRole.ActionRole)
    copy_button = None
    if secret:
        copy_button = box.addButton("Wachtwoord kopiëren", QMessageBox.ButtonRole.ActionRole)
        copy_button.clicked.disconnect()  # copying does not close the box
        copy_button.clicked.connect(lambda: copy_secret(secret))
    box.addButton("Sluiten", QMessageBox.ButtonRole.RejectRole)
    box.setObjectName("exportDone")
    box.buttonClicked.connect(lambda b: b is open_button and opener(folder))
    box.open()
    return box


class RunsInBackground:
    """A dialog whose work runs on the runner: its buttons wait, the result or the Dutch error
    comes back on the GUI thread; the status bar shows progress and 'Annuleren'."""

    runner: Runner
    buttons: QWidget
    error: QLabel

    def start(self, title: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.buttons.setEnabled(False)
        self.error.setStyleSheet("color: #555;")
        self.error.setText("Bezig…")

        def finished(result: Any) -> None:
            self.buttons.setEnabled(True)
            self.error.setText("")
            done(result)

        def failed(message: str) -> None:
            self.buttons.setEnabled(True)
            self.error.setStyleSheet("color: #a40000;")
            self.error.setText(message)

        self.operation = self.runner.run(Operation(title, lambda _p: work(), finished, failed, writes=True))


class ExportDialog(RunsInBackground, QDialog):
    """Recipient, purpose and target file for one export; optional extra fields above them."""

    def __init__(
        self,
        title: str,
        default_name: str,
        submit: Callable[[dict[str, Any]], ExportResult],
        runner: Runner,
        parent: QWidget | None = None,
        *,
        recipient: str = "intern",
        purpose: str = "besluitvorming",
        suffix: str = ".pdf",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.submit, self.suffix, self.runner = submit, suffix, runner
        self.result_info: ExportResult | None = None
        self.opener: Callable[[Path], None] = open_folder
        self.form = QFormLayout()
        self.recipient = QComboBox()
        self.recipient.setObjectName("recipient")
        for key in RECIPIENTS:
            self.recipient.addItem(RECIPIENT_LABELS.get(key, key), key)
        self.recipient.setCurrentIndex(max(0, self.recipient.findData(recipient)))
        self.purpose = QComboBox()
        self.purpose.setObjectName("purpose")
        for key in PURPOSES:
            self.purpose.addItem(PURPOSE_LABELS.get(key, key), key)
        self.purpose.setCurrentIndex(max(0, self.purpose.findData(purpose)))
        self.path, row = path_row(str(default_folder() / default_name), self._browse)
        self.extra = QFormLayout()
        self.form.addRow("Ontvanger", self.recipient)
        self.form.addRow("Doel", self.purpose)
        self.form.addRow("Bestand", row)
        self.error = error_label()
        self.buttons = dutch_buttons("Exporteren", self._accept, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.extra)
        layout.addLayout(self.form)
        note = QLabel("Elke export wordt vastgelegd in het logboek (wie, wat, voor wie, waarom).")
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Opslaan als", self.path.text(), f"*{self.suffix}")
        if chosen:
            self.path.setText(chosen if chosen.endswith(self.suffix) else chosen + self.suffix)

    def values(self) -> dict[str, Any]:
        return {
            "recipient": str(self.recipient.currentData() or self.recipient.currentText()),
            "purpose": str(self.purpose.currentData() or self.purpose.currentText()),
            "target": Path(self.path.text().strip()),
        }

    def _accept(self) -> None:
        values = self.values()
        if not str(values["target"]) or values["target"].name in ("", "."):
            self.error.setText("Kies een bestand.")
            return
        if values["target"].exists():
            answer = QMessageBox.question(self, "bibob-desk", "Het bestand bestaat al. Vervangen?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.start(self.windowTitle(), lambda: self.submit(values), self._on_export_done)

    def _on_export_done(self, result: ExportResult) -> None:
        self.result_info = result
        self.accept()
        self.show_done(result)

    def show_done(self, result: ExportResult) -> None:
        text = f"Geschreven: {result.path.name}\n{size_text(result.size)}, SHA-256 {result.sha256[:16]}…"
        if result.password:
            text += (
                "\n\nWachtwoord van het pakket (wordt niet bewaard; geef het via een ander kanaal door):"
                f"\n{result.password}\n\nHet pakket is versleuteld met AES-256: de ontvanger opent het met "
                "7-Zip of een andere uitpakker die AES kent (niet met de ingebouwde van Windows)."
            )
        self.done_box = done_box(
            self.parentWidget(), text, result.path.parent, self.opener, secret=result.password
        )


class MemoDialog(ExportDialog):
    def __init__(
        self,
        reference: str,
        submit: Callable[[dict[str, Any]], ExportResult],
        preview: Callable[[str], Any],
        runner: Runner,
        parent: QWidget | None = None,
        *,
        kinds: list[tuple[str, str]],
        recipients: list[tuple[str, str]] | None = None,
        parties: tuple[tuple[str, str], ...] | list[tuple[str, str]] = (),
    ) -> None:
        super().__init__("Memo of besluit exporteren", f"{reference}-advies.pdf", submit, runner, parent)
        self.reference, self.preview_source = reference, preview
        if recipients:  # the recipient profiles (resources/recipients): id and label
            self.recipient.clear()
            for key, text in recipients:
                self.recipient.addItem(text, key)
        self.party = QComboBox()
        self.party.setObjectName("party")
        for key, text in parties:
            self.party.addItem(text, key)
        self.your_reference = QLineEdit()
        self.your_reference.setObjectName("yourReference")
        self.form.insertRow(1, "Over partij (derde)", self.party)
        self.form.insertRow(2, "Uw kenmerk", self.your_reference)
        self.recipient.currentIndexChanged.connect(self._recipient_changed)
        self._recipient_changed()
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for key, text in kinds:  # from the memo texts file
            self.kind.addItem(text, key)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.extra.addRow("Document", self.kind)
        self.preview_button = QPushButton("Voorbeeld eerste pagina")
        self.preview_button.setObjectName("previewButton")
        self.preview_button.clicked.connect(self.show_preview)
        self.texts_button = QPushButton("Teksten bewerken…")
        self.texts_button.setObjectName("textsButton")
        self.texts_button.clicked.connect(lambda: self.edit_texts(self.current_kind()))
        self.edit_texts: Callable[[str], None] = lambda _kind: None  # set by the controller
        self.word = QCheckBox("Als Word-bestand (.docx uit het sjabloon van de gemeente, om af te maken)")
        self.word.setObjectName("word")
        self.word.toggled.connect(self._kind_changed)
        self.extra.addRow("", self.preview_button)
        self.extra.addRow("", self.texts_button)
        self.extra.addRow("", self.word)
        self.image = QLabel("Kies 'Voorbeeld' om de eerste pagina te zien.")
        self.image.setObjectName("preview")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setAccessibleName("Voorbeeld van de eerste pagina")
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        scroll.setMinimumSize(520, 420)
        self.layout().insertWidget(1, scroll, 1)
        self.resize(640, 760)

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def _kind_changed(self) -> None:
        suffix = ".docx" if self.word.isChecked() else ".pdf"
        self.suffix = suffix
        self.path.setText(
            str(Path(self.path.text()).with_name(f"{self.reference}-{self.current_kind()}{suffix}"))
        )
        self.image.setPixmap(QPixmap())
        self.image.setText("Kies 'Voorbeeld' om de eerste pagina te zien.")

    def _recipient_changed(self) -> None:
        derde = self.recipient_id() == "derde"
        self.form.setRowVisible(self.party, derde)
        self.form.setRowVisible(self.your_reference, self.recipient_id() in ("betrokkene", "derde"))

    def recipient_id(self) -> str:
        return str(self.recipient.currentData() or self.recipient.currentText())

    def values(self) -> dict[str, Any]:
        derde = self.recipient_id() == "derde"
        return {
            **super().values(),
            "recipient": self.recipient_id(),
            "kind": self.current_kind(),
            "party": str(self.party.currentData()) if derde else None,
            "your_reference": self.your_reference.text().strip(),
            "word": self.word.isChecked(),
        }

    def show_preview(self) -> None:
        values = self.values()
        self.start("Voorbeeld", lambda: self.preview_source(values), self._show_page)

    def _show_page(self, page: Any) -> None:
        image = QImage(page.rgb, page.width, page.height, page.stride, QImage.Format.Format_RGB888).copy()
        self.image.setPixmap(
            QPixmap.fromImage(image).scaledToWidth(500, Qt.TransformationMode.SmoothTransformation)
        )


class PackageDialog(ExportDialog):
    def __init__(
        self, reference: str, submit: Callable[[dict[str, Any]], ExportResult], runner: Runner, parent=None
    ) -> None:
        super().__init__(
            "LBB-pakket maken",
            f"{reference}-lbb-pakket.zip",
            submit,
            runner,
            parent,
            recipient="lbb",
            purpose="adviesaanvraag",
            suffix=".zip",
        )
        self.encrypt = QCheckBox("Versleutelen met AES-256 (wachtwoord wordt eenmaal getoond)")
        self.encrypt.setObjectName("encrypt")
        self.encrypt.setChecked(True)
        self.extra.addRow("", self.encrypt)

    def values(self) -> dict[str, Any]:
        return {**super().values(), "encrypt": self.encrypt.isChecked()}


class WorkbookDialog(ExportDialog):
    def __init__(
        self,
        count: int,
        may_full: bool,
        submit: Callable[[dict[str, Any]], ExportResult],
        runner: Runner,
        parent=None,
    ) -> None:
        super().__init__(
            "Dossiers naar Excel",
            f"bibob-dossiers-{date.today():%Y%m%d}.xlsx",
            submit,
            runner,
            parent,
            purpose="verantwoording",
            suffix=".xlsx",
        )
        self.extra.addRow("Dossiers", QLabel("alle dossiers" if count == 0 else f"{count} geselecteerd"))
        self.profile = QComboBox()
        self.profile.setObjectName("profile")
        self.profile.addItem("basis (zonder antecedenten en signalen)", "basis")
        if may_full:
            self.profile.addItem("volledig (met antecedenten en politie- en justitiegegevens)", "volledig")
        self.extra.addRow("Profiel", self.profile)

    def values(self) -> dict[str, Any]:
        return {**super().values(), "profile": str(self.profile.currentData())}


class AttachmentsPanel(CaseBound, QWidget):
    """Tab Bijlagen: the checklist (what the forms ask for, what is missing) and the received files."""

    topics = (Topic.ATTACHMENTS, Topic.CASES)

    add_requested = Signal()
    open_requested = Signal(int)  # attachment id: show it inside the app
    withdraw_requested = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.attachment_ids: list[int] = []
        self.summary = QLabel()
        self.checklist = QTableWidget(0, 3)
        self.checklist.setObjectName("checklist")
        self.checklist.setAccessibleName("Checklist van de bijlagen")
        self.checklist.setHorizontalHeaderLabels(["Bijlage", "Formulier", "Status"])
        self.files = QTableWidget(0, 6)
        self.files.setObjectName("files")
        self.files.setAccessibleName("Ontvangen bijlagen")
        self.files.setHorizontalHeaderLabels(["Bestand", "Soort", "Ontvangen", "Bron", "Status", "Reden"])
        for table in (self.checklist, self.files):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.verticalHeader().hide()
            table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton("Bijlage toevoegen…")
        self.add_button.setObjectName("addAttachment")
        self.add_button.clicked.connect(self.add_requested.emit)
        self.open_button = QPushButton("Openen")
        self.open_button.setObjectName("openAttachment")
        self.withdraw_button = QPushButton("Intrekken…")
        self.withdraw_button.setObjectName("withdrawAttachment")
        self.files.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.files.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.open_button.clicked.connect(lambda: self._emit_selected(self.open_requested))
        self.withdraw_button.clicked.connect(lambda: self._emit_selected(self.withdraw_requested))
        self.files.activated.connect(lambda _index: self._emit_selected(self.open_requested))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.withdraw_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.checklist, 1)
        layout.addWidget(QLabel("Ontvangen bestanden (versleuteld opgeslagen in de database):"))
        layout.addWidget(self.files, 1)
        layout.addLayout(buttons)

    def _emit_selected(self, signal: Any) -> None:
        row = self.files.currentRow()
        if 0 <= row < len(self.attachment_ids):
            signal.emit(self.attachment_ids[row])

    def load(self, context: AppContext, case_id: str) -> None:
        self.show_attachments(
            context.attachments.checklist(case_id), context.attachments.attachments(case_id)
        )

    def show_attachments(self, checklist: list[ChecklistItem], files: list[AttachmentInfo]) -> None:
        self.items = checklist
        missing = sum(1 for i in checklist if not i.received)
        self.summary.setText(f"{len(checklist)} gevraagde bijlagen, {missing} ontbreken.")
        self.checklist.setRowCount(0)
        for item in checklist:
            self._row(
                self.checklist,
                [item.label, item.form, f"{item.received} ontvangen" if item.received else "ontbreekt"],
                "#e6f4ea" if item.received else "#fce8b2",
            )
        labels = {i.type_id: i.label for i in checklist}
        self.files.setRowCount(0)
        self.attachment_ids = [a.id for a in files]
        for a in files:
            withdrawn = f"ingetrokken door {a.withdrawn_by}: {a.withdrawn_reason}" if a.withdrawn else ""
            self._row(
                self.files,
                [
                    a.original_name,
                    labels.get(a.type_id, "overig"),
                    f"{a.received_date:%d-%m-%Y}",
                    a.source,
                    "ingetrokken" if a.withdrawn else a.status,
                    withdrawn or a.reason,
                ],
                "#f4c7c3" if a.status != "geaccepteerd" else ("#eeeeee" if a.withdrawn else "#ffffff"),
                struck=a.withdrawn,
            )
        self.checklist.resizeColumnToContents(0)
        fit_columns(self.files, most=240)

    @staticmethod
    def _row(table: QTableWidget, values: list[str], colour: str, *, struck: bool = False) -> None:
        from PySide6.QtGui import QBrush, QColor

        row = table.rowCount()
        table.insertRow(row)
        for column, value in enumerate(values):
            cell = QTableWidgetItem(value)
            cell.setBackground(QBrush(QColor(colour)))
            if struck:
                font = cell.font()
                font.setStrikeOut(True)
                cell.setFont(font)
            cell.setToolTip(value)
            table.setItem(row, column, cell)

    def clear(self) -> None:
        self.summary.setText("")
        self.checklist.setRowCount(0)
        self.files.setRowCount(0)
        self.attachment_ids = []


class AttachmentDialog(RunsInBackground, QDialog):
    """Choose a file, its kind (from the checklist), source and date of receipt; shows the verdict."""

    def __init__(
        self, checklist: list[ChecklistItem], submit: Callable[..., Any], runner: Runner, parent=None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Bijlage toevoegen")
        self.submit, self.runner = submit, runner
        self.path, row = path_row("", self._browse)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for item in checklist:
            self.kind.addItem(item.label, item.type_id)
        self.kind.addItem("Overig", OTHER)
        self.source = QComboBox()
        self.source.setObjectName("source")
        self.source.addItems(list(SOURCES))
        self.received = QDateEdit(QDate.currentDate())
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("dd-MM-yyyy")
        form = QFormLayout()
        form.addRow("Bestand", row)
        form.addRow("Soort", self.kind)
        form.addRow("Bron", self.source)
        form.addRow("Ontvangen op", self.received)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        note = QLabel(
            "Het bestand wordt gecontroleerd (programma's, macro's, actieve PDF-inhoud, zip-bommen) en "
            "daarna versleuteld in de database bewaard. Het wordt nooit automatisch geopend."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        layout.addWidget(self.error)
        self.buttons = dutch_buttons("Toevoegen", self._accept, self.reject)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Bijlage kiezen", str(default_folder()))
        if chosen:
            self.path.setText(chosen)

    def _accept(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.error.setText("Kies een bestand.")
            return
        args = (
            Path(text),
            str(self.kind.currentData()),
            self.source.currentText(),
            self.received.date().toPython(),
        )
        self.start("Bijlage controleren", lambda: self.submit(*args), self._on_intake_done)

    def _on_intake_done(self, outcome: Any) -> None:
        result = outcome.result
        if outcome.attachment_id is None:
            self.error.setText(f"Geweigerd: {result.reason}. Er is niets opgeslagen.")
            return
        self.verdict = result
        self.accept()

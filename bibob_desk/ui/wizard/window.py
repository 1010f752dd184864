"""The wizard window: side index with progress, a page per section, Controleer and Afronden.

Every committed change is saved at once (as a concept), so a crash loses at most the field being
typed. Closing or locking never discards anything: it was already saved.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.domain.errors import UserError
from bibob_desk.ui.wizard.pages import SectionPage, messages_from

CHECK_PAGE = "__controle__"


class FormWizard(QDialog):
    saved = Signal(str)  # case id

    def __init__(self, service: Any, case_id: str, form_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service, self.case_id = service, case_id
        self.show_missing = False
        self.save_error = ""
        self.take: set[str] = set()  # questions whose differing answer the officer takes over
        self.differences: list[Any] = []
        self.choose_differences = self._choose_differences  # replaceable in tests
        self._open(form_id, adopt=False)

    # -- building ----------------------------------------------------------------------------
    def _open(self, form_id: str, adopt: bool) -> None:
        opened = self.service.open(self.case_id, form_id, adopt_current=adopt)
        self.form, self.session, self.read_only = opened.form, opened.session, opened.read_only
        self.prefilled = opened.prefilled
        self.setWindowTitle(f"{self.form.title} (versie {self.form.version})")
        self.resize(1100, 760)
        if self.layout() is None:
            self._build()
        self._fill_pages()
        notices = list(opened.notices)
        if self.prefilled:
            notices.append(
                f"{len(self.prefilled)} antwoord(en) zijn ingevuld met wat het dossier al bevat; "
                "bij elk veld staat waar het vandaan komt."
            )
        self._show_notices(notices)

    def _build(self) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4ce; padding: 6px;")
        self.banner.hide()
        self.adopt_button = QPushButton()
        self.adopt_button.hide()
        self.compare_button = QPushButton()
        self.compare_button.setObjectName("compareWithCase")
        self.compare_button.hide()
        self.compare_button.clicked.connect(self._on_compare_clicked)
        self.adopt_button.clicked.connect(lambda: self._open(self.form.id, adopt=True))
        self.index = QListWidget()
        self.index.setObjectName("sectionIndex")
        self.index.setMinimumWidth(250)
        self.index.setWordWrap(True)
        self.pages = QStackedWidget()
        self.check_list = QListWidget()
        self.check_list.setObjectName("checkList")
        self.check_list.setWordWrap(True)
        self.check_list.itemActivated.connect(self._on_check_list_item_activated)
        splitter = QSplitter()
        splitter.addWidget(self.index)
        splitter.addWidget(self.pages)
        splitter.setSizes([260, 840])
        self.status = QLabel()
        self.back_button = QPushButton("Vorige")
        self.next_button = QPushButton("Volgende")
        self.check_button = QPushButton("Controleer")
        self.finish_button = QPushButton("Afronden")
        self.close_button = QPushButton("Sluiten")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (
            self.back_button,
            self.next_button,
            self.check_button,
            self.finish_button,
            self.close_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.adopt_button)
        layout.addWidget(self.compare_button)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.index.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.back_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        self.check_button.clicked.connect(self._on_check_clicked)
        self.finish_button.clicked.connect(self._on_finish_clicked)
        self.close_button.clicked.connect(self.accept)

    def _fill_pages(self) -> None:
        while self.pages.count():
            widget = self.pages.widget(0)
            self.pages.removeWidget(widget)
            widget.deleteLater()
        self.index.clear()
        self.section_pages: list[SectionPage] = []
        for section in self.form.sections:
            page = SectionPage(section, self._on_change, self.refresh)
            page.load(self.session)
            for question_id, row in page.rows.items():
                row.set_source(self.prefilled.get(question_id, ""))
            page.set_read_only(self.read_only)
            self.section_pages.append(page)
            self.pages.addWidget(page)
            self.index.addItem(QListWidgetItem(section.title))
        check_page = QWidget()
        check_layout = QVBoxLayout(check_page)
        check_layout.addWidget(
            QLabel("Controle: wat ontbreekt of niet klopt (dubbelklik of Enter om erheen te gaan)")
        )
        check_layout.addWidget(self.check_list)
        self.pages.addWidget(check_page)
        self.index.addItem(QListWidgetItem("Controle"))
        for button in (self.finish_button,):
            button.setEnabled(not self.read_only)
        self.index.setCurrentRow(0)
        self.refresh()

    # -- state -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        missing, invalid = self.session.problems()
        shown = invalid + (missing if self.show_missing else [])
        messages = messages_from(shown)
        for row, page in enumerate(self.section_pages):
            visible = self.session.section_visible(page.section)
            page.refresh(self.session, messages)
            progress = self.session.progress(page.section)
            text = page.section.title
            if not visible:
                text += "  (n.v.t.)"
            else:
                text += f"  {progress.answered}/{progress.required}" if progress.required else "  ✓"
                errors = progress.invalid + (progress.missing if self.show_missing else 0)
                if errors:
                    text += f"  · {errors} fout" + ("en" if errors > 1 else "")
            self.index.item(row).setText(text)
            self.index.item(row).setFlags(self.index.item(row).flags() | Qt.ItemFlag.ItemIsEnabled)
        self._fill_check_list(missing, invalid)
        state = "alleen lezen" if self.read_only else ("compleet" if not (missing or invalid) else "concept")
        suffix = f" — {self.save_error}" if self.save_error else " — automatisch opgeslagen"
        self.status.setText(f"Status: {state}{'' if self.read_only else suffix}")

    def _fill_check_list(self, missing: list, invalid: list) -> None:
        self.check_list.clear()
        titles = {s.id: s.title for s in self.form.sections}
        for problem in invalid + missing:
            where = titles.get(problem.section, problem.section)
            item_no = f" (nr. {problem.item + 1})" if problem.item is not None else ""
            entry = QListWidgetItem(f"{where}{item_no}: {problem.message}")
            number = -1 if problem.item is None else problem.item  # never None in Qt item data
            entry.setData(
                Qt.ItemDataRole.UserRole, f"{problem.section}|{problem.question}|{problem.group}|{number}"
            )
            self.check_list.addItem(entry)
        if not (missing or invalid):
            done = QListWidgetItem("Niets ontbreekt; het formulier kan worden afgerond.")
            done.setData(Qt.ItemDataRole.UserRole, "")
            self.check_list.addItem(done)

    def _on_change(self, question_id: str, value: Any, group: str, item: int | None) -> None:
        if self.read_only:
            return
        notices: list[str] = []
        if question_id:
            notices = self.session.set_answer(question_id, value, group, item)
        if notices:
            for page in self.section_pages:
                page.load(self.session)
        self._show_notices(notices)
        self._save(finish=False)
        self.refresh()

    def _save(self, *, finish: bool) -> bool:
        try:
            self.service.save(
                self.case_id, self.form, self.session.answers, finish=finish, take=frozenset(self.take)
            )
            self.differences = [
                d
                for d in self.service.differences(self.case_id, self.form, self.session.answers)
                if d.question not in self.take
            ]
        except UserError as error:
            self.save_error = str(error)
            return False
        self.save_error = ""
        self._show_differences()
        self.saved.emit(self.case_id)
        return True

    def _show_differences(self) -> None:
        count = len(self.differences)
        self.compare_button.setText(
            f"{count} antwoord(en) wijken af van het dossier; het dossier houdt zijn waarde tot u kiest. "
            "Vergelijken…"
        )
        self.compare_button.setVisible(bool(count))

    def _on_compare_clicked(self) -> None:
        chosen = self.choose_differences(self.differences)
        if chosen:
            self.take |= chosen
            self._save(finish=False)
            self.refresh()

    def _choose_differences(self, found: list[Any]) -> set[str]:
        from bibob_desk.ui.wizard.compare import CompareDialog

        dialog = CompareDialog(found, self)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else set()

    def _show_notices(self, notices: list[str]) -> None:
        if self.read_only and not notices:
            notices = ["Dit formulier is alleen te lezen."]
        self.banner.setText("\n".join(notices))
        self.banner.setVisible(bool(notices))
        latest = self.service.catalog.get(self.form.id)
        adoptable = self.read_only and latest is not None
        if adoptable:
            self.adopt_button.setText(f"Overzetten naar versie {latest.version}")
        self.adopt_button.setVisible(adoptable)

    # -- navigation and actions --------------------------------------------------------------
    _STEPS: ClassVar[dict[tuple[Qt.Key, Qt.KeyboardModifier], int]] = {
        (Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier): 1,
        (Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier): -1,
        (Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier): 1,
        (Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier): -1,
    }

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Alt+→/← or Ctrl+PgDn/PgUp: next or previous section, from anywhere in the wizard."""
        step = self._STEPS.get((Qt.Key(event.key()), event.modifiers()))
        if step is None:
            super().keyPressEvent(event)
            return
        self._step(step)

    def _step(self, step: int) -> None:
        row = max(0, min(self.index.count() - 1, self.index.currentRow() + step))
        self.index.setCurrentRow(row)

    def _on_check_clicked(self) -> None:
        self.show_missing = True
        self.refresh()
        self.index.setCurrentRow(self.index.count() - 1)

    def _on_check_list_item_activated(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if not target:
            return
        section_id, question_id, group, number = str(target).split("|")
        index = int(number) if int(number) >= 0 else None
        for row, page in enumerate(self.section_pages):
            if page.section.id == section_id:
                self.index.setCurrentRow(row)
                page.focus(question_id, group, index)

    def _on_finish_clicked(self) -> None:
        self.show_missing = True
        if self.differences and not self.read_only:
            self._on_compare_clicked()  # decide first; what is not taken stays as the dossier has it
        if self._save(finish=True):
            self.refresh()
            self.status.setText("Status: afgerond")
            self.accept()
        else:
            self.refresh()
            self.index.setCurrentRow(self.index.count() - 1)

"""Tab Bewerken: every part of the case in an editor built from presentation.editing. Keyboard-only
(Tab, arrows, Ins adds, Del removes, Ctrl+S saves), inline Dutch checks per field, a motivation
once the case has left intake. Every save is a revision through the undo stack; a pause of a few
seconds saves by itself (autosave) when the form is complete, and otherwise the typed work is kept
as an encrypted draft at lock."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.domain.enums import Stage
from bibob_desk.domain.errors import UserError
from bibob_desk.presentation import edit_sections, editing
from bibob_desk.presentation.editing import EditSection, FieldError, FieldSpec, Kind
from bibob_desk.services.changes import Topic
from bibob_desk.ui.widgets import SECRET_FIELDS, ask_text, fit_columns, secret_line_edit
from bibob_desk.ui.workbench import CaseBound

if TYPE_CHECKING:
    from bibob_desk.bootstrap import AppContext

AUTOSAVE_MS = 2500
DRAFT_PREFIX = "bewerken:"
UNKNOWN = "(onbekend)"
ERROR_STYLE = "color: #a4000f;"


class FieldEditor(QWidget):
    """One field: its widget and, under it, its Dutch error."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, choices: tuple[tuple[str, str], ...]) -> None:
        super().__init__()
        self.spec = replace(spec, choices=choices)  # a party field: this case's parties
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        self.widget: Any
        if spec.kind is Kind.LONG:
            self.widget = QPlainTextEdit()
            self.widget.setTabChangesFocus(True)
            self.widget.setFixedHeight(64)
            self.widget.textChanged.connect(self.changed)
        elif spec.kind in (Kind.CHOICE, Kind.PARTY, Kind.YESNO):
            self.widget = QComboBox()
            options = (("ja", "ja"), ("nee", "nee")) if spec.kind is Kind.YESNO else choices
            self.widget.addItem("— kies —" if spec.required else UNKNOWN, "")
            for value, text in options:
                self.widget.addItem(text, value)
            self.widget.currentIndexChanged.connect(self.changed)
        elif spec.kind is Kind.CHOICES:
            self.widget = QListWidget()
            for value, text in choices:
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.widget.addItem(item)
            self.widget.setFixedHeight(min(22 * len(choices) + 6, 140))
            self.widget.itemChanged.connect(self.changed)
        else:
            self.widget = secret_line_edit() if spec.key in SECRET_FIELDS else QLineEdit()
            if spec.kind is Kind.DATE:
                self.widget.setPlaceholderText("dd-mm-jjjj")
            if spec.kind in (Kind.MONEY, Kind.PERCENT, Kind.NUMBER):
                self.widget.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.widget.textChanged.connect(self.changed)
        self.widget.setObjectName(f"field_{spec.key}")
        self.widget.setAccessibleName(spec.label)
        self.error = QLabel()
        self.error.setObjectName(f"error_{spec.key}")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.widget)
        layout.addWidget(self.error)
        self.changed.connect(self.check)

    def raw(self) -> str | list[str]:
        w = self.widget
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QComboBox):
            return str(w.currentData() or "")
        if isinstance(w, QListWidget):
            return [
                str(w.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(w.count())
                if w.item(i).checkState() is Qt.CheckState.Checked
            ]
        return str(w.text())

    def set_raw(self, raw: str | list[str]) -> None:
        w = self.widget
        w.blockSignals(True)
        if isinstance(w, QPlainTextEdit):
            w.setPlainText(str(raw))
        elif isinstance(w, QComboBox):
            index = w.findData(raw)
            if index < 0 and raw:  # a value outside the list (an old vocabulary): keep it visible
                w.addItem(str(raw), raw)
                index = w.count() - 1
            w.setCurrentIndex(max(index, 0))
        elif isinstance(w, QListWidget):
            for i in range(w.count()):
                item = w.item(i)
                on = item.data(Qt.ItemDataRole.UserRole) in raw
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        else:
            w.setText(str(raw))
        w.blockSignals(False)
        self.check()

    def value(self) -> Any:
        """The parsed value; FieldError with the Dutch message when the text is not a value."""
        return editing.parse(self.spec, self.raw())

    def check(self) -> bool:
        try:
            self.value()
        except FieldError as error:
            self.error.setText(str(error))
            self.error.show()
            return False
        self.error.hide()
        return True


class CaseEditor(CaseBound, QWidget):
    """Sections on the left; for lists the items above the form; the form; motivation and save."""

    saved = Signal(int)  # the new version
    topics = (Topic.CASES, Topic.EVENTS)

    def __init__(self) -> None:
        super().__init__()
        self.case_id: str | None = None
        self.case: dict[str, Any] = {}
        self.version: int | None = None
        self.stage: Stage = Stage.AANVRAAG_ONTVANGEN
        self.section: EditSection = edit_sections.SECTIONS[0]
        self.index: int | None = 0  # the item in the form; None = a new one
        self.editors: dict[str, FieldEditor] = {}
        self.new_base: dict[str, Any] | None = None  # a new item's id and provenance
        self.dirty = False
        self._filling = False

        self._build_widgets()
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.sections.currentRowChanged.connect(self._on_section_row)
        self.items.currentCellChanged.connect(lambda row, _c, _r, _pc: self._on_item_row(row))
        self.add_button.clicked.connect(self.add_item)
        self.remove_button.clicked.connect(self.remove_item)
        self.save_button.clicked.connect(self._save_clicked)
        self.discard_button.clicked.connect(self.discard)
        QShortcut(
            QKeySequence("Ctrl+S"),
            self,
            self._save_clicked,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        QShortcut(
            QKeySequence("Insert"), self.items, self.add_item, context=Qt.ShortcutContext.WidgetShortcut
        )
        QShortcut(
            QKeySequence("Delete"), self.items, self.remove_item, context=Qt.ShortcutContext.WidgetShortcut
        )
        self.ask_reason = self._ask_reason  # replaceable in tests
        self.setEnabled(False)

    def _build_widgets(self) -> None:
        self.sections = QListWidget()
        self.sections.setObjectName("editorSections")
        self.sections.setAccessibleName("Onderdelen van het dossier")
        for s in edit_sections.SECTIONS:
            self.sections.addItem(s.title)
        # every section's name whole (issue 20): as wide as the longest, plus the frame and a scroll bar
        widest = self.sections.sizeHintForColumn(0) + 2 * self.sections.frameWidth() + 24
        self.sections.setMinimumWidth(max(170, widest))
        self.sections.setMaximumWidth(max(260, widest))
        self.items = QTableWidget()
        self.items.setObjectName("editorItems")
        self.items.setAccessibleName("Items van dit onderdeel")
        self.items.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.items.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.items.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.items.verticalHeader().hide()
        self.items.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton("Toevoegen")
        self.add_button.setObjectName("editorAdd")
        self.remove_button = QPushButton("Verwijderen…")
        self.remove_button.setObjectName("editorRemove")
        item_buttons = QHBoxLayout()
        item_buttons.addWidget(self.add_button)
        item_buttons.addWidget(self.remove_button)
        item_buttons.addStretch(1)
        self.items_box = QWidget()
        items_layout = QVBoxLayout(self.items_box)
        items_layout.setContentsMargins(0, 0, 0, 0)
        items_layout.addWidget(self.items)
        items_layout.addLayout(item_buttons)
        self._build_form_area()

    def _build_form_area(self) -> None:
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll = QScrollArea()
        scroll.setAccessibleName("Velden van dit onderdeel")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_host)
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(self.items_box)
        self.right.addWidget(scroll)
        self.right.setSizes([140, 400])

        self.reason = QLineEdit()
        self.reason.setObjectName("editorReason")
        self.reason.setPlaceholderText("waarom deze correctie (verplicht na de intake)")
        self.reason.setAccessibleName("Motivering van de wijziging")
        self.reason_label = QLabel("Motivering")
        self.save_button = QPushButton("Opslaan")
        self.save_button.setObjectName("editorSave")
        self.save_button.setToolTip("Ctrl+S")
        self.discard_button = QPushButton("Wijzigingen vergeten")
        self.discard_button.setObjectName("editorDiscard")
        self.message = QLabel()
        self.message.setObjectName("editorMessage")
        self.message.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.reason_label)
        bottom.addWidget(self.reason, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.discard_button)
        main = QSplitter()
        main.addWidget(self.sections)
        main.addWidget(self.right)
        main.setSizes([200, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(main, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)

    def _save_clicked(self) -> None:
        self.save()

    # -- loading -----------------------------------------------------------------------------
    def bind(self, bench: Any) -> None:
        super().bind(bench)
        bench.session.about_to_lock.connect(self.keep_draft)

    def load(self, context: AppContext, case_id: str) -> None:
        if self.dirty and case_id == self.case_id:
            # a change reported while typing (another tab, another window): keep the typed work;
            # the save will be checked against the version it started from
            self.message.setText("Het dossier is intussen gewijzigd; uw niet-opgeslagen invoer staat er nog.")
            return
        if self.dirty and self.case_id is not None:
            self.save(quiet=True)
        from bibob_desk.domain.codec import to_primitive

        case = context.cases.open_case(case_id)
        first = case_id != self.case_id
        self.case_id, self.case, self.stage = case_id, to_primitive(case), case.stage
        self.version = context.revisions.version(case_id)
        self.setEnabled(True)
        self.reason_label.setVisible(self._needs_reason())
        self.reason.setVisible(self._needs_reason())
        if first:
            self.reason.clear()
        self._show_section(self.section, keep_index=not first)
        if first:
            self._restore_draft(context)

    def clear(self) -> None:
        self.autosave_timer.stop()
        self.case_id, self.case, self.version, self.dirty = None, {}, None, False
        self._clear_form()
        self.items.setRowCount(0)
        self.message.clear()
        self.setEnabled(False)

    def _needs_reason(self) -> bool:
        return self.stage is not Stage.AANVRAAG_ONTVANGEN

    # -- sections and items ------------------------------------------------------------------
    def show_section(self, section_id: str) -> None:
        self.sections.setCurrentRow([s.id for s in edit_sections.SECTIONS].index(section_id))

    def _on_section_row(self, row: int) -> None:
        if row < 0 or self._filling:
            return
        target = edit_sections.SECTIONS[row]
        if target is self.section:
            return
        if self.dirty and not self.save(quiet=True):
            self._select_section_row(self.section)
            return
        self._show_section(target)

    def _select_section_row(self, section: EditSection) -> None:
        self._filling = True
        self.sections.setCurrentRow(edit_sections.SECTIONS.index(section))
        self._filling = False

    def _show_section(self, section: EditSection, *, keep_index: bool = False) -> None:
        self.section = section
        self._select_section_row(section)
        self.items_box.setVisible(section.many)
        items = editing.items_of(section, self.case)
        if not keep_index or self.index is None or self.index >= max(len(items), 1):
            self.index = 0 if items else None
        if section.many:
            self._fill_items(items)
        self._build_form()

    def _fill_items(self, items: list[dict[str, Any]]) -> None:
        specs = {f.key: f for f in self.section.fields}
        columns = [specs[k] for k in self.section.columns]
        self._filling = True
        self.items.clear()
        self.items.setColumnCount(len(columns))
        self.items.setHorizontalHeaderLabels([c.label for c in columns])
        self.items.setRowCount(len(items))
        for row, item in enumerate(items):
            for col, spec in enumerate(columns):
                shown = editing.cell(spec, editing.get(item, spec.key), self.case)
                cell = QTableWidgetItem(shown)
                cell.setToolTip(shown)  # elided in a narrow column: whole on hover
                self.items.setItem(row, col, cell)
        fit_columns(self.items)  # the columns as wide as their text and header, the last stretches
        if self.index is not None and items:
            self.items.setCurrentCell(self.index, 0)
        self._filling = False
        self.remove_button.setEnabled(bool(items))

    def _on_item_row(self, row: int) -> None:
        if self._filling or row < 0 or row == self.index:
            return
        if self.dirty and not self.save(quiet=True):
            self._filling = True
            self.items.setCurrentCell(self.index if self.index is not None else 0, 0)
            self._filling = False
            return
        self.index = row
        self._build_form()

    def add_item(self) -> None:
        if not self.section.many or self.case_id is None:
            return
        if self.dirty and not self.save(quiet=True):
            return
        self.index = None
        self._build_form()
        self.items.clearSelection()
        self.message.setText(f"Nieuw: {self.section.title.lower()}. Vul de velden in en sla op (Ctrl+S).")
        first = next(iter(self.editors.values()), None)
        if first is not None:
            first.widget.setFocus()

    def remove_item(self) -> None:
        if not self.section.many or self.index is None or self.case_id is None:
            return
        reason = self.ask_reason(
            f"Waarom verwijdert u dit item uit {self.section.title.lower()}? (het blijft in de geschiedenis)"
        )
        if reason is None:
            return
        forward, inverse = editing.removal(self.section, self.case, self.index)
        self._save_patch(forward, inverse, reason, text=f"{self.section.title}: item verwijderd")

    def _new_item(self) -> dict[str, Any]:
        assert self.bench is not None
        ctx = self.bench.context
        user = ctx.users.current.username if ctx is not None else ""
        return editing.new_item(self.section, self.case, user=user, today=date.today())

    def _ask_reason(self, question: str) -> str | None:
        return ask_text(self, "Verwijderen", question)

    # -- the form ----------------------------------------------------------------------------
    def _clear_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}

    def _build_form(self) -> None:
        self._clear_form()
        items = editing.items_of(self.section, self.case)
        if self.index is not None and self.index < len(items):
            item, self.new_base = items[self.index], None
        else:
            item = self.new_base = self._new_item()
        parties = editing.party_choices(self.case)
        for spec in self.section.fields:
            editor = FieldEditor(spec, parties if spec.kind is Kind.PARTY else spec.choices)
            editor.set_raw(editing.shown(spec, editing.get(item, spec.key)))
            editor.changed.connect(self._on_field_changed)
            self.editors[spec.key] = editor
            label = QLabel(spec.label + (" *" if spec.required else ""))
            label.setBuddy(editor.widget)
            self.form.addRow(label, editor)
        self._apply_visibility()
        self.dirty = False
        self.save_button.setEnabled(False)

    def _apply_visibility(self) -> None:
        current = {k: e.raw() for k, e in self.editors.items()}
        for row, spec in enumerate(self.section.fields):
            self.form.setRowVisible(row, editing.visible(spec, current))

    def _on_field_changed(self) -> None:
        self.dirty = True
        self.save_button.setEnabled(True)
        self._apply_visibility()
        self.autosave_timer.start()

    def values(self) -> tuple[dict[str, Any], list[FieldEditor]]:
        """Parsed values of the visible fields (hidden ones: unknown) and the fields in error."""
        values: dict[str, Any] = {}
        wrong = []
        current = {k: e.raw() for k, e in self.editors.items()}
        for key, editor in self.editors.items():
            if not editing.visible(editor.spec, current):
                values[key] = None
                continue
            try:
                values[key] = editor.value()
            except FieldError:
                editor.check()
                wrong.append(editor)
        return values, wrong

    # -- saving --------------------------------------------------------------------------------
    def save(self, *, quiet: bool = False) -> bool:
        """Store the form as a revision. False (and the reason shown) when it cannot be saved."""
        self.autosave_timer.stop()
        if self.case_id is None or not self.dirty:
            return True
        values, wrong = self.values()
        if wrong:
            self.message.setText(
                f"Niet opgeslagen: {len(wrong)} veld(en) kloppen niet "
                f"({', '.join(e.spec.label for e in wrong[:3])})."
            )
            if not quiet:
                wrong[0].widget.setFocus()
            return False
        reason = self.reason.text().strip()
        if self._needs_reason() and len(reason) < 5:
            self.message.setText(
                "Niet opgeslagen: geef een motivering bij deze correctie (het dossier is voorbij de intake)."
            )
            if not quiet:
                self.reason.setFocus()
            return False
        forward, inverse = editing.operations(self.section, self.case, self.index, values, base=self.new_base)
        if not forward:
            self.dirty = False
            self.save_button.setEnabled(False)
            return True
        what = "nieuw item" if self.index is None and self.section.many else "gewijzigd"
        return self._save_patch(forward, inverse, reason, text=f"{self.section.title}: {what}")

    def _save_patch(
        self, forward: list[dict[str, Any]], inverse: list[dict[str, Any]], reason: str, *, text: str
    ) -> bool:
        assert self.bench is not None and self.case_id is not None
        adding = self.section.many and self.index is None
        try:
            version = self.bench.edits.save(
                self.case_id, forward, inverse, text=text, reason=reason, expected=self.version
            )
        except UserError as error:
            from bibob_desk.bootstrap import StaleCase

            if isinstance(error, StaleCase):
                return self._resolve_conflict(forward, inverse, reason, text=text, stale=error)
            self.message.setText(f"Niet opgeslagen: {error}")
            return False
        self.dirty = False
        self.version = version
        if adding:
            self.index = len(editing.items_of(self.section, self.case))
        self.message.setText(f"Opgeslagen als versie {version}.")
        self.saved.emit(version)
        self._reload_case()
        return True

    def _resolve_conflict(
        self,
        forward: list[dict[str, Any]],
        inverse: list[dict[str, Any]],
        reason: str,
        *,
        text: str,
        stale: Any,
    ) -> bool:
        """A colleague saved first: both versions in a dialog; the officer keeps his input (a new
        version on top), keeps the colleague's (his input is dropped) or goes back to his input."""
        from bibob_desk.ui.conflict_dialog import Choice, ask, undo_over

        assert self.bench is not None and self.case_id is not None
        ctx = self.bench.context
        if ctx is None:
            return False
        conflict = ctx.revisions.conflict(self.case_id, stale.expected, forward)
        reference = str(self.case.get("reference", ""))
        choice = ask(self, conflict, reference, ctx.cases.as_dict(self.case_id))
        if choice is Choice.MINE:
            self.version = conflict.current
            undo = undo_over(conflict, inverse)
            note = f"{reason} (na versie {conflict.current} van een collega)".strip()
            return self._save_patch(forward, undo, note, text=text)
        if choice is Choice.THEIRS:
            self.dirty = False
            self.save_button.setEnabled(False)
            self._reload_case()
            self.message.setText(f"Uw invoer is vervallen; u ziet versie {conflict.current}.")
            return True
        self.message.setText(
            f"Niet opgeslagen: versie {conflict.current} van een collega staat er al. Uw invoer staat er "
            "nog; sla opnieuw op om te kiezen."
        )
        return False

    def _reload_case(self) -> None:
        assert self.bench is not None
        ctx = self.bench.context
        if ctx is None or self.case_id is None:
            return
        from bibob_desk.domain.codec import to_primitive

        case = ctx.cases.open_case(self.case_id)
        self.case, self.stage, self.version = (
            to_primitive(case),
            case.stage,
            ctx.revisions.version(self.case_id),
        )
        self._show_section(self.section, keep_index=True)

    def autosave(self) -> None:
        """After a pause: save when the form is complete; otherwise say what is missing and keep the
        typed input as an encrypted draft, so a crash or a killed process loses nothing (T12)."""
        if self.dirty and not self.save(quiet=True):
            self._store_draft()

    def discard(self) -> None:
        self.autosave_timer.stop()
        self.dirty = False
        self._show_section(self.section, keep_index=True)
        self.message.setText("Niet-opgeslagen wijzigingen vergeten.")

    # -- drafts at lock -------------------------------------------------------------------------
    def keep_draft(self) -> None:
        """At lock: the typed input as an encrypted draft, offered again after unlock."""
        if self.dirty and self._store_draft():
            self.autosave_timer.stop()
            self.dirty = False

    def _store_draft(self) -> bool:
        assert self.bench is not None
        ctx = self.bench.context
        if ctx is None or self.case_id is None or not self.dirty:
            return False
        draft = {
            "section": self.section.id,
            "index": self.index,
            "version": self.version,
            "reason": self.reason.text(),
            "fields": {k: e.raw() for k, e in self.editors.items()},
        }
        try:
            ctx.cases.save_draft(DRAFT_PREFIX + self.case_id, draft)
        except UserError:
            return False  # the lock wins
        return True

    def _restore_draft(self, context: AppContext) -> None:
        assert self.case_id is not None
        try:
            draft = context.cases.take_draft(DRAFT_PREFIX + self.case_id)
        except UserError:
            return
        if not draft or draft.get("section") not in edit_sections.BY_ID:
            return
        self._show_section(edit_sections.section(draft["section"]))
        items = editing.items_of(self.section, self.case)
        index = draft.get("index")
        self.index = index if isinstance(index, int) and index < len(items) else None
        if self.section.many:
            self._fill_items(items)
        self._build_form()
        for key, raw in (draft.get("fields") or {}).items():
            if key in self.editors:
                self.editors[key].set_raw(raw)
        self.reason.setText(str(draft.get("reason") or ""))
        self.dirty = True
        self.save_button.setEnabled(True)
        self.version = draft.get("version") or self.version
        self.message.setText(
            "Uw niet-opgeslagen invoer van voor het vergrendelen is teruggezet; sla op met Ctrl+S."
        )

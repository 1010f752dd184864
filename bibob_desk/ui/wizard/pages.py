"""A page per section: question rows and list-and-detail editors for repeat groups."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.questionnaire.definition import Question, RepeatGroup, Section
from bibob_desk.questionnaire.session import FormSession, Problem
from bibob_desk.ui.wizard.fields import QuestionRow

# (group id, item index, question id) -> message
Messages = dict[tuple[str, int | None, str], str]
OnChange = Callable[[str, Any, str, int | None], None]


class GroupEditor(QGroupBox):
    """Items of a repeat group in a list; the selected item's questions below it."""

    def __init__(self, group: RepeatGroup, on_change: OnChange, on_select: Callable[[], None]) -> None:
        super().__init__(group.label)
        self.group = group
        self._on_change = on_change
        self._on_select = on_select
        self.session: FormSession | None = None
        self.items = QListWidget()
        self.items.setObjectName(f"items_{group.id}")
        self.items.setMaximumHeight(120)
        self.add_button = QPushButton("Toevoegen")
        self.remove_button = QPushButton("Verwijderen")
        self.up_button = QPushButton("Omhoog")
        self.down_button = QPushButton("Omlaag")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.group_message = QLabel()
        self.group_message.setStyleSheet("color: #a40000;")
        self.group_message.hide()
        self.detail = QFrame()
        self.detail.setFrameShape(QFrame.Shape.StyledPanel)
        detail_layout = QVBoxLayout(self.detail)
        self.rows: dict[str, QuestionRow] = {}
        for question in group.questions:
            row = QuestionRow(question)
            row.editor.changed.connect(lambda q=question, r=row: self._on_row_changed(q, r))
            detail_layout.addWidget(row)
            self.rows[question.id] = row
        layout = QVBoxLayout(self)
        if group.hint:
            hint = QLabel(group.hint)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            layout.addWidget(hint)
        layout.addWidget(self.items)
        layout.addLayout(buttons)
        layout.addWidget(self.group_message)
        layout.addWidget(self.detail)
        self.items.currentRowChanged.connect(self._on_items_current_row_changed)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))

    @property
    def current(self) -> int | None:
        row = self.items.currentRow()
        return row if row >= 0 else None

    def _label(self, index: int, values: dict[str, Any]) -> str:
        key = self.group.item_label or self.group.questions[0].id
        shown = values.get(key)
        if isinstance(shown, dict):
            shown = " ".join(str(v) for v in shown.values())
        return f"{index + 1}. {shown}" if shown else f"{index + 1}. (nog leeg)"

    def load(self, session: FormSession) -> None:
        self.session = session
        keep = self.current
        self.items.blockSignals(True)
        self.items.clear()
        for index, values in enumerate(session.items(self.group.id)):
            self.items.addItem(self._label(index, values))
        count = self.items.count()
        self.items.setCurrentRow(min(keep, count - 1) if keep is not None else (0 if count else -1))
        self.items.blockSignals(False)
        self._load_detail()

    def _load_detail(self) -> None:
        index = self.current
        self.detail.setVisible(index is not None)
        if index is None or self.session is None:
            return
        values = self.session.items(self.group.id)[index]
        for question_id, row in self.rows.items():
            row.editor.set_value(values.get(question_id))

    def refresh(self, session: FormSession, messages: Messages) -> None:
        self.session = session
        index = self.current
        for question_id, row in self.rows.items():
            visible = index is not None and session.visible(row.question, self.group, index)
            row.setVisible(visible)
            row.set_message(messages.get((self.group.id, index, question_id), "") if visible else "")
        for i, values in enumerate(session.items(self.group.id)):
            if i < self.items.count():
                self.items.item(i).setText(self._label(i, values))
        text = messages.get((self.group.id, None, self.group.id), "")
        self.group_message.setText(text)
        self.group_message.setVisible(bool(text))
        count = len(session.items(self.group.id))
        self.add_button.setEnabled(count < self.group.max)
        self.remove_button.setEnabled(index is not None)
        self.up_button.setEnabled(bool(index))
        self.down_button.setEnabled(index is not None and index < count - 1)

    def _on_items_current_row_changed(self, _row: int) -> None:
        self._load_detail()
        self._on_select()

    def _on_row_changed(self, question: Question, row: QuestionRow) -> None:
        if self.current is not None:
            self._on_change(question.id, row.editor.value(), self.group.id, self.current)

    def _on_add_clicked(self) -> None:
        if self.session is None:
            return
        index = self.session.add_item(self.group.id)
        self.load(self.session)
        self.items.setCurrentRow(index)
        self._on_change("", None, self.group.id, None)  # structure changed: save
        first = next(iter(self.rows.values()), None)
        if first is not None:
            first.editor.setFocus()

    def _on_remove_clicked(self) -> None:
        if self.session is None or self.current is None:
            return
        self.session.remove_item(self.group.id, self.current)
        self.load(self.session)
        self._on_change("", None, self.group.id, None)

    def _move(self, step: int) -> None:
        index = self.current
        if self.session is None or index is None:
            return
        target = index + step
        if not 0 <= target < len(self.session.items(self.group.id)):
            return
        self.session.move_item(self.group.id, index, target)
        self.load(self.session)
        self.items.setCurrentRow(target)
        self._on_change("", None, self.group.id, None)

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.add_button, self.remove_button, self.up_button, self.down_button):
            widget.setVisible(not read_only)
        for row in self.rows.values():
            row.editor.setEnabled(not read_only)


class SectionPage(QScrollArea):
    def __init__(self, section: Section, on_change: OnChange, on_select: Callable[[], None]) -> None:
        super().__init__()
        self.section = section
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        title = QLabel(section.title)
        font = title.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        if section.intro:
            intro = QLabel(section.intro)
            intro.setWordWrap(True)
            layout.addWidget(intro)
        self.rows: dict[str, QuestionRow] = {}
        self.groups: dict[str, GroupEditor] = {}
        for item in section.items:
            if isinstance(item, RepeatGroup):
                editor = GroupEditor(item, on_change, on_select)
                self.groups[item.id] = editor
                layout.addWidget(editor)
            else:
                row = QuestionRow(item)
                row.editor.changed.connect(lambda q=item, r=row: on_change(q.id, r.editor.value(), "", None))
                self.rows[item.id] = row
                layout.addWidget(row)
        self.attachments = QLabel()
        self.attachments.setWordWrap(True)
        self.attachments.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.attachments)
        layout.addStretch(1)
        self.setWidget(body)

    def load(self, session: FormSession) -> None:
        for question_id, row in self.rows.items():
            row.editor.set_value(session.answers.get(question_id))
        for editor in self.groups.values():
            editor.load(session)

    def refresh(self, session: FormSession, messages: Messages) -> None:
        for question_id, row in self.rows.items():
            visible = session.visible(row.question)
            row.setVisible(visible)
            row.set_message(messages.get(("", None, question_id), "") if visible else "")
        for editor in self.groups.values():
            editor.setVisible(session.visible(editor.group))
            editor.refresh(session, messages)
        wanted = [
            a.label for a in self.section.attachments if a.relevant is None or _holds(session, a.relevant)
        ]
        self.attachments.setText(
            "Mee te sturen bijlagen:\n" + "\n".join(f"• {w}" for w in wanted) if wanted else ""
        )
        self.attachments.setVisible(bool(wanted))

    def set_read_only(self, read_only: bool) -> None:
        for row in self.rows.values():
            row.editor.setEnabled(not read_only)
        for editor in self.groups.values():
            editor.set_read_only(read_only)

    def focus(self, question_id: str, group: str = "", item: int | None = None) -> None:
        """Show and focus one field (used by the Controle list)."""
        target: QWidget | None
        if group and group in self.groups:
            editor = self.groups[group]
            if item is not None:
                editor.items.setCurrentRow(item)
            row = editor.rows.get(question_id)
            target = row.editor if row is not None else editor
        else:
            row = self.rows.get(question_id)
            target = row.editor if row is not None else None
        if target is not None:
            self.ensureWidgetVisible(target)
            target.setFocus()


def _holds(session: FormSession, condition: Any) -> bool:
    from bibob_desk.questionnaire.values import evaluate

    return evaluate(condition, session.value)


def messages_from(problems: list[Problem]) -> Messages:
    out: Messages = {}
    for p in problems:
        key = (p.group, p.item, p.question)
        out.setdefault(key, p.message)
    return out

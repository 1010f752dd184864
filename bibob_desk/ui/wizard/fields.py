"""One editor widget per question type. Editors hold text as typed; `value()` gives the answer as
the session stores it (a value that does not parse is kept as typed, so the session can say why)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bibob_desk.questionnaire.definition import NO, UNKNOWN, YES, Question, QuestionType

_DUTCH_GROUPED = re.compile(r"-?\d{1,3}(\.\d{3})+")
_DATE_NL = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
COMMIT_DELAY_MS = 600


def parse_number(text: str) -> str:
    """'6.500,50' -> '6500.50'; '6,2' -> '6.2'; anything else as typed (stripped)."""
    text = text.strip().replace("€", "").replace(" ", "")
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    if _DUTCH_GROUPED.fullmatch(text):
        return text.replace(".", "")
    return text


def parse_date(text: str) -> str:
    text = text.strip()
    match = _DATE_NL.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return text
    return text


def show_date(value: Any) -> str:
    try:
        return date.fromisoformat(str(value)).strftime("%d-%m-%Y")
    except ValueError:
        return str(value)


class FieldEditor(QWidget):
    changed = Signal()  # the user committed a new value

    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question
        self._loading = False

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self._show(value)
        finally:
            self._loading = False

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def _emit(self) -> None:
        if not self._loading:
            self.changed.emit()


class LineEditor(FieldEditor):
    """Text, numbers, dates and identifiers: committed on leaving the field or after a pause."""

    def __init__(self, question: Question) -> None:
        super().__init__(question)
        self.edit = QLineEdit()
        placeholders = {
            QuestionType.DATE: "dd-mm-jjjj",
            QuestionType.MONEY: "bijv. 65000 of 6.500,50",
            QuestionType.PERCENTAGE: "bijv. 6,2",
            QuestionType.COUNTRY: "landcode, bijv. NL",
            QuestionType.KVK: "8 cijfers",
            QuestionType.BSN: "9 cijfers",
            QuestionType.IBAN: "NL91 ABNA …",
        }
        self.edit.setPlaceholderText(placeholders.get(question.type, ""))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMMIT_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.edit.textEdited.connect(lambda _text: self._timer.start())
        self.edit.editingFinished.connect(self._commit_now)
        self.setFocusProxy(self.edit)

    def _commit_now(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._emit()

    def value(self) -> Any:
        text = self.edit.text()
        kind = self.question.type
        if not text.strip():
            return None
        if kind == QuestionType.INTEGER:
            stripped = text.strip()
            return int(stripped) if re.fullmatch(r"-?\d{1,12}", stripped, re.ASCII) else stripped
        if kind in (QuestionType.MONEY, QuestionType.PERCENTAGE):
            return parse_number(text)
        if kind == QuestionType.DATE:
            return parse_date(text)
        if kind == QuestionType.COUNTRY:
            return text.strip().upper()
        return (
            text
            if kind in (QuestionType.TEXT, QuestionType.PARTY_REF, QuestionType.ATTACHMENT)
            else text.strip()
        )

    def _show(self, value: Any) -> None:
        if value is None:
            self.edit.clear()
        elif self.question.type == QuestionType.DATE:
            self.edit.setText(show_date(value))
        elif self.question.type in (QuestionType.MONEY, QuestionType.PERCENTAGE):
            self.edit.setText(str(value).replace(".", ","))
        else:
            self.edit.setText(str(value))


class TextAreaEditor(FieldEditor):
    def __init__(self, question: Question) -> None:
        super().__init__(question)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(90)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMMIT_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.edit.textChanged.connect(lambda: None if self._loading else self._timer.start())
        self.setFocusProxy(self.edit)

    def value(self) -> Any:
        return self.edit.toPlainText() or None

    def _show(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))


class ComboEditor(FieldEditor):
    def __init__(self, question: Question) -> None:
        super().__init__(question)
        self.combo = QComboBox()
        self.combo.addItem("— kies —", "")  # not None: PySide6 mis-counts references to None in item data
        if question.type == QuestionType.YES_NO_UNKNOWN:
            for value, text in ((YES, "Ja"), (NO, "Nee"), (UNKNOWN, "Onbekend")):
                self.combo.addItem(text, value)
        else:
            for choice in question.choices:
                self.combo.addItem(choice.label, choice.value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.combo.currentIndexChanged.connect(lambda _i: self._emit())
        self.setFocusProxy(self.combo)

    def value(self) -> Any:
        return self.combo.currentData() or None

    def _show(self, value: Any) -> None:
        index = self.combo.findData(value if value is not None else "")
        if index < 0 and value is not None:  # an old or unknown value stays visible, marked
            self.combo.addItem(f"{value} (onbekende waarde)", value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))


class MultiEditor(FieldEditor):
    def __init__(self, question: Question) -> None:
        super().__init__(question)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for choice in question.choices:
            box = QCheckBox(choice.label)
            box.toggled.connect(lambda _on: self._emit())
            layout.addWidget(box)
            self.boxes[choice.value] = box
        if self.boxes:
            self.setFocusProxy(next(iter(self.boxes.values())))

    def value(self) -> Any:
        return [v for v, box in self.boxes.items() if box.isChecked()] or None

    def _show(self, value: Any) -> None:
        chosen = set(value or [])
        for v, box in self.boxes.items():
            box.setChecked(v in chosen)


class AddressEditor(FieldEditor):
    PARTS = (("street", "straat"), ("house_number", "nr."), ("postcode", "1234 AB"), ("city", "plaats"))

    def __init__(self, question: Question) -> None:
        super().__init__(question)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edits: dict[str, QLineEdit] = {}
        for key, placeholder in self.PARTS:
            edit = QLineEdit()
            edit.setPlaceholderText(placeholder)
            edit.editingFinished.connect(self._emit_if_changed)
            layout.addWidget(edit, 3 if key in ("street", "city") else 1)
            self.edits[key] = edit
        self._last: Any = None
        self.setFocusProxy(self.edits["street"])

    def _emit_if_changed(self) -> None:
        if self.value() != self._last:
            self._last = self.value()
            self._emit()

    def value(self) -> Any:
        parts = {k: e.text().strip() for k, e in self.edits.items() if e.text().strip()}
        return parts or None

    def _show(self, value: Any) -> None:
        for key, edit in self.edits.items():
            edit.setText(str((value or {}).get(key, "")))
        self._last = self.value()


def make_editor(question: Question) -> FieldEditor:
    if question.type in (QuestionType.LONG_TEXT, QuestionType.NOTE):
        return TextAreaEditor(question)
    if question.type in (QuestionType.YES_NO_UNKNOWN, QuestionType.SELECT_ONE):
        return ComboEditor(question)
    if question.type == QuestionType.SELECT_MANY:
        return MultiEditor(question)
    if question.type == QuestionType.ADDRESS:
        return AddressEditor(question)
    return LineEditor(question)


class QuestionRow(QWidget):
    """Label (with * when required), editor, hint and the current message."""

    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question
        mark = " *" if question.required else ""
        self.label = QLabel(f"{question.label}{mark}")
        self.label.setWordWrap(True)
        self.editor = make_editor(question)
        self.label.setBuddy(self.editor)
        self.message = QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a40000;")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.label)
        layout.addWidget(self.editor)
        if question.hint:
            hint = QLabel(question.hint)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            layout.addWidget(hint)
        self.source = QLabel()  # "uit het dossier (…)" when the value was prefilled from the case
        self.source.setObjectName("fieldSource")
        self.source.setStyleSheet("color: #1a5e20;")
        self.source.hide()
        layout.addWidget(self.source)
        layout.addWidget(self.message)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

    def set_source(self, text: str) -> None:
        self.source.setText(text)
        self.source.setVisible(bool(text))

    def set_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

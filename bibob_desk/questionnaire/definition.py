"""The loaded form definition (immutable) and its structured conditions. No eval anywhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class QuestionType(StrEnum):
    """The answer types of a form question (forms/README.md)."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    MONEY = "money"
    PERCENTAGE = "percentage"
    DATE = "date"
    YES_NO_UNKNOWN = "yes_no_unknown"
    SELECT_ONE = "select_one"
    SELECT_MANY = "select_many"
    KVK = "kvk"
    BSN = "bsn"
    RSIN = "rsin"
    IBAN = "iban"
    ADDRESS = "address"
    COUNTRY = "country"
    PARTY_REF = "party_ref"
    ATTACHMENT = "attachment"
    NOTE = "note"


QUESTION_TYPES = tuple(t.value for t in QuestionType)  # for the form schema
YES, NO, UNKNOWN = "ja", "nee", "onbekend"
COMPARISONS = (
    "eq",
    "ne",
    "gt",
    "ge",
    "lt",
    "le",
    "in",
    "not_in",
    "contains",
    "answered",
    "not_answered",
    "matches",
)
COMBINATORS = ("all", "any", "not")


@dataclass(frozen=True)
class Condition:
    """Either a combinator over `children` or a comparison of one question's answer.

    `question` "." means the question the condition belongs to (for constraints). The right-hand
    side is a literal `value` or another question's answer (`other`).
    """

    op: str
    question: str = ""
    value: Any = None
    other: str = ""
    children: tuple[Condition, ...] = ()

    def questions(self) -> set[str]:
        names = {q for q in (self.question, self.other) if q and q != "."}
        for child in self.children:
            names |= child.questions()
        return names


@dataclass(frozen=True)
class Constraint:
    condition: Condition
    message: str


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class OfficialRef:
    ref: str
    verified: bool


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    label: str
    line: int
    hint: str = ""
    required: bool = False
    relevant: Condition | None = None
    constraints: tuple[Constraint, ...] = ()
    choices: tuple[Choice, ...] = ()
    official_ref: OfficialRef | None = None
    bind: str = ""


@dataclass(frozen=True)
class RepeatGroup:
    id: str
    label: str
    line: int
    questions: tuple[Question, ...]
    hint: str = ""
    min: int = 0
    max: int = 50
    unique: tuple[str, ...] = ()
    relevant: Condition | None = None
    creates: str = ""  # party | financing | premises | antecedent | signal | source_check | history_event | …
    role: str = ""  # for parties: the relation this item gets
    toward: str = ""  # "applicant" or "" (the case)
    item_label: str = ""  # question id whose answer names an item in lists

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


Item = Question | RepeatGroup


@dataclass(frozen=True)
class Attachment:
    id: str
    label: str
    relevant: Condition | None = None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Item, ...]
    intro: str = ""
    relevant: Condition | None = None
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class FormDefinition:
    id: str
    version: int
    title: str
    kind: str  # vragenformulier | eigen_onderzoek | weerbaarheidsscan
    sections: tuple[Section, ...]
    source: str
    sha256: str
    official_source: str = ""
    permit_kinds: tuple[str, ...] = ()
    _index: dict[str, tuple[Section, Item, RepeatGroup | None]] = field(default_factory=dict, compare=False)

    def find(self, question_id: str) -> tuple[Section, Item, RepeatGroup | None]:
        """(section, question or group, enclosing group) for any id in the form."""
        if not self._index:
            for section in self.sections:
                for item in section.items:
                    self._index[item.id] = (section, item, None)
                    if isinstance(item, RepeatGroup):
                        for q in item.questions:
                            self._index.setdefault(f"{item.id}.{q.id}", (section, q, item))
        return self._index[question_id]

    def labels(self) -> dict[str, str]:
        """Label of every top-level item (question or repeat group) by id."""
        return {i.id: i.label for s in self.sections for i in s.items}

    def top_level_questions(self) -> list[Question]:
        return [i for s in self.sections for i in s.items if isinstance(i, Question)]

    def groups(self) -> list[RepeatGroup]:
        return [i for s in self.sections for i in s.items if isinstance(i, RepeatGroup)]

"""The questionnaire meets the case: what the dossier already holds for each top-level bound
question (to prefill the wizard, with where it came from), and where a given answer differs from
the dossier (shown side by side; the officer chooses, nothing is overwritten silently)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Address, Case
from bibob_desk.questionnaire.binder import form_tag
from bibob_desk.questionnaire.definition import NO, YES, FormDefinition, Question, QuestionType
from bibob_desk.questionnaire.values import check_value, is_answered

ADDRESS_KEYS = ("street", "house_number", "postcode", "city")


@dataclass(frozen=True)
class Prefilled:
    question: str
    value: Any  # as an answer
    source: str  # "uit het dossier (aanvraag, 03-03-2025)"


@dataclass(frozen=True)
class Difference:
    question: str
    label: str
    in_case: str
    in_form: str


def _owner(case: Case, root: str) -> tuple[Any, Any]:
    """(object the bind's path starts from, its provenance or None)."""
    if root == "case":
        return case, None
    if root == "applicant":
        applicants = case.applicants()
        return (applicants[0], applicants[0].provenance) if applicants else (None, None)
    if root == "investment":
        return case.investment, getattr(case.investment, "provenance", None)
    if root == "takeover":
        return case.takeover, getattr(case.takeover, "provenance", None)
    if root == "premises":
        return (case.premises[0], case.premises[0].provenance) if case.premises else (None, None)
    return None, None


def as_answer(value: Any) -> Any:
    """A dossier value in the form's answer representation."""
    if value is None or value in ("", []):
        return None
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Enum):
        return None if value.value == "onbekend" else value.value  # an explicit unknown stays unknown
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Address):
        parts = {k: getattr(value, k) for k in ADDRESS_KEYS if getattr(value, k)}
        return parts or None
    if isinstance(value, list):
        items = [as_answer(v) for v in value]
        return [i for i in items if i is not None] or None
    return value


def case_value(case: Case, bind: str) -> tuple[Any, Any]:
    """(the dossier's value for a top-level bind as an answer, the provenance it has)."""
    root, *path = bind.split(".")
    obj, provenance = _owner(case, root)
    for part in path:
        obj = getattr(obj, part, None) if obj is not None else None
    return as_answer(obj), provenance


def _top_questions(form: FormDefinition) -> list[Question]:
    out = []
    for section in form.sections:
        for item in section.items:
            if isinstance(item, Question) and item.bind:
                out.append(item)
    return out


def _source(provenance: Any) -> str:
    if provenance is None:
        return "uit het dossier"
    bits = [label(provenance.kind)] + ([provenance.source] if provenance.source else [])
    if provenance.date:
        bits.append(f"{provenance.date:%d-%m-%Y}")
    return f"uit het dossier ({', '.join(bits)})"


def fitted(question: Question, value: Any) -> Any:
    """The dossier's value in the shape this question answers (None when it does not fit: a list
    of two permit kinds for a one-choice question, a text for a choice that is not offered)."""
    if question.type is QuestionType.SELECT_MANY:
        items = value if isinstance(value, list) else [value]
    elif isinstance(value, list):
        if len(value) != 1:
            return None
        value = value[0]
    if question.type is QuestionType.ADDRESS:
        return value if isinstance(value, dict) else None
    if isinstance(value, dict):
        return None
    if question.type in (QuestionType.SELECT_ONE, QuestionType.SELECT_MANY):
        offered = {c.value for c in question.choices}
        if question.type is QuestionType.SELECT_MANY:
            return items if all(isinstance(i, str) and i in offered for i in items) else None
        return value if isinstance(value, str) and value in offered else None
    return None if check_value(question, value) else value


def prefill(case: Case, form: FormDefinition, answers: dict[str, Any]) -> list[Prefilled]:
    """Answers the dossier already gives for questions not answered yet."""
    out = []
    for question in _top_questions(form):
        if is_answered(answers.get(question.id)):
            continue
        value, provenance = case_value(case, question.bind)
        value = fitted(question, value) if is_answered(value) else None
        if is_answered(value):
            out.append(Prefilled(question.id, value, _source(provenance)))
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        keys = set(a) | set(b)
        return all(
            str(a.get(k) or "").strip().casefold() == str(b.get(k) or "").strip().casefold() for k in keys
        )
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    text_a, text_b = str(a).strip(), str(b).strip()
    try:
        return Decimal(text_a.replace(",", ".")) == Decimal(text_b.replace(",", "."))
    except ArithmeticError:
        return text_a.casefold() == text_b.casefold()


def _adds_to(answer: Any, held: Any) -> bool:
    """The answer keeps everything the dossier holds and only adds (another permit kind, the city
    of an address that had only a street): nothing of the dossier would be lost."""
    if isinstance(answer, list) and isinstance(held, list):
        return {str(v) for v in held} <= {str(v) for v in answer}
    if isinstance(answer, dict) and isinstance(held, dict):
        return all(_text(v) == _text(answer.get(k)) for k, v in held.items() if _text(v))
    return False


def _objects_started(form: FormDefinition, previous: dict[str, Any]) -> set[str]:
    """Nested objects (premises.market_band) of which this form's earlier answers filled a field:
    the binder created them, so their other fields hold its placeholders, not dossier facts."""
    out = set()
    for question in _top_questions(form):
        parent = question.bind.rsplit(".", 1)[0]
        if parent.count(".") >= 1 and is_answered(previous.get(question.id)):
            out.add(parent)
    return out


def _text(value: Any) -> str:
    return str(value or "").strip().casefold()


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        street = " ".join(str(value.get(k) or "") for k in ("street", "house_number")).strip()
        place = " ".join(str(value.get(k) or "") for k in ("postcode", "city")).strip()
        return ", ".join(p for p in (street, place) if p)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def differences(
    case: Case, form: FormDefinition, answers: dict[str, Any], previous: dict[str, Any] | None = None
) -> list[Difference]:
    """Answers that would change what the dossier holds. A dossier value this form put there
    itself (the previous answer) is not a difference: the form owns it."""
    out = []
    started = _objects_started(form, previous or {})
    for question in _top_questions(form):
        answer = answers.get(question.id)
        if not is_answered(answer):
            continue
        held, provenance = case_value(case, question.bind)
        if question.bind.rsplit(".", 1)[0] in started:
            continue  # a nested object this form began (a market band): its fields are the form's
        if provenance is not None and provenance.source == form_tag(form):
            continue  # the object was made by this form (a takeover, the premises): the form owns it
        if isinstance(held, list) and not isinstance(answer, list):
            held = held if len(held) != 1 else held[0]
        if not is_answered(held) or _same(held, answer) or _adds_to(answer, held):
            continue
        if (
            previous is not None
            and is_answered(previous.get(question.id))
            and _same(held, previous[question.id])
        ):
            continue
        out.append(Difference(question.id, question.label, _shown(held), _shown(answer)))
    return out

"""Answer values: how each question type is stored (JSON-friendly) and checked (Dutch messages)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from bibob_desk.questionnaire.definition import NO, UNKNOWN, YES, Condition, Question, QuestionType
from bibob_desk.validation.identifiers import check_bsn, check_iban, check_kvk, check_postcode, check_rsin

_COUNTRY = re.compile(r"[A-Z]{2}", re.ASCII)
_IDENTIFIERS = {
    QuestionType.KVK: check_kvk,
    QuestionType.BSN: check_bsn,
    QuestionType.RSIN: check_rsin,
    QuestionType.IBAN: check_iban,
}
MAX_TEXT = {QuestionType.TEXT: 500, QuestionType.LONG_TEXT: 20_000, QuestionType.NOTE: 20_000}


def is_answered(value: Any) -> bool:
    if value is None or value in ("", []):
        return False
    if isinstance(value, dict):
        return any(is_answered(v) for v in value.values())
    return True


def to_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def check_value(question: Question, value: Any) -> str:
    """'' when the stored value fits the question type; else a Dutch message. Never raises."""
    if not is_answered(value):
        return ""
    kind = question.type
    if kind in MAX_TEXT:
        if not isinstance(value, str):
            return "Vul tekst in."
        return f"Hoogstens {MAX_TEXT[kind]} tekens." if len(value) > MAX_TEXT[kind] else ""
    if kind == QuestionType.INTEGER:
        return "" if isinstance(value, int) and not isinstance(value, bool) else "Vul een heel getal in."
    if kind in (QuestionType.MONEY, QuestionType.PERCENTAGE):
        number = to_decimal(value)
        if number is None:
            return (
                "Vul een bedrag in, bijvoorbeeld 65000 of 6500,50."
                if kind == QuestionType.MONEY
                else "Vul een getal in."
            )
        if kind == QuestionType.PERCENTAGE and not Decimal(0) <= number <= Decimal(100):
            return "Een percentage ligt tussen 0 en 100."
        if kind == QuestionType.MONEY and abs(number) > Decimal(10**12):
            return "Dit bedrag is te groot."
        return ""
    if kind == QuestionType.DATE:
        try:
            date.fromisoformat(str(value))
        except ValueError:
            return "Vul een bestaande datum in (dd-mm-jjjj)."
        return ""
    if kind == QuestionType.YES_NO_UNKNOWN:
        return "" if value in (YES, NO, UNKNOWN) else "Kies ja, nee of onbekend."
    if kind == QuestionType.SELECT_ONE:
        return "" if value in {c.value for c in question.choices} else "Kies een van de mogelijkheden."
    if kind == QuestionType.SELECT_MANY:
        allowed = {c.value for c in question.choices}
        ok = isinstance(value, list) and all(v in allowed for v in value)
        return "" if ok else "Kies uit de mogelijkheden."
    if kind in _IDENTIFIERS:
        verdict = _IDENTIFIERS[kind](value)
        return "" if verdict.valid else verdict.message
    if kind == QuestionType.ADDRESS:
        return _check_address(value)
    if kind == QuestionType.COUNTRY:
        return (
            ""
            if isinstance(value, str) and _COUNTRY.fullmatch(value)
            else "Gebruik een landcode, bijv. NL of BE."
        )
    if kind in (QuestionType.PARTY_REF, QuestionType.ATTACHMENT):
        return "" if isinstance(value, str) and len(value) <= 500 else "Ongeldige verwijzing."
    return "Onbekend vraagtype."


def _check_address(value: Any) -> str:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        return "Vul postcode en huisnummer in."
    if set(value) - {"street", "house_number", "postcode", "city"}:
        return "Onbekend adresveld."
    if not value.get("postcode"):
        # A building plot or an address abroad may have no postcode; then a street is needed.
        return "" if value.get("street") else "Vul postcode en huisnummer in, of een straat of perceel."
    if not value.get("house_number"):
        return "Vul ook het huisnummer in."
    verdict = check_postcode(value["postcode"])
    return "" if verdict.valid else verdict.message


def _compare(op: str, left: Any, right: Any) -> bool:
    if op in ("eq", "ne"):
        a, b = to_decimal(left), to_decimal(right)
        same = (a == b) if a is not None and b is not None else left == right
        return same if op == "eq" else not same
    if op in ("gt", "ge", "lt", "le"):
        a, b = to_decimal(left), to_decimal(right)
        if a is None or b is None:
            if isinstance(left, str) and isinstance(right, str):  # ISO dates compare as text
                a, b = left, right  # type: ignore[assignment]
            else:
                return False
        return {"gt": a > b, "ge": a >= b, "lt": a < b, "le": a <= b}[op]  # type: ignore[operator]
    if op in ("in", "not_in"):
        found = left in (right or ())
        return found if op == "in" else not found
    if op == "contains":
        return right in left if isinstance(left, list | str) else False
    if op == "matches":
        return isinstance(left, str) and re.fullmatch(str(right), left) is not None
    return False


def evaluate(condition: Condition, lookup: Any) -> bool:
    """Evaluate a structured condition; `lookup(question_id)` returns an answer (or None)."""
    if condition.op == "all":
        return all(evaluate(c, lookup) for c in condition.children)
    if condition.op == "any":
        return any(evaluate(c, lookup) for c in condition.children)
    if condition.op == "not":
        return not evaluate(condition.children[0], lookup)
    left = lookup(condition.question)
    if condition.op == "answered":
        return is_answered(left)
    if condition.op == "not_answered":
        return not is_answered(left)
    if not is_answered(left):
        return False
    right = lookup(condition.other) if condition.other else condition.value
    if isinstance(right, tuple):
        right = list(right)
    return _compare(condition.op, left, right)

"""The case editors as data: per part of the case (a section) its fields with Dutch labels, kinds,
choices and checks, and how typed text becomes case data. Pure (no Qt): the GUI builds its widgets
from these, tests drive the same parsing. Values are those of the exchange format (ISO dates,
numbers, enum values); None is unknown, and unknown stays representable everywhere."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

import jsonpatch

from bibob_desk.validation.identifiers import (
    Check,
)


class Kind(StrEnum):
    TEXT = "text"
    LONG = "long"  # several lines
    DATE = "date"
    MONEY = "money"
    PERCENT = "percent"
    NUMBER = "number"  # a whole number
    YESNO = "yesno"  # ja / nee / onbekend
    CHOICE = "choice"
    CHOICES = "choices"  # several of a vocabulary (permit kinds)
    PARTY = "party"  # one of the case's parties


class FieldError(ValueError):
    """Typed text that is not a value of its field; the message is Dutch and names no value."""


@dataclass(frozen=True)
class FieldSpec:
    key: str  # dotted inside the item: "address.postcode"
    label: str
    kind: Kind
    choices: tuple[tuple[str, str], ...] = ()  # (value, label); for PARTY filled from the case
    required: bool = False
    check: Callable[[object], Check] | None = None
    when: tuple[str, str] | None = None  # shown only while field `when[0]` has value `when[1]`
    hint: str = ""


@dataclass(frozen=True)
class EditSection:
    id: str
    title: str
    path: str  # "" the case itself; else a list ("parties") or an optional object ("legal")
    many: bool
    fields: tuple[FieldSpec, ...]
    columns: tuple[str, ...] = ()  # keys shown in the list of items
    id_prefix: str = ""  # items with an id get prefix + number ("p3")


_DUTCH_DATE = re.compile(r"([0-9]{1,2})[-./ ]([0-9]{1,2})[-./ ]([0-9]{4})", re.ASCII)
_HOUSE_NUMBER = re.compile(r"[1-9][0-9]{0,4}( ?[A-Za-z]{1,4}|-[0-9A-Za-z]{1,6}| [0-9]{1,4})?", re.ASCII)
YES, NO = "ja", "nee"


def check_house_number(value: object) -> Check:
    text = str(value).strip()
    if not _HOUSE_NUMBER.fullmatch(text):
        return Check(
            False, "Een huisnummer begint met een cijfer, eventueel met een toevoeging (12, 12A, 12-2)."
        )
    return Check(True, "", text)


def _decimal(raw: str, what: str) -> Decimal:
    text = raw.replace("€", "").replace("%", "").replace(" ", "").replace("\u00a0", "").strip()
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")  # 6.500,50
    elif "," in text:
        text = text.replace(",", ".")  # 6,2
    elif re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]{3})+", text, re.ASCII):
        text = text.replace(".", "")  # 6.500
    if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text, re.ASCII):
        raise FieldError(
            f"Vul {what} in cijfers in, bijvoorbeeld {'6.500,50' if what == 'een bedrag' else '6,2'}."
        )
    try:
        return Decimal(text)
    except InvalidOperation:
        raise FieldError(f"Vul {what} in cijfers in.") from None


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def parse(spec: FieldSpec, raw: str | list[str] | None) -> Any:
    """Typed text -> the field's value (exchange form). Empty -> None (unknown). FieldError if not."""
    if spec.kind is Kind.CHOICES:
        values = [v for v in (raw or []) if v]
        known = {v for v, _ in spec.choices}
        if any(v not in known for v in values):
            raise FieldError("Kies uit de lijst.")
        if spec.required and not values:
            raise FieldError(f"Kies minstens één {spec.label.lower()}.")
        return values or None
    text = (raw if isinstance(raw, str) else "").strip()
    if not text:
        if spec.required:
            raise FieldError(f"{spec.label} is verplicht.")
        return None
    if spec.kind in (Kind.TEXT, Kind.LONG):
        if spec.check is not None:
            verdict = spec.check(text)
            if not verdict.valid:
                raise FieldError(verdict.message)
            return verdict.normalized or text
        return text
    if spec.kind is Kind.DATE:
        return parse_day(text).isoformat()
    if spec.kind is Kind.MONEY:
        return _json_number(_decimal(text, "een bedrag"))
    if spec.kind is Kind.PERCENT:
        value = _decimal(text, "een percentage")
        if not 0 <= value <= 100:
            raise FieldError("Een percentage ligt tussen 0 en 100.")
        return _json_number(value)
    if spec.kind is Kind.NUMBER:
        if not re.fullmatch(r"[0-9]{1,6}", text, re.ASCII):
            raise FieldError("Vul een heel getal in (0 of meer).")
        return int(text)
    if spec.kind is Kind.YESNO:
        if text not in (YES, NO):
            raise FieldError("Kies ja, nee of onbekend.")
        return text == YES
    if spec.kind in (Kind.CHOICE, Kind.PARTY):
        if text not in {v for v, _ in spec.choices}:
            raise FieldError("Kies uit de lijst.")
        return text
    raise AssertionError(spec.kind)


def shown(spec: FieldSpec, value: Any) -> str | list[str]:
    """The field's value as the widget shows it (the reverse of `parse`)."""
    if spec.kind is Kind.CHOICES:
        return [str(v) for v in value or []]
    if value is None:
        return ""
    if spec.kind is Kind.DATE:
        try:
            return f"{date.fromisoformat(str(value)):%d-%m-%Y}"
        except ValueError:
            return str(value)
    if spec.kind in (Kind.MONEY, Kind.PERCENT):
        return str(value).replace(".", ",")
    if spec.kind is Kind.YESNO:
        return YES if value else NO
    return str(value)


def parse_day(text: str) -> date:
    """A date as typed: dd-mm-jjjj (as the UI shows every date) or, for a paste, jjjj-mm-dd."""
    match = _DUTCH_DATE.fullmatch(text.strip())
    try:
        day = date(int(match[3]), int(match[2]), int(match[1])) if match else date.fromisoformat(text.strip())
    except ValueError:
        raise FieldError("Geen bestaande datum; schrijf de datum als dd-mm-jjjj.") from None
    if not 1900 <= day.year <= 2200:
        raise FieldError("Kies een datum tussen 1900 en 2200.")
    return day


def get(item: dict[str, Any] | None, key: str) -> Any:
    node: Any = item
    for part in key.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def put(item: dict[str, Any], key: str, value: Any) -> None:
    """Set a dotted key; None or [] removes it, and an object left empty is removed too."""
    parts = key.split(".")
    node = item
    trail = []
    for part in parts[:-1]:
        trail.append((node, part))
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise FieldError("Dit veld past niet in het dossier.")
    if value is None or value in ([], ""):
        node.pop(parts[-1], None)
        for parent, part in reversed(trail):
            if parent.get(part) == {}:
                del parent[part]
    else:
        node[parts[-1]] = value


def items_of(section: EditSection, case: dict[str, Any]) -> list[dict[str, Any]]:
    """The items the section edits: the list, or the one object (empty when the case has none)."""
    if not section.path:
        return [case]
    value = case.get(section.path)
    if section.many:
        return list(value or [])
    return [value or {}]


def new_item(section: EditSection, case: dict[str, Any], *, user: str, today: date) -> dict[str, Any]:
    """A fresh item with its id and provenance (recorded by the user, today: eigen onderzoek)."""
    item: dict[str, Any] = {}
    if section.id_prefix:
        taken = [str(x.get("id", "")) for x in case.get(section.path) or []]
        numbers = [int(t[len(section.id_prefix) :]) for t in taken if t[len(section.id_prefix) :].isdigit()]
        item["id"] = f"{section.id_prefix}{max(numbers, default=0) + 1}"
    if any(f.key.startswith("provenance.") for f in section.fields):
        item["provenance"] = {"kind": "eigen_onderzoek", "date": today.isoformat(), "recorded_by": user}
    return item


def operations(
    section: EditSection,
    case: dict[str, Any],
    index: int | None,
    values: dict[str, Any],
    *,
    base: dict[str, Any] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """RFC 6902 operations (forward, back) that put `values` (key -> parsed value) into item `index`
    of the section (None: a new item at the end, starting from `base`; a single object: 0)."""
    after = copy.deepcopy(case)
    if not section.path:
        item = after
    elif section.many:
        target = after.setdefault(section.path, [])
        if index is None:
            target.append(copy.deepcopy(base or {}))
            index = len(target) - 1
        item = target[index]
    else:
        item = after.setdefault(section.path, {})
    for key, value in values.items():
        put(item, key, value)
    if section.path and not section.many and not after[section.path]:
        del after[section.path]
    return jsonpatch.make_patch(case, after).patch, jsonpatch.make_patch(after, case).patch


def removal(
    section: EditSection, case: dict[str, Any], index: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    after = copy.deepcopy(case)
    if section.many:
        del after[section.path][index]
        if not after[section.path]:
            del after[section.path]
    else:
        after.pop(section.path, None)
    return jsonpatch.make_patch(case, after).patch, jsonpatch.make_patch(after, case).patch


def party_choices(case: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((str(p.get("id")), str(p.get("name", ""))) for p in case.get("parties") or [])


def visible(spec: FieldSpec, values: dict[str, Any]) -> bool:
    return spec.when is None or str(values.get(spec.when[0]) or "") == spec.when[1]


def cell(spec: FieldSpec, value: Any, case: dict[str, Any]) -> str:
    """A value as the list of items shows it (labels, party names, Dutch dates)."""
    if value is None:
        return ""
    if spec.kind is Kind.PARTY:
        return dict(party_choices(case)).get(str(value), str(value))
    if spec.kind in (Kind.CHOICE, Kind.CHOICES):
        names = dict(spec.choices)
        return ", ".join(names.get(str(v), str(v)) for v in (value if isinstance(value, list) else [value]))
    text = shown(spec, value)
    text = text if isinstance(text, str) else ", ".join(text)
    return text if len(text) <= 60 else text[:57] + "…"

"""Three-valued conditions over facts: True, False, or None (unknown because data is missing).

{all: [...]} is False if any part is False, unknown if any part is unknown, else True; {any: [...]}
is True if any part is True, unknown if any is unknown, else False. A comparison with an unknown
fact is unknown and names that fact, so the engine can say what is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from bibob_desk.domain.assessment import Evidence
from bibob_desk.risk.facts import Fact

OPS = ("eq", "ne", "gt", "ge", "lt", "le", "in", "not_in", "is_true", "is_false", "known")


@dataclass
class Outcome:
    value: bool | None
    missing: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    return value


def _compare(op: str, left: Any, right: Any) -> bool:
    left, right = _number(left), _number(right)
    if op == "eq":
        return left == right
    if op == "ne":
        return left != right
    if op == "in":
        return left in right
    if op == "not_in":
        return left not in right
    if op in ("gt", "ge", "lt", "le"):
        return {"gt": left > right, "ge": left >= right, "lt": left < right, "le": left <= right}[op]
    raise ValueError(op)


def evaluate(
    condition: Mapping[str, Any], lookup: Callable[[str], Fact], params: Mapping[str, Any]
) -> Outcome:
    if "all" in condition or "any" in condition:
        is_all = "all" in condition
        parts = [evaluate(c, lookup, params) for c in condition["all" if is_all else "any"]]
        decisive = False if is_all else True
        if any(p.value is decisive for p in parts):
            winners = [p for p in parts if p.value is decisive]
            return Outcome(decisive, [], [e for p in winners for e in p.evidence] if not is_all else [])
        if any(p.value is None for p in parts):
            return Outcome(None, [m for p in parts if p.value is None for m in p.missing])
        return Outcome(not decisive, [], [e for p in parts for e in p.evidence] if is_all else [])
    if "not" in condition:
        inner = evaluate(condition["not"], lookup, params)
        return Outcome(None if inner.value is None else not inner.value, inner.missing, inner.evidence)
    name, op = condition["fact"], condition["op"]
    fact = lookup(name)
    if op == "known":
        return Outcome(fact.value is not None, [], list(fact.evidence))
    if fact.value is None:
        return Outcome(None, [name])
    if op in ("is_true", "is_false"):
        result = bool(fact.value) is (op == "is_true")
    else:
        if "param" in condition:
            right = params[condition["param"]]
        elif "other" in condition:
            other = lookup(condition["other"])
            if other.value is None:
                return Outcome(None, [condition["other"]])
            right = other.value
        else:
            right = condition["value"]
        result = _compare(op, fact.value, right)
    return Outcome(result, [], list(fact.evidence) if result else [])

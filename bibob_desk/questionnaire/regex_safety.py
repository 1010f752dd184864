"""Refuse regular expressions prone to catastrophic backtracking (nested or ambiguous repeats)."""

from __future__ import annotations

import importlib
import re
from typing import Any

# Python 3.11+: the parser lives in re._parser (not in typeshed, so loaded by name)
sre_constants: Any = importlib.import_module("re._constants")
sre_parse: Any = importlib.import_module("re._parser")

MAX_PATTERN = 200
_REPEATS = {
    sre_constants.MAX_REPEAT,
    sre_constants.MIN_REPEAT,
    getattr(sre_constants, "POSSESSIVE_REPEAT", None),
}
_UNBOUNDED = sre_constants.MAXREPEAT


def regex_problem(pattern: str) -> str:
    """'' when the pattern is acceptable, else a Dutch reason."""
    if len(pattern) > MAX_PATTERN:
        return f"het patroon is langer dan {MAX_PATTERN} tekens"
    try:
        re.compile(pattern)
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return "het patroon is geen geldige reguliere expressie"
    if _risky(list(parsed)):
        return "het patroon kan extreem traag worden (geneste of dubbelzinnige herhaling)"
    return ""


def _risky(items: list, outer_multi: bool = False, outer_unbounded: bool = False) -> bool:
    """A repeat of more than one inside another repeat of more than one, one of them unbounded,
    or an alternation or back-reference inside an unbounded repeat."""
    for op, av in items:
        if op in _REPEATS:
            _low, high, sub = av
            unbounded = high == _UNBOUNDED or high > 100
            multi = high > 1
            if outer_multi and multi and (unbounded or outer_unbounded):
                return True
            if _risky(list(sub), outer_multi or multi, outer_unbounded or unbounded):
                return True
        elif op is sre_constants.SUBPATTERN:
            if _risky(list(av[-1]), outer_multi, outer_unbounded):
                return True
        elif op is sre_constants.BRANCH:
            if outer_unbounded:
                return True  # alternation under an unbounded repeat: conservatively refused
            if any(_risky(list(branch), outer_multi, outer_unbounded) for branch in av[1]):
                return True
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            if _risky(list(av[1]), outer_multi, outer_unbounded):
                return True
        elif op is sre_constants.GROUPREF and outer_unbounded:
            return True
    return False

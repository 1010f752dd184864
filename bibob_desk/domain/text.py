"""Text hygiene: hostile characters, search normalisation, Dutch name folding (stdlib only)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Bidi controls (LRM/RLM, embeddings, overrides, isolates, Arabic letter mark) and zero-width marks.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# C0 controls except TAB/LF/CR, DEL, C1 controls, and lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class CleanText:
    text: str
    problem: str = ""  # Dutch: why the text was refused; "" when acceptable
    warning: str = ""  # Dutch: what was removed


def clean_text(value: str, *, max_length: int) -> CleanText:
    """Refuse control characters and lone surrogates; strip invisible bidi/zero-width marks."""
    if _FORBIDDEN.search(value):
        return CleanText(value, problem="bevat stuurtekens of ongeldige tekens")
    if len(value) > max_length:
        return CleanText(value, problem=f"is langer dan {max_length} tekens")
    stripped = _INVISIBLE.sub("", value)
    if stripped != value:
        return CleanText(stripped, warning="onzichtbare richtings- of nulbreedtetekens verwijderd")
    return CleanText(value)


def normalize_for_search(value: str) -> str:
    """NFKC + casefold + accents removed, so 'Café' and 'cafe' match."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", bare)


DUTCH_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

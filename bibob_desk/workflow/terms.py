"""Term settings (resources/workflow/termijnen.yaml, or a municipality's copy in BIBOB_DESK_TERMIJNEN)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bibob_desk.content.safe_yaml import ContentError, load_validated

UNTIL_ADVICE, FIXED_PERIOD = "UNTIL_ADVICE", "FIXED_PERIOD"
READINGS = (UNTIL_ADVICE, FIXED_PERIOD)
READING_LABELS = {  # what a person reads (the setting and the Termijnen tab), never the code
    UNTIL_ADVICE: "tot het advies, hooguit de adviestermijn (art. 31 Wet Bibob)",
    FIXED_PERIOD: "de hele adviestermijn, ook als het advies eerder komt",
}
TERMS_ENV = "BIBOB_DESK_TERMIJNEN"

_TERM = {
    "type": ["object", "null"],
    "additionalProperties": False,
    "required": ["weeks", "basis", "atw"],
    "properties": {
        "weeks": {"type": "integer", "minimum": 1, "maximum": 52},
        "weeks_with_consent": {"type": "integer", "minimum": 1, "maximum": 52},
        "extension_weeks": {"type": "integer", "minimum": 0, "maximum": 52},
        "basis": {"type": "string"},
        "atw": {"type": "boolean"},
    },
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "beslistermijnen", "lbb", "terms", "atw", "nazorg", "articles"],
    "properties": {
        "version": {"type": "integer"},
        "beslistermijnen": {"type": "object", "additionalProperties": _TERM},
        "lbb": {
            "type": "object",
            "additionalProperties": False,
            "required": ["advice_weeks", "extension_weeks_max", "suspension_reading"],
            "properties": {
                "advice_weeks": {"type": "integer", "minimum": 1},
                "extension_weeks_max": {"type": "integer", "minimum": 0},
                "suspension_reading": {"enum": list(READINGS)},
            },
        },
        "terms": {"type": "object", "additionalProperties": {"type": ["integer", "boolean"]}},
        "atw": {"type": "object", "properties": {"long_term_weeks": {"type": "integer"}}},
        "nazorg": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "label", "days"],
                "properties": {
                    "id": {"type": "string"},
                    "label": {"type": "string"},
                    "days": {"type": "integer", "minimum": 0},
                },
            },
        },
        "articles": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}


class TermsError(ContentError):
    """The term settings file cannot be used."""


@dataclass(frozen=True)
class TermSettings:
    beslistermijnen: dict[str, dict[str, Any] | None]
    lbb: dict[str, Any]
    terms: dict[str, Any]
    long_term_weeks: int
    nazorg: tuple[dict[str, Any], ...]
    articles: dict[str, str]
    version: int = 1
    source: str = ""
    reading: str = field(default=UNTIL_ADVICE)

    def with_reading(self, reading: str) -> TermSettings:
        from dataclasses import replace

        return replace(self, reading=reading if reading in READINGS else self.reading)


def default_terms_path() -> Path:
    from bibob_desk.paths import resources_dir

    return Path(os.environ.get(TERMS_ENV) or resources_dir() / "workflow" / "termijnen.yaml")


def load_terms(path: Path | None = None) -> TermSettings:
    path = Path(path or default_terms_path())
    data, _ = load_validated(path, SCHEMA, TermsError)
    return TermSettings(
        beslistermijnen=data["beslistermijnen"],
        lbb=data["lbb"],
        terms=data["terms"],
        long_term_weeks=data["atw"].get("long_term_weeks", 12),
        nazorg=tuple(data["nazorg"]),
        articles=data["articles"],
        version=data["version"],
        source=path.name,
        reading=data["lbb"]["suspension_reading"],
    )


def fingerprint(settings: TermSettings) -> str:
    """What the deadlines of a case depend on besides the case itself: the term settings and the
    chosen LBB reading. A stored projection with another fingerprint is recomputed (issue 18)."""
    import hashlib
    import json

    content = {
        "beslistermijnen": settings.beslistermijnen,
        "lbb": settings.lbb,
        "terms": settings.terms,
        "long_term_weeks": settings.long_term_weeks,
        "nazorg": list(settings.nazorg),
        "articles": settings.articles,
        "version": settings.version,
        "reading": settings.reading,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]

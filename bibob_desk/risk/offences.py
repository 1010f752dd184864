"""The offence taxonomy (resources/offences/delicten.yaml, or BIBOB_DESK_DELICTEN): per category its
statutory source and for which sector and ground it is relevant (art. 3 lid 3 Wet Bibob)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bibob_desk.content.safe_yaml import ContentError, load_validated
from bibob_desk.domain.enums import OffenceCategory, Sector

ENV = "BIBOB_DESK_DELICTEN"
GROUNDS = ("a_grond", "b_grond")
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "version", "categories"],
    "properties": {
        "id": {"type": "string"},
        "version": {"type": "integer", "minimum": 1},
        "categories": {
            "type": "object",
            "additionalProperties": False,
            "required": [c.value for c in OffenceCategory],
            "properties": {
                c.value: {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["label", "bron", "relevant"],
                    "properties": {
                        "label": {"type": "string"},
                        "bron": {"type": "string"},
                        "relevant": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                s.value: {
                                    "type": "array",
                                    "items": {"enum": list(GROUNDS)},
                                    "uniqueItems": True,
                                }
                                for s in Sector
                            },
                        },
                    },
                }
                for c in OffenceCategory
            },
        },
    },
}


class OffencesError(ContentError):
    """The offence taxonomy cannot be used."""


@dataclass(frozen=True)
class Taxonomy:
    id: str
    version: int
    categories: dict[str, dict[str, Any]]

    def relevant(self, category: str, sectors: set[Sector]) -> bool:
        """Relevant for at least one of the case's sectors (for either ground)."""
        rules = self.categories.get(category, {}).get("relevant", {})
        return any(rules.get(s.value) for s in sectors)

    def grounds(self, category: str, sectors: set[Sector]) -> list[str]:
        rules = self.categories.get(category, {}).get("relevant", {})
        return sorted({g for s in sectors for g in rules.get(s.value, [])})

    def source(self, category: str) -> str:
        return str(self.categories.get(category, {}).get("bron", ""))


def default_path() -> Path:
    from bibob_desk.paths import resources_dir

    return Path(os.environ.get(ENV) or resources_dir() / "offences" / "delicten.yaml")


@cache
def load_taxonomy(path: Path | None = None) -> Taxonomy:
    path = Path(path or default_path())
    data, _ = load_validated(path, SCHEMA, OffencesError)
    return Taxonomy(data["id"], data["version"], data["categories"])

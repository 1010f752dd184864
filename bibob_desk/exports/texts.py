"""Memo texts (resources/memos/memoteksten.yaml, or BIBOB_DESK_MEMOTEKSTEN) loaded safely."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from bibob_desk.content.safe_yaml import ContentError, load_validated
from bibob_desk.presentation.case_file import SECTIONS

ENV = "BIBOB_DESK_MEMOTEKSTEN"
BLOCKS = tuple(SECTIONS)  # every block of a memo is a section of the one presentation of the case file


class DocumentKind(StrEnum):
    MEMO = "memo"  # internal
    VOORNEMEN = "voornemen"
    BESLUIT = "besluit"  # a final decision: four eyes when the setting is on
    PAKKET = "pakket"  # only inside the LBB package


SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "footer", "documents"],
    "properties": {
        "version": {"type": "integer"},
        "footer": {"type": "string"},
        "documents": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["soort", "label", "title", "sections"],
                "properties": {
                    "soort": {"enum": [k.value for k in DocumentKind]},
                    "label": {"type": "string"},
                    "title": {"type": "string"},
                    "sections": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["heading"],
                            "properties": {
                                "heading": {"type": "string"},
                                "text": {"type": "string"},
                                "blocks": {"type": "array", "items": {"enum": list(BLOCKS)}},
                            },
                        },
                    },
                },
            },
        },
    },
}


class MemoTextsError(ContentError):
    """The memo texts cannot be used."""


@dataclass(frozen=True)
class MemoTexts:
    version: int
    footer: str
    documents: dict[str, dict[str, Any]]

    def kind_of(self, document: str) -> DocumentKind | None:
        doc = self.documents.get(document)
        return DocumentKind(doc["soort"]) if doc else None

    def choosable(self) -> list[tuple[str, str]]:
        """(document id, label) of what a user can export as a memo or decision, in file order."""
        return [(k, d["label"]) for k, d in self.documents.items() if d["soort"] != DocumentKind.PAKKET]

    def of_kind(self, *kinds: DocumentKind) -> set[str]:
        return {k for k, d in self.documents.items() if d["soort"] in kinds}


def load_texts(path: Path | None = None) -> MemoTexts:
    from bibob_desk.paths import resources_dir

    path = Path(path or os.environ.get(ENV) or resources_dir() / "memos" / "memoteksten.yaml")
    data, _ = load_validated(path, SCHEMA, MemoTextsError)
    return MemoTexts(version=data["version"], footer=data["footer"], documents=data["documents"])

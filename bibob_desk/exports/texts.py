"""Memo texts (resources/memos/memoteksten.yaml, or BIBOB_DESK_MEMOTEKSTEN) loaded safely."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bibob_desk.content.safe_yaml import ContentError, load_validated
from bibob_desk.presentation.case_file import SECTIONS

ENV = "BIBOB_DESK_MEMOTEKSTEN"
BLOCKS = tuple(SECTIONS)  # every block of a memo is a section of the one presentation of the case file
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
                "required": ["title", "sections"],
                "properties": {
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


def load_texts(path: Path | None = None) -> MemoTexts:
    from bibob_desk.paths import resources_dir

    path = Path(path or os.environ.get(ENV) or resources_dir() / "memos" / "memoteksten.yaml")
    data, _ = load_validated(path, SCHEMA, MemoTextsError)
    return MemoTexts(version=data["version"], footer=data["footer"], documents=data["documents"])

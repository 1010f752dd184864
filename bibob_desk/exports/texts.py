"""Memo texts (resources/memos/memoteksten.yaml, or BIBOB_DESK_MEMOTEKSTEN) loaded safely."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from bibob_desk.content.safe_yaml import ContentError, load_validated
from bibob_desk.domain.enums import DecisionKind, EventKind, LegalGround, ProcedureKind
from bibob_desk.domain.model import Case
from bibob_desk.presentation.case_file import SECTIONS

ENV = "BIBOB_DESK_MEMOTEKSTEN"
BLOCKS = tuple(SECTIONS)  # every block of a memo is a section of the one presentation of the case file


# what a document needs of the case before it can be made (memoteksten.yaml: `vereist`)
REQUIREMENTS = {
    "juridische_beoordeling": "leg eerst de juridische beoordeling vast (mate van gevaar per grond)",
    "voorschriften": "leg eerst de voorschriften vast (tabblad Bewerken, Voorschriften)",
    "vergunning": "een intrekking hoort bij een verleende of bestaande vergunning; dit is een aanvraag "
    "zonder verlening",
    "aanvraag": "dit document hoort bij een aanvraag, niet bij een bestaande vergunning",
    "geen_besluit": "er is al een besluit bekendgemaakt; maak geen nieuw voornemen of besluit op dezelfde "
    "aanvraag zonder het eerdere in te trekken",
    "besluit_negatief": "een nazorgmemo hoort bij een bekendgemaakte weigering of intrekking; leg eerst de "
    "bekendmaking van het besluit vast (fase Besluit of Intrekking)",
}


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
        # the legal frame ("Wettelijk kader") per recorded ground: {kader} in a document text
        "kaders": {
            "type": "object",
            "additionalProperties": False,
            "required": [g.value for g in LegalGround],
            "properties": {g.value: {"type": "string"} for g in LegalGround},
        },
        "documents": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["soort", "label", "title", "sections"],
                "properties": {
                    "soort": {"enum": [k.value for k in DocumentKind]},
                    "vereist": {
                        "type": "array",
                        "items": {"enum": sorted(REQUIREMENTS)},
                        "uniqueItems": True,
                    },
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
                                "verplicht": {"type": "boolean"},
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
    frames: dict[str, str] | None = None  # LegalGround value -> "Wettelijk kader" text

    def kind_of(self, document: str) -> DocumentKind | None:
        doc = self.documents.get(document)
        return DocumentKind(doc["soort"]) if doc else None

    def choosable(self) -> list[tuple[str, str]]:
        """(document id, label) of what a user can export as a memo or decision, in file order."""
        return [(k, d["label"]) for k, d in self.documents.items() if d["soort"] != DocumentKind.PAKKET]

    def editable(self, document: str) -> list[tuple[str, str, bool]]:
        """(heading, fixed text, required) of the sections of a document that have a text."""
        return [
            (s["heading"], s.get("text", ""), bool(s.get("verplicht")))
            for s in self.documents[document]["sections"]
            if "text" in s or s.get("verplicht")
        ]

    def requirements(self, document: str) -> list[str]:
        return list(self.documents.get(document, {}).get("vereist", []))

    def of_kind(self, *kinds: DocumentKind) -> set[str]:
        return {k for k, d in self.documents.items() if d["soort"] in kinds}


def load_texts(path: Path | None = None) -> MemoTexts:
    from bibob_desk.paths import resources_dir

    path = Path(path or os.environ.get(ENV) or resources_dir() / "memos" / "memoteksten.yaml")
    data, _ = load_validated(path, SCHEMA, MemoTextsError)
    return MemoTexts(
        version=data["version"], footer=data["footer"], documents=data["documents"], frames=data.get("kaders")
    )


def missing_for(requirements: list[str], case: Case) -> list[str]:
    """What the case lacks for a document with these requirements (Dutch, for the message)."""
    granted = {DecisionKind.VERLENING, DecisionKind.VERLENING_MET_VOORSCHRIFTEN}
    decisions = [e.decision for e in case.events_of(EventKind.BESLUIT_BEKENDGEMAAKT)]
    legal = case.legal
    holds = {
        "juridische_beoordeling": legal is not None
        and bool(legal.conclusion_a or legal.conclusion_b or legal.ground),
        "voorschriften": bool(case.voorschriften),
        "vergunning": case.procedure is ProcedureKind.BESTAANDE_VERGUNNING
        or any(d in granted for d in decisions),
        "aanvraag": case.procedure is ProcedureKind.AANVRAAG,
        "geen_besluit": not decisions,
        "besluit_negatief": any(d in (DecisionKind.WEIGERING, DecisionKind.INTREKKING) for d in decisions),
    }
    return [REQUIREMENTS[r] for r in requirements if not holds.get(r, True)]

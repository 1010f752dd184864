"""Words and result types the screens share with the services, in a module that imports nothing heavy:
the UI reads these while the first window is painted, before the store stack is loaded."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

RECIPIENTS = (
    "intern",
    "lbb",
    "betrokkene",
    "derde",
    "riec",
    "driehoek",
    "bezwaarcommissie",
    "rechter",
    "archief",
)
PURPOSES = (
    "dossiervorming",
    "besluitvorming",
    "adviesaanvraag",
    "zienswijze",
    "bezwaar",
    "verantwoording",
    "overdracht",
)
OTHER = "overig"  # attachment type outside the forms' checklist
SOURCES = ("betrokkene", "aanvrager", "kvk", "kadaster", "politie", "gemeente", "lbb", "overig")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sha256: str
    size: int
    password: str | None = None  # shown once, never stored


@dataclass(frozen=True)
class ChecklistItem:
    type_id: str
    label: str
    form: str
    section: str
    received: int  # accepted files of this type

"""Words and result types the screens share with the services, in a module that imports nothing heavy:
the UI reads these while the first window is painted, before the store stack is loaded."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class ExportKind(StrEnum):
    """What an export writes; its audit action is ``export.<kind>[.<detail>]``."""

    MEMO = "memo"  # detail: the document id (advies, weigering, …)
    WORD = "word"  # the same document as .docx from the municipality's template; detail: document id
    LBB_PAKKET = "lbb_pakket"
    EXCEL = "excel"  # detail: the profile (basis, volledig)
    LOGBOEK = "logboek"  # detail: csv
    RELATIEGRAAF = "relatiegraaf"
    WEERBAARHEIDSSCAN = "weerbaarheidsscan"

    def action(self, detail: str = "") -> str:
        return f"export.{self.value}" + (f".{detail}" if detail else "")


RECIPIENTS = (
    "intern",
    "lbb",
    "betrokkene",
    "derde",
    "riec",
    "driehoek",
    "bezwaar",  # bezwaarcommissie or rechter (a recipient profile)
    "bezwaarcommissie",
    "rechter",
    "bibob_register",
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

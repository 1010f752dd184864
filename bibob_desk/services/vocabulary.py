"""Words and result types the screens share with the services, in a module that imports nothing heavy:
the UI reads these while the first window is painted, before the store stack is loaded."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from bibob_desk.domain.labels import label


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
RECIPIENT_LABELS = {  # what the export dialogs show (the memo dialog: the recipient profiles' own labels)
    "intern": "Intern (dossier)",
    "lbb": "Landelijk Bureau Bibob",
    "betrokkene": "Betrokkene",
    "derde": "Derde",
    "riec": "RIEC",
    "driehoek": "Driehoek (burgemeester, OM, politie)",
    "bezwaar": "Bezwaar of beroep",
    "bezwaarcommissie": "Bezwaarcommissie",
    "rechter": "Rechter",
    "bibob_register": "Bibob-register",
    "archief": "Archief",
}
PURPOSES = (
    "dossiervorming",
    "besluitvorming",
    "adviesaanvraag",
    "zienswijze",
    "bezwaar",
    "verantwoording",
    "overdracht",
)
PURPOSE_LABELS = {p: p.capitalize() for p in PURPOSES}
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


@dataclass(frozen=True)
class ApprovalSummary:
    """What a four-eyes approval covers (shown by the approval screen and `approve`)."""

    reference: str
    kind: str
    kind_label: str
    conclusions: tuple[str, str]  # grond a, grond b
    ground: str
    voorschriften: int
    assessment: str
    fingerprint: str  # the first 16 hex digits of the content hash, in groups of four
    authors: tuple[str, ...]  # who recorded the legal assessment: they cannot approve

    def lines(self) -> list[str]:
        return [
            f"Dossier: {self.reference}",
            f"Besluit: {self.kind_label}",
            f"Juridische beoordeling: grond a {self.conclusions[0]}, grond b {self.conclusions[1]}"
            + (f"; besluit rust op {self.ground}" if self.ground else ""),
            f"Voorschriften: {self.voorschriften}",
            f"Risicobeoordeling: {self.assessment}",
            f"Vingerafdruk van deze inhoud: {self.fingerprint}",
        ]


def degree_label(value: str) -> str:
    """'mindere_mate' -> 'mindere mate van gevaar'; '' -> 'nog niet beoordeeld'."""
    from bibob_desk.domain.enums import DangerDegree

    try:
        return label(DangerDegree(value)) if value else "nog niet beoordeeld"
    except ValueError:
        return value

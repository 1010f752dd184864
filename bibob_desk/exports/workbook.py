"""The Excel dossier (openpyxl, write-only): one sheet per entity, names resolved, real dates and
numbers, never a formula: every text cell is forced to string, so '=HYPERLINK(...)' stays text (T37)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill

from bibob_desk.domain.assessment import Assessment
from bibob_desk.domain.enums import EventKind
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Case
from bibob_desk.exports import VOLLEDIG
from bibob_desk.workflow.deadlines import Timeline

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
SHEETS: dict[str, list[tuple[str, int]]] = {
    "Dossiers": [
        ("Kenmerk", 14),
        ("Soort", 32),
        ("Bestuursorgaan", 18),
        ("Betrokkene", 28),
        ("Fase", 24),
        ("Ontvangen", 12),
        ("Beslistermijn", 14),
        ("Score", 7),
        ("Band", 9),
        ("Indicatoren", 40),
        ("Adviesaanvraag LBB", 14),
        ("Advies LBB", 12),
        ("Conclusie a", 14),
        ("Conclusie b", 14),
        ("Besluit", 20),
        ("Datum besluit", 14),
        ("Voorschriften", 12),
    ],
    "Betrokkenen": [
        ("Kenmerk", 14),
        ("Naam", 32),
        ("Soort", 18),
        ("Rechtsvorm", 16),
        ("KvK", 10),
        ("Land", 6),
        ("Opgericht", 12),
        ("Bron", 30),
    ],
    "Relaties": [
        ("Kenmerk", 14),
        ("Wie", 32),
        ("Rol", 24),
        ("Ten opzichte van", 32),
        ("Aandeel %", 10),
        ("Bedrag", 12),
        ("Sinds", 12),
        ("Tot", 12),
    ],
    "Financiering": [
        ("Kenmerk", 14),
        ("Soort", 16),
        ("Bedrag", 14),
        ("Verschaffer", 30),
        ("Contant", 12),
        ("Rente %", 9),
        ("Schriftelijk", 11),
        ("Herkomst aangetoond", 12),
    ],
    "Indicatoren": [("Kenmerk", 14), ("Indicator", 10), ("Titel", 44), ("Gewicht", 9), ("Uitleg", 70)],
    "Termijnen": [
        ("Kenmerk", 14),
        ("Termijn", 36),
        ("Datum", 12),
        ("Atw-datum", 12),
        ("Afgerond", 12),
        ("Uitleg", 80),
    ],
    "Besluiten": [("Kenmerk", 14), ("Datum", 12), ("Besluit", 24), ("Toelichting", 60)],
}
SENSITIVE = {
    "Antecedenten": [
        ("Kenmerk", 14),
        ("Wie", 30),
        ("Feit", 20),
        ("Bewijsniveau", 16),
        ("Datum", 12),
        ("Bron", 36),
    ],
    "Signalen": [("Kenmerk", 14), ("Bron", 14), ("Over", 30), ("Datum", 12), ("Inhoud", 60)],
}


def _cell(ws: Any, value: Any) -> Any:
    """Plain values where openpyxl cannot misread them (fast path); a typed cell for dates (Dutch
    format) and for any text openpyxl would store as a formula."""
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS_RE.search(value):  # control characters would break the file: shown as �
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        if value.startswith("="):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"  # never a formula
            return cell
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "DD-MM-YYYY"
        return cell
    return value


def _sheet(wb: Workbook, title: str, columns: list[tuple[str, int]], rows: Iterable[list[Any]]) -> int:
    ws = wb.create_sheet(title)
    for index, (_, width) in enumerate(columns, start=1):
        ws.column_dimensions[_letter(index)].width = width
    ws.freeze_panes = "A2"
    header = []
    for name, _ in columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font, cell.fill, cell.data_type = HEADER_FONT, HEADER_FILL, "s"
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        ws.append([_cell(ws, v) for v in row])
        count += 1
    ws.auto_filter.ref = f"A1:{_letter(len(columns))}{count + 1}"
    return count


def _letter(index: int) -> str:
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _decision(case: Case) -> tuple[str, date | None]:
    event = next(iter(case.events_of(EventKind.BESLUIT_BEKENDGEMAAKT)), None)
    return (label(event.decision) if event and event.decision else ""), (event.date if event else None)


def build_workbook(items: list[tuple[Case, Assessment | None, Timeline]], profile: str) -> bytes:
    """The dossier workbook as bytes; the sensitive sheets only in the ``volledig`` profile."""
    return write_workbook(sheet_rows(items), profile)


def sheet_rows(items: list[tuple[Case, Assessment | None, Timeline]]) -> dict[str, list[list[Any]]]:
    """One list of rows per sheet (all sheets, sensitive ones included)."""
    sheets: dict[str, list[list[Any]]] = {name: [] for name in [*SHEETS, *SENSITIVE]}
    for case, a, timeline in items:
        ref, names = case.reference, {p.id: p.name for p in case.parties}
        term = next((d for d in timeline.deadlines if d.key.startswith("beslistermijn")), None)
        request = next(iter(case.events_of(EventKind.ADVIESAANVRAAG_VERZONDEN)), None)
        advice = next(iter(case.events_of(EventKind.ADVIES_ONTVANGEN)), None)
        decision, decided = _decision(case)
        legal = case.legal
        sheets["Dossiers"].append(
            [
                ref,
                ", ".join(label(k) for k in case.permit_kinds),
                label(case.bestuursorgaan),
                ", ".join(p.name for p in case.applicants()),
                label(case.stage),
                case.received_date,
                term.effective if term else None,
                a.score if a else None,
                a.band if a else "",
                ", ".join(f.indicator for f in a.findings if f.applied_weight) if a else "",
                request.date if request else None,
                advice.date if advice else None,
                legal.conclusion_a if legal else "",
                legal.conclusion_b if legal else "",
                decision,
                decided,
                len(case.voorschriften),
            ]
        )
        sheets["Betrokkenen"] += [
            [
                ref,
                p.name,
                label(p.kind),
                label(p.legal_form) if p.legal_form else "",
                p.kvk or "",
                p.country or "",
                p.founding_date,
                p.provenance.source,
            ]
            for p in case.parties
        ]
        sheets["Relaties"] += [
            [
                ref,
                names.get(r.party, r.party),
                label(r.role),
                names.get(r.counterparty, "") if r.counterparty else "dossier",
                r.share_pct,
                r.amount,
                r.start_date,
                r.end_date,
            ]
            for r in case.relations
        ]
        sheets["Financiering"] += [
            [
                ref,
                label(f.kind),
                f.amount,
                names.get(f.provider or "", ""),
                f.cash_amount,
                f.interest_pct,
                {True: "ja", False: "nee"}.get(f.written_contract, ""),
                {True: "ja", False: "nee"}.get(f.origin_documented, ""),
            ]
            for f in case.financing
        ]
        if a:
            sheets["Indicatoren"] += [
                [ref, f.indicator, f.title, f.applied_weight, f.explanation] for f in a.findings
            ]
        sheets["Termijnen"] += [
            [ref, d.label, d.raw, d.adjusted, d.done, d.explanation] for d in timeline.deadlines
        ]
        sheets["Besluiten"] += [
            [ref, e.date, label(e.decision) if e.decision else "", e.note]
            for e in case.events_of(EventKind.BESLUIT_BEKENDGEMAAKT)
        ]
        sheets["Antecedenten"] += [
            [
                ref,
                names.get(x.party, x.party),
                label(x.category),
                label(x.proof_level),
                x.date,
                x.provenance.source,
            ]
            for x in case.antecedents
        ]
        sheets["Signalen"] += [
            [ref, label(s.source), names.get(s.party or "", "locatie"), s.date, s.description]
            for s in case.signals
        ]
    return sheets


def write_workbook(sheets: dict[str, list[list[Any]]], profile: str) -> bytes:
    wb = Workbook(write_only=True)
    for name, columns in SHEETS.items():
        _sheet(wb, name, columns, sheets[name])
    if profile == VOLLEDIG:
        for name, columns in SENSITIVE.items():
            _sheet(wb, name, columns, sheets[name])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

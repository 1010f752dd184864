"""The registry of the case file's sections and what their builders share: the CaseFile they read,
how a source is written, amounts and percentages as typed values. Builders register with @builder;
bibob_desk.presentation.case_file puts them in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bibob_desk.domain.assessment import Assessment
from bibob_desk.domain.enums import EventKind
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Case, CaseEvent, Provenance
from bibob_desk.presentation.values import Block, Money, Percent, Table, Year, text
from bibob_desk.workflow.deadlines import Timeline

DANGER = {
    "geen": "geen (gebleken) gevaar",
    "mindere_mate": "mindere mate van gevaar",
    "ernstig": "ernstig gevaar",
}
LBB_EVENTS = (
    EventKind.ADVIESAANVRAAG_VERZONDEN,
    EventKind.BETROKKENE_GEINFORMEERD,
    EventKind.LBB_TERMIJN_VERLENGD,
    EventKind.LBB_VRAGEN_GESTELD,
    EventKind.LBB_VRAGEN_BEANTWOORD,
    EventKind.ADVIES_ONTVANGEN,
)
ZIENSWIJZE_EVENTS = (EventKind.VOORNEMEN_VERZONDEN, EventKind.ZIENSWIJZE_ONTVANGEN)
NOT_RECORDED = "Nog niet door de jurist vastgelegd."


@dataclass
class CaseFile:
    """What a rendering needs: the case, its stored assessment (never recomputed) and timeline."""

    case: Case
    assessment: Assessment | None
    timeline: Timeline
    answers: list[tuple[str, str, str]] = field(default_factory=list)  # (form, question, answer)
    restricted: bool = False  # for a recipient outside the chain: no identity of signal sources

    @property
    def names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.case.parties}


@dataclass(frozen=True)
class SectionKind:
    id: str
    title: str
    build: Callable[[CaseFile], tuple[Block, ...]]
    sheet_name: str = ""  # its workbook sheet ("" = none)
    sensitive: bool = False
    subtitle: bool = True
    sheet: Callable[[CaseFile], Table] | None = None  # a flat table when the blocks are not one


SECTIONS: dict[str, SectionKind] = {}


def builder(
    id_: str, title: str, *, sheet_name: str = "", sensitive: bool = False, subtitle: bool = True
) -> Callable[[Callable[[CaseFile], tuple[Block, ...]]], Callable[[CaseFile], tuple[Block, ...]]]:
    def register(build: Callable[[CaseFile], tuple[Block, ...]]) -> Callable[[CaseFile], tuple[Block, ...]]:
        SECTIONS[id_] = SectionKind(id_, title, build, sheet_name, sensitive, subtitle)
        return build

    return register


def flat_sheet(id_: str) -> Callable[[Callable[[CaseFile], Table]], Callable[[CaseFile], Table]]:
    def register(sheet: Callable[[CaseFile], Table]) -> Callable[[CaseFile], Table]:
        kind = SECTIONS[id_]
        SECTIONS[id_] = SectionKind(
            kind.id, kind.title, kind.build, kind.sheet_name, kind.sensitive, kind.subtitle, sheet
        )
        return sheet

    return register


def source(prov: Provenance | None) -> str:
    """Where a fact comes from: kind, source, date, who recorded it."""
    if prov is None:
        return ""
    parts = [label(prov.kind), prov.source, text(prov.date), prov.recorded_by]
    return ", ".join(x for x in parts if x)


def money(value: object) -> Money | None:
    from decimal import Decimal

    return Money(Decimal(str(value))) if value is not None else None


def pct(value: object) -> Percent | None:
    from decimal import Decimal

    return Percent(Decimal(str(value))) if value is not None else None


def join(*parts: str, sep: str = "; ") -> str:
    return sep.join(p for p in parts if p)


def _event_text(e: CaseEvent) -> str:
    text = label(e.kind) + (f" ({label(e.decision)})" if e.decision else "")
    return text + (f" — ingetrokken: {e.withdrawn_reason}" if e.withdrawn else "")


def events_table(events: list[CaseEvent], *, until: bool = False) -> Table:
    columns = ("Datum", "Gebeurtenis", *(("Termijn tot",) if until else ()), "Toelichting")
    rows = tuple(
        (
            Year(e.date) if e.date_is_approximate else e.date,
            _event_text(e),
            *((e.until,) if until else ()),
            e.note,
        )
        for e in sorted(events, key=lambda e: e.date)
    )
    return Table(columns, rows, (12, 30, *((12,) if until else ()), 40))

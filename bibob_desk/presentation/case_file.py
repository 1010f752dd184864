"""One presentation of the case file: case + stored assessment + computed timeline -> ordered
sections of typed rows, each fact with its source. The Dossier tab, the memo PDFs and the workbook
render these sections; a new section is one builder here (with its place in DOSSIER and, if it has
one, its workbook sheet). Pure: no Qt, no reportlab, no openpyxl."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from bibob_desk.domain.assessment import Assessment, OverrideState
from bibob_desk.domain.enums import EventKind
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Case, CaseEvent, Provenance
from bibob_desk.presentation.values import (
    Block,
    DateStyle,
    Facts,
    Money,
    Paragraph,
    Percent,
    Section,
    Table,
    Value,
    Year,
    text,
)
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


def _section(
    id_: str, title: str, *, sheet_name: str = "", sensitive: bool = False, subtitle: bool = True
) -> Callable[[Callable[[CaseFile], tuple[Block, ...]]], Callable[[CaseFile], tuple[Block, ...]]]:
    def register(build: Callable[[CaseFile], tuple[Block, ...]]) -> Callable[[CaseFile], tuple[Block, ...]]:
        SECTIONS[id_] = SectionKind(id_, title, build, sheet_name, sensitive, subtitle)
        return build

    return register


def _flat_sheet(id_: str) -> Callable[[Callable[[CaseFile], Table]], Callable[[CaseFile], Table]]:
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


def _money(value: object) -> Money | None:
    from decimal import Decimal

    return Money(Decimal(str(value))) if value is not None else None


def _pct(value: object) -> Percent | None:
    from decimal import Decimal

    return Percent(Decimal(str(value))) if value is not None else None


def _join(*parts: str, sep: str = "; ") -> str:
    return sep.join(p for p in parts if p)


def _event_text(e: CaseEvent) -> str:
    return label(e.kind) + (f" ({label(e.decision)})" if e.decision else "")


def _events_table(events: list[CaseEvent], *, until: bool = False) -> Table:
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


# -- the case itself -----------------------------------------------------------------------------
@_section("gegevens", "Dossiergegevens")
def _gegevens(cf: CaseFile) -> tuple[Block, ...]:
    c = cf.case
    pairs: list[tuple[str, Value]] = [
        ("Kenmerk", c.reference),
        ("Omschrijving", c.title),
        ("Soort", ", ".join(label(k) for k in c.permit_kinds)),
        ("Procedure", c.procedure),
        ("Bestuursorgaan", c.bestuursorgaan),
        ("Ontvangen", c.received_date),
        ("Start onderzoek", c.investigation_start),
        ("Locatie", c.location.one_line() or c.location.description or "onbekend"),
        ("Fase", c.stage),
    ]
    if c.investment:
        pairs.append(("Totale investering", _money(c.investment.total)))
    return (Facts(tuple((k, v) for k, v in pairs if v not in (None, ""))),)


@_section("parties", "Partijen", sheet_name="Betrokkenen")
def _parties(cf: CaseFile) -> tuple[Block, ...]:
    rows = tuple(
        (
            p.name,
            p.kind,
            p.legal_form,
            p.kvk or "",
            p.country or "",
            p.founding_date,
            p.age,
            source(p.provenance),
        )
        for p in cf.case.parties
    )
    columns = ("Naam", "Soort", "Rechtsvorm", "KvK", "Land", "Opgericht", "Leeftijd", "Bron")
    return (Table(columns, rows, (30, 16, 16, 10, 6, 12, 8, 30)),)


@_section("relations", "Rollen en relaties", sheet_name="Relaties", subtitle=False)
def _relations(cf: CaseFile) -> tuple[Block, ...]:
    names = cf.names
    rows = tuple(
        (
            names.get(r.party, r.party),
            r.role,
            names.get(r.counterparty, r.counterparty) if r.counterparty else "dossier",
            _pct(r.share_pct),
            _money(r.amount),
            r.start_date,
            r.end_date,
            r.description,
            source(r.provenance),
        )
        for r in cf.case.relations
    )
    columns = ("Wie", "Rol", "Ten opzichte van", "Aandeel", "Bedrag", "Sinds", "Tot", "Toelichting", "Bron")
    return (Table(columns, rows, (28, 20, 28, 9, 12, 12, 12, 30, 30)),)


@_section("financing", "Financiering", sheet_name="Financiering")
def _financing(cf: CaseFile) -> tuple[Block, ...]:
    c, names = cf.case, cf.names
    blocks: list[Block] = []
    if c.investment:
        items = "; ".join(f"{i.label} {text(_money(i.amount))}" for i in c.investment.items)
        blocks.append(
            Paragraph(
                f"Totale investering: {text(_money(c.investment.total))}"
                + (f" ({items})" if items else "")
                + (f" — bron: {source(c.investment.provenance)}" if source(c.investment.provenance) else "")
            )
        )
    rows = tuple(
        (
            f.kind,
            _money(f.amount),
            names.get(f.provider or "", ""),
            _money(f.cash_amount) if f.cash_amount else None,
            _pct(f.interest_pct),
            f.term_months,
            f.written_contract,
            f.origin_documented,
            f.description,
            source(f.provenance),
        )
        for f in c.financing
    )
    columns = (
        "Soort",
        "Bedrag",
        "Verschaffer",
        "Contant",
        "Rente",
        "Looptijd (mnd)",
        "Schriftelijk",
        "Herkomst aangetoond",
        "Toelichting",
        "Bron",
    )
    blocks.append(Table(columns, rows, (16, 14, 28, 12, 9, 9, 11, 12, 30, 30)))
    if c.takeover:
        t = c.takeover
        blocks.append(
            Facts(
                (
                    ("Overnamesom", _money(t.price)),
                    ("Verkoper", names.get(t.seller or "", "")),
                    ("Waarde inventaris", _money(t.inventory_value)),
                    ("Goodwill", _money(t.goodwill)),
                    ("Betaalwijze", t.payment_method),
                    ("Bron", source(t.provenance)),
                )
            )
        )
    if c.payments:
        blocks.append(
            Table(
                ("Betaling", "Bedrag", "Wijze", "Aan", "Datum", "Bron"),
                tuple(
                    (
                        p.description,
                        _money(p.amount),
                        p.method,
                        names.get(p.payee or "", p.payee_description),
                        p.date,
                        source(p.provenance),
                    )
                    for p in c.payments
                ),
            )
        )
    return tuple(blocks)


@_section("premises", "Panden en objecten")
def _premises(cf: CaseFile) -> tuple[Block, ...]:
    rows = tuple(
        (
            pr.address.one_line() or pr.address.description,
            pr.tenure,
            _join(
                f"huur {text(_money(pr.rent_per_month))} p/m" if pr.rent_per_month is not None else "",
                f"koopsom {text(_money(pr.purchase_price))}" if pr.purchase_price is not None else "",
                f"{text(_money(pr.rent_per_room))} per kamer" if pr.rent_per_room is not None else "",
            ),
            _join(
                f"taxatie {text(_money(pr.appraisal_value))}" if pr.appraisal_value is not None else "",
                f"WOZ {text(_money(pr.woz_value))}" if pr.woz_value is not None else "",
                f"markt {text(_money(pr.market_band.low))}–{text(_money(pr.market_band.high))}"
                if pr.market_band
                else "",
            ),
            source(pr.provenance),
        )
        for pr in cf.case.premises
    )
    return (
        Table(("Adres", "Eigendom/huur", "Prijs of huur", "Referentie", "Bron"), rows, (30, 14, 26, 26, 30)),
    )


def _row_date(row: tuple[Value, ...]) -> date:
    first = row[0]
    return first.day if isinstance(first, Year) else first if isinstance(first, date) else date.min


@_section("history", "Voorgeschiedenis (locatie en eerdere besluiten)")
def _history(cf: CaseFile) -> tuple[Block, ...]:
    c, names = cf.case, cf.names
    rows: list[tuple[Value, ...]] = [
        (
            h.date,
            h.kind,
            names.get(h.party or "", ""),
            h.authority,
            _money(h.amount),
            h.description,
            source(h.provenance),
        )
        for h in c.history
    ]
    for pr in c.premises:
        rows += [
            (
                Year(e.date) if e.date_is_approximate else e.date,
                e.kind,
                e.operator or "",
                pr.address.one_line(),
                None,
                e.description,
                source(e.provenance),
            )
            for e in pr.history
        ]
    rows.sort(key=_row_date)
    columns = ("Datum", "Soort", "Wie", "Instantie of adres", "Bedrag", "Toelichting", "Bron")
    return (Table(columns, tuple(rows), (12, 18, 24, 24, 12, 30, 30)),)


@_section("antecedents", "Antecedenten", sheet_name="Antecedenten", sensitive=True)
def _antecedents(cf: CaseFile) -> tuple[Block, ...]:
    names = cf.names
    rows = tuple(
        (
            names.get(a.party, a.party),
            a.category,
            a.proof_level,
            Year(a.date) if a.date_is_approximate else a.date,
            a.sanction,
            a.description,
            source(a.provenance),
        )
        for a in cf.case.antecedents
    )
    columns = ("Wie", "Feit", "Bewijsniveau", "Datum", "Sanctie", "Toelichting", "Bron")
    return (Table(columns, rows, (28, 20, 16, 12, 20, 30, 30)),)


@_section("signals", "Signalen", sheet_name="Signalen", sensitive=True)
def _signals(cf: CaseFile) -> tuple[Block, ...]:
    names = cf.names
    rows = tuple(
        (
            s.source,
            names.get(s.party or "", "locatie"),
            s.date,
            s.reliability,
            s.description,
            source(s.provenance),
        )
        for s in cf.case.signals
    )
    columns = ("Bron", "Over", "Datum", "Betrouwbaarheid", "Inhoud", "Vastgelegd")
    return (Table(columns, rows, (14, 26, 12, 14, 50, 26)),)


@_section("checks", "Geraadpleegde bronnen")
def _checks(cf: CaseFile) -> tuple[Block, ...]:
    names = cf.names
    rows = tuple(
        (k.source, k.date, k.performed_by, names.get(k.party or "", ""), k.result, k.hit)
        for k in cf.case.source_checks
    )
    columns = ("Geraadpleegd", "Datum", "Door", "Over", "Resultaat", "Treffer")
    return (Table(columns, rows, (18, 12, 16, 24, 40, 8)),)


# -- the stored assessment -------------------------------------------------------------------------
@_section("findings", "Risico-indicatoren", sheet_name="Indicatoren", subtitle=False)
def _findings(cf: CaseFile) -> tuple[Block, ...]:
    a = cf.assessment
    if a is None:
        return (Paragraph("Er is nog geen risicobeoordeling opgeslagen."),)
    out: list[Block] = [
        Paragraph(
            f"Opgeslagen beoordeling van {a.assessed_at[:10]} (catalogus {a.catalogue_id} "
            f"versie {a.catalogue_version}, peildatum {a.reference_date}): score {a.score}, "
            f"band {a.band}.",
            small=True,
        )
    ]
    out += [Paragraph(f"Knock-out {ko}", small=True) for ko in a.knockouts]
    for f in a.findings:
        weight = f"gewicht {f.applied_weight}" + (
            f" (berekend {f.weight})" if f.applied_weight != f.weight else ""
        )
        out.append(Paragraph(f"{f.indicator} — {f.title} ({weight})", heading=True))
        out.append(Paragraph(f.explanation))
        out.append(Paragraph("Grond: " + "; ".join(f.legal_heads), small=True))
        if f.override_state is OverrideState.APPLIED:
            out.append(Paragraph(f"Afwijking door {f.override_author}: {f.override_motivation}", small=True))
        if f.yielded_to:
            out.append(Paragraph(f"Telt niet apart: samengevallen met {f.yielded_to}.", small=True))
        out.append(
            Table(
                ("Bewijs", "Waarde", "Bron", "Datum", "Door"),
                tuple((e.fact, e.value, e.source, e.date, e.recorded_by) for e in f.evidence),
            )
        )
    return tuple(out)


@_flat_sheet("findings")
def _findings_sheet(cf: CaseFile) -> Table:
    rows = tuple(
        (f.indicator, f.title, f.applied_weight, f.explanation)
        for f in (cf.assessment.findings if cf.assessment else [])
    )
    return Table(("Indicator", "Titel", "Gewicht", "Uitleg"), rows, (10, 44, 9, 70))


@_section("not_assessable", "Niet te beoordelen (gegevens ontbreken)")
def _not_assessable(cf: CaseFile) -> tuple[Block, ...]:
    a = cf.assessment
    rows = tuple((f"{n.indicator} {n.title}", "; ".join(n.missing)) for n in (a.not_assessable if a else []))
    return (Table(("Indicator", "Ontbreekt"), rows),) if rows else ()


# -- process -------------------------------------------------------------------------------------
@_section("events", "Procesverloop", subtitle=False)
def _events(cf: CaseFile) -> tuple[Block, ...]:
    received: tuple[Value, ...] = (cf.case.received_date, "aanvraag ontvangen", "")
    table = _events_table(cf.timeline.events)
    return (Table(table.columns, (received, *table.rows), table.widths),)


@_section("deadlines", "Termijnen", sheet_name="Termijnen", subtitle=False)
def _deadlines(cf: CaseFile) -> tuple[Block, ...]:
    rows = tuple((d.label, d.effective, d.explanation) for d in cf.timeline.deadlines)
    return (Table(("Termijn", "Datum", "Berekening"), rows, (16, 10, 34)),)


@_flat_sheet("deadlines")
def _deadlines_sheet(cf: CaseFile) -> Table:
    rows = tuple((d.label, d.raw, d.adjusted, d.done, d.explanation) for d in cf.timeline.deadlines)
    return Table(("Termijn", "Datum", "Atw-datum", "Afgerond", "Uitleg"), rows, (36, 12, 12, 12, 80))


@_section("lbb", "Advies Landelijk Bureau Bibob")
def _lbb(cf: CaseFile) -> tuple[Block, ...]:
    events = [e for e in cf.timeline.events if e.kind in LBB_EVENTS]
    return (Table(_events_table(events).columns, _events_table(events).rows, empty="Geen adviesaanvraag."),)


@_section("zienswijze", "Voornemen en zienswijze")
def _zienswijze(cf: CaseFile) -> tuple[Block, ...]:
    table = _events_table([e for e in cf.timeline.events if e.kind in ZIENSWIJZE_EVENTS], until=True)
    return (Table(table.columns, table.rows, table.widths, empty="Geen voornemen verzonden."),)


# -- the jurist's assessment and the decision ------------------------------------------------------
@_section("danger", "Mate van gevaar", subtitle=False)
def _danger(cf: CaseFile) -> tuple[Block, ...]:
    legal = cf.case.legal
    if legal is None:
        return (Paragraph(NOT_RECORDED),)
    lid6 = "niet beoordeeld" if legal.lid6 is None else ("ja" if legal.lid6 else "nee")
    return (
        Paragraph(
            f"a-grond: {DANGER.get(legal.conclusion_a, 'niet beoordeeld')}; "
            f"b-grond: {DANGER.get(legal.conclusion_b, 'niet beoordeeld')}; art. 3 lid 6: {lid6}."
        ),
        Paragraph(legal.motivation),
    )


@_section("proportionality", "Evenredigheid", subtitle=False)
def _proportionality(cf: CaseFile) -> tuple[Block, ...]:
    legal = cf.case.legal
    if legal is None:
        return (Paragraph(NOT_RECORDED),)
    return (
        Paragraph(f"Geschiktheid: {legal.geschiktheid or '—'}"),
        Paragraph(f"Noodzakelijkheid: {legal.noodzakelijkheid or '—'}"),
        Paragraph(f"Evenwichtigheid: {legal.evenwichtigheid or '—'}"),
    )


@_section("decision", "Besluit", sheet_name="Besluiten")
def _decision(cf: CaseFile) -> tuple[Block, ...]:
    rows = tuple((e.date, e.decision, e.note) for e in cf.case.events_of(EventKind.BESLUIT_BEKENDGEMAAKT))
    return (Table(("Datum", "Besluit", "Toelichting"), rows, (12, 24, 60), empty="Nog geen besluit."),)


@_section("voorschriften", "Voorschriften", subtitle=False)
def _voorschriften(cf: CaseFile) -> tuple[Block, ...]:
    rows = tuple((i, v.text, v.danger, v.deadline) for i, v in enumerate(cf.case.voorschriften, start=1))
    return (
        Table(
            ("Nr.", "Voorschrift", "Beperkt het gevaar", "Termijn"),
            rows,
            (4, 28, 20, 8),
            "Geen voorschriften.",
        ),
    )


@_section("nazorg", "Nazorg", subtitle=False)
def _nazorg(cf: CaseFile) -> tuple[Block, ...]:
    rows = tuple(
        (d.label, d.effective, "afgerond" if d.done else "open")
        for d in cf.timeline.deadlines
        if d.key.startswith("nazorg:") or d.key == "bezwaar"
    )
    if not rows:
        return (Paragraph("Nog geen besluit bekendgemaakt."),)
    return (Table(("Actie", "Uiterlijk", "Stand"), rows),)


@_section("notes", "Notities")
def _notes(cf: CaseFile) -> tuple[Block, ...]:
    rows = tuple((n.date, n.author, n.text) for n in cf.case.notes)
    return (Table(("Datum", "Door", "Notitie"), rows, (12, 16, 60)),)


# -- the questionnaire answers (memos of the LBB package) ------------------------------------------
@_section("open_questions", "Open vragen", subtitle=False)
def _open_questions(cf: CaseFile) -> tuple[Block, ...]:
    texts = [v for form, q, v in cf.answers if form == "eigen-onderzoek" and q.startswith("Open vragen")]
    return (Paragraph(texts[0] if texts else "Geen open vragen vastgelegd."),)


@_section("answers", "Formulierantwoorden", subtitle=False)
def _answers(cf: CaseFile) -> tuple[Block, ...]:
    if not cf.answers:
        return (Paragraph("Geen formulierantwoorden in het dossier."),)
    return (Table(("Formulier", "Vraag", "Antwoord"), tuple(tuple(a) for a in cf.answers)),)


# The Dossier tab: every section of the case, in the order of the case file.
DOSSIER: tuple[str, ...] = (
    "gegevens",
    "parties",
    "relations",
    "financing",
    "premises",
    "history",
    "antecedents",
    "signals",
    "checks",
    "events",
    "lbb",
    "zienswijze",
    "danger",
    "proportionality",
    "decision",
    "voorschriften",
    "nazorg",
    "notes",
)
SHEETS: tuple[str, ...] = tuple(k for k, s in SECTIONS.items() if s.sheet_name)


def section(case_file: CaseFile, id_: str) -> Section:
    kind = SECTIONS[id_]
    return Section(
        id=kind.id,
        title=kind.title,
        blocks=kind.build(case_file),
        sensitive=kind.sensitive,
        sheet=kind.sheet(case_file) if kind.sheet else None,
        subtitle=kind.subtitle,
    )


def sheet_table(case_file: CaseFile, id_: str) -> Table | None:
    """Only the flat table of a section (the workbook): without building its document blocks
    when it has a sheet of its own (findings with their evidence, deadlines)."""
    kind = SECTIONS[id_]
    if kind.sheet is not None:
        return kind.sheet(case_file)
    return next((b for b in kind.build(case_file) if isinstance(b, Table)), None)


def sections(case_file: CaseFile, ids: tuple[str, ...] = DOSSIER) -> list[Section]:
    return [section(case_file, i) for i in ids]


# -- the one-row summary of a case (workbook sheet "Dossiers") and the memo template values ---------
SUMMARY: tuple[tuple[str, int], ...] = (
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
)


def summary_row(cf: CaseFile) -> tuple[Value, ...]:
    c, a, legal = cf.case, cf.assessment, cf.case.legal
    term = next((d for d in cf.timeline.deadlines if d.key.startswith("beslistermijn")), None)
    request = next(iter(c.events_of(EventKind.ADVIESAANVRAAG_VERZONDEN)), None)
    advice = next(iter(c.events_of(EventKind.ADVIES_ONTVANGEN)), None)
    decision = next(iter(c.events_of(EventKind.BESLUIT_BEKENDGEMAAKT)), None)
    return (
        c.reference,
        ", ".join(label(k) for k in c.permit_kinds),
        c.bestuursorgaan,
        ", ".join(p.name for p in c.applicants()),
        c.stage,
        c.received_date,
        term.effective if term else None,
        a.score if a else None,
        a.band if a else "",
        ", ".join(f.indicator for f in a.findings if f.applied_weight) if a else "",
        request.date if request else None,
        advice.date if advice else None,
        DANGER.get(legal.conclusion_a, "") if legal else "",
        DANGER.get(legal.conclusion_b, "") if legal else "",
        decision.decision if decision and decision.decision else "",
        decision.date if decision else None,
        len(c.voorschriften),
    )


def template_values(cf: CaseFile, today: date) -> dict[str, str]:
    """The {placeholders} of the memo texts."""
    c, a = cf.case, cf.assessment
    names = ", ".join(p.name for p in c.applicants()) or "de aanvrager"
    intent = c.events_of(EventKind.VOORNEMEN_VERZONDEN)
    zienswijze = next((d.effective for d in cf.timeline.deadlines if d.key == "zienswijze"), None)
    long = DateStyle.LONG
    return {
        "kenmerk": c.reference,
        "bestuursorgaan": label(c.bestuursorgaan),
        "betrokkene": names,
        "soort": ", ".join(label(k) for k in c.permit_kinds),
        "locatie": c.location.one_line() or "onbekend",
        "ontvangen": text(c.received_date, long),
        "vandaag": text(today, long),
        "zienswijze_tot": text(zienswijze, long)
        if zienswijze
        else ("twee weken na verzending" if not intent else "?"),
        "bezwaar_weken": "6",
        "band": a.band if a else "nog niet beoordeeld",
        "score": str(a.score) if a else "—",
        "catalogus": f"{a.catalogue_id} versie {a.catalogue_version}" if a else "—",
    }

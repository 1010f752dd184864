"""Sections about the assessment and the procedure: the stored findings, the process, the LBB
advice, zienswijze, the jurist's assessment, the decision, voorschriften, nazorg and notes, and the
questionnaire answers the LBB package prints."""

from __future__ import annotations

from bibob_desk.domain.assessment import OverrideState
from bibob_desk.domain.enums import EventKind, ProcedureKind
from bibob_desk.domain.labels import label
from bibob_desk.presentation.registry import (
    DANGER,
    LBB_EVENTS,
    NOT_RECORDED,
    ZIENSWIJZE_EVENTS,
    CaseFile,
    builder,
    events_table,
    flat_sheet,
)
from bibob_desk.presentation.values import Block, Facts, Paragraph, Table, Value


# -- the stored assessment -------------------------------------------------------------------------
@builder("findings", "Risico-indicatoren", sheet_name="Indicatoren", subtitle=False)
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
            who = f" door {f.override_author}" if f.override_author else ""
            out.append(Paragraph(f"Afwijking{who}: {f.override_motivation}", small=True))
        if f.yielded_to:
            out.append(Paragraph(f"Telt niet apart: samengevallen met {f.yielded_to}.", small=True))
        out.append(
            Table(
                ("Bewijs", "Waarde", "Bron", "Datum", "Door"),
                tuple((e.fact, e.value, e.source, e.date, e.recorded_by) for e in f.evidence),
            )
        )
    return tuple(out)


@flat_sheet("findings")
def _findings_sheet(cf: CaseFile) -> Table:
    rows = tuple(
        (f.indicator, f.title, f.applied_weight, f.explanation)
        for f in (cf.assessment.findings if cf.assessment else [])
    )
    return Table(("Indicator", "Titel", "Gewicht", "Uitleg"), rows, (10, 44, 9, 70))


@builder("not_assessable", "Niet te beoordelen (gegevens ontbreken)")
def _not_assessable(cf: CaseFile) -> tuple[Block, ...]:
    a = cf.assessment
    rows = tuple((f"{n.indicator} {n.title}", "; ".join(n.missing)) for n in (a.not_assessable if a else []))
    return (Table(("Indicator", "Ontbreekt"), rows),) if rows else ()


# -- process -------------------------------------------------------------------------------------
@builder("events", "Procesverloop", subtitle=False)
def _events(cf: CaseFile) -> tuple[Block, ...]:
    start = (
        "onderzoek naar de bestaande vergunning gestart"
        if cf.case.procedure is ProcedureKind.BESTAANDE_VERGUNNING
        else "aanvraag ontvangen"
    )
    received: tuple[Value, ...] = (cf.case.reference_date, start, "")
    table = events_table(cf.timeline.events)
    return (Table(table.columns, (received, *table.rows), table.widths),)


@builder("deadlines", "Termijnen", sheet_name="Termijnen", subtitle=False)
def _deadlines(cf: CaseFile) -> tuple[Block, ...]:
    rows = tuple((d.label, d.effective, d.explanation) for d in cf.timeline.deadlines)
    return (Table(("Termijn", "Datum", "Berekening"), rows, (16, 10, 34)),)


@flat_sheet("deadlines")
def _deadlines_sheet(cf: CaseFile) -> Table:
    rows = tuple((d.label, d.raw, d.adjusted, d.done, d.explanation) for d in cf.timeline.deadlines)
    return Table(("Termijn", "Datum", "Atw-datum", "Afgerond", "Uitleg"), rows, (36, 12, 12, 12, 80))


@builder("lbb", "Advies Landelijk Bureau Bibob")
def _lbb(cf: CaseFile) -> tuple[Block, ...]:
    events = [e for e in cf.timeline.events if e.kind in LBB_EVENTS]
    blocks: list[Block] = [
        Table(events_table(events).columns, events_table(events).rows, empty="Geen adviesaanvraag.")
    ]
    advice = cf.case.lbb
    if advice is not None:
        pairs: list[tuple[str, Value]] = [
            ("Aanvraag verzonden", advice.request_date),
            ("Kenmerk aanvraag", advice.request_reference),
            ("Vragen", advice.questions),
            ("Advies ontvangen", advice.advice_date),
            ("Kenmerk advies", advice.advice_reference),
            ("a-grond", label(advice.degree_a) if advice.degree_a else "niet vermeld"),
            ("b-grond", label(advice.degree_b) if advice.degree_b else "niet vermeld"),
            ("Samenvatting", advice.summary),
        ]
        blocks.append(Facts(tuple((k, v) for k, v in pairs if v not in (None, ""))))
    return tuple(blocks)


@builder("zienswijze", "Voornemen en zienswijze")
def _zienswijze(cf: CaseFile) -> tuple[Block, ...]:
    table = events_table([e for e in cf.timeline.events if e.kind in ZIENSWIJZE_EVENTS], until=True)
    blocks: list[Block] = [Table(table.columns, table.rows, table.widths, empty="Geen voornemen verzonden.")]
    if cf.case.zienswijzen:
        names = cf.names
        rows = tuple(
            (z.received_date, label(z.form), names.get(z.party or "", ""), z.summary, z.points, z.response)
            for z in cf.case.zienswijzen
        )
        columns = ("Ontvangen", "Vorm", "Van", "Samenvatting", "Aangevoerde punten", "Reactie")
        blocks.append(Table(columns, rows, (12, 10, 18, 30, 30, 30)))
    return tuple(blocks)


# -- the jurist's assessment and the decision ------------------------------------------------------
@builder("danger", "Mate van gevaar", subtitle=False)
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


@builder("proportionality", "Evenredigheid", subtitle=False)
def _proportionality(cf: CaseFile) -> tuple[Block, ...]:
    legal = cf.case.legal
    if legal is None:
        return (Paragraph(NOT_RECORDED),)
    return (
        Paragraph(f"Geschiktheid: {legal.geschiktheid or '—'}"),
        Paragraph(f"Noodzakelijkheid: {legal.noodzakelijkheid or '—'}"),
        Paragraph(f"Evenwichtigheid: {legal.evenwichtigheid or '—'}"),
    )


@builder("decision", "Besluit", sheet_name="Besluiten")
def _decision(cf: CaseFile) -> tuple[Block, ...]:
    rows = tuple((e.date, e.decision, e.note) for e in cf.case.events_of(EventKind.BESLUIT_BEKENDGEMAAKT))
    blocks: list[Block] = [
        Table(("Datum", "Besluit", "Toelichting"), rows, (12, 24, 60), empty="Nog geen besluit.")
    ]
    content, closure = cf.case.decision, cf.case.closure
    if content is not None:
        pairs: list[tuple[str, Value]] = [
            ("Soort besluit", content.kind),
            ("Besluitdatum", content.decision_date),
            ("Samenvatting", content.summary),
            ("Gronden", content.grounds),
        ]
        blocks.append(Facts(tuple((k, v) for k, v in pairs if v not in (None, ""))))
    if closure is not None:
        blocks.append(
            Paragraph(f"Afgesloten op {closure.closed_date:%d-%m-%Y}: {label(closure.result).lower()}.")
        )
    return tuple(blocks)


@builder("voorschriften", "Voorschriften", subtitle=False)
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


@builder("nazorg", "Nazorg", subtitle=False)
def _nazorg(cf: CaseFile) -> tuple[Block, ...]:
    rows = tuple(
        (d.label, d.effective, "afgerond" if d.done else "open")
        for d in cf.timeline.deadlines
        if d.key.startswith("nazorg:") or d.key in ("bezwaar", "beslissing_bezwaar")
    )
    if not rows:
        return (Paragraph("Nog geen besluit bekendgemaakt."),)
    return (Table(("Actie", "Uiterlijk", "Stand"), rows),)


@builder("notes", "Notities")
def _notes(cf: CaseFile) -> tuple[Block, ...]:
    rows = tuple((n.date, n.author, n.text) for n in cf.case.notes)
    return (Table(("Datum", "Door", "Notitie"), rows, (12, 16, 60)),)


# -- the questionnaire answers (memos of the LBB package) ------------------------------------------
@builder("open_questions", "Open vragen", subtitle=False)
def _open_questions(cf: CaseFile) -> tuple[Block, ...]:
    texts = [v for form, q, v in cf.answers if form == "eigen-onderzoek" and q.startswith("Open vragen")]
    return (Paragraph(texts[0] if texts else "Geen open vragen vastgelegd."),)


@builder("answers", "Formulierantwoorden", subtitle=False)
def _answers(cf: CaseFile) -> tuple[Block, ...]:
    if not cf.answers:
        return (Paragraph("Geen formulierantwoorden in het dossier."),)
    return (Table(("Formulier", "Vraag", "Antwoord"), tuple(tuple(a) for a in cf.answers)),)


# The Dossier tab: every section of the case, in the order of the case file.

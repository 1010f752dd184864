"""Memos, decisions and letters from the stored case, the stored assessment and the computed timeline.
Fixed texts come from resources/memos; the blocks below fill in the case's facts with their sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reportlab.platypus import Flowable

from bibob_desk.domain.assessment import Assessment
from bibob_desk.domain.enums import EventKind
from bibob_desk.domain.labels import euro, label, percent
from bibob_desk.domain.model import Case, Provenance
from bibob_desk.exports import MEMO_KINDS  # noqa: F401 - re-exported
from bibob_desk.exports.pdf import SPACER, p, render, table
from bibob_desk.exports.texts import MemoTexts
from bibob_desk.workflow.calendar import nl_date
from bibob_desk.workflow.deadlines import Timeline

DANGER = {
    "geen": "geen (gebleken) gevaar",
    "mindere_mate": "mindere mate van gevaar",
    "ernstig": "ernstig gevaar",
}


@dataclass
class MemoContext:
    case: Case
    assessment: Assessment | None
    timeline: Timeline
    texts: MemoTexts
    anchor: str
    today: date
    answers: list[tuple[str, str, str]] = field(default_factory=list)  # (form, question label, answer)


def _source(prov: Provenance | None) -> str:
    if prov is None:
        return ""
    parts = [label(prov.kind), prov.source, nl_date(prov.date) if prov.date else "", prov.recorded_by]
    return ", ".join(x for x in parts if x)


def _fields(ctx: MemoContext) -> dict[str, str]:
    c = ctx.case
    names = ", ".join(p_.name for p_ in c.applicants()) or "de aanvrager"
    intent = c.events_of(EventKind.VOORNEMEN_VERZONDEN)
    zienswijze = next((d.effective for d in ctx.timeline.deadlines if d.key == "zienswijze"), None)
    a = ctx.assessment
    return {
        "kenmerk": c.reference,
        "bestuursorgaan": label(c.bestuursorgaan),
        "betrokkene": names,
        "soort": ", ".join(label(k) for k in c.permit_kinds),
        "locatie": c.location.one_line() or "onbekend",
        "ontvangen": nl_date(c.received_date),
        "vandaag": nl_date(ctx.today),
        "zienswijze_tot": nl_date(zienswijze)
        if zienswijze
        else ("twee weken na verzending" if not intent else "?"),
        "bezwaar_weken": "6",
        "band": a.band if a else "nog niet beoordeeld",
        "score": str(a.score) if a else "—",
        "catalogus": f"{a.catalogue_id} versie {a.catalogue_version}" if a else "—",
    }


def _fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def _block(name: str, ctx: MemoContext) -> list[Flowable]:
    c, names = ctx.case, {p_.id: p_.name for p_ in ctx.case.parties}
    if name == "events":
        return [
            table(
                ["Datum", "Gebeurtenis", "Toelichting"],
                [[nl_date(c.received_date), "aanvraag ontvangen", ""]]
                + [
                    [
                        nl_date(e.date),
                        label(e.kind) + (f" ({label(e.decision)})" if e.decision else ""),
                        e.note,
                    ]
                    for e in ctx.timeline.events
                ],
                [30 * 2.83, 60 * 2.83, 80 * 2.83],
            )
        ]
    if name == "deadlines":
        return [
            table(
                ["Termijn", "Datum", "Berekening"],
                [[d.label, nl_date(d.effective), d.explanation] for d in ctx.timeline.deadlines],
                [45 * 2.83, 28 * 2.83, 97 * 2.83],
            )
        ]
    if name == "relations":
        return [
            table(
                ["Wie", "Rol", "Ten opzichte van", "Bron"],
                [
                    [
                        names.get(r.party, r.party),
                        label(r.role),
                        names.get(r.counterparty, "dossier") if r.counterparty else "dossier",
                        _source(r.provenance),
                    ]
                    for r in c.relations
                ],
            )
        ]
    if name == "financing":
        rows = [
            [
                label(f.kind),
                euro(f.amount),
                names.get(f.provider or "", ""),
                "; ".join(
                    x
                    for x in (
                        f"rente {percent(f.interest_pct)}" if f.interest_pct is not None else "",
                        f"contant {euro(f.cash_amount)}" if f.cash_amount else "",
                        f.description,
                    )
                    if x
                ),
                _source(f.provenance),
            ]
            for f in c.financing
        ]
        return [
            p("Financiering", "small"),
            table(["Soort", "Bedrag", "Verschaffer", "Voorwaarden", "Bron"], rows),
        ]
    if name == "premises":
        rows = [
            [
                pr.address.one_line() or pr.address.description,
                label(pr.tenure),
                "; ".join(
                    x
                    for x in (
                        f"huur {euro(pr.rent_per_month)}" if pr.rent_per_month else "",
                        f"koopsom {euro(pr.purchase_price)}" if pr.purchase_price else "",
                    )
                    if x
                ),
                _source(pr.provenance),
            ]
            for pr in c.premises
        ]
        return [p("Panden en objecten", "small"), table(["Adres", "Gebruik", "Prijs of huur", "Bron"], rows)]
    if name == "antecedents":
        rows = [
            [
                names.get(a.party, a.party),
                f"{label(a.category)} ({label(a.proof_level)})",
                f"{a.date:%Y}" if a.date_is_approximate else nl_date(a.date),
                _source(a.provenance),
            ]
            for a in c.antecedents
        ]
        return [p("Antecedenten", "small"), table(["Wie", "Feit", "Datum", "Bron"], rows)]
    if name == "signals":
        rows = [
            [
                label(s.source),
                names.get(s.party or "", "locatie"),
                nl_date(s.date),
                s.description,
                _source(s.provenance),
            ]
            for s in c.signals
        ]
        return [p("Signalen", "small"), table(["Bron", "Over", "Datum", "Inhoud", "Vastgelegd"], rows)]
    if name == "checks":
        rows = [
            [label(k.source), nl_date(k.date), k.performed_by, names.get(k.party or "", ""), k.result]
            for k in c.source_checks
        ]
        return [
            p("Geraadpleegde bronnen", "small"),
            table(["Bron", "Datum", "Door", "Over", "Resultaat"], rows),
        ]
    if name == "findings":
        return _findings(ctx)
    if name == "not_assessable":
        a = ctx.assessment
        if a is None or not a.not_assessable:
            return []
        return [
            p("Niet te beoordelen (gegevens ontbreken)", "small"),
            table(
                ["Indicator", "Ontbreekt"],
                [[f"{n.indicator} {n.title}", "; ".join(n.missing)] for n in a.not_assessable],
            ),
        ]
    if name == "danger":
        legal = c.legal
        if legal is None:
            return [p("Nog niet door de jurist vastgelegd.")]
        lid6 = {True: "ja", False: "nee"}.get(legal.lid6, "niet beoordeeld")
        return [
            p(
                f"a-grond: {DANGER.get(legal.conclusion_a, 'niet beoordeeld')}; "
                f"b-grond: {DANGER.get(legal.conclusion_b, 'niet beoordeeld')}; art. 3 lid 6: {lid6}."
            ),
            p(legal.motivation),
        ]
    if name == "proportionality":
        legal = c.legal
        if legal is None:
            return [p("Nog niet door de jurist vastgelegd.")]
        return [
            p(f"Geschiktheid: {legal.geschiktheid or '—'}"),
            p(f"Noodzakelijkheid: {legal.noodzakelijkheid or '—'}"),
            p(f"Evenwichtigheid: {legal.evenwichtigheid or '—'}"),
        ]
    if name == "voorschriften":
        if not c.voorschriften:
            return []
        return [
            table(
                ["Nr.", "Voorschrift", "Beperkt het gevaar", "Termijn"],
                [[str(i), v.text, v.danger, v.deadline] for i, v in enumerate(c.voorschriften, start=1)],
                [12 * 2.83, 80 * 2.83, 55 * 2.83, 23 * 2.83],
            )
        ]
    if name == "nazorg":
        rows = [
            [d.label, nl_date(d.effective), "afgerond" if d.done else "open"]
            for d in ctx.timeline.deadlines
            if d.key.startswith("nazorg:") or d.key == "bezwaar"
        ]
        return (
            [table(["Actie", "Uiterlijk", "Stand"], rows)] if rows else [p("Nog geen besluit bekendgemaakt.")]
        )
    if name == "open_questions":
        texts = [v for form, q, v in ctx.answers if form == "eigen-onderzoek" and q.startswith("Open vragen")]
        return [p(texts[0] if texts else "Geen open vragen vastgelegd.")]
    if name == "answers":
        return (
            [table(["Formulier", "Vraag", "Antwoord"], [list(a) for a in ctx.answers])]
            if ctx.answers
            else [p("Geen formulierantwoorden in het dossier.")]
        )
    raise ValueError(name)


def _findings(ctx: MemoContext) -> list[Flowable]:
    a = ctx.assessment
    if a is None:
        return [p("Er is nog geen risicobeoordeling opgeslagen.")]
    out: list[Flowable] = [
        p(
            f"Opgeslagen beoordeling van {a.assessed_at[:10]} (catalogus {a.catalogue_id} "
            f"versie {a.catalogue_version}, peildatum {a.reference_date}): score {a.score}, "
            f"band {a.band}.",
            "small",
        )
    ]
    for ko in a.knockouts:
        out.append(p(f"Knock-out {ko}", "small"))
    for f in a.findings:
        weight = f"gewicht {f.applied_weight}" + (
            f" (berekend {f.weight})" if f.applied_weight != f.weight else ""
        )
        out.append(p(f"{f.indicator} — {f.title} ({weight})", "h"))
        out.append(p(f.explanation))
        out.append(p("Grond: " + "; ".join(f.legal_heads), "small"))
        if f.override_state == "toegepast":
            out.append(p(f"Afwijking door {f.override_author}: {f.override_motivation}", "small"))
        if f.yielded_to:
            out.append(p(f"Telt niet apart: samengevallen met {f.yielded_to}.", "small"))
        out.append(
            table(
                ["Bewijs", "Waarde", "Bron", "Datum", "Door"],
                [[e.fact, e.value, e.source, e.date, e.recorded_by] for e in f.evidence],
            )
        )
    return out


def build_memo(kind: str, ctx: MemoContext) -> bytes:
    doc = ctx.texts.documents[kind]
    values = _fields(ctx)
    story: list[Flowable] = [
        p(
            f"Kenmerk {ctx.case.reference} · {values['bestuursorgaan']} · opgesteld {values['vandaag']}",
            "small",
        ),
        SPACER,
    ]
    for section in doc["sections"]:
        story.append(p(section["heading"], "h"))
        if section.get("text"):
            story.append(p(_fill(section["text"], values)))
        for block in section.get("blocks", []):
            story.extend(_block(block, ctx))
    return render(doc["title"], ctx.case.reference, ctx.texts.footer, ctx.anchor, story)


def any_value(value: Any) -> str:
    """An answer as readable text for the questionnaire PDF."""
    if isinstance(value, list):
        return ", ".join(any_value(v) for v in value)
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values())
    return str(value)

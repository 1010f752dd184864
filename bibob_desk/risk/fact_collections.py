"""Collections over premises, relations, antecedents, history and signals (registered on import)."""

from __future__ import annotations

from datetime import date

from bibob_desk.domain.assessment import Evidence
from bibob_desk.domain.enums import HistoryKind, OffenceCategory, RoleKind, SignalSource
from bibob_desk.domain.labels import euro, label
from bibob_desk.domain.model import Antecedent, HistoryEvent, Premises
from bibob_desk.risk.facts import (
    CONTROL,
    Fact,
    FactBook,
    Item,
    collection,
    deviation,
    evidence,
    months_between,
    price_reference,
    rent_reference,
    years_between,
)


def _premises_ev(p: Premises, what: str, value: str) -> tuple:
    return (
        evidence(
            f"{what} {p.address.one_line() or p.address.description}".strip(),
            value,
            p.provenance,
            f"premises:{p.id}",
        ),
    )


@collection(
    "priced_premises",
    {
        "price": "koopsom",
        "reference": "waardering",
        "reference_kind": "soort waardering",
        "deviation": "waardering (taxatie, WOZ of marktband)",
        "direction": "richting van de afwijking",
    },
)
def _priced(b: FactBook) -> list[Item]:
    items = []
    for p in b.case.premises:
        if p.purchase_price is None:
            continue
        reference, kind = price_reference(p)
        ev = _premises_ev(p, "koopsom", euro(p.purchase_price))
        if reference is not None:
            ev += _premises_ev(p, kind, euro(reference))
        items.append(
            Item(
                f"premises:{p.id}",
                f"koopsom {p.address.one_line()}",
                {
                    "price": Fact(p.purchase_price, ev, "eur"),
                    "reference": Fact(reference, ev, "eur"),
                    "reference_kind": Fact(kind or None),
                    "deviation": Fact(
                        deviation(p.purchase_price, reference) if reference else None, ev, "pct"
                    ),
                    "direction": Fact(
                        None if reference is None else ("boven" if p.purchase_price >= reference else "onder")
                    ),
                },
            )
        )
    return items


@collection(
    "rented_premises",
    {
        "rent": "huur",
        "reference": "marktreferentie",
        "reference_kind": "soort referentie",
        "deviation": "marktreferentie voor de huur",
        "direction": "richting van de afwijking",
    },
)
def _rented(b: FactBook) -> list[Item]:
    items = []
    for p in b.case.premises:
        if p.rent_per_month is None:
            continue
        reference, kind = rent_reference(p)
        ev = _premises_ev(p, "huur per maand", euro(p.rent_per_month))
        if reference is not None:
            ev += _premises_ev(p, kind, euro(reference))
        items.append(
            Item(
                f"premises:{p.id}",
                f"huur {p.address.one_line()}",
                {
                    "rent": Fact(p.rent_per_month, ev, "eur"),
                    "reference": Fact(reference, ev, "eur"),
                    "reference_kind": Fact(kind or None),
                    "deviation": Fact(
                        deviation(p.rent_per_month, reference) if reference else None, ev, "pct"
                    ),
                    "direction": Fact(
                        None if reference is None else ("boven" if p.rent_per_month >= reference else "onder")
                    ),
                },
            )
        )
    return items


@collection(
    "resales",
    {
        "resale_days": "eerdere verkoop van het object",
        "resale_increase": "prijsstijging sinds de vorige verkoop",
        "intended_resale_months": "voornemen tot doorverkoop",
    },
)
def _resales(b: FactBook) -> list[Item]:
    items = []
    for p in b.case.premises:
        if p.purchase_price is None and p.intended_resale_months is None:
            continue
        facts = {
            "intended_resale_months": Fact(
                p.intended_resale_months,
                _premises_ev(p, "voornemen doorverkoop binnen (maanden)", str(p.intended_resale_months)),
                "num",
            )
        }
        earlier = [t for t in p.previous_transactions if p.purchase_date and t.date <= p.purchase_date]
        if earlier and p.purchase_date and p.purchase_price:
            last = max(earlier, key=lambda t: t.date)
            ev = (
                evidence(
                    f"vorige verkoop {p.address.one_line()}",
                    f"{last.date:%d-%m-%Y} voor {euro(last.price)}",
                    last.provenance,
                    f"premises:{p.id}",
                ),
                *_premises_ev(p, "aankoop", f"{p.purchase_date:%d-%m-%Y} voor {euro(p.purchase_price)}"),
            )
            facts["resale_days"] = Fact((p.purchase_date - last.date).days, ev, "num")
            facts["resale_increase"] = Fact((p.purchase_price - last.price) / last.price, ev, "pct")
        else:
            facts["resale_days"] = Fact(
                None if p.purchase_date is None else 10**6
            )  # no earlier sale recorded
            facts["resale_increase"] = Fact(None)
        items.append(Item(f"premises:{p.id}", p.address.one_line() or p.address.description, facts))
    return items


@collection("mortgaged_premises", {"undisclosed_mortgagee": "hypotheekhouders volgens het Kadaster"})
def _mortgages(b: FactBook) -> list[Item]:
    disclosed = {f.provider for f in b.case.financing if f.provider}
    items = []
    for p in b.case.premises:
        if not p.mortgagees:
            continue
        strangers = [m for m in p.mortgagees if m not in disclosed]
        foreign_nonbank = [
            m
            for m in p.mortgagees
            if b.parties.get(m)
            and b.parties[m].country not in (None, "NL")
            and b.parties[m].regulated_financial_institution is False
        ]
        ev = tuple(
            evidence("hypotheekhouder", b.name(m), p.provenance, f"premises:{p.id}") for m in p.mortgagees
        )
        items.append(
            Item(
                f"premises:{p.id}",
                p.address.one_line(),
                {"undisclosed_mortgagee": Fact(bool(strangers or foreign_nonbank), ev, "bool")},
            )
        )
    return items


@collection(
    "control_changes", {"months_since_change": "begindatum of einddatum van bestuurders en aandeelhouders"}
)
def _control_changes(b: FactBook) -> list[Item]:
    founded = b.applicant.founding_date if b.applicant else None
    items = []
    for r in b.case.relations:
        if r.role not in CONTROL or r.counterparty not in b.applicant_ids:
            continue
        changes = [d for d in (r.start_date, r.end_date) if d is not None and d != founded]
        at_founding = r.start_date is not None and r.start_date == founded and r.end_date is None
        ref = f"relation:{r.id}"
        ev = (
            evidence(
                f"{label(r.role).lower()} {b.name(r.party)}",
                f"sinds {r.start_date:%d-%m-%Y}" if r.start_date else "datum onbekend",
                r.provenance,
                ref,
            ),
        )
        latest = max(changes) if changes else None
        months = months_between(latest, b.reference) if latest else (10**6 if at_founding else None)
        items.append(
            Item(
                ref,
                f"{label(r.role).lower()} {b.name(r.party)}",
                {
                    "months_since_change": Fact(months, ev, "num"),
                },
            )
        )
    return items


def _antecedent_items(b: FactBook, party_ids: dict[str, str]) -> list[Item]:
    from bibob_desk.risk.offences import load_taxonomy

    taxonomy, sectors = load_taxonomy(), b.case.sectors
    items = []
    for a in b.case.antecedents:
        if a.party not in party_ids:
            continue
        ref = f"antecedent:{a.id}"
        when = f"{a.date:%Y}" if a.date_is_approximate else f"{a.date:%d-%m-%Y}"
        ev: tuple[Evidence, ...] = (
            evidence(
                f"{label(a.category).lower()} ({label(a.proof_level).lower()}) {b.name(a.party)}",
                f"{when}{'; ' + a.sanction if a.sanction else ''}",
                a.provenance,
                ref,
            ),
        )
        relation = party_ids[a.party]
        ended = b.relation_ended(a.party)
        if relation:
            shown = relation + (f"; beëindigd op {ended:%d-%m-%Y}" if ended else "")
            ev += (evidence("relatie tot de aanvrager (art. 3 lid 4)", shown, None, f"party:{a.party}"),)
        items.append(
            Item(
                ref,
                f"{label(a.category).lower()} {b.name(a.party)}",
                {
                    "age_years": Fact(years_between(a.date, b.reference), ev, "num"),
                    "category": Fact(a.category.value, ev),
                    # the offence taxonomy: relevant for one of the case's sectors (art. 3 lid 3)
                    "category_relevant": Fact(
                        None
                        if a.category is OffenceCategory.ONBEKEND
                        else taxonomy.relevant(a.category.value, sectors),
                        ev,
                        "bool",
                    ),
                    "proof_level": Fact(a.proof_level.value, ev),
                    "unconditional_prison": Fact(a.unconditional_prison, ev, "bool"),
                    "related_to_activity": Fact(a.related_to_activity, ev, "bool"),
                    "person": Fact(b.name(a.party)),
                    "relation": Fact(relation or None),
                    "date_text": Fact(when),
                    "merged_with": Fact(
                        "; ".join(
                            f"{label(h.kind).lower()} van {h.date:%d-%m-%Y}"
                            for h in b.case.history
                            if h.kind in FISCAL and _same_fact(a, h)
                        )
                        or None
                    ),
                    # 0 while the relation runs; years since it ended before the reference date
                    "relation_ended_years": Fact(
                        years_between(ended, b.reference) if ended else 0.0, ev, "num"
                    ),
                },
            )
        )
    return items


ANTECEDENT = {
    "age_years": "datum van het feit",
    "category": "soort feit",
    "category_relevant": "soort feit (onbekend)",
    "proof_level": "bewijsniveau",
    "unconditional_prison": "onvoorwaardelijke vrijheidsstraf",
    "related_to_activity": "samenhang met de activiteit",
    "person": "persoon",
    "relation": "relatie",
    "date_text": "datum",
    "merged_with": "samengevallen fiscale gebeurtenissen",
    "relation_ended_years": "einddatum van de relatie",
}
collection("applicant_antecedents", ANTECEDENT)(
    lambda b: _antecedent_items(b, dict.fromkeys(b.applicant_ids, ""))
)
collection("relation_antecedents", ANTECEDENT)(lambda b: _antecedent_items(b, b.lid4_links))


def _history_items(b: FactBook, kinds: set[HistoryKind]) -> list[Item]:
    items = []
    for h in b.case.history:
        if h.kind not in kinds:
            continue
        ref = f"history:{h.id}"
        ev = (
            evidence(
                f"{label(h.kind).lower()} {b.name(h.party)}",
                f"{h.date:%d-%m-%Y}{' ' + euro(h.amount) if h.amount is not None else ''}",
                h.provenance,
                ref,
            ),
        )
        items.append(
            Item(
                ref,
                f"{label(h.kind).lower()} {b.name(h.party)}",
                {
                    "age_years": Fact(years_between(h.date, b.reference), ev, "num"),
                    "amount": Fact(h.amount, ev, "eur"),
                    "kind": Fact(h.kind.value, ev),
                },
            )
        )
    return items


HISTORY = {"age_years": "datum", "amount": "bedrag", "kind": "soort"}
collection("bankruptcies", HISTORY)(lambda b: _history_items(b, {HistoryKind.FAILLISSEMENT}))
collection("prior_refusals", HISTORY)(
    lambda b: _history_items(b, {HistoryKind.WEIGERING, HistoryKind.INTREKKING})
)
collection("voorschrift_breaches", HISTORY)(
    lambda b: _history_items(b, {HistoryKind.OVERTREDING_VOORSCHRIFT})
)
collection("earlier_no_danger", HISTORY)(lambda b: _history_items(b, {HistoryKind.GEEN_GEVAAR}))
FISCAL = {HistoryKind.FISCALE_BOETE, HistoryKind.BESTUURLIJKE_BOETE, HistoryKind.BELASTINGSCHULD}
SAME_FACT_DAYS = 90  # a fiscal event and an antecedent of the same party this close are one fact


def _same_fact(a: Antecedent, h: HistoryEvent) -> bool:
    """An antecedent (fiscal offence or fraud) and a fiscal event of the same party and time."""
    return (
        a.party == h.party
        and a.category in (OffenceCategory.FISCAAL, OffenceCategory.FRAUDE)
        and abs((a.date - h.date).days) <= SAME_FACT_DAYS
    )


@collection("fiscal_events", {**HISTORY, "counted_as_antecedent": "of hetzelfde feit al als antecedent telt"})
def _fiscal_events(b: FactBook) -> list[Item]:
    items = _history_items(b, FISCAL)
    for item, h in zip(items, [h for h in b.case.history if h.kind in FISCAL], strict=True):
        same = any(_same_fact(a, h) for a in b.case.antecedents if a.party in b.applicant_ids)
        item.facts["counted_as_antecedent"] = Fact(same, (), "bool")
    return items


@collection(
    "register_hits",
    {
        **HISTORY,
        "conclusion": "gevaarsconclusie",
        "about_betrokkene": "over wie de eerdere conclusie ging",
        "situation_unchanged": "of de situatie sindsdien is veranderd",
    },
)
def _register_hits(b: FactBook) -> list[Item]:
    levels = {
        HistoryKind.GEVAARSCONCLUSIE_ERNSTIG: "ernstig",
        HistoryKind.GEVAARSCONCLUSIE_MINDERE_MATE: "mindere_mate",
        HistoryKind.TERUGTREKKING: "terugtrekking",
    }
    items = _history_items(b, set(levels))
    for item, h in zip(items, [h for h in b.case.history if h.kind in levels], strict=True):
        item.facts["conclusion"] = Fact(levels[h.kind])
        item.facts["about_betrokkene"] = Fact(h.party in b.applicant_ids if h.party else None, (), "bool")
        item.facts["situation_unchanged"] = Fact(not _changed_since(b, h.date, h.party), (), "bool")
    for s in b.case.signals:
        if s.source in (SignalSource.BIBOB_REGISTER, SignalSource.ART_11A) and _about_case(b, s):
            ev = (
                evidence(
                    f"melding {label(s.source)}", s.description or "treffer", s.provenance, f"signal:{s.id}"
                ),
            )
            items.append(
                Item(
                    f"signal:{s.id}",
                    f"{label(s.source)}",
                    {
                        "age_years": Fact(years_between(s.date, b.reference), ev, "num"),
                        "conclusion": Fact("onbekend", ev),
                        "about_betrokkene": Fact(s.party in b.applicant_ids if s.party else None, (), "bool"),
                        "situation_unchanged": Fact(not _changed_since(b, s.date, s.party), (), "bool"),
                    },
                )
            )
    return items


def _changed_since(b: FactBook, day: date, party: str | None) -> bool:
    """Has the situation changed since an earlier conclusion of `day`: new leadership or control of
    the applicant since then, a new legal entity, or the concluded party no longer related?"""
    if party and party not in b.applicant_ids and b.relation_ended(party) is not None:
        return True
    applicant = b.applicant
    if applicant is not None and applicant.founding_date is not None and applicant.founding_date > day:
        return True
    return any(
        r.role in CONTROL
        and r.counterparty in b.applicant_ids
        and r.start_date is not None
        and r.start_date > day
        for r in b.case.relations
    )


def _about_case(b: FactBook, signal: object) -> bool:
    party = getattr(signal, "party", None)
    return party is None or party in b.parties


@collection("signals", {"source": "bron", "age_years": "datum", "reliability": "betrouwbaarheid"})
def _signals(b: FactBook) -> list[Item]:
    items = []
    for s in b.case.signals:
        if not _about_case(b, s):
            continue
        ref = f"signal:{s.id}"
        ev = (
            evidence(
                f"signaal {label(s.source)} over {b.name(s.party) if s.party else 'de locatie'}",
                f"{s.date:%d-%m-%Y} ({label(s.reliability).lower()})",
                s.provenance,
                ref,
            ),
        )
        items.append(
            Item(
                ref,
                f"signaal {label(s.source)}",
                {
                    "source": Fact(s.source.value, ev),
                    "age_years": Fact(years_between(s.date, b.reference), ev, "num"),
                    "reliability": Fact(s.reliability.value, ev),
                },
            )
        )
    return items


@collection(
    "location_events",
    {
        "operator_linked": "wie de vorige exploitant was en diens band met de aanvrager",
        "age_years": "datum",
        "when": "datum",
    },
)
def _location_events(b: FactBook) -> list[Item]:
    targets = (
        b.applicant_ids
        | set(b.direct_links)
        | {r.party for r in b.case.relations if r.role in (RoleKind.VERHUURDER, RoleKind.ONDERHANDELAAR)}
    )
    items = []
    for p in b.case.premises:
        for e in p.history:
            if e.kind not in (HistoryKind.INTREKKING, HistoryKind.SLUITING, HistoryKind.WEIGERING):
                continue
            ref = f"premises:{p.id}"
            when = f"{e.date:%Y}" if e.date_is_approximate else f"{e.date:%d-%m-%Y}"
            ev = [evidence(f"{label(e.kind).lower()} op de locatie", when, e.provenance, ref)]
            path = _path(b, e.operator, targets) if e.operator else None
            if path:
                ev.append(evidence("band met de vorige exploitant", path, None, f"party:{e.operator}"))
            items.append(
                Item(
                    ref,
                    f"{label(e.kind).lower()} {p.address.one_line()}",
                    {
                        "operator_linked": Fact(
                            None if e.operator is None else bool(path), tuple(ev), "bool"
                        ),
                        "age_years": Fact(years_between(e.date, b.reference), tuple(ev), "num"),
                        "when": Fact(when),
                    },
                )
            )
    return items


def _path(b: FactBook, start: str, targets: set[str], depth: int = 2) -> str:
    """A readable relation path (at most `depth` steps) from the former operator to the applicant side."""
    if start in targets:  # the former operator is on the applicant side itself (a doorstart)
        role = ", ".join(b.direct_links.get(start, [])) or ("aanvrager" if start in b.applicant_ids else "")
        return f"{b.name(start)} is zelf betrokken bij deze aanvraag{f' ({role})' if role else ''}"
    neighbours: dict[str, list[tuple[str, str]]] = {}
    for r in b.case.relations:
        if r.counterparty:
            note = f" ({r.description})" if r.description else ""
            text = f"{b.name(r.party)} is {label(r.role).lower()}{note} van {b.name(r.counterparty)}"
            neighbours.setdefault(r.party, []).append((r.counterparty, text))
            neighbours.setdefault(r.counterparty, []).append((r.party, text))
    frontier: list[tuple[str, list[str]]] = [(start, [])]
    seen = {start}
    for _ in range(depth):
        nxt = []
        for node, steps in frontier:
            for other, text in neighbours.get(node, []):
                if other in seen:
                    continue
                if other in targets:
                    role = ", ".join(b.direct_links.get(other, [])) or (
                        "aanvrager" if other in b.applicant_ids else ""
                    )
                    tail = f" ({b.name(other)}: {role})" if role else ""
                    return "; ".join([*steps, text]) + tail
                seen.add(other)
                nxt.append((other, [*steps, text]))
        frontier = nxt
    return ""


@collection(
    "contradictions",
    {"kind": "soort afwijking", "declared": "wat is opgegeven", "found": "wat is gevonden", "source": "bron"},
)
def _contradictions(b: FactBook) -> list[Item]:
    """What was declared against what a register or the own investigation shows (brief §4.5)."""
    items = []
    for c in b.case.contradictions:
        ref = f"contradiction:{c.id}"
        who = f" ({b.name(c.party)})" if c.party else ""
        ev = (
            evidence(
                f"{label(c.kind)}{who}",
                f"opgegeven: {c.declared or '—'}; gevonden: {c.found or '—'}",
                c.provenance,
                ref,
            ),
        )
        items.append(
            Item(
                ref,
                f"{label(c.kind)}{who}",
                {
                    "kind": Fact(c.kind.value, ev),
                    "declared": Fact(c.declared or None, ev),
                    "found": Fact(c.found or None, ev),
                    "source": Fact(c.provenance.source or label(c.provenance.kind), ev),
                },
            )
        )
    return items

"""The registered facts and collections (imported once by the engine)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from bibob_desk.domain.enums import (
    FinancingKind,
    HistoryKind,
    LegalForm,
    PartyKind,
    PaymentMethod,
    RoleKind,
)
from bibob_desk.domain.labels import euro, label
from bibob_desk.domain.model import Party
from bibob_desk.risk.facts import (
    LOAN_KINDS,
    THIRD_PARTY_KINDS,
    Fact,
    FactBook,
    Item,
    case_fact,
    collection,
    evidence,
    months_between,
)

# -- money -----------------------------------------------------------------------------------


@case_fact("investment_total", "totale investering")
def _investment_total(b: FactBook) -> Fact:
    inv = b.case.investment
    if inv is None:
        return Fact(None)
    return Fact(
        inv.total, (evidence("totale investering", euro(inv.total), inv.provenance, "investment"),), "eur"
    )


@case_fact("cash_total", "contante bedragen")
def _cash_total(b: FactBook) -> Fact:
    """Cash in the financing and in payments describe the same money from two sides: take the larger."""
    financing_known = [
        f for f in b.case.financing if f.cash_amount is not None or f.kind is FinancingKind.CONTANT
    ]
    payments_known = [p for p in b.case.payments if p.method is not PaymentMethod.ONBEKEND]
    if not financing_known and not payments_known:
        return Fact(None)
    in_financing = sum(
        (
            f.cash_amount if f.cash_amount is not None else f.amount
            for f in financing_known
            if f.cash_amount or f.kind is FinancingKind.CONTANT
        ),
        Decimal(0),
    )
    in_payments = sum((p.amount for p in payments_known if p.method is PaymentMethod.CONTANT), Decimal(0))
    ev = [
        evidence(
            f"contant ({label(f.kind).lower()})",
            euro(f.cash_amount or f.amount),
            f.provenance,
            f"financing:{f.id}",
        )
        for f in financing_known
        if f.cash_amount or f.kind is FinancingKind.CONTANT
    ]
    ev += [
        evidence(
            f"contante betaling{' aan ' + p.payee_description if p.payee_description else ''}",
            euro(p.amount),
            p.provenance,
            f"payment:{p.id}",
        )
        for p in payments_known
        if p.method is PaymentMethod.CONTANT
    ]
    return Fact(max(in_financing, in_payments), tuple(ev), "eur")


@case_fact("cash_share", "aandeel contant in de investering")
def _cash_share(b: FactBook) -> Fact:
    cash, total = b.case_fact("cash_total"), b.case_fact("investment_total")
    if cash.value is None or not total.value:
        return Fact(None)
    return Fact(cash.value / total.value, cash.evidence + total.evidence, "pct")


@case_fact("controller_income", "inkomen van de aanvrager of de personen met zeggenschap")
def _controller_income(b: FactBook) -> Fact:
    people = b.controllers()
    if not people or any(p.annual_income is None for p in people):
        return Fact(None)
    total = sum((p.annual_income for p in people if p.annual_income is not None), Decimal(0))
    ev = tuple(
        evidence(f"inkomen {p.name}", euro(p.annual_income), p.provenance, f"party:{p.id}") for p in people
    )
    return Fact(total, ev, "eur")


@case_fact("investment_income_ratio", "verhouding investering / inkomen")
def _ratio(b: FactBook) -> Fact:
    inv, inc = b.case_fact("investment_total"), b.case_fact("controller_income")
    if inv.value is None or not inc.value:
        return Fact(None)
    return Fact(inv.value / inc.value, inv.evidence + inc.evidence, "num")


@case_fact("has_bank_financing", "financiering door een bank")
def _bank(b: FactBook) -> Fact:
    loans = [f for f in b.case.financing if f.kind in LOAN_KINDS and f.provider]
    flags = [b.parties[f.provider].regulated_financial_institution for f in loans if f.provider in b.parties]
    if any(flags):
        return Fact(True)
    return Fact(False) if all(flag is False for flag in flags) else Fact(None)


# -- structure ---------------------------------------------------------------------------------


@case_fact("applicant_is_entity", "soort aanvrager")
def _is_entity(b: FactBook) -> Fact:
    return Fact(None if b.applicant is None else b.applicant.kind is PartyKind.RECHTSPERSOON, (), "bool")


@case_fact("entity_age_months", "oprichtingsdatum van de aanvrager")
def _entity_age(b: FactBook) -> Fact:
    a = b.applicant
    if a is None or a.founding_date is None:
        return Fact(None)
    months = months_between(a.founding_date, b.reference)
    return Fact(
        months,
        (evidence("opgericht", a.founding_date.strftime("%d-%m-%Y"), a.provenance, f"party:{a.id}"),),
        "num",
    )


@case_fact("formal_owner_weak", "ervaring en middelen van de formele eigenaar")
def _owner_weak(b: FactBook) -> Fact:
    """The formal owner lacks sector experience, or the investment dwarfs his income (> 5x)."""
    people = b.controllers()
    if not people:
        return Fact(None)
    ratio = b.case_fact("investment_income_ratio").value
    weak, unknown, ev = False, False, []
    for p in people:
        if p.sector_experience_years is not None and p.sector_experience_years < 1:
            weak = True
            ev.append(
                evidence(
                    f"ervaring {p.name}", f"{p.sector_experience_years} jaar", p.provenance, f"party:{p.id}"
                )
            )
        elif p.sector_experience_years is None:
            unknown = True
    if ratio is not None and ratio > 5:
        weak = True
        ev.extend(b.case_fact("investment_income_ratio").evidence)
    return Fact(True if weak else (None if unknown or ratio is None else False), tuple(ev), "bool")


@case_fact(
    "third_party_involved", "betrokkenheid van derden (financiering, onderhandelingen, feitelijke leiding)"
)
def _third_party(b: FactBook) -> Fact:
    controller_ids = {p.id for p in b.controllers()} | b.applicant_ids
    ev = []
    for r in b.case.relations:
        if r.party in controller_ids:
            continue
        if r.role in (RoleKind.ONDERHANDELAAR, RoleKind.FEITELIJK_LEIDINGGEVENDE):
            ev.append(evidence(label(r.role).lower(), b.name(r.party), r.provenance, f"relation:{r.id}"))
    for f in b.case.financing:
        provider = b.parties.get(f.provider or "")
        if (
            provider
            and provider.id not in controller_ids
            and provider.regulated_financial_institution is False
        ):
            ev.append(
                evidence(
                    "financiering door derde",
                    f"{euro(f.amount)} van {provider.name}",
                    f.provenance,
                    f"financing:{f.id}",
                )
            )
    return Fact(True if ev else False, tuple(ev), "bool")


def _shareholders(b: FactBook) -> list[Party]:
    ids = {
        r.party
        for r in b.case.relations
        if r.role in (RoleKind.AANDEELHOUDER, RoleKind.CERTIFICAATHOUDER)
        and r.counterparty in b.applicant_ids
    }
    return [b.parties[i] for i in sorted(ids)]


@case_fact("stak_or_foreign_control", "zeggenschapsstructuur (STAK, buitenlandse houdster)")
def _stak_foreign(b: FactBook) -> Fact:
    holders = _shareholders(b)
    hits = [p for p in holders if p.legal_form is LegalForm.STAK or (p.country not in (None, "NL"))]
    ev = tuple(
        evidence(
            "aandeelhouder",
            f"{p.name} ({label(p.legal_form) if p.legal_form else p.country})",
            p.provenance,
            f"party:{p.id}",
        )
        for p in hits
    )
    if hits:
        return Fact(True, ev, "bool")
    unknown = any(p.kind is PartyKind.RECHTSPERSOON and p.country is None for p in holders)
    return Fact(None if unknown or not holders else False, (), "bool")


@case_fact("ubo_status", "UBO-registratie van de aanvrager")
def _ubo(b: FactBook) -> Fact:
    a = b.applicant
    if a is None or a.ubo_status is None:
        return Fact(None)
    return Fact(
        a.ubo_status.value, (evidence("UBO-register", label(a.ubo_status), a.provenance, f"party:{a.id}"),)
    )


@case_fact("address_changes", "aantal adreswijzigingen in 3 jaar")
def _addresses(b: FactBook) -> Fact:
    people = b.controllers()
    if not people or any(p.address_changes_3y is None for p in people):
        return Fact(None)
    top = max(people, key=lambda p: p.address_changes_3y or 0)
    return Fact(
        top.address_changes_3y,
        (
            evidence(
                f"adreswijzigingen {top.name}", str(top.address_changes_3y), top.provenance, f"party:{top.id}"
            ),
        ),
        "num",
    )


@case_fact("location_problem_history", "historie van de locatie")
def _location_history(b: FactBook) -> Fact:
    events = [
        (p, e)
        for p in b.case.premises
        for e in p.history
        if e.kind in (HistoryKind.INTREKKING, HistoryKind.SLUITING, HistoryKind.WEIGERING)
    ]
    if events:
        ev = tuple(
            evidence(
                f"{label(e.kind).lower()} op {p.address.one_line() or 'de locatie'}",
                e.date.strftime("%Y") if e.date_is_approximate else e.date.strftime("%d-%m-%Y"),
                e.provenance,
                f"premises:{p.id}",
            )
            for p, e in events
        )
        return Fact(True, ev, "bool")
    return Fact(False if "eigen_administratie" in b.checks else None, (), "bool")


@case_fact("no_operations", "personeel en omzet van de aanvrager")
def _no_operations(b: FactBook) -> Fact:
    a = b.applicant
    if a is None:
        return Fact(None)
    if (a.employees or 0) > 0 or (a.annual_turnover or 0) > 0:
        return Fact(False, (), "bool")
    if a.employees == 0 and a.annual_turnover == 0:
        return Fact(
            True,
            (evidence("personeel en omzet", "geen personeel, geen omzet", a.provenance, f"party:{a.id}"),),
            "bool",
        )
    return Fact(None)


@case_fact("max_acquisitions_12m", "aankoopdata van de panden")
def _portfolio(b: FactBook) -> Fact:
    dated = sorted((p.purchase_date, p) for p in b.case.premises if p.purchase_date)
    undated = [p for p in b.case.premises if p.purchase_date is None and p.purchase_price is not None]
    best, window = 0, []
    for i, (start, _) in enumerate(dated):
        inside = [p for d, p in dated[i:] if d < start + timedelta(days=365)]
        if len(inside) > best:
            best, window = len(inside), inside
    if undated and best + len(undated) >= 3:
        return Fact(None)
    ev = tuple(
        evidence(
            f"aankoop {p.address.one_line()}",
            p.purchase_date.strftime("%d-%m-%Y") if p.purchase_date else "",
            p.provenance,
            f"premises:{p.id}",
        )
        for p in window
    )
    return Fact(best, ev, "num")


@case_fact("takeover_goodwill_without_substance", "goodwill en jaarcijfers van de verkoper")
def _goodwill(b: FactBook) -> Fact:
    t = b.case.takeover
    if t is None or not t.goodwill:
        return Fact(False if t is not None else None, (), "bool")
    if t.seller_accounts_years is None and t.seller_annual_result is None:
        return Fact(None)
    weak = (t.seller_accounts_years == 0) or (
        t.seller_annual_result is not None and t.seller_annual_result < 0
    )
    ev = (evidence("goodwill", euro(t.goodwill), t.provenance, "takeover"),)
    return Fact(bool(weak), ev, "bool")


@case_fact("questionnaire_incomplete", "stand van het Bibob-vragenformulier")
def _questionnaire(b: FactBook) -> Fact:
    records = [a for a in b.case.answers if a.form_id.startswith("bibob-")]
    if not records:
        return Fact(None)
    return Fact(any(a.status != "afgerond" for a in records), (), "bool")


@case_fact("non_cooperation", "of de gevraagde gegevens (tijdig en volledig) zijn verstrekt")
def _non_cooperation(b: FactBook) -> Fact:
    """Art. 7a questions, LBB questions or a herstel request not (fully) answered by the end of
    the term (domain.cooperation); unknown while a term's end is not recorded."""
    from bibob_desk.domain.cooperation import assess_cooperation

    state = assess_cooperation(b.case, b.today)
    if not state.refusals:
        return Fact(None if state.unknown else False, (), "bool")
    ev = tuple(evidence(label(r.ground), r.describe(), None, ",".join(r.refs)) for r in state.refusals)
    return Fact(True, ev, "bool")


@case_fact("non_cooperation_ground", "de grond die bij het spoor hoort (art. 4 lid 1, lid 2 of 4:5 Awb)")
def _non_cooperation_ground(b: FactBook) -> Fact:
    from bibob_desk.domain.cooperation import assess_cooperation

    ground = assess_cooperation(b.case, b.today).ground
    return Fact(ground.value if ground else None)


@case_fact("non_cooperation_text", "wat niet is verstrekt")
def _non_cooperation_text(b: FactBook) -> Fact:
    from bibob_desk.domain.cooperation import assess_cooperation

    refusals = assess_cooperation(b.case, b.today).refusals
    text = "; ".join(r.describe() for r in refusals)
    return Fact(text[:1].upper() + text[1:] if text else None)


# Facts the case file cannot hold yet: they stay unknown, so the indicator is "niet te beoordelen".
for _name, _dutch in (
    ("herstel_expired", "verloop van de hersteltermijn"),
    ("register_contradiction", "vergelijking van de antwoorden met registers"),
    ("prepaid_rent_or_cash_deposit", "vooruitbetaalde huur of contante waarborgsom"),
    ("fixed_cost_share", "vaste lasten tegenover een realistische omzet"),
    ("leidinggevende_absent", "aanwezigheid van de leidinggevende"),
    ("implausible_use", "beoogd gebruik tegenover prijs, huur en indeling"),
    ("address_shared_or_flagged", "gedeeld of bekend risicoadres"),
):
    case_fact(_name, _dutch)(lambda b: Fact(None))


# -- collections (one item per object) ---------------------------------------------------------


@collection(
    "third_party_financing",
    {
        "amount": "bedrag",
        "is_loan": "soort financiering",
        "provider_name": "naam verschaffer",
        "provider_bank": "of de verschaffer een bank met vergunning is",
        "provider_foreign": "land van de verschaffer",
        "provider_country": "land van de verschaffer",
        "interest_pct": "rente",
        "written_contract": "schriftelijke overeenkomst",
        "repayment_schedule": "aflossingsschema",
        "has_security": "zekerheid",
        "sector_link": "bedrijfsmatige band van de verschaffer met de branche",
    },
)
def _third_party_financing(b: FactBook) -> list[Item]:
    items = []
    for f in b.case.financing:
        provider = b.parties.get(f.provider or "")
        if f.kind not in THIRD_PARTY_KINDS or provider is None or provider.id in b.applicant_ids:
            continue
        ref = f"financing:{f.id}"
        ev = (evidence(f"{label(f.kind).lower()} van {provider.name}", euro(f.amount), f.provenance, ref),)
        foreign = None if provider.country is None else provider.country != "NL"
        items.append(
            Item(
                ref,
                f"{label(f.kind).lower()} van {provider.name}",
                {
                    "amount": Fact(f.amount, ev, "eur"),
                    "is_loan": Fact(f.kind in LOAN_KINDS, (), "bool"),
                    "provider_name": Fact(provider.name),
                    "provider_bank": Fact(provider.regulated_financial_institution, ev, "bool"),
                    "provider_foreign": Fact(
                        foreign,
                        (  # the financing it is about, and the country of its provider
                            *ev,
                            evidence(
                                "land verschaffer",
                                provider.country or "onbekend",
                                provider.provenance,
                                f"party:{provider.id}",
                            ),
                        ),
                        "bool",
                    ),
                    "provider_country": Fact(provider.country),
                    "interest_pct": Fact(f.interest_pct, ev, "num"),
                    "written_contract": Fact(f.written_contract, ev, "bool"),
                    "repayment_schedule": Fact(f.repayment_schedule, ev, "bool"),
                    "has_security": Fact(f.has_security, ev, "bool"),
                    "sector_link": Fact(None),
                },
            )
        )
    return items


def _funds(b: FactBook, kinds: set[FinancingKind]) -> list[Item]:
    items = []
    for f in b.case.financing:
        if f.kind not in kinds:
            continue
        ref = f"financing:{f.id}"
        ev = (
            evidence(
                f"{label(f.kind).lower()}{' van ' + b.name(f.provider) if f.provider else ''}",
                f"{euro(f.amount)}; herkomst {f.origin or 'niet opgegeven'}",
                f.provenance,
                ref,
            ),
        )
        items.append(
            Item(
                ref,
                f"{label(f.kind).lower()} {euro(f.amount)}",
                {
                    "amount": Fact(f.amount, ev, "eur"),
                    "origin_documented": Fact(f.origin_documented, ev, "bool"),
                },
            )
        )
    return items


FUNDS = {"amount": "bedrag", "origin_documented": "of de herkomst is aangetoond"}
collection("own_funds", FUNDS)(lambda b: _funds(b, {FinancingKind.EIGEN_VERMOGEN}))
collection("gifts", FUNDS)(lambda b: _funds(b, {FinancingKind.SCHENKING}))

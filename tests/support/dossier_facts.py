"""The facts of a dossier, without ids, provenance or free-text notes, for comparing two dossiers
that were built differently (imported from a fixture, or filled in through the forms)."""

from __future__ import annotations

from typing import Any

from bibob_desk.domain.codec import to_primitive
from bibob_desk.domain.model import Case

PARTY_FIELDS = (
    "kind",
    "age",
    "sector_experience_years",
    "annual_income",
    "svh_certificate",
    "address_changes_3y",
    "legal_form",
    "kvk",
    "rsin",
    "bsn",
    "country",
    "founding_date",
    "regulated_financial_institution",
    "employees",
    "annual_turnover",
    "ubo_status",
)
FINANCING_FIELDS = (
    "kind",
    "amount",
    "cash_amount",
    "interest_pct",
    "term_months",
    "repayment_schedule",
    "has_security",
    "written_contract",
    "origin_documented",
)


def _pick(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    data = to_primitive(obj)
    return {n: data[n] for n in names if n in data}


def dossier_facts(case: Case) -> dict[str, Any]:
    name = {p.id: " ".join(p.name.split()) for p in case.parties}

    def who(party_id: str | None) -> str | None:
        return name.get(party_id) if party_id else None

    def rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(items, key=lambda d: repr(sorted(d.items())))

    facts: dict[str, Any] = {
        "permit_kinds": sorted(k.value for k in case.permit_kinds),
        "location": case.location.one_line(),
        # a list, not a dict by name: two parties with one name must show up as a difference
        "parties": rows([{"name": name[p.id], **_pick(p, PARTY_FIELDS)} for p in case.parties]),
        "relations": rows(
            [
                {
                    "role": r.role.value,
                    "party": who(r.party),
                    "toward": who(r.counterparty),
                    **_pick(r, ("share_pct", "amount", "start_date", "end_date")),
                }
                for r in case.relations
            ]
        ),
        "investment": to_primitive(case.investment.total) if case.investment else None,
        "financing": rows(
            [{"provider": who(f.provider), **_pick(f, FINANCING_FIELDS)} for f in case.financing]
        ),
        "takeover": _pick(
            case.takeover,
            (
                "price",
                "inventory_value",
                "goodwill",
                "seller_accounts_years",
                "seller_annual_result",
                "payment_method",
            ),
        )
        if case.takeover
        else None,
        "payments": rows([_pick(p, ("amount", "method")) for p in case.payments]),
        "premises": rows(
            [
                {
                    "address": p.address.one_line(),
                    **_pick(
                        p,
                        (
                            "tenure",
                            "purchase_date",
                            "purchase_price",
                            "rent_per_month",
                            "rent_per_room",
                            "woz_value",
                            "appraisal_value",
                            "market_band",
                            "intended_resale_months",
                        ),
                    ),
                    "previous": rows([_pick(t, ("date", "price")) for t in p.previous_transactions]),
                    "history": rows(
                        [
                            {"operator": who(e.operator), **_pick(e, ("date", "kind", "date_is_approximate"))}
                            for e in p.history
                        ]
                    ),
                }
                for p in case.premises
            ]
        ),
        "antecedents": rows(
            [
                {
                    "party": who(a.party),
                    **_pick(
                        a,
                        (
                            "date",
                            "category",
                            "proof_level",
                            "unconditional_prison",
                            "related_to_activity",
                            "date_is_approximate",
                        ),
                    ),
                }
                for a in case.antecedents
            ]
        ),
        "history": rows(
            [{"party": who(h.party), **_pick(h, ("kind", "date", "amount"))} for h in case.history]
        ),
        "signals": rows(
            [{"party": who(s.party), **_pick(s, ("source", "date", "reliability"))} for s in case.signals]
        ),
        "source_checks": rows(
            [
                {"party": who(c.party), **_pick(c, ("source", "date", "performed_by", "hit"))}
                for c in case.source_checks
            ]
        ),
    }
    if facts["premises"]:
        for p in facts["premises"]:
            if "market_band" in p:
                p["market_band"] = {k: p["market_band"][k] for k in ("low", "high")}
    return facts

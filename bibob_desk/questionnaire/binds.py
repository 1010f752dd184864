"""Binds: which part of the case file an answer fills.

Top-level questions bind to `case.<field>`, `case.location.<field>`, `applicant.<field>`,
`applicant.address.<field>`, `investment.total`, `takeover.<field>` or `premises.<field>` (the main
premises). Questions in a repeat group bind to the object each item creates (`party.`, `relation.`,
`financing.`, `premises.`, `antecedent.`, `signal.`, `source_check.`, `history_event.`, `payment.`)
or to a party named by the answer (`provider.name`, `subject.name`). Binds are checked against the
real dataclasses, so a typo is a load error, not a silent gap.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from bibob_desk.domain import model
from bibob_desk.domain.enums import RoleKind
from bibob_desk.questionnaire.definition import QuestionType

# root -> (dataclass, allowed for which group `creates` (None = top level))
_ROOTS: dict[str, tuple[type, tuple[str | None, ...]]] = {
    "case": (model.Case, (None,)),
    "applicant": (model.Party, (None,)),
    "investment": (model.Investment, (None,)),
    "takeover": (model.Takeover, (None,)),
    "premises": (model.Premises, (None, "premises")),
    "party": (model.Party, ("party",)),
    "relation": (model.Relation, ("party",)),
    "financing": (model.FinancingSource, ("financing",)),
    "provider": (model.Party, ("financing",)),
    "antecedent": (model.Antecedent, ("antecedent",)),
    "signal": (model.Signal, ("signal",)),
    "source_check": (model.SourceCheck, ("source_check",)),
    "history_event": (model.HistoryEvent, ("history_event",)),
    "payment": (model.Payment, ("payment",)),
    "subject": (model.Party, ("antecedent", "signal", "source_check", "history_event", "location_event")),
    "counterparty": (model.Party, ("party",)),
    "location_event": (model.LocationEvent, ("location_event",)),
    "previous_transaction": (model.Transaction, ("premises",)),
}
_NESTED = {"address": model.Address, "location": model.Address, "market_band": model.MarketBand}
# Fields that are structure, not answers: ids, cross references and provenance are set by the binder.
_NOT_BINDABLE = {
    "id",
    "provenance",
    "party",
    "counterparty",
    "provider",
    "parties",
    "relations",
    "financing",
    "premises",
    "antecedents",
    "history",
    "signals",
    "source_checks",
    "notes",
    "payments",
    "items",
    "mortgagees",
    "previous_transactions",
    "seller",
    "payee",
    "operator",
}
# Roots that name a party: the answer to `<root>.name` finds (or creates) the party by its name.
_PARTY_BY_NAME = {"provider", "subject", "counterparty"}
_NAME_ONLY_ROOTS = {"counterparty"}


def _field_names(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def bind_problem(bind: str, question_type: QuestionType, group_creates: str | None) -> str:
    """'' when the bind names a real, bindable field for this place in the form; else a Dutch reason."""
    parts = bind.split(".")
    root = parts[0]
    if root not in _ROOTS:
        return f"onbekende bind-wortel '{root}'; bekend: {', '.join(sorted(_ROOTS))}"
    cls, allowed = _ROOTS[root]
    if group_creates not in allowed:
        where = (
            f"een groep met creates: {group_creates}"
            if group_creates
            else "een vraag buiten een herhaalgroep"
        )
        return f"bind '{root}.…' kan niet in {where}"
    if root in _NAME_ONLY_ROOTS and parts[1:] != ["name"]:
        return f"bij '{root}' kan alleen '{root}.name' gebonden worden"
    target: Any = cls
    for part in parts[1:-1]:
        if part not in _NESTED or part not in _field_names(target):
            return f"'{part}' is geen onderdeel van {target.__name__}"
        target = _NESTED[part]
    last = parts[-1]
    if last not in _field_names(target):
        return f"het dossier heeft geen veld '{last}' bij {target.__name__}"
    if last in _NOT_BINDABLE:
        return f"'{last}' wordt door het programma gevuld en kan niet gebonden worden"
    if question_type in (QuestionType.NOTE, QuestionType.ATTACHMENT):
        return "notities en bijlagen worden niet aan het dossier gebonden"
    return ""


def group_problem(creates: str, role: str, role_is_asked: bool) -> str:
    """A party group needs a fixed `role`, or a question bound to `relation.role`."""
    if role and creates != "party":
        return "'role' hoort alleen bij een groep met creates: party"
    if creates == "party":
        if not role and not role_is_asked:
            return (
                "een groep met creates: party heeft een 'role' nodig (of een vraag met bind: relation.role)"
            )
        if role and role not in {r.value for r in RoleKind}:
            return f"onbekende rol '{role}'"
    return ""

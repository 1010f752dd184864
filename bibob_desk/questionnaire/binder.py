"""Apply a form's answers to the case file, following each question's `bind`.

Everything a form adds carries provenance `source = "formulier <id> v<version>"` (self-declared for
the Bibob-vragenformulier, own investigation for the eigen-onderzoek form). Applying the same form
again first removes what it added before, so answers and dossier never drift apart. Parties are
found by name (case-, accent- and space-insensitive), so two forms naming "M. Karimi" mean one party.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import types
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from bibob_desk.domain import model
from bibob_desk.domain.enums import FinancingKind, PartyKind, ProvenanceKind, RoleKind, Tenure
from bibob_desk.domain.model import Address, Case, Party, Provenance, Relation
from bibob_desk.domain.text import normalize_for_search
from bibob_desk.questionnaire.definition import NO, YES, FormDefinition, Question, RepeatGroup
from bibob_desk.questionnaire.session import FormSession
from bibob_desk.questionnaire.values import is_answered, to_decimal

_PROVENANCE_OF_KIND = {
    "vragenformulier": ProvenanceKind.ZELF_OPGEGEVEN,
    "eigen_onderzoek": ProvenanceKind.EIGEN_ONDERZOEK,
    "weerbaarheidsscan": ProvenanceKind.EIGEN_ONDERZOEK,
}
_ID_PREFIX = {
    "parties": "p",
    "relations": "r",
    "financing": "f",
    "payments": "b",
    "premises": "pr",
    "antecedents": "a",
    "history": "h",
    "signals": "s",
}
_CREATES = {
    "financing": (model.FinancingSource, "financing"),
    "antecedent": (model.Antecedent, "antecedents"),
    "signal": (model.Signal, "signals"),
    "history_event": (model.HistoryEvent, "history"),
    "payment": (model.Payment, "payments"),
    "source_check": (model.SourceCheck, "source_checks"),
}
# Party reference each created object gets from `subject.name` / `provider.name`.
_PARTY_FIELD = {
    "antecedent": "party",
    "signal": "party",
    "history_event": "party",
    "source_check": "party",
    "location_event": "operator",
    "financing": "provider",
}


def form_tag(form: FormDefinition) -> str:
    return f"formulier {form.id} v{form.version}"


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def convert(tp: Any, value: Any) -> Any:
    """An answer value as the dossier field's type (None when it cannot be converted)."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        inner = next(a for a in get_args(tp) if a is not type(None))
        return convert(inner, value)
    if origin is list:
        return [convert(get_args(tp)[0], v) for v in (value if isinstance(value, list) else [value])]
    if tp is bool:
        return {YES: True, NO: False}.get(value)
    if tp is Decimal:
        return to_decimal(value)
    if tp is int:
        return value if isinstance(value, int) else None
    if tp is date:
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            return None
    if tp is Address:
        return Address(**value) if isinstance(value, dict) else None
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(value)
        except ValueError:
            return None
    return value


def _set(obj: Any, path: list[str], value: Any) -> None:
    for part in path[:-1]:
        child = getattr(obj, part)
        if child is None:
            child = model.MarketBand(low=Decimal(0), high=Decimal(0)) if part == "market_band" else Address()
            setattr(obj, part, child)
        obj = child
    setattr(obj, path[-1], convert(_hints(type(obj))[path[-1]], value))  # type: ignore[arg-type]  # mypy: a class is Hashable


def _required(cls: type) -> set[str]:
    """Constructor fields without a default, apart from those the binder always sets."""
    return {
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
        and f.name not in ("id", "provenance")
    }


def _next_id(items: list[Any], prefix: str) -> str:
    pattern = re.compile(rf"{prefix}(\d+)")
    numbers = [int(m.group(1)) for i in items if (m := pattern.fullmatch(str(getattr(i, "id", ""))))]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _tagged(obj: Any, tag: str) -> bool:
    provenance = getattr(obj, "provenance", None)
    return provenance is not None and provenance.source == tag


def strip_form(case: Case, tag: str) -> None:
    """Remove what an earlier application of the same form added."""
    for name in (
        "relations",
        "financing",
        "payments",
        "premises",
        "antecedents",
        "history",
        "signals",
        "source_checks",
    ):
        setattr(case, name, [x for x in getattr(case, name) if not _tagged(x, tag)])
    for premises in case.premises:
        premises.history = [e for e in premises.history if not _tagged(e, tag)]
        premises.previous_transactions = [t for t in premises.previous_transactions if not _tagged(t, tag)]
    if case.investment is not None and _tagged(case.investment, tag):
        case.investment = None
    if case.takeover is not None and _tagged(case.takeover, tag):
        case.takeover = None
    used = _referenced_parties(case)
    case.parties = [p for p in case.parties if not _tagged(p, tag) or p.id in used]


def _referenced_parties(case: Case) -> set[str]:
    refs: set[str] = set()
    for relation in case.relations:
        refs |= {relation.party, relation.counterparty or ""}
    for obj in (*case.financing, *case.antecedents, *case.history, *case.signals, *case.source_checks):
        refs |= {getattr(obj, "provider", None) or "", getattr(obj, "party", None) or ""}
    for premises in case.premises:
        refs |= set(premises.mortgagees) | {e.operator or "" for e in premises.history}
    if case.takeover and case.takeover.seller:
        refs.add(case.takeover.seller)
    return refs - {""}


class _Binder:
    def __init__(self, case: Case, provenance: Provenance) -> None:
        self.case = case
        self.provenance = provenance

    def prov(self) -> Provenance:
        return dataclasses.replace(self.provenance)

    # -- parties --------------------------------------------------------------------------
    def party_named(self, name: str) -> Party:
        wanted = " ".join(normalize_for_search(name).split())
        for party in self.case.parties:
            if " ".join(normalize_for_search(party.name).split()) == wanted:
                return party
        party = Party(
            id=_next_id(self.case.parties, "p"),
            kind=PartyKind.NATUURLIJK_PERSOON,
            name=name.strip(),
            provenance=self.prov(),
        )
        self.case.parties.append(party)
        return party

    def applicant(self) -> Party:
        existing = self.case.applicants()
        if existing:
            return existing[0]
        party = Party(
            id=_next_id(self.case.parties, "p"),
            kind=PartyKind.NATUURLIJK_PERSOON,
            name="",
            provenance=self.prov(),
        )
        self.case.parties.append(party)
        self.relate(RoleKind.AANVRAGER, party.id, None)
        return party

    def relate(self, role: RoleKind, party: str, counterparty: str | None) -> Relation:
        relation = Relation(
            id=_next_id(self.case.relations, "r"),
            role=role,
            party=party,
            counterparty=counterparty,
            provenance=self.prov(),
        )
        self.case.relations.append(relation)
        return relation

    def main_premises(self) -> model.Premises:
        if not self.case.premises:
            self.case.premises.append(
                model.Premises(id="pr1", address=Address(), tenure=Tenure.HUUR, provenance=self.prov())
            )
        return self.case.premises[0]

    # -- top level ------------------------------------------------------------------------
    def top(self, question: Question, value: Any) -> None:
        root, *path = question.bind.split(".")
        if root == "case":
            _set(self.case, path, value)
        elif root == "applicant":
            _set(self.applicant(), path, value)
        elif root == "investment":
            if self.case.investment is None:
                self.case.investment = model.Investment(total=Decimal(0), provenance=self.prov())
            _set(self.case.investment, path, value)
        elif root == "takeover":
            if self.case.takeover is None:
                self.case.takeover = model.Takeover(price=Decimal(0), provenance=self.prov())
            _set(self.case.takeover, path, value)
        elif root == "premises":
            _set(self.main_premises(), path, value)

    # -- repeat groups ----------------------------------------------------------------------
    def item(self, group: RepeatGroup, values: dict[str, Any]) -> None:
        by_root: dict[str, list[tuple[list[str], Any]]] = {}
        for question in group.questions:
            if question.bind and is_answered(values.get(question.id)):
                root, *path = question.bind.split(".")
                by_root.setdefault(root, []).append((path, values[question.id]))
        handler = getattr(self, f"_item_{group.creates}", self._item_generic)
        handler(group, by_root)

    def _party_from(self, fields: list[tuple[list[str], Any]]) -> Party | None:
        name = next((v for p, v in fields if p == ["name"]), None)
        if not isinstance(name, str) or not name.strip():
            return None
        party = self.party_named(name)
        for path, value in fields:
            if path != ["name"]:
                _set(party, path, value)
        return party

    def _item_party(self, group: RepeatGroup, by_root: dict[str, list[tuple[list[str], Any]]]) -> None:
        party = self._party_from(by_root.get("party", []))
        if party is None:
            return
        counterparty = self._party_from(by_root.get("counterparty", []))
        toward = (
            counterparty.id
            if counterparty
            else (self.applicant().id if group.toward == "applicant" else None)
        )
        role_answer = next((v for p, v in by_root.get("relation", []) if p == ["role"]), None)
        role = convert(RoleKind, role_answer or group.role)
        if role is None:
            return
        relation = self.relate(role, party.id, toward)
        for path, value in by_root.get("relation", []):
            if path != ["role"]:
                _set(relation, path, value)

    def _item_premises(self, group: RepeatGroup, by_root: dict[str, list[tuple[list[str], Any]]]) -> None:
        premises = model.Premises(
            id=_next_id(self.case.premises, "pr"),
            address=Address(),
            tenure=Tenure.HUUR,
            provenance=self.prov(),
        )
        for path, value in by_root.get("premises", []):
            _set(premises, path, value)
        earlier = dict((p[0], v) for p, v in by_root.get("previous_transaction", []))
        if "date" in earlier and "price" in earlier:
            transaction = model.Transaction(date=date.today(), price=Decimal(0), provenance=self.prov())
            for name, value in earlier.items():
                _set(transaction, [name], value)
            premises.previous_transactions.append(transaction)
        self.case.premises.append(premises)

    def _item_location_event(
        self, group: RepeatGroup, by_root: dict[str, list[tuple[list[str], Any]]]
    ) -> None:
        kwargs = self._kwargs(model.LocationEvent, by_root.get("location_event", []), supplied={"operator"})
        if kwargs is None:
            return
        operator = self._party_from(by_root.get("subject", []))
        event = model.LocationEvent(
            provenance=self.prov(), operator=operator.id if operator else None, **kwargs
        )
        self.main_premises().history.append(event)

    def _item_generic(self, group: RepeatGroup, by_root: dict[str, list[tuple[list[str], Any]]]) -> None:
        cls, list_name = _CREATES[group.creates]
        reference = _PARTY_FIELD.get(group.creates, "")
        kwargs = self._kwargs(cls, by_root.get(group.creates, []), supplied={reference})
        if kwargs is None:
            return
        party_root = "provider" if group.creates == "financing" else "subject"
        party = self._party_from(by_root.get(party_root, []))
        if party is None and reference in _required(cls):
            return  # e.g. an antecedent without a person
        items = getattr(self.case, list_name)
        if "id" in _hints(cls):
            kwargs["id"] = _next_id(items, _ID_PREFIX[list_name])
        if reference and party is not None:
            kwargs[reference] = party.id
        obj = cls(provenance=self.prov(), **kwargs)
        items.append(obj)
        if group.creates == "financing" and party is not None:
            self._capital_provider(obj, party)

    def _capital_provider(self, source: model.FinancingSource, provider: Party) -> None:
        """Whoever provides capital to the applicant stands in a vermogen relation (art. 3 lid 4)."""
        applicant = self.applicant()
        if provider.id == applicant.id or source.kind is FinancingKind.CONTANT:
            return
        relation = self.relate(RoleKind.VERMOGENSVERSCHAFFER, provider.id, applicant.id)
        relation.amount = source.amount

    def _kwargs(
        self, cls: type, fields: list[tuple[list[str], Any]], supplied: set[str] | None = None
    ) -> dict[str, Any] | None:
        """Constructor arguments from answers; None when a required field is unanswered."""
        hints = _hints(cls)
        kwargs = {path[0]: convert(hints[path[0]], value) for path, value in fields if len(path) == 1}
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        if any(name not in kwargs for name in _required(cls) - (supplied or set())):
            return None
        return kwargs


def apply_answers(
    case: Case,
    form: FormDefinition,
    answers: dict[str, Any],
    *,
    recorded_by: str,
    on: date,
    skip: set[str] | frozenset[str] = frozenset(),
) -> Case:
    """A new Case: `case` with what this form's (visible) answers say. `case` itself is not changed.
    `skip`: top-level questions whose answer is not applied (the dossier keeps its own value)."""
    result = copy.deepcopy(case)
    tag = form_tag(form)
    earlier_applicants = [p.id for p in result.applicants()]
    strip_form(result, tag)
    binder = _Binder(
        result, Provenance(kind=_PROVENANCE_OF_KIND[form.kind], source=tag, date=on, recorded_by=recorded_by)
    )
    survivors = [pid for pid in earlier_applicants if result.party(pid) is not None]
    if survivors and not result.applicants():
        binder.relate(RoleKind.AANVRAGER, survivors[0], None)  # the same applicant, not a second one
    session = FormSession(form, answers)
    for section in session.visible_sections():
        for item in session.visible_items(section):
            if isinstance(item, RepeatGroup):
                for index, values in enumerate(session.items(item.id)):
                    visible = {
                        q.id: values.get(q.id) for q in item.questions if session.visible(q, item, index)
                    }
                    binder.item(item, visible)
            elif item.bind and item.id not in skip and is_answered(session.answers.get(item.id)):
                binder.top(item, session.answers[item.id])
    return result

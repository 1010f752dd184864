"""The case editors as data: per part of the case (a section) its fields with Dutch labels, kinds,
choices and checks, and how typed text becomes case data. Pure (no Qt): the GUI builds its widgets
from these, tests drive the same parsing. Values are those of the exchange format (ISO dates,
numbers, enum values); None is unknown, and unknown stays representable everywhere."""

from __future__ import annotations

import copy
import re
import types
from collections.abc import Callable, Iterable
from dataclasses import MISSING, dataclass, fields, is_dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Union, get_args, get_origin, get_type_hints

import jsonpatch

from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Case
from bibob_desk.validation.identifiers import (
    Check,
    check_bsn,
    check_iban,
    check_kvk,
    check_postcode,
    check_rsin,
)


class Kind(StrEnum):
    TEXT = "text"
    LONG = "long"  # several lines
    DATE = "date"
    MONEY = "money"
    PERCENT = "percent"
    NUMBER = "number"  # a whole number
    YESNO = "yesno"  # ja / nee / onbekend
    CHOICE = "choice"
    CHOICES = "choices"  # several of a vocabulary (permit kinds)
    PARTY = "party"  # one of the case's parties


class FieldError(ValueError):
    """Typed text that is not a value of its field; the message is Dutch and names no value."""


@dataclass(frozen=True)
class FieldSpec:
    key: str  # dotted inside the item: "address.postcode"
    label: str
    kind: Kind
    choices: tuple[tuple[str, str], ...] = ()  # (value, label); for PARTY filled from the case
    required: bool = False
    check: Callable[[object], Check] | None = None
    when: tuple[str, str] | None = None  # shown only while field `when[0]` has value `when[1]`
    hint: str = ""


@dataclass(frozen=True)
class EditSection:
    id: str
    title: str
    path: str  # "" the case itself; else a list ("parties") or an optional object ("legal")
    many: bool
    fields: tuple[FieldSpec, ...]
    columns: tuple[str, ...] = ()  # keys shown in the list of items
    id_prefix: str = ""  # items with an id get prefix + number ("p3")


_DUTCH_DATE = re.compile(r"([0-9]{1,2})[-./ ]([0-9]{1,2})[-./ ]([0-9]{4})", re.ASCII)
_HOUSE_NUMBER = re.compile(r"[1-9][0-9]{0,4}( ?[A-Za-z]{1,4}|-[0-9A-Za-z]{1,6}| [0-9]{1,4})?", re.ASCII)
YES, NO = "ja", "nee"


def check_house_number(value: object) -> Check:
    text = str(value).strip()
    if not _HOUSE_NUMBER.fullmatch(text):
        return Check(
            False, "Een huisnummer begint met een cijfer, eventueel met een toevoeging (12, 12A, 12-2)."
        )
    return Check(True, "", text)


def _decimal(raw: str, what: str) -> Decimal:
    text = raw.replace("€", "").replace("%", "").replace(" ", "").replace("\u00a0", "").strip()
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")  # 6.500,50
    elif "," in text:
        text = text.replace(",", ".")  # 6,2
    elif re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]{3})+", text, re.ASCII):
        text = text.replace(".", "")  # 6.500
    if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text, re.ASCII):
        raise FieldError(
            f"Vul {what} in cijfers in, bijvoorbeeld {'6.500,50' if what == 'een bedrag' else '6,2'}."
        )
    try:
        return Decimal(text)
    except InvalidOperation:
        raise FieldError(f"Vul {what} in cijfers in.") from None


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def parse(spec: FieldSpec, raw: str | list[str] | None) -> Any:
    """Typed text -> the field's value (exchange form). Empty -> None (unknown). FieldError if not."""
    if spec.kind is Kind.CHOICES:
        values = [v for v in (raw or []) if v]
        known = {v for v, _ in spec.choices}
        if any(v not in known for v in values):
            raise FieldError("Kies uit de lijst.")
        if spec.required and not values:
            raise FieldError(f"Kies minstens één {spec.label.lower()}.")
        return values or None
    text = (raw if isinstance(raw, str) else "").strip()
    if not text:
        if spec.required:
            raise FieldError(f"{spec.label} is verplicht.")
        return None
    if spec.kind in (Kind.TEXT, Kind.LONG):
        if spec.check is not None:
            verdict = spec.check(text)
            if not verdict.valid:
                raise FieldError(verdict.message)
            return verdict.normalized or text
        return text
    if spec.kind is Kind.DATE:
        match = _DUTCH_DATE.fullmatch(text)
        try:
            day = date(int(match[3]), int(match[2]), int(match[1])) if match else date.fromisoformat(text)
        except ValueError:
            raise FieldError("Geen bestaande datum; schrijf de datum als dd-mm-jjjj.") from None
        if not 1900 <= day.year <= 2200:
            raise FieldError("Kies een datum tussen 1900 en 2200.")
        return day.isoformat()
    if spec.kind is Kind.MONEY:
        return _json_number(_decimal(text, "een bedrag"))
    if spec.kind is Kind.PERCENT:
        value = _decimal(text, "een percentage")
        if not 0 <= value <= 100:
            raise FieldError("Een percentage ligt tussen 0 en 100.")
        return _json_number(value)
    if spec.kind is Kind.NUMBER:
        if not re.fullmatch(r"[0-9]{1,6}", text, re.ASCII):
            raise FieldError("Vul een heel getal in (0 of meer).")
        return int(text)
    if spec.kind is Kind.YESNO:
        if text not in (YES, NO):
            raise FieldError("Kies ja, nee of onbekend.")
        return text == YES
    if spec.kind in (Kind.CHOICE, Kind.PARTY):
        if text not in {v for v, _ in spec.choices}:
            raise FieldError("Kies uit de lijst.")
        return text
    raise AssertionError(spec.kind)


def shown(spec: FieldSpec, value: Any) -> str | list[str]:
    """The field's value as the widget shows it (the reverse of `parse`)."""
    if spec.kind is Kind.CHOICES:
        return [str(v) for v in value or []]
    if value is None:
        return ""
    if spec.kind is Kind.DATE:
        try:
            return f"{date.fromisoformat(str(value)):%d-%m-%Y}"
        except ValueError:
            return str(value)
    if spec.kind in (Kind.MONEY, Kind.PERCENT):
        return str(value).replace(".", ",")
    if spec.kind is Kind.YESNO:
        return YES if value else NO
    return str(value)


def get(item: dict[str, Any] | None, key: str) -> Any:
    node: Any = item
    for part in key.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def put(item: dict[str, Any], key: str, value: Any) -> None:
    """Set a dotted key; None or [] removes it, and an object left empty is removed too."""
    parts = key.split(".")
    node = item
    trail = []
    for part in parts[:-1]:
        trail.append((node, part))
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise FieldError("Dit veld past niet in het dossier.")
    if value is None or value in ([], ""):
        node.pop(parts[-1], None)
        for parent, part in reversed(trail):
            if parent.get(part) == {}:
                del parent[part]
    else:
        node[parts[-1]] = value


def items_of(section: EditSection, case: dict[str, Any]) -> list[dict[str, Any]]:
    """The items the section edits: the list, or the one object (empty when the case has none)."""
    if not section.path:
        return [case]
    value = case.get(section.path)
    if section.many:
        return list(value or [])
    return [value or {}]


def new_item(section: EditSection, case: dict[str, Any], *, user: str, today: date) -> dict[str, Any]:
    """A fresh item with its id and provenance (recorded by the user, today: eigen onderzoek)."""
    item: dict[str, Any] = {}
    if section.id_prefix:
        taken = [str(x.get("id", "")) for x in case.get(section.path) or []]
        numbers = [int(t[len(section.id_prefix) :]) for t in taken if t[len(section.id_prefix) :].isdigit()]
        item["id"] = f"{section.id_prefix}{max(numbers, default=0) + 1}"
    if any(f.key.startswith("provenance.") for f in section.fields):
        item["provenance"] = {"kind": "eigen_onderzoek", "date": today.isoformat(), "recorded_by": user}
    return item


def operations(
    section: EditSection,
    case: dict[str, Any],
    index: int | None,
    values: dict[str, Any],
    *,
    base: dict[str, Any] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """RFC 6902 operations (forward, back) that put `values` (key -> parsed value) into item `index`
    of the section (None: a new item at the end, starting from `base`; a single object: 0)."""
    after = copy.deepcopy(case)
    if not section.path:
        item = after
    elif section.many:
        target = after.setdefault(section.path, [])
        if index is None:
            target.append(copy.deepcopy(base or {}))
            index = len(target) - 1
        item = target[index]
    else:
        item = after.setdefault(section.path, {})
    for key, value in values.items():
        put(item, key, value)
    if section.path and not section.many and not after[section.path]:
        del after[section.path]
    return jsonpatch.make_patch(case, after).patch, jsonpatch.make_patch(after, case).patch


def removal(
    section: EditSection, case: dict[str, Any], index: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    after = copy.deepcopy(case)
    if section.many:
        del after[section.path][index]
        if not after[section.path]:
            del after[section.path]
    else:
        after.pop(section.path, None)
    return jsonpatch.make_patch(case, after).patch, jsonpatch.make_patch(after, case).patch


def party_choices(case: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((str(p.get("id")), str(p.get("name", ""))) for p in case.get("parties") or [])


def visible(spec: FieldSpec, values: dict[str, Any]) -> bool:
    return spec.when is None or str(values.get(spec.when[0]) or "") == spec.when[1]


# -- the sections --------------------------------------------------------------------------------


def _hint(cls: type, key: str) -> tuple[Any, bool]:
    """(type of dotted key, required) from the model's type hints."""
    tp: Any = cls
    required = True
    for part in key.split("."):
        hints = get_type_hints(tp)
        field_ = next(f for f in fields(tp) if f.name == part)
        required = required and field_.default is MISSING and field_.default_factory is MISSING
        tp = hints[part]
        if get_origin(tp) in (Union, types.UnionType):
            tp = next(a for a in get_args(tp) if a is not type(None))
            required = False
    return tp, required


LONG = {"notes", "text", "description", "experience", "result", "activities", "motivation", "summary"}
LONG |= {"points", "response", "questions", "grounds", "geschiktheid", "noodzakelijkheid"}
LONG |= {"evenwichtigheid", "danger", "intended_use"}
PARTY_KEYS = {"party", "counterparty", "provider", "seller", "payee", "operator"}
CHECKS: dict[str, Callable[[object], Check]] = {
    "bsn": check_bsn,
    "rsin": check_rsin,
    "kvk": check_kvk,
    "iban": check_iban,
    "postcode": check_postcode,
    "house_number": check_house_number,
}
DEGREES = (
    ("geen", "geen gevaar"),
    ("mindere_mate", "mindere mate van gevaar"),
    ("ernstig", "ernstig gevaar"),
)


def _spec(
    cls: type, key: str, text: str, *, when: tuple[str, str] | None = None, hint: str = ""
) -> FieldSpec:
    tp, required = _hint(cls, key)
    name = key.rsplit(".", 1)[-1]
    choices: tuple[tuple[str, str], ...] = ()
    if name in PARTY_KEYS:
        kind = Kind.PARTY
    elif get_origin(tp) is list:
        kind = Kind.CHOICES
        choices = tuple((m.value, label(m)) for m in get_args(tp)[0])
    elif isinstance(tp, type) and issubclass(tp, StrEnum):
        kind, choices = Kind.CHOICE, tuple((m.value, label(m)) for m in tp)
    elif name.startswith("conclusion_"):
        kind, choices = Kind.CHOICE, DEGREES
    elif tp is date:
        kind = Kind.DATE
    elif tp is Decimal:
        kind = Kind.PERCENT if name.endswith("_pct") else Kind.MONEY
    elif tp is int:
        kind = Kind.NUMBER
    elif tp is bool:
        kind = Kind.YESNO
    else:
        kind = Kind.LONG if name in LONG else Kind.TEXT
    if name == "id" or key.startswith("provenance.recorded_by"):
        raise AssertionError(key)
    return FieldSpec(key, text, kind, choices, required, CHECKS.get(name), when, hint)


def _address(prefix: str) -> tuple[tuple[str, str], ...]:
    return (
        (f"{prefix}.street", "Straat"),
        (f"{prefix}.house_number", "Huisnummer"),
        (f"{prefix}.postcode", "Postcode"),
        (f"{prefix}.city", "Plaats"),
    )


SOURCE = (("provenance.kind", "Herkomst"), ("provenance.source", "Bron"), ("provenance.date", "Bron, datum"))
PERSON, ENTITY = ("kind", "natuurlijk_persoon"), ("kind", "rechtspersoon")


def _section(
    id_: str,
    title: str,
    path: str,
    many: bool,
    entries: Iterable[tuple[str, str] | tuple[str, str, tuple[str, str]]],
    *,
    columns: tuple[str, ...] = (),
    id_prefix: str = "",
) -> EditSection:
    from bibob_desk.domain import model

    cls: type = Case
    if path:
        tp, _ = _hint(Case, path)
        cls = get_args(tp)[0] if get_origin(tp) is list else tp
    assert is_dataclass(cls) and hasattr(model, cls.__name__)
    specs = tuple(_spec(cls, e[0], e[1], when=e[2] if len(e) > 2 else None) for e in entries)
    return EditSection(id_, title, path, many, specs, columns or (specs[0].key,), id_prefix)


SECTIONS: tuple[EditSection, ...] = (
    _section(
        "dossier",
        "Dossiergegevens",
        "",
        False,
        (
            ("reference", "Kenmerk"),
            ("title", "Omschrijving"),
            ("permit_kinds", "Soort vergunning"),
            ("procedure", "Procedure"),
            ("bestuursorgaan", "Bestuursorgaan"),
            ("received_date", "Aanvraag ontvangen op"),
            ("investigation_start", "Onderzoek gestart op"),
            *_address("location"),
            ("location.description", "Locatie, omschrijving"),
        ),
    ),
    _section(
        "partijen",
        "Partijen",
        "parties",
        True,
        (
            ("kind", "Soort"),
            ("name", "Naam"),
            ("birth_date", "Geboortedatum", PERSON),
            ("nationality", "Nationaliteit", PERSON),
            ("bsn", "BSN", PERSON),
            ("legal_form", "Rechtsvorm", ENTITY),
            ("kvk", "KvK-nummer", ENTITY),
            ("rsin", "RSIN", ENTITY),
            ("country", "Land van vestiging", ENTITY),
            ("founding_date", "Opgericht op", ENTITY),
            ("ubo_status", "UBO-registratie", ENTITY),
            ("employees", "Werknemers", ENTITY),
            ("annual_turnover", "Jaaromzet", ENTITY),
            ("activities", "Activiteiten", ENTITY),
            ("sector_experience_years", "Jaren ervaring in de branche", PERSON),
            ("experience", "Ervaring", PERSON),
            ("svh_certificate", "SVH-verklaring", PERSON),
            ("annual_income", "Jaarinkomen", PERSON),
            *_address("address"),
            ("notes", "Aantekeningen"),
            *SOURCE,
        ),
        columns=("name", "kind"),
        id_prefix="p",
    ),
    _section(
        "relaties",
        "Rollen en relaties",
        "relations",
        True,
        (
            ("role", "Rol"),
            ("party", "Wie"),
            ("counterparty", "Ten opzichte van (leeg: het dossier)"),
            ("share_pct", "Aandeel (%)"),
            ("amount", "Bedrag"),
            ("start_date", "Sinds"),
            ("end_date", "Tot"),
            ("description", "Toelichting"),
            *SOURCE,
        ),
        columns=("role", "party", "counterparty"),
        id_prefix="r",
    ),
    _section(
        "financiering",
        "Financiering",
        "financing",
        True,
        (
            ("kind", "Soort"),
            ("amount", "Bedrag"),
            ("provider", "Verschaffer"),
            ("cash_amount", "Waarvan contant"),
            ("interest_pct", "Rente (%)"),
            ("term_months", "Looptijd (maanden)"),
            ("repayment_schedule", "Aflossingsschema"),
            ("written_contract", "Schriftelijke overeenkomst"),
            ("has_security", "Zekerheden"),
            ("security", "Welke zekerheden"),
            ("origin", "Herkomst van het geld"),
            ("origin_documented", "Herkomst onderbouwd"),
            ("iban", "IBAN"),
            ("proof", "Bewijsstuk"),
            ("description", "Toelichting"),
            *SOURCE,
        ),
        columns=("kind", "amount", "provider"),
        id_prefix="f",
    ),
    _section("investering", "Investering", "investment", False, (("total", "Totale investering"), *SOURCE)),
    _section(
        "overname",
        "Overname",
        "takeover",
        False,
        (
            ("price", "Overnameprijs"),
            ("seller", "Verkoper"),
            ("inventory_value", "Waarde inventaris"),
            ("goodwill", "Goodwill"),
            ("payment_method", "Betaalwijze"),
            ("seller_accounts_years", "Jaren jaarrekening verkoper"),
            ("seller_annual_result", "Jaarresultaat verkoper"),
            *SOURCE,
        ),
    ),
    _section(
        "betalingen",
        "Betalingen",
        "payments",
        True,
        (
            ("amount", "Bedrag"),
            ("method", "Betaalwijze"),
            ("date", "Datum"),
            ("payee", "Aan (partij)"),
            ("payee_description", "Aan (omschrijving)"),
            ("iban", "IBAN"),
            ("proof", "Bewijsstuk"),
            ("description", "Toelichting"),
            *SOURCE,
        ),
        columns=("amount", "method", "date"),
        id_prefix="b",
    ),
    _section(
        "panden",
        "Panden en waarden",
        "premises",
        True,
        (
            *_address("address"),
            ("tenure", "Eigendom of huur"),
            ("purchase_date", "Gekocht op"),
            ("purchase_price", "Koopprijs"),
            ("rent_per_month", "Huur per maand"),
            ("rent_per_room", "Huur per kamer"),
            ("rooms", "Kamers"),
            ("woz_value", "WOZ-waarde"),
            ("appraisal_value", "Taxatiewaarde"),
            ("market_band.low", "Marktwaarde van"),
            ("market_band.high", "Marktwaarde tot"),
            ("market_band.basis", "Marktwaarde, onderbouwing"),
            ("intended_use", "Beoogd gebruik"),
            ("intended_resale_months", "Doorverkoop binnen (maanden)"),
            *SOURCE,
        ),
        columns=("address.street", "address.house_number", "tenure"),
        id_prefix="o",
    ),
    _section(
        "antecedenten",
        "Antecedenten",
        "antecedents",
        True,
        (
            ("party", "Partij"),
            ("category", "Feit"),
            ("proof_level", "Bewijsniveau"),
            ("date", "Datum"),
            ("date_is_approximate", "Datum bij benadering"),
            ("description", "Omschrijving"),
            ("sanction", "Sanctie"),
            ("unconditional_prison", "Onvoorwaardelijke vrijheidsstraf"),
            ("related_to_activity", "Verband met de activiteit"),
            *SOURCE,
        ),
        columns=("party", "category", "date"),
        id_prefix="a",
    ),
    _section(
        "voorgeschiedenis",
        "Voorgeschiedenis",
        "history",
        True,
        (
            ("kind", "Soort"),
            ("date", "Datum"),
            ("party", "Partij"),
            ("authority", "Instantie"),
            ("amount", "Bedrag"),
            ("description", "Omschrijving"),
            *SOURCE,
        ),
        columns=("kind", "date", "party"),
        id_prefix="h",
    ),
    _section(
        "signalen",
        "Signalen",
        "signals",
        True,
        (
            ("source", "Bron"),
            ("date", "Datum"),
            ("party", "Over (partij)"),
            ("reliability", "Betrouwbaarheid"),
            ("description", "Omschrijving"),
            ("retention_date", "Bewaren tot"),
            *SOURCE,
        ),
        columns=("source", "date", "reliability"),
        id_prefix="s",
    ),
    _section(
        "bronnen",
        "Geraadpleegde bronnen",
        "source_checks",
        True,
        (
            ("source", "Bron"),
            ("date", "Geraadpleegd op"),
            ("performed_by", "Door"),
            ("party", "Over (partij)"),
            ("hit", "Treffer"),
            ("result", "Resultaat"),
        ),
        columns=("source", "date", "performed_by"),
    ),
    _section(
        "lbb",
        "LBB-advies",
        "lbb",
        False,
        (
            ("request_date", "Adviesaanvraag verzonden op"),
            ("request_reference", "Kenmerk aanvraag"),
            ("questions", "Vragen aan het LBB"),
            ("advice_date", "Advies ontvangen op"),
            ("advice_reference", "Kenmerk advies"),
            ("degree_a", "Mate van gevaar, a-grond"),
            ("degree_b", "Mate van gevaar, b-grond"),
            ("summary", "Samenvatting van het advies"),
        ),
    ),
    _section(
        "zienswijzen",
        "Zienswijzen",
        "zienswijzen",
        True,
        (
            ("received_date", "Ontvangen op"),
            ("form", "Vorm"),
            ("party", "Van (partij)"),
            ("summary", "Samenvatting"),
            ("points", "Aangevoerde punten"),
            ("response", "Reactie in het besluit"),
        ),
        columns=("received_date", "form", "party"),
        id_prefix="z",
    ),
    _section(
        "beoordeling",
        "Juridische beoordeling",
        "legal",
        False,
        (
            ("conclusion_a", "Mate van gevaar, a-grond"),
            ("conclusion_b", "Mate van gevaar, b-grond"),
            ("lid6", "Art. 3 lid 6 (strafbare feiten in relatie)"),
            ("motivation", "Motivering"),
            ("geschiktheid", "Geschiktheid"),
            ("noodzakelijkheid", "Noodzakelijkheid"),
            ("evenwichtigheid", "Evenwichtigheid"),
            ("author", "Opgesteld door"),
        ),
    ),
    _section(
        "besluit",
        "Besluit",
        "decision",
        False,
        (
            ("kind", "Soort besluit"),
            ("decision_date", "Besluitdatum"),
            ("summary", "Samenvatting"),
            ("grounds", "Gronden"),
        ),
    ),
    _section(
        "voorschriften",
        "Voorschriften",
        "voorschriften",
        True,
        (("text", "Voorschrift"), ("danger", "Beperkt het gevaar"), ("deadline", "Termijn")),
        columns=("text", "danger"),
    ),
    _section(
        "notities",
        "Notities",
        "notes",
        True,
        (("date", "Datum"), ("author", "Door"), ("text", "Tekst")),
        columns=("date", "author", "text"),
    ),
)
BY_ID = {s.id: s for s in SECTIONS}


def section(section_id: str) -> EditSection:
    return BY_ID[section_id]


def cell(spec: FieldSpec, value: Any, case: dict[str, Any]) -> str:
    """A value as the list of items shows it (labels, party names, Dutch dates)."""
    if value is None:
        return ""
    if spec.kind is Kind.PARTY:
        return dict(party_choices(case)).get(str(value), str(value))
    if spec.kind in (Kind.CHOICE, Kind.CHOICES):
        names = dict(spec.choices)
        return ", ".join(names.get(str(v), str(v)) for v in (value if isinstance(value, list) else [value]))
    text = shown(spec, value)
    text = text if isinstance(text, str) else ", ".join(text)
    return text if len(text) <= 60 else text[:57] + "…"

"""The editors' sections: which fields of the case each editor shows, with Dutch labels, in what
order, the list columns and the id prefix of new items. Kinds, choices and required-ness come from
the model's type hints (see presentation/editing.py for parsing and patches)."""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable
from dataclasses import MISSING, fields, is_dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Union, get_args, get_origin, get_type_hints

from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Case
from bibob_desk.presentation.editing import EditSection, FieldSpec, Kind, check_house_number
from bibob_desk.validation.identifiers import (
    Check,
    check_bsn,
    check_iban,
    check_kvk,
    check_postcode,
    check_rsin,
)

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
PARTY_KEYS = {"party", "counterparty", "provider", "seller", "payee", "operator", "holder"}
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
        "vergunning",
        "Bestaande vergunning",
        "permit",
        False,
        (
            ("number", "Vergunningnummer"),
            ("granted", "Verleend op"),
            ("holder", "Vergunninghouder (partij)"),
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
        "opgaven",
        "Onjuiste of onvolledige opgaven",
        "contradictions",
        True,
        (
            ("kind", "Soort afwijking"),
            ("party", "Over (partij)"),
            ("declared", "Opgegeven door de betrokkene"),
            ("found", "Gevonden in register of onderzoek"),
            *SOURCE,
        ),
        columns=("kind", "party", "found"),
        id_prefix="c",
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
            ("ground", "Grond van het besluit"),
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
            ("effective_date", "Datum van inwerkingtreding"),
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

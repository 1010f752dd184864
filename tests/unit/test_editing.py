"""The editors as data (presentation/editing.py): typed Dutch text becomes case data or a Dutch
message, unknown stays unknown, and an edit becomes RFC 6902 operations that the import check
accepts. No Qt, no store."""

from __future__ import annotations

import json
from datetime import date

import jsonpatch
import pytest

from bibob_desk.domain.codec import to_primitive
from bibob_desk.exchange.case_format import read_case_file, validate_document
from bibob_desk.exchange.schema_gen import FORMAT_ID
from bibob_desk.paths import demo_case_files
from bibob_desk.presentation import edit_sections, editing
from bibob_desk.presentation.editing import FieldError, Kind


def _field(section: str, key: str) -> editing.FieldSpec:
    return next(f for f in edit_sections.section(section).fields if f.key == key)


def _h2() -> dict:
    path = next(p for p in demo_case_files() if p.stem == "H2")
    return to_primitive(read_case_file(path).case)


@pytest.mark.parametrize(
    ("section", "key", "typed", "value"),
    [
        ("dossier", "received_date", "03-03-2025", "2025-03-03"),
        ("dossier", "received_date", "3-3-2025", "2025-03-03"),
        ("dossier", "received_date", "2025-03-03", "2025-03-03"),
        ("financiering", "amount", "6.500,50", 6500.5),
        ("financiering", "amount", "€ 6.500", 6500),
        ("financiering", "amount", "6500.5", 6500.5),
        ("relaties", "share_pct", "33,3", 33.3),
        ("partijen", "employees", "12", 12),
        ("partijen", "svh_certificate", "ja", True),
        ("partijen", "svh_certificate", "nee", False),
        ("partijen", "svh_certificate", "", None),  # onbekend
        ("partijen", "bsn", "111 222 333", "111222333"),
        ("partijen", "kvk", "12345678", "12345678"),
        ("partijen", "address.postcode", "1234ab", "1234 AB"),
        ("partijen", "address.house_number", "12A", "12A"),
        ("financiering", "iban", "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"),
        ("partijen", "nationality", "   ", None),
    ],
)
def test_typed_text_becomes_the_value(section, key, typed, value):
    assert editing.parse(_field(section, key), typed) == value


@pytest.mark.parametrize(
    ("section", "key", "typed", "message"),
    [
        ("dossier", "received_date", "31-02-2025", "Geen bestaande datum"),
        ("dossier", "received_date", "", "Aanvraag ontvangen op is verplicht."),
        ("dossier", "received_date", "01-01-1700", "tussen 1900 en 2200"),
        ("financiering", "amount", "veel", "Vul een bedrag in cijfers in"),
        ("relaties", "share_pct", "120", "tussen 0 en 100"),
        ("partijen", "employees", "-3", "heel getal"),
        ("partijen", "bsn", "123456789", "elfproef"),
        ("partijen", "bsn", "١١١٢٢٢٣٣٣", "9 cijfers"),
        ("partijen", "kvk", "1234", "8 cijfers"),
        ("partijen", "address.postcode", "0123 AB", "4 cijfers en 2 letters"),
        ("partijen", "address.house_number", "A12", "begint met een cijfer"),
        ("financiering", "iban", "NL00BANK0123456789", "IBAN"),
        ("partijen", "kind", "alien", "Kies uit de lijst"),
    ],
)
def test_wrong_text_gets_a_dutch_message_without_the_value(section, key, typed, message):
    with pytest.raises(FieldError) as caught:
        editing.parse(_field(section, key), typed)
    assert message in str(caught.value) and (len(typed) < 4 or typed not in str(caught.value))


def test_every_section_derives_its_fields_from_the_model():
    kinds = {f.key: f.kind for s in edit_sections.SECTIONS for f in s.fields}
    assert kinds["permit_kinds"] is Kind.CHOICES and kinds["received_date"] is Kind.DATE
    assert kinds["party"] is Kind.PARTY and kinds["share_pct"] is Kind.PERCENT
    assert kinds["motivation"] is Kind.LONG and kinds["lid6"] is Kind.YESNO
    person_only = [
        f.key for f in edit_sections.section("partijen").fields if f.when == ("kind", "natuurlijk_persoon")
    ]
    assert "bsn" in person_only and "kvk" not in person_only
    assert {s.path for s in edit_sections.SECTIONS} >= {
        "lbb",
        "zienswijzen",
        "decision",
        "legal",
        "source_checks",
    }


def _valid(case: dict) -> bool:
    result = validate_document(json.loads(json.dumps({"format": FORMAT_ID, "case": case})))
    return result.ok and not result.warnings


def test_an_edit_is_a_minimal_patch_and_its_inverse_restores_the_case():
    case = _h2()
    section = edit_sections.section("partijen")
    forward, back = editing.operations(section, case, 1, {"name": "R. Amrani-Bakker", "nationality": None})
    assert {"op": "replace", "path": "/parties/1/name", "value": "R. Amrani-Bakker"} in forward
    assert {op["path"] for op in forward} <= {"/parties/1/name", "/parties/1/nationality"}
    changed = jsonpatch.apply_patch(case, forward)
    assert changed["parties"][1]["name"] == "R. Amrani-Bakker" and "nationality" not in changed["parties"][1]
    assert _valid(changed) and jsonpatch.apply_patch(changed, back) == case


def test_a_new_item_gets_an_id_and_its_provenance_and_an_empty_object_disappears():
    case = _h2()
    section = edit_sections.section("antecedenten")
    base = editing.new_item(section, case, user="vv1", today=date(2026, 12, 1))
    assert base["id"] not in {a["id"] for a in case.get("antecedents", [])}
    assert base["provenance"] == {"kind": "eigen_onderzoek", "date": "2026-12-01", "recorded_by": "vv1"}
    values = {"party": "p2", "category": "fraude", "proof_level": "verdenking", "date": "2024-01-05"}
    forward, _ = editing.operations(section, case, None, values, base=base)
    added = jsonpatch.apply_patch(case, forward)["antecedents"][-1]
    assert added["id"] == base["id"] and added["party"] == "p2"
    # clearing every field of an optional object removes it (unknown, not an empty shell)
    legal = edit_sections.section("beoordeling")
    cleared = dict.fromkeys((f.key for f in legal.fields), None)
    forward, _ = editing.operations(legal, case, 0, cleared)
    assert "legal" not in jsonpatch.apply_patch(case, forward)
    # an address left empty is removed from the party
    parties = edit_sections.section("partijen")
    person = {"id": "p9", "kind": "natuurlijk_persoon", "name": "X", "address": {"city": "Zaandam"}}
    case["parties"].append({**person, "provenance": {"kind": "register"}})
    forward, _ = editing.operations(parties, case, len(case["parties"]) - 1, {"address.city": None})
    assert "address" not in jsonpatch.apply_patch(case, forward)["parties"][-1]


def test_a_date_is_typed_as_the_ui_shows_it_or_pasted_as_iso():
    from datetime import date

    import pytest

    from bibob_desk.presentation.editing import FieldError, parse_day

    assert parse_day("09-03-2026") == parse_day("9-3-2026") == parse_day("2026-03-09") == date(2026, 3, 9)
    for wrong in ("31-02-2026", "morgen", "09-03-1850"):
        with pytest.raises(FieldError):
            parse_day(wrong)

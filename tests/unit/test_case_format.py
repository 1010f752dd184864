import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibob_desk.exchange import schema_gen
from bibob_desk.exchange.case_format import dumps_case, parse_case_text, validate_document
from bibob_desk.paths import demo_case_files


def _sample(name: str) -> dict:
    path = next(p for p in demo_case_files() if p.stem == name)
    return json.loads(path.read_text(encoding="utf-8"))


def _errors(doc) -> dict[str, str]:
    result = validate_document(doc)
    assert result.case is None
    return {e.path: e.message for e in result.errors}


def test_the_four_public_sample_cases_ship():
    assert sorted(p.stem for p in demo_case_files()) == ["H1", "H2", "V1", "V3"]


@pytest.mark.parametrize("path", demo_case_files(), ids=lambda p: p.stem)
def test_sample_cases_round_trip_byte_for_byte(path):
    text = path.read_text(encoding="utf-8")
    result = parse_case_text(text)
    assert result.ok, [str(e) for e in result.errors]
    assert result.warnings == []
    assert dumps_case(result.case) == text


def test_committed_schema_matches_the_model():
    assert schema_gen.SCHEMA_PATH.read_text(encoding="utf-8") == schema_gen.render(), (
        "run: python -m bibob_desk.exchange.schema_gen"
    )


def test_unknown_fields_are_reported_and_not_stored():
    doc = _sample("H1")
    doc["case"]["favoriete_kleur"] = "blauw"
    doc["case"]["parties"][0]["schoenmaat"] = 43
    result = validate_document(doc)
    assert result.ok
    paths = {w.path for w in result.warnings}
    assert paths == {"$.case.favoriete_kleur", "$.case.parties[0].schoenmaat"}
    exported = json.loads(dumps_case(result.case))
    assert "favoriete_kleur" not in exported["case"]
    assert "schoenmaat" not in exported["case"]["parties"][0]


def test_every_error_is_reported_with_its_json_path():
    doc = _sample("H2")
    del doc["case"]["received_date"]
    doc["case"]["stage"] = "ergens_tussenin"
    doc["case"]["financing"][1]["amount"] = "veel"
    doc["case"]["parties"][0]["name"] = "x" * 501
    errors = _errors(doc)
    assert "verplicht veld ontbreekt: received_date" in errors["$.case"]
    assert "onbekende waarde" in errors["$.case.stage"]
    assert errors["$.case.financing[1].amount"] == "verkeerd soort waarde"
    assert "te lang" in errors["$.case.parties[0].name"]


def test_semantic_errors_identifiers_references_dates_and_duplicates():
    doc = _sample("H2")
    doc["case"]["parties"][1]["bsn"] = "123456789"
    doc["case"]["parties"][0]["kvk"] = "1234"
    doc["case"]["relations"][5]["party"] = "p99"
    doc["case"]["antecedents"][0]["date"] = "2022-02-30"
    doc["case"]["relations"][1]["id"] = "r1"
    doc["case"]["location"]["postcode"] = "1234 SS"
    errors = _errors(doc)
    assert "elfproef" in errors["$.case.parties[1].bsn"]
    assert "8 cijfers" in errors["$.case.parties[0].kvk"]
    assert "onbekende partij 'p99'" in errors["$.case.relations[5].party"]
    assert errors["$.case.antecedents[0].date"] == "geen bestaande datum"
    assert errors["$.case.relations[1].id"] == "dubbele id"
    assert "postcode" in errors["$.case.location.postcode"]


def test_hostile_text_control_characters_refused_bidi_stripped():
    doc = _sample("H1")
    doc["case"]["parties"][0]["name"] = "Sanne\x00Verbeek"
    assert "stuurtekens" in _errors(doc)["$.case.parties[0].name"]
    doc = _sample("H1")
    doc["case"]["parties"][0]["name"] = "Sanne \u202eVerbeek"
    result = validate_document(doc)
    assert result.ok
    assert result.case.parties[0].name == "Sanne Verbeek"
    assert [w.path for w in result.warnings] == ["$.case.parties[0].name"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{", "geen geldige JSON"),
        ('{"format": "bibob-desk/case@1", "case": NaN}', "geen geldige JSON"),
        ("[" * 100_000 + "]" * 100_000, "genest"),
        ('{"format": "bibob-desk/case@9", "case": {}}', "nieuwere versie"),
        ('{"format": "iets anders", "case": {}}', "onbekend formaat"),
        ("[]", "JSON-object"),
    ],
)
def test_malformed_documents_get_a_dutch_message(text, expected):
    result = parse_case_text(text)
    assert result.case is None
    assert expected in result.errors[0].message


def test_huge_numbers_are_out_of_range_not_infinite():
    doc = _sample("H1")
    text = json.dumps(doc).replace('"annual_income": 42000', '"annual_income": 1e999999')
    result = parse_case_text(text)
    assert result.case is None
    assert any("bereik" in e.message for e in result.errors)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=30,
)


@given(json_values)
def test_random_documents_give_a_result_never_an_exception(value):
    result = validate_document({"format": "bibob-desk/case@1", "case": value})
    assert result.ok or result.errors


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "reference",
                "stage",
                "parties",
                "location",
                "received_date",
                "permit_kinds",
                "procedure",
                "bestuursorgaan",
                "x",
            ]
        ),
        json_values,
        max_size=9,
    )
)
def test_random_case_bodies_give_a_result_never_an_exception(body):
    result = validate_document({"format": "bibob-desk/case@1", "case": body})
    assert result.ok or result.errors


def test_a_version_1_file_is_upgraded_on_import():
    path = next(p for p in demo_case_files() if p.stem == "V3")
    text = path.read_text(encoding="utf-8")
    old = text.replace('"bibob-desk/case@7"', '"bibob-desk/case@1"', 1)
    result = parse_case_text(old)
    assert result.ok and result.warnings == []
    assert dumps_case(result.case) == text

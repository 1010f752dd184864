"""Entity matching across cases (issue 9): normalisation, the rules, and precision/recall on
generated look-alikes."""

from __future__ import annotations

from copy import deepcopy
from datetime import date

import pytest

from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.network.matching import (
    ADDRESS,
    COMPANY,
    PERSON,
    PartyRef,
    compare,
    compare_companies,
    compare_persons,
    find_matches,
)
from bibob_desk.network.names import address_key, company_name, person_name
from bibob_desk.paths import demo_case_files
from tests.support.lookalikes import pairs


@pytest.mark.parametrize(
    "written",
    [
        "Jan van der Berg",
        "J. v.d. Berg",
        "Berg, Jan van der",
        "JAN VAN DER BERG",
        "Jan vd Berg",
        "Jan v/d Berg",
    ],
)
def test_one_person_many_spellings(written):
    name = person_name(written)
    assert name.surname == "berg" and name.tussenvoegsel == "van der"
    assert name.given in (("jan",), ("j",))


def test_diacritics_ij_and_double_surnames():
    assert person_name("Öztürk, Ahmet").surname == person_name("Ahmet Ozturk").surname == "ozturk"
    assert person_name("Daan Meijer").surname == person_name("Daan Meyer").surname
    assert person_name("Anna Jansen-de Vries").surname == "jansen de vries"
    assert person_name("Pieter Jan de Wit").given == ("pieter", "jan")


def test_company_names_without_legal_form():
    assert company_name("Noor Lounge B.V.") == company_name("noor lounge BV") == "noor lounge"
    assert company_name("Noor Lounge Besloten Vennootschap") == "noor lounge"
    assert company_name("Bakker & Zn V.O.F.") == "bakker zn"


def person(name, birth=None, bsn=None, case="X", key="p1", address=""):
    return PartyRef(case, case, key, name, PERSON, birth_date=birth, bsn=bsn, address=address)


def company(name, kvk=None, case="X", key="p1"):
    return PartyRef(case, case, key, name, COMPANY, kvk=kvk)


def test_person_rules_and_reasons():
    born = date(1980, 5, 1)
    hit = compare_persons(person("Jan van der Berg", born), person("Berg, J. v.d.", born, case="Y"))
    assert hit is not None and hit.score >= 85
    assert any("voorletters" in r for r in hit.reasons) and "geboortedatum gelijk" in hit.reasons
    assert (
        compare_persons(person("Jan van der Berg", born), person("Jan van der Berg", date(1980, 5, 2)))
        is None
    )
    assert (
        compare_persons(person("Jan Berg", bsn="111222333"), person("Piet Jansen", bsn="111222333")).score
        == 100
    )
    assert compare_persons(person("Jan Berg", bsn="111222333"), person("Jan Berg", bsn="123456782")) is None
    # without a birth date on one side the name must be nearly identical
    assert compare_persons(person("Jan van der Berg", born), person("Jan van den Berg")) is not None
    assert compare_persons(person("Jan van der Berg", born), person("Jon van der Burg")) is None


def test_company_rules():
    assert (
        compare_companies(company("Noor Lounge B.V.", "12345678"), company("Iets Anders", "12345678")).score
        == 100
    )
    assert (
        compare_companies(company("Noor Lounge B.V.", "12345678"), company("Noor Lounge BV", "87654321"))
        is None
    )
    hit = compare_companies(company("Noor Lounge B.V."), company("NOOR LOUNGE"))
    assert hit is not None and "zonder rechtsvorm" in hit.reasons[0]


def test_shared_address():
    a = PartyRef("A", "A", "locatie", "Kerkstraat 1", ADDRESS, address=address_key("1234 ab", "1"))
    b = person("Piet", case="B", address=address_key("1234AB", " 1"))
    assert [m.kind for m in compare(a, b)] == [ADDRESS]


def test_precision_and_recall_on_generated_look_alikes():
    """2,000 pairs from 400 generated people: variants of the same person (spelling, ij/y,
    tussenvoegsels, comma order, initials, swapped or dropped first names, capitals) and hard
    negatives (namesakes with another birth date, look-alikes with the same birth date)."""
    found = [(compare_persons(a, b) is not None, same, a, b) for a, b, same in pairs(400)]
    tp = sum(1 for hit, same, *_ in found if hit and same)
    fp = sum(1 for hit, same, *_ in found if hit and not same)
    fn = sum(1 for hit, same, *_ in found if not hit and same)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.98 and recall >= 0.97, (precision, recall)
    other_birth = [
        hit
        for hit, same, a, b in found
        if not same and a.birth_date and b.birth_date and a.birth_date != b.birth_date
    ]
    assert len(other_birth) == 800 and not any(other_birth)  # a different birth date never matches


def test_find_matches_across_demo_cases_with_a_look_alike():
    """A new case whose applicant is H2's M. Karimi written the other way round, with the company
    name in capitals and without 'B.V.', at another address."""
    cases = [read_case_file(p).case for p in demo_case_files()]
    h2 = next(c for c in cases if c.reference == "H2")
    twin = deepcopy(h2)
    twin.id, twin.reference = "tweeling", "H2-B"
    twin.location.postcode, twin.location.house_number = "9999 ZZ", "1"
    for party in twin.parties:
        if party.name == "M. Karimi":
            party.name = "KARIMI, M."
        if party.name == "Vastgoed Karimi B.V.":
            party.name = "VASTGOED KARIMI"
    found = find_matches(h2, [*cases, twin])
    pairs_found = {(m.subject.name, m.other.name, m.kind) for m in found if m.other.reference == "H2-B"}
    assert ("M. Karimi", "KARIMI, M.", PERSON) in pairs_found
    assert ("Vastgoed Karimi B.V.", "VASTGOED KARIMI", COMPANY) in pairs_found
    assert all(m.reasons for m in found)
    assert not any(m.other.case_id == h2.id for m in found)  # never the case itself
    assert not any(m.kind == ADDRESS and m.other.reference == "H2-B" for m in found)  # moved elsewhere

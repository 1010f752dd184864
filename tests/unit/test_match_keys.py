"""Match keys (issue 18): the blocking rules are necessary conditions of the matching rules, so the
keyed lookup can never miss a candidate that comparing every pair would find."""

from __future__ import annotations

import random

from rapidfuzz import fuzz

from bibob_desk.network.keys import (
    SURNAME_CUTOFF,
    SURNAME_CUTOFF_STRICT,
    KeyIndex,
    MatchKey,
    keyed_hasher,
    lengths_within,
    may_match,
    sorted_words,
)
from bibob_desk.network.matching import compare, compare_persons
from bibob_desk.network.names import company_name, person_name
from tests.support.lookalikes import pairs


def _key(ref):
    surname = person_name(ref.name).surname
    return MatchKey(ref, surname=surname)


def test_every_person_match_passes_the_surname_block():
    checked = 0
    for a, b, _same in pairs(400):
        if compare_persons(a, b) is None or (a.bsn and a.bsn == b.bsn):
            continue
        sa, sb = person_name(a.name).surname, person_name(b.name).surname
        one_missing = a.birth_date is None or b.birth_date is None
        assert fuzz.ratio(sa, sb) >= (SURNAME_CUTOFF_STRICT if one_missing else SURNAME_CUTOFF), (a, b)
        assert len(sb) in lengths_within(len(sa)) and may_match(_key(a), _key(b))
        checked += 1
    assert checked > 500


def test_the_keyed_index_finds_every_pair_that_comparing_all_pairs_finds():
    looks = pairs(120, seed=4)
    refs = [r for a, b, _ in looks for r in (a, b)]
    refs = [
        r.__class__(**{**r.__dict__, "case_id": f"c{i}", "reference": f"c{i}"}) for i, r in enumerate(refs)
    ]
    index = KeyIndex()
    for ref in refs:
        index.add(_key(ref))
    matched = 0
    for ref in refs:
        found = {k.ref.case_id for k in index.candidates(_key(ref))}
        expected = {other.case_id for other in refs if other is not ref and compare(ref, other)}
        assert expected <= found, ref.name
        matched += len(expected)
    assert matched > 200


def test_company_names_compare_the_same_with_their_words_sorted():
    rng = random.Random(18)
    words = "noor lounge horeca bakker holding trading de vries zn exploitatie beheer groot".split()
    for _ in range(2000):
        a = " ".join(rng.sample(words, rng.randint(1, 4)))
        b = " ".join(rng.sample(words, rng.randint(1, 4)))
        assert fuzz.token_sort_ratio(a, b) == fuzz.ratio(sorted_words(a), sorted_words(b))
    assert company_name("Noor Lounge B.V.") == "noor lounge"


def test_identifiers_hash_with_the_database_key_only():
    one, other = keyed_hasher(b"a" * 32), keyed_hasher(b"b" * 32)
    assert one("bsn", "111222333") == one("bsn", "111222333") != other("bsn", "111222333")
    assert one("bsn", "111222333") != one("kvk", "111222333") and one("bsn", "") == ""
    assert "111222333" not in one("bsn", "111222333")

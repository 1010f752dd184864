"""Filter-as-you-type on a real encrypted store: the FTS5 trigram index for words of three letters or
more, LIKE on the narrow list row for shorter ones; the index follows every add, change and purge."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bibob_desk.store.repository import CaseRepository
from tests.integration.test_services import _new_case


def _references(app, query: str) -> list[str]:
    return sorted(s.reference for s in app.cases.summaries(query))


def _indexed(app) -> int:
    with app._store.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM case_search")).scalar_one()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("k", ["H1", "H2", "V1", "V3"]),  # one letter: LIKE over the list rows
        ("ka", ["H2", "V1", "V3"]),
        ("karimi", ["H2"]),  # three letters or more: the trigram index
        ("ARIM", ["H2"]),  # a substring inside a word, case-insensitive
        ("verbeek marktstraat", ["H1"]),  # every word must match
        ("verbeek kerkstraat", []),
        ('"karimi" OR x', []),  # FTS5 syntax from the user is text, not operators
        ("NEAR(a b)", []),
    ],
)
def test_filter_words(demo_app, query, expected):
    assert _references(demo_app, query) == expected
    assert demo_app.cases.count(query) == len(expected)


@pytest.mark.parametrize(
    "query", ["e", "ee", "eek", "straat", "b.v", "1 a", "ka mi", "2025", "kerk str", "x"]
)
def test_index_and_like_agree_with_a_plain_substring_search(demo_app, query):
    """The oracle: every word a substring of the normalised search text, computed in Python."""
    with demo_app._store.engine.connect() as conn:
        rows = conn.execute(text("SELECT reference, search_text FROM cases")).all()
    words = query.split()
    expected = sorted(ref for ref, haystack in rows if all(w in haystack for w in words))
    assert _references(demo_app, query) == expected


@pytest.mark.parametrize("dense", [1, 2, 100])
def test_counts_hold_on_both_sides_of_the_dense_threshold(demo_app, monkeypatch, dense):
    """The index is counted only up to DENSE + 1 hits (issue 18); the list and its count stay the
    plain substring answer whether the index or the display-order scan decides."""
    from bibob_desk.store import search

    monkeypatch.setattr(search, "DENSE", dense)
    with demo_app._store.engine.connect() as conn:
        rows = conn.execute(text("SELECT reference, search_text FROM cases")).all()
    for query in ("straat", "eek", "karimi", "b.v", "kerk str"):
        expected = sorted(ref for ref, haystack in rows if all(w in haystack for w in query.split()))
        assert _references(demo_app, query) == expected, query
        assert demo_app.cases.count(query) == len(expected), query
        for cap in (1, 2, 3):
            assert demo_app.cases.count(query, at_most=cap) == min(cap, len(expected)), (query, cap)


def test_the_index_follows_add_update_and_purge(demo_app):
    assert _indexed(demo_app) == 4
    demo_app.cases.create(_new_case("2025-777", applicant_name="Zonnebloem Exploitatie B.V."))
    assert _references(demo_app, "zonnebloem") == ["2025-777"]
    assert _indexed(demo_app) == 5
    case_id = demo_app.cases.id_of("2025-777")
    with demo_app._store.transaction() as tx:
        case = tx.cases.get(case_id)
        case.parties[0].name = "Madeliefje Horeca B.V."
        tx.save_case(case)
    assert _references(demo_app, "zonnebloem") == []
    assert _references(demo_app, "madeliefje") == ["2025-777"]
    assert _indexed(demo_app) == 5  # re-indexed, not added twice
    with demo_app._store.transaction() as tx:
        tx.cases.purge(case_id)
    assert _references(demo_app, "madeliefje") == []
    assert _indexed(demo_app) == 4


def test_the_case_document_lives_apart_from_the_list_row(demo_app):
    """The list and the filter read narrow rows; the JSON document is in case_documents."""
    with demo_app._store.engine.connect() as conn:
        columns = {r[1] for r in conn.execute(text("PRAGMA table_info(cases)"))}
        widest = conn.execute(
            text("SELECT max(length(search_text) + length(party_names)) FROM cases")
        ).scalar()
        documents = conn.execute(text("SELECT count(*), min(length(payload)) FROM case_documents")).one()
    assert "payload" not in columns
    assert widest < 1000
    assert documents[0] == 4 and documents[1] > 5000
    with demo_app._store.transaction() as tx:
        assert CaseRepository(tx.session).get_by_reference("H2").reference == "H2"

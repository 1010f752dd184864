"""Client-side sealing and the blind search index of the team database (issue 19)."""

from __future__ import annotations

import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibob_desk.domain.text import normalize_for_search
from bibob_desk.store.ciphertext import BlindIndex, Sealer, trigrams
from bibob_desk.store.errors import DatabaseDamaged

KEY = secrets.token_bytes(32)


def test_sealed_text_opens_only_with_its_key_and_in_its_place():
    sealer = Sealer(KEY)
    sealed = sealer.seal("Karimi Horeca B.V., Marktstraat 1", context="case_documents|payload|c1")
    assert "Karimi" not in sealed and "Markt" not in sealed
    assert sealer.open(sealed, context="case_documents|payload|c1") == "Karimi Horeca B.V., Marktstraat 1"
    assert sealer.seal("zelfde", context="x") != sealer.seal("zelfde", context="x")  # a fresh nonce
    for wrong in (
        lambda: sealer.open(sealed, context="case_documents|payload|c2"),  # copied to another row
        lambda: Sealer(secrets.token_bytes(32)).open(sealed, context="case_documents|payload|c1"),
        lambda: sealer.open(sealed[:-4] + "AAAA", context="case_documents|payload|c1"),
        lambda: sealer.open("geen base64!", context="case_documents|payload|c1"),
    ):
        with pytest.raises(DatabaseDamaged) as refused:
            wrong()
        assert "Karimi" not in str(refused.value) and "c1" not in str(refused.value)


words = st.text(alphabet="abcdeijklmnorstuvéë -", min_size=0, max_size=40)


@given(text=words, start=st.integers(0, 40), length=st.integers(0, 12))
def test_every_substring_of_a_word_finds_its_case(text, start, length):
    """No missed case: the tags of a typed substring are among the case's tags."""
    index = BlindIndex(KEY)
    normal = normalize_for_search(text)
    piece = normal[start : start + length].strip()
    if " " in piece:
        return
    tags, short = index.query(piece)
    assert tags <= index.terms(text)
    assert short == ([piece] if 0 < len(piece) < 3 else [])


def test_the_index_holds_no_letters_and_differs_per_team():
    mine, theirs = BlindIndex(KEY), BlindIndex(secrets.token_bytes(32))
    stored = mine.terms("jansen kerkstraat utrecht")
    assert len(stored) == len(trigrams("jansen kerkstraat utrecht"))
    assert not any(g in " ".join(stored) for g in ("jan", "ker", "utr"))
    assert stored.isdisjoint(theirs.terms("jansen kerkstraat utrecht"))
    assert mine.query("JANSEN")[0] == mine.query("jansen")[0]  # normalised like the list filter
    assert mine.query("Café")[0] == mine.query("cafe")[0]

"""The sealed columns (issue 19): ciphertext on an engine with a TeamCipher, the value itself on any
other (the encrypted file); deterministic per column where the server must compare."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select, text

from bibob_desk.store import sealing
from bibob_desk.store.errors import DatabaseDamaged

META = MetaData()
ROWS = Table(
    "rijen",
    META,
    Column("id", Integer, primary_key=True),
    Column("vrij", sealing.Sealed("rijen.vrij")),
    Column("gelijk", sealing.Equal("rijen.gelijk")),
    Column("ander", sealing.Equal("rijen.ander")),
    Column("inhoud", sealing.SealedBytes("rijen.inhoud")),
)


def _engine(cipher: sealing.TeamCipher | None):
    engine = create_engine("sqlite://")
    META.create_all(engine)
    if cipher is not None:
        sealing.register(engine, cipher)
    return engine


def _write(engine, **values):
    with engine.begin() as conn:
        conn.execute(insert(ROWS), [values])


def _raw(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [
            tuple(r) for r in conn.execute(text("SELECT vrij, gelijk, ander, inhoud FROM rijen ORDER BY id"))
        ]


def test_without_a_cipher_the_values_are_stored_as_they_are():
    engine = _engine(None)
    _write(engine, id=1, vrij="Jansen", gelijk="jansen", ander="jansen", inhoud=b"%PDF")
    assert _raw(engine) == [("Jansen", "jansen", "jansen", b"%PDF")]


def test_with_a_cipher_the_server_sees_ciphertext_and_the_client_the_value():
    engine = _engine(sealing.TeamCipher(secrets.token_bytes(32)))
    for number in (1, 2):
        _write(engine, id=number, vrij="Jansen", gelijk="jansen", ander="jansen", inhoud=b"%PDF geheim")
    (v1, g1, a1, c1), (v2, g2, _a2, c2) = _raw(engine)
    assert "ansen" not in v1 + g1 + a1 and b"geheim" not in bytes(c1)
    assert v1 != v2 and bytes(c1) != bytes(c2)  # a fresh nonce each time
    assert g1 == g2 and g1 != a1  # deterministic per column, not across columns
    with engine.connect() as conn:
        found = conn.execute(select(ROWS.c.id, ROWS.c.vrij, ROWS.c.inhoud).where(ROWS.c.gelijk == "jansen"))
        assert [tuple(r) for r in found] == [(1, "Jansen", b"%PDF geheim"), (2, "Jansen", b"%PDF geheim")]
    assert _raw(engine)[0][0].startswith(sealing.RANDOM)


def test_empty_stays_empty_and_a_changed_or_foreign_value_is_damage():
    cipher = sealing.TeamCipher(secrets.token_bytes(32))
    engine = _engine(cipher)
    _write(engine, id=1, vrij="", gelijk="", ander="x", inhoud=b"")
    assert _raw(engine)[0][:2] == ("", "")
    with engine.begin() as conn:
        conn.execute(text("UPDATE rijen SET vrij = :v"), {"v": cipher.seal("Jansen", "rijen.ander")})
    with pytest.raises(DatabaseDamaged, match=r"rijen\.vrij") as damaged, engine.connect() as conn:
        conn.execute(select(ROWS.c.vrij)).all()  # sealed for another column: does not open here
    assert "Jansen" not in str(damaged.value)
    with engine.begin() as conn:
        conn.execute(text("UPDATE rijen SET vrij = 'Jansen'"))
    with pytest.raises(DatabaseDamaged, match="onversleutelde waarde"), engine.connect() as conn:
        conn.execute(select(ROWS.c.vrij)).all()
    other = sealing.TeamCipher(secrets.token_bytes(32))  # another team's key
    with pytest.raises(DatabaseDamaged):
        other.open(cipher.equal("jansen", "rijen.gelijk"), "rijen.gelijk")


def test_a_value_outside_a_column_is_sealed_the_same_way():
    cipher = sealing.TeamCipher(secrets.token_bytes(32))
    engine = _engine(cipher)
    sealed = sealing.seal_value(engine, "concept", "meta.concept")
    assert sealed != "concept" and sealing.open_value(engine, sealed, "meta.concept") == "concept"
    sealing.unregister(engine)
    assert sealing.seal_value(engine, "concept", "meta.concept") == "concept"

"""Columns that the team database stores as ciphertext (issue 19, deliverable 2).

A column declared `Sealed` or `Equal` (rows.py, and the typed statements of projections.py) is
written and read as usual by the repositories. On an engine with a registered `TeamCipher` (the team
store registers its own at sign-in) the value is encrypted on the client before it is sent and
decrypted when it comes back; on every other engine (the SQLCipher file, whose pages are encrypted
as a whole) the value passes unchanged. So the repositories do not know where they run.

- `Sealed`: AES-256-GCM with a fresh nonce (ciphertext.Sealer), bound to its table and column: for
  what is only ever read back (the case document, names, free text, revisions, attachments).
- `Equal`: AES-SIV, deterministic per column: the same value gives the same ciphertext, so the
  server can still answer `=` and `IN` (a match key, a normalised party name, a pooled name) and
  keep a primary key — it learns which rows share a value, never the value.

An empty string stays empty (the server learns that a field is empty). A value that does not open
is damage or tampering: DatabaseDamaged, naming the column, never the value.
"""

from __future__ import annotations

import base64
import weakref
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from sqlalchemy import LargeBinary, String
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.types import TypeDecorator

from bibob_desk.store.ciphertext import BlindIndex, Sealer, _derive
from bibob_desk.store.errors import DatabaseDamaged

RANDOM, FIXED = "s1:", "d1:"


class TeamCipher:
    """The client's keys for one team database, all derived from the team key."""

    def __init__(self, team_key: bytes | bytearray) -> None:
        self.sealer = Sealer(team_key)
        self.index = BlindIndex(team_key)
        self._siv = AESSIV(_derive(team_key, b"gelijk-v1") + _derive(team_key, b"gelijk-v1b"))
        self.match_secret = _derive(team_key, b"overeenkomst-v1")  # the match keys' HMAC (network/keys)

    def seal(self, value: str, where: str) -> str:
        return RANDOM + self.sealer.seal(value, context=where)

    def equal(self, value: str, where: str) -> str:
        sealed = self._siv.encrypt(value.encode("utf-8"), [where.encode("utf-8")])
        return FIXED + base64.b64encode(sealed).decode("ascii")

    def open(self, stored: str, where: str) -> str:
        if stored.startswith(RANDOM):
            return self.sealer.open(stored[len(RANDOM) :], context=where)
        if stored.startswith(FIXED):
            try:
                plain = self._siv.decrypt(base64.b64decode(stored[len(FIXED) :]), [where.encode("utf-8")])
            except (InvalidTag, ValueError):
                raise DatabaseDamaged(f"versleutelde waarde past niet bij {where}") from None
            return plain.decode("utf-8")
        raise DatabaseDamaged(f"onversleutelde waarde in {where}")


_CIPHERS: weakref.WeakKeyDictionary[Dialect, TeamCipher] = weakref.WeakKeyDictionary()


def register(engine: Engine, cipher: TeamCipher) -> None:
    """From now on this engine's sealed columns are encrypted (each engine has its own dialect)."""
    _CIPHERS[engine.dialect] = cipher


def unregister(engine: Engine) -> None:
    _CIPHERS.pop(engine.dialect, None)


def cipher_of(bind: Any) -> TeamCipher | None:
    """The cipher of a connection, session or engine (None: values are stored as they are)."""
    dialect = bind.dialect if hasattr(bind, "dialect") else bind.get_bind().dialect
    return _CIPHERS.get(dialect)


def seal_value(bind: Any, value: str, where: str) -> str:
    """For a value outside a typed column (a draft in meta)."""
    cipher = cipher_of(bind)
    return value if cipher is None or not value else cipher.seal(value, where)


def open_value(bind: Any, stored: str, where: str) -> str:
    cipher = cipher_of(bind)
    return stored if cipher is None or not stored else cipher.open(stored, where)


class Sealed(TypeDecorator[str]):
    impl = String
    cache_ok = True

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        cipher = _CIPHERS.get(dialect)
        return value if cipher is None or not value else cipher.seal(value, self.where)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        cipher = _CIPHERS.get(dialect)
        return value if cipher is None or not value else cipher.open(value, self.where)


class Equal(Sealed):
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        cipher = _CIPHERS.get(dialect)
        return value if cipher is None or not value else cipher.equal(value, self.where)


class SealedBytes(TypeDecorator[bytes]):
    """An attachment's content: the bytes sealed as base64 text inside the same binary column."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where

    def process_bind_param(self, value: bytes | None, dialect: Dialect) -> bytes | None:
        cipher = _CIPHERS.get(dialect)
        if cipher is None or value is None:
            return value
        return cipher.seal(base64.b64encode(value).decode("ascii"), self.where).encode("ascii")

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> bytes | None:
        cipher = _CIPHERS.get(dialect)
        if cipher is None or value is None:
            return value
        return base64.b64decode(cipher.open(bytes(value).decode("ascii"), self.where))

"""Ciphertext on the server (issue 19, deliverable 2): what the team database stores of a case's
content is sealed on the client with AES-256-GCM under a key derived from the team key (which only
the key slots of team members hold, team_keys.py). The server can store, return and count rows,
never read them.

Search without names: the list filter asks for cases holding every trigram of a word. The server
holds, per case, keyed HMACs of the trigrams of its normalised search text (a *blind index*); the
client turns the words typed into the same HMACs. A hit is a candidate only (three trigrams can
occur apart), so the client opens the candidates' search text and keeps the real substring matches.
What the server learns: how many distinct trigrams a case has and which cases share one — not the
letters. Words shorter than three letters have no trigram: the client filters those itself.

Nothing here touches a connection; the repositories of the team backend use it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bibob_desk.domain.text import normalize_for_search
from bibob_desk.store.errors import DatabaseDamaged

GRAM = 3
TAG_BYTES = 8  # per trigram: collisions only add candidates, which the client drops


def _derive(team_key: bytes | bytearray, purpose: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"bibob-desk " + purpose)
    return hkdf.derive(bytes(team_key))


class Sealer:
    """Seals and opens text bound to where it belongs (`context`: table, column and row key, so a
    sealed value copied to another row or column does not open there)."""

    def __init__(self, team_key: bytes | bytearray) -> None:
        self._aead = AESGCM(_derive(team_key, b"inhoud-v1"))

    def seal(self, plaintext: str, *, context: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), context.encode("utf-8"))
        return base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, sealed: str, *, context: str) -> str:
        try:
            raw = base64.b64decode(sealed.encode("ascii"), validate=True)
            plain = self._aead.decrypt(raw[:12], raw[12:], context.encode("utf-8"))
        except (InvalidTag, ValueError) as error:
            # the context names a table and a row id, never a value
            raise DatabaseDamaged(
                f"versleutelde waarde past niet bij {context.split('|', maxsplit=1)[0]}"
            ) from error
        return plain.decode("utf-8")


def trigrams(text: str) -> set[str]:
    """The trigrams of every word of the normalised text (words of fewer than three letters: none)."""
    found: set[str] = set()
    for word in normalize_for_search(text).split():
        found.update(word[i : i + GRAM] for i in range(len(word) - GRAM + 1))
    return found


class BlindIndex:
    """Keyed HMACs of trigrams, the same for the same team key."""

    def __init__(self, team_key: bytes | bytearray) -> None:
        self._key = _derive(team_key, b"zoekindex-v1")

    def tag(self, gram: str) -> str:
        digest = hmac.new(self._key, gram.encode("utf-8"), hashlib.sha256).digest()
        return digest[:TAG_BYTES].hex()

    def terms(self, search_text: str) -> set[str]:
        """What the server stores for a case."""
        return {self.tag(g) for g in trigrams(search_text)}

    def query(self, words: str) -> tuple[set[str], list[str]]:
        """(the tags every hit must hold, the words too short for the index: the client checks them)."""
        tags: set[str] = set()
        short: list[str] = []
        for word in normalize_for_search(words).split():
            if len(word) < GRAM:
                short.append(word)
            else:
                tags |= {self.tag(word[i : i + GRAM]) for i in range(len(word) - GRAM + 1)}
        return tags, short

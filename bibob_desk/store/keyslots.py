"""Per-user key slots (KDBX/LUKS style) in a small JSON file beside the database.

A random 256-bit database key (DEK) is wrapped with AES-256-GCM under a key derived from the
user's password with Argon2id. The AAD binds db uuid, slot id, user and KDF parameters, so a
tag failure means "wrong password" and the database is never touched. Writes are atomic.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bibob_desk.store.errors import KeySlotsProblem, SealedChanged, WrongPassword
from bibob_desk.validation.password import normalize_password

FORMAT = "bibob-desk/keyslots@1"  # the AAD of every slot's database key (unchanged since @1)
FILE_FORMATS = ("bibob-desk/keyslots@1", "bibob-desk/keyslots@2")  # @2 adds the sealed signing keys
FILE_FORMAT = FILE_FORMATS[-1]


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. Product default m=256 MiB, t=3, p=2 (~0.9 s on a 2-core machine)."""

    memory_kib: int = 256 * 1024
    time_cost: int = 3
    parallelism: int = 2

    def derive(self, password: str, salt: bytes) -> bytes:
        secret = normalize_password(password).encode("utf-8")
        return hash_secret_raw(secret, salt, self.time_cost, self.memory_kib, self.parallelism, 32, Type.ID)


PRODUCT_KDF = KdfParams()
# The recovery key has 160 random bits, so the KDF only needs to be the OWASP minimum.
RECOVERY_KDF = KdfParams(memory_kib=19 * 1024, time_cost=2, parallelism=1)
RECOVERY = "*herstel*"  # not a valid user name, so it can never collide with an account


def new_recovery_key() -> str:
    """160 random bits as 8 groups of 4 base32 characters, e.g. 'K7QD-...'."""
    text = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, 32, 4))


def normalize_recovery_key(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


# Only tests and benchmarks pass this explicitly; nothing in the product selects it.
CHEAP_TEST_KDF = KdfParams(memory_kib=8 * 1024, time_cost=1, parallelism=1)


@dataclass
class KeySlot:
    id: str
    user: str
    salt: str
    nonce: str
    ciphertext: str
    kdf: dict[str, int]
    created: str
    state: str = "active"  # "pending" during key rotation (issue 7)
    # issue 17: the user's signing key (and for a beheerder or the recovery slot the organisation
    # key) sealed under the same password-derived key, with its own nonce (trust.Sealed as JSON)
    sealed_nonce: str = ""
    sealed: str = ""
    temporary: bool = False  # a password given by the beheerder: the user chooses his own first

    def _aad(self, db_uuid: str) -> bytes:
        k = self.kdf
        params = f"argon2id:{k['memory_kib']}:{k['time_cost']}:{k['parallelism']}"
        return f"{db_uuid}|{self.id}|{self.user}|{params}|{FORMAT}".encode()

    def _kek(self, password: str) -> bytes:
        return KdfParams(**self.kdf).derive(password, _b64d(self.salt))

    def unwrap(self, password: str, db_uuid: str) -> bytearray:
        return self.open(password, db_uuid)[0]

    def open(self, password: str, db_uuid: str) -> tuple[bytearray, bytes | None]:
        """(database key, sealed signing keys or None when the slot has none yet). WrongPassword
        when the password does not fit; SealedChanged when the key fits but the sealed part was
        changed by someone without the password."""
        kek = self._kek(password)
        try:
            dek = AESGCM(kek).decrypt(_b64d(self.nonce), _b64d(self.ciphertext), self._aad(db_uuid))
        except InvalidTag:
            raise WrongPassword() from None
        if not self.sealed:
            return bytearray(dek), None
        try:
            sealed = AESGCM(kek).decrypt(
                _b64d(self.sealed_nonce), _b64d(self.sealed), self._aad(db_uuid) + b"|sealed"
            )
        except (InvalidTag, ValueError):
            raise SealedChanged() from None
        return bytearray(dek), sealed

    def seal(self, password: str, db_uuid: str, sealed: bytes) -> None:
        """Put the signing keys in this slot, under the same password (checked first)."""
        kek = self._kek(password)
        try:
            AESGCM(kek).decrypt(_b64d(self.nonce), _b64d(self.ciphertext), self._aad(db_uuid))
        except InvalidTag:
            raise WrongPassword() from None
        nonce = secrets.token_bytes(12)
        self.sealed_nonce = _b64e(nonce)
        self.sealed = _b64e(AESGCM(kek).encrypt(nonce, sealed, self._aad(db_uuid) + b"|sealed"))


def _b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_slot(  # noqa: PLR0917 - the parts of one slot
    user: str,
    password: str,
    dek: bytes | bytearray,
    db_uuid: str,
    kdf: KdfParams,
    sealed: bytes | None = None,
    *,
    temporary: bool = False,
) -> KeySlot:
    salt = secrets.token_bytes(16)
    slot = KeySlot(
        id=str(uuid.uuid4()),
        user=user,
        salt=_b64e(salt),
        nonce="",
        ciphertext="",
        kdf=asdict(kdf),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        temporary=temporary,
    )
    nonce = secrets.token_bytes(12)
    kek = kdf.derive(password, salt)
    aad = slot._aad(db_uuid)
    slot.nonce = _b64e(nonce)
    slot.ciphertext = _b64e(AESGCM(kek).encrypt(nonce, bytes(dek), aad))
    if sealed is not None:
        sealed_nonce = secrets.token_bytes(12)
        slot.sealed_nonce = _b64e(sealed_nonce)
        slot.sealed = _b64e(AESGCM(kek).encrypt(sealed_nonce, sealed, aad + b"|sealed"))
    return slot


@dataclass
class KeySlotFile:
    db_uuid: str
    db_salt: str  # hex of the database file's first 16 bytes (SQLCipher salt)
    slots: list[KeySlot] = field(default_factory=list)

    @staticmethod
    def path_for(db_path: Path) -> Path:
        return db_path.with_name(db_path.name + ".keys")

    def find(self, user: str) -> KeySlot | None:
        wanted = user.casefold()
        if wanted == RECOVERY:
            return None  # the recovery slot never opens a session
        return self._find(wanted)

    def _find(self, wanted: str) -> KeySlot | None:
        return next((s for s in self.slots if s.user.casefold() == wanted and s.state == "active"), None)

    def recovery_slot(self) -> KeySlot | None:
        return self._find(RECOVERY)

    def set_recovery(self, dek: bytes | bytearray, sealed: bytes | None = None) -> str:
        """A new organisation recovery key (replacing any earlier one); returned once, never stored.
        `sealed` holds the organisation key and the recovery signing key (trust.py)."""
        key = new_recovery_key()
        self.slots = [s for s in self.slots if s.user != RECOVERY]
        self.slots.append(
            new_slot(RECOVERY, normalize_recovery_key(key), dek, self.db_uuid, RECOVERY_KDF, sealed)
        )
        return key

    def unlock(self, user: str, password: str) -> tuple[bytearray, bytes | None]:
        """(database key, sealed signing keys or None)."""
        slot = self.find(user)
        if slot is None:
            # Spend the same effort as a real attempt so the answer does not reveal the user.
            KdfParams().derive(password, secrets.token_bytes(16))
            raise WrongPassword()
        return slot.open(password, self.db_uuid)

    @classmethod
    def load(cls, path: Path) -> KeySlotFile:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise KeySlotsProblem("het bestand ontbreekt; zet het terug uit de back-up") from None
        except OSError:
            raise KeySlotsProblem("het bestand kan niet worden gelezen") from None
        try:
            data = json.loads(raw)
            if data.get("format") not in FILE_FORMATS:
                raise KeySlotsProblem("onbekend formaat")
            slots = [KeySlot(**s) for s in data["slots"]]
            return cls(db_uuid=str(data["db_uuid"]), db_salt=str(data["db_salt"]), slots=slots)
        except KeySlotsProblem:
            raise
        except (ValueError, KeyError, TypeError, AttributeError):
            raise KeySlotsProblem("het bestand is beschadigd") from None

    def save(self, path: Path) -> None:
        """Atomic: temp file in the same folder, fsync, os.replace, fsync of the folder."""
        payload = {
            "format": FILE_FORMAT,
            "db_uuid": self.db_uuid,
            "db_salt": self.db_salt,
            "slots": [asdict(s) for s in self.slots],
        }
        atomic_write(path, json.dumps(payload, indent=2).encode("utf-8"))


def atomic_write(path: Path, data: bytes) -> None:
    atomic_write_stream(path, lambda fh: fh.write(data))


def atomic_write_stream(
    path: Path,
    produce: Callable[[BinaryIO], object],
    before_rename: Callable[[str, int], None] | None = None,
) -> tuple[str, int]:
    """Write through `produce` into a temp file beside `path` (owner only), fsync, and rename it
    into place; returns (sha256, size), read back from the file. `before_rename(sha256, size)`
    runs while the file is still hidden (an export is audited before it exists)."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "w+b") as fh:
            produce(fh)
            fh.flush()
            os.fsync(fh.fileno())
            fh.seek(0)
            digest, size = hashlib.sha256(), 0
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        if before_rename is not None:
            before_rename(digest.hexdigest(), size)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return digest.hexdigest(), size

"""SQLCipher connections: the key first, then the pinned settings of reliability.md §(c).

The engine is built with a `creator`, so no passphrase ever appears in a URL, and the connection
is opened with `mode=rw` (or `rwc` only when creating) so SQLite never creates a database by
itself on an open error.
"""

from __future__ import annotations

import contextlib
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import QueuePool
from sqlcipher3 import dbapi2 as sqlcipher

from bibob_desk.store.errors import UnsupportedCrypto

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "afs",
        "9p",
        "ncpfs",
        "fuse.sshfs",
        "davfs",
        "fuse.davfs2",
        "glusterfs",
        "ceph",
        "lustre",
        "fuse.rclone",
    }
)
EXPECTED_CIPHER = {
    "cipher_page_size": "4096",
    "cipher_kdf_algorithm": "PBKDF2_HMAC_SHA512",
    "cipher_hmac_algorithm": "HMAC_SHA512",
}
JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024
CACHE_SIZE_KIB = 64 * 1024


def filesystem_type(path: Path) -> str:
    """The filesystem type of the mount holding `path` ('' when unknown, e.g. not Linux)."""
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    target = str(path.resolve())
    best, best_type = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def journal_mode_for(path: Path, probe: Callable[[Path], str] = filesystem_type) -> str:
    """WAL on a local disk; DELETE on a network filesystem (never WAL there, T18)."""
    return "DELETE" if probe(path.parent) in NETWORK_FILESYSTEMS else "WAL"


def _uri(path: Path, create: bool) -> str:
    return f"file:{urllib.parse.quote(str(path))}?mode={'rwc' if create else 'rw'}"


def raw_connect(path: Path, key: bytes | bytearray, *, create: bool = False) -> Any:
    """A keyed DB-API connection with every pinned setting applied (journal mode excepted)."""
    conn = sqlcipher.connect(_uri(path, create), uri=True, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
        conn.execute("PRAGMA cipher_compatibility = 4")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        _check_cipher(conn)
        for pragma in (
            "temp_store = MEMORY",
            "synchronous = FULL",
            "foreign_keys = ON",
            "secure_delete = ON",
            "busy_timeout = 5000",
            "trusted_schema = OFF",
            f"journal_size_limit = {JOURNAL_SIZE_LIMIT}",
            f"cache_size = -{CACHE_SIZE_KIB}",
        ):
            conn.execute(f"PRAGMA {pragma}")
        if conn.execute("PRAGMA temp_store").fetchone()[0] != 2:
            raise UnsupportedCrypto("temp_store kan niet op MEMORY worden gezet")
        with contextlib.suppress(AttributeError):
            conn.enable_load_extension(False)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_cipher(conn: Any) -> None:
    version = conn.execute("PRAGMA cipher_version").fetchone()
    if not version or not str(version[0]).startswith("4."):
        raise UnsupportedCrypto(f"SQLCipher {version[0] if version else '?'}")
    for pragma, expected in EXPECTED_CIPHER.items():
        value = conn.execute(f"PRAGMA {pragma}").fetchone()
        if value is None or str(value[0]) != expected:
            raise UnsupportedCrypto(f"{pragma} = {value[0] if value else '?'}")
    options = {row[0] for row in conn.execute("PRAGMA compile_options")}
    if not options & {"TEMP_STORE=2", "TEMP_STORE=3"}:
        raise UnsupportedCrypto("gebouwd zonder TEMP_STORE=2")


def make_engine(path: Path, key: bytearray, journal_mode: str) -> Engine:
    """An SQLAlchemy engine whose every pooled connection is keyed before first use.

    `key` is the caller's bytearray: when it is zeroed on lock, no new connection can be keyed.
    """

    def creator() -> Any:
        conn = raw_connect(path, key)
        mode = conn.execute(f"PRAGMA journal_mode = {journal_mode}").fetchone()[0]
        if str(mode).upper() != journal_mode:
            conn.close()
            raise UnsupportedCrypto(f"journal_mode {mode}")
        return conn

    return create_engine(
        "sqlite://",
        creator=creator,
        module=sqlcipher,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
        hide_parameters=True,
        echo=False,
    )

"""Backups: one archive with an encrypted copy of the database (VACUUM INTO, consistent while the app
is in use), the key slots and the audit anchors, plus a manifest with hashes. Restore goes into a new
location only, checks every hash, opens the copy with a password and runs the full check before it
is accepted; on any problem nothing is left behind."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy.exc
from sqlcipher3 import dbapi2 as sqlcipher

from bibob_desk import __version__
from bibob_desk.domain.errors import UserError
from bibob_desk.store import failed_unlocks
from bibob_desk.store.audit import anchor_path
from bibob_desk.store.connection import raw_connect
from bibob_desk.store.keyslots import KeySlotFile

if TYPE_CHECKING:
    from bibob_desk.store.store import Store

FORMAT = "bibob-desk/backup@1"
DB, KEYS, ANCHORS, MANIFEST = "database.db", "database.db.keys", "database.db.anker", "manifest.json"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    created_at: str
    audit_seq: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _backup_problem(folder: Path, error: Exception) -> UserError:
    """What went wrong writing a backup, in Dutch, with what to do; never a half file left behind."""
    text = str(getattr(error, "orig", error)).lower()  # may contain the path: match whole phrases only
    full = getattr(error, "errno", None) == errno.ENOSPC or "disk is full" in text
    if full:
        return UserError(
            "De schijf voor de back-up is vol. Maak ruimte vrij of kies een andere schijf en maak de "
            "back-up opnieuw; er is geen half bestand achtergebleven."
        )
    if (
        getattr(error, "errno", None) in (errno.EROFS, errno.EACCES, errno.EPERM)
        or not os.access(folder, os.W_OK)
        or ("readonly" in text or "read-only" in text or "unable to open" in text)
    ):
        return UserError(
            "In de map voor de back-up kan niet worden geschreven (alleen-lezen of geen schrijfrechten). "
            "Kies een andere map; er is geen half bestand achtergebleven."
        )
    return UserError(
        "De back-up kon niet worden geschreven; controleer de schijf en de map en probeer opnieuw. Er is "
        "geen half bestand achtergebleven."
    )


CHUNK = 1 << 20


def write_backup(
    store: Store, target: Path, *, between_chunks: Callable[[], None] | None = None
) -> BackupInfo:
    """``store`` is an open Store. The archive is written beside ``target`` and renamed into place.

    One streamed pass (issue 18): the database file itself — already encrypted, with the same key as
    the key slots in the archive — is read once into the archive member, stored (ciphertext does not
    compress), its hash and size computed on the way. It is read inside a read transaction begun
    right after a full WAL checkpoint, so the file holds every committed change and no checkpoint
    can write into it until the copy is done: the app keeps working, its writes go to the WAL.
    When the checkpoint cannot complete (a long reader), a VACUUM INTO copy is streamed instead.
    ``between_chunks``: called after every chunk (tests write while the copy runs)."""
    target = Path(target)
    if not target.parent.is_dir():
        raise UserError("De map voor de back-up bestaat niet.")
    work = target.with_name(f".{uuid.uuid4().hex}.backup")
    copy = target.with_name(f".{uuid.uuid4().hex}.db")
    try:
        # anchors first: every anchor then predates the copy, so the restored copy verifies
        anchors = anchor_path(store.path).read_bytes() if anchor_path(store.path).exists() else b""
        keys = KeySlotFile.path_for(store.path).read_bytes()
        fd = os.open(work, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw:
            with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
                with _snapshot(store, copy) as (source, size):
                    seq, _ = store.audit_head()
                    digest = _stream(source, size, archive, DB, between_chunks)
                created = datetime.now(UTC).isoformat(timespec="seconds")
                files = [{"name": DB, "sha256": digest, "size": size}]
                for name, data in ((KEYS, keys), (ANCHORS, anchors)):
                    files.append(
                        {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                    )
                manifest = {
                    "format": FORMAT,
                    "app_version": __version__,
                    "created_at": created,
                    "audit_head_seq": seq,
                    "files": files,
                }
                archive.writestr(KEYS, keys)
                archive.writestr(ANCHORS, anchors)
                archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(work, target)
    except (OSError, sqlalchemy.exc.OperationalError, sqlcipher.Error) as error:  # SQLite speaks too
        raise _backup_problem(target.parent, error) from None
    finally:
        for leftover in (work, copy):
            with contextlib.suppress(OSError):
                leftover.unlink()
    return BackupInfo(target, target.stat().st_size, created, seq)


@contextlib.contextmanager
def _snapshot(store: Store, copy: Path) -> Iterator[tuple[Path, int]]:
    """The file to stream and its size, consistent while the context lasts."""
    conn = raw_connect(store.path, store._key)
    conn.isolation_level = None  # we say when the read transaction begins
    try:
        wal = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"
        with store._writer:  # no write of this process between the checkpoint and the snapshot
            busy = wal and conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] != 0
            if not busy:
                conn.execute("BEGIN")
                conn.execute("SELECT count(*) FROM meta").fetchone()  # the read snapshot starts here
        if busy:  # a reader kept the checkpoint from finishing: a consistent copy, then stream that
            conn.execute("VACUUM INTO ?", (str(copy),))
            yield copy, copy.stat().st_size
            return
        if wal:  # writers go on in the WAL; no checkpoint can write the file while we read it
            yield store.path, store.path.stat().st_size
        else:  # rollback journal (network drive): our shared lock holds writers; make them wait here
            with store._writer:
                yield store.path, store.path.stat().st_size
    finally:
        with contextlib.suppress(Exception):
            conn.execute("ROLLBACK")
        conn.close()


def _stream(
    source: Path, size: int, archive: zipfile.ZipFile, name: str, between: Callable[[], None] | None
) -> str:
    """Copy `size` bytes of `source` into a stored archive member, hashing on the way."""
    digest = hashlib.sha256()
    info = zipfile.ZipInfo(name, date_time=datetime.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.file_size = size
    left = size
    with open(source, "rb") as handle, archive.open(info, "w", force_zip64=size > 0x7FFFFFFF) as member:
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                raise OSError(errno.EIO, "database shorter than expected")
            digest.update(chunk)
            member.write(chunk)
            left -= len(chunk)
            if between is not None:
                between()
    return digest.hexdigest()


def extract_backup(archive_path: Path, db: Path) -> dict:
    """Put the files of a backup at ``db`` (+ .keys, .anker) after checking every hash. Refuses when
    anything already exists there. Returns the manifest. The caller verifies by opening the copy."""
    db = Path(db)
    targets = {DB: db, KEYS: KeySlotFile.path_for(db), ANCHORS: anchor_path(db)}
    if any(p.exists() for p in targets.values()):
        raise UserError(
            "Op die plek staat al een database; kies een nieuwe map of naam (er wordt niets overschreven)."
        )
    if not db.parent.is_dir():
        raise UserError("De map voor de teruggezette database bestaat niet.")
    try:
        archive = zipfile.ZipFile(archive_path)
    except (OSError, zipfile.BadZipFile):
        raise UserError("Dit is geen leesbare back-up van bibob-desk.") from None
    written: list[Path] = []
    try:
        with archive:
            try:
                manifest = json.loads(archive.read(MANIFEST))
                files = {f["name"]: f for f in manifest["files"]}
            except (KeyError, ValueError, TypeError):
                raise UserError("De back-up heeft geen geldig manifest.") from None
            if manifest.get("format") != FORMAT or DB not in files or KEYS not in files:
                raise UserError("Dit is geen back-up van bibob-desk (of een nieuwere versie).")
            for name, target in targets.items():
                if name not in files:
                    continue
                digest = hashlib.sha256()
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                written.append(target)
                with archive.open(name) as source, os.fdopen(fd, "wb") as out:
                    while chunk := source.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
                    out.flush()
                    os.fsync(out.fileno())
                if digest.hexdigest() != files[name]["sha256"]:
                    raise UserError(f"De back-up is beschadigd: {name} klopt niet met het manifest.")
    except UserError:
        _remove(written)
        raise
    except (OSError, zipfile.BadZipFile, KeyError, EOFError):
        _remove(written)
        raise UserError("De back-up kon niet worden teruggezet (beschadigd of schijf vol).") from None
    return manifest


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def remove_restored(db: Path) -> None:
    """Undo ``extract_backup`` when the restored copy does not verify."""
    _remove([db, KeySlotFile.path_for(db), anchor_path(db), failed_unlocks.path_for(db)])

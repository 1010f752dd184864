"""The Store: create or open an encrypted database, hand out units of work, check, lock.

Open order (reliability.md §c): refuse what is not ours -> key slot (wrong password is found here,
before the database is touched) -> single-instance lock -> keyed connection with pinned settings ->
quick_check -> migrations. Nothing on this path ever creates, recreates or overwrites a file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from bibob_desk.domain.accounts import CheckReport, CurrentUser
from bibob_desk.domain.enums import Role
from bibob_desk.domain.model import Case
from bibob_desk.store import audit, failed_unlocks, migrations, rotation
from bibob_desk.store.connection import journal_mode_for, make_engine, raw_connect
from bibob_desk.store.errors import (
    AlreadyExists,
    DatabaseDamaged,
    DatabaseInUse,
    DatabaseMissing,
    DiskFull,
    KeyFileMismatch,
    NotADatabase,
    StoreError,
    StoreLocked,
    WrongPassword,
)
from bibob_desk.store.instance_lock import InstanceLock
from bibob_desk.store.keyslots import (
    PRODUCT_KDF,
    KdfParams,
    KeySlotFile,
    atomic_write,
    new_slot,
    normalize_recovery_key,
)
from bibob_desk.store.repository import (
    ApprovalRepository,
    AssessmentRepository,
    AttachmentRepository,
    CaseRepository,
    DraftRepository,
    MatchJudgementRepository,
    ResilienceScanRepository,
    SettingsRepository,
    SignalRepository,
    UserRepository,
)
from bibob_desk.store.revision_repository import RevisionRepository

SQLITE_HEADER = b"SQLite format 3\x00"


def _first_page_opens(engine: Any, path: Path) -> None:
    """The first read with this key: if even page 1 does not decrypt, the key slot file does not
    belong to this database (or page 1 is damaged) — said as such, not as plain damage."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except DBAPIError as exc:
        if "not a database" in str(getattr(exc, "orig", exc)).lower():
            raise KeyFileMismatch(KeySlotFile.path_for(path).name) from None
        raise


def translate_db_error(exc: DBAPIError) -> StoreError:
    """Map a raw SQLite error to its Dutch message; never leaks SQL or parameters."""
    text_ = str(getattr(exc, "orig", exc)).lower()
    if "disk is full" in text_ or "disk i/o error" in text_:
        return DiskFull()
    if "database is locked" in text_ or "database is busy" in text_:
        return DatabaseInUse()
    if "not a database" in text_ or "malformed" in text_ or "hmac" in text_:
        return DatabaseDamaged()
    return StoreError("De database gaf een onverwachte fout; de wijziging is niet opgeslagen.")


class Transaction:
    """One unit of work: repositories on a shared session plus the audit writer."""

    def __init__(self, session: Session, store: Store) -> None:
        self.session = session
        self.cases = CaseRepository(session)
        self.users = UserRepository(session)
        self.settings = SettingsRepository(session)
        self.assessments = AssessmentRepository(session)
        self.attachments = AttachmentRepository(session)
        self.approvals = ApprovalRepository(session)
        self.drafts = DraftRepository(session)
        self.judgements = MatchJudgementRepository(session)
        self.signals = SignalRepository(session)
        self.scans = ResilienceScanRepository(session)
        self.revisions = RevisionRepository(session)
        self._store = store

    def save_case(self, case: Case, *, reason: str = "", expected: int | None = None) -> int | None:
        """The changed case as a new version, its revision signed by the user of this session
        (who, when, why, field-level diff). None when nothing changed."""
        return self.cases.update(case, actor=self._store.user.username, reason=reason, expected=expected)

    def audit(self, action: str, obj: str = "", result: str = "ok") -> None:
        audit.append(
            self.session,
            self._store.audit_key,
            actor=self._store.user.username,
            action=action,
            obj=obj,
            result=result,
        )


def _refuse_foreign(path: Path) -> None:
    if path.is_dir():
        raise NotADatabase("het pad is een map")
    if not path.exists():
        raise DatabaseMissing()
    size = path.stat().st_size
    if size == 0:
        raise NotADatabase("het bestand is leeg")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head == SQLITE_HEADER:
        raise NotADatabase("het is een onversleutelde SQLite-database")
    if size < 512:
        raise NotADatabase("het bestand is te klein")


CHECK_AT_OPEN_MAX_BYTES = 64 * 1024 * 1024
"""quick_check reads the whole file (~90 MB/s with decryption here). At open it runs when the previous
session did not close cleanly (T19) or the file is at most this size; a larger database opened after a
clean close is checked in the background instead (issue 8: 100,000 cases = 1.1 GB = 12.6 s). Every page
read still verifies its HMAC, so damage is never read silently."""


def _quick_check(conn: Connection) -> None:
    try:
        quick = [r[0] for r in conn.execute(text("PRAGMA quick_check"))]
    except DBAPIError:  # a page that fails its HMAC stops the check itself
        raise DatabaseDamaged("quick_check") from None
    if quick != ["ok"]:
        raise DatabaseDamaged("quick_check")


class Store:
    def __init__(
        self, path: Path, engine: Engine, key: bytearray, lock: InstanceLock, user: CurrentUser
    ) -> None:
        self.path = path
        self._engine: Engine | None = engine
        self._key = key
        self._lock = lock
        self.user = user
        self.audit_key = audit.audit_key(key)
        self._writer = threading.RLock()
        self.recovery_key: str | None = None
        self.check_pending = False  # a large database opened after a clean close: check_structure() later
        self._checking: Any = None  # the connection of a running check_structure (to interrupt)
        self._closing = False

    # -- lifecycle ---------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path,
        *,
        username: str,
        display_name: str,
        password: str,
        kdf: KdfParams = PRODUCT_KDF,
    ) -> Store:
        """A new database with one beheerder. Refuses when anything is already there."""
        path = Path(path)
        keys_path = KeySlotFile.path_for(path)
        if path.exists() or keys_path.exists():
            raise AlreadyExists()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = bytearray(secrets.token_bytes(32))
        db_uuid = str(uuid.uuid4())
        staging = path.with_name(f".{path.name}.{db_uuid[:8]}.creating")
        try:
            conn = raw_connect(staging, key, create=True)
            try:
                conn.execute("PRAGMA journal_mode = DELETE")
                conn.execute("CREATE TABLE _probe (x INTEGER)")
                conn.execute("DROP TABLE _probe")
                conn.commit()
            finally:
                conn.close()
            os.chmod(staging, 0o600)  # WAL and SHM files inherit these permissions
            with staging.open("rb") as fh:
                salt = fh.read(16).hex()
            slots = KeySlotFile(db_uuid=db_uuid, db_salt=salt)
            slots.slots.append(new_slot(username.casefold(), password, key, db_uuid, kdf))
            recovery = slots.set_recovery(key)
            slots.save(keys_path)
            staging.replace(path)
        finally:
            staging.unlink(missing_ok=True)
        store = cls._connect(path, key, username.casefold(), initialise=(db_uuid, display_name))
        store.recovery_key = recovery  # shown once by the caller, then forgotten
        return store

    @classmethod
    def recover(
        cls, path: Path, *, recovery_key: str, username: str, new_password: str, kdf: KdfParams = PRODUCT_KDF
    ) -> Store:
        """Forgotten password: the organisation recovery key unwraps the database key, the user gets
        a new slot for the new password. Audited as 'wachtwoord.hersteld'."""
        path = Path(path)
        _refuse_foreign(path)
        keys_path = KeySlotFile.path_for(path)
        slots = KeySlotFile.load(keys_path)
        slot = slots.recovery_slot()
        if slot is None:
            raise StoreError("Deze database heeft geen herstelsleutel.")
        try:
            key = slot.unwrap(normalize_recovery_key(recovery_key), slots.db_uuid)
        except WrongPassword:
            failed_unlocks.record(path)
            raise StoreError("Herstelsleutel onjuist.") from None
        store = cls._connect(path, key, username.casefold())
        name = store.user.username
        slots.slots = [s for s in slots.slots if s.user != name]
        slots.slots.append(new_slot(name, new_password, store._key, slots.db_uuid, kdf))
        with store.transaction() as tx:
            tx.audit("wachtwoord.hersteld", "")
            tx.session.flush()
            slots.save(keys_path)
        return store

    @classmethod
    def _connect_after_rotation(
        cls, path: Path, slots: KeySlotFile, key: bytearray, username: str, password: str
    ) -> Store:
        """Open normally; if a key rotation was interrupted, finish it or roll it back (rotation.py)."""
        interrupted = any(s.state == "pending" for s in slots.slots)
        try:
            store = cls._connect(path, key, username)
        except DatabaseDamaged:
            if not interrupted:
                raise
            mine = next((s for s in slots.slots if s.state == "pending" and s.user == username), None)
            if mine is None:
                raise StoreError(
                    "Een sleutelwissel is onderbroken. Laat eerst de beheerder aanmelden "
                    "die de wissel startte."
                ) from None
            store = cls._connect(path, mine.unwrap(password, slots.db_uuid), username)
            dropped = rotation.finalise(slots)
            store.recovery_key = slots.set_recovery(store._key)  # the one made in step A was never shown
            slots.save(KeySlotFile.path_for(path))
            with store.transaction() as tx:
                tx.audit("sleutel.geroteerd", f"afgerond_na_onderbreking;opnieuw_instellen:{len(dropped)}")
            return store
        if interrupted and rotation.roll_back(slots):
            slots.save(KeySlotFile.path_for(path))
            with store.transaction() as tx:
                tx.audit("sleutel.rotatie_teruggedraaid", "")
        return store

    def rotate_key(self, password: str, kdf: KdfParams = PRODUCT_KDF) -> tuple[str, list[str]]:
        """A new database key. Returns the new recovery key (show once) and the users whose access
        must be set again by the beheerder (their slots wrapped the old key)."""
        keys_path = KeySlotFile.path_for(self.path)
        slots = KeySlotFile.load(keys_path)
        mine = slots.find(self.user.username)
        if mine is None:
            raise StoreError("Voor dit account is geen sleutel gevonden.")
        check = mine.unwrap(password, slots.db_uuid)  # WrongPassword when it is not the own password
        for i in range(len(check)):
            check[i] = 0
        with self.engine.begin() as conn:
            rotation.pin_audit_key(conn, self.audit_key)
        with self.transaction() as tx:
            tx.audit("sleutel.rotatie_gestart", "")
        new_key = rotation.new_database_key()
        recovery = rotation.add_pending(slots, self.user.username, password, new_key, kdf)
        slots.save(keys_path)  # A
        with self._writer:
            self.engine.dispose()
            rotation.rekey(self.path, self._key, new_key)  # B
            self._key[:] = new_key  # the engine's connections are keyed from this same bytearray
            for i in range(len(new_key)):
                new_key[i] = 0
        dropped = rotation.finalise(slots)
        slots.save(keys_path)  # C
        with self.transaction() as tx:
            tx.audit("sleutel.geroteerd", f"opnieuw_instellen:{len(dropped)}")
        self.write_anchor()
        return recovery, dropped

    def set_password_for(self, username: str, password: str, kdf: KdfParams = PRODUCT_KDF) -> None:
        """The beheerder gives an existing, active account a (temporary) password: a new slot."""
        keys_path = KeySlotFile.path_for(self.path)
        slots = KeySlotFile.load(keys_path)
        name = username.casefold()
        with self.transaction() as tx:
            row = tx.users.get(name)
            if row is None or not row.active:
                raise StoreError("Deze gebruiker bestaat niet of is verwijderd.")
            tx.audit("wachtwoord.ingesteld_door_beheerder", "")
            slots.slots = [s for s in slots.slots if s.user != name]
            slots.slots.append(new_slot(name, password, self._key, slots.db_uuid, kdf))
            tx.session.flush()
            slots.save(keys_path)

    def new_recovery_key(self) -> str:
        """Replace the organisation recovery key; the old one stops working. Returned once."""
        keys_path = KeySlotFile.path_for(self.path)
        slots = KeySlotFile.load(keys_path)
        key = slots.set_recovery(self._key)
        with self.transaction() as tx:
            tx.audit("herstelsleutel.vernieuwd", "")
            tx.session.flush()
            slots.save(keys_path)
        return key

    @classmethod
    def open(cls, path: Path, *, username: str, password: str) -> Store:
        path = Path(path)
        _refuse_foreign(path)
        slots = KeySlotFile.load(KeySlotFile.path_for(path))
        time.sleep(failed_unlocks.delay_seconds(failed_unlocks.count(path)))  # growing, never a lockout
        try:
            key = slots.unlock(username, password)
        except WrongPassword:
            failed_unlocks.record(path)
            raise
        with path.open("rb") as fh:
            if fh.read(16).hex() != slots.db_salt:
                raise NotADatabase("het bestand hoort niet bij dit sleutelbestand")
        store = cls._connect_after_rotation(path, slots, key, username.casefold(), password)
        failures = failed_unlocks.take(path)
        if failures:
            with store.transaction() as tx:
                for moment in failures:
                    tx.audit("aanmelden.mislukt", f"tijd:{moment}", result="geweigerd")
        return store

    @classmethod
    def _connect(
        cls, path: Path, key: bytearray, username: str, initialise: tuple[str, str] | None = None
    ) -> Store:
        lock = InstanceLock(path)
        lock.acquire(username)
        engine = None
        try:
            engine = make_engine(path, key, journal_mode_for(path))
            if initialise is None:
                _first_page_opens(engine, path)
            with engine.begin() as conn:
                if initialise is not None:
                    migrations.initialise(conn, initialise[0])
                check_now = lock.unclean_before or path.stat().st_size <= CHECK_AT_OPEN_MAX_BYTES
                if check_now:
                    _quick_check(conn)
                migrations.upgrade(conn)
                pinned = rotation.pinned_audit_key(conn)
            user = cls._load_user(engine, username, key, initialise)
            store = cls(path, engine, key, lock, user)
            store.check_pending = not check_now
            if pinned is not None:  # kept through key rotations (rotation.py)
                store.audit_key = pinned
            return store
        except DBAPIError as exc:
            if engine is not None:
                engine.dispose()
            lock.release()
            raise translate_db_error(exc) from None
        except BaseException:
            if engine is not None:
                engine.dispose()
            lock.release()
            raise

    @staticmethod
    def _load_user(
        engine: Engine, username: str, key: bytearray, initialise: tuple[str, str] | None
    ) -> CurrentUser:
        with Session(engine) as session:
            users = UserRepository(session)
            if initialise is not None:
                users.add(username, initialise[1], Role.BEHEERDER)
                user = CurrentUser(username, initialise[1], Role.BEHEERDER)
                audit.append(
                    session,
                    audit.audit_key(key),
                    actor=username,
                    action="database.aangemaakt",
                    obj="",
                    result="ok",
                )
                session.commit()
                return user
            row = users.get(username)
            if row is None or not row.active:
                raise StoreError("Dit account is niet (meer) actief in deze database.")
            return CurrentUser(row.username, row.display_name, Role(row.role))

    def cipher_version(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.execute(text("PRAGMA cipher_version")).scalar_one())

    def check_structure(self) -> None:
        """PRAGMA quick_check (reads every page, so every page's HMAC too). Raises DatabaseDamaged.
        The GUI runs it in the background after unlocking a large database (check_pending); closing
        the store interrupts it (StoreLocked), so locking or quitting never waits for it."""
        with self.engine.connect() as conn:
            self._checking = conn.connection.dbapi_connection
            try:
                _quick_check(conn)
            except (DatabaseDamaged, DBAPIError) as error:
                if self._closing:  # interrupted by close(): not damage
                    raise StoreLocked() from None
                if isinstance(error, DBAPIError):
                    raise translate_db_error(error) from None
                raise
            finally:
                self._checking = None
        self.check_pending = False

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    def close(self) -> None:
        """Lock: anchor the audit head outside the database, dispose the engine (0 pooled
        connections), zero the key, release the lock."""
        self._closing = True
        checking = self._checking
        if checking is not None:
            with contextlib.suppress(Exception):
                checking.interrupt()
        if self._engine is not None:
            with contextlib.suppress(StoreError, DBAPIError):  # a damaged file still closes
                self.write_anchor()
            self._engine.dispose()
            self._engine = None
        for i in range(len(self._key)):
            self._key[i] = 0
        self.audit_key = b""
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- units of work -----------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise StoreLocked()
        return self._engine

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        try:
            # one writer at a time within the process: the audit sequence is read and extended
            # inside the transaction (a background backup or a worker thread must not interleave)
            with self._writer, Session(self.engine, expire_on_commit=False) as session:
                yield Transaction(session, self)
                session.commit()
        except DBAPIError as exc:
            raise translate_db_error(exc) from None

    # -- users ---------------------------------------------------------------------------
    def add_user(
        self,
        username: str,
        display_name: str,
        role: Role,
        password: str,
        kdf: KdfParams = PRODUCT_KDF,
    ) -> None:
        """A users row and a key slot wrapping the same database key."""
        keys_path = KeySlotFile.path_for(self.path)
        slots = KeySlotFile.load(keys_path)
        if slots.find(username) is not None:
            raise StoreError("Voor deze gebruikersnaam bestaat al een sleutel.")
        with self.transaction() as tx:
            tx.users.add(username, display_name, role)
            tx.audit("gebruiker.toegevoegd", f"rol:{role.value}")
            slots.slots.append(new_slot(username.casefold(), password, self._key, slots.db_uuid, kdf))
            tx.session.flush()
            slots.save(keys_path)

    def change_password(self, old: str, new: str, kdf: KdfParams = PRODUCT_KDF) -> None:
        """Re-wrap the database key for the signed-in user; the database itself is untouched."""
        keys_path = KeySlotFile.path_for(self.path)
        slots = KeySlotFile.load(keys_path)
        current = slots.find(self.user.username)
        if current is None:
            raise StoreError("Voor dit account is geen sleutel gevonden.")
        unwrapped = current.unwrap(old, slots.db_uuid)  # raises WrongPassword
        for i in range(len(unwrapped)):
            unwrapped[i] = 0
        replacement = new_slot(self.user.username, new, self._key, slots.db_uuid, kdf)
        slots.slots = [replacement if s is current else s for s in slots.slots]
        with self.transaction() as tx:
            tx.audit("wachtwoord.gewijzigd", "")
            tx.session.flush()
            slots.save(keys_path)

    def remove_user(self, username: str) -> None:
        """Deactivate the account and delete its key slot. Copies of the old key file (backups)
        still open the database for that password until the key is rotated (SECURITY.md)."""
        keys_path = KeySlotFile.path_for(self.path)
        slots = KeySlotFile.load(keys_path)
        with self.transaction() as tx:
            if not tx.users.deactivate(username):
                raise StoreError("Deze gebruiker bestaat niet of is al verwijderd.")
            tx.audit("gebruiker.verwijderd", "")
            slots.slots = [s for s in slots.slots if s.user.casefold() != username.casefold()]
            tx.session.flush()
            slots.save(keys_path)

    def audit_head(self) -> tuple[int, str]:
        """(sequence number, MAC) of the newest audit row: the anchor printed on exports."""
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1")).fetchone()
        return (int(row[0]), str(row[1])) if row else (0, audit.GENESIS)

    def write_anchor(self) -> None:
        """Append the current audit head to ``<db>.anker`` (at lock and after every export)."""
        seq, mac = self.audit_head()
        if seq:
            audit.write_anchor(self.path, self.audit_key, seq, mac)

    def audit_entries(self, *, limit: int = 200, action: str = "", actor: str = "") -> list[audit.AuditEntry]:
        with Session(self.engine) as session:
            return audit.entries(session, limit=limit, action=action, actor=actor)

    def verify_audit(self) -> audit.Verification:
        with Session(self.engine) as session:
            return audit.verify(session, self.audit_key, self.path)

    # -- checks ----------------------------------------------------------------------------
    def check(self, *, full: bool = True) -> CheckReport:
        report = CheckReport()
        try:
            with self.engine.connect() as conn:
                report.quick_check = [r[0] for r in conn.execute(text("PRAGMA quick_check"))]
                if full:
                    report.integrity_check = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
                    report.cipher_integrity_check = [
                        str(r[0]) for r in conn.execute(text("PRAGMA cipher_integrity_check"))
                    ]
            report.audit_first_broken = self.verify_audit().first_broken
        except OperationalError as exc:
            raise translate_db_error(exc) from None
        return report


__all__ = ["CheckReport", "CurrentUser", "Store", "Transaction", "atomic_write"]

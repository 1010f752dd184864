"""The Store: create or open an encrypted database, hand out units of work, check, lock.

Accounts, signed statements and the unlock checks are in store_accounts.py (a mixin).

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from bibob_desk.domain.accounts import CheckReport, CurrentUser
from bibob_desk.domain.enums import Role
from bibob_desk.domain.model import Case
from bibob_desk.store import (
    audit,
    failed_unlocks,
    migrations,
    projection_check,
    projections,
    rotation,
    signing,
    trust,
)
from bibob_desk.store.connection import journal_mode_for, make_engine, raw_connect
from bibob_desk.store.errors import (
    AlreadyExists,
    DatabaseDamaged,
    DatabaseInUse,
    DatabaseMissing,
    DiskFull,
    KeyFileMismatch,
    NotADatabase,
    PasswordChangeRequired,
    StoreError,
    StoreLocked,
    WrongPassword,
)
from bibob_desk.store.instance_lock import InstanceLock
from bibob_desk.store.keyslots import (
    PRODUCT_KDF,
    RECOVERY,
    KdfParams,
    KeySlotFile,
    atomic_write,
    new_slot,
    normalize_recovery_key,
)
from bibob_desk.store.projections import NamePools, Projections, terms_of
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
from bibob_desk.store.store_accounts import AccountsMixin
from bibob_desk.workflow.terms import TermSettings

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
        self._projections: Projections | None = None
        self.cases = CaseRepository(session, lambda: self.projections)
        self.users = UserRepository(session)
        self.settings = SettingsRepository(session)
        self.assessments = AssessmentRepository(session)
        self.attachments = AttachmentRepository(session)
        self.approvals = ApprovalRepository(session)
        self.drafts = DraftRepository(session)
        self.judgements = MatchJudgementRepository(session, lambda: self.projections)
        self.signals = SignalRepository(session)
        self.scans = ResilienceScanRepository(session)
        self.revisions = RevisionRepository(session)
        self._store = store
        self._pending: list[tuple[str, str, str]] = []
        self._records: list[Any] = []
        event.listen(session, "after_flush", self._collect)

    @property
    def projections(self) -> Projections:
        """The derived tables (issue 18) on this unit of work's connection, written with the
        store's date and the term settings file with the stored LBB reading (what the workflow
        service uses; a difference shows as another fingerprint and is computed again)."""
        if self._projections is None:
            self._projections = Projections(
                self.session.connection(), self._store.today(), pools=self._store.name_pools
            )
        return self._projections

    def projections_on(self, today: date, settings: TermSettings) -> Projections:
        """The derived tables as the workflow service sees them: its date and term settings."""
        return Projections(self.session.connection(), today, terms_of(settings), self._store.name_pools)

    def _collect(self, session: Session, _context: object) -> None:
        self._records.extend(o for o in session.new if isinstance(o, trust.TRACKED))

    def save_case(self, case: Case, *, reason: str = "", expected: int | None = None) -> int | None:
        """The changed case as a new version, its revision signed by the user of this session
        (who, when, why, field-level diff). None when nothing changed."""
        return self.cases.update(case, actor=self._store.user.username, reason=reason, expected=expected)

    def audit(self, action: str, obj: str = "", result: str = "ok") -> None:
        """An audit row of this unit of work; written, chained and signed when it commits."""
        self._pending.append((action, obj, result))

    def finish(self) -> None:
        """Before commit: every audit row, signed by this session's user; the last one names the
        revisions, approvals and statements this unit of work wrote, with their digests."""
        self.session.flush()
        records, self._records = self._records, []
        if records and not self._pending:
            self._pending.append(("gegevens.vastgelegd", "", "ok"))
        pending, self._pending = self._pending, []
        self._store._before_audit(self)
        keys = self._store.keys
        previous = None  # the row just appended: the next one chains on it without a lookup
        rows = []
        for number, (action, obj, result) in enumerate(pending, start=1):
            previous = audit.append(
                self.session,
                self._store.audit_key,
                actor=self._store.user.username,
                action=action,
                obj=obj,
                result=result,
                signer=keys.sign if keys is not None else None,
                record=trust.refs_of(records) if number == len(pending) else "",
                after=previous,
                add=keys is None,  # before migration 12 append writes the row itself
            )
            rows.append(previous)
        if keys is not None:
            audit.insert_rows(self.session, rows)
        self.session.flush()


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


class Store(AccountsMixin):
    shared = False  # a team database (team_store.py) has several writers at once

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
        self.keys: trust.Keys | None = None  # this session's signing keys (issue 17)
        self.clock_behind: str | None = None  # T28: the newest audit time, when the clock is behind it
        self._last_seen = date.min
        self.trust_state = trust.TrustState()
        self.db_uuid = ""
        self.name_pools = NamePools()  # the fuzzy lookup's names, read once per session (issue 18)

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
            org = trust.new_key()
            keys = trust.Keys(trust.new_key(), org, trust.fingerprint(trust.public_b64(org)))
            recovery_sign = trust.new_key()
            slots = KeySlotFile(db_uuid=db_uuid, db_salt=salt)
            slots.slots.append(new_slot(username.casefold(), password, key, db_uuid, kdf, keys.seal()))
            recovery = slots.set_recovery(key, trust.Keys(recovery_sign, org, keys.org_fpr).seal())
            slots.save(keys_path)
            staging.replace(path)
        finally:
            staging.unlink(missing_ok=True)
        store = cls._connect(
            path, key, username.casefold(), initialise=(db_uuid, display_name), founder=(keys, recovery_sign)
        )
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
            key, sealed = slot.open(normalize_recovery_key(recovery_key), slots.db_uuid)
        except WrongPassword:
            failed_unlocks.record(path)
            raise StoreError("Herstelsleutel onjuist.") from None
        if sealed is None:
            raise StoreError(
                "Deze herstelsleutel is van vóór de ondertekening en kan geen nieuwe sleutel bevestigen. "
                "Laat een beheerder uw wachtwoord opnieuw instellen en daarna een nieuwe herstelsleutel "
                "maken."
            )
        rescue = trust.Keys.unseal(sealed)
        assert rescue.org is not None
        store = cls._connect(path, key, username.casefold())
        try:
            store.refresh_trust_with(rescue.org_fpr)
            name = store.user.username
            account = store.trust_state.accounts.get(name)
            if account is None or not account.active:
                raise StoreError("Dit account is niet (meer) actief in deze database.")
            store.keys = trust.Keys(
                trust.new_key(), rescue.org if account.role == Role.BEHEERDER.value else None, rescue.org_fpr
            )
            slots.slots = [s for s in slots.slots if s.user != name]
            slots.slots.append(
                new_slot(name, new_password, store._key, slots.db_uuid, kdf, store.keys.seal())
            )
            with store.transaction() as tx:
                signing.account(
                    tx.session,
                    rescue.org,
                    username=name,
                    role=account.role,
                    public_key=store.keys.public,
                    active=True,
                    by=RECOVERY,
                    recovery_sign=rescue.sign,
                )
                tx.audit("wachtwoord.hersteld", "")
                tx.session.flush()
                slots.save(keys_path)
            store.refresh_trust()
            store.user = CurrentUser(name, store.user.display_name, Role(account.role))
        except BaseException:
            store.close(anchor=False)
            raise
        return store

    @classmethod
    def _connect_after_rotation(
        cls,
        path: Path,
        slots: KeySlotFile,
        key: bytearray,
        username: str,
        password: str,
        *,
        sealed: bytes | None = None,
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
            new_key, sealed = mine.open(password, slots.db_uuid)
            store = cls._connect(path, new_key, username)
            store.keys = trust.Keys.unseal(sealed) if sealed is not None else None
            dropped = rotation.finalise(slots)
            org = store.keys.org if store.keys is not None else None
            recovery_sign = trust.new_key()
            rescue = trust.Keys(recovery_sign, org, store.keys.org_fpr).seal() if store.keys and org else None
            store.recovery_key = slots.set_recovery(store._key, rescue)  # step A's was never shown
            slots.save(KeySlotFile.path_for(path))
            with store.transaction() as tx:
                if org is not None:
                    signing.recovery(tx.session, org, recovery_sign, username)
                tx.audit("sleutel.geroteerd", f"afgerond_na_onderbreking;opnieuw_instellen:{len(dropped)}")
            return store
        store.keys = trust.Keys.unseal(sealed) if sealed is not None else None
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
        org = self._org_key()
        recovery_sign = trust.new_key()
        sealed = (
            self.keys.seal() if self.keys else None,
            trust.Keys(recovery_sign, org, self._org_fpr()).seal(),
        )
        recovery = rotation.add_pending(slots, self.user.username, password, new_key, kdf, sealed=sealed)
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
            signing.recovery(tx.session, org, recovery_sign, self.user.username)
            tx.audit("sleutel.geroteerd", f"opnieuw_instellen:{len(dropped)}")
        self.refresh_trust()
        self.write_anchor()
        return recovery, dropped

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        username: str,
        password: str,
        new_password: str | None = None,
        accept_older_copy: bool = False,
        kdf: KdfParams = PRODUCT_KDF,
    ) -> Store:
        """Unlock. A temporary password (given by the beheerder) needs `new_password`; the signed
        account must match the database (P2); the per-user anchor must be in the log (P4)."""
        path = Path(path)
        _refuse_foreign(path)
        slots = KeySlotFile.load(KeySlotFile.path_for(path))
        time.sleep(failed_unlocks.delay_seconds(failed_unlocks.count(path)))  # growing, never a lockout
        try:
            key, sealed = slots.unlock(username, password)
        except WrongPassword:
            failed_unlocks.record(path)
            raise
        slot = slots.find(username)
        if slot is not None and slot.temporary and new_password is None:
            raise PasswordChangeRequired()
        if new_password is not None and new_password == password:
            raise StoreError("Kies een eigen wachtwoord dat anders is dan het tijdelijke.")
        with path.open("rb") as fh:
            if fh.read(16).hex() != slots.db_salt:
                raise NotADatabase("het bestand hoort niet bij dit sleutelbestand")
        store = cls._connect_after_rotation(path, slots, key, username.casefold(), password, sealed=sealed)
        try:
            store._establish_trust(slots, password, store.keys, new_password, kdf)
            store._check_local_anchor(accept_older_copy)
        except BaseException:
            store.close(anchor=False)
            raise
        store._check_clock()
        failures = failed_unlocks.take(path)
        if failures:
            with store.transaction() as tx:
                for moment in failures:
                    tx.audit("aanmelden.mislukt", f"tijd:{moment}", result="geweigerd")
        store.write_local_anchor()
        return store

    @classmethod
    def _connect(
        cls,
        path: Path,
        key: bytearray,
        username: str,
        initialise: tuple[str, str] | None = None,
        founder: tuple[trust.Keys, Any] | None = None,
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
            user = cls._load_user(engine, username, key, initialise, founder)
            store = cls(path, engine, key, lock, user)
            store.check_pending = not check_now
            if pinned is not None:  # kept through key rotations (rotation.py)
                store.audit_key = pinned
            with engine.connect() as conn:
                store.db_uuid = migrations.meta(conn, "db_uuid") or ""
            if founder is not None:
                store.keys = founder[0]
                store.refresh_trust()
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
        engine: Engine | Connection,
        username: str,
        key: bytearray,
        initialise: tuple[str, str] | None,
        founder: tuple[trust.Keys, Any] | None = None,
    ) -> CurrentUser:
        with Session(engine) as session:
            users = UserRepository(session)
            if initialise is not None:
                users.add(username, initialise[1], Role.BEHEERDER)
                user = CurrentUser(username, initialise[1], Role.BEHEERDER)
                signer, record = None, ""
                if founder is not None and signing.has_statements(session):
                    keys, recovery_sign = founder
                    assert keys.org is not None
                    written = [
                        signing.organisation(
                            session, keys.org, db_uuid=initialise[0], signing_since=1, legacy_until={}
                        ),
                        signing.recovery(session, keys.org, recovery_sign, username),
                        signing.account(
                            session,
                            keys.org,
                            username=username,
                            role=Role.BEHEERDER.value,
                            public_key=keys.public,
                            active=True,
                            by=username,
                        ),
                    ]
                    session.flush()
                    signer, record = keys.sign, trust.refs_of(written)
                audit.append(
                    session,
                    audit.audit_key(key),
                    actor=username,
                    action="database.aangemaakt",
                    obj="",
                    result="ok",
                    signer=signer,
                    record=record,
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

    def close(self, *, anchor: bool = True) -> None:
        """Lock: anchor the audit head beside the database and in the user's own state directory,
        dispose the engine (0 pooled connections), zero the key, release the lock. `anchor=False`
        for a session refused at unlock (an older copy must not move the user's anchor back)."""
        self._closing = True
        checking = self._checking
        if checking is not None:
            with contextlib.suppress(Exception):
                checking.interrupt()
        if self._engine is not None:
            if anchor:
                with contextlib.suppress(StoreError, DBAPIError):  # a damaged file still closes
                    self.write_anchor()
                    self.write_local_anchor()
            self._engine.dispose()
            self._engine = None
        for i in range(len(self._key)):
            self._key[i] = 0
        self.audit_key = b""
        self.keys = None
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- units of work -----------------------------------------------------------------
    def colleagues_saved(self) -> None:
        """A team database: colleagues saved cases, so the fuzzy lookup's names (read once per
        session and grown by this process's own saves) are read again at the next lookup."""
        self.name_pools = NamePools()

    def _translate(self, exc: DBAPIError) -> StoreError:
        return translate_db_error(exc)

    def _before_audit(self, tx: Transaction) -> None:
        """Before a unit of work extends the audit chain (one writer: the file's lock suffices)."""

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
                tx = Transaction(session, self)
                yield tx
                tx.finish()
                session.commit()
        except DBAPIError as exc:
            raise self._translate(exc) from None

    # -- the audit log ---------------------------------------------------------------------
    def audit_head(self) -> tuple[int, str]:
        """(sequence number, MAC) of the newest audit row: the anchor printed on exports."""
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1")).fetchone()
        return (int(row[0]), str(row[1])) if row else (0, audit.GENESIS)

    def audit_mac_at(self, seq: int) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT mac FROM audit_log WHERE seq = :s"), {"s": seq}).fetchone()
        return None if row is None else str(row[0])

    def write_anchor(self) -> None:
        """Append the current audit head to ``<db>.anker`` (at lock and after every export)."""
        seq, mac = self.audit_head()
        if seq:
            audit.write_anchor(self.path, self.audit_key, seq, mac)

    def audit_entries(self, *, limit: int = 200, action: str = "", actor: str = "") -> list[audit.AuditEntry]:
        with Session(self.engine) as session:
            return audit.entries(session, limit=limit, action=action, actor=actor)

    def verify_audit(self) -> audit.Verification:
        """The chain and anchors (audit.py), then every signature, role and record (trust.py);
        the first row that fails wins."""
        fpr = self.keys.org_fpr if self.keys is not None else None
        with Session(self.engine) as session:
            chain = audit.verify(session, self.audit_key, self.path)
            signed = signing.verify_all(session, fpr) if signing.has_statements(session) else None
        return audit.merged(chain, signed)

    # -- checks ----------------------------------------------------------------------------
    def check(self, *, full: bool = True) -> CheckReport:
        """quick_check, or (full) integrity_check — which does everything quick_check does and more, so
        the full check reads the file once for it, not twice (issue 18) — plus cipher_integrity_check,
        the audit log and (full) the projections against a full recomputation."""
        report = CheckReport()
        try:
            with self.engine.connect() as conn:
                if not full:
                    report.quick_check = [r[0] for r in conn.execute(text("PRAGMA quick_check"))]
                else:
                    report.integrity_check = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
                    report.quick_check = report.integrity_check  # covered by it
                    report.cipher_integrity_check = [
                        str(r[0]) for r in conn.execute(text("PRAGMA cipher_integrity_check"))
                    ]
            report.audit_first_broken = self.verify_audit().first_broken
            if full:
                with self.engine.connect() as conn:
                    report.projections = projection_check.verify(conn, self.today())
        except OperationalError as exc:
            raise translate_db_error(exc) from None
        return report

    def repair_projections(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Write every projection again from the case documents, a batch of cases per transaction;
        the number of cases. Audited when done."""
        with self.transaction() as tx:
            total = int(tx.session.connection().execute(text("SELECT count(*) FROM cases")).scalar_one())

        @contextmanager
        def unit() -> Iterator[Connection]:
            with self.transaction() as tx:
                yield tx.session.connection()

        step = None if progress is None else (lambda done: progress(done, total))
        count = projection_check.rebuild_in(unit, self.today(), progress=step)
        self.name_pools = projections.NamePools()  # read again from the rebuilt table
        with self.transaction() as tx:
            tx.audit("projecties.hersteld", f"dossiers:{count}")
        return count


__all__ = ["CheckReport", "CurrentUser", "Store", "Transaction", "atomic_write"]

"""The Store on a team database (issue 19): the same units of work, repositories, signed
statements and audit chain as the file, on PostgreSQL, with the server deciding who sees what.

What differs from the file, and why:

- **One login role per person.** The app signs in to the server as the person (his user name), with
  a *login secret* derived from his password by Argon2id (salted with the database and user name).
  The server never receives the password, and its SCRAM verifier is no cheaper to guess than the
  key slot. The server only stores a SCRAM verifier computed on the client (`CREATE ROLE … PASSWORD
  'SCRAM-SHA-256$…'`), so not even a statement log holds a secret.
- **Key slots are rows** (`team_keys.py`): the team key wrapped per person; each reads his own.
- **The audit chain is serialised by the server**: every unit of work takes a transaction-scoped
  advisory lock before it extends the chain, so two colleagues saving at once never fork it.
- **No file lock**: several people work at once; a case is protected by its version (`StaleCase`)
  and the row lock of its save (`CaseRepository.update`).
- **Group rights follow the signed account**: a jurist or beheerder waiting for a second beheerder's
  confirmation is a lezer on the server until it comes (`confirm_account`).
- The anchors of P4 live in the person's own state directory (there is no folder beside a server).

Only the database owner (municipal IT, or the first beheerder with the owner's address) creates or
upgrades the schema (`initialise`, `upgrade`); a person's app refuses a schema of another version.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from bibob_desk.domain.accounts import CheckReport
from bibob_desk.domain.enums import Role
from bibob_desk.store import dialect, local_anchor, migrations, projection_check, sealing, team_keys, trust
from bibob_desk.store.errors import AlreadyExists, PasswordChangeRequired, StoreError
from bibob_desk.store.keyslots import PRODUCT_KDF, KdfParams, KeySlotFile, new_slot
from bibob_desk.store.store import Store
from bibob_desk.store.team_connection import team_engine, translate_team_error

if TYPE_CHECKING:
    from bibob_desk.store.store import Transaction

AUDIT_LOCK = 0x62696F62  # 'biob': the advisory lock every unit of work takes before the audit chain
GROUP = {
    Role.LEZER: "bibob_lezer",
    Role.VERGUNNINGVERLENER: "bibob_behandelaar",
    Role.JURIST: "bibob_jurist",
    Role.BEHEERDER: "bibob_beheerder",
}


def database_of(address: str) -> str:
    return str(make_url(address).database or "")


LOGIN_KDF = KdfParams(memory_kib=64 * 1024, time_cost=3, parallelism=2)
"""The login secret's cost (0.1 s here), fixed: the server cannot tell the app which cost to use
before the person has signed in. Guessing a password from the server's SCRAM verifier costs one
Argon2id of 64 MiB per guess instead of 4,096 SHA-256 rounds; the key slot keeps the product's
256 MiB (keyslots.PRODUCT_KDF), and a password has at least 15 characters (validation/password.py)."""


def login_secret(database: str, username: str, password: str) -> str:
    """What the app sends the server instead of the password (Argon2id; see the module text)."""
    salt = hashlib.sha256(f"bibob-desk teamlogin|{database}|{username.casefold()}".encode()).digest()[:16]
    return base64.urlsafe_b64encode(LOGIN_KDF.derive(password, salt)).decode("ascii").rstrip("=")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _verifier(dbapi: Any, username: str, secret: str) -> str:
    """The SCRAM verifier, computed by libpq on this machine."""
    pgconn = dbapi.pgconn
    return bytes(pgconn.encrypt_password(secret.encode(), username.encode(), b"scram-sha-256")).decode()


@dataclass
class TeamSlots(KeySlotFile):
    """The key slots this connection may read (his own; all of them for a beheerder), shaped as the
    file's, so the account code works on both. `written` is what was read, to write back changes."""

    written: dict[str, str] | None = None

    @classmethod
    def read(cls, conn: Any, db_uuid: str) -> TeamSlots:
        slots = team_keys.visible(conn)
        return cls(db_uuid=db_uuid, db_salt="", slots=slots, written={s.user: _json(s) for s in slots})


def _json(slot: Any) -> str:
    import json

    return json.dumps(asdict(slot), sort_keys=True)


class _NoLock:
    """A team database has no single-instance lock: several people work at once."""

    unclean_before = False

    def acquire(self, _user: str) -> None:
        return None

    def release(self) -> None:
        return None


class TeamStore(Store):
    shared = True
    address_database: str = ""

    # -- the owner's part ----------------------------------------------------------------------
    @classmethod
    def initialise(
        cls,
        owner_address: str,
        *,
        username: str,
        display_name: str,
        password: str,
        kdf: KdfParams = PRODUCT_KDF,
    ) -> tuple[str, str]:
        """A new team database on an empty PostgreSQL database, with its first beheerder (a login
        role with CREATEROLE, to add colleagues). `owner_address` signs in as the database owner.
        Returns the team's recovery key (show once) and the organisation key's fingerprint (for the
        recovery sheet). Refuses a database that is already set up."""
        engine = team_engine(owner_address)
        name = username.casefold()
        key = bytearray(secrets.token_bytes(32))
        try:
            with engine.begin() as conn:
                if "meta" in dialect.table_names(conn):
                    raise AlreadyExists()
                db_uuid = str(uuid.uuid4())
                sealing.register(engine, sealing.TeamCipher(key))
                migrations.initialise(conn, db_uuid)
                org = trust.new_key()
                keys = trust.Keys(trust.new_key(), org, trust.fingerprint(trust.public_b64(org)))
                recovery_sign = trust.new_key()
                slots = KeySlotFile(db_uuid=db_uuid, db_salt="")
                slots.slots.append(new_slot(name, password, key, db_uuid, kdf, keys.seal()))
                recovery = slots.set_recovery(key, trust.Keys(recovery_sign, org, keys.org_fpr).seal())
                for slot in slots.slots:
                    team_keys.put(conn, slot)
                secret = login_secret(database_of(owner_address), name, password)
                verifier = _verifier(conn.connection.dbapi_connection, name, secret)
                conn.exec_driver_sql(  # not text(): a verifier's ':' would read as a parameter
                    f"CREATE ROLE {_ident(name)} LOGIN CREATEROLE PASSWORD '{verifier}' "
                    f"IN ROLE {GROUP[Role.BEHEERDER]}"
                )
                # the founder's account, statements and first audit row in the same transaction:
                # a failure anywhere leaves the database empty, to set up again
                cls._load_user(conn, name, key, (db_uuid, display_name), (keys, recovery_sign))
        except DBAPIError as exc:
            raise translate_team_error(exc) from None
        finally:
            sealing.unregister(engine)
            engine.dispose()
            for i in range(len(key)):
                key[i] = 0
        return recovery, keys.org_fpr

    @classmethod
    def upgrade(cls, owner_address: str) -> list[int]:
        """The owner brings the schema to this release's version (the versions applied)."""
        engine = team_engine(owner_address)
        try:
            with engine.begin() as conn:
                return migrations.upgrade(conn)
        except DBAPIError as exc:
            raise translate_team_error(exc) from None
        finally:
            engine.dispose()

    # -- a person's session --------------------------------------------------------------------
    @classmethod
    def open_team(
        cls,
        address: str,
        *,
        username: str,
        password: str,
        new_password: str | None = None,
        accept_older_copy: bool = False,
        kdf: KdfParams = PRODUCT_KDF,
    ) -> TeamStore:
        """Sign in as this person; then the same checks as the file (signed role, P4, clock)."""
        name = username.casefold()
        database = database_of(address)
        secret = login_secret(database, name, password)
        engine = team_engine(address, login=(name, secret))
        try:
            with engine.connect() as conn:
                version = migrations.schema_version(conn)
                if version != migrations.CURRENT_VERSION:
                    raise StoreError(
                        f"De teamdatabase heeft schemaversie {version}; deze versie van bibob-desk werkt met "
                        f"{migrations.CURRENT_VERSION}. Laat de beheerder van de server de teamdatabase "
                        "bijwerken (bibob-desk team-bijwerken) of installeer dezelfde versie."
                    )
                db_uuid = migrations.meta(conn, "db_uuid") or ""
                slots = TeamSlots.read(conn, db_uuid)
                key, sealed = team_keys.unlock(conn, name, password, db_uuid)
            sealing.register(engine, sealing.TeamCipher(key))  # from here on content is ciphertext
            slot = slots.find(name)
            if slot is not None and slot.temporary and new_password is None:
                raise PasswordChangeRequired()
            if new_password is not None and new_password == password:
                raise StoreError("Kies een eigen wachtwoord dat anders is dan het tijdelijke.")
            user = cls._load_user(engine, name, key, None)
        except DBAPIError as exc:
            sealing.unregister(engine)
            engine.dispose()
            error = translate_team_error(exc)
            if "verbroken" in str(error):  # at sign-in nothing was under way: say what is wrong
                raise StoreError(
                    "De teamdatabase is niet bereikbaar (de server staat uit, het netwerk is weg of het "
                    "adres klopt niet). Er is niets gewijzigd; probeer het later opnieuw of meld het bij "
                    "de beheerder."
                ) from None
            raise error from None
        except BaseException:
            sealing.unregister(engine)
            engine.dispose()
            raise
        folder = local_anchor.state_dir() / "team"
        folder.mkdir(parents=True, exist_ok=True)
        anchors = folder / f"{hashlib.sha256(db_uuid.encode()).hexdigest()[:24]}.db"  # <this>.anker
        store = cls(anchors, engine, key, _NoLock(), user)  # type: ignore[arg-type]
        store.address_database, store.db_uuid = database, db_uuid
        store.keys = trust.Keys.unseal(sealed) if sealed is not None else None
        try:
            store._establish_trust(slots, password, store.keys, new_password, kdf)
            store._check_local_anchor(accept_older_copy)
            store._check_clock()
        except BaseException:
            store.close(anchor=False)
            raise
        store.write_local_anchor()
        return store

    def close(self, *, anchor: bool = True) -> None:
        engine = self._engine
        super().close(anchor=anchor)
        if engine is not None:
            sealing.unregister(engine)

    def _before_audit(self, tx: Transaction) -> None:
        tx.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK})

    def _translate(self, exc: DBAPIError) -> StoreError:
        return translate_team_error(exc)  # the server's errors, not the file's

    # -- slots and logins ----------------------------------------------------------------------
    def _slot_file(self) -> KeySlotFile:
        with self.engine.connect() as conn:
            return TeamSlots.read(conn, self.db_uuid)

    def _save_slots(self, slots: KeySlotFile, tx: Transaction | None) -> None:
        if tx is None:
            with self.transaction() as own:
                self._save_slots(slots, own)
            return
        conn = tx.session.connection()
        before = (slots.written or {}) if isinstance(slots, TeamSlots) else {}
        now = {s.user: s for s in slots.slots}
        for user, slot in now.items():
            if before.get(user) == _json(slot):
                continue
            if user == self.user.username and user in before and self.user.role is not Role.BEHEERDER:
                team_keys.replace_own(conn, slot)
            else:
                team_keys.put(conn, slot)
        for user in before.keys() - now.keys():
            team_keys.remove(conn, user)

    def _login(
        self,
        tx: Transaction | None,
        username: str,
        role: Role,
        password: str | None,
        *,
        active: bool,
        confirmed: bool = False,
        new: bool = False,
    ) -> None:
        if tx is None:
            with self.transaction() as own:
                self._login(own, username, role, password, active=active, confirmed=confirmed)
            return
        conn = tx.session.connection()
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": username}).first()
        if new and exists:  # login roles belong to the whole server: never take over someone else's
            raise StoreError(
                "Op de server bestaat al een aanmelding met deze gebruikersnaam (misschien van een andere "
                "database). Kies een andere gebruikersnaam; er is niets gewijzigd."
            )
        parts = []
        if password is not None:
            secret = login_secret(self.address_database, username, password)
            parts.append(f"PASSWORD '{_verifier(conn.connection.dbapi_connection, username, secret)}'")
        if username == self.user.username and exists:  # one's own password: no other right needed
            if parts:
                conn.exec_driver_sql(f"ALTER ROLE {_ident(username)} {' '.join(parts)}")
            return
        who = _ident(username)
        if not exists:
            conn.exec_driver_sql(f"CREATE ROLE {who} LOGIN {' '.join(parts)}")
        elif parts or not active:
            conn.exec_driver_sql(f"ALTER ROLE {who} {'LOGIN' if active else 'NOLOGIN'} {' '.join(parts)}")
        for group in GROUP.values():
            conn.exec_driver_sql(f"REVOKE {group} FROM {who}")
        if not active:
            return
        needs_four_eyes = role in (Role.JURIST, Role.BEHEERDER)
        granted = role if confirmed or not needs_four_eyes or self._confirmed(username, role) else Role.LEZER
        conn.exec_driver_sql(f"GRANT {GROUP[granted]} TO {who}")
        conn.execute(
            text(f"ALTER ROLE {who} {'CREATEROLE' if granted is Role.BEHEERDER else 'NOCREATEROLE'}")
        )

    def _confirmed(self, username: str, role: Role) -> bool:
        account = self.trust_state.accounts.get(username)
        return account is not None and account.active and account.role == role.value

    # -- what the file does that a server does otherwise -----------------------------------------
    def cipher_version(self) -> str:
        with self.engine.connect() as conn:
            return "PostgreSQL " + str(conn.execute(text("SHOW server_version")).scalar_one())

    def check_structure(self) -> None:
        self.check_pending = False  # the server checks its own pages (data checksums)

    def check(self, *, full: bool = True) -> CheckReport:
        """The audit chain and signatures, and (full) the projections; the pages are the server's."""
        report = CheckReport()
        report.quick_check = ["ok"]
        report.audit_first_broken = self.verify_audit().first_broken
        if full:
            report.integrity_check = ["ok"]
            with self.engine.connect() as conn:
                report.projections = projection_check.verify(conn, self.today())
        return report

    def rotate_key(self, password: str, kdf: KdfParams = PRODUCT_KDF) -> tuple[str, list[str]]:
        raise StoreError(
            "Een nieuwe teamsleutel maken kan in deze versie alleen op een databasebestand. "
            "Trek bij een teamdatabase de toegang van een persoon in met 'gebruiker verwijderen': "
            "de server laat hem dan niet meer aanmelden."
        )


__all__ = ["TeamStore", "login_secret"]

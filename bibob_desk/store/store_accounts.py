"""The Store's accounts and trust (issue 17): users and their key slots, the organisation's signed
statements, four eyes on accounts and settings, and what an unlock checks (signed role, the per-user
anchor, the clock). A mixin of Store, so store.py stays about opening, locking and units of work."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from bibob_desk.domain.accounts import CurrentUser
from bibob_desk.domain.enums import Role
from bibob_desk.store import failed_unlocks, local_anchor, signing, trust
from bibob_desk.store.errors import (
    AccountPending,
    OlderCopy,
    StoreError,
    TrustViolation,
    WrongPassword,
)
from bibob_desk.store.keyslots import (
    PRODUCT_KDF,
    RECOVERY,
    KdfParams,
    KeySlotFile,
    new_slot,
    normalize_recovery_key,
)
from bibob_desk.store.repository import (
    UserRepository,
)

if TYPE_CHECKING:
    from bibob_desk.store.store import Transaction


class AccountsMixin:
    """Methods of Store; the attributes below are Store's."""

    path: Path
    _key: bytearray
    user: CurrentUser
    keys: trust.Keys | None
    trust_state: trust.TrustState
    db_uuid: str
    recovery_key: str | None
    clock_behind: str | None
    _last_seen: date

    if TYPE_CHECKING:

        @property
        def engine(self) -> Engine: ...

        def transaction(self) -> contextlib.AbstractContextManager[Transaction]: ...

        def audit_head(self) -> tuple[int, str]: ...

        def audit_mac_at(self, seq: int) -> str | None: ...

    CLOCK_TOLERANCE = timedelta(minutes=5)

    # -- where the key slots live: beside the file here; rows of the team database (team_store.py)
    def _slot_file(self) -> KeySlotFile:
        return KeySlotFile.load(KeySlotFile.path_for(self.path))

    def _save_slots(self, slots: KeySlotFile, tx: Transaction | None) -> None:
        """Called inside the unit of work that records the change (`tx`), so a failed write of the
        slots leaves the signed statements unwritten too."""
        slots.save(KeySlotFile.path_for(self.path))

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
        """The person's own server login (team database: a role, its password, its group);
        a file database has none. `password` None keeps the password; `new`: a new account, whose
        login must not exist yet."""

    def set_password_for(self, username: str, password: str, kdf: KdfParams = PRODUCT_KDF) -> None:
        """The beheerder gives an existing, active account a (temporary) password: a new slot."""
        slots = self._slot_file()
        name = username.casefold()
        org = self._org_key()
        with self.transaction() as tx:
            row = tx.users.get(name)
            if row is None or not row.active:
                raise StoreError("Deze gebruiker bestaat niet of is verwijderd.")
            account = self.trust_state.accounts.get(name) or self.trust_state.pending_for(name)
            role = account.role if account is not None else row.role
            keys = trust.Keys(trust.new_key(), org if role == Role.BEHEERDER.value else None, self._org_fpr())
            signing.account(
                tx.session,
                org,
                username=name,
                role=role,
                public_key=keys.public,
                active=True,
                by=self.user.username,
            )
            tx.audit("wachtwoord.ingesteld_door_beheerder", "")
            self._login(tx, name, Role(role), password, active=True)
            slots.slots = [s for s in slots.slots if s.user != name]
            slots.slots.append(
                new_slot(name, password, self._key, slots.db_uuid, kdf, keys.seal(), temporary=True)
            )
            tx.session.flush()
            self._save_slots(slots, tx)
        self.refresh_trust()

    def new_recovery_key(self) -> str:
        """Replace the organisation recovery key; the old one stops working. Returned once."""
        slots = self._slot_file()
        org = self._org_key()
        recovery_sign = trust.new_key()
        key = slots.set_recovery(self._key, trust.Keys(recovery_sign, org, self._org_fpr()).seal())
        with self.transaction() as tx:
            signing.recovery(tx.session, org, recovery_sign, self.user.username)
            tx.audit("herstelsleutel.vernieuwd", "")
            tx.session.flush()
            self._save_slots(slots, tx)
        self.refresh_trust()
        return key

    def _org_key(self) -> Any:
        if self.keys is None or self.keys.org is None:
            raise StoreError("Hiervoor is de organisatiesleutel nodig: alleen een beheerder heeft die.")
        return self.keys.org

    def _org_fpr(self) -> str:
        assert self.keys is not None
        return self.keys.org_fpr

    @property
    def org_fingerprint(self) -> str:
        """The organisation key's fingerprint (on the recovery sheet and in `audit verify`)."""
        return self.keys.org_fpr if self.keys is not None else ""

    def confirm_account(self, username: str, *, recovery_key: str | None = None) -> str:
        """Four eyes on accounts: a second beheerder (or, when there is only one, the recovery key)
        confirms a jurist or beheerder key. Returns the confirmed key's fingerprint."""
        name = username.casefold()
        pending = self.trust_state.pending_for(name)
        if pending is None:
            raise StoreError("Voor deze gebruiker wacht niets op bevestiging.")
        by, rescue_sign = self.user.username, None
        org = self._org_key()
        if recovery_key is not None:
            if len(self.trust_state.beheerders()) != 1:
                raise StoreError(
                    "Met de herstelsleutel bevestigen kan alleen als er één beheerder is; laat een tweede "
                    "beheerder bevestigen."
                )
            rescue_sign = self._recovery_keys(recovery_key).sign
            by = RECOVERY
        elif pending.by == self.user.username:
            raise StoreError(
                "U heeft dit account (of deze sleutel) zelf uitgegeven; een tweede beheerder moet het "
                "bevestigen. Bent u de enige beheerder, bevestig dan met de herstelsleutel."
            )
        with self.transaction() as tx:
            signing.confirmation(
                tx.session, org, statement=pending.statement, subject=name, by=by, recovery_sign=rescue_sign
            )
            tx.audit("account.bevestigd", f"rol:{pending.role}")
            self._login(tx, name, Role(pending.role), None, active=True, confirmed=True)
        self.refresh_trust()
        return trust.fingerprint(pending.public_key)

    def _recovery_keys(self, recovery_key: str) -> trust.Keys:
        slots = self._slot_file()
        slot = slots.recovery_slot()
        if slot is None:
            raise StoreError("Deze database heeft geen herstelsleutel.")
        try:
            _, sealed = slot.open(normalize_recovery_key(recovery_key), slots.db_uuid)
        except WrongPassword:
            failed_unlocks.record(self.path)
            raise StoreError("Herstelsleutel onjuist.") from None
        if sealed is None:
            raise StoreError(
                "Deze herstelsleutel is van vóór de ondertekening; maak een nieuwe herstelsleutel."
            )
        return trust.Keys.unseal(sealed)

    def propose_setting(self, key: str, value: str) -> bool:
        """A setting that needs four eyes (switching four eyes off): True when it took effect now,
        False when it waits for a second beheerder."""
        org = self._org_key()
        with self.transaction() as tx:
            signing.setting(tx.session, org, key=key, value=value, by=self.user.username)
            tx.audit("instelling.voorgesteld", f"instelling:{key}")
        self.refresh_trust()
        return self.trust_state.settings.get(key, "AAN") == value

    def pending_settings(self) -> list[tuple[int, str, str, str]]:
        """(statement, key, value, proposed by) of setting changes awaiting a second beheerder."""
        return [(i, *p) for i, p in self.trust_state.proposals.items() if isinstance(p, tuple)]

    def confirm_setting(self, key: str) -> str:
        found = [p for p in self.pending_settings() if p[1] == key]
        if not found:
            raise StoreError("Voor deze instelling wacht niets op bevestiging.")
        statement, _, value, by = found[-1]
        if by == self.user.username:
            raise StoreError(
                "U heeft dit zelf voorgesteld; een tweede beheerder moet het bevestigen (vier ogen)."
            )
        with self.transaction() as tx:
            signing.confirmation(
                tx.session, self._org_key(), statement=statement, subject=key, by=self.user.username
            )
            tx.audit("instelling.bevestigd", f"instelling:{key}")
        self.refresh_trust()
        return value

    def refresh_trust(self) -> None:
        """Re-read the signed statements (after this session wrote one)."""
        fpr = self.keys.org_fpr if self.keys is not None else None
        with Session(self.engine) as session:
            if signing.has_statements(session):
                self.trust_state = signing.state_at_unlock(session, fpr).state

    def refresh_trust_with(self, org_fpr: str) -> None:
        with Session(self.engine) as session:
            report = signing.state_at_unlock(session, org_fpr)
        if report.first_broken is not None:
            raise TrustViolation(report.reason)
        self.trust_state = report.state

    def _refuse(self, why: str) -> TrustViolation:
        """Written to the audit log (signed by this user when he has a key), then raised."""
        with contextlib.suppress(StoreError, DBAPIError), self.transaction() as tx:
            tx.audit("toegang.geweigerd", "vertrouwen", result="geweigerd")
        return TrustViolation(why)

    def _establish_trust(
        self,
        slots: KeySlotFile,
        password: str,
        keys: trust.Keys | None,
        new_password: str | None,
        kdf: KdfParams,
    ) -> None:
        """The role comes from the organisation's signed statement, never from the users table."""
        name = self.user.username
        with Session(self.engine) as session:
            report = signing.state_at_unlock(session, keys.org_fpr if keys is not None else None)
        if report.first_broken is not None:
            self.keys = keys if keys is not None and report.state.org_public else None
            raise self._refuse(report.reason)
        state = report.state
        if state.org_public is None:  # a database from before signing
            if self.user.role is not Role.BEHEERDER:
                raise StoreError(
                    "Deze database is bijgewerkt naar ondertekende wijzigingen. Een beheerder moet zich "
                    "eerst eenmaal aanmelden; daarna stelt hij uw wachtwoord opnieuw in."
                )
            org = keys.org if keys is not None and keys.org is not None else trust.new_key()
            keys = trust.Keys(trust.new_key(), org, trust.fingerprint(trust.public_b64(org)))
            self.keys = keys
            mine = slots.find(name)
            assert mine is not None
            mine.seal(password, slots.db_uuid, keys.seal())
            with self.transaction() as tx:
                head, _ = self.audit_head()
                signing.bootstrap_statements(
                    tx.session, keys, me=name, db_uuid=slots.db_uuid, next_seq=head + 1
                )
                tx.audit("ondertekening.ingevoerd", "")
                tx.session.flush()
                self._save_slots(slots, tx)
            self.refresh_trust()
            state = self.trust_state
        if keys is None:
            raise StoreError(
                "Uw account heeft nog geen persoonlijke ondertekeningssleutel (de database is van vóór de "
                "ondertekening, of uw sleutel is bij een sleutelwissel vervallen). Vraag de beheerder uw "
                "wachtwoord opnieuw in te stellen; bij de eerste aanmelding kiest u dan een eigen wachtwoord."
            )
        account = state.accounts.get(name)
        pending = state.pending_for(name)
        if (
            pending is not None
            and pending.public_key == keys.public
            and (account is None or account.public_key != keys.public)
        ):
            if new_password is not None:  # his own password holds already; the key waits for the
                self._replace_own_slot(slots, new_password, kdf, action="")  # confirmation (unsigned)
            raise AccountPending(
                pending.role, trust.fingerprint(keys.public), own_password_set=new_password is not None
            )
        if account is None or not account.active:
            raise self._refuse("er is geen ondertekende verklaring die dit account actief maakt")
        if account.public_key != keys.public:
            raise self._refuse("uw sleutel is niet de sleutel van uw ondertekende account")
        with Session(self.engine) as session:
            row = UserRepository(session).get(name)
        if row is None or row.role != account.role:
            raise self._refuse(
                f"uw rol in de database ({row.role if row else 'geen'}) wijkt af van uw ondertekende "
                f"account ({account.role})"
            )
        self.user = CurrentUser(self.user.username, self.user.display_name, Role(account.role))
        self.trust_state = state
        if new_password is not None:
            self._replace_own_slot(slots, new_password, kdf, action="wachtwoord.eerste_eigen")

    def _replace_own_slot(self, slots: KeySlotFile, password: str, kdf: KdfParams, *, action: str) -> None:
        assert self.keys is not None
        name = self.user.username
        replacement = new_slot(name, password, self._key, slots.db_uuid, kdf, self.keys.seal())
        slots.slots = [s for s in slots.slots if s.user != name] + [replacement]
        if not action:
            self._save_slots(slots, None)
            self._login(None, name, self.user.role, password, active=True)
            return
        with self.transaction() as tx:
            tx.audit(action, "")
            tx.session.flush()
            self._save_slots(slots, tx)
            self._login(tx, name, self.user.role, password, active=True)

    def _check_local_anchor(self, accept_older_copy: bool) -> None:
        """P4: the head this user saw last must still be in the log, unchanged."""
        seen = local_anchor.read(self.db_uuid, self.user.username)
        if seen is None or self.audit_mac_at(seen.seq) == seen.mac:
            return
        head, _ = self.audit_head()
        with contextlib.suppress(StoreError, DBAPIError), self.transaction() as tx:
            tx.audit(
                "database.oudere_kopie_aanvaard" if accept_older_copy else "database.oudere_kopie",
                f"anker:{seen.seq};nu:{head}",
                result="ok" if accept_older_copy else "geweigerd",
            )
        if not accept_older_copy:
            raise OlderCopy(seen.seq, head)

    def _check_clock(self) -> None:
        """T28: the clock set back (or a wrong clock on another PC) is noticed at unlock and written
        to the log; `today()` never goes back before the newest audit row, so deadlines never shift."""
        with self.engine.connect() as conn:
            newest = conn.execute(text("SELECT max(ts_utc) FROM audit_log")).scalar()
        if not newest:
            return
        last = datetime.fromisoformat(str(newest))
        self._last_seen = last.date()
        now = datetime.now(UTC)
        if now < last - self.CLOCK_TOLERANCE:
            self.clock_behind = last.isoformat(timespec="minutes")
            with self.transaction() as tx:
                tx.audit("klok.achter", f"laatste:{self.clock_behind}", result="gewaarschuwd")

    def today(self) -> date:
        """The date deadlines count from: the clock's, but never before the newest audit row."""
        return max(date.today(), self._last_seen)

    def write_local_anchor(self) -> None:
        seq, mac = self.audit_head()
        if seq and self.db_uuid:
            local_anchor.write(self.db_uuid, self.user.username, seq, mac)

    def add_user(
        self,
        username: str,
        display_name: str,
        role: Role,
        password: str,
        kdf: KdfParams = PRODUCT_KDF,
    ) -> None:
        """A users row and a key slot wrapping the same database key."""
        slots = self._slot_file()
        if slots.find(username) is not None:
            raise StoreError("Voor deze gebruikersnaam bestaat al een sleutel.")
        org = self._org_key()
        name = username.casefold()
        keys = trust.Keys(trust.new_key(), org if role is Role.BEHEERDER else None, self._org_fpr())
        with self.transaction() as tx:
            tx.users.add(username, display_name, role)
            signing.account(
                tx.session,
                org,
                username=name,
                role=role.value,
                public_key=keys.public,
                active=True,
                by=self.user.username,
            )
            tx.audit("gebruiker.toegevoegd", f"rol:{role.value}")
            self._login(tx, name, role, password, active=True, new=True)
            slots.slots.append(
                new_slot(name, password, self._key, slots.db_uuid, kdf, keys.seal(), temporary=True)
            )
            tx.session.flush()
            self._save_slots(slots, tx)
        self.refresh_trust()

    def change_password(self, old: str, new: str, kdf: KdfParams = PRODUCT_KDF) -> None:
        """Re-wrap the database key for the signed-in user; the database itself is untouched."""
        slots = self._slot_file()
        current = slots.find(self.user.username)
        if current is None:
            raise StoreError("Voor dit account is geen sleutel gevonden.")
        unwrapped = current.unwrap(old, slots.db_uuid)  # raises WrongPassword
        for i in range(len(unwrapped)):
            unwrapped[i] = 0
        replacement = new_slot(
            self.user.username, new, self._key, slots.db_uuid, kdf, self.keys.seal() if self.keys else None
        )
        slots.slots = [replacement if s is current else s for s in slots.slots]
        with self.transaction() as tx:
            tx.audit("wachtwoord.gewijzigd", "")
            self._login(tx, self.user.username, self.user.role, new, active=True)
            tx.session.flush()
            self._save_slots(slots, tx)

    def remove_user(self, username: str) -> None:
        """Deactivate the account and delete its key slot. Copies of the old key file (backups)
        still open the database for that password until the key is rotated (SECURITY.md)."""
        slots = self._slot_file()
        org = self._org_key()
        name = username.casefold()
        account = self.trust_state.accounts.get(name)
        with self.transaction() as tx:
            if not tx.users.deactivate(username):
                raise StoreError("Deze gebruiker bestaat niet of is al verwijderd.")
            signing.account(
                tx.session,
                org,
                username=name,
                role=account.role if account else Role.LEZER.value,
                public_key=account.public_key if account else "",
                active=False,
                by=self.user.username,
            )
            tx.audit("gebruiker.verwijderd", "")
            self._login(tx, name, Role(account.role) if account else Role.LEZER, None, active=False)
            slots.slots = [s for s in slots.slots if s.user.casefold() != username.casefold()]
            tx.session.flush()
            self._save_slots(slots, tx)
        self.refresh_trust()

"""Accounts: the first beheerder at set-up, more users with a role and their own key slot."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from bibob_desk.domain.accounts import CurrentUser
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.services.changes import Changes, Reports, Topic
from bibob_desk.services.permissions import require
from bibob_desk.store.keyslots import PRODUCT_KDF, KdfParams
from bibob_desk.store.store import Store
from bibob_desk.validation.password import evaluate_password

_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}", re.ASCII)


def check_username(username: str) -> str:
    name = username.strip().casefold()
    if not _USERNAME.fullmatch(name):
        raise UserError(
            "Een gebruikersnaam heeft 2 tot 40 tekens: letters a-z, cijfers, punt, "
            "streepje of liggend streepje."
        )
    return name


def check_new_password(password: str, *, username: str, display_name: str) -> None:
    inputs = [username, *display_name.split()]
    verdict = evaluate_password(password, user_inputs=inputs, today=date.today())
    if not verdict.acceptable:
        raise UserError(" ".join(verdict.messages))


def recover_store(
    path: Path, *, recovery_key: str, username: str, new_password: str, kdf: KdfParams = PRODUCT_KDF
) -> Store:
    """Forgotten password: a new one through the organisation recovery key (policy checked first)."""
    name = check_username(username)
    check_new_password(new_password, username=name, display_name="")
    return Store.recover(path, recovery_key=recovery_key, username=name, new_password=new_password, kdf=kdf)


def create_store(
    path: Path, *, username: str, display_name: str, password: str, kdf: KdfParams = PRODUCT_KDF
) -> Store:
    """First start: a new encrypted database with one beheerder."""
    name = check_username(username)
    check_new_password(password, username=name, display_name=display_name)
    return Store.create(
        path, username=name, display_name=display_name.strip() or name, password=password, kdf=kdf
    )


def create_team(
    owner_address: str, *, username: str, display_name: str, password: str, kdf: KdfParams = PRODUCT_KDF
) -> tuple[str, str]:
    """Set up a team database (issue 19) with its first beheerder: (recovery key, fingerprint)."""
    from bibob_desk.store.team_store import TeamStore

    name = check_username(username)
    check_new_password(password, username=name, display_name=display_name)
    return TeamStore.initialise(
        owner_address, username=name, display_name=display_name.strip() or name, password=password, kdf=kdf
    )


def upgrade_team(owner_address: str) -> list[int]:
    """The owner brings a team database to this release's schema: the versions applied."""
    from bibob_desk.store.team_store import TeamStore

    return TeamStore.upgrade(owner_address)


class UserService(Reports):
    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def current(self) -> CurrentUser:
        """The signed-in user (name, display name, role)."""
        return self.store.user

    def take_recovery_key(self) -> str | None:
        """A recovery key made while opening (new database, finished rotation): handed out once."""
        key, self.store.recovery_key = self.store.recovery_key, None
        return key

    def add_user(
        self,
        username: str,
        display_name: str,
        role: Role,
        password: str,
        kdf: KdfParams = PRODUCT_KDF,
    ) -> Changes:
        require(self.store, Role.BEHEERDER)
        name = check_username(username)
        check_new_password(password, username=name, display_name=display_name)
        self.store.add_user(name, display_name.strip() or name, role, password, kdf)
        return self.report(topics=(Topic.USERS,))

    def change_password(self, old: str, new: str, kdf: KdfParams = PRODUCT_KDF) -> Changes:
        """Any user, for their own account: only their key slot is re-wrapped."""
        user = self.store.user
        if old == new:
            raise UserError("Het nieuwe wachtwoord moet anders zijn dan het oude.")
        check_new_password(new, username=user.username, display_name=user.display_name)
        self.store.change_password(old, new, kdf)
        return self.report(topics=(Topic.USERS,))

    def rotate_key(self, password: str, kdf: KdfParams = PRODUCT_KDF) -> tuple[str, list[str]]:
        """New database key (e.g. after removing a user). Returns the new recovery key (show once)
        and the users who need a new password from the beheerder."""
        require(self.store, Role.BEHEERDER)
        return self.store.rotate_key(password, kdf)

    def reset_password(self, username: str, password: str, kdf: KdfParams = PRODUCT_KDF) -> Changes:
        """The beheerder sets a temporary password for another account (after a rotation, or when
        the user forgot it); the user changes it with 'passwd'."""
        require(self.store, Role.BEHEERDER)
        name = check_username(username)
        check_new_password(password, username=name, display_name="")
        self.store.set_password_for(name, password, kdf)
        return self.report(topics=(Topic.USERS,))

    def confirm_account(self, username: str, *, recovery_key: str | None = None) -> str:
        """Four eyes on accounts: a second beheerder (or the recovery key, when there is only one
        beheerder) confirms a new jurist or beheerder account, or a new key for one. Returns the
        fingerprint of the confirmed key: compare it with the one the user sees at his unlock."""
        require(self.store, Role.BEHEERDER)
        fingerprint = self.store.confirm_account(check_username(username), recovery_key=recovery_key)
        self.report(topics=(Topic.USERS,))
        return fingerprint

    def pending_accounts(self) -> list[tuple[str, str, str, str]]:
        """(user, role, fingerprint, issued by) of keys awaiting a second beheerder."""
        from bibob_desk.store.trust import Account, fingerprint

        return [
            (p.username, p.role, fingerprint(p.public_key), p.by)
            for p in self.store.trust_state.proposals.values()
            if isinstance(p, Account)
        ]

    @property
    def org_fingerprint(self) -> str:
        """The organisation key's fingerprint, as on the printed recovery sheet."""
        return self.store.org_fingerprint

    def new_recovery_key(self) -> str:
        """A new organisation recovery key (shown once); the previous one stops working."""
        require(self.store, Role.BEHEERDER)
        return self.store.new_recovery_key()

    def remove_user(self, username: str) -> Changes:
        require(self.store, Role.BEHEERDER)
        name = username.strip().casefold()
        if name == self.store.user.username:
            raise UserError("U kunt uw eigen account niet verwijderen.")
        active = [u for u in self.list_users() if u[0] != name]
        if not any(role is Role.BEHEERDER for _, _, role in active):
            raise UserError("Er moet ten minste één beheerder overblijven.")
        self.store.remove_user(name)
        return self.report(topics=(Topic.USERS,))

    def list_users(self) -> list[tuple[str, str, Role]]:
        with self.store.transaction() as tx:
            return [(u.username, u.display_name, Role(u.role)) for u in tx.users.all() if u.active]

"""Shared pieces of the command line: credentials, opening the database, small helpers."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bibob_desk.domain.errors import UserError

USER_ENV, PASSWORD_ENV, NEW_PASSWORD_ENV = (
    "BIBOB_DESK_USER",
    "BIBOB_DESK_PASSWORD",
    "BIBOB_DESK_NEW_PASSWORD",
)
RECOVERY_ENV = "BIBOB_DESK_RECOVERY_KEY"


def _ask(prompt: str, env: str, *, secret: bool, default: str = "") -> str:
    if os.environ.get(env):
        return os.environ[env]
    if not sys.stdin.isatty():
        if default:
            return default
        raise UserError(f"Geen invoer voor '{prompt.strip(': ')}': zet {env} of start in een terminal.")
    answer = getpass.getpass(prompt) if secret else input(prompt)
    return answer or default


def _credentials() -> tuple[str, str]:
    user = _ask("Gebruikersnaam: ", USER_ENV, secret=False, default="beheerder")
    return user, _ask("Wachtwoord: ", PASSWORD_ENV, secret=True)


def _new_password(env: str) -> str:
    first = _ask("Nieuw wachtwoord (minstens 15 tekens): ", env, secret=True)
    if not os.environ.get(env) and sys.stdin.isatty():
        if getpass.getpass("Herhaal het wachtwoord: ") != first:
            raise UserError("De wachtwoorden zijn niet gelijk.")
    return first


ACCEPT_OLDER_ENV = "BIBOB_DESK_OUDERE_KOPIE_AANVAARDEN"


def _open(db: Path):
    """Unlock. A temporary password from the beheerder asks for the user's own one first (prompt or
    BIBOB_DESK_NEW_PASSWORD); an older copy (P4) opens only with BIBOB_DESK_OUDERE_KOPIE_AANVAARDEN=ja."""
    from bibob_desk.bootstrap import AccountPending, PasswordChangeRequired, open_app

    user, password = _credentials()
    accept = os.environ.get(ACCEPT_OLDER_ENV, "").strip().lower() in ("ja", "1", "yes")
    try:
        ctx = open_app(db, username=user, password=password, accept_older_copy=accept)
    except PasswordChangeRequired as first:
        print(str(first), file=sys.stderr)
        own = _new_password(NEW_PASSWORD_ENV)
        try:
            ctx = open_app(db, username=user, password=password, new_password=own, accept_older_copy=accept)
        except AccountPending as pending:
            raise UserError(str(pending)) from None
    if ctx.maintenance.clock_warning:  # T28
        print(f"Let op: {ctx.maintenance.clock_warning}", file=sys.stderr)
    recovery_key = ctx.users.take_recovery_key()
    if recovery_key:  # an interrupted key rotation was finished while opening
        print("Een onderbroken sleutelwissel is afgerond.")
        _print_recovery_key(recovery_key, ctx.users.org_fingerprint)
    return ctx


def _create(db: Path):
    from bibob_desk.bootstrap import create_app

    user = _ask("Gebruikersnaam beheerder [beheerder]: ", USER_ENV, secret=False, default="beheerder")
    password = _new_password(PASSWORD_ENV)
    ctx = create_app(db, username=user, display_name=user, password=password)
    print(f"Database aangemaakt: {db}")
    _print_recovery_key(ctx.users.take_recovery_key(), ctx.users.org_fingerprint)
    return ctx


def _print_recovery_key(key: str | None, fingerprint: str = "") -> None:
    """The recovery sheet: the key (once) and the organisation key's fingerprint to compare later."""
    if key:
        print(
            f"HERSTELSLEUTEL (wordt niet bewaard; één keer getoond): {key}\n"
            + (f"Vingerafdruk organisatiesleutel: {fingerprint}\n" if fingerprint else "")
            + "Print dit en bewaar het onder vier-ogenbeheer (bijv. in de kluis). Zonder herstelsleutel "
            "betekent een vergeten wachtwoord dat de gegevens verloren zijn. 'bibob-desk audit verify' "
            "toont dezelfde vingerafdruk zolang de organisatiesleutel niet is vervangen."
        )


def _case_id(ctx: object, reference: str) -> str:
    return ctx.cases.id_of(reference)


def _with_app(db: Path, action: Callable[[Any], str]) -> int:
    """Open, do one thing, close; print its Dutch confirmation."""
    ctx = _open(db)
    try:
        message = action(ctx)
    finally:
        ctx.close()
    print(message)
    return 0

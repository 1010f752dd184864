"""The owner's commands for a team database (issue 19): set it up, bring it to this version.

`--db` is the address of the database owner (municipal IT's role that owns the empty database); the
people of the team sign in with their own names afterwards (`bibob-desk --db postgresql://server/naam`).
The owner's address is used for this one command and kept nowhere."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from bibob_desk.cli.common import PASSWORD_ENV, USER_ENV, _ask, _new_password, _print_recovery_key
from bibob_desk.domain.errors import UserError


def add_team_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub.add_parser(
        "team-inrichten",
        help="een lege PostgreSQL-database inrichten als teamdatabase, met de eerste beheerder "
        "(--db: het adres van de eigenaar van die database)",
    )
    sub.add_parser(
        "team-bijwerken", help="de teamdatabase bijwerken naar deze versie (--db: adres van de eigenaar)"
    )


def _owner_address(args: argparse.Namespace) -> str:
    from bibob_desk.paths import TeamAddress, resolve_db

    found = resolve_db(args.db)
    if not isinstance(found, TeamAddress):
        raise UserError(
            "Geef met --db het adres van de lege PostgreSQL-database, als haar eigenaar: "
            "postgresql://eigenaar@server/naam (het wachtwoord vraagt PostgreSQL zelf of staat in ~/.pgpass)."
        )
    return found.url


def _cmd_set_up(args: argparse.Namespace) -> int:
    from bibob_desk.bootstrap import create_team
    from bibob_desk.paths import TeamAddress

    owner = _owner_address(args)
    user = _ask("Gebruikersnaam eerste beheerder [beheerder]: ", USER_ENV, secret=False, default="beheerder")
    password = _new_password(PASSWORD_ENV)
    recovery, fingerprint = create_team(owner, username=user, display_name=user, password=password)
    print(f"Teamdatabase ingericht: {TeamAddress(owner)}. De beheerder meldt zich aan met zijn eigen naam.")
    _print_recovery_key(recovery, fingerprint)
    return 0


def _cmd_upgrade(args: argparse.Namespace) -> int:
    from bibob_desk.bootstrap import upgrade_team

    applied = upgrade_team(_owner_address(args))
    print(
        f"Teamdatabase bijgewerkt: versie {', '.join(map(str, applied))} toegepast."
        if applied
        else "De teamdatabase is al bij deze versie; er is niets gewijzigd."
    )
    return 0


TEAM_OWNER: dict[str, Callable[[argparse.Namespace], int]] = {
    "team-inrichten": _cmd_set_up,
    "team-bijwerken": _cmd_upgrade,
}

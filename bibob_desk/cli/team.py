"""The owner's commands for a team database (issue 19): set it up, bring it to this version; and
the commands between a team database and a file: migrate, check cases out to a laptop and back in.

`--db` is the address of the database owner (municipal IT's role that owns the empty database); the
people of the team sign in with their own names afterwards (`bibob-desk --db postgresql://server/naam`).
The owner's address is used for this one command and kept nowhere."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from bibob_desk.cli.common import PASSWORD_ENV, USER_ENV, _ask, _new_password, _print_recovery_key
from bibob_desk.domain.errors import UserError

TEAM_USER_ENV, TEAM_PASSWORD_ENV = "BIBOB_DESK_TEAM_USER", "BIBOB_DESK_TEAM_PASSWORD"


def add_team_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub.add_parser(
        "team-inrichten",
        help="een lege PostgreSQL-database inrichten als teamdatabase, met de eerste beheerder "
        "(--db: het adres van de eigenaar van die database)",
    )
    sub.add_parser(
        "team-bijwerken", help="de teamdatabase bijwerken naar deze versie (--db: adres van de eigenaar)"
    )
    move = sub.add_parser(
        "migrate",
        help="een databasebestand (--db) overzetten naar een lege teamdatabase, "
        "elke tabel geteld en gecontroleerd",
    )
    move.add_argument("--to", required=True, metavar="postgresql://server/naam", help="de teamdatabase")
    out = sub.add_parser(
        "uitchecken",
        help="dossiers uit de teamdatabase (--db) meenemen in een nieuw versleuteld bestand, om "
        "zonder verbinding aan te werken (zelfde naam en wachtwoord)",
    )
    out.add_argument("references", nargs="+", metavar="KENMERK", help="de dossiers")
    out.add_argument("--naar", required=True, metavar="BESTAND", help="het nieuwe databasebestand")
    back = sub.add_parser(
        "inchecken",
        help="de uitgecheckte dossiers van een bestand terugbrengen in de teamdatabase (--db), "
        "veld voor veld samengevoegd",
    )
    back.add_argument("--van", required=True, metavar="BESTAND", help="het uitgecheckte bestand")
    back.add_argument(
        "--kies",
        action="append",
        default=[],
        metavar="[KENMERK:]VELD=eigen|team",
        help="bij een conflict: de waarde van de laptop (eigen) of van de teamdatabase (team) voor dit "
        "veld, bijv. H1:/location/street=eigen; herhaalbaar",
    )
    back.add_argument(
        "--bij-conflict",
        choices=("eigen", "team"),
        help="bij elk conflict dezelfde keuze (na een blik op de conflicten zonder deze optie)",
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


def _cmd_migrate(args: argparse.Namespace) -> int:
    from bibob_desk.bootstrap import migrate_file
    from bibob_desk.cli.common import _credentials
    from bibob_desk.paths import TeamAddress, resolve_db, resolve_db_path

    source = resolve_db_path(args.db)
    target = resolve_db(args.to)
    if not isinstance(target, TeamAddress):
        raise UserError("Geef met --to het adres van de teamdatabase: postgresql://server/naam.")
    print(f"Bestand: {source}", file=sys.stderr)
    file_login = _credentials()
    print(f"Doel: {target}", file=sys.stderr)
    team_login = (
        _ask("Gebruikersnaam in de teamdatabase: ", TEAM_USER_ENV, secret=False, default=file_login[0]),
        _ask("Wachtwoord in de teamdatabase: ", TEAM_PASSWORD_ENV, secret=True),
    )
    report = migrate_file(source, target, file_login=file_login, team_login=team_login)
    print(f"{'tabel':<20} {'rijen':>8}  sha256 (bestand = teamdatabase)")
    for table in report.tables:
        mark = "gelijk" if table.same else "VERSCHILT"
        print(f"{table.table:<20} {table.rows:>8}  {table.sha256_source[:16]}… {mark}")
    if not report.intact:
        print("fout: niet alles kwam gelijk aan; gebruik de teamdatabase niet en meld dit.", file=sys.stderr)
        return 1
    print(
        f"Overgezet en gecontroleerd (vingerafdruk {report.fingerprint[:16]}…). Het bestand is ongewijzigd. "
        f"Geef deze {len(report.accounts)} collega('s) een aanmelding op de server: "
        + ", ".join(f"{name} ({role})" for name, role in report.accounts)
        + "."
    )
    return 0


def _team_address(args: argparse.Namespace):
    from bibob_desk.paths import TeamAddress, resolve_db

    found = resolve_db(args.db)
    if not isinstance(found, TeamAddress):
        raise UserError("Geef met --db het adres van de teamdatabase: postgresql://server/naam.")
    return found


def _cmd_check_out(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bibob_desk.bootstrap import check_out_file
    from bibob_desk.cli.common import _credentials

    result = check_out_file(_team_address(args), Path(args.naar), args.references, login=_credentials())
    for case in result.cases:
        print(f"Uitgecheckt: {case.reference} (versie {case.version})")
    print(
        f"Bestand: {args.naar}. Open het met dezelfde naam en hetzelfde wachtwoord "
        f"(bibob-desk --db {args.naar}); terugbrengen: bibob-desk --db ADRES inchecken --van {args.naar}"
    )
    _print_recovery_key(result.recovery_key, result.fingerprint)
    return 0


def _conflict_value(value: object) -> str:
    import json

    shown = "(leeg)" if value is None else json.dumps(value, ensure_ascii=False, default=str)
    return shown if len(shown) <= 80 else shown[:79] + "…"


def _count(number: int, one: str, more: str) -> str:
    return f"{number} {one if number == 1 else more}"


def _cmd_check_in(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bibob_desk.bootstrap import check_in_file
    from bibob_desk.cli.common import _credentials

    choices = {"*": args.bij_conflict} if args.bij_conflict else {}
    for given in args.kies:
        name, sep, how = given.rpartition("=")
        if not sep or not name:
            raise UserError(f"Schrijf --kies als VELD=eigen of KENMERK:VELD=team, niet '{given}'.")
        choices[name.strip()] = how.strip()
    results = check_in_file(Path(args.van), _team_address(args), login=_credentials(), choices=choices)
    open_conflicts = 0
    for case in results:
        if case.status == "ingecheckt":
            print(
                f"Ingecheckt: {case.reference} -> versie {case.version} "
                f"({_count(len(case.taken), 'veld', 'velden')} van de laptop, "
                f"{_count(case.attachments, 'nieuwe bijlage', 'nieuwe bijlagen')})"
            )
        elif case.status == "ongewijzigd":
            print(f"Ongewijzigd op de laptop: {case.reference}")
        elif case.status == "al_ingecheckt":
            print(
                f"Al ingecheckt: {case.reference} (versie {case.version}); "
                "check het opnieuw uit om verder te werken"
            )
        else:
            open_conflicts += 1
            print(f"Conflict: {case.reference}: niets ingecheckt voor dit dossier. Per veld:")
            for clash in case.conflicts:
                print(f"  {clash.path}")
                print(f"    bij het uitchecken: {_conflict_value(clash.base)}")
                print(f"    laptop (eigen):     {_conflict_value(clash.mine)}")
                print(f"    teamdatabase (team): {_conflict_value(clash.theirs)}")
        for path in case.not_taken:
            print(f"  Niet overgenomen (dat bepaalt de teamdatabase): {case.reference} {path}")
    if open_conflicts:
        print(
            "fout: kies per veld met --kies KENMERK:VELD=eigen|team (of --bij-conflict) en check opnieuw in; "
            "het bestand houdt alles.",
            file=sys.stderr,
        )
        return 1
    return 0


TEAM_OWNER: dict[str, Callable[[argparse.Namespace], int]] = {
    "team-inrichten": _cmd_set_up,
    "team-bijwerken": _cmd_upgrade,
    "migrate": _cmd_migrate,
    "uitchecken": _cmd_check_out,
    "inchecken": _cmd_check_in,
}

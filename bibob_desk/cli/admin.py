"""Commands for accounts, backups, the audit log and retention."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bibob_desk.cli.common import (
    NEW_PASSWORD_ENV,
    RECOVERY_ENV,
    _ask,
    _case_id,
    _credentials,
    _new_password,
    _open,
    _print_recovery_key,
)
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError


def _add_admin_commands(sub: argparse._SubParsersAction) -> None:
    chk = sub.add_parser("check", help="integriteit, versleuteling, logboekketen en projecties controleren")
    chk.add_argument(
        "--herstel",
        action="store_true",
        help="de projecties (termijnen, sleutels, doorstartwacht) opnieuw opbouwen",
    )
    backup = sub.add_parser(
        "backup", help="versleutelde back-up (database, sleutels, ankers); ook tijdens gebruik"
    )
    backup.add_argument("-o", "--output", required=True)
    restore = sub.add_parser("restore", help="back-up terugzetten op een nieuwe plek (--db), met controle")
    restore.add_argument("file")
    recover = sub.add_parser("recover", help="vergeten wachtwoord: nieuw wachtwoord met de herstelsleutel")
    recover.add_argument("username")
    sub.add_parser("rotate-key", help="nieuwe databasesleutel (bijv. na het verwijderen van een gebruiker)")
    reset = sub.add_parser("reset-password", help="tijdelijk wachtwoord voor een ander account (beheerder)")
    reset.add_argument("username")
    sub.add_parser("recovery-key", help="nieuwe herstelsleutel maken; de oude vervalt (alleen beheerder)")
    sub.add_parser(
        "passwd", help="eigen wachtwoord wijzigen (nieuw wachtwoord uit prompt of BIBOB_DESK_NEW_PASSWORD)"
    )
    confirm = sub.add_parser(
        "confirm-user",
        help="nieuw jurist- of beheerdersaccount (of nieuwe sleutel) bevestigen als tweede beheerder",
    )
    confirm.add_argument("username")
    confirm.add_argument(
        "--herstelsleutel", action="store_true", help="de enige beheerder bevestigt met de herstelsleutel"
    )
    sub.add_parser("pending-users", help="accounts die op bevestiging door een tweede beheerder wachten")
    remove = sub.add_parser("remove-user", help="gebruiker verwijderen (alleen beheerder)")
    remove.add_argument("username")
    sub.add_parser("retention", help="bewaartermijnen van alle dossiers (alleen beheerder)")
    purge = sub.add_parser("purge", help="dossier vernietigen na de bewaartermijn (vier ogen)")
    purge.add_argument("reference")
    access = sub.add_parser(
        "inzage", help="inzageverzoek (AVG): alles over één persoon, als concept (jurist)"
    )
    access.add_argument("naam")
    access.add_argument("--geboortedatum", default="", help="JJJJ-MM-DD, om naamgenoten te scheiden")
    access.add_argument("--bsn", default="")
    access.add_argument("-o", "--output", required=True)
    audit_cmd = sub.add_parser("audit", help="logboek controleren of tonen")
    audit_sub = audit_cmd.add_subparsers(dest="audit_command", metavar="ACTIE", required=True)
    verify = audit_sub.add_parser(
        "verify",
        help="elke schakel, handtekening, rol en de ankers controleren; noemt het eerste gebroken volgnummer",
    )
    verify.add_argument(
        "--kop",
        default="",
        metavar="VOLGNUMMER:TEKENS",
        help="logboekkop uit een exportmanifest of PDF ('volgnummer N · 16 tekens'): staat die erin?",
    )
    show = audit_sub.add_parser("show", help="logboekregels, nieuwste eerst (alleen beheerder)")
    show.add_argument("--limit", type=int, default=50)
    show.add_argument("--action", default="", help="begin van de actie, bijv. export")
    show.add_argument("--actor", default="")
    show.add_argument("--json", action="store_true", help="als JSON")


def _cmd_recover(db: Path, username: str) -> int:
    from bibob_desk.bootstrap import recover_app

    key = _ask("Herstelsleutel: ", RECOVERY_ENV, secret=True)
    ctx = recover_app(db, recovery_key=key, username=username, new_password=_new_password(NEW_PASSWORD_ENV))
    ctx.close()
    print(f"Nieuw wachtwoord ingesteld voor {username.casefold()}. Dit staat in het logboek.")
    return 0


def _cmd_recovery_key(ctx: Any, args: argparse.Namespace) -> str:
    key = ctx.users.new_recovery_key()
    _print_recovery_key(key, ctx.users.org_fingerprint)
    return "De vorige herstelsleutel werkt niet meer."


def _cmd_passwd(db: Path) -> int:
    from bibob_desk.bootstrap import open_app

    user, password = _credentials()
    ctx = open_app(db, username=user, password=password)
    try:
        ctx.users.change_password(password, _new_password(NEW_PASSWORD_ENV))
    finally:
        ctx.close()
    print("Wachtwoord gewijzigd. Het oude wachtwoord opent de database niet meer (wel oude back-ups).")
    return 0


def _cmd_backup(db: Path, output: str) -> int:
    ctx = _open(db)
    try:
        info = ctx.backups.backup(Path(output))
    finally:
        ctx.close()
    print(f"Back-up geschreven: {info.path} ({info.size} bytes, logboek t/m volgnummer {info.audit_seq}).")
    print("Bewaar de back-up op een andere schijf; zonder een wachtwoord van deze database is ze onleesbaar.")
    return 0


def _cmd_restore(db: Path, file: str) -> int:
    from bibob_desk.services.backup import restore_backup

    user, password = _credentials()
    restore_backup(Path(file), db, username=user, password=password)
    print(f"Teruggezet en gecontroleerd: {db}")
    return 0


def _cmd_audit(db: Path, args: argparse.Namespace) -> int:
    ctx = _open(db)
    try:
        if args.audit_command == "verify":
            result = ctx.audit.verify()
            head = _head_check(ctx, args.kop) if args.kop else None
        else:
            rows = ctx.audit.entries(limit=max(1, args.limit), action=args.action, actor=args.actor)
    finally:
        ctx.close()
    if args.audit_command == "verify":
        anchors = "anker" if result.anchors == 1 else "ankers"
        print(f"{result.rows} regels, {result.anchors} {anchors} buiten de database gecontroleerd.")
        if result.org_fingerprint:
            print(
                f"{result.signed_rows} regels ondertekend en gecontroleerd "
                "(handtekening en rol op dat moment)."
            )
            print(
                f"Vingerafdruk organisatiesleutel: {result.org_fingerprint} "
                "(vergelijk met het geprinte herstelblad)."
            )
        for warning in result.warnings:
            print(f"Let op: {warning}.")
        if result.first_broken is not None:
            raise UserError(
                f"Logboekketen gebroken bij volgnummer {result.first_broken}: {result.reason}. "
                "Meld dit als beveiligingsincident."
            )
        print("Logboekketen intact.")
        if head is False:
            raise UserError(
                f"De logboekkop {args.kop} van de export staat niet in deze database: de database is ouder "
                "dan die export, of gewijzigd. Werk niet verder in deze kopie en meld het."
            )
        if head:
            print(f"De logboekkop {args.kop} van de export staat ongewijzigd in deze database.")
        return 0
    if args.json:
        print(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print(f"{r.seq:>6} {r.ts_utc} {r.actor:<14} {r.action:<28} {r.result:<9} {r.object}")
    return 0


def _head_check(ctx: Any, text: str) -> bool:
    number, _, prefix = text.replace("·", ":").replace(" ", "").partition(":")
    if not number.isdigit() or len(prefix) < 8:
        raise UserError("Geef de kop als VOLGNUMMER:TEKENS, bijvoorbeeld 128:3fa09c1e5b7d2a44.")
    return bool(ctx.audit.contains_head(int(number), prefix))


def _cmd_remove_user(ctx: Any, args: argparse.Namespace) -> str:
    ctx.users.remove_user(args.username)
    return f"Gebruiker verwijderd: {args.username.casefold()}"


def _cmd_add_user(ctx: Any, args: argparse.Namespace) -> str:
    ctx.users.add_user(args.username, args.name, Role(args.role), _new_password(NEW_PASSWORD_ENV))
    text = f"Gebruiker toegevoegd: {args.username.casefold()} ({args.role}), met een tijdelijk wachtwoord."
    pending = [p for p in ctx.users.pending_accounts() if p[0] == args.username.casefold()]
    if pending:
        text += (
            f"\nEen {args.role}-account wordt pas actief als een tweede beheerder het bevestigt: "
            f"bibob-desk confirm-user {pending[0][0]} (vingerafdruk {pending[0][2]})."
        )
    return text


def _cmd_confirm_user(ctx: Any, args: argparse.Namespace) -> str:
    key = _ask("Herstelsleutel: ", RECOVERY_ENV, secret=True) if args.herstelsleutel else None
    fingerprint = ctx.users.confirm_account(args.username, recovery_key=key)
    return (
        f"Bevestigd: {args.username.casefold()}. Vingerafdruk van de sleutel: {fingerprint}; "
        "de gebruiker ziet dezelfde bij zijn eerste aanmelding."
    )


def _cmd_pending_users(ctx: Any, args: argparse.Namespace) -> str:
    rows = ctx.users.pending_accounts()
    return "\n".join(f"{u:<16} {role:<12} {fpr}  uitgegeven door {by}" for u, role, fpr, by in rows) or (
        "Er wacht geen account op bevestiging."
    )


def _cmd_retention(ctx: Any, args: argparse.Namespace) -> str:
    rows = ctx.retention.overview()
    lines = [
        f"{r.reference:<16} {r.retention.until:%d-%m-%Y}  {'TE VERNIETIGEN' if r.due else 'bewaren':<15}"
        f"{r.retention.explanation}"
        for r in rows
    ]
    return "\n".join(lines) or "Geen dossiers."


def _cmd_purge(ctx: Any, args: argparse.Namespace) -> str:
    outcome = ctx.retention.purge(_case_id(ctx, args.reference))
    if outcome == "aangevraagd":
        return (
            f"Vernietiging van {args.reference} aangevraagd; een tweede beheerder of jurist moet bevestigen."
        )
    return f"Vernietigd: {args.reference}. In het logboek staat alleen dat het is gebeurd."


def _cmd_rotate_key(db: Path) -> int:
    from bibob_desk.bootstrap import open_app

    user, password = _credentials()
    ctx = open_app(db, username=user, password=password)
    try:
        recovery, dropped = ctx.users.rotate_key(password)
        fingerprint = ctx.users.org_fingerprint
    finally:
        ctx.close()
    print("Nieuwe databasesleutel ingesteld; oude sleutelbestanden openen deze database niet meer.")
    _print_recovery_key(recovery, fingerprint)
    if dropped:
        print("Geef deze gebruikers een tijdelijk wachtwoord met 'reset-password': " + ", ".join(dropped))
    return 0


def _cmd_reset_password(ctx: Any, args: argparse.Namespace) -> str:
    ctx.users.reset_password(args.username, _new_password(NEW_PASSWORD_ENV))
    return f"Tijdelijk wachtwoord ingesteld voor {args.username.casefold()}; laat het wijzigen met 'passwd'."


def _cmd_inzage(ctx: Any, args: argparse.Namespace) -> str:
    """T30: the overview for an inzageverzoek as JSON, a draft for the jurist's review."""
    from datetime import date

    try:
        birth = date.fromisoformat(args.geboortedatum) if args.geboortedatum else None
    except ValueError:
        raise UserError("Geef de geboortedatum als JJJJ-MM-DD.") from None
    overview = ctx.access.overview(args.naam, birth_date=birth, bsn=args.bsn or None)
    ctx.access.write(overview, Path(args.output))
    return f"Inzageoverzicht ({len(overview.cases)} dossiers) -> {args.output}. {overview.review}"

"""Command line. Never imports Qt unless the GUI is started (no command given).

Exit codes: 0 success, 1 a user error (one Dutch line on stderr), 2 a usage error.
Passwords come from a prompt, or from BIBOB_DESK_USER / BIBOB_DESK_PASSWORD for scripts.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bibob_desk import __version__
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError

USER_ENV, PASSWORD_ENV, NEW_PASSWORD_ENV = (
    "BIBOB_DESK_USER",
    "BIBOB_DESK_PASSWORD",
    "BIBOB_DESK_NEW_PASSWORD",
)
RECOVERY_ENV = "BIBOB_DESK_RECOVERY_KEY"


def _add_export_commands(sub: argparse._SubParsersAction) -> None:
    memo = sub.add_parser("memo", help="memo of besluit als PDF")
    memo.add_argument("reference")
    memo.add_argument(
        "--kind", required=True, choices=["advies", "voornemen", "weigering", "intrekking", "voorschriften"]
    )
    memo.add_argument("-o", "--output", required=True)
    package = sub.add_parser("lbb-package", help="adviesaanvraag voor het LBB als ZIP met manifest")
    package.add_argument("reference")
    package.add_argument("-o", "--output", required=True)
    package.add_argument(
        "--encrypt", action="store_true", help="AES-256; het wachtwoord wordt eenmaal getoond"
    )
    xlsx = sub.add_parser("xlsx", help="dossiers naar Excel (zonder kenmerken: alle dossiers)")
    xlsx.add_argument("references", nargs="*")
    xlsx.add_argument("-o", "--output", required=True)
    xlsx.add_argument("--profile", choices=["basis", "volledig"], default="basis")
    attach = sub.add_parser("attach", help="bijlage opnemen (wordt eerst gecontroleerd)")
    attach.add_argument("reference")
    attach.add_argument("file")
    attach.add_argument("--type", default="overig", help="soort bijlage uit de checklist (zie 'attachments')")
    attach.add_argument("--source", default="betrokkene")
    attach.add_argument("--received", default=None, help="datum van ontvangst (JJJJ-MM-DD)")
    listing = sub.add_parser("attachments", help="bijlagen en checklist van een dossier")
    listing.add_argument("reference")
    approve = sub.add_parser("approve", help="besluit goedkeuren als tweede jurist (vier ogen)")
    approve.add_argument("reference")
    approve.add_argument("--kind", required=True, choices=["weigering", "intrekking", "voorschriften"])
    for export in (memo, package, xlsx):
        export.add_argument("--recipient", default=None, help="ontvanger (bijv. intern, lbb, betrokkene)")
        export.add_argument("--purpose", default=None, help="doel (bijv. besluitvorming, adviesaanvraag)")


def _add_admin_commands(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser(
        "backup", help="versleutelde back-up (database, sleutels, ankers); ook tijdens gebruik"
    )
    backup.add_argument("-o", "--output", required=True)
    restore = sub.add_parser("restore", help="back-up terugzetten op een nieuwe plek (--db), met controle")
    restore.add_argument("file")
    recover = sub.add_parser("recover", help="vergeten wachtwoord: nieuw wachtwoord met de herstelsleutel")
    recover.add_argument("username")
    sub.add_parser("recovery-key", help="nieuwe herstelsleutel maken; de oude vervalt (alleen beheerder)")
    sub.add_parser(
        "passwd", help="eigen wachtwoord wijzigen (nieuw wachtwoord uit prompt of BIBOB_DESK_NEW_PASSWORD)"
    )
    remove = sub.add_parser("remove-user", help="gebruiker verwijderen (alleen beheerder)")
    remove.add_argument("username")
    sub.add_parser("retention", help="bewaartermijnen van alle dossiers (alleen beheerder)")
    purge = sub.add_parser("purge", help="dossier vernietigen na de bewaartermijn (vier ogen)")
    purge.add_argument("reference")
    audit_cmd = sub.add_parser("audit", help="logboek controleren of tonen")
    audit_sub = audit_cmd.add_subparsers(dest="audit_command", metavar="ACTIE", required=True)
    audit_sub.add_parser(
        "verify", help="elke schakel en de ankers controleren; noemt het eerste gebroken volgnummer"
    )
    show = audit_sub.add_parser("show", help="logboekregels, nieuwste eerst (alleen beheerder)")
    show.add_argument("--limit", type=int, default=50)
    show.add_argument("--action", default="", help="begin van de actie, bijv. export")
    show.add_argument("--actor", default="")
    show.add_argument("--json", action="store_true", help="als JSON")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bibob-desk", description="Bibob-screening, offline en versleuteld."
    )
    parser.add_argument("--db", help="pad naar de database (anders BIBOB_DESK_DB of de standaardmap)")
    parser.add_argument("--version", action="version", version=f"bibob-desk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT")
    sub.add_parser("init", help="nieuwe database met een beheerder aanmaken")
    sub.add_parser("demo", help="de voorbeelddossiers laden (maakt zo nodig de database aan)")
    imp = sub.add_parser("import", help="een dossier importeren (bibob-desk/case@1)")
    imp.add_argument("file")
    exp = sub.add_parser("export-case", help="een dossier exporteren naar JSON")
    exp.add_argument("reference")
    exp.add_argument("-o", "--output", required=True)
    lst = sub.add_parser("list", help="dossiers tonen")
    lst.add_argument("--json", action="store_true", help="als JSON")
    sub.add_parser("check", help="integriteit, versleuteling en logboekketen controleren")
    setting = sub.add_parser("setting", help="instellingen tonen of wijzigen (wijzigen: alleen beheerder)")
    setting.add_argument("name", nargs="?")
    setting.add_argument("value", nargs="?")
    score = sub.add_parser("score", help="risicobeoordeling van een dossier (of --all: alle dossiers)")
    score.add_argument("reference", nargs="?")
    score.add_argument("--all", action="store_true", help="alle dossiers opnieuw beoordelen")
    score.add_argument("--json", action="store_true", help="als JSON")
    deadlines = sub.add_parser(
        "deadlines", help="openstaande termijnen van alle dossiers, de dringendste eerst"
    )
    deadlines.add_argument(
        "--due-within", type=int, metavar="DAGEN", help="alleen termijnen binnen zoveel dagen"
    )
    deadlines.add_argument("--json", action="store_true", help="als JSON")
    timeline = sub.add_parser("timeline", help="gebeurtenissen en termijnen van een dossier")
    timeline.add_argument("reference")
    timeline.add_argument("--json", action="store_true", help="als JSON")
    _add_export_commands(sub)
    answers = sub.add_parser("answers", help="de formulierantwoorden van een dossier tonen")
    answers.add_argument("reference")
    answers.add_argument("--json", action="store_true", help="als JSON")
    forms = sub.add_parser("forms", help="vragenlijstdefinities")
    forms_sub = forms.add_subparsers(dest="forms_command", metavar="ACTIE", required=True)
    forms_check = forms_sub.add_parser(
        "check", help="definities controleren (zonder bestanden: alle in forms/)"
    )
    forms_check.add_argument("files", nargs="*")
    _add_admin_commands(sub)
    add = sub.add_parser("add-user", help="gebruiker toevoegen (alleen beheerder)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--name", default="", help="weergavenaam")
    return parser


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


def _open(db: Path):
    from bibob_desk.bootstrap import open_app

    user, password = _credentials()
    return open_app(db, username=user, password=password)


def _create(db: Path):
    from bibob_desk.bootstrap import create_app

    user = _ask("Gebruikersnaam beheerder [beheerder]: ", USER_ENV, secret=False, default="beheerder")
    password = _new_password(PASSWORD_ENV)
    ctx = create_app(db, username=user, display_name=user, password=password)
    print(f"Database aangemaakt: {db}")
    _print_recovery_key(ctx.store.recovery_key)
    ctx.store.recovery_key = None
    return ctx


def _print_recovery_key(key: str | None) -> None:
    if key:
        print(
            f"HERSTELSLEUTEL (wordt niet bewaard; één keer getoond): {key}\n"
            "Print deze sleutel en bewaar hem onder vier-ogenbeheer (bijv. in de kluis). "
            "Zonder herstelsleutel betekent een vergeten wachtwoord dat de gegevens verloren zijn."
        )


def _cmd_demo(db: Path) -> int:
    from bibob_desk.paths import demo_case_files

    ctx = _open(db) if db.exists() else _create(db)
    try:
        present = {s.reference for s in ctx.cases.summaries(limit=100_000)}
        for file in demo_case_files():
            if file.stem in present:
                print(f"Al aanwezig: {file.stem}")
                continue
            outcome = ctx.cases.import_file(file)
            print(f"Geladen: {outcome.reference}")
    finally:
        ctx.close()
    return 0


def _cmd_import(db: Path, file: str) -> int:
    from bibob_desk.services.cases import ImportRefused

    with _open(db).store as store:
        from bibob_desk.bootstrap import AppContext

        try:
            outcome = AppContext.around(store).cases.import_file(Path(file))
        except ImportRefused as refused:
            for issue in refused.errors:
                print(f"  {issue}", file=sys.stderr)
            raise
        for warning in outcome.warnings:
            print(f"  waarschuwing {warning}")
        print(f"Geïmporteerd: {outcome.reference}")
    return 0


def _cmd_list(db: Path, as_json: bool) -> int:
    ctx = _open(db)
    try:
        rows = ctx.cases.summaries(limit=1_000_000, sort="reference", descending=False)
    finally:
        ctx.close()
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "reference": r.reference,
                        "permit_kind": r.permit_kinds[0].value if r.permit_kinds else "",
                        "permit_kinds": [k.value for k in r.permit_kinds],
                        "stage": r.stage.value,
                        "received_date": r.received_date.isoformat(),
                        "location": r.location,
                        "parties": list(r.party_names),
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for r in rows:
        kinds = "+".join(k.value for k in r.permit_kinds)
        print(f"{r.reference:<12} {r.received_date.isoformat()}  {r.stage.value:<26} {kinds}")
    print(f"{len(rows)} dossier(s)")
    return 0


def _cmd_check(db: Path) -> int:
    ctx = _open(db)
    try:
        report = ctx.store.check(full=True)
    finally:
        ctx.close()
    print(f"quick_check: {', '.join(report.quick_check)}")
    print(f"integrity_check: {', '.join(report.integrity_check) or 'ok'}")
    print(f"cipher_integrity_check: {'; '.join(report.cipher_integrity_check) or 'ok'}")
    broken = report.audit_first_broken
    print(f"logboekketen: {'ok' if broken is None else f'gebroken bij volgnummer {broken}'}")
    if not report.ok:
        raise UserError("Controle mislukt – herstel uit back-up en meld dit als beveiligingsincident.")
    print("Controle geslaagd.")
    return 0


def _cmd_setting(db: Path, name: str | None, value: str | None) -> int:
    ctx = _open(db)
    try:
        if value is not None and name is not None:
            ctx.settings.set(name, value)
        values = ctx.settings.all() if name is None else {name: ctx.settings.get(name)}
    finally:
        ctx.close()
    for key, current in values.items():
        print(f"{key} = {current}")
    return 0


def _assessment_json(reference: str, a: object) -> dict:
    counted = [f for f in a.findings if f.applied_weight > 0]
    return {
        "reference": reference,
        "band": a.band,
        "score": a.score,
        "fired": [
            {
                "id": f.indicator,
                "weight": f.applied_weight,
                "computed_weight": f.weight,
                "title": f.title,
                "legal_heads": f.legal_heads,
                "explanation": f.explanation,
                "evidence": [
                    {
                        "fact": e.fact,
                        "value": e.value,
                        "source": e.source,
                        "date": e.date,
                        "recorded_by": e.recorded_by,
                    }
                    for e in f.evidence
                ],
                "override": f.override_state or None,
            }
            for f in counted
        ],
        "not_counted": [
            {
                "id": f.indicator,
                "weight": f.weight,
                "reason": f"samengevallen met {f.yielded_to}"
                if f.yielded_to
                else f"buiten beschouwing: {f.override_motivation}",
            }
            for f in a.findings
            if f.applied_weight == 0
        ],
        "knockouts": a.knockouts,
        "route": a.route or None,
        "route_text": a.route_text or None,
        "not_assessable": [
            {"id": n.indicator, "title": n.title, "missing": n.missing} for n in a.not_assessable
        ],
        "advice": a.advice,
        "catalogue": {"id": a.catalogue_id, "version": a.catalogue_version},
        "reference_date": a.reference_date,
        "assessed_at": a.assessed_at,
        "inputs_hash": a.inputs_hash,
    }


def _cmd_score(db: Path, reference: str | None, all_cases: bool, as_json: bool) -> int:
    if not reference and not all_cases:
        raise UserError("Geef een kenmerk, of --all voor alle dossiers.")
    ctx = _open(db)
    try:
        if all_cases:

            def progress(done: int, total: int) -> None:
                bar = "#" * (30 * done // total)
                print(f"\r[{bar:<30}] {done}/{total}", end="", file=sys.stderr, flush=True)

            count = ctx.risk.score_all(progress)
            print(file=sys.stderr)
            print(f"{count} dossier(s) opnieuw beoordeeld.")
            return 0
        assessment = ctx.risk.score_reference(reference)
    finally:
        ctx.close()
    data = _assessment_json(reference, assessment)
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(
        f"{reference}: {data['band']} (score {data['score']}) — catalogus {assessment.catalogue_id} "
        f"versie {assessment.catalogue_version}, peildatum {assessment.reference_date}"
    )
    for f in data["fired"]:
        print(f"  {f['id']:<7} {f['weight']}  {f['explanation']}")
    for f in data["not_counted"]:
        print(f"  {f['id']:<7} 0  ({f['reason']})")
    for ko in data["knockouts"]:
        print(f"  knock-out: {ko}")
    if data["route_text"]:
        print(f"  route: {data['route_text']}")
    print(f"  niet te beoordelen: {len(data['not_assessable'])} indicator(en)")
    for n in data["not_assessable"]:
        print(f"    {n['id']:<7} ontbreekt: {'; '.join(n['missing'])}")
    print(f"  suggestie: {data['advice']}")
    return 0


def _deadline_json(d: object, today: object) -> dict:
    return {
        "key": d.key,
        "label": d.label,
        "raw": d.raw.isoformat(),
        "adjusted": d.adjusted.isoformat(),
        "effective": d.effective.isoformat(),
        "atw_applies": d.atw_applies,
        "explanation": d.explanation,
        "basis": d.basis,
        "done": d.done.isoformat() if d.done else None,
        "projected": d.projected,
        "status": d.status(today),
        "days_left": d.days_left(today),
    }


def _cmd_timeline(db: Path, reference: str, as_json: bool) -> int:
    ctx = _open(db)
    try:
        case, timeline = ctx.workflow.timeline_by_reference(reference)
        today = ctx.workflow.today()
    finally:
        ctx.close()
    if as_json:
        from bibob_desk.domain.codec import to_primitive

        print(
            json.dumps(
                {
                    "reference": reference,
                    "reading": timeline.reading,
                    "events": [to_primitive(e) for e in timeline.events],
                    "deadlines": [_deadline_json(d, today) for d in timeline.deadlines],
                    "warnings": timeline.warnings,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    from bibob_desk.domain.labels import label
    from bibob_desk.workflow.calendar import nl_date

    print(
        f"{reference} — ontvangen {nl_date(case.received_date)}; fase: {label(case.stage)}; "
        f"opschorting LBB: {timeline.reading}"
    )
    print("Gebeurtenissen:")
    for e in timeline.events:
        extra = f" (tot {nl_date(e.until)})" if e.until else (f" ({e.weeks} weken)" if e.weeks else "")
        print(f"  {e.date.isoformat()}  {label(e.kind)}{extra}{' — ' + e.note if e.note else ''}")
    print("Termijnen:")
    for d in timeline.deadlines:
        atw = (
            ""
            if d.raw == d.adjusted
            else f" (Atw: {d.adjusted.isoformat()}{', toegepast' if d.atw_applies else ''})"
        )
        print(f"  {d.label}: {d.raw.isoformat()}{atw} — {d.status(today)}")
        print(f"      {d.explanation}")
    for w in timeline.warnings:
        print(f"  let op: {w}")
    return 0


def _cmd_deadlines(db: Path, due_within: int | None, as_json: bool) -> int:
    ctx = _open(db)
    try:
        rows = ctx.workflow.overview(due_within)
        today = ctx.workflow.today()
    finally:
        ctx.close()
    if as_json:
        print(
            json.dumps(
                [{"reference": r.reference, **_deadline_json(r.deadline, today)} for r in rows],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for r in rows:
        left = f"{-r.days_left} dagen verlopen" if r.days_left < 0 else f"nog {r.days_left} dagen"
        print(f"{r.deadline.effective.isoformat()}  {left:<20} {r.reference:<12} {r.deadline.label}")
    print(f"{len(rows)} openstaande termijn(en)")
    return 0


def _cmd_export(db: Path, args: argparse.Namespace) -> int:
    ctx = _open(db)
    extra = {k: v for k, v in (("recipient", args.recipient), ("purpose", args.purpose)) if v}
    try:
        if args.command == "memo":
            result = ctx.exports.memo(_case_id(ctx, args.reference), args.kind, Path(args.output), **extra)
        elif args.command == "lbb-package":
            result = ctx.exports.lbb_package(
                _case_id(ctx, args.reference), Path(args.output), encrypt=args.encrypt, **extra
            )
        else:
            ids = [_case_id(ctx, r) for r in args.references] or None
            result = ctx.exports.workbook(ids, Path(args.output), profile=args.profile, **extra)
    finally:
        ctx.close()
    print(f"Geschreven: {result.path} ({result.size} bytes, sha256 {result.sha256[:16]}…)")
    if result.password:
        print(f"Wachtwoord (wordt niet bewaard, geef het via een ander kanaal door): {result.password}")
    return 0


def _cmd_attach(db: Path, args: argparse.Namespace) -> int:
    from datetime import date

    try:
        received = date.fromisoformat(args.received) if args.received else None
    except ValueError:
        print("Ongeldige datum; gebruik JJJJ-MM-DD.", file=sys.stderr)
        return 2
    ctx = _open(db)
    try:
        outcome = ctx.attachments.add_file(
            _case_id(ctx, args.reference),
            Path(args.file),
            type_id=args.type,
            source=args.source,
            received=received,
        )
    finally:
        ctx.close()
    r = outcome.result
    print(f"{r.status}: {r.reason or 'in orde'} (sha256 {r.sha256[:16]}…, {r.size} bytes)")
    return 0 if outcome.attachment_id is not None else 1


def _cmd_attachments(db: Path, reference: str) -> int:
    ctx = _open(db)
    try:
        case_id = _case_id(ctx, reference)
        checklist, stored = ctx.attachments.checklist(case_id), ctx.attachments.attachments(case_id)
    finally:
        ctx.close()
    print("Checklist:")
    for item in checklist:
        mark = f"{item.received} ontvangen" if item.received else "ONTBREEKT"
        print(f"  [{item.type_id}] {item.label}: {mark}")
    print("Bijlagen:")
    for a in stored:
        note = f" – {a.reason}" if a.reason else ""
        when = f"{a.received_date:%d-%m-%Y}"
        print(f"  #{a.id} [{a.type_id}] {a.original_name!r}, {a.size} bytes, {when}, {a.status}{note}")
    return 0


def _cmd_recover(db: Path, username: str) -> int:
    from bibob_desk.bootstrap import recover_app

    key = _ask("Herstelsleutel: ", RECOVERY_ENV, secret=True)
    ctx = recover_app(db, recovery_key=key, username=username, new_password=_new_password(NEW_PASSWORD_ENV))
    ctx.close()
    print(f"Nieuw wachtwoord ingesteld voor {username.casefold()}. Dit staat in het logboek.")
    return 0


def _cmd_recovery_key(ctx: Any, args: argparse.Namespace) -> str:
    key = ctx.users.new_recovery_key()
    _print_recovery_key(key)
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
        else:
            rows = ctx.audit.entries(limit=max(1, args.limit), action=args.action, actor=args.actor)
    finally:
        ctx.close()
    if args.audit_command == "verify":
        print(f"{result.rows} regels, {result.anchors} ankers buiten de database gecontroleerd.")
        if result.first_broken is not None:
            raise UserError(
                f"Logboekketen gebroken bij volgnummer {result.first_broken}: {result.reason}. "
                "Meld dit als beveiligingsincident."
            )
        print("Logboekketen intact.")
        return 0
    if args.json:
        print(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print(f"{r.seq:>6} {r.ts_utc} {r.actor:<14} {r.action:<28} {r.result:<9} {r.object}")
    return 0


def _case_id(ctx: object, reference: str) -> str:
    return ctx.cases.id_of(reference)


def _cmd_answers(db: Path, reference: str, as_json: bool) -> int:
    ctx = _open(db)
    try:
        _case, records = ctx.questionnaires.answers_of(reference)
        catalog = ctx.questionnaires.catalog
    finally:
        ctx.close()
    if as_json:
        from bibob_desk.domain.codec import to_primitive

        print(json.dumps([to_primitive(r) for r in records], ensure_ascii=False, indent=2))
        return 0
    if not records:
        print(f"Dossier {reference} heeft nog geen formulierantwoorden.")
    for record in records:
        form = catalog.get(record.form_id, record.form_version, record.form_sha256)
        print(f"== {record.form_id} versie {record.form_version} ({record.status}, {record.updated_at})")
        labels = form.labels() if form is not None else {}
        for key, value in record.answers.items():
            shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
            print(f"  {labels.get(key, key)}: {shown}")
    return 0


def _cmd_forms_check(files: list[str]) -> int:
    from bibob_desk.paths import forms_dir
    from bibob_desk.questionnaire.loader import FormDefinitionError, load_form

    paths = [Path(f) for f in files] or sorted(forms_dir().glob("*.yaml"))
    if not paths:
        raise UserError("Geen vragenlijstdefinities gevonden.")
    failed = 0
    for path in paths:
        try:
            form = load_form(path)
        except FormDefinitionError as error:
            print(f"fout: {error}", file=sys.stderr)
            failed += 1
            continue
        questions = sum(len(getattr(i, "questions", (i,))) for s in form.sections for i in s.items)
        print(
            f"ok: {path.name} ({form.id} versie {form.version}, "
            f"{len(form.sections)} secties, {questions} vragen)"
        )
    return 1 if failed else 0


def _with_app(db: Path, action: Callable[[Any], str]) -> int:
    """Open, do one thing, close; print its Dutch confirmation."""
    ctx = _open(db)
    try:
        message = action(ctx)
    finally:
        ctx.close()
    print(message)
    return 0


def _cmd_export_case(ctx: Any, args: argparse.Namespace) -> str:
    ctx.cases.export_file(args.reference, Path(args.output))
    return f"Geëxporteerd: {args.reference} -> {args.output}"


def _cmd_remove_user(ctx: Any, args: argparse.Namespace) -> str:
    ctx.users.remove_user(args.username)
    return f"Gebruiker verwijderd: {args.username.casefold()}"


def _cmd_approve(ctx: Any, args: argparse.Namespace) -> str:
    ctx.exports.approve(_case_id(ctx, args.reference), args.kind)
    return f"Goedgekeurd: {args.kind} voor {args.reference} (geldt tot de beoordeling wijzigt)."


def _cmd_add_user(ctx: Any, args: argparse.Namespace) -> str:
    ctx.users.add_user(args.username, args.name, Role(args.role), _new_password(NEW_PASSWORD_ENV))
    return f"Gebruiker toegevoegd: {args.username.casefold()} ({args.role})"


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


SIMPLE = {
    "recovery-key": _cmd_recovery_key,
    "retention": _cmd_retention,
    "purge": _cmd_purge,
    "export-case": _cmd_export_case,
    "remove-user": _cmd_remove_user,
    "approve": _cmd_approve,
    "add-user": _cmd_add_user,
}


def _run(args: argparse.Namespace) -> int:
    from bibob_desk.paths import resolve_db_path

    if args.command == "forms":
        return _cmd_forms_check(args.files)
    db = resolve_db_path(args.db)
    if args.command in SIMPLE:
        return _with_app(db, lambda ctx: SIMPLE[args.command](ctx, args))
    handlers: dict[str, Callable[[], int]] = {
        "init": lambda: _create(db).close() or 0,
        "demo": lambda: _cmd_demo(db),
        "import": lambda: _cmd_import(db, args.file),
        "list": lambda: _cmd_list(db, args.json),
        "check": lambda: _cmd_check(db),
        "score": lambda: _cmd_score(db, args.reference, args.all, args.json),
        "memo": lambda: _cmd_export(db, args),
        "lbb-package": lambda: _cmd_export(db, args),
        "xlsx": lambda: _cmd_export(db, args),
        "passwd": lambda: _cmd_passwd(db),
        "recover": lambda: _cmd_recover(db, args.username),
        "backup": lambda: _cmd_backup(db, args.output),
        "restore": lambda: _cmd_restore(db, args.file),
        "audit": lambda: _cmd_audit(db, args),
        "attach": lambda: _cmd_attach(db, args),
        "attachments": lambda: _cmd_attachments(db, args.reference),
        "timeline": lambda: _cmd_timeline(db, args.reference, args.json),
        "deadlines": lambda: _cmd_deadlines(db, args.due_within, args.json),
        "answers": lambda: _cmd_answers(db, args.reference, args.json),
        "setting": lambda: _cmd_setting(db, args.name, args.value),
    }
    return handlers[args.command]()


def _harden_process() -> None:
    """No core dumps: a dump would hold the database key (T39)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    _harden_process()
    args = _parser().parse_args(argv)
    if args.command is None:
        from bibob_desk.ui.app import run_gui

        return run_gui(args.db)
    try:
        return _run(args)
    except UserError as error:
        print(f"fout: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("afgebroken", file=sys.stderr)
        return 1
    except Exception as error:
        print(
            f"fout: onverwachte fout ({type(error).__name__}); er is niets gewijzigd.",
            file=sys.stderr,
        )
        return 1

"""The commands: parser and dispatch (bibob_desk.cli.main loads this only when a command is given)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from bibob_desk import __version__
from bibob_desk.cli.admin import (
    _add_admin_commands,
    _cmd_add_user,
    _cmd_audit,
    _cmd_backup,
    _cmd_confirm_user,
    _cmd_inzage,
    _cmd_passwd,
    _cmd_pending_users,
    _cmd_purge,
    _cmd_recover,
    _cmd_recovery_key,
    _cmd_remove_user,
    _cmd_reset_password,
    _cmd_restore,
    _cmd_retention,
    _cmd_rotate_key,
)
from bibob_desk.cli.case import (
    add_case_commands,
    add_workflow_commands,
    cmd_assign,
    cmd_case,
    cmd_close,
    cmd_event,
    cmd_override,
    cmd_shield,
    cmd_stage,
)
from bibob_desk.cli.common import (
    _create,
    _open,
    _with_app,
)
from bibob_desk.cli.documents import (
    _add_export_commands,
    _cmd_approve,
    _cmd_attach,
    _cmd_attachments,
    _cmd_export,
    cmd_memo_text,
)
from bibob_desk.cli.dutch import DutchParser, dutch
from bibob_desk.cli.network import (
    add_network_commands,
    add_scan_commands,
    add_signal_commands,
    cmd_matches,
    cmd_scan,
    cmd_signals,
    load_demo_network,
)
from bibob_desk.cli.progress import terminal_progress
from bibob_desk.cli.team import TEAM_OWNER, add_team_parsers
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError


def _add_demo_parser(sub: Any) -> None:
    demo = sub.add_parser("demo", help="de voorbeelddossiers laden (maakt zo nodig de database aan)")
    demo.add_argument(
        "--netwerk",
        action="store_true",
        help="ook gelijkende dossiers, een weigering en signalen (dossieroverstijgend werken, issue 9)",
    )
    demo.add_argument(
        "--oorspronkelijke-datums",
        action="store_true",
        help="de datums zoals in de voorbeeldbestanden (zonder: verschoven naar nu)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = DutchParser(prog="bibob-desk", description="Bibob-screening, offline en versleuteld.")
    parser.add_argument(
        "--db",
        help="pad naar de database, of postgresql://server/naam voor een teamdatabase "
        "(anders BIBOB_DESK_DB of de standaardmap)",
    )
    parser.add_argument(
        "--version", action="version", version=f"bibob-desk {__version__}", help="het versienummer tonen"
    )
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT")
    sub.add_parser("init", help="nieuwe database met een beheerder aanmaken")
    add_team_parsers(sub)
    _add_demo_parser(sub)
    imp = sub.add_parser(
        "import", help="dossiers importeren (bibob-desk/case@1): bestanden of een map met .json-bestanden"
    )
    imp.add_argument("files", nargs="+")
    exp = sub.add_parser("export-case", help="een dossier exporteren naar JSON")
    exp.add_argument("reference")
    exp.add_argument("-o", "--output", required=True)
    exp.add_argument("--recipient", default="intern", help="ontvanger: intern, lbb, riec, bezwaar, …")
    exp.add_argument("--purpose", default="", help="doel (bijv. overdracht, verantwoording)")
    lst = sub.add_parser("list", help="dossiers tonen")
    lst.add_argument("--json", action="store_true", help="als JSON")
    selftest = sub.add_parser(
        "selftest",
        help="werkt deze installatie? (inhoud, SQLCipher, PDF, Excel, venster; in een tijdelijke map)",
    )
    selftest.add_argument("--zonder-venster", action="store_true", help="het Qt-venster overslaan")
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
    add_network_commands(sub)
    add_case_commands(sub)
    add_workflow_commands(sub)
    add_signal_commands(sub)
    add_scan_commands(sub)
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


def _cmd_demo(db: Path, network: bool = False, original_dates: bool = False) -> int:
    """The sample cases, their dates moved so that the newest lies a few days back (issue 20;
    exchange/demo_dates.py), or as shipped."""
    from bibob_desk.cli.network import demo_documents
    from bibob_desk.exchange.demo_dates import shifted

    ctx = _open(db) if db.exists() else _create(db)
    try:
        present = {s.reference for s in ctx.cases.summaries(limit=100_000)}
        days = 0 if original_dates else demo_shift(ctx, present)
        loaded = []
        for reference, document in demo_documents(network=False):
            if reference in present:
                print(f"Al aanwezig: {reference}")
                continue
            loaded.append(f"Geladen: {ctx.cases.import_document(shifted(document, days)).reference}")
        if network:
            loaded += load_demo_network(ctx, days)
        for line in loaded:
            print(line)
        if days and loaded:
            print(f"Datums verschoven met {days // 7} weken, zodat de termijnen bij vandaag passen.")
    finally:
        ctx.close()
    return 0


def demo_shift(ctx: Any, present: set[str]) -> int:
    """The shift of the demo in this database: the one already applied when a sample case is there
    (so a later `demo --netwerk` fits the cases loaded before), else the one for today."""
    from bibob_desk.cli.network import demo_documents
    from bibob_desk.exchange.demo_dates import shift_for

    shipped = dict(demo_documents(network=True))
    for reference in sorted(present & set(shipped)):
        loaded = ctx.cases.open_case(ctx.cases.id_of(reference)).received_date
        return (loaded - date.fromisoformat(shipped[reference]["case"]["received_date"])).days
    return shift_for(shipped.values(), ctx.workflow.today())


def _cmd_import(db: Path, files: list[str]) -> int:
    """One file as before; several files or a folder in one session, in batches (issue 18)."""
    from bibob_desk.services.cases import ImportRefused
    from bibob_desk.services.importing import case_files

    paths = case_files(Path(f) for f in files)
    if not paths:
        raise UserError("Geen dossierbestanden gevonden (een map wordt gelezen op .json-bestanden).")
    with _open(db) as ctx:
        if len(paths) == 1 and not Path(files[0]).is_dir():
            try:
                outcome = ctx.cases.import_file(paths[0])
            except ImportRefused as refused:
                for issue in refused.errors:
                    print(f"  {issue}", file=sys.stderr)
                raise
            for warning in outcome.warnings:
                print(f"  waarschuwing {warning}")
            print(f"Geïmporteerd: {outcome.reference}")
            return 0
        with terminal_progress("Importeren") as progress:
            bulk = ctx.cases.import_files(paths, progress)
    for name, reason in bulk.refused:
        print(f"Geweigerd: {name}: {reason}", file=sys.stderr)
    unknown = sum(i.unknown_fields for i in bulk.imported)
    note = f" ({unknown} onbekende velden niet opgeslagen)" if unknown else ""
    print(f"{len(bulk.imported)} dossier(s) geïmporteerd, {len(bulk.refused)} geweigerd{note}.")
    if bulk.refused:
        raise UserError(f"{len(bulk.refused)} bestand(en) niet geïmporteerd; de andere wel (zie hierboven).")
    return 0


def _cmd_list(db: Path, as_json: bool) -> int:
    ctx = _open(db)
    try:
        rows = ctx.cases.listing()  # a bulk read: audited
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


def _cmd_check(db: Path, repair: bool = False) -> int:
    ctx = _open(db)
    try:
        if repair:
            with terminal_progress("Projecties opbouwen") as progress:
                count = ctx.maintenance.repair_projections(progress)
            print(f"projecties opnieuw opgebouwd uit {count:,} dossiers".replace(",", "."))
        report = ctx.maintenance.check(full=True)
    finally:
        ctx.close()
    print(f"quick_check: {', '.join(report.quick_check)}")
    print(f"integrity_check: {', '.join(report.integrity_check) or 'ok'}")
    print(f"cipher_integrity_check: {'; '.join(report.cipher_integrity_check) or 'ok'}")
    broken = report.audit_first_broken
    print(f"logboekketen: {'ok' if broken is None else f'gebroken bij volgnummer {broken}'}")
    print(f"projecties: {'ok' if not report.projections else f'{len(report.projections)} afwijking(en)'}")
    for problem in report.projections[:20]:
        print(f"  {problem}")
    if not report.ok:
        raise UserError("Controle mislukt – herstel uit back-up en meld dit als beveiligingsincident.")
    if report.projections:
        raise UserError(
            "De afgeleide tabellen (termijnen, overeenkomstsleutels, doorstartwacht) wijken af van de "
            "dossiers; de dossiers zelf zijn in orde. Bouw ze opnieuw op met: bibob-desk check --herstel"
        )
    print("Controle geslaagd.")
    return 0


def _cmd_setting(db: Path, name: str | None, value: str | None) -> int:
    """Show, change, or (`setting confirm NAME`) confirm a change that needs a second beheerder."""
    ctx = _open(db)
    message = ""
    try:
        if name == "confirm" and value is not None:
            message = " ".join(ctx.settings.confirm(value).messages)
            name = value
        elif value is not None and name is not None:
            message = " ".join(ctx.settings.set(name, value).messages)
        names = list(ctx.settings.all()) if name is None else [name]
        values = {n: ctx.settings.shown(n) for n in names}
        pending = ctx.settings.pending()
    finally:
        ctx.close()
    if message and "voorgesteld" in message:
        print(message)
    for key, current in values.items():
        print(f"{key} = {current}")
    for key, proposed, by in pending:
        print(f"wacht op bevestiging: {key} = {proposed} (voorgesteld door {by})")
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
                "adjustments": f.adjustments,  # proof level, age, ended relation: each factor named
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
                "reason": f"samengevallen met {f.yielded_to} (hetzelfde feit)"
                if f.yielded_to
                else (
                    f"buiten beschouwing: {f.override_motivation}"
                    if f.override_motivation
                    else "gewicht 0 na weging: " + "; ".join(f.adjustments)
                ),
                "merged_into": f.yielded_to or None,
                "adjustments": f.adjustments,
            }
            for f in a.findings
            if f.applied_weight == 0
        ],
        "knockouts": a.knockouts,
        "route": a.route or None,
        "route_text": a.route_text or None,
        "ground": a.ground or None,
        "counter_evidence": a.counter_evidence,
        "not_assessable": [
            {"id": n.indicator, "title": n.title, "missing": n.missing} for n in a.not_assessable
        ],
        "advice": a.advice,
        "catalogue": {
            "id": a.catalogue_id,
            "version": a.catalogue_version,
            "offences_version": a.offences_version,
        },
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
            with terminal_progress("Beoordelen") as progress:
                count = ctx.risk.score_all(progress)
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
                    "track": timeline.track,
                    "cooperation": [
                        {
                            "track": r.track,
                            "ground": r.ground.value,
                            "asked": r.asked.isoformat(),
                            "term_end": r.term_end.isoformat() if r.term_end else None,
                            "answer": r.answer.value if r.answer else None,
                            "open_questions": list(r.open_questions),
                        }
                        for r in timeline.refusals
                    ],
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
    for number, e in enumerate(timeline.events, start=1):
        extra = f" (tot {nl_date(e.until)})" if e.until else (f" ({e.weeks} weken)" if e.weeks else "")
        gone = f" [INGETROKKEN: {e.withdrawn_reason}]" if e.withdrawn else ""
        note = f" — {e.note}" if e.note else ""
        print(f"  {number:>2}. {e.date.isoformat()}  {label(e.kind)}{extra}{note}{gone}")
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


def _cmd_export_case(ctx: Any, args: argparse.Namespace) -> str:
    ctx.cases.export_file(args.reference, Path(args.output), recipient=args.recipient, purpose=args.purpose)
    return f"Geëxporteerd: {args.reference} -> {args.output}"


SIMPLE = {
    "inzage": _cmd_inzage,
    "case": cmd_case,
    "event": cmd_event,
    "stage": cmd_stage,
    "assign": cmd_assign,
    "close": cmd_close,
    "shield": cmd_shield,
    "memo-text": cmd_memo_text,
    "override": cmd_override,
    "matches": cmd_matches,
    "signals": cmd_signals,
    "scan": cmd_scan,
    "recovery-key": _cmd_recovery_key,
    "reset-password": _cmd_reset_password,
    "retention": _cmd_retention,
    "purge": _cmd_purge,
    "export-case": _cmd_export_case,
    "remove-user": _cmd_remove_user,
    "approve": _cmd_approve,
    "add-user": _cmd_add_user,
    "confirm-user": _cmd_confirm_user,
    "pending-users": _cmd_pending_users,
}


FILE_ONLY = ("init", "demo", "backup", "restore", "recover", "rotate-key")
"""What works on a database file only: a team database is created by its owner (team-inrichten), and
backed up, restored and re-keyed on the server."""


def _cmd_init(db: Path) -> int:
    _create(db).close()
    return 0


def _run(args: argparse.Namespace) -> int:
    from bibob_desk.paths import resolve_db, resolve_db_path

    if args.command == "forms":
        return _cmd_forms_check(args.files)
    if args.command == "selftest":
        from bibob_desk.cli.selftest import run

        return run(gui=not args.zonder_venster)
    if args.command in TEAM_OWNER:
        return TEAM_OWNER[args.command](args)
    db = resolve_db_path(args.db) if args.command in FILE_ONLY else resolve_db(args.db)
    if args.command in SIMPLE:
        return _with_app(db, lambda ctx: SIMPLE[args.command](ctx, args))
    handlers: dict[str, Callable[[], int]] = {
        "init": lambda: _cmd_init(db),
        "demo": lambda: _cmd_demo(db, args.netwerk, args.oorspronkelijke_datums),
        "import": lambda: _cmd_import(db, args.files),
        "list": lambda: _cmd_list(db, args.json),
        "check": lambda: _cmd_check(db, args.herstel),
        "score": lambda: _cmd_score(db, args.reference, args.all, args.json),
        "memo": lambda: _cmd_export(db, args),
        "lbb-package": lambda: _cmd_export(db, args),
        "xlsx": lambda: _cmd_export(db, args),
        "passwd": lambda: _cmd_passwd(db),
        "rotate-key": lambda: _cmd_rotate_key(db),
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


def main(argv: Sequence[str] | None = None) -> int:
    with dutch():  # argparse's own words (usage, help, errors) in Dutch
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

"""`bibob-desk case set|edit|history|revert`: correct a case field by field, with a reason; every
change is a new version with who, when, why and the diff; revert makes a new version too."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bibob_desk.cli.common import _case_id
from bibob_desk.domain.errors import UserError

MAX_PATCH_BYTES = 1_000_000


def add_case_commands(sub: argparse._SubParsersAction) -> None:
    case = sub.add_parser(
        "case", help="een dossier corrigeren (per veld, met motivering), geschiedenis, terugzetten"
    )
    action = case.add_subparsers(dest="case_action", required=True, metavar="{set,edit,history,revert}")
    set_ = action.add_parser("set", help="velden wijzigen: PAD=WAARDE (bijv. parties.1.name='R. Amrani')")
    set_.add_argument("reference")
    set_.add_argument(
        "assignments", nargs="+", metavar="PAD=WAARDE", help="WAARDE als JSON of tekst; null = onbekend"
    )
    edit = action.add_parser("edit", help="wijzigingen uit een JSON-patchbestand (RFC 6902)")
    edit.add_argument("reference")
    edit.add_argument("--patch", required=True, help="bestand met een lijst operaties (op, path, value)")
    for parser in (set_, edit):
        parser.add_argument("--reason", default="", help="waarom (verplicht na de intake)")
        parser.add_argument(
            "--expect", type=int, default=None, help="de versie waarop de wijziging is gebaseerd"
        )
    history = action.add_parser(
        "history", help="alle versies van een dossier met wie, wanneer, waarom en wat"
    )
    history.add_argument("reference")
    history.add_argument("--json", action="store_true")
    revert = action.add_parser("revert", help="terugzetten naar een eerdere versie (als nieuwe versie)")
    revert.add_argument("reference")
    revert.add_argument("--to", type=int, required=True, help="het versienummer")
    revert.add_argument("--reason", required=True)
    for parser in (set_, edit, revert):
        parser.add_argument("--json", action="store_true", help="antwoord als JSON")


def _assignments(items: list[str]) -> list[dict[str, Any]]:
    operations = []
    for item in items:
        path, sep, raw = item.partition("=")
        if not sep or not path.strip():
            raise UserError(f"Schrijf een wijziging als PAD=WAARDE, niet '{item[:40]}'.")
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        # "add" sets a field whether or not it was known; null makes it unknown again
        operations.append(
            {"op": "remove", "path": path} if value is None else {"op": "add", "path": path, "value": value}
        )
    return operations


def _patch_file(name: str) -> list[dict[str, Any]]:
    path = Path(name)
    try:
        if path.stat().st_size > MAX_PATCH_BYTES:
            raise UserError("Het patchbestand is groter dan 1 MB.")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise UserError("Het patchbestand kan niet worden gelezen.") from None
    except ValueError:
        raise UserError("Het patchbestand is geen geldige JSON.") from None
    if not isinstance(data, list) or not all(isinstance(op, dict) for op in data):
        raise UserError('Het patchbestand moet een lijst operaties zijn ([{"op": …, "path": …}]).')
    return data


def cmd_case(ctx: Any, args: argparse.Namespace) -> str:
    case_id = _case_id(ctx, args.reference)
    if args.case_action in ("set", "edit"):
        operations = _assignments(args.assignments) if args.case_action == "set" else _patch_file(args.patch)
        version = ctx.revisions.edit(case_id, operations, args.reason, expected=args.expect)
        return reply(args, f"Dossier {args.reference} opgeslagen als versie {version}.", version=version)
    if args.case_action == "revert":
        version = ctx.revisions.revert(case_id, args.to, args.reason)
        text = f"Dossier {args.reference} teruggezet naar versie {args.to}; opgeslagen als versie {version}."
        return reply(args, text, version=version)
    created, revisions = ctx.revisions.history(case_id)
    if args.json:
        return json.dumps(
            {
                "reference": args.reference,
                "created": created,
                "version": ctx.revisions.version(case_id),
                "revisions": [
                    {
                        "version": r.number,
                        "by": r.actor,
                        "at": r.at,
                        "reason": r.reason,
                        "changes": [
                            {"op": c.op, "path": c.path, "old": c.old, "new": c.new} for c in r.changes
                        ],
                    }
                    for r in revisions
                ],
            },
            ensure_ascii=False,
            indent=2,
            default=str,
        )
    from bibob_desk.presentation.fields import describe

    current = ctx.cases.as_dict(case_id)
    lines = [f"Dossier {args.reference}: versie 1 aangemaakt {created[:16].replace('T', ' ')} (UTC)"]
    for r in revisions:
        lines.append(f"versie {r.number} · {r.at[:16].replace('T', ' ')} · {r.actor} · {r.reason or '—'}")
        lines += [
            f"    {describe(c.path, current)} ({c.path}): {_shown(c.old)} → {_shown(c.new)}"
            for c in r.changes
        ]
    return "\n".join(lines)


def _shown(value: Any) -> str:
    if value is None:
        return "(onbekend)"
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:77] + "…"


def add_workflow_commands(sub: argparse._SubParsersAction) -> None:
    """`event add`, `stage`, `override`: what the Termijnen and Risico tabs do, for scripts and tests."""
    event = sub.add_parser("event", help="een gebeurtenis vastleggen")
    event_action = event.add_subparsers(dest="event_action", required=True, metavar="{add,withdraw}")
    add = event_action.add_parser("add", help="gebeurtenis met datum (en termijn of weken)")
    add.add_argument("reference")
    add.add_argument("--type", required=True, help="soort gebeurtenis, bijv. herstel_verzonden")
    add.add_argument("--date", required=True, help="JJJJ-MM-DD")
    add.add_argument("--until", default=None, help="termijn tot (herstel, voornemen), JJJJ-MM-DD")
    add.add_argument("--weeks", type=int, default=None, help="weken (verlenging)")
    add.add_argument(
        "--answer", default=None, help="bij ontvangen antwoorden: volledig, gedeeltelijk of geweigerd"
    )
    add.add_argument(
        "--open-question",
        action="append",
        default=[],
        dest="open_questions",
        help="een vraag die open bleef (herhaal voor meer vragen)",
    )
    add.add_argument("--note", default="")
    withdraw = event_action.add_parser("withdraw", help="gebeurtenis intrekken met reden (blijft zichtbaar)")
    withdraw.add_argument("reference")
    withdraw.add_argument("number", type=int, help="het nummer uit 'bibob-desk timeline KENMERK'")
    withdraw.add_argument("--reason", required=True)
    stage = sub.add_parser("stage", help="fase wijzigen (alleen toegestane overgangen)")
    stage.add_argument("reference")
    stage.add_argument("to", help="de nieuwe fase, bijv. adviesaanvraag_verzonden")
    stage.add_argument("--date", default=None, help="JJJJ-MM-DD (standaard vandaag)")
    stage.add_argument("--reason", default="")
    stage.add_argument("--decision", default=None, help="bij de fase besluit: soort besluit")
    override = sub.add_parser("override", help="afwijken van een indicator, met motivering")
    override.add_argument("reference")
    override.add_argument("indicator")
    how = override.add_mutually_exclusive_group(required=True)
    how.add_argument("--weight", type=int, help="ander gewicht (0-20)")
    how.add_argument("--set-aside", action="store_true", help="buiten beschouwing laten")
    how.add_argument("--withdraw", action="store_true", help="de afwijking intrekken (blijft zichtbaar)")
    override.add_argument("--reason", required=True)
    assign = sub.add_parser("assign", help="behandelaar en/of jurist van een dossier (leeg = niemand)")
    assign.add_argument("reference")
    assign.add_argument("--behandelaar", default=None, help="gebruikersnaam")
    assign.add_argument("--jurist", default=None, help="gebruikersnaam (rol jurist)")
    close = sub.add_parser("close", help="dossier afsluiten met resultaat (de bewaartermijn begint)")
    close.add_argument("reference")
    close.add_argument("--result", required=True, help="bijv. verleend, geweigerd, aanvraag_ingetrokken")
    close.add_argument("--date", default=None, help="JJJJ-MM-DD (standaard vandaag)")
    close.add_argument("--note", default="")
    shield = sub.add_parser("shield", help="dossier afschermen (intimidatierisico) of afscherming opheffen")
    shield.add_argument("reference")
    shield.add_argument("--off", action="store_true", help="afscherming opheffen")
    shield.add_argument("--reason", required=True)
    for parser in (add, withdraw, stage, override, assign, close, shield):
        parser.add_argument("--json", action="store_true", help="antwoord als JSON")


def reply(args: argparse.Namespace, message: str, **facts: Any) -> str:
    """The one-line Dutch answer, or with --json the same as an object (for scripts)."""
    if getattr(args, "json", False):
        return json.dumps({"ok": True, "melding": message, **facts}, ensure_ascii=False, default=str)
    return message


def _enum(kind: type, value: str, what: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(k.value for k in kind)
        raise UserError(f"Onbekende {what} '{value[:40]}'; kies uit: {choices}.") from None


def _day(value: str | None, what: str) -> Any:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"Geef {what} als JJJJ-MM-DD, niet '{value[:20]}'.") from None


def cmd_event(ctx: Any, args: argparse.Namespace) -> str:
    from bibob_desk.domain.enums import AnswerState, EventKind
    from bibob_desk.domain.model import CaseEvent

    if args.event_action == "withdraw":
        ctx.workflow.withdraw_event(_case_id(ctx, args.reference), args.number, args.reason)
        kept = "ze blijft zichtbaar maar telt niet meer"
        return reply(args, f"Gebeurtenis {args.number} van {args.reference} ingetrokken; {kept}.")
    kind = _enum(EventKind, args.type, "gebeurtenis")
    if kind is EventKind.FASE_GEWIJZIGD:
        raise UserError("Een fasewissel legt u vast met: bibob-desk stage KENMERK FASE --reason …")
    event = CaseEvent(
        kind=kind,
        date=_day(args.date, "de datum"),
        until=_day(args.until, "de termijn"),
        weeks=args.weeks,
        note=args.note,
        answer=_enum(AnswerState, args.answer, "antwoord") if args.answer else None,
        open_questions=[q.strip() for q in args.open_questions if q.strip()],
        recorded_by=ctx.users.current.username,
    )
    ctx.workflow.record_event(_case_id(ctx, args.reference), event)
    text = f"Gebeurtenis vastgelegd in {args.reference}: {kind.value} op {event.date.isoformat()}."
    return reply(args, text, version=ctx.revisions.version(_case_id(ctx, args.reference)))


def cmd_stage(ctx: Any, args: argparse.Namespace) -> str:
    from bibob_desk.domain.enums import DecisionKind, Stage

    to = _enum(Stage, args.to, "fase")
    on = _day(args.date, "de datum") or ctx.workflow.today()
    decision = _enum(DecisionKind, args.decision, "soort besluit") if args.decision else None
    ctx.workflow.change_stage(_case_id(ctx, args.reference), to, on, args.reason, decision=decision)
    return reply(args, f"Dossier {args.reference} staat nu in fase {to.value}.", stage=to.value)


def cmd_override(ctx: Any, args: argparse.Namespace) -> str:
    from bibob_desk.domain.assessment import OverrideAction

    if args.withdraw:
        assessment = ctx.risk.withdraw_override(_case_id(ctx, args.reference), args.indicator, args.reason)
        now = f"{assessment.band} {assessment.score}"
        text = f"Afwijking van {args.indicator} ingetrokken; {args.reference} nu {now}."
        return reply(args, text, band=assessment.band, score=assessment.score)
    action = OverrideAction.SET_ASIDE if args.set_aside else OverrideAction.REWEIGH
    assessment = ctx.risk.override(
        _case_id(ctx, args.reference), args.indicator, action, args.reason, args.weight
    )
    text = f"Afwijking vastgelegd; {args.reference} opnieuw beoordeeld: {assessment.band} {assessment.score}."
    return reply(args, text, band=assessment.band, score=assessment.score)


def cmd_assign(ctx: Any, args: argparse.Namespace) -> str:
    case_id = _case_id(ctx, args.reference)
    ctx.cases.assign(case_id, behandelaar=args.behandelaar, jurist=args.jurist)
    case = ctx.cases.open_case(case_id)
    who = f"behandelaar {case.behandelaar or '(niemand)'}, jurist {case.jurist or '(niemand)'}"
    return reply(args, f"Dossier {args.reference}: {who}.", behandelaar=case.behandelaar, jurist=case.jurist)


def cmd_close(ctx: Any, args: argparse.Namespace) -> str:
    from bibob_desk.domain.enums import CaseResult

    result = _enum(CaseResult, args.result, "uitkomst")
    on = _day(args.date, "de datum") or ctx.workflow.today()
    ctx.workflow.close(_case_id(ctx, args.reference), result, on, args.note)
    kept = ctx.retention.until(_case_id(ctx, args.reference))
    text = f"Dossier {args.reference} afgesloten ({result.value}); bewaren tot {kept:%d-%m-%Y}."
    return reply(args, text, result=result.value, retention_until=kept.isoformat())


def cmd_shield(ctx: Any, args: argparse.Namespace) -> str:
    ctx.cases.shield(_case_id(ctx, args.reference), not args.off, args.reason)
    state = "niet meer afgeschermd" if args.off else "afgeschermd: geen namen van medewerkers buiten het team"
    return reply(args, f"Dossier {args.reference} {state}.", shielded=not args.off)

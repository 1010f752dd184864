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
        return f"Dossier {args.reference} opgeslagen als versie {version}."
    if args.case_action == "revert":
        version = ctx.revisions.revert(case_id, args.to, args.reason)
        return f"Dossier {args.reference} teruggezet naar versie {args.to}; opgeslagen als versie {version}."
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
    lines = [f"Dossier {args.reference}: versie 1 aangemaakt {created[:16].replace('T', ' ')} (UTC)"]
    for r in revisions:
        lines.append(f"versie {r.number} · {r.at[:16].replace('T', ' ')} · {r.actor} · {r.reason or '—'}")
        lines += [f"    {c.path}: {_shown(c.old)} → {_shown(c.new)}" for c in r.changes]
    return "\n".join(lines)


def _shown(value: Any) -> str:
    if value is None:
        return "(onbekend)"
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:77] + "…"

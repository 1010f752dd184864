"""Commands for cross-case work (issue 9): match candidates and the officer's judgement."""

from __future__ import annotations

import argparse
import json
from typing import Any

from bibob_desk.domain.errors import UserError


def add_network_commands(sub: argparse._SubParsersAction) -> None:
    matches = sub.add_parser(
        "matches", help="dezelfde personen, bedrijven en adressen in andere dossiers (met de reden)"
    )
    matches.add_argument("reference")
    matches.add_argument("--json", action="store_true")
    matches.add_argument(
        "--judge",
        nargs=2,
        metavar=("NR", "OORDEEL"),
        help="kandidaat NR (uit de lijst) beoordelen: zelfde, niet_zelfde of onzeker",
    )
    matches.add_argument("--reason", default="", help="motivering bij het oordeel (verplicht met --judge)")


def _row(n: int, judged: Any) -> dict[str, object]:
    m = judged.candidate
    return {
        "nr": n,
        "kind": m.kind,
        "score": m.score,
        "party": m.subject.name,
        "other_reference": m.other.reference,
        "other_party": m.other.name,
        "reasons": list(m.reasons),
        "verdict": judged.verdict,
        "judged_by": judged.judged_by,
        "judged_at": judged.judged_at,
        "motivation": judged.motivation,
    }


def cmd_matches(ctx: Any, args: argparse.Namespace) -> str:
    """The candidates as text (or JSON); with --judge, first record the judgement."""
    found = ctx.matching.matches(args.reference)
    if args.judge:
        number, verdict = args.judge
        if not number.isdigit() or not 1 <= int(number) <= len(found):
            raise UserError(f"Kies een kandidaat van 1 tot en met {len(found)}.")
        ctx.matching.judge(found[int(number) - 1].candidate, verdict, args.reason)
        found = ctx.matching.matches(args.reference)
    rows = [_row(n, judged) for n, judged in enumerate(found, start=1)]
    if args.json:
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if not rows:
        return f"Geen overeenkomsten met andere dossiers voor {args.reference}."
    lines = []
    for r in rows:
        verdict = (
            f"  [oordeel: {r['verdict']}, {r['judged_by']}]" if r["verdict"] else "  [nog niet beoordeeld]"
        )
        lines.append(
            f"{r['nr']:>3}. {r['kind']:<13} {r['score']:>3}%  {r['party']}  ~  "
            f"{r['other_reference']}: {r['other_party']}{verdict}"
        )
        lines += [f"       - {reason}" for reason in r["reasons"]]
    lines.append(
        "Niets wordt samengevoegd; beoordeel met --judge NR zelfde|niet_zelfde|onzeker --reason TEKST."
    )
    return "\n".join(lines)

"""Commands for cross-case work (issue 9): match candidates and the officer's judgement."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
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


def add_signal_commands(sub: argparse._SubParsersAction) -> None:
    signals = sub.add_parser("signals", help="het signalenregister: signalen vastleggen en tonen")
    action = signals.add_subparsers(dest="signals_action", metavar="ACTIE", required=True)
    add = action.add_parser("add", help="een signaal vastleggen (over een persoon, bedrijf of adres)")
    add.add_argument(
        "--source", required=True, help="handhaving, boa, politie, riec, om_tip, bibob_register, melding, …"
    )
    add.add_argument("--date", required=True, help="JJJJ-MM-DD")
    add.add_argument(
        "--reliability", default="onbekend", help="bevestigd, waarschijnlijk, onbevestigd, onbekend"
    )
    add.add_argument("--about", required=True, choices=["persoon", "rechtspersoon", "adres"])
    add.add_argument("--name", required=True, help="naam, of voor een adres een omschrijving")
    add.add_argument("--description", required=True)
    add.add_argument("--birth-date", help="JJJJ-MM-DD (persoon)")
    add.add_argument("--kvk", help="KvK-nummer (rechtspersoon)")
    add.add_argument("--postcode", default="")
    add.add_argument("--house-number", default="")
    add.add_argument("--retention-date", help="JJJJ-MM-DD; standaard 5 jaar na de datum")
    withdraw = action.add_parser("withdraw", help="een signaal intrekken met reden (blijft zichtbaar)")
    withdraw.add_argument("number", type=int, help="het nummer uit 'signals list'")
    withdraw.add_argument("--reason", required=True)
    listing = action.add_parser("list", help="signalen tonen (met --case: alleen die over een dossier)")
    listing.add_argument("--case", metavar="KENMERK")
    listing.add_argument("--json", action="store_true")


def _date(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{field}: gebruik JJJJ-MM-DD.") from None


def cmd_signals(ctx: Any, args: argparse.Namespace) -> str:
    if args.signals_action == "add":
        number = ctx.signals.add(
            source=args.source,
            on=_date(args.date, "datum"),
            reliability=args.reliability,
            about=args.about,
            name=args.name,
            description=args.description,
            birth_date=_date(args.birth_date, "geboortedatum"),
            kvk=args.kvk,
            postcode=args.postcode,
            house_number=args.house_number,
            retention_date=_date(args.retention_date, "bewaren tot"),
        )
        return f"Signaal {number} vastgelegd."
    if args.signals_action == "withdraw":
        ctx.signals.withdraw(args.number, args.reason)
        return f"Signaal {args.number} ingetrokken; het blijft zichtbaar maar telt niet meer mee."
    if args.case:
        found = ctx.signals.linked_to(ctx.cases.id_of(args.case))
        rows = [
            {**_signal_row(link.entry), "linked_to": link.party.name, "reasons": list(link.reasons)}
            for link in found
        ]
    else:
        rows = [_signal_row(e) for e in ctx.signals.active()]
    if args.json:
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if not rows:
        return "Geen signalen."
    lines = []
    for r in rows:
        linked = f"  → {r['linked_to']} ({'; '.join(r['reasons'])})" if "linked_to" in r else ""
        lines.append(
            f"{r['id']:>4}  {r['date']}  {r['source']:<14} {r['reliability']:<14} {r['about']:<13} "
            f"{r['name']}{linked}"
        )
        lines.append(f"      {r['description']} (bewaren tot {r['retention_date']})")
    return "\n".join(lines)


def _signal_row(e: Any) -> dict[str, Any]:
    return {
        "id": e.id,
        "date": e.date.isoformat(),
        "source": e.source.value,
        "reliability": e.reliability.value,
        "about": e.subject_kind,
        "name": e.subject_name,
        "birth_date": e.birth_date.isoformat() if e.birth_date else None,
        "kvk": e.kvk,
        "postcode": e.postcode,
        "house_number": e.house_number,
        "description": e.description,
        "recorded_by": e.recorded_by,
        "retention_date": e.retention_date.isoformat(),
    }


def add_scan_commands(sub: argparse._SubParsersAction) -> None:
    scan = sub.add_parser("scan", help="weerbaarheidsscan van de eigen organisatie: invullen, tonen, als PDF")
    scan.add_argument(
        "--answers", metavar="BESTAND.json", help="antwoorden vastleggen en scoren (vraag-id: antwoord)"
    )
    scan.add_argument("--pdf", metavar="BESTAND.pdf", help="samenvatting van de laatste scan als PDF")
    scan.add_argument("--json", action="store_true")


def cmd_scan(ctx: Any, args: argparse.Namespace) -> str:
    lines = []
    if args.answers:
        try:
            answers = json.loads(Path(args.answers).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise UserError(
                "Het antwoordenbestand is niet te lezen (verwacht: JSON met vraag-id: antwoord)."
            ) from None
        if not isinstance(answers, dict):
            raise UserError("Het antwoordenbestand moet een JSON-object zijn (vraag-id: antwoord).")
        number, _ = ctx.resilience.record({str(k): str(v) for k, v in answers.items()})
        lines.append(f"Scan {number} vastgelegd.")
    latest = ctx.resilience.latest()
    if latest is None:
        raise UserError("Er is nog geen weerbaarheidsscan ingevuld (gebruik --answers).")
    row, result = latest
    if args.pdf:
        written = ctx.exports.resilience_summary(Path(args.pdf))
        lines.append(f"Samenvatting geschreven: {written.path} ({written.size // 1000} kB)")
    if args.json:
        return json.dumps(
            {
                "scan": row.id,
                "completed_at": row.completed_at,
                "total": round(100 * result.total_share),
                "themes": [
                    {"theme": t.theme, "title": t.title, "score": round(100 * t.share), "band": t.band}
                    for t in result.themes
                ],
                "improvements": [list(i) for i in result.improvements],
            },
            ensure_ascii=False,
            indent=2,
        )
    lines.append(
        f"Weerbaarheidsscan {row.id} ({row.completed_at[:10]}, {row.completed_by}): "
        f"{round(100 * result.total_share)}% van het maximum"
    )
    for t in result.themes:
        lines.append(f"  {t.title:<45} {round(100 * t.share):>3}%  {t.band}")
    lines.append(f"Verbeterpunten: {len(result.improvements)}")
    lines += [f"  - {improvement}" for _, _, improvement in result.improvements]
    return "\n".join(lines)


def _documents(files: list[Path]) -> list[tuple[str, dict[str, Any]]]:
    return [(f.stem, json.loads(f.read_text(encoding="utf-8"))) for f in files]


def _network_folder() -> Path:
    from bibob_desk.paths import resources_dir

    return resources_dir() / "demo" / "netwerk"


def _network_extra() -> dict[str, Any]:
    return json.loads((_network_folder() / "netwerk.json").read_text(encoding="utf-8"))


def _network_cases() -> list[tuple[str, dict[str, Any]]]:
    return _documents([f for f in sorted(_network_folder().glob("*.json")) if f.name != "netwerk.json"])


def demo_documents(*, network: bool) -> list[tuple[str, dict[str, Any]]]:
    """(reference, document) of the sample cases as shipped; `network`: the look-alike cases and the
    demo decisions too (reference ''), whose dates move with the cases'."""
    from bibob_desk.paths import demo_case_files

    found = _documents(list(demo_case_files()))
    if network:
        found += [*_network_cases(), ("", {"besluiten": _network_extra()["besluiten"]})]
    return found


def load_demo_network(ctx: Any, days: int = 0) -> list[str]:
    """`bibob-desk demo --netwerk`: two look-alike cases (the same people elsewhere; other people at
    the same address), a refusal of H2 and three register signals. Loads nothing twice. `days`: the
    cases and the refusal moved as the sample cases were (the signals keep their own dates)."""
    from bibob_desk.domain.enums import DecisionKind, EventKind
    from bibob_desk.domain.model import CaseEvent
    from bibob_desk.exchange.demo_dates import shifted

    done = []
    present = {s.reference for s in ctx.cases.summaries(limit=100_000)}
    for reference, document in _network_cases():
        if reference in present:
            continue
        done.append(f"Geladen: {ctx.cases.import_document(shifted(document, days)).reference}")
    extra = shifted(_network_extra(), days)
    extra["signalen"] = _network_extra()["signalen"]
    for decision in extra["besluiten"]:
        case_id = ctx.cases.id_of(decision["kenmerk"])
        kind = DecisionKind(decision["besluit"])
        case, _ = ctx.workflow.timeline(case_id)
        if any(e.decision is kind for e in case.active_events):
            continue
        event = CaseEvent(
            kind=EventKind.BESLUIT_BEKENDGEMAAKT,
            date=date.fromisoformat(decision["datum"]),
            recorded_by=ctx.users.current.username,
            note=decision["toelichting"],
            decision=kind,
        )
        ctx.workflow.record_event(case_id, event)
        done.append(f"Besluit vastgelegd: {kind.value} voor {decision['kenmerk']}")
    known = {(s.date.isoformat(), s.description) for s in ctx.signals.active()}
    for s in extra["signalen"]:
        if (s["datum"], s["omschrijving"]) in known:
            continue
        number = ctx.signals.add(
            source=s["bron"],
            on=date.fromisoformat(s["datum"]),
            reliability=s["betrouwbaarheid"],
            about=s["over"],
            name=s["naam"],
            description=s["omschrijving"],
            postcode=s.get("postcode", ""),
            house_number=s.get("huisnummer", ""),
        )
        done.append(f"Signaal {number} vastgelegd")
    return done

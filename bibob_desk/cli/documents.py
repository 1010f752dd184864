"""Commands for documents: memos, the LBB package, Excel, attachments and four-eyes approval."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from bibob_desk.cli.common import _case_id, _open
from bibob_desk.domain.errors import UserError


def _documents(*, final: bool = False) -> list[str] | None:
    """The document ids of the memo texts file (memoteksten.yaml); None when it cannot be read
    (the export then says why, in Dutch)."""
    from bibob_desk.content.safe_yaml import ContentError
    from bibob_desk.exports.texts import DocumentKind, load_texts

    try:
        texts = load_texts()
    except ContentError:
        return None
    return [k for k, _ in texts.choosable() if not final or texts.kind_of(k) is DocumentKind.BESLUIT]


def _add_export_commands(sub: argparse._SubParsersAction) -> None:
    memo = sub.add_parser("memo", help="memo of besluit als PDF")
    memo.add_argument("reference")
    memo.add_argument("--kind", required=True, choices=_documents())
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
    approve.add_argument("--kind", required=True, choices=_documents(final=True))
    memo.add_argument("--party", default=None, help="bij ontvanger derde: de partij (id, bijv. p3)")
    memo.add_argument(
        "--word",
        action="store_true",
        help="als .docx uit het Word-sjabloon van de gemeente (afmaken in Word)",
    )
    memo_text = sub.add_parser("memo-text", help="de eigen tekst van een onderdeel van een document")
    memo_text.add_argument("reference")
    memo_text.add_argument("--kind", required=True, choices=_documents())
    memo_text.add_argument("--section", default=None, help="het kopje, bijv. 'Motivering' (zonder: tonen)")
    memo_text.add_argument("--text", default=None)
    memo_text.add_argument("--reason", default="")
    memo.add_argument("--your-reference", default="", help="uw kenmerk (in een brief)")
    for export in (memo, package, xlsx):
        export.add_argument(
            "--recipient", default=None, help="ontvanger: intern, lbb, riec, betrokkene, derde, bezwaar, …"
        )
        export.add_argument("--purpose", default=None, help="doel (bijv. besluitvorming, adviesaanvraag)")


def _cmd_export(db: Path, args: argparse.Namespace) -> int:
    ctx = _open(db)
    extra = {k: v for k, v in (("recipient", args.recipient), ("purpose", args.purpose)) if v}
    try:
        if args.command == "memo":
            letter = {"party": args.party, "your_reference": args.your_reference}
            case_id = _case_id(ctx, args.reference)
            write = ctx.exports.word if args.word else ctx.exports.memo
            result = write(case_id, args.kind, Path(args.output), **extra, **letter)
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
        checklist, stored = (
            ctx.attachments.checklist(case_id),
            ctx.attachments.attachments(case_id, bulk=True),
        )
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


def _cmd_approve(ctx: Any, args: argparse.Namespace) -> str:
    """Shows what the approval covers, then approves it (P3: the approver sees what he signs)."""
    case_id = _case_id(ctx, args.reference)
    summary = ctx.exports.approval_summary(case_id, args.kind)
    ctx.exports.approve(case_id, args.kind)
    return "\n".join(
        [
            "U keurt goed:",
            *(f"  {line}" for line in summary.lines()),
            f"Goedgekeurd: {args.kind} voor {args.reference} (geldt tot de beoordeling of de voorschriften "
            "wijzigen).",
        ]
    )


def cmd_memo_text(ctx: Any, args: argparse.Namespace) -> str:
    """Show the texts of a document for a case, or store one section's own text (a revision)."""
    case_id = _case_id(ctx, args.reference)
    if args.section is None:
        lines = []
        for heading, text, required in ctx.exports.document_texts(case_id, args.kind):
            lines.append(f"== {heading}{' (verplicht)' if required else ''}")
            lines.append(text or "(leeg)")
        return "\n".join(lines)
    if args.text is None:
        raise UserError("Geef de tekst met --text.")
    version = ctx.exports.set_document_texts(case_id, args.kind, {args.section: args.text}, args.reason)
    return f"Tekst van '{args.section}' opgeslagen (versie {version})."

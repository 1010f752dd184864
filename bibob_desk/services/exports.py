"""One export service: every export is audited first (who, what, for whom, why) and then written
atomically (temp file, fsync, rename): a full disk leaves an existing file untouched and no partial file."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import secrets
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from bibob_desk import __version__
from bibob_desk.content.safe_yaml import ContentError
from bibob_desk.domain.codec import to_primitive
from bibob_desk.domain.enums import EventKind, Role, Stage
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Case
from bibob_desk.exports import BASIS, VOLLEDIG
from bibob_desk.exports.texts import DocumentKind, MemoTexts
from bibob_desk.presentation.case_file import CaseFile, conclusion_text
from bibob_desk.presentation.values import DateStyle, text
from bibob_desk.services.attachments import AttachmentService
from bibob_desk.services.changes import Reports, Topic
from bibob_desk.services.permissions import require
from bibob_desk.services.questionnaires import QuestionnaireService
from bibob_desk.services.risk import RiskService
from bibob_desk.services.settings import SettingsService
from bibob_desk.services.vocabulary import (
    PURPOSES,
    RECIPIENTS,
    ApprovalSummary,
    ExportKind,
    ExportResult,
    degree_label,
)
from bibob_desk.services.workflow import WorkflowService
from bibob_desk.store.keyslots import atomic_write_stream
from bibob_desk.store.store import Store

if TYPE_CHECKING:  # the PDF, Excel and ZIP libraries load on first use, not at start-up
    from bibob_desk.exports.memos import MemoContext
    from bibob_desk.exports.preview import PageImage
    from bibob_desk.presentation.recipients import Profiles

PAST_OWN_INVESTIGATION = {
    Stage.ADVIESAANVRAAG_VERZONDEN,
    Stage.ADVIES_ONTVANGEN,
    Stage.VOORNEMEN,
    Stage.ZIENSWIJZE,
    Stage.BESLUIT,
    Stage.NAZORG,
    Stage.INTREKKING,
    Stage.GESLOTEN,
}


def csv_safe(value: str) -> str:
    """OWASP: a cell starting with = + - @ tab or CR is prefixed with ' so it stays text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class ExportService(Reports):
    def __init__(
        self,
        store: Store,
        risk: RiskService,
        workflow: WorkflowService,
        questionnaires: QuestionnaireService,
        *,
        attachments: AttachmentService,
        settings: SettingsService,
    ) -> None:
        self.store, self.risk, self.workflow, self.questionnaires = store, risk, workflow, questionnaires
        self.attachments, self.settings = attachments, settings

    # -- the one write path -----------------------------------------------------------------
    def _write(
        self,
        target: Path,
        data: bytes | Callable[[BinaryIO], object],
        *,
        kind: ExportKind,
        detail: str = "",
        objects: str,
        recipient: str,
        purpose: str,
    ) -> ExportResult:
        """Write an export atomically; `data` is the bytes, or a function that streams them into
        the file (the LBB package, issue 18). Audited with its hash while the file is still hidden."""
        action = kind.action(detail)
        if recipient not in RECIPIENTS:
            raise UserError(f"Kies een ontvanger: {', '.join(RECIPIENTS)}.")
        if purpose not in PURPOSES:
            raise UserError(f"Kies een doel: {', '.join(PURPOSES)}.")
        target = Path(target)
        if not target.parent.is_dir():
            raise UserError("De map voor het exportbestand bestaat niet.")
        produce = data if callable(data) else (lambda out: out.write(data))

        def audit(digest: str, _size: int) -> None:  # audited before the file exists (T27)
            with self.store.transaction() as tx:
                tx.audit(action, f"{objects};ontvanger:{recipient};doel:{purpose};sha256:{digest[:16]}")

        try:
            digest, size = atomic_write_stream(target, produce, audit)  # owner only, fsync, rename
        except OSError:
            with self.store.transaction() as tx:
                tx.audit(action, objects, result="mislukt")
            raise UserError(
                "Schijf vol of geen schrijfrechten – het exportbestand is niet geschreven; "
                "een bestaand bestand is ongewijzigd."
            ) from None
        self.store.write_anchor()  # the audit head also outside the database
        return ExportResult(target, digest, size)

    # -- inputs -----------------------------------------------------------------------------
    def memo_kinds(self) -> list[tuple[str, str]]:
        """(document id, label) a user can export, from the memo texts file."""
        return self._texts().choosable()

    def decision_kinds(self) -> list[tuple[str, str]]:
        """The final decisions (four eyes), from the memo texts file."""
        texts = self._texts()
        return [(k, label) for k, label in texts.choosable() if texts.kind_of(k) is DocumentKind.BESLUIT]

    @staticmethod
    def _texts() -> MemoTexts:
        from bibob_desk.exports.texts import load_texts

        try:
            return load_texts()
        except ContentError as error:
            raise UserError(f"De memoteksten zijn onbruikbaar: {error}") from None

    def _check_kind(self, kind: str) -> MemoTexts:
        """A document a user may export, with the role it needs (decisions: jurist)."""
        texts = self._texts()
        if kind not in dict(texts.choosable()):
            raise UserError(f"Onbekend soort memo; kies uit {', '.join(k for k, _ in texts.choosable())}.")
        decision = texts.kind_of(kind) in (DocumentKind.VOORNEMEN, DocumentKind.BESLUIT)
        require(self.store, Role.JURIST if decision else Role.VERGUNNINGVERLENER)
        return texts

    def _context(self, case_id: str, today: date) -> MemoContext:
        from bibob_desk.exports.memos import MemoContext

        texts = self._texts()
        case, timeline = self.workflow.timeline(case_id)
        seq, mac = self.store.audit_head()
        assessment = self.risk.latest(case_id)
        versions = f"memoteksten v{texts.version}"
        if assessment is not None:
            versions += f" · catalogus {assessment.catalogue_id} v{assessment.catalogue_version}"
        weeks = int(self.workflow.terms().terms.get("zienswijze_weeks", 2))
        return MemoContext(
            case_file=CaseFile(case, assessment, timeline, self._answers(case)),
            texts=texts,
            anchor=f"volgnummer {seq} · {mac[:16]} · {versions}",
            today=today,
            zienswijze_until=today + timedelta(weeks=weeks),  # the voornemen is sent today
            retention=self._retention(case),
        )

    @staticmethod
    def _retention(case: Case) -> str:
        """'12 januari 2031 (5 jaar na bekendmaking …)' for the nazorg memo; '' without usable rules."""
        from bibob_desk.workflow.retention import load_rules, retention_date

        try:
            kept = retention_date(case, load_rules())
        except ContentError:
            return ""
        return f"{text(kept.until, DateStyle.LONG)} ({kept.explanation})"

    @staticmethod
    def _check_fits(texts: MemoTexts, kind: str, case: Case) -> None:
        """A document that does not fit the case's track or state is refused, saying what is missing;
        a decision or voornemen also when a required text is still empty (naming the section)."""
        from bibob_desk.exports.texts import missing_for

        missing = missing_for(texts.requirements(kind), case)
        if texts.kind_of(kind) in (DocumentKind.BESLUIT, DocumentKind.VOORNEMEN):
            own = {t.section: t.text for t in case.document_texts if t.document == kind}
            for heading, fixed, required in texts.editable(kind):
                shown = own.get(heading, fixed).replace("{conclusie}", conclusion_text(case))
                if required and not shown.strip():
                    missing.append(f"vul eerst de tekst van '{heading}' in (Teksten bewerken…)")
        if missing:
            title = texts.documents[kind]["label"]
            raise UserError(f"{title} kan nu niet worden gemaakt: {'; '.join(missing)}.")

    def document_texts(self, case_id: str, kind: str) -> list[tuple[str, str, bool]]:
        """(section, the text as it stands for this case, required) of a document's editable texts:
        the jurist's own text, or the fixed text with the case's data filled in."""
        from bibob_desk.presentation.case_file import template_values

        texts = self._check_kind(kind)
        ctx = self._context(case_id, date.today())
        values = template_values(ctx.case_file, ctx.today)
        own = {t.section: t.text for t in ctx.case.document_texts if t.document == kind}
        out = []
        for heading, fixed, required in texts.editable(kind):
            filled = fixed
            for key, value in values.items():
                filled = filled.replace("{" + key + "}", value)
            out.append((heading, own.get(heading, filled), required))
        return out

    def set_document_texts(self, case_id: str, kind: str, edited: dict[str, str], reason: str = "") -> int:
        """Store the jurist's texts of a document as a revision of the case (who, when, why)."""
        from bibob_desk.domain.model import DocumentText
        from bibob_desk.domain.text import clean_text

        texts = self._check_kind(kind)
        headings = {h for h, _, _ in texts.editable(kind)}
        unknown = set(edited) - headings
        if unknown:
            raise UserError(f"Dit document heeft geen onderdeel '{sorted(unknown)[0]}'.")
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
            kept = [t for t in case.document_texts if not (t.document == kind and t.section in edited)]
            for heading, value in edited.items():
                checked = clean_text(value.strip(), max_length=20_000)
                if checked.problem:
                    raise UserError(f"De tekst van '{heading}' {checked.problem}.")
                kept.append(DocumentText(document=kind, section=heading, text=checked.text))
            case.document_texts = kept
            why = f"teksten {texts.documents[kind]['label'].lower()}" + (f": {reason}" if reason else "")
            version = tx.save_case(case, reason=why)
            tx.audit("document.teksten", f"case:{case_id};document:{kind};onderdelen:{len(edited)}")
        self.report(case_id, topics=(Topic.CASES,))
        return int(version or 0)

    @staticmethod
    def profiles() -> Profiles:
        from bibob_desk.presentation.recipients import load_profiles

        try:
            return load_profiles()
        except ContentError as error:
            raise UserError(f"De ontvangersprofielen zijn onbruikbaar: {error}") from None

    def recipients(self) -> list[tuple[str, str]]:
        """(profile id, label) of the recipients a document can be made for."""
        return [(k, p.label) for k, p in self.profiles().profiles.items()]

    def _for_recipient(
        self, ctx: MemoContext, recipient: str, *, party: str | None, your_reference: str
    ) -> MemoContext:
        from dataclasses import replace

        from bibob_desk.presentation.recipients import for_recipient
        from bibob_desk.services.letters import build_letter

        profiles = self.profiles()
        if recipient not in profiles.profiles:
            raise UserError(f"Kies een ontvanger: {', '.join(profiles.profiles)}.")
        profile = profiles.get(recipient)
        case = ctx.case
        if case.shielded:  # afgeschermd: no official's name in any export, internal ones included
            profile = replace(profile, officers=False)
        if profile.one_party and (party is None or case.party(party) is None):
            names = ", ".join(f"{p.id} ({p.name})" for p in case.parties)
            raise UserError(f"Kies over welke partij dit document gaat (art. 28 lid 3): {names}.")
        case_file = for_recipient(ctx.case_file, profile, party=party)
        letter = None
        if profile.letter:
            letter = build_letter(
                self.settings, case_file, case, party, your_reference, ctx.today, one_party=profile.one_party
            )
        return replace(ctx, case_file=case_file, profile=profile, letter=letter)

    def _answers(self, case: Case) -> list[tuple[str, str, str]]:
        from bibob_desk.exports.memos import any_value

        rows = []
        for record in case.answers:
            form = self.questionnaires.catalog.get(record.form_id, record.form_version, record.form_sha256)
            labels = form.labels() if form is not None else {}
            for key, value in record.answers.items():
                rows.append((record.form_id, labels.get(key, key), any_value(value)))
        return rows

    # -- exports ----------------------------------------------------------------------------
    def _document(
        self, case_id: str, kind: str, recipient: str, party: str | None, your_reference: str
    ) -> MemoContext:
        """The checked context of one document for one recipient: the kind and role, whether it fits
        the case, four eyes for a final decision, then the recipient's profile."""
        texts = self._check_kind(kind)
        ctx = self._context(case_id, date.today())
        self._check_fits(texts, kind, ctx.case)
        if texts.kind_of(kind) is DocumentKind.BESLUIT:  # every decision states whether four eyes applied
            if self.settings.four_eyes():
                self._require_second_jurist(ctx, kind)
            ctx = replace(ctx, four_eyes=self.settings.four_eyes())
        return self._for_recipient(ctx, recipient, party=party, your_reference=your_reference)

    def _four_eyes_token(self, kind: str) -> str:
        """';vier_ogen:ja' / ';vier_ogen:nee' in the audit row of a decision, else ''."""
        if self._texts().kind_of(kind) is not DocumentKind.BESLUIT:
            return ""
        return ";vier_ogen:ja" if self.settings.four_eyes() else ";vier_ogen:nee"

    def memo(
        self,
        case_id: str,
        kind: str,
        target: Path,
        *,
        recipient: str = "intern",
        purpose: str = "besluitvorming",
        party: str | None = None,
        your_reference: str = "",
    ) -> ExportResult:
        """A memo, decision or letter for this recipient: its profile (resources/recipients) decides
        what is in it; for a betrokkene or derde it is a letter, signed by function only."""
        from bibob_desk.exports.memos import build_memo

        ctx = self._document(case_id, kind, recipient, party=party, your_reference=your_reference)
        data = build_memo(kind, ctx)
        return self._write(
            target,
            data,
            kind=ExportKind.MEMO,
            detail=kind,
            objects=f"case:{case_id}{self._four_eyes_token(kind)}",
            recipient=recipient,
            purpose=purpose,
        )

    def word(
        self,
        case_id: str,
        kind: str,
        target: Path,
        *,
        recipient: str = "intern",
        purpose: str = "besluitvorming",
        party: str | None = None,
        your_reference: str = "",
    ) -> ExportResult:
        """The same document as a .docx from the municipality's Word template (to finish in Word):
        the same checks, the same recipient profile, the same audit."""
        from bibob_desk.exports.docx_letter import build_docx, load_template

        try:
            template = load_template()
        except ContentError as error:
            raise UserError(f"Het Word-sjabloon is onbruikbaar: {error}") from None
        ctx = self._document(case_id, kind, recipient, party=party, your_reference=your_reference)
        return self._write(
            target,
            build_docx(kind, ctx, template),
            kind=ExportKind.WORD,
            detail=kind,
            objects=f"case:{case_id}{self._four_eyes_token(kind)}",
            recipient=recipient,
            purpose=purpose,
        )

    def _fingerprint(self, ctx: MemoContext, kind: str) -> str:
        """What a decision says: its kind, the legal assessment, the voorschriften and the assessment
        it rests on. Any change after approval needs a new approval. Taken from the stored case: a
        shielded case shows a second jurist no author's name, and what he approves is the same."""
        a = ctx.assessment
        with self.store.transaction() as tx:
            case = tx.cases.get(ctx.case.id)
        content = {
            "kind": kind,
            "legal": to_primitive(case.legal),
            "voorschriften": to_primitive(case.voorschriften),
            "assessment": [a.inputs_hash, a.catalogue_sha256, a.score] if a else None,
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()

    def _require_second_jurist(self, ctx: MemoContext, kind: str) -> None:
        with self.store.transaction() as tx:
            approvers = tx.approvals.approvers(ctx.case.id, kind, self._fingerprint(ctx, kind))
        excluded = {self.store.user.username, *self._legal_authors(ctx)}
        if not [a for a in approvers if a not in excluded]:
            raise UserError(
                "Dit besluit heeft eerst de goedkeuring van een tweede jurist nodig (vier ogen): "
                "laat een andere jurist het besluit goedkeuren dan wie het vastlegt of de juridische "
                "beoordeling schreef. Na een wijziging in de beoordeling of "
                "de voorschriften is een nieuwe goedkeuring nodig."
            )

    def _legal_authors(self, ctx: MemoContext) -> set[str]:
        """Who recorded the legal assessment: its author and everyone whose saved change touched it."""
        with self.store.transaction() as tx:
            revisions = tx.revisions.revisions(ctx.case.id)
        authors = {r.actor for r in revisions if any(c.path.startswith("/legal") for c in r.changes)}
        if ctx.case.legal is not None and ctx.case.legal.author:
            authors.add(ctx.case.legal.author)
        return authors

    def approval_summary(self, case_id: str, kind: str) -> ApprovalSummary:
        """What an approval covers, shown before it is given (P3): the case, the kind of decision,
        the legal assessment and voorschriften it rests on, and a short fingerprint of that content."""
        finals = self._texts().of_kind(DocumentKind.BESLUIT)
        if kind not in finals:
            raise UserError(f"Goedkeuren kan voor: {', '.join(sorted(finals))}.")
        ctx = self._context(case_id, date.today())
        legal = ctx.case.legal
        if legal is None:
            raise UserError("Er is nog geen juridische beoordeling om goed te keuren.")
        a = ctx.assessment
        fingerprint = self._fingerprint(ctx, kind)
        return ApprovalSummary(
            reference=ctx.case.reference,
            kind=kind,
            kind_label=str(self._texts().documents[kind]["label"]),
            conclusions=(degree_label(legal.conclusion_a), degree_label(legal.conclusion_b)),
            ground=label(legal.ground) if legal.ground is not None else "",
            voorschriften=len(ctx.case.voorschriften),
            assessment=f"score {a.score} ({a.band}), catalogus {a.catalogue_id} v{a.catalogue_version}"
            if a
            else "geen risicobeoordeling",
            fingerprint=" ".join(fingerprint[i : i + 4] for i in range(0, 16, 4)),
            authors=tuple(sorted(self._legal_authors(ctx))),
        )

    def approve(self, case_id: str, kind: str) -> None:
        """A jurist approves the decision as it stands now (four eyes): not one who recorded the
        legal assessment it rests on."""
        require(self.store, Role.JURIST)  # the role first: nothing is read for who may not approve
        summary = self.approval_summary(case_id, kind)
        ctx = self._context(case_id, date.today())
        if self.store.user.username in summary.authors:
            raise UserError(
                "U heeft (een deel van) de juridische beoordeling van dit besluit vastgelegd; vier ogen "
                "vraagt de goedkeuring van een andere jurist."
            )
        with self.store.transaction() as tx:
            tx.approvals.add(case_id, kind, self._fingerprint(ctx, kind), self.store.user.username)
            tx.audit(f"besluit.goedgekeurd.{kind}", f"case:{case_id}")
        self.report(case_id, topics=(Topic.APPROVALS,))

    def audit_csv(
        self,
        target: Path,
        *,
        action: str = "",
        actor: str = "",
        limit: int = 100_000,
        recipient: str = "intern",
        purpose: str = "verantwoording",
    ) -> ExportResult:
        """The audit log (filtered) as CSV for the beheerder; cells that a spreadsheet would run as a
        formula get a leading apostrophe (T37)."""
        require(self.store, Role.BEHEERDER)
        rows = self.store.audit_entries(limit=limit, action=action, actor=actor)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(["volgnummer", "tijd_utc", "gebruiker", "actie", "object", "resultaat", "oorsprong"])
        for r in rows:
            writer.writerow(
                [r.seq, *(csv_safe(v) for v in (r.ts_utc, r.actor, r.action, r.object, r.result, r.origin))]
            )
        data = buffer.getvalue().encode("utf-8-sig")
        return self._write(
            target,
            data,
            kind=ExportKind.LOGBOEK,
            detail="csv",
            objects=f"regels:{len(rows)}",
            recipient=recipient,
            purpose=purpose,
        )

    def memo_preview(
        self,
        case_id: str,
        kind: str,
        width: int = 700,
        *,
        recipient: str = "intern",
        party: str | None = None,
        your_reference: str = "",
    ) -> PageImage:
        """The first page of the document as its recipient gets it, for the screen only."""
        from bibob_desk.exports.memos import build_memo
        from bibob_desk.exports.preview import first_page_image

        texts = self._check_kind(kind)
        ctx = self._context(case_id, date.today())
        self._check_fits(texts, kind, ctx.case)
        ctx = self._for_recipient(ctx, recipient, party=party, your_reference=your_reference)
        image = first_page_image(build_memo(kind, ctx), width)
        with self.store.transaction() as tx:
            tx.audit(f"memo.voorbeeld.{kind}", f"case:{case_id}")
        return image

    def lbb_package(
        self,
        case_id: str,
        target: Path,
        *,
        encrypt: bool = False,
        recipient: str = "lbb",
        purpose: str = "adviesaanvraag",
    ) -> ExportResult:
        from bibob_desk.exports.memos import build_memo
        from bibob_desk.exports.package import PackageFile, write_package

        require(self.store, Role.VERGUNNINGVERLENER)
        ctx = self._context(case_id, date.today())
        case = ctx.case
        own = case.answers_for("eigen-onderzoek")
        if case.stage not in PAST_OWN_INVESTIGATION and (own is None or own.status != "afgerond"):
            raise UserError(
                "Het LBB-pakket kan pas als het eigen onderzoek is afgerond "
                "(formulier 'Bevindingen eigen onderzoek' afronden)."
            )
        if not case.events_of(EventKind.BETROKKENE_GEINFORMEERD):
            raise UserError(
                "Leg eerst vast wanneer de betrokkene schriftelijk is geïnformeerd over de "
                "adviesaanvraag (art. 32 Wet Bibob)."
            )
        ctx = self._for_recipient(ctx, "lbb", party=None, your_reference="")
        documents = [
            PackageFile("01-adviesaanvraag.pdf", "adviesaanvraag", build_memo("lbb_aanvraag", ctx)),
            PackageFile("02-bevindingen-eigen-onderzoek.pdf", "bevindingen", build_memo("bevindingen", ctx)),
        ]
        absent = []
        if any(r.answers for r in case.answers if r.form_id != "eigen-onderzoek"):
            form = build_memo("vragenformulier", ctx)
            documents.append(PackageFile("03-vragenformulier.pdf", "vragenformulier", form))
        else:  # never an empty document: the manifest says why the form is not there
            absent.append(
                {
                    "document": "vragenformulier",
                    "reason": "het dossier is als geheel aangeleverd of ingevoerd; er zijn geen "
                    "antwoorden op het Bibob-vragenformulier vastgelegd",
                }
            )
        letter = build_memo("brief_betrokkene", ctx)
        documents.append(PackageFile("04-brief-betrokkene.pdf", "brief betrokkene", letter))
        a = ctx.assessment
        seq, mac = self.store.audit_head()
        manifest = {
            "format": "bibob-desk/lbb-pakket@1",
            "app_version": __version__,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "case": {"id": case.id, "reference": case.reference},
            "forms": [
                {"id": r.form_id, "version": r.form_version, "sha256": r.form_sha256, "status": r.status}
                for r in case.answers
            ],
            "catalogue": {
                "id": a.catalogue_id,
                "version": a.catalogue_version,
                "sha256": a.catalogue_sha256,
                "assessed_at": a.assessed_at,
                "inputs_hash": a.inputs_hash,
            }
            if a
            else None,
            "audit_head": {"seq": seq, "mac": mac},
            "memo_texts_version": ctx.texts.version,
            "confidential": "Vertrouwelijk — art. 28 Wet Bibob",
            "absent": absent,
            "opening": "AES-256 (WinZip-AES): te openen met 7-Zip (Windows, gratis) of 'Archiefbeheer' "
            "(Linux); de ingebouwde uitpakker van Windows opent dit niet."
            if encrypt
            else "gewone ZIP: alleen over een beveiligd kanaal versturen",
        }
        password = package_password() if encrypt else None
        received = ((info.original_name, data) for info, data in self.attachments.each_accepted(case_id))
        result = self._write(
            target,
            lambda out: write_package(out, documents, received, manifest, password),
            kind=ExportKind.LBB_PAKKET,
            objects=f"case:{case_id}",
            recipient=recipient,
            purpose=purpose,
        )
        return ExportResult(result.path, result.sha256, result.size, password)

    def graph_png(
        self,
        case_id: str,
        png: bytes,
        target: Path,
        *,
        recipient: str = "intern",
        purpose: str = "dossiervorming",
    ) -> ExportResult:
        """The relation graph as drawn on screen (PNG bytes from the UI), written and audited like
        every export."""
        require(self.store, Role.VERGUNNINGVERLENER)
        if not png.startswith(b"\x89PNG\r\n\x1a\n"):
            raise UserError("De afbeelding van de relatiegraaf is ongeldig; er is niets geschreven.")
        return self._write(
            target,
            png,
            kind=ExportKind.RELATIEGRAAF,
            objects=f"case:{case_id}",
            recipient=recipient,
            purpose=purpose,
        )

    def resilience_summary(
        self, target: Path, *, recipient: str = "intern", purpose: str = "verantwoording"
    ) -> ExportResult:
        """The latest weerbaarheidsscan as a PDF summary (score per theme, improvement points)."""
        from bibob_desk.exports.resilience import build_summary
        from bibob_desk.services.resilience import result_of

        require(self.store, Role.JURIST)
        with self.store.transaction() as tx:
            row = tx.scans.latest()
        if row is None:
            raise UserError("Er is nog geen weerbaarheidsscan ingevuld.")
        seq, mac = self.store.audit_head()
        data = build_summary(
            result_of(row),
            completed=row.completed_at[:10],
            by=row.completed_by,
            anchor=f"volgnummer {seq} · {mac[:16]}",
            footer="Vertrouwelijk — weerbaarheid van de eigen organisatie",
        )
        return self._write(
            target,
            data,
            kind=ExportKind.WEERBAARHEIDSSCAN,
            objects=f"scan:{row.id}",
            recipient=recipient,
            purpose=purpose,
        )

    def workbook(
        self,
        case_ids: list[str] | None,
        target: Path,
        *,
        profile: str = BASIS,
        recipient: str = "intern",
        purpose: str = "verantwoording",
    ) -> ExportResult:
        from bibob_desk.exports.workbook import SIGNALS_SHEET, sheet_rows, write_workbook
        from bibob_desk.network.signals import links

        if profile not in (BASIS, VOLLEDIG):
            raise UserError("Kies het profiel basis of volledig.")
        require(self.store, Role.JURIST if profile == VOLLEDIG else Role.VERGUNNINGVERLENER)
        with self.store.transaction() as tx:
            cases = tx.cases.all_cases()
        if case_ids is not None:
            wanted = set(case_ids)
            cases = [c for c in cases if c.id in wanted]
        terms, today = self.workflow.terms(), date.today()
        from bibob_desk.workflow.deadlines import compute

        items = []
        with self.store.transaction() as tx:
            register = tx.signals.active(today) if profile == VOLLEDIG else []
            for case in sorted(cases, key=lambda c: c.reference):
                items.append((case, tx.assessments.latest(case.id), compute(case, terms, today)))
        sheets = sheet_rows(items)
        for case, _, _ in items:  # volledig: the register signals linked to each case, too
            for link in links(case, register):
                e = link.entry
                sheets[SIGNALS_SHEET].append(
                    [
                        case.reference,
                        label(e.source),
                        link.party.name,
                        e.date,
                        label(e.reliability),
                        e.description,
                        f"signalenregister nr. {e.id} ({'; '.join(link.reasons)})",
                    ]
                )
        data = write_workbook(sheets, profile)
        return self._write(
            target,
            data,
            kind=ExportKind.EXCEL,
            detail=profile,
            objects=f"dossiers:{len(items)}",
            recipient=recipient,
            purpose=purpose,
        )


# read aloud or copied by hand without doubt: no i/l/1/I, o/0/O, S/5, Z/2, B/8, G/6
UNAMBIGUOUS = "abcdefghjkmnpqrstuvwxyzACDEFHJKLMNPQRTUVWXY346789"


def package_password(groups: int = 5, size: int = 4) -> str:
    """A strong password that survives being read out over the phone: groups of an unambiguous
    alphabet (49 symbols, 20 characters: about 112 bits)."""
    return "-".join("".join(secrets.choice(UNAMBIGUOUS) for _ in range(size)) for _ in range(groups))

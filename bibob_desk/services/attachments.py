"""Attachments: intake (checked before anything is stored), storage inside the encrypted database,
and the checklist of what the case's forms ask for and what is still missing."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bibob_desk.domain.attachments import AttachmentInfo
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.text import clean_text
from bibob_desk.exchange.intake import ACCEPTED, QUARANTINE, REFUSED, IntakeLimits, IntakeResult, inspect
from bibob_desk.questionnaire.session import FormSession
from bibob_desk.questionnaire.values import evaluate
from bibob_desk.services.changes import Changes, Reports, Topic
from bibob_desk.services.permissions import require
from bibob_desk.services.questionnaires import QuestionnaireService
from bibob_desk.services.vocabulary import OTHER, SOURCES, ChecklistItem
from bibob_desk.store.store import Store

IMAGES = ("png", "jpg", "jpeg", "tif", "tiff")


@dataclass(frozen=True)
class AttachmentView:
    info: AttachmentInfo
    pages: list[Any] = field(default_factory=list)  # exports.preview.PageImage
    total_pages: int = 0
    image: bytes | None = None  # png, jpeg or tiff, decoded by the viewer


@dataclass(frozen=True)
class IntakeOutcome:
    result: IntakeResult
    attachment_id: int | None  # None when refused (nothing stored)


class AttachmentService(Reports):
    def __init__(
        self,
        store: Store,
        questionnaires: QuestionnaireService,
        limits: IntakeLimits | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.store, self.questionnaires = store, questionnaires
        self.limits = limits or IntakeLimits()
        self.today = today

    def checklist(self, case_id: str) -> list[ChecklistItem]:
        """Every attachment the case's forms ask for, given the answers so far, with what came in."""
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
            received = [a for a in tx.attachments.list(case_id) if a.status == ACCEPTED and not a.withdrawn]
        out = []
        for form in self.questionnaires.forms_for(case):
            record = case.answers_for(form.id)
            session = FormSession(form, record.answers if record else {})
            for section in form.sections:
                if not session.section_visible(section):
                    continue
                for wanted in section.attachments:
                    if wanted.relevant is not None and not evaluate(wanted.relevant, session.value):
                        continue
                    count = sum(1 for a in received if a.type_id == wanted.id)
                    out.append(ChecklistItem(wanted.id, wanted.label, form.title, section.title, count))
        return out

    def attachments(self, case_id: str, *, bulk: bool = False) -> list[AttachmentInfo]:
        """The case's attachments; `bulk` (the command line's listing) is audited, without names."""
        with self.store.transaction() as tx:
            tx.cases.get(case_id)
            found = tx.attachments.list(case_id)
            if bulk:
                tx.audit("bijlagen.opgevraagd", f"case:{case_id};aantal:{len(found)}")
            return found

    def add_file(
        self,
        case_id: str,
        path: Path,
        *,
        type_id: str = OTHER,
        source: str = "betrokkene",
        received: date | None = None,
    ) -> IntakeOutcome:
        """Read a file from disk (size checked before reading) and take it in."""
        path = Path(path)
        try:
            size = os.stat(path).st_size
            if size > self.limits.max_bytes:
                return IntakeOutcome(
                    IntakeResult(
                        REFUSED,
                        f"het bestand is groter dan {self.limits.max_bytes // 2**20} MB",
                        "",
                        "",
                        size,
                    ),
                    None,
                )
            data = path.read_bytes()
        except OSError:
            raise UserError("Het bestand kan niet worden gelezen.") from None
        return self.add(case_id, path.name, data, type_id=type_id, source=source, received=received)

    def add(
        self,
        case_id: str,
        name: str,
        data: bytes,
        *,
        type_id: str = OTHER,
        source: str = "betrokkene",
        received: date | None = None,
    ) -> IntakeOutcome:
        require(self.store, Role.VERGUNNINGVERLENER)
        if source not in SOURCES:
            raise UserError(f"Kies een bron: {', '.join(SOURCES)}.")
        allowed = {item.type_id for item in self.checklist(case_id)} | {OTHER}
        if type_id not in allowed:
            raise UserError("Dit soort bijlage hoort niet bij de formulieren van dit dossier; kies 'overig'.")
        result = inspect(name, data, self.limits)
        with self.store.transaction() as tx:
            tx.cases.get(case_id)
            if result.status not in (ACCEPTED, QUARANTINE):  # the intake verdict first, then duplicates
                tx.audit(
                    "bijlage.geweigerd", f"case:{case_id};sha256:{result.sha256[:16]}", result="geweigerd"
                )
                return IntakeOutcome(result, None)
            same = next((a for a in tx.attachments.list(case_id) if a.sha256 == result.sha256), None)
            if same is not None:
                raise UserError(f"Dit bestand is al opgenomen als bijlage #{same.id}.")
            info = AttachmentInfo(
                id=0,
                case_id=case_id,
                type_id=type_id,
                original_name=name[:255],
                file_type=result.file_type,
                sha256=result.sha256,
                size=result.size,
                received_date=received or self.today(),
                source=source,
                status=result.status,
                reason=result.reason,
                added_at=datetime.now(UTC).isoformat(timespec="seconds"),
                added_by=self.store.user.username,
            )
            new_id = tx.attachments.add(info, data)
            tx.audit(
                f"bijlage.{'opgenomen' if result.status == ACCEPTED else 'quarantaine'}",
                f"case:{case_id};bijlage:{new_id};sha256:{result.sha256[:16]}",
            )
        self.report(case_id, topics=(Topic.ATTACHMENTS,))
        return IntakeOutcome(result, new_id)

    def withdraw(self, case_id: str, attachment_id: int, reason: str) -> Changes:
        """Withdraw an attachment with a reason: it stays listed (struck through), is no longer
        received for the checklist and never goes into a package. The bytes stay (history)."""
        require(self.store, Role.VERGUNNINGVERLENER)
        text = clean_text((reason or "").strip(), max_length=500)
        if text.problem or len(text.text) < 5:
            raise UserError("Geef een reden waarom de bijlage wordt ingetrokken (minstens 5 tekens).")
        with self.store.transaction() as tx:
            info = self._info(tx, case_id, attachment_id)
            if info.withdrawn:
                raise UserError("Deze bijlage is al ingetrokken.")
            tx.attachments.withdraw(attachment_id, text.text, self.store.user.username)
            tx.audit("bijlage.ingetrokken", f"case:{case_id};bijlage:{attachment_id}")
        return self.report(case_id, topics=(Topic.ATTACHMENTS,))

    def view(self, case_id: str, attachment_id: int, width: int = 800) -> AttachmentView:
        """What the viewer shows inside the app: PDF pages as pictures, an image's bytes, or only
        the facts of the file. Never written to disk; audited. Quarantined files stay closed."""
        with self.store.transaction() as tx:
            info = self._info(tx, case_id, attachment_id)
            if info.status != ACCEPTED:
                raise UserError(f"Deze bijlage staat in quarantaine ({info.reason}) en wordt niet geopend.")
            content = tx.attachments.content(attachment_id)
            tx.audit("bijlage.ingezien", f"case:{case_id};bijlage:{attachment_id}")
        if info.file_type == "pdf":
            from bibob_desk.exports.preview import UnreadablePdf, page_images

            try:
                pages, total = page_images(content, width)
            except UnreadablePdf:
                raise UserError("Deze PDF kan niet worden getoond (het bestand is beschadigd).") from None
            return AttachmentView(info, pages=pages, total_pages=total)
        if info.file_type in IMAGES:
            return AttachmentView(info, image=content)
        return AttachmentView(info)

    @staticmethod
    def _info(tx: Any, case_id: str, attachment_id: int) -> AttachmentInfo:
        info = next((a for a in tx.attachments.list(case_id) if a.id == attachment_id), None)
        if info is None:
            raise UserError("Deze bijlage bestaat niet (meer).")
        return info

    def each_accepted(self, case_id: str) -> Iterator[tuple[AttachmentInfo, bytes]]:
        """The same, one attachment read at a time (the LBB package streams them, issue 18)."""
        with self.store.transaction() as tx:
            infos = [a for a in tx.attachments.list(case_id) if a.status == ACCEPTED and not a.withdrawn]
        for info in infos:
            with self.store.transaction() as tx:
                data = tx.attachments.content(info.id)
            yield info, data

    def accepted_files(self, case_id: str) -> list[tuple[AttachmentInfo, bytes]]:
        """Accepted attachments with their bytes (for the LBB package); quarantined or withdrawn
        ones never."""
        with self.store.transaction() as tx:
            infos = [a for a in tx.attachments.list(case_id) if a.status == ACCEPTED and not a.withdrawn]
            return [(a, tx.attachments.content(a.id)) for a in infos]

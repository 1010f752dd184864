"""Case use cases: list, open, create, import and export the exchange format."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from bibob_desk.domain.codec import to_primitive
from bibob_desk.domain.enums import (
    Bestuursorgaan,
    PartyKind,
    PermitKind,
    ProcedureKind,
    ProvenanceKind,
    Role,
    RoleKind,
    Stage,
)
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import (
    Address,
    Case,
    CaseFilter,
    CaseSummary,
    ExistingPermit,
    Party,
    Provenance,
    Relation,
)
from bibob_desk.domain.text import clean_text
from bibob_desk.exchange.case_format import Issue, dumps_case, read_case_file, validate_document
from bibob_desk.services.changes import Changes, Reports, Topic
from bibob_desk.services.permissions import require
from bibob_desk.services.settings import SettingsService, case_number
from bibob_desk.services.shielding import as_seen_by, user_of
from bibob_desk.store.keyslots import atomic_write
from bibob_desk.store.store import Store
from bibob_desk.validation.identifiers import check_postcode


class ImportRefused(UserError):
    def __init__(self, errors: list[Issue]) -> None:
        super().__init__(f"Import geweigerd: {len(errors)} fout(en); er is niets opgeslagen.")
        self.errors = errors


@dataclass
class ImportOutcome:
    case_id: str
    reference: str
    warnings: list[Issue] = field(default_factory=list)


@dataclass(frozen=True)
class NewCaseInput:
    """What the new-case dialog collects."""

    reference: str
    title: str
    permit_kinds: tuple[PermitKind, ...]
    procedure: ProcedureKind
    bestuursorgaan: Bestuursorgaan
    received_date: date
    applicant_name: str
    applicant_kind: PartyKind
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""


class CaseService(Reports):
    def __init__(self, store: Store, settings: SettingsService | None = None) -> None:
        self.store = store
        self.settings = settings or SettingsService(store)

    # -- reading ------------------------------------------------------------------------
    def count(self, query: str = "", *, at_most: int | None = None, view: CaseFilter | None = None) -> int:
        with self.store.transaction() as tx:
            return tx.cases.count(query, at_most=at_most, view=view)

    def listing(self) -> list[CaseSummary]:
        """Every case as a list row, for a bulk read (the command line's `list`): audited with the
        number of rows, never their content."""
        rows = self.summaries(limit=1_000_000, sort="reference", descending=False)
        with self.store.transaction() as tx:
            tx.audit("dossierlijst.opgevraagd", f"aantal:{len(rows)}")
        return rows

    def summaries(
        self,
        query: str = "",
        *,
        limit: int = 200,
        offset: int = 0,
        sort: str = "received_date",
        descending: bool = True,
        view: CaseFilter | None = None,
    ) -> list[CaseSummary]:
        with self.store.transaction() as tx:
            return tx.cases.summaries(
                query, limit=limit, offset=offset, sort=sort, descending=descending, view=view
            )

    def with_band(self, band: str) -> tuple[str, ...]:
        """Ids of the cases whose newest assessment has this band (the list's band filter)."""
        with self.store.transaction() as tx:
            return tuple(sorted(i for i, b in tx.assessments.latest_bands().items() if b == band))

    # -- saved views (per user) ----------------------------------------------------------
    def views(self) -> dict[str, dict[str, str]]:
        """The user's saved list views: name -> the filter choices (as the list shows them)."""
        with self.store.transaction() as tx:
            stored = tx.settings.get(self._views_key())
        try:
            data = json.loads(stored) if stored else {}
        except ValueError:
            return {}
        return {
            str(k): {str(a): str(b) for a, b in v.items()} for k, v in data.items() if isinstance(v, dict)
        }

    def save_view(self, name: str, choices: dict[str, str]) -> None:
        name = _checked("De naam van de weergave", name, 60)
        if not name:
            raise UserError("Geef de weergave een naam.")
        views = self.views()
        if len(views) >= 50 and name not in views:
            raise UserError("U heeft al 50 weergaven bewaard; verwijder er eerst een.")
        views[name] = {str(k): str(v) for k, v in choices.items()}
        with self.store.transaction() as tx:
            tx.settings.set(self._views_key(), json.dumps(views, ensure_ascii=False))
            tx.audit("weergave.bewaard", "lijst")

    def delete_view(self, name: str) -> None:
        views = self.views()
        if views.pop(name, None) is None:
            raise UserError("Die weergave bestaat niet (meer).")
        with self.store.transaction() as tx:
            tx.settings.set(self._views_key(), json.dumps(views, ensure_ascii=False))
            tx.audit("weergave.verwijderd", "lijst")

    def _views_key(self) -> str:
        return f"weergaven.{self.store.user.username}"

    def next_reference(self, today: date | None = None) -> str:
        """The next automatic case number (setting dossiernummer_patroon, e.g. BIBOB-2026-0001):
        one more than the highest number of this year's pattern already used."""
        with self.store.transaction() as tx:
            return _next_reference(tx, self.settings.case_number_pattern(), (today or date.today()).year)

    def summaries_of(self, ids: list[str]) -> list[CaseSummary]:
        """List rows of these cases, newest first (at most 1,000)."""
        with self.store.transaction() as tx:
            return tx.cases.summaries(ids=ids[:1000], limit=1000)

    def id_of(self, reference: str) -> str:
        with self.store.transaction() as tx:
            return tx.cases.get_by_reference(reference).id

    def open_case(self, case_id: str) -> Case:
        """Reads are audited before the data is returned (T27)."""
        with self.store.transaction() as tx:
            tx.audit("dossier.ingezien", f"case:{case_id}")
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
        return as_seen_by(case, *user_of(self.store))

    def shield(self, case_id: str, on: bool, reason: str) -> Changes:
        """Mark a case afgeschermd (intimidation risk) or lift it, with a reason; a revision."""
        require(self.store, Role.VERGUNNINGVERLENER)
        why = _checked("De reden", reason, 500)
        if len(why) < 5:
            raise UserError("Geef een reden voor het afschermen (minstens 5 tekens).")
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
            if bool(case.shielded) == on:
                raise UserError(
                    "Het dossier is al afgeschermd." if on else "Het dossier is niet afgeschermd."
                )
            case.shielded = True if on else None
            tx.save_case(case, reason=("afgeschermd: " if on else "afscherming opgeheven: ") + why)
            tx.audit("dossier.afgeschermd" if on else "dossier.afscherming_opgeheven", f"case:{case_id}")
        return self.report(case_id, topics=(Topic.CASES,))

    # -- writing ------------------------------------------------------------------------
    def save_draft(self, name: str, draft: dict[str, Any]) -> None:
        """Unsaved input of a dialog, kept encrypted at lock and offered after unlock."""
        with self.store.transaction() as tx:
            tx.drafts.put(self.store.user.username, name, json.dumps(draft, ensure_ascii=False))
            tx.audit("concept.bewaard", name)

    def take_draft(self, name: str) -> dict[str, Any] | None:
        with self.store.transaction() as tx:
            payload = tx.drafts.take(self.store.user.username, name)
            if payload is not None:
                tx.audit("concept.teruggegeven", name)
        return json.loads(payload) if payload else None

    def create(self, data: NewCaseInput) -> Changes:
        """A new case; an empty kenmerk gets the next automatic case number. The Changes name the
        new case first (the window opens it at once)."""
        require(self.store, Role.VERGUNNINGVERLENER)
        automatic = not data.reference.strip()
        pattern, year = self.settings.case_number_pattern(), data.received_date.year
        with self.store.transaction() as tx:
            if automatic:
                data = replace(data, reference=_next_reference(tx, pattern, year))
            case = build_new_case(data, recorded_by=self.store.user.username)
            case.behandelaar = self.store.user.username
            tx.cases.add(case)
            tx.audit("dossier.aangemaakt", f"case:{case.id}")
        return self.report(case.id, topics=(Topic.CASES,), message=f"Dossier {case.reference} aangemaakt")

    def assign(self, case_id: str, *, behandelaar: str | None = None, jurist: str | None = None) -> Changes:
        """Who handles the case ("" = nobody). Only active users; a revision like every change."""
        require(self.store, Role.VERGUNNINGVERLENER)
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
            parts = []
            for field_name, given in (("behandelaar", behandelaar), ("jurist", jurist)):
                if given is None:
                    continue
                username = given.strip()
                if username:
                    user = tx.users.get(username)
                    if user is None or not user.active:
                        raise UserError(f"Er is geen actieve gebruiker '{username}'.")
                    if field_name == "jurist" and Role(user.role) not in (Role.JURIST, Role.BEHEERDER):
                        raise UserError(f"{username} is geen jurist; kies een gebruiker met de rol jurist.")
                setattr(case, field_name, username)
                parts.append(f"{field_name} {username or '(niemand)'}")
            if not parts:
                raise UserError("Noem een behandelaar of een jurist.")
            if tx.save_case(case, reason="toegewezen: " + ", ".join(parts)) is None:
                raise UserError("Het dossier was al zo toegewezen.")
            tx.audit("dossier.toegewezen", f"case:{case_id}")
        return self.report(case_id, topics=(Topic.CASES,))

    def import_file(self, path: Path) -> ImportOutcome:
        """Validate everything first; write only a fully valid case, with its audit row."""
        require(self.store, Role.VERGUNNINGVERLENER)
        return self._import(read_case_file(Path(path)))

    def import_document(self, document: dict[str, Any]) -> ImportOutcome:
        """A case document already read (the demo, its dates moved to the present): checked exactly
        like a file."""
        require(self.store, Role.VERGUNNINGVERLENER)
        return self._import(validate_document(document))

    def _import(self, result: Any) -> ImportOutcome:
        if not result.ok or result.case is None:
            with self.store.transaction() as tx:
                tx.audit("dossier.import", "bestand", result="geweigerd")
            raise ImportRefused(result.errors)
        case = result.case
        with self.store.transaction() as tx:
            tx.cases.add(case)
            tx.audit(
                "dossier.import",
                f"case:{case.id}",
                result=f"ok;onbekende_velden={len(result.warnings)}",
            )
        self.report(case.id, topics=(Topic.CASES,))
        return ImportOutcome(case.id, case.reference, result.warnings)

    def import_files(self, paths: list[Path], progress: Any = None) -> Any:
        """Many case files in this session, in batches (services/importing.py): a BulkImport."""
        from bibob_desk.services.importing import import_files

        outcome = import_files(self.store, [Path(p) for p in paths], progress)
        if outcome.imported:
            self.report(*(i.case_id for i in outcome.imported), topics=(Topic.CASES,))
        return outcome

    def export_file(
        self, reference: str, target: Path, *, recipient: str = "intern", purpose: str = ""
    ) -> str:
        """Write the whole case file atomically, for a named recipient and purpose like every export
        (not for the lowest role: it holds everything); the audit row commits before the file exists."""
        from bibob_desk.exchange.schema_gen import FORMAT_ID
        from bibob_desk.services.vocabulary import PURPOSES, RECIPIENTS

        require(self.store, Role.VERGUNNINGVERLENER)
        if recipient not in RECIPIENTS:
            raise UserError(f"Kies een ontvanger: {', '.join(RECIPIENTS)}.")
        if purpose not in PURPOSES:
            raise UserError(f"Kies een doel: {', '.join(PURPOSES)}.")
        with self.store.transaction() as tx:
            case = tx.cases.get_by_reference(reference)
            tx.audit(
                "dossier.export",
                f"case:{case.id};ontvanger:{recipient};doel:{purpose}",
                result=f"formaat:{FORMAT_ID}",
            )
        try:
            atomic_write(Path(target), dumps_case(case).encode("utf-8"))
        except OSError:
            raise UserError(
                "Het exportbestand kon niet worden geschreven (schijf vol of geen schrijfrechten)."
            ) from None
        return case.id

    def as_dict(self, case_id: str) -> dict[str, object]:
        with self.store.transaction() as tx:
            return to_primitive(tx.cases.get(case_id))


def _next_reference(tx: Any, pattern: str, year: int) -> str:
    """One more than the highest number of `pattern` for `year` among the existing references."""
    head, _, _ = pattern.partition("{volgnummer")
    prefix = case_number(head, year, 0) if head else ""
    shape = re.compile(
        "".join(
            r"([0-9]+)" if part.startswith("{volgnummer") else re.escape(case_number(part, year, 0))
            for part in re.split(r"(\{volgnummer[^}]*\})", pattern)
            if part
        )
    )
    numbers = [int(m.group(1)) for r in tx.cases.references_starting(prefix) if (m := shape.fullmatch(r))]
    return case_number(pattern, year, max(numbers, default=0) + 1)


def _checked(label: str, value: str, max_length: int = 300) -> str:
    cleaned = clean_text(value.strip(), max_length=max_length)
    if cleaned.problem:
        raise UserError(f"{label} {cleaned.problem}.")
    return cleaned.text


def build_new_case(data: NewCaseInput, *, recorded_by: str) -> Case:
    reference = _checked("Het kenmerk", data.reference, 60)
    if not reference:
        raise UserError("Vul een kenmerk in.")
    name = _checked("De naam van de aanvrager", data.applicant_name)
    if not name:
        raise UserError("Vul de naam van de aanvrager in.")
    if not data.permit_kinds:
        raise UserError("Kies minstens één soort vergunning of rechtshandeling.")
    postcode = data.postcode.strip()
    if postcode:
        verdict = check_postcode(postcode)
        if not verdict.valid:
            raise UserError(verdict.message)
        postcode = verdict.normalized
    provenance = Provenance(
        kind=ProvenanceKind.ZELF_OPGEGEVEN,
        source="aanvraag",
        date=data.received_date,
        recorded_by=recorded_by,
    )
    address = Address(
        street=_checked("De straat", data.street),
        house_number=_checked("Het huisnummer", data.house_number, 20),
        postcode=postcode,
        city=_checked("De plaats", data.city),
    )
    existing = data.procedure is ProcedureKind.BESTAANDE_VERGUNNING  # an investigation, no application
    return Case(
        reference=reference,
        title=_checked("De omschrijving", data.title, 500),
        permit_kinds=list(data.permit_kinds),
        procedure=data.procedure,
        bestuursorgaan=data.bestuursorgaan,
        received_date=data.received_date,
        location=address,
        stage=Stage.ONDERZOEK_LOOPTIJD if existing else Stage.AANVRAAG_ONTVANGEN,
        investigation_start=data.received_date if existing else None,
        permit=ExistingPermit(holder="p1") if existing else None,
        parties=[Party(id="p1", kind=data.applicant_kind, name=name, provenance=provenance)],
        relations=[
            Relation(
                id="r1",
                role=RoleKind.VERGUNNINGHOUDER if existing else RoleKind.AANVRAGER,
                party="p1",
                provenance=provenance,
            )
        ],
    )

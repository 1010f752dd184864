"""Questionnaire use cases: which forms a case needs, open one, autosave, finish.

Saving applies the binds, so the dossier always says what the answers say. A case keeps the form
id, version and definition hash it was filled with; a changed or newer definition never silently
changes an existing case: the answers open read-only until the officer explicitly moves them over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import Case, FormAnswers
from bibob_desk.paths import forms_dir
from bibob_desk.questionnaire.binder import apply_answers
from bibob_desk.questionnaire.definition import FormDefinition
from bibob_desk.questionnaire.loader import FormDefinitionError, load_form
from bibob_desk.questionnaire.prefill import Difference, differences, prefill
from bibob_desk.questionnaire.session import FormSession
from bibob_desk.services.changes import Changes, Reports, Topic
from bibob_desk.services.permissions import require
from bibob_desk.store.store import Store

CONCEPT, FINISHED = "concept", "afgerond"


@dataclass
class OpenForm:
    form: FormDefinition
    session: FormSession
    record: FormAnswers | None
    read_only: bool = False
    notices: list[str] = field(default_factory=list)
    prefilled: dict[str, str] = field(default_factory=dict)  # question id -> where the value came from


class FormCatalog:
    """All form definitions in a folder, by (id, version) and by hash. Bad files are reported."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or forms_dir()
        self.errors: list[str] = []

    @cached_property
    def _forms(self) -> list[FormDefinition]:
        forms = []
        for path in sorted(self.folder.glob("*.yaml")):
            try:
                forms.append(load_form(path))
            except FormDefinitionError as error:
                self.errors.append(str(error))
        return forms

    def latest(self) -> list[FormDefinition]:
        newest: dict[str, FormDefinition] = {}
        for form in self._forms:
            if form.id not in newest or form.version > newest[form.id].version:
                newest[form.id] = form
        return sorted(newest.values(), key=lambda f: (f.kind != "vragenformulier", f.id))

    def get(
        self, form_id: str, version: int | None = None, sha256: str | None = None
    ) -> FormDefinition | None:
        matches = [f for f in self._forms if f.id == form_id and (version is None or f.version == version)]
        if sha256 is not None:
            matches = [f for f in matches if f.sha256 == sha256]
        return max(matches, key=lambda f: f.version, default=None)


class QuestionnaireService(Reports):
    def __init__(
        self, store: Store, catalog: FormCatalog | None = None, today: Callable[[], date] = date.today
    ) -> None:
        self.store = store
        self.catalog = catalog or FormCatalog()
        self.today = today

    def forms_for(self, case: Case) -> list[FormDefinition]:
        """The questionnaire selection matching the case's permits, plus the eigen-onderzoek form."""
        kinds = {k.value for k in case.permit_kinds}
        return [
            f
            for f in self.catalog.latest()
            if f.kind == "eigen_onderzoek" or (f.kind == "vragenformulier" and kinds & set(f.permit_kinds))
        ]  # the weerbaarheidsscan is about the organisation, never about a case

    def open(self, case_id: str, form_id: str, *, adopt_current: bool = False) -> OpenForm:
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
        record = case.answers_for(form_id)
        current = self.catalog.get(form_id)
        if current is None:
            raise UserError(f"Formulier '{form_id}' is niet beschikbaar.")
        if record is None:
            session = FormSession(current)
            return OpenForm(current, session, None, prefilled=_prefill(case, current, session))
        exact = self.catalog.get(form_id, record.form_version, record.form_sha256)
        if exact is not None and not adopt_current:
            session = FormSession(exact, record.answers)
            return OpenForm(exact, session, record, prefilled=_prefill(case, exact, session))
        if adopt_current:
            session = FormSession(current, record.answers)
            return OpenForm(current, session, record, notices=session.prune())
        shown = self.catalog.get(form_id, record.form_version) or current
        return OpenForm(
            shown,
            FormSession(shown, record.answers),
            record,
            read_only=True,
            notices=[
                f"Deze antwoorden horen bij versie {record.form_version} van het formulier; die definitie is "
                f"gewijzigd of niet meer aanwezig. Ze worden alleen getoond. Kies 'Overzetten naar versie "
                f"{current.version}' om verder te gaan met de huidige versie."
            ],
        )

    def differences(self, case_id: str, form: FormDefinition, answers: dict[str, Any]) -> list[Difference]:
        """Answers that differ from what the dossier holds (not applied unless the officer takes them)."""
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
        record = case.answers_for(form.id)
        return differences(case, form, answers, record.answers if record else None)

    def save(
        self,
        case_id: str,
        form: FormDefinition,
        answers: dict[str, Any],
        *,
        finish: bool = False,
        take: frozenset[str] = frozenset(),
    ) -> Changes:
        """Autosave (concept) or finish. Finishing requires a complete, valid form. An answer that
        differs from the dossier is stored with the form but applied only when its question is in
        `take` (the officer chose the form's value); otherwise the dossier keeps its own."""
        require(self.store, Role.VERGUNNINGVERLENER)
        session = FormSession(form, answers)
        notices = session.prune()
        if finish:
            missing, invalid = session.problems()
            if missing or invalid:
                raise UserError(
                    f"Het formulier is nog niet af: {len(missing)} ontbrekend, {len(invalid)} onjuist. "
                    "Kies 'Controleer' voor het overzicht."
                )
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
            record_before = case.answers_for(form.id)
            kept = {
                d.question
                for d in differences(
                    case, form, session.answers, record_before.answers if record_before else None
                )
                if d.question not in take
            }
            case = apply_answers(
                case, form, session.answers, recorded_by=self.store.user.username, on=self.today(), skip=kept
            )
            record = FormAnswers(
                form_id=form.id,
                form_version=form.version,
                form_sha256=form.sha256,
                status=FINISHED if finish else CONCEPT,
                answers=session.answers,
                updated_at=datetime.now(UTC).isoformat(timespec="seconds"),
                updated_by=self.store.user.username,
            )
            case.answers = [a for a in case.answers if a.form_id != form.id] + [record]
            tx.save_case(case, reason=f"formulier {form.title} {'afgerond' if finish else 'opgeslagen'}")
            tx.audit(
                "formulier.afgerond" if finish else "formulier.opgeslagen", f"case:{case_id};form:{form.id}"
            )
        return self.feed.report(
            Changes(cases=(case_id,), messages=tuple(notices), topics=frozenset({Topic.CASES}))
        )

    def answers_of(self, reference: str) -> tuple[Case, list[FormAnswers]]:
        with self.store.transaction() as tx:
            case = tx.cases.get_by_reference(reference)
            tx.audit("formulier.ingezien", f"case:{case.id}")
        return case, case.answers


def _prefill(case: Case, form: FormDefinition, session: FormSession) -> dict[str, str]:
    """Put what the dossier holds into the unanswered top-level questions; returns the sources."""
    sources = {}
    for found in prefill(case, form, session.answers):
        try:
            session.set_answer(found.question, found.value)
        except (KeyError, IndexError, ValueError):
            continue
        sources[found.question] = found.source
    return sources

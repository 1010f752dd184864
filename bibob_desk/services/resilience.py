"""The weerbaarheidsscan (issue 9): the municipality scores its own resilience against undermining
with a form in the usual format; the result per theme and the improvement points are stored with the
versions that produced them, and summarised as a PDF (through the audited export service)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from bibob_desk.content.safe_yaml import ContentError
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.text import clean_text
from bibob_desk.paths import resources_dir
from bibob_desk.questionnaire.definition import FormDefinition, Question
from bibob_desk.questionnaire.resilience import (
    ScanResult,
    Scoring,
    ThemeScore,
    check_fit,
    load_scoring,
    score_scan,
)
from bibob_desk.services.permissions import require
from bibob_desk.services.questionnaires import FormCatalog
from bibob_desk.store.rows import ResilienceScanRow
from bibob_desk.store.store import Store

FORM_ID = "weerbaarheidsscan"


def default_scoring_path() -> Path:
    return sorted((resources_dir() / "weerbaarheid").glob("*.yaml"))[-1]


class ResilienceService:
    def __init__(
        self, store: Store, catalog: FormCatalog | None = None, scoring_path: Path | None = None
    ) -> None:
        self.store = store
        self.catalog = catalog or FormCatalog()
        self.scoring_path = scoring_path or default_scoring_path()

    def definition(self) -> tuple[FormDefinition, Scoring]:
        form = self.catalog.get(FORM_ID)
        if form is None:
            raise UserError("Het formulier van de weerbaarheidsscan ontbreekt of is onbruikbaar (forms/).")
        try:
            scoring = load_scoring(self.scoring_path)
        except ContentError as error:
            raise UserError(f"Het scorebestand van de weerbaarheidsscan is onbruikbaar: {error}") from None
        problems = check_fit(form, scoring)
        if problems:
            raise UserError("Formulier en scorebestand passen niet: " + "; ".join(problems) + ".")
        return form, scoring

    def _check(self, form: FormDefinition, answers: dict[str, str]) -> dict[str, str]:
        questions = {
            item.id: item for section in form.sections for item in section.items if isinstance(item, Question)
        }
        problems, clean = [], {}
        for key, value in answers.items():
            question = questions.get(key)
            if question is None:
                problems.append(f"onbekende vraag '{key}'")
                continue
            if question.type == "select_one":
                allowed = {c.value for c in question.choices}
                if value not in allowed:
                    problems.append(f"{key}: kies uit {', '.join(sorted(allowed))}")
                else:
                    clean[key] = value
                continue
            checked = clean_text(str(value), max_length=2000)
            if checked.problem:
                problems.append(f"{key} {checked.problem}")
            else:
                clean[key] = checked.text
        if problems:
            raise UserError("Scan niet opgeslagen: " + "; ".join(problems) + ".")
        return clean

    def record(self, answers: dict[str, str]) -> tuple[int, ScanResult]:
        """Score and keep one completed scan (jurist or beheerder)."""
        require(self.store, Role.JURIST)
        form, scoring = self.definition()
        clean = self._check(form, answers)
        result = score_scan(form, scoring, clean)
        row = ResilienceScanRow(
            form_id=form.id,
            form_version=form.version,
            scoring_id=scoring.id,
            scoring_version=scoring.version,
            scoring_sha256=scoring.sha256,
            answers=json.dumps(clean, ensure_ascii=False, sort_keys=True),
            result=json.dumps(asdict(result), ensure_ascii=False),
            completed_by=self.store.user.username,
            completed_at="",
        )
        with self.store.transaction() as tx:
            number = tx.scans.add(row)
            tx.audit(
                "weerbaarheidsscan.vastgelegd", f"scan:{number};totaal:{round(100 * result.total_share)}"
            )
        return number, result

    def latest(self) -> tuple[ResilienceScanRow, ScanResult] | None:
        with self.store.transaction() as tx:
            row = tx.scans.latest()
        return None if row is None else (row, result_of(row))


def result_of(row: ResilienceScanRow) -> ScanResult:
    data = json.loads(row.result)
    return ScanResult(
        data["form_id"],
        data["form_version"],
        data["scoring_id"],
        data["scoring_version"],
        tuple(ThemeScore(**t) for t in data["themes"]),
        tuple(tuple(i) for i in data["improvements"]),
    )

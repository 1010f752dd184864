"""Scoring the weerbaarheidsscan (issue 9): per theme (a section of the form) the share of the
maximum, a band, and the improvement points for every question not answered 'ja'. Points, bands and
improvement texts are data (resources/weerbaarheid/)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bibob_desk.content.safe_yaml import ContentError, load_validated
from bibob_desk.questionnaire.definition import FormDefinition, Question


class ScoringError(ContentError):
    """The scoring file of the weerbaarheidsscan is unusable."""


_ID = {"type": "string", "pattern": "^[a-z][a-z0-9_-]{0,59}$"}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["scoring"],
    "properties": {
        "scoring": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "version", "form", "points", "bands", "questions"],
            "properties": {
                "id": _ID,
                "version": {"type": "integer", "minimum": 1},
                "form": _ID,
                "points": {
                    "type": "object",
                    "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 10},
                    "minProperties": 2,
                },
                "bands": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["min", "label"],
                        "properties": {
                            "min": {"type": "number", "minimum": 0, "maximum": 1},
                            "label": {"type": "string", "minLength": 1, "maxLength": 60},
                            "colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
                        },
                    },
                },
                "questions": {
                    "type": "object",
                    "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 500},
                    "minProperties": 1,
                },
            },
        }
    },
}

NEUTRAL = "#555555"


@dataclass(frozen=True)
class Scoring:
    id: str
    version: int
    form: str
    points: dict[str, int]
    bands: tuple[tuple[float, str], ...]  # highest minimum first
    improvements: dict[str, str]  # question id -> improvement point
    sha256: str
    colours: dict[str, str] = field(default_factory=dict)  # band label -> colour (data, not code)

    def band(self, share: float) -> str:
        return next((label for low, label in self.bands if share >= low), self.bands[-1][1])


def load_scoring(path: Path) -> Scoring:
    data, _ = load_validated(path, SCHEMA, ScoringError)
    s = data["scoring"]
    bands = tuple(sorted(((float(b["min"]), b["label"]) for b in s["bands"]), reverse=True))
    return Scoring(
        s["id"],
        s["version"],
        s["form"],
        dict(s["points"]),
        bands,
        dict(s["questions"]),
        hashlib.sha256(path.read_bytes()).hexdigest(),
        {b["label"]: b.get("colour", NEUTRAL) for b in s["bands"]},
    )


@dataclass(frozen=True)
class ThemeScore:
    theme: str  # section id
    title: str
    points: int
    maximum: int
    band: str
    unanswered: int
    colour: str = "#555555"  # of the band, from the scoring file

    @property
    def share(self) -> float:
        return self.points / self.maximum if self.maximum else 0.0


@dataclass(frozen=True)
class ScanResult:
    form_id: str
    form_version: int
    scoring_id: str
    scoring_version: int
    themes: tuple[ThemeScore, ...]
    improvements: tuple[tuple[str, str, str], ...]  # (theme title, question label, improvement)

    @property
    def total_share(self) -> float:
        maximum = sum(t.maximum for t in self.themes)
        return sum(t.points for t in self.themes) / maximum if maximum else 0.0


def _scored(form: FormDefinition, scoring: Scoring) -> list[tuple[str, str, Question]]:
    out = []
    for section in form.sections:
        for item in section.items:
            if isinstance(item, Question) and item.id in scoring.improvements:
                out.append((section.id, section.title, item))
    return out


def check_fit(form: FormDefinition, scoring: Scoring) -> list[str]:
    """Problems between the form and its scoring file (each scored question must exist and offer
    exactly the scored answers)."""
    problems = []
    if form.id != scoring.form:
        problems.append(f"de score hoort bij formulier {scoring.form}, niet bij {form.id}")
    known = {q.id for _, _, q in _scored(form, scoring)}
    problems += [f"vraag {q} staat niet in het formulier" for q in scoring.improvements if q not in known]
    return problems


def score_scan(form: FormDefinition, scoring: Scoring, answers: dict[str, str]) -> ScanResult:
    """Unanswered questions count as 0 points and are reported per theme; unknown answer values are
    refused by the caller (the form's choice list)."""
    top = max(scoring.points.values())
    themes: dict[str, list[int]] = {}
    titles: dict[str, str] = {}
    unanswered: dict[str, int] = {}
    improvements = []
    for theme, title, question in _scored(form, scoring):
        titles[theme] = title
        answer = answers.get(question.id)
        themes.setdefault(theme, [0, 0])
        themes[theme][0] += scoring.points.get(answer or "", 0)
        themes[theme][1] += top
        if answer is None:
            unanswered[theme] = unanswered.get(theme, 0) + 1
        if scoring.points.get(answer or "", 0) < top:
            improvements.append((title, question.label, scoring.improvements[question.id]))
    bands = {theme: scoring.band(p / m if m else 0.0) for theme, (p, m) in themes.items()}
    scores = tuple(
        ThemeScore(
            theme,
            titles[theme],
            points,
            maximum,
            bands[theme],
            unanswered.get(theme, 0),
            scoring.colours.get(bands[theme], NEUTRAL),
        )
        for theme, (points, maximum) in themes.items()
    )
    return ScanResult(form.id, form.version, scoring.id, scoring.version, scores, tuple(improvements))

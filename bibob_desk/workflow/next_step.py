"""Wat nu? — the next step of each stage (issue 20), as content: resources/workflow/wat-nu.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bibob_desk.content.safe_yaml import ContentError, load_validated
from bibob_desk.domain.enums import Stage

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "version", "stappen"],
    "properties": {
        "id": {"type": "string"},
        "version": {"type": "integer", "minimum": 1},
        "stappen": {
            "type": "object",
            "additionalProperties": False,
            "required": [s.value for s in Stage],
            "properties": {s.value: {"type": "string", "minLength": 10} for s in Stage},
        },
    },
}


class NextStepsError(ContentError):
    """The file with the next steps cannot be used."""


@dataclass(frozen=True)
class NextSteps:
    id: str
    version: int
    steps: dict[str, str]

    def of(self, stage: Stage) -> str:
        return self.steps[stage.value]


def default_path() -> Path:
    from bibob_desk.paths import resources_dir

    return resources_dir() / "workflow" / "wat-nu.yaml"


def load_next_steps(path: Path | None = None) -> NextSteps:
    """Every stage's next step; a file that misses a stage or is malformed is refused in Dutch."""
    data, _ = load_validated(Path(path or default_path()), SCHEMA, NextStepsError)
    return NextSteps(
        data["id"], data["version"], {k: " ".join(v.split()) for k, v in data["stappen"].items()}
    )

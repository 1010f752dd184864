"""Issue 20: each stage shows its next step ("Wat nu?"), from a content file with id and version."""

from __future__ import annotations

import pytest

from bibob_desk.domain.enums import Stage
from bibob_desk.workflow.next_step import NextStepsError, load_next_steps


def test_every_stage_has_a_next_step_in_dutch():
    steps = load_next_steps()
    assert (steps.id, steps.version) == ("wat-nu", 1)
    for stage in Stage:
        text = steps.of(stage)
        assert len(text) > 40 and "\n" not in text and "  " not in text, stage
    assert "zienswijze" in steps.of(Stage.VOORNEMEN) and "Bibob-register" in steps.of(Stage.BESLUIT)


def test_a_file_that_misses_a_stage_is_refused_with_file_and_field(tmp_path):
    broken = tmp_path / "wat-nu.yaml"
    broken.write_text("id: wat-nu\nversion: 1\nstappen:\n  aanvraag_ontvangen: Zet het formulier uit.\n")
    with pytest.raises(NextStepsError) as refused:
        load_next_steps(broken)
    assert "wat-nu.yaml" in str(refused.value)

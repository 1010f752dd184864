"""The weerbaarheidsscan (issue 9): scoring per theme from data, improvement points, refusals, the
stored result with its versions, and the PDF summary read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.paths import resources_dir
from bibob_desk.services.resilience import ResilienceService
from tests.conftest import add_user, first_login, reopen

EXAMPLE = resources_dir() / "weerbaarheid" / "voorbeeld-antwoorden.json"


def _all(app, value: str) -> dict[str, str]:
    _form, scoring = app.resilience.definition()
    return {q: value for q in scoring.improvements}


def test_all_yes_all_no_and_the_example(app):
    _, best = app.resilience.record(_all(app, "ja"))
    assert {t.band for t in best.themes} == {"weerbaar"} and best.total_share == 1 and not best.improvements
    _, worst = app.resilience.record(_all(app, "nee"))
    assert {t.band for t in worst.themes} == {"kwetsbaar"} and worst.total_share == 0
    assert len(worst.improvements) == 20
    _, example = app.resilience.record(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    themes = {t.theme: t for t in example.themes}
    # bewustzijn: ja 2 + deels 1 + ja 2 + nee 0 = 5 of 8
    assert (themes["bewustzijn"].points, themes["bewustzijn"].maximum, themes["bewustzijn"].band) == (
        5,
        8,
        "op weg",
    )
    assert themes["instrumenten"].band == "weerbaar" and themes["samenwerking"].band == "kwetsbaar"
    assert ("1. Bewustzijn",) == tuple({i[0] for i in example.improvements if i[0].startswith("1.")})
    assert len(example.improvements) == 11


def test_unanswered_questions_count_as_zero_and_are_reported(app):
    answers = _all(app, "ja")
    answers.pop("bw_beeld")
    _, result = app.resilience.record(answers)
    theme = next(t for t in result.themes if t.theme == "bewustzijn")
    assert theme.unanswered == 1 and theme.points == 6


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"onbekende_vraag": "ja"}, "onbekende vraag"),
        ({"bw_beeld": "misschien"}, "bw_beeld: kies uit"),
        ({"bw_toelichting": "tekst\x07"}, "bw_toelichting bevat stuurtekens"),
    ],
)
def test_refusals_are_dutch_and_store_nothing(app, answers, message):
    with pytest.raises(UserError, match=message):
        app.resilience.record(answers)
    with app._store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM resilience_scans")).scalar_one() == 0


def test_a_scoring_file_that_does_not_fit_the_form_is_refused(app, tmp_path):
    bad = tmp_path / "score.yaml"
    original = sorted((resources_dir() / "weerbaarheid").glob("*.yaml"))[-1].read_text(encoding="utf-8")
    bad.write_text(original.replace("    sw_private:", "    sw_bestaat_niet:"), encoding="utf-8")
    service = ResilienceService(app._store, scoring_path=bad)
    with pytest.raises(UserError, match="vraag sw_bestaat_niet staat niet in het formulier"):
        service.definition()


def test_only_jurist_or_beheerder_records_a_scan(app):
    add_user(app, "vv", "Vergunning", Role.VERGUNNINGVERLENER, "paars kanaal fiets winter")
    path = app._store.path
    app.close()
    first_login(path, "vv", "paars kanaal fiets winter")
    other = reopen(path, username="vv", password="paars kanaal fiets winter")
    try:
        with pytest.raises(UserError, match="jurist"):
            other.resilience.record({"bw_beeld": "ja"})
    finally:
        other.close()


def test_the_scan_is_not_offered_for_a_case(demo_app):
    case = demo_app.cases.open_case(demo_app.cases.id_of("H2"))
    assert "weerbaarheidsscan" not in {f.id for f in demo_app.questionnaires.forms_for(case)}


def test_summary_pdf_with_versions_and_the_export_audited(app, tmp_path: Path):
    number, _ = app.resilience.record(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    row, _ = app.resilience.latest()
    assert (row.id, row.form_id, row.form_version, row.scoring_version) == (number, "weerbaarheidsscan", 1, 1)
    out = app.exports.resilience_summary(tmp_path / "scan.pdf")
    content = " ".join(" ".join(page.extract_text() for page in PdfReader(out.path).pages).split())
    for expected in (
        "Score per thema",
        "4. Melden en bescherming van medewerkers",
        "38%",
        "Verbeterpunten",
        "Screen medewerkers in kwetsbare functies",
        "weerbaarheidsscan v1",
    ):
        assert expected in content, expected
    with app._store.engine.connect() as conn:
        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_log"))]
    assert "export.weerbaarheidsscan" in actions and "weerbaarheidsscan.vastgelegd" in actions

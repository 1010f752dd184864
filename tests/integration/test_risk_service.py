"""Scoring on a real store: snapshots with catalogue version and input hash, history, overrides."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.services.permissions import NotAllowed
from tests.conftest import add_user, first_login, reopen

MOTIVATION = "Huurprijs verklaard door de unieke hoeklocatie; taxatierapport van 12 mei ligt in het dossier."


def case_id(app, reference):
    return app.cases.summaries(reference)[0].id


def test_each_scoring_is_a_stored_snapshot_with_versions_and_hash(demo_app):
    cid = case_id(demo_app, "H2")
    first = demo_app.risk.score(cid)
    second = demo_app.risk.score(cid)
    history = demo_app.risk.history(cid)
    assert [a.score for a in history] == [25, 25]
    assert history[0].catalogue_id == "bibob-indicatoren" and history[0].catalogue_version == 2
    assert first.inputs_hash == second.inputs_hash and len(first.inputs_hash) == 64
    assert demo_app.risk.latest(cid).findings[0].evidence  # stored with its evidence
    with demo_app._store.engine.connect() as conn:
        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_log"))]
    assert actions.count("risico.beoordeeld") == 2


def test_an_override_needs_a_motivation_and_changes_the_score(demo_app):
    cid = case_id(demo_app, "H2")
    demo_app.risk.score(cid)
    with pytest.raises(UserError, match="motivering"):
        demo_app.risk.override(cid, "PRI-02", "buiten_beschouwing", "te kort")
    result = demo_app.risk.override(cid, "PRI-02", "buiten_beschouwing", MOTIVATION)
    finding = result.finding("PRI-02")
    assert (finding.override_state, finding.applied_weight, result.score) == ("toegepast", 0, 22)
    assert finding.override_motivation == MOTIVATION and finding.override_author == "beheerder"
    reweighed = demo_app.risk.override(cid, "FIN-04", "gewicht", MOTIVATION, weight=1)
    assert reweighed.finding("FIN-04").applied_weight == 1 and reweighed.score == 21


def test_a_withdrawn_override_stays_in_the_case_no_longer_counts_and_the_assessment_says_so(demo_app):
    cid = case_id(demo_app, "H2")
    full = demo_app.risk.score(cid).score
    demo_app.risk.override(cid, "PRI-02", "buiten_beschouwing", MOTIVATION)
    with pytest.raises(UserError, match="reden"):
        demo_app.risk.withdraw_override(cid, "PRI-02", "kort")
    result = demo_app.risk.withdraw_override(cid, "PRI-02", "taxatie bleek onjuist, afwijking vervalt")
    assert result.score == full and result.finding("PRI-02").override_state == ""
    assert result.not_counted == [
        "afwijking PRI-02 ingetrokken door beheerder: taxatie bleek onjuist, afwijking vervalt"
    ]
    (override,) = demo_app.cases.open_case(cid).overrides
    assert override.withdrawn and override.motivation == MOTIVATION  # kept, with who and why
    with pytest.raises(UserError, match="geen geldende afwijking"):
        demo_app.risk.withdraw_override(cid, "PRI-02", "nog eens intrekken, voor de zekerheid")
    _, revisions = demo_app.revisions.history(cid)
    assert revisions[-1].reason.startswith("afwijking PRI-02 ingetrokken")


def test_an_override_survives_rescoring_while_the_evidence_is_unchanged(demo_app):
    cid = case_id(demo_app, "H2")
    demo_app.risk.score(cid)
    demo_app.risk.override(cid, "PRI-02", "buiten_beschouwing", MOTIVATION)
    again = demo_app.risk.score(cid)
    assert again.finding("PRI-02").override_state == "toegepast" and again.score == 22
    case = demo_app.cases.open_case(cid)
    case.premises[0].rent_per_month = 7000  # new evidence
    with demo_app._store.transaction() as tx:
        tx.save_case(case)
    changed = demo_app.risk.score(cid)
    finding = changed.finding("PRI-02")
    assert finding.override_state == "herzien"  # flagged for review, not applied
    assert finding.applied_weight == 3 and changed.score == 25


def test_a_set_aside_finding_no_longer_triggers_its_knock_out(demo_app):
    cid = case_id(demo_app, "H2")
    demo_app.risk.score(cid)
    result = demo_app.risk.override(cid, "ANT-02", "buiten_beschouwing", MOTIVATION)
    assert result.knockouts == [] and result.score == 22 and result.band == "ROOD"  # 22 >= 12


def test_only_fired_indicators_can_be_overridden_and_readers_cannot(demo_app):
    cid = case_id(demo_app, "H1")
    with pytest.raises(UserError, match="niet aangeslagen"):
        demo_app.risk.override(cid, "FIN-01", "buiten_beschouwing", MOTIVATION)
    add_user(demo_app, "lezer", "Lezer", Role.LEZER, "rode lamp zeilboot kaas")
    path = demo_app._store.path
    demo_app.close()

    first_login(path, "lezer", "rode lamp zeilboot kaas")
    reader = reopen(path, username="lezer", password="rode lamp zeilboot kaas")
    try:
        with pytest.raises(NotAllowed):
            reader.risk.score(cid)
    finally:
        reader.close()


def test_overrides_travel_with_the_case_file(demo_app, tmp_path):
    cid = case_id(demo_app, "V3")
    demo_app.risk.score(cid)
    demo_app.risk.override(cid, "FIN-03", "gewicht", MOTIVATION, weight=1)
    out = tmp_path / "v3.json"
    demo_app.cases.export_file("V3", out, purpose="overdracht")
    from bibob_desk.exchange.case_format import read_case_file

    case = read_case_file(out).case
    assert [(o.indicator, o.action, o.weight) for o in case.overrides] == [("FIN-03", "gewicht", 1)]


def test_a_broken_catalogue_gives_a_dutch_message_and_scores_nothing(demo_app, tmp_path, monkeypatch):
    from bibob_desk.services.risk import RiskService

    bad = tmp_path / "kapot.yaml"
    bad.write_text("catalogue: {id: x}\n", encoding="utf-8")
    service = RiskService(demo_app._store, catalogue_path=bad)
    with pytest.raises(UserError, match="indicatorencatalogus is onbruikbaar"):
        service.score(case_id(demo_app, "H1"))
    assert demo_app.risk.history(case_id(demo_app, "H1")) == []

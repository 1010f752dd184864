"""Retention dates from data, and destruction with four eyes that leaves only the fact."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.services.retention import RetentionService
from bibob_desk.workflow.retention import load_rules, retention_date
from tests.conftest import ADMIN, PASSWORD, add_user, first_login, reopen

SECOND = "tweede jurist leest mee vandaag"


def test_retention_dates_follow_the_rules_file(demo_app, tmp_path, monkeypatch):
    rules = load_rules()
    assert rules.verified is False  # [M?] in the brief: shipped as unverified
    for reference in ("H1", "H2", "V1", "V3"):
        case = demo_app.cases.open_case(demo_app.cases.id_of(reference))
        kept = retention_date(case, rules)
        decided = [e for e in case.events if e.kind.value == "besluit_bekendgemaakt" and e.decision]
        last = max(decided, key=lambda e: e.date) if decided else None
        start = last.date if last else case.received_date
        years = rules.after_decision[last.decision.value] if last else rules.without_decision
        assert kept.until.year - start.year == years and "niet geverifieerd" in kept.explanation
    own = tmp_path / "eigen.yaml"
    own.write_text(
        "version: 2\nverified: true\nzonder_besluit: 7\nna_besluit: {verlening: 1, "
        "verlening_met_voorschriften: 1, weigering: 10, intrekking: 10, buiten_behandeling: 1, "
        "geen_transactie: 1}\n"
    )
    monkeypatch.setenv("BIBOB_DESK_BEWAARTERMIJNEN", str(own))
    h1 = demo_app.cases.open_case(demo_app.cases.id_of("H1"))
    assert retention_date(h1, load_rules()).until == h1.received_date.replace(year=h1.received_date.year + 7)
    own.write_text("version: 2\nverified: true\n")
    with pytest.raises(UserError, match="bewaartermijnen"):
        RetentionService(demo_app._store).rules()


def test_purge_needs_two_people_and_leaves_only_the_fact(demo_app):
    path = demo_app._store.path
    add_user(demo_app, "jurist2", "Tweede Jurist", Role.JURIST, SECOND)
    h2 = demo_app.cases.id_of("H2")
    name = demo_app.cases.open_case(h2).parties[0].name
    demo_app.attachments.add(h2, "bank.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")
    demo_app.revisions.edit(h2, [{"op": "replace", "path": "/title", "value": "Vernietigen"}], "voor de test")
    with pytest.raises(UserError, match="loopt nog"):
        RetentionService(demo_app._store, today=lambda: date(2026, 1, 1)).purge(h2)
    later = RetentionService(demo_app._store, today=lambda: date(2040, 1, 1))
    rows = later.overview()
    assert {r.reference for r in rows if r.due} == {"H1", "H2", "V1", "V3"}
    assert [r.retention.until for r in rows] == sorted(r.retention.until for r in rows)
    assert later.purge(h2) == "aangevraagd"
    assert later.purge(h2) == "aangevraagd"  # the requester cannot confirm
    demo_app.close()
    first_login(path, "jurist2", SECOND)
    second = reopen(path, username="jurist2", password=SECOND)
    try:
        assert RetentionService(second._store, today=lambda: date(2040, 1, 1)).purge(h2) == "vernietigd"
    finally:
        second.close()
    app = reopen(path, username=ADMIN, password=PASSWORD)
    try:
        assert "H2" not in {s.reference for s in app.cases.summaries("")}
        assert "H2" not in {x.reference for x in app.cases.summaries(name.split()[0])}  # search index
        with app._store.engine.connect() as conn:
            for table in (
                "cases",
                "case_parties",
                "assessments",
                "attachments",
                "approvals",
                "case_revisions",
            ):
                left = conn.execute(
                    text(
                        f"SELECT count(*) FROM {table} WHERE case_id = :c"
                        if table != "cases"
                        else "SELECT count(*) FROM cases WHERE id = :c"
                    ),
                    {"c": h2},
                ).scalar()
                assert left == 0, table
            audit = " ".join(r[0] for r in conn.execute(text("SELECT object FROM audit_log")))
        assert name not in audit and f"case:{h2};aangevraagd:{ADMIN};bevestigd:jurist2" in audit
        assert app.audit.verify().first_broken is None
    finally:
        app.close()

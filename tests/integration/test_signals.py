"""The signals register on a real store (issue 9): recording with Dutch refusals, linking to a case's
address or parties, feeding the SIG-* indicators with the register entry as evidence, retention."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text

from bibob_desk.domain.errors import UserError
from tests.support.cli import run_cli


def _add(app, **overrides):
    data = dict(
        source="handhaving",
        on=date(2026, 10, 2),
        reliability="waarschijnlijk",
        about="adres",
        name="Stationsweg 18",
        description="Na sluitingstijd open aangetroffen.",
        postcode="1234 cd",
        house_number="18",
    )
    data.update(overrides)
    return app.signals.add(**data)


def _finding(assessment, indicator):
    return next((f for f in assessment.findings if f.indicator == indicator), None)


def test_an_address_signal_feeds_sig_04_of_the_case_at_that_address(demo_app):
    case_id = demo_app.cases.id_of("H2")
    before = _finding(demo_app.risk.score(case_id), "SIG-04")
    number = _add(demo_app)
    links = demo_app.signals.linked_to(case_id)
    assert [link.entry.id for link in links] == [number]
    assert "zelfde adres" in links[0].reasons[0]
    after = _finding(demo_app.risk.score(case_id), "SIG-04")
    assert before is None or before.applied_weight == 0
    assert after is not None and after.applied_weight > 0
    sources = " ".join(e.source for e in after.evidence)
    assert f"signalenregister nr. {number}" in sources
    # the other demo cases are elsewhere: not linked
    assert demo_app.signals.linked_to(demo_app.cases.id_of("V3")) == []


def test_a_withdrawn_signal_stays_listed_links_to_no_case_and_no_longer_counts(demo_app):
    case_id = demo_app.cases.id_of("H2")
    number = _add(demo_app)
    assert _finding(demo_app.risk.score(case_id), "SIG-04").applied_weight > 0
    with pytest.raises(UserError, match="reden"):
        demo_app.signals.withdraw(number, "nee")
    demo_app.signals.withdraw(number, "melding bleek over een ander pand te gaan")
    assert demo_app.signals.linked_to(case_id) == []
    after = _finding(demo_app.risk.score(case_id), "SIG-04")
    assert after is None or after.applied_weight == 0
    (listed,) = [e for e in demo_app.signals.register() if e.id == number]
    assert listed.withdrawn and listed.withdrawn_by == "beheerder"
    assert number not in [e.id for e in demo_app.signals.active()]
    with pytest.raises(UserError, match="al ingetrokken"):
        demo_app.signals.withdraw(number, "nog een keer intrekken")
    with pytest.raises(UserError, match="geen signaal 999"):
        demo_app.signals.withdraw(999, "bestaat niet, toch proberen")


def test_a_person_signal_links_by_the_matching_rules_and_a_different_birth_date_does_not(demo_app):
    case_id = demo_app.cases.id_of("H2")
    _add(demo_app, source="riec", about="persoon", name="Karimi, M.", postcode="", house_number="")
    assert [link.party.name for link in demo_app.signals.linked_to(case_id)] == ["M. Karimi"]
    score = demo_app.risk.score(case_id)
    assert any("signalenregister" in e.source for e in _finding(score, "SIG-02").evidence)


def test_the_case_itself_is_not_changed_and_the_inputs_hash_follows_the_register(demo_app):
    case_id = demo_app.cases.id_of("H2")
    first = demo_app.risk.score(case_id)
    _add(demo_app)
    second = demo_app.risk.score(case_id)
    assert first.inputs_hash != second.inputs_hash
    with demo_app._store.transaction() as tx:
        assert not any(s.id.startswith("register-") for s in tx.cases.get(case_id).signals)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"source": "buurman"}, "bron: kies uit"),
        ({"on": date(2999, 1, 1)}, "toekomst"),
        ({"postcode": ""}, "postcode en huisnummer"),
        ({"description": "regel\x00"}, "omschrijving bevat stuurtekens"),
        ({"retention_date": date(2020, 1, 1)}, "bewaartermijn is al verstreken"),
        ({"postcode": "12345"}, "postcode"),
    ],
)
def test_refusals_are_dutch_and_store_nothing(demo_app, overrides, message):
    with pytest.raises(UserError, match=message):
        _add(demo_app, **overrides)
    with demo_app._store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM signal_register")).scalar_one() == 0


def test_an_expired_signal_is_no_longer_used(demo_app):
    _add(demo_app, on=date(2020, 1, 1), retention_date=date(2026, 12, 31))
    demo_app.signals.today = lambda: date(2027, 1, 1)
    assert demo_app.signals.active() == []
    assert demo_app.signals.linked_to(demo_app.cases.id_of("H2")) == []


@pytest.mark.slow
def test_cli_signals_add_and_list_json(demo_app):
    path = demo_app._store.path
    demo_app.close()

    def cli(*args):
        return run_cli(path, *args)

    done = cli(
        "signals",
        "add",
        "--source",
        "boa",
        "--date",
        "2026-09-01",
        "--about",
        "adres",
        "--name",
        "Stationsweg 18",
        "--postcode",
        "1234CD",
        "--house-number",
        "18",
        "--description",
        "Overlast gemeld.",
    )
    assert done.returncode == 0 and done.stdout.startswith("Signaal 1 vastgelegd"), done.stderr
    rows = json.loads(cli("signals", "list", "--case", "H2", "--json").stdout)
    assert rows[0]["source"] == "boa" and rows[0]["linked_to"].startswith("Stationsweg 18")
    bad = cli(
        "signals",
        "add",
        "--source",
        "boa",
        "--date",
        "gisteren",
        "--about",
        "adres",
        "--name",
        "x",
        "--description",
        "y",
    )
    assert bad.returncode == 1 and "JJJJ-MM-DD" in bad.stderr

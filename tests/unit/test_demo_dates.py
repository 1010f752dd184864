"""Issue 20: the demo lives in the present. Moving every date of the sample cases by the demo's shift
changes no score, band, finding or relative deadline: the moved case on a moved "today" is the
shipped case on the shipped "today"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bibob_desk.cli.network import demo_documents
from bibob_desk.exchange.case_format import validate_document
from bibob_desk.exchange.demo_dates import DAYS_BACK, dates_in, shift_for, shifted
from bibob_desk.paths import resources_dir
from bibob_desk.risk.catalogue import load_catalogue
from bibob_desk.risk.engine import assess
from bibob_desk.workflow.deadlines import compute
from bibob_desk.workflow.terms import FIXED_PERIOD, UNTIL_ADVICE, load_terms

CATALOGUE = load_catalogue(resources_dir() / "indicators" / "bibob-indicatoren-v1.yaml")
TERMS = load_terms()
DOCUMENTS = demo_documents(network=True)
CASES = [(reference, doc) for reference, doc in DOCUMENTS if reference]


def _case(document):
    result = validate_document(document)
    assert result.ok and result.case is not None, result.errors
    return result.case


@pytest.mark.parametrize("today", [date(2026, 12, 4), date(2027, 6, 15), date(2029, 2, 28)])
def test_the_shift_puts_the_newest_date_a_few_days_back_in_whole_weeks(today):
    days = shift_for([doc for _r, doc in DOCUMENTS], today)
    assert days % 7 == 0 and days >= 0
    newest = max(d for _r, doc in DOCUMENTS for d in dates_in(shifted(doc, days)))
    assert today - timedelta(days=DAYS_BACK + 6) <= newest <= today - timedelta(days=DAYS_BACK)


def test_no_shift_for_material_that_is_already_recent():
    assert shift_for([doc for _r, doc in DOCUMENTS], date(2026, 4, 7)) == 0
    assert shifted({"d": "2025-01-01"}, 0) == {"d": "2025-01-01"}


def test_every_date_and_timestamp_moves_and_nothing_else():
    document = {
        "a": "2025-03-03",
        "b": ["2025-12-31T23:30:00Z", "2025-02-28T10:00:00+01:00"],
        "c": "H-2025-01",
    }
    moved = shifted(document, 7)
    assert moved == {
        "a": "2025-03-10",
        "b": ["2026-01-07T23:30:00Z", "2025-03-07T10:00:00+01:00"],
        "c": "H-2025-01",
    }


@pytest.mark.parametrize("today", [date(2026, 12, 4), date(2027, 6, 15)])
@pytest.mark.parametrize(("reference", "document"), CASES, ids=[r for r, _d in CASES])
def test_a_moved_case_scores_and_counts_its_terms_as_the_shipped_one(reference, document, today):
    days = shift_for([doc for _r, doc in DOCUMENTS], today)
    assert days > 0
    shipped, moved = _case(document), _case(shifted(document, days))
    then = today - timedelta(days=days)  # the shipped case's "today"
    before = assess(shipped, CATALOGUE, assessed_by="t", now=datetime.combine(then, datetime.min.time(), UTC))
    after = assess(moved, CATALOGUE, assessed_by="t", now=datetime.combine(today, datetime.min.time(), UTC))
    assert (after.score, after.band) == (before.score, before.band)
    assert sorted(f.indicator for f in after.findings) == sorted(f.indicator for f in before.findings)
    for reading in (UNTIL_ADVICE, FIXED_PERIOD):
        terms = TERMS.with_reading(reading)
        old = {d.key: d for d in compute(shipped, terms, then).deadlines}
        new = {d.key: d for d in compute(moved, terms, today).deadlines}
        assert new.keys() == old.keys()
        for key, term in old.items():
            assert new[key].raw == term.raw + timedelta(days=days), key
            assert (new[key].raw - today) == (term.raw - then), key
            moved_by_atw, was_moved_by_atw = new[key].effective - new[key].raw, term.effective - term.raw
            if moved_by_atw == was_moved_by_atw:  # the same weekday: the same days left, the same status
                assert new[key].days_left(today) == term.days_left(then), key
                assert new[key].status(today) == term.status(then), key
            else:  # only a public holiday on one of the two dates (Koningsdag, Pasen) makes a difference
                assert max(moved_by_atw, was_moved_by_atw) <= timedelta(days=4), key
                assert (new[key].raw, term.raw) != (new[key].effective, term.effective), key

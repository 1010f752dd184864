"""T28: the clock set back one day. The order of the log follows its sequence numbers, the backwards
jump is named by `audit verify`, the next unlock warns and logs it, and deadlines count from the
newest audit date rather than from the clock (they never silently grow)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bibob_desk.bootstrap import open_app
from bibob_desk.store import audit, store_accounts
from tests.conftest import ADMIN, PASSWORD


class _Back:
    """datetime with now() one day behind (what a clock set back returns)."""

    @staticmethod
    def now(tz=None):
        return datetime.now(tz) - timedelta(days=1)

    fromisoformat = staticmethod(datetime.fromisoformat)


@pytest.fixture
def clock_back(monkeypatch):
    def set_back():
        monkeypatch.setattr(audit, "datetime", _Back)
        monkeypatch.setattr(store_accounts, "datetime", _Back)
        import datetime as real

        class _Date(real.date):
            @classmethod
            def today(cls):
                return real.date.today() - timedelta(days=1)

        monkeypatch.setattr(store_accounts, "date", _Date)

    return set_back


def test_a_clock_set_back_is_flagged_and_deadlines_do_not_shift(demo_app, clock_back):
    path = demo_app._store.path
    h2 = demo_app.cases.id_of("H2")
    _, before = demo_app.workflow.timeline(h2)
    left_before = {d.key: d.days_left(demo_app.workflow.today()) for d in before.deadlines}
    demo_app.close()
    clock_back()
    app = open_app(path, username=ADMIN, password=PASSWORD)
    try:
        assert "klok van deze computer staat achter" in app.maintenance.clock_warning
        assert app.workflow.today == app._store.today  # deadlines count from the store's date
        assert app.workflow.today() == datetime.now(UTC).date()  # the newest audit date, not the clock's
        _, after = app.workflow.timeline(h2)
        left_after = {d.key: d.days_left(app.workflow.today()) for d in after.deadlines}
        assert left_after == left_before
        app.risk.score(h2)  # more entries with the clock behind
        result = app.audit.verify()
        assert result.first_broken is None  # the chain holds; the jump is a warning, by number
        assert any("de klok is teruggezet" in w for w in result.warnings)
        warned = [e for e in app.audit.entries(action="klok.achter")]
        assert warned and warned[0].result == "gewaarschuwd"
        seqs = [e.seq for e in app.audit.entries(limit=1000)]
        assert seqs == sorted(seqs, reverse=True)
    finally:
        app.close()

"""Four eyes: a final decision needs the approval of a second jurist, bound to what it says."""

from __future__ import annotations

import pytest

from bibob_desk.domain.enums import ProcedureKind, Role
from bibob_desk.domain.errors import UserError
from bibob_desk.services.permissions import NotAllowed
from tests.conftest import ADMIN, PASSWORD, add_user, first_login, reopen

SECOND = "tweede jurist leest mee vandaag"


def as_user(path, username, password):
    return reopen(path, username=username, password=password)


def test_decision_needs_a_second_jurist_and_a_change_needs_a_new_approval(demo_app, tmp_path):
    path = demo_app._store.path
    assert demo_app.settings.four_eyes()  # on by default
    add_user(demo_app, "jurist2", "Tweede Jurist", Role.JURIST, SECOND)
    add_user(demo_app, "vv", "Vergunning", Role.VERGUNNINGVERLENER, SECOND)
    h2 = demo_app.cases.id_of("H2")
    demo_app.risk.score(h2)
    out = tmp_path / "H2-weigering.pdf"
    with pytest.raises(UserError, match="tweede jurist"):
        demo_app.exports.memo(h2, "weigering", out)
    demo_app.exports.approve(h2, "weigering")  # one's own approval does not count
    with pytest.raises(UserError, match="tweede jurist"):
        demo_app.exports.memo(h2, "weigering", out)
    assert not out.exists()
    demo_app.exports.memo(h2, "voornemen", tmp_path / "voornemen.pdf")  # not final: no approval needed
    demo_app.close()

    first_login(path, "vv", SECOND)
    officer = as_user(path, "vv", SECOND)
    try:
        with pytest.raises(NotAllowed):
            officer.exports.approve(h2, "weigering")
    finally:
        officer.close()
    first_login(path, "jurist2", SECOND)
    second = as_user(path, "jurist2", SECOND)
    try:
        second.exports.approve(h2, "weigering")
    finally:
        second.close()

    app = as_user(path, ADMIN, PASSWORD)
    try:
        app.exports.memo(h2, "weigering", out)
        assert out.exists()
        existing = app.cases.open_case(h2)  # an intrekking fits an existing permit
        existing.procedure = ProcedureKind.BESTAANDE_VERGUNNING
        with app._store.transaction() as tx:
            tx.save_case(existing)
        with pytest.raises(UserError, match="tweede jurist"):  # approval is per kind of decision
            app.exports.memo(h2, "intrekking", tmp_path / "intrekking.pdf")
        existing.procedure = ProcedureKind.AANVRAAG
        with app._store.transaction() as tx:
            tx.save_case(existing)
        case = app.cases.open_case(h2)
        case.legal.evenwichtigheid += " Aangevuld na de goedkeuring."
        with app._store.transaction() as tx:
            tx.save_case(case)
        with pytest.raises(UserError, match="nieuwe goedkeuring"):
            app.exports.memo(h2, "weigering", tmp_path / "opnieuw.pdf")
        actions = [e.action for e in app.audit.entries(action="besluit.goedgekeurd")]
        assert actions == ["besluit.goedgekeurd.weigering"] * 2
    finally:
        app.close()

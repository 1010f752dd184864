"""Staff protection (issue 15, part 9): a case marked afgeschermd shows no official's name to users
outside its team, on no screen (case, timeline, history, risk) and in no export, internal memos
included; the stored case keeps the names. A signal of intimidation of an official is a signal
source of its own and is shown on the case. Real SQLCipher files, real PDFs."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from tests.conftest import ADMIN, PASSWORD, add_user, first_login, reopen

OTHER = "groene wolk kano zeef"


def test_a_shielded_case_hides_officials_from_everyone_outside_its_team(demo_app, tmp_path):
    path = demo_app._store.path
    add_user(demo_app, "vv2", "Buiten Team", Role.VERGUNNINGVERLENER, OTHER)
    h2 = demo_app.cases.id_of("H2")
    demo_app.risk.score(h2)
    demo_app.risk.override(h2, "PRI-02", "buiten_beschouwing", "huur verklaard door de taxatie van mei")
    demo_app.cases.assign(h2, behandelaar=ADMIN)
    with pytest.raises(UserError, match="reden"):
        demo_app.cases.shield(h2, True, "")
    demo_app.cases.shield(h2, True, "bedreiging van de behandelaar na het voornemen")
    with pytest.raises(UserError, match="al afgeschermd"):
        demo_app.cases.shield(h2, True, "nog een keer afschermen")
    team_view = demo_app.cases.open_case(h2)
    assert team_view.shielded and team_view.behandelaar == ADMIN  # the team sees the names
    demo_app.exports.memo(h2, "advies", tmp_path / "team.pdf")
    demo_app.close()

    first_login(path, "vv2", OTHER)
    outsider = reopen(path, username="vv2", password=OTHER)
    try:
        case = outsider.cases.open_case(h2)
        assert case.behandelaar == "" and all(a.provenance.recorded_by == "" for a in case.antecedents)
        case, _ = outsider.workflow.timeline(h2)
        assert all(e.recorded_by == "" for e in case.events)
        _, revisions = outsider.revisions.history(h2)
        assert {r.actor for r in revisions} == {"(afgeschermd)"}
        latest = outsider.risk.latest(h2)
        assert latest.assessed_by == "" and all(f.override_author == "" for f in latest.findings)
        outsider.exports.memo(h2, "advies", tmp_path / "buiten.pdf")
    finally:
        outsider.close()
    team = reopen(path, username=ADMIN, password=PASSWORD)
    try:
        stored = team.cases.open_case(h2)
        assert stored.behandelaar == ADMIN and stored.antecedents[0].provenance.recorded_by  # kept
    finally:
        team.close()
    for name in ("team.pdf", "buiten.pdf"):  # no official's name in any export, internal included
        text = " ".join(p.extract_text() for p in PdfReader(tmp_path / name).pages)
        assert "Afwijking: huur verklaard" in text  # what was decided stays, who decided it not
        assert "Afwijking door" not in text and "demo-jurist" not in text and ADMIN not in text


def test_an_intimidation_signal_is_its_own_source_and_shows_on_the_case(demo_app):
    from bibob_desk.domain.enums import Reliability, SignalSource
    from bibob_desk.domain.labels import label
    from bibob_desk.domain.model import Provenance, Signal
    from bibob_desk.ui.case_view import network_lines

    h2 = demo_app.cases.id_of("H2")
    case = demo_app.cases.open_case(h2)
    case.signals.append(
        Signal(
            id="s9",
            source=SignalSource.INTIMIDATIE,
            date=date(2026, 11, 2),
            party=case.parties[0].id,
            reliability=Reliability.BEVESTIGD,
            description="dreigende berichten aan de behandelaar",
            provenance=Provenance(kind="eigen_onderzoek"),
        )
    )
    assert demo_app.overview.threatened_cases() == []
    with demo_app._store.transaction() as tx:
        tx.save_case(case, reason="signaal intimidatie")
    assert demo_app.overview.threatened_cases() == [h2]  # a signal in the case itself, counted too
    assert label(SignalSource.INTIMIDATIE) == "intimidatie of bedreiging van een medewerker"
    lines = network_lines(demo_app, demo_app.cases.open_case(h2))
    assert any("intimidatie of bedreiging van een medewerker" in line for line in lines)
    demo_app.cases.shield(h2, True, "dreiging tegen de behandelaar")
    assert network_lines(demo_app, demo_app.cases.open_case(h2))[0].startswith("Afgeschermd dossier")


def test_intimidation_signals_in_the_register_are_counted_for_the_overview(demo_app):
    assert demo_app.overview.intimidation() == 0
    demo_app.signals.add(
        source="intimidatie",
        on=date(2026, 11, 20),
        reliability="bevestigd",
        about="persoon",
        name="M. Karimi",
        description="dreigende berichten aan de behandelaar",
    )
    demo_app.signals.add(
        source="handhaving",
        on=date(2026, 11, 21),
        reliability="bevestigd",
        about="persoon",
        name="M. Karimi",
        description="controle",
    )
    assert demo_app.overview.intimidation() == 1

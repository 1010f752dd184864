"""Issue 19, deliverable 5 in the window: Bestand → Uitchecken naar dit apparaat… and Inchecken…, on a
real team database; a conflict is shown per field with a choice, and the case is checked in only
after that choice."""

from __future__ import annotations

from bibob_desk.bootstrap import AppContext
from bibob_desk.domain.enums import Role
from bibob_desk.paths import TeamAddress
from bibob_desk.store.store import Store
from tests.integration.test_team_store_postgres import _demo_case
from tests.support.team import OWN, open_as
from tests.ui.conftest import open_case, signed_in, wait_idle


def _retitle(app: AppContext, title: str) -> None:
    case_id = app.cases.id_of("H1")
    app.revisions.edit(case_id, [{"op": "replace", "path": "/title", "value": title}], "omschrijving")


def test_the_file_menu_checks_a_case_out_and_in_with_a_choice_per_conflicting_field(qtbot, team, tmp_path):
    ann = team.colleague(Role.VERGUNNINGVERLENER, "ann")
    with open_as(team.address, team.founder) as boss, boss.transaction() as tx:
        tx.cases.add_many([_demo_case(r, ann) for r in ("H1", "H2")])
    win = signed_in(qtbot, TeamAddress(team.address), ann, OWN)
    out, back = win.registry.actions["check_out"], win.registry.actions["check_in"]
    assert out.isVisible() and out.isEnabled() and back.isEnabled()
    laptop = tmp_path / "laptop.db"
    actions = win.checkout_actions
    actions.ask_save_path = lambda _suggestion: str(laptop)
    actions.ask_open_path = lambda: str(laptop)
    actions.ask_password = lambda _title, _label: OWN
    open_case(win, "H1", qtbot)
    out.trigger()
    wait_idle(qtbot, win, timeout=60_000)
    shown = actions.dialog
    assert shown.objectName() == "checkedOut" and "H1 (versie 1)" in shown.text()
    assert "H2 (versie" not in shown.text() and "Herstelsleutel" in shown.text()  # only what was chosen
    shown.close()

    local = AppContext.around(Store.open(laptop, username=ann, password=OWN))
    try:
        _retitle(local, "Terras aan de Markt")
    finally:
        local.close()
    office = AppContext.around(open_as(team.address, team.founder))
    try:
        _retitle(office, "Terras aan het Plein")
    finally:
        office.close()

    back.trigger()
    wait_idle(qtbot, win, timeout=60_000)
    dialog = actions.dialog
    assert dialog.objectName() == "checkInConflicts"
    top = dialog.tree.topLevelItem(0)
    assert top.text(0) == "Dossier H1" and top.childCount() == 1
    row = top.child(0)
    assert [row.text(c) for c in (2, 3)] == [
        "\u2068Terras aan de Markt\u2069",
        "\u2068Terras aan het Plein\u2069",
    ]
    assert dialog.intro.text().startswith("H1: conflict, niets ingecheckt")
    combo = dialog.combos["H1:/title"]
    assert combo.currentData() == "team" and combo.accessibleName().startswith("Keuze voor")
    combo.setCurrentIndex(combo.findData("eigen"))
    dialog.accept()
    wait_idle(qtbot, win, timeout=60_000)
    done = actions.dialog
    assert done.objectName() == "checkedIn" and "H1: ingecheckt als versie 3" in done.text()
    with open_as(team.address, team.founder) as boss, boss.transaction() as tx:
        assert tx.cases.get_by_reference("H1").title == "Terras aan de Markt"
    win.session.lock()


def test_a_file_database_has_no_check_out(unlocked_window):
    assert not unlocked_window.registry.actions["check_out"].isVisible()
    assert not unlocked_window.registry.actions["check_in"].isEnabled()

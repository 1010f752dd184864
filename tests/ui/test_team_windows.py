"""Issue 19, done when: two app windows signed in as two people on one PostgreSQL database see each
other's saves without a restart and get a conflict dialog on a simultaneous save. Real windows
(offscreen), the real cluster, each person with his own login role."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import pytest

from bibob_desk.domain.enums import Role
from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.paths import TeamAddress, demo_case_files
from bibob_desk.ui.main_window import MainWindow
from tests.support.team import OWN, PASSWORD, open_as
from tests.ui.conftest import answer_conflict, open_case, signed_in, wait_idle


def _signed_in(qtbot, address: str, username: str, password: str) -> MainWindow:
    return signed_in(qtbot, TeamAddress(address), username, password)


def _editor(qtbot, win):
    open_case(win, "H2", qtbot)
    win.case_actions.edit()
    editor = win.case_panel.editor
    editor.show_section("dossier")
    return editor


def _location_in_list(win) -> str:
    model = win.case_list.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "H2")
    return str(model.index(row, 4).data())


def _colleague_poll(qtbot, win) -> None:
    """What the window's timer does every five seconds, now (no waiting in a test)."""
    win.colleague_watch.poll()
    wait_idle(qtbot, win)


def test_two_windows_see_each_others_saves_and_the_second_save_gets_the_conflict_dialog(qtbot, team):
    ann = team.colleague(Role.VERGUNNINGVERLENER, "ann")
    h2 = next(c for c in (read_case_file(f).case for f in demo_case_files()) if c.reference == "H2")
    with open_as(team.address, team.founder) as boss, boss.transaction() as tx:
        tx.cases.add_many([replace(h2, behandelaar=ann)])
    mine = _signed_in(qtbot, team.address, ann, OWN)
    theirs = _signed_in(qtbot, team.address, team.founder, PASSWORD)
    assert mine.colleague_watch.timer.isActive() and theirs.colleague_watch.timer.isActive()
    _colleague_poll(qtbot, theirs)  # the first question sets the mark
    a, b = _editor(qtbot, mine), _editor(qtbot, theirs)

    # 1. Ann corrects the street; the coordinator's list and open case follow without a restart
    a.editors["location.street"].widget.setText("Nieuwe Markt")
    a.reason.setText("adres volgens BAG")
    assert a.save(), a.message.text()
    assert "Nieuwe Markt" not in _location_in_list(theirs)
    _colleague_poll(qtbot, theirs)
    qtbot.waitUntil(lambda: "Nieuwe Markt" in _location_in_list(theirs), timeout=10_000)
    assert b.editors["location.street"].widget.text() == "Nieuwe Markt"
    assert theirs.statusBar().currentMessage() == "Bijgewerkt vanuit de teamdatabase: 1 dossier."

    # 2. both type a new description from the same version; Ann saves first
    base = b.editors["title"].widget.text()
    b.editors["title"].widget.setText("Shishalounge, aanvraag exploitatievergunning")
    b.reason.setText("omschrijving aangevuld")
    a.editors["title"].widget.setText("Shishalounge met terras")
    a.reason.setText("terras toegevoegd")
    assert a.save()
    _colleague_poll(qtbot, theirs)  # the coordinator's typing stays while the change comes in
    assert b.dirty and b.editors["title"].widget.text() == "Shishalounge, aanvraag exploitatievergunning"
    assert "uw niet-opgeslagen invoer staat er nog" in b.message.text()
    seen = answer_conflict("keepMine")
    assert b.save()
    assert seen["title"] == "Dossier H2 is intussen gewijzigd"
    assert [row[1:] for row in seen["fields"]] == [
        [
            f"\u2068{base}\u2069",
            "\u2068Shishalounge, aanvraag exploitatievergunning\u2069",
            "\u2068Shishalounge met terras\u2069",
        ]
    ]
    assert seen["bold"] == [True]  # both changed the same field
    assert any(ann in line and "terras toegevoegd" in line for line in seen["theirs"])

    # 3. the coordinator's version is the newest; Ann's window shows it after its next question,
    # and Ann's description stays in the history
    _colleague_poll(qtbot, mine)
    qtbot.waitUntil(
        lambda: a.editors["title"].widget.text() == "Shishalounge, aanvraag exploitatievergunning",
        timeout=10_000,
    )
    ctx = mine.session.context
    _, revisions = ctx.revisions.history(ctx.cases.id_of("H2"))
    assert [(r.actor, r.number) for r in revisions] == [(ann, 2), (ann, 3), (team.founder, 4)]
    assert mine.session.context is not None and theirs.session.context is not None
    for win in (mine, theirs):
        win.session.lock()


@pytest.mark.slow
def test_a_colleagues_save_from_another_process_reaches_the_window_and_makes_its_save_a_conflict(qtbot, team):
    """Two app instances as two processes: the coordinator's window, and Ann's bibob-desk in her own
    process (the command line) saving the same case."""
    ann = team.colleague(Role.VERGUNNINGVERLENER, "ann")
    h2 = next(c for c in (read_case_file(f).case for f in demo_case_files()) if c.reference == "H2")
    with open_as(team.address, team.founder) as boss, boss.transaction() as tx:
        tx.cases.add_many([replace(h2, behandelaar=ann)])
    win = _signed_in(qtbot, team.address, team.founder, PASSWORD)
    _colleague_poll(qtbot, win)
    editor = _editor(qtbot, win)
    editor.editors["title"].widget.setText("Shishalounge, aanvraag exploitatievergunning")
    editor.reason.setText("omschrijving aangevuld")
    env = {**os.environ, "BIBOB_DESK_USER": ann, "BIBOB_DESK_PASSWORD": OWN, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bibob_desk",
            "--db",
            team.address,
            "case",
            "set",
            "H2",
            "title=Shishalounge met terras",
            "location.street=Nieuwe Markt",
            "--reason",
            "terras toegevoegd",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "opgeslagen als versie 2" in done.stdout
    _colleague_poll(qtbot, win)
    qtbot.waitUntil(lambda: "Nieuwe Markt" in _location_in_list(win), timeout=10_000)
    assert editor.dirty  # the coordinator's typing stays while Ann's version comes in
    seen = answer_conflict("keepTheirs")
    assert editor.save()
    assert seen["bold"] == [True] and any(ann in line for line in seen["theirs"])
    assert editor.editors["title"].widget.text() == "Shishalounge met terras"
    win.session.lock()

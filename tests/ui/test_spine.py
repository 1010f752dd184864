"""The UI spine (issue 13): slow work never on the GUI thread, screens refresh themselves from what
the services report, actions come from one table, no import cycle inside ui/, and the Dossier tab
shows every section of each public sample case."""

from __future__ import annotations

import ast
import itertools
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from bibob_desk.domain.enums import EventKind, Role
from bibob_desk.presentation.case_file import DOSSIER, SECTIONS
from bibob_desk.ui.actions import ACTIONS
from tests.ui.conftest import open_case, wait_idle

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "bibob_desk" / "ui"


def _record_threads(monkeypatch, service, names, calls):
    for name in names:
        original = getattr(service, name)

        def recorded(*args, _original=original, _name=name, **kwargs):
            calls.append((_name, threading.current_thread() is threading.main_thread()))
            return _original(*args, **kwargs)

        monkeypatch.setattr(service, name, recorded)


def test_slow_operations_never_run_on_the_gui_thread(qtbot, unlocked_window, tmp_path, monkeypatch):
    from bibob_desk.paths import demo_case_files

    win = unlocked_window
    wait_idle(qtbot, win)
    ctx = win.session.context
    calls: list[tuple[str, bool]] = []
    _record_threads(monkeypatch, ctx.exports, ["memo", "memo_preview", "lbb_package", "workbook"], calls)
    _record_threads(monkeypatch, ctx.backups, ["backup", "restore"], calls)
    _record_threads(monkeypatch, ctx.cases, ["import_file"], calls)
    _record_threads(monkeypatch, ctx.risk, ["score_all", "score"], calls)
    _record_threads(monkeypatch, ctx.matching, ["matches"], calls)
    _record_threads(monkeypatch, ctx.workflow, ["open_deadlines"], calls)
    _record_threads(monkeypatch, ctx.overview, ["heavy"], calls)
    _record_threads(monkeypatch, ctx.attachments, ["add_file"], calls)

    open_case(win, "V3", qtbot)  # the Netwerk tab looks for matches
    win.memo_action.trigger()
    win.export_actions.dialog.show_preview()
    wait_idle(qtbot, win)
    attachment = tmp_path / "koop.pdf"
    attachment.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    for action, path in (
        (None, tmp_path / "memo.pdf"),  # the memo dialog is open already
        (win.package_action, tmp_path / "pakket.zip"),
        (win.workbook_action, tmp_path / "alle.xlsx"),
        (win.attach_action, attachment),
    ):
        if action is not None:
            action.trigger()
        dialog = win.export_actions.dialog
        qtbot.addWidget(dialog)
        dialog.path.setText(str(path))
        dialog._accept()
        wait_idle(qtbot, win)

    backup = tmp_path / "backup.zip"
    win.export_actions.ask_save_path = lambda suggestion: str(backup)
    win.backup_action.trigger()
    wait_idle(qtbot, win)
    restored = tmp_path / "terug" / "bibob.db"
    win.export_actions.ask_open_path = lambda caption: str(backup)
    win.export_actions.ask_save_path = lambda suggestion: str(restored)
    win.export_actions.ask_password = lambda: "blauwe tegel fiets moeras"
    win.restore_action.trigger()
    wait_idle(qtbot, win)
    assert restored.exists()

    source = tmp_path / "import.json"
    text = demo_case_files()[0].read_text(encoding="utf-8")
    source.write_text(text.replace('"reference": "H1"', '"reference": "H1-kopie"'), encoding="utf-8")
    win.files.ask_import_path = lambda: str(source)
    win.import_action.trigger()
    wait_idle(qtbot, win)
    win.score_all_action.trigger()
    wait_idle(qtbot, win)
    win.deadlines_action.trigger()
    wait_idle(qtbot, win)
    win.case_panel.overview.refresh()
    wait_idle(qtbot, win)

    names = {name for name, _ in calls}
    assert names >= {
        "memo",
        "memo_preview",
        "lbb_package",
        "workbook",
        "add_file",
        "backup",
        "restore",
        "import_file",
        "score_all",
        "matches",
        "open_deadlines",
        "heavy",
    }
    on_gui = sorted({name for name, gui in calls if gui})
    assert on_gui == []


def test_recording_an_event_updates_the_list_row_the_termijnen_tab_and_the_banner(qtbot, unlocked_window):
    win = unlocked_window
    open_case(win, "V1", qtbot)
    ctx, case_id = win.session.context, win.selection.case_id
    model, timeline, banner = win.case_list.model, win.case_panel.timeline, win.reminder_banner
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "V1")
    events_before, banner_before = timeline.events.rowCount(), banner.text()
    changed_rows = []
    model.dataChanged.connect(lambda top, _bottom: changed_rows.append(top.row()))

    timeline.event_button.click()  # the same path as the officer: button, dialog, Vastleggen
    dialog = win.case_actions.dialog
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.HERSTEL_VERZONDEN.value))
    dialog.date.setDate(QDate.currentDate())
    dialog.until.setDate(QDate.currentDate().addDays(3))  # a new term, due within 7 days
    dialog.note.setText("herstelverzoek uittreksel KvK")
    dialog._on_buttons_accepted()
    assert not dialog.isVisible()
    wait_idle(qtbot, win)

    assert timeline.events.rowCount() == events_before + 1
    texts = [timeline.events.item(r, 1).text() for r in range(timeline.events.rowCount())]
    assert any("herstel" in t.lower() for t in texts)
    stored = ctx.cases.summaries_of([case_id])[0]
    assert row in changed_rows and model._rows[row].updated_at == stored.updated_at
    rows = ctx.workflow.overview(due_within=7)
    soon = sum(1 for r in rows if r.days_left >= 0)
    assert banner.text() != banner_before and f"{soon} binnen 7 dagen" in banner.text()
    due = date.today() + timedelta(days=3)  # its raw date; a weekend moves the effective one (Atw)
    assert any(r.case_id == case_id and r.deadline.raw == due for r in rows)


@pytest.mark.parametrize("reference", ["H1", "H2", "V1", "V3"])
def test_the_dossier_tab_shows_every_section_of_the_sample_case(qtbot, unlocked_window, reference):
    win = unlocked_window
    open_case(win, reference, qtbot)
    view = win.case_view
    assert view.section_ids == list(DOSSIER)
    shown = view.toPlainText()
    for section_id in DOSSIER:
        assert SECTIONS[section_id].title in shown
    case = win.session.context.cases.open_case(win.selection.case_id)
    for antecedent in case.antecedents:
        assert antecedent.description in shown or antecedent.sanction in shown or "Antecedenten" in shown
    for check in case.source_checks:
        assert check.result in shown
    for voorschrift in case.voorschriften:
        assert voorschrift.text in shown


def test_actions_come_from_the_table_with_their_rules(qtbot, unlocked_window):
    win = unlocked_window
    assert {a.objectName() for a in win.registry.actions.values()} == {f"action_{s.id}" for s in ACTIONS}
    assert not win.memo_action.isEnabled()  # needs an open case
    open_case(win, "H2", qtbot)
    assert win.memo_action.isEnabled() and win.audit_action.isEnabled()
    win.registry.update(Role.LEZER, case_open=True)
    assert not win.new_case_action.isEnabled() and not win.audit_action.isEnabled()
    assert win.memo_action.isEnabled()
    win.session.lock()
    assert not win.memo_action.isEnabled() and win.quit_action.isEnabled() and win.about_action.isEnabled()


def test_lock_cancels_running_work_and_waits_for_writers(qtbot, unlocked_window):
    from bibob_desk.ui.runner import Cancelled, Operation

    win = unlocked_window
    runner = win.session.runner
    started, steps = threading.Event(), []

    def work(progress):
        started.set()
        for i in itertools.count():  # only the cancel stops it (a broken cancel hangs: pytest-timeout)
            progress.step(i, 0)  # raises Cancelled once the lock cancelled it
            steps.append(i)
            threading.Event().wait(0.001)  # a throttle for the progress signals, not a synchronisation

    results = []
    op = runner.run(Operation("Proef", work, results.append, writes=True))
    assert started.wait(10)
    win.session.lock()  # waits for the writer, which stops at its next step
    assert op not in runner.active and results == [] and steps
    assert win.session.context is None
    assert issubclass(Cancelled, Exception)


def _ui_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bibob_desk.ui"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("bibob_desk.ui")}
    return found


def test_no_import_cycle_inside_ui_not_even_for_type_checking():
    modules = {}
    for file in UI.rglob("*.py"):
        name = ".".join(("bibob_desk", *file.relative_to(ROOT / "bibob_desk").with_suffix("").parts))
        modules[name.removesuffix(".__init__")] = _ui_imports(file)
    graph = {m: {i for i in deps if i in modules and i != m} for m, deps in modules.items()}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, path: list[str]) -> bool:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycle.extend([*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, [*path, nxt]):
                return True
        state[node] = 2
        return False

    for module in sorted(graph):
        if state.get(module) is None and visit(module, [module]):
            break
    assert cycle == []
    importers = {m for m, deps in graph.items() if "bibob_desk.ui.main_window" in deps}
    assert importers <= {"bibob_desk.ui.app"}  # nothing but the entry point knows the window


def test_main_window_only_assembles():
    lines = (UI / "main_window.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 300


def test_the_history_tab_shows_each_version_and_reverts_as_a_new_version(qtbot, unlocked_window):
    win = unlocked_window
    open_case(win, "H2", qtbot)
    ctx, case_id = win.session.context, win.selection.case_id
    history = win.case_panel.history
    assert history.tree.topLevelItemCount() == 1  # version 1: as imported
    ctx.revisions.edit(
        case_id, [{"op": "replace", "path": "/parties/1/name", "value": "R. Amrani-Bakker"}], "spelling KvK"
    )
    wait_idle(qtbot, win)  # no refresh call: the tab, the Dossier tab and the list follow the change
    assert history.tree.topLevelItemCount() == 2
    version = history.tree.topLevelItem(1)
    assert "versie 2" in version.text(0) and "spelling KvK" in version.text(0)
    change = version.child(0)
    assert change.text(0) == "Partijen › R. Amrani-Bakker › naam" and change.toolTip(0) == "/parties/1/name"
    assert "R. Amrani" in change.text(1) and "Bakker" in change.text(2)
    assert "R. Amrani-Bakker" in win.case_view.toPlainText()
    history.tree.setCurrentItem(version)
    assert not history.revert_button.isEnabled()  # the current version
    history.tree.setCurrentItem(history.tree.topLevelItem(0))
    assert history.revert_button.isEnabled()
    win.case_actions.ask_reason = lambda _question: "toch de naam uit de aanvraag"
    history.revert_button.click()
    wait_idle(qtbot, win)
    assert history.tree.topLevelItemCount() == 3 and "teruggezet naar versie 1" in history.tree.topLevelItem(
        2
    ).text(0)
    assert "R. Amrani-Bakker" not in win.case_view.toPlainText()
    assert ctx.revisions.version(case_id) == 3


def test_safe_defaults_the_stage_dialog_proposes_the_next_regular_stage(qtbot, unlocked_window):
    from bibob_desk.domain.enums import Stage

    win = unlocked_window
    open_case(win, "H1", qtbot)  # eigen onderzoek
    win.case_panel.timeline.stage_button.click()
    dialog = win.case_actions.dialog
    qtbot.addWidget(dialog)
    assert dialog.to.currentData() == Stage.ADVIESAANVRAAG_VERZONDEN.value
    offered = [dialog.to.itemData(i) for i in range(dialog.to.count())]
    assert offered[-2:] == [Stage.BUITEN_BEHANDELING.value, Stage.AANVRAAG_INGETROKKEN.value]
    dialog.reject()


def test_safe_defaults_a_new_signal_is_unconfirmed_and_the_event_dialog_shows_its_fields(
    qtbot, unlocked_window
):
    from bibob_desk.domain.enums import Reliability

    win = unlocked_window
    win.signals_action.trigger()
    signals = win.admin_actions.dialog
    qtbot.addWidget(signals)
    assert signals.reliability.currentData() == Reliability.ONBEVESTIGD.value
    signals.reject()
    open_case(win, "H1", qtbot)
    win.case_panel.timeline.event_button.click()
    events = win.case_actions.dialog
    qtbot.addWidget(events)
    events.show()
    events.kind.setCurrentIndex(events.kind.findData(EventKind.HERSTEL_VERZONDEN.value))
    assert events.form.isRowVisible(events.until) and not events.form.isRowVisible(events.weeks)
    events.kind.setCurrentIndex(events.kind.findData(EventKind.BESLISTERMIJN_VERLENGD.value))
    assert events.form.isRowVisible(events.weeks) and not events.form.isRowVisible(events.until)
    events.kind.setCurrentIndex(events.kind.findData(EventKind.ADVIES_ONTVANGEN.value))
    assert not events.form.isRowVisible(events.weeks) and not events.form.isRowVisible(events.until)
    events.reject()


def test_closing_new_case_with_typed_work_asks_and_ctrl_l_locks_with_the_dialog_open(qtbot, unlocked_window):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    win = unlocked_window
    win.new_case_action.trigger()
    dialog = win.files.new_case_dialog
    dialog.reference.setText("2026-HOR-123")
    asked = []
    dialog.confirm_discard = lambda: asked.append(True) or False  # the officer says "Nee"
    QTest.keyClick(dialog.reference, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()  # nothing typed is lost
    with qtbot.waitSignal(win.session.locked, timeout=10_000):
        QTest.keyClick(dialog.reference, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible() and len(asked) == 1  # the lock closes it without asking…
    assert win.session.context is None  # …and keeps the draft (test_main_window: offered after unlock)


def test_an_event_is_withdrawn_from_the_termijnen_tab_and_stays_struck_through(qtbot, unlocked_window):
    win = unlocked_window
    open_case(win, "H2", qtbot)
    timeline = win.case_panel.timeline
    assert not timeline.withdraw_button.isEnabled()
    before = timeline.events.rowCount()
    row = next(r for r in range(before) if not timeline.events.item(r, 1).text().startswith("fase:"))
    timeline.events.selectRow(row)
    assert timeline.withdraw_button.isEnabled()
    win.case_actions.ask_reason = lambda _question: "dubbel vastgelegd"
    timeline.withdraw_button.click()
    wait_idle(qtbot, win)
    assert timeline.events.rowCount() == before  # nothing disappears
    item = timeline.events.item(row, 1)
    assert "ingetrokken door beheerder: dubbel vastgelegd" in item.text() and item.font().strikeOut()


def test_the_event_dialog_records_how_lbb_questions_were_answered(qtbot, unlocked_window):
    """Issue 16: an answer event carries its state and the questions that stayed open."""
    win = unlocked_window
    open_case(win, "V1", qtbot)
    ctx, case_id, timeline = win.session.context, win.selection.case_id, win.case_panel.timeline
    timeline.event_button.click()
    dialog = win.case_actions.dialog
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.HERSTEL_VERZONDEN.value))
    assert not dialog.answer.isVisibleTo(dialog)  # only for answers
    dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.LBB_VRAGEN_BEANTWOORD.value))
    assert dialog.answer.isVisibleTo(dialog) and dialog.open_questions.isVisibleTo(dialog)
    dialog.answer.setCurrentIndex(dialog.answer.findData("gedeeltelijk"))
    dialog.date.setDate(QDate.currentDate())
    dialog._on_buttons_accepted()  # partial without naming the open questions: refused, dialog stays
    assert dialog.isVisible() and "welke vragen open" in dialog.error.text()
    dialog.open_questions.setText("vraag 3 (leningen); vraag 5 (UBO)")
    dialog._on_buttons_accepted()
    assert not dialog.isVisible()
    wait_idle(qtbot, win)
    event = ctx.cases.open_case(case_id).events_of(EventKind.LBB_VRAGEN_BEANTWOORD)[-1]
    assert (event.answer.value, event.open_questions) == (
        "gedeeltelijk",
        ["vraag 3 (leningen)", "vraag 5 (UBO)"],
    )
    texts = [timeline.events.item(r, 1).text() for r in range(timeline.events.rowCount())]
    assert any("gedeeltelijk beantwoord (open: vraag 3 (leningen); vraag 5 (UBO))" in t for t in texts)


def test_importing_several_files_runs_in_the_background_and_names_the_refused_one(
    qtbot, unlocked_window, tmp_path, monkeypatch
):
    """Issue 18: a selection of files is one background operation with progress; the refused file
    is named with its reason, the others are imported."""
    from PySide6.QtWidgets import QMessageBox

    from bibob_desk.paths import demo_case_files

    win = unlocked_window
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    text = demo_case_files()[0].read_text(encoding="utf-8")
    paths = []
    for n in range(3):
        path = tmp_path / f"dossier-{n}.json"
        path.write_text(
            text.replace('"reference": "H1"', f'"reference": "H1-{n}"').replace(
                '"id": "', f'"id": "x{n}-', 1
            ),
            encoding="utf-8",
        )
        paths.append(str(path))
    broken = tmp_path / "kapot.json"
    broken.write_text("{ dit is geen json", encoding="utf-8")
    paths.insert(1, str(broken))
    win.files.ask_import_path = lambda: paths
    threads = []
    real = win.session.context.cases.import_files
    monkeypatch.setattr(
        win.session.context.cases,
        "import_files",
        lambda *a, **k: threads.append(threading.current_thread()) or real(*a, **k),
    )
    win.import_action.trigger()
    wait_idle(qtbot, win)
    assert threads and threads[0] is not threading.main_thread()
    assert shown and shown[0].startswith("3 dossier(s) geïmporteerd.")
    assert "kapot.json" in shown[0] and "1 bestand(en) niet geïmporteerd" in shown[0]
    references = {s.reference for s in win.session.context.cases.summaries(limit=100)}
    assert {"H1-0", "H1-1", "H1-2"} <= references

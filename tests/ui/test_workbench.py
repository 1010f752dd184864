"""The case workbench (issue 14) driven through real widgets: every part of the case in the Bewerken
tab with inline Dutch checks, a motivation after intake, undo and redo as new revisions, autosave,
a stale save refused with both versions, typed work kept at lock, assign and close, and a new case
that opens at once with its automatic number."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bibob_desk.domain.enums import CaseResult, Role, Stage
from bibob_desk.presentation import edit_sections
from tests.ui.conftest import answer_conflict, open_case, wait_idle


def _editor(win, reference, section=None):
    open_case(win, reference)
    win.case_actions.edit()
    editor = win.case_panel.editor
    assert win.case_panel.tabs.currentWidget() is editor
    if section is not None:
        editor.show_section(section)
    return editor


def _row_of(editor, text):
    return next(r for r in range(editor.items.rowCount()) if editor.items.item(r, 0).text() == text)


def _case(win, reference="H2"):
    ctx = win.session.context
    return ctx.cases.open_case(ctx.cases.id_of(reference))


def test_correcting_a_misspelt_party_needs_a_motivation_and_undo_redo_are_revisions(qtbot, unlocked_window):
    win = unlocked_window
    editor = _editor(win, "H2", "partijen")
    editor.items.setCurrentCell(_row_of(editor, "R. Amrani"), 0)
    name = editor.editors["name"].widget
    assert name.text() == "R. Amrani"
    name.setText("R. Amrani-Bakker")
    QTest.keyClick(name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S in the form
    assert "motivering" in editor.message.text() and _case(win).parties[1].name == "R. Amrani"
    assert editor.reason.isVisible() and editor.reason.hasFocus()
    editor.reason.setText("spelling volgens KvK-uittreksel")
    editor.save_button.click()
    assert _case(win).parties[1].name == "R. Amrani-Bakker"
    assert editor.message.text() == "Opgeslagen als versie 2."
    assert editor.items.item(_row_of(editor, "R. Amrani-Bakker"), 0)  # the list shows the new name
    ctx = win.session.context
    _, revisions = ctx.revisions.history(ctx.cases.id_of("H2"))
    assert revisions[-1].reason == "spelling volgens KvK-uittreksel"
    assert [c.path for c in revisions[-1].changes] == ["/parties/1/name"]

    win.undo_action.trigger()  # Ctrl+Z
    assert _case(win).parties[1].name == "R. Amrani"
    _, revisions = ctx.revisions.history(ctx.cases.id_of("H2"))
    assert revisions[-1].number == 3 and revisions[-1].reason.startswith("ongedaan gemaakt: spelling")
    assert editor.editors["name"].widget.text() == "R. Amrani"  # the form follows
    win.redo_action.trigger()  # Ctrl+Shift+Z
    assert _case(win).parties[1].name == "R. Amrani-Bakker" and ctx.revisions.version(_case(win).id) == 4


def test_inline_checks_in_dutch_and_nothing_saved_while_a_field_is_wrong(qtbot, unlocked_window):
    win = unlocked_window
    editor = _editor(win, "H2", "partijen")
    editor.items.setCurrentCell(_row_of(editor, "R. Amrani"), 0)
    bsn = editor.editors["bsn"]
    bsn.widget.setText("123456780")
    assert bsn.error.isVisibleTo(editor) and "elfproef" in bsn.error.text()
    postcode = editor.editors["address.postcode"]
    postcode.widget.setText("0123 AB")
    assert "4 cijfers en 2 letters" in postcode.error.text()
    birth = editor.editors["birth_date"]
    birth.widget.setText("31-02-1990")
    assert birth.error.text() == "Geen bestaande datum; schrijf de datum als dd-mm-jjjj."
    editor.reason.setText("controle")
    version = win.session.context.revisions.version(_case(win).id)
    editor.save()
    assert editor.message.text().startswith("Niet opgeslagen: 3 veld(en) kloppen niet (Geboortedatum, BSN")
    assert win.session.context.revisions.version(_case(win).id) == version
    bsn.widget.setText("111222333")
    assert not bsn.error.isVisibleTo(editor)
    # a person has no KvK field, a legal entity no BSN: the form shows the fields of its kind
    kinds = {s.key: editor.form.isRowVisible(i) for i, s in enumerate(editor.section.fields)}
    assert kinds["bsn"] and not kinds["kvk"]
    editor.discard()
    editor.show_section("financiering")
    editor.items.setCurrentCell(0, 0)
    iban = editor.editors["iban"]
    iban.widget.setText("NL00BANK0123456789")
    assert iban.error.isVisibleTo(editor) and "IBAN" in iban.error.text()
    amount = editor.editors["amount"]
    amount.widget.setText("zesduizend")
    assert amount.error.text() == "Vul een bedrag in cijfers in, bijvoorbeeld 6.500,50."
    amount.widget.setText("6.500,50")
    assert not amount.error.isVisibleTo(editor) and amount.value() == 6500.5


def test_antecedent_source_lbb_advice_and_zienswijze_are_added_in_the_editor(qtbot, unlocked_window):
    win = unlocked_window
    editor = _editor(win, "H2", "antecedenten")
    known = {a.id for a in _case(win).antecedents}
    editor.reason.setText("uit Justid-uittreksel")
    QTest.keyClick(editor.items, Qt.Key.Key_Insert)  # Ins adds
    fields = editor.editors
    fields["party"].set_raw("p2")
    fields["category"].set_raw(fields["category"].spec.choices[0][0])
    fields["proof_level"].set_raw("veroordeling")
    fields["date"].widget.setText("12-05-2021")
    fields["date_is_approximate"].set_raw("ja")
    fields["provenance.source"].widget.setText("Justid")
    editor._on_field_changed()
    assert editor.save(), editor.message.text()
    case = _case(win)
    added = case.antecedents[-1]
    assert len(case.antecedents) == len(known) + 1 and added.party == "p2" and added.date_is_approximate
    assert added.id.startswith("a") and added.id not in known
    assert added.provenance.recorded_by == "beheerder" and added.provenance.source == "Justid"

    editor.show_section("bronnen")
    editor.add_item()
    fields = editor.editors
    fields["source"].set_raw("kvk")
    fields["date"].widget.setText("02-04-2025")
    fields["performed_by"].widget.setText("beheerder")
    fields["hit"].set_raw("nee")
    fields["result"].widget.setPlainText("Geen bijzonderheden in het handelsregister.")
    assert editor.save()
    check = _case(win).source_checks[-1]
    assert (check.source.value, check.hit, check.performed_by) == ("kvk", False, "beheerder")

    editor.show_section("lbb")
    editor.editors["advice_date"].widget.setText("20-05-2025")
    editor.editors["degree_a"].set_raw("ernstig")
    editor.editors["summary"].widget.setPlainText("Ernstig gevaar, a-grond.")
    assert editor.save()
    lbb = _case(win).lbb
    assert lbb is not None and lbb.degree_a.value == "ernstig" and str(lbb.advice_date) == "2025-05-20"
    assert lbb.degree_b is None  # unknown stays unknown

    editor.show_section("zienswijzen")
    assert editor.new_base is not None and editor.new_base["id"] == "z1"  # an empty list: a new item
    editor.editors["received_date"].widget.setText("01-06-2025")
    editor.editors["party"].set_raw("p1")
    editor.editors["points"].widget.setPlainText("De financiering is wel onderbouwd.")
    assert editor.save()
    (view,) = _case(win).zienswijzen
    assert view.id == "z1" and view.form.value == "schriftelijk" and view.party == "p1"


def _colleague_saves_first(win, editor):
    """Typed input in the editor; then another editor on the same file saves the case (its own
    services, so this window hears nothing; a second process is in test_revisions)."""
    editor.editors["title"].widget.setText("Shishalounge met terras")
    editor.reason.setText("titel aangevuld")
    ctx = win.session.context
    case_id = _case(win).id
    from bibob_desk.bootstrap import AppContext

    other = AppContext.around(ctx._store)
    city = [{"op": "replace", "path": "/location/city", "value": "Zaandam"}]
    other.revisions.edit(case_id, city, "adres gecorrigeerd")
    assert editor.dirty
    return case_id


def test_a_stale_save_shows_both_versions_and_going_back_keeps_the_typing(qtbot, unlocked_window):
    win = unlocked_window
    editor = _editor(win, "H2", "dossier")
    before = _case(win).title
    _colleague_saves_first(win, editor)
    seen = answer_conflict("backToInput")
    assert not editor.save()
    assert seen["title"] == "Dossier H2 is intussen gewijzigd"
    assert [row[1:] for row in seen["fields"]] == [
        [f"\u2068{before}\u2069", "\u2068Shishalounge met terras\u2069", f"\u2068{before}\u2069"]
    ]
    assert seen["bold"] == [False]  # the colleague changed another field
    assert (
        len(seen["theirs"]) == 1
        and "versie 2" in seen["theirs"][0]
        and "adres gecorrigeerd" in seen["theirs"][0]
    )
    assert "Niet opgeslagen: versie 2 van een collega staat er al" in editor.message.text()
    assert editor.editors["title"].widget.text() == "Shishalounge met terras" and editor.dirty
    assert win.session.context.revisions.version(_case(win).id) == 2


def test_keeping_the_own_input_saves_it_on_top_and_undo_goes_back_to_the_colleagues(qtbot, unlocked_window):
    win = unlocked_window
    editor = _editor(win, "H2", "dossier")
    before = _case(win).title
    _colleague_saves_first(win, editor)
    answer_conflict("keepMine")
    assert editor.save()
    case = _case(win)
    assert (case.title, case.location.city) == ("Shishalounge met terras", "Zaandam")  # both kept
    ctx = win.session.context
    _, revisions = ctx.revisions.history(case.id)
    assert [r.number for r in revisions] == [2, 3] and revisions[-1].reason.startswith(
        "titel aangevuld (na versie 2"
    )
    win.undo_action.trigger()
    case = _case(win)
    assert (case.title, case.location.city) == (before, "Zaandam")


def test_keeping_the_colleagues_version_drops_only_the_own_input(qtbot, unlocked_window):
    win = unlocked_window
    editor = _editor(win, "H2", "dossier")
    before = _case(win).title
    _colleague_saves_first(win, editor)
    answer_conflict("keepTheirs")
    assert editor.save()
    assert not editor.dirty and editor.editors["title"].widget.text() == before
    assert editor.message.text() == "Uw invoer is vervallen; u ziet versie 2."
    assert win.session.context.revisions.version(_case(win).id) == 2


def test_a_new_case_opens_at_once_with_its_number_and_autosaves_during_intake(qtbot, unlocked_window):
    win = unlocked_window
    win.new_case_action.trigger()
    dialog = win.files.new_case_dialog
    dialog.applicant.setText("Lunchroom De Linde B.V.")
    dialog.kinds[next(iter(dialog.kinds))].setChecked(True)
    dialog._on_buttons_accepted()
    ctx = win.session.context
    opened = win.selection.case_id
    case = ctx.cases.open_case(opened)
    assert case.reference.startswith("BIBOB-") and case.reference.endswith("-0001")
    assert case.stage is Stage.AANVRAAG_ONTVANGEN and case.behandelaar == "beheerder"
    win.case_actions.edit()
    editor = win.case_panel.editor
    editor.show_section("dossier")
    assert not editor.reason.isVisibleTo(editor)  # during intake no motivation is asked
    editor.editors["title"].widget.setText("Lunchroom met terras")
    assert editor.autosave_timer.isActive()
    editor.autosave_timer.timeout.emit()  # the pause is over
    assert ctx.cases.open_case(opened).title == "Lunchroom met terras" and not editor.dirty


def test_typed_work_in_the_editor_survives_the_lock_as_an_encrypted_draft(qtbot, unlocked_window):
    from tests.conftest import ADMIN, PASSWORD

    win = unlocked_window
    editor = _editor(win, "H2", "beoordeling")
    editor.editors["motivation"].widget.setPlainText("Concept: ernstig gevaar, a-grond")
    assert editor.dirty
    with qtbot.waitSignal(win.session.locked, timeout=10_000):
        win.lock_action.trigger()
    win.unlock_page.username.setText(ADMIN)
    win.unlock_page.password.setText(PASSWORD)
    with qtbot.waitSignal(win.session.unlocked, timeout=15_000):
        win.unlock_page.button.click()
    wait_idle(qtbot, win)
    editor = _editor(win, "H2")
    assert editor.section.id == "beoordeling"  # the draft brought the editor back where it was
    assert editor.editors["motivation"].widget.toPlainText() == "Concept: ernstig gevaar, a-grond"
    assert "teruggezet" in editor.message.text()
    assert _case(win).legal.motivation.startswith("Het LBB")  # a draft, not saved behind their back


def test_every_editor_field_is_reachable_by_keyboard_and_labelled(qtbot, unlocked_window):
    win = unlocked_window
    editor = _editor(win, "H1", "dossier")
    for section in edit_sections.SECTIONS:
        editor.show_section(section.id)
        assert set(editor.editors) == {f.key for f in section.fields}
        for row, editor_field in enumerate(editor.editors.values()):
            widget = editor_field.widget
            assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, (section.id, editor_field.spec.key)
            label = editor.form.itemAt(row, editor.form.ItemRole.LabelRole).widget()
            assert label.buddy() is widget and widget.accessibleName() == editor_field.spec.label


def test_assign_and_close_from_the_dossier_menu(qtbot, unlocked_window):
    from bibob_desk.bootstrap import CHEAP_TEST_KDF

    win = unlocked_window
    ctx = win.session.context
    ctx.users.add_user("jurist2", "Jurist Twee", Role.JURIST, "groene wolk kano zeef", kdf=CHEAP_TEST_KDF)
    open_case(win, "H2")
    win.assign_action.trigger()
    dialog = win.case_actions.dialog
    dialog.jurist.setCurrentIndex(dialog.jurist.findData("jurist2"))
    dialog.behandelaar.setCurrentIndex(dialog.behandelaar.findData("beheerder"))
    dialog._submit()
    assert (_case(win).behandelaar, _case(win).jurist) == ("beheerder", "jurist2")
    win.close_case_action.trigger()
    dialog = win.case_actions.dialog
    assert dialog.result.currentData() == ""  # no result chosen beforehand
    dialog._submit()
    assert dialog.error.text() == "Kies het resultaat van het dossier." and dialog.isVisible()
    dialog.result.setCurrentIndex(dialog.result.findData(CaseResult.VERLEEND.value))
    dialog._submit()
    assert dialog.error.text().startswith("Afsluiten kan nog niet")  # H2 is at advies ontvangen
    dialog.result.setCurrentIndex(dialog.result.findData(CaseResult.AANVRAAG_INGETROKKEN.value))
    dialog._submit()
    assert "Afsluiten kan nog niet" in dialog.error.text()


def test_an_override_is_withdrawn_from_the_risico_tab_and_the_assessment_says_so(qtbot, unlocked_window):
    win = unlocked_window
    ctx = win.session.context
    case_id = ctx.cases.id_of("H2")
    ctx.risk.override(case_id, "PRI-02", "buiten_beschouwing", "huur verklaard door de taxatie van mei")
    open_case(win, "H2", qtbot)
    panel = win.case_panel.risk
    win.case_panel.tabs.setCurrentWidget(panel)
    item = next(
        panel.tree.topLevelItem(g).child(c)
        for g in range(panel.tree.topLevelItemCount())
        for c in range(panel.tree.topLevelItem(g).childCount())
        if panel.tree.topLevelItem(g).child(c).text(0).startswith("PRI-02")
    )
    panel.tree.setCurrentItem(item)
    assert panel.withdraw_override_button.isEnabled()
    win.case_actions.ask_reason = lambda _question: "taxatie bleek onjuist, afwijking vervalt"
    panel.withdraw_override_button.click()
    wait_idle(qtbot, win)
    assert panel.not_counted.isVisibleTo(panel)
    assert "afwijking PRI-02 ingetrokken door beheerder" in panel.not_counted.text()


KVK_QUESTION = "kvk"


def test_from_intake_to_a_closed_case_entirely_in_the_gui(qtbot, unlocked_window):
    """The issue's 'done when', as a new user: create (numbered), fill the form (prefilled), correct
    a misspelt name with a motivation, add an antecedent and a consulted source, record the LBB
    advice and a zienswijze, undo a mistaken change, revert one change in the history, close."""
    from datetime import date

    from PySide6.QtCore import QDate

    from bibob_desk.domain.enums import DecisionKind
    from bibob_desk.ui.wizard.window import FormWizard

    win = unlocked_window
    ctx = win.session.context
    # 1. create: no kenmerk typed, the next number; the case opens at once
    win.new_case_action.trigger()
    dialog = win.files.new_case_dialog
    dialog.applicant.setText("Lunchrom De Linde B.V.")  # misspelt on purpose
    dialog.applicant_kind.setCurrentIndex(dialog.applicant_kind.findData("rechtspersoon"))
    dialog.kinds[next(iter(dialog.kinds))].setChecked(True)
    dialog.street.setText("Kerkstraat")
    dialog.number.setText("12")
    dialog.postcode.setText("1234 AB")
    dialog.city.setText("Zaandam")
    dialog._on_buttons_accepted()
    case_id = win.selection.case_id
    reference = ctx.cases.open_case(case_id).reference
    assert reference.startswith("BIBOB-")
    # 2. the form, prefilled from the case
    wizard = FormWizard(ctx.questionnaires, case_id, "bibob-horeca", win)
    qtbot.addWidget(wizard)
    assert wizard.session.answers["adres_zaak"]["street"] == "Kerkstraat"
    wizard._on_change(KVK_QUESTION, "12345678", "", None)  # the officer fills in what the dossier lacked
    wizard.close()
    assert ctx.cases.open_case(case_id).parties[0].kvk == "12345678"
    # past intake: corrections need a motivation from here on
    ctx.workflow.change_stage(case_id, Stage.EIGEN_ONDERZOEK, date.today(), "start eigen onderzoek")
    wait_idle(qtbot, win)
    # 3. correct the misspelt name with a motivation
    win.case_actions.edit()
    editor = win.case_panel.editor
    editor.show_section("partijen")
    editor.items.setCurrentCell(0, 0)
    editor.editors["name"].widget.setText("Lunchroom De Linde B.V.")
    editor.reason.setText("naam verkeerd gespeld; zo staat het in het KvK-uittreksel")
    assert editor.save(), editor.message.text()
    # 4. an antecedent and a consulted source
    editor.show_section("antecedenten")
    editor.add_item()
    editor.editors["party"].set_raw("p1")
    editor.editors["category"].set_raw("fraude")
    editor.editors["proof_level"].set_raw("strafbeschikking")
    editor.editors["date"].widget.setText("01-03-2023")
    editor.editors["provenance.source"].widget.setText("Justid")
    editor.reason.setText("antecedent uit het Justid-uittreksel")
    assert editor.save(), editor.message.text()
    editor.show_section("bronnen")
    editor.add_item()
    editor.editors["source"].set_raw("justid")
    editor.editors["date"].widget.setText(date.today().strftime("%d-%m-%Y"))
    editor.editors["performed_by"].widget.setText("beheerder")
    editor.editors["hit"].set_raw("ja")
    assert editor.save(), editor.message.text()
    # 5. the LBB advice and a zienswijze
    editor.show_section("lbb")
    editor.editors["advice_date"].widget.setText(date.today().strftime("%d-%m-%Y"))
    editor.editors["degree_a"].set_raw("mindere_mate")
    editor.reason.setText("advies LBB ontvangen")
    assert editor.save(), editor.message.text()
    editor.show_section("zienswijzen")
    editor.editors["received_date"].widget.setText(date.today().strftime("%d-%m-%Y"))
    editor.editors["summary"].widget.setPlainText("De aanvrager betwist de strafbeschikking.")
    assert editor.save(), editor.message.text()
    # 6. a mistaken change, undone
    editor.show_section("dossier")
    editor.editors["title"].widget.setText("verkeerde omschrijving")
    editor.reason.setText("omschrijving aangepast")
    assert editor.save()
    win.undo_action.trigger()
    case = ctx.cases.open_case(case_id)
    assert case.title == ""  # as created: the mistaken omschrijving is undone
    assert case.parties[0].name == "Lunchroom De Linde B.V." and case.lbb.degree_a.value == "mindere_mate"
    assert len(case.antecedents) == 1 and len(case.source_checks) == 1 and len(case.zienswijzen) == 1
    # 7. the history, and one change reverted (the zienswijze) as a new version
    history = win.case_panel.history
    win.case_panel.tabs.setCurrentWidget(history)
    wait_idle(qtbot, win)
    versions = [history.tree.topLevelItem(i).text(0) for i in range(history.tree.topLevelItemCount())]
    assert any("ongedaan gemaakt" in v for v in versions) and any(
        "naam verkeerd gespeld" in v for v in versions
    )
    before_zienswijze = next(
        i for i in range(history.tree.topLevelItemCount()) if "advies LBB ontvangen" in versions[i]
    )
    history.tree.setCurrentItem(history.tree.topLevelItem(before_zienswijze))
    win.case_actions.ask_reason = lambda _question: "zienswijze hoort bij een ander dossier"
    history.revert_button.click()
    wait_idle(qtbot, win)
    case = ctx.cases.open_case(case_id)
    assert case.zienswijzen == [] and case.lbb is not None  # only what came after is undone
    # 8. decide and close
    ctx.workflow.change_stage(
        case_id, Stage.BESLUIT, date.today(), "besluit", decision=DecisionKind.VERLENING
    )
    win.close_case_action.trigger()
    closing = win.case_actions.dialog
    closing.result.setCurrentIndex(closing.result.findData(CaseResult.VERLEEND.value))
    closing.day.setDate(QDate.currentDate())
    closing._submit()
    assert not closing.error.text(), closing.error.text()
    case = ctx.cases.open_case(case_id)
    assert case.stage is Stage.GESLOTEN and case.closure.result is CaseResult.VERLEEND
    assert "Afgesloten op" in win.case_view.toPlainText()


def test_the_overview_warns_of_intimidation_signals(qtbot, unlocked_window):
    from datetime import date

    from bibob_desk.ui.overview_panel import CASE_ID_ROLE

    win = unlocked_window
    overview = win.case_panel.overview
    assert not overview.intimidation.isVisibleTo(overview)
    win.session.context.signals.add(
        source="intimidatie",
        on=date(2026, 11, 20),
        reliability="bevestigd",
        about="persoon",
        name="M. Karimi",
        description="dreigende berichten aan de behandelaar",
    )
    qtbot.waitUntil(lambda: overview.intimidation.isVisibleTo(overview), timeout=5000)
    assert "1 actief signaal/signalen in het signalenregister" in overview.intimidation.text()
    assert "dossier(s)" not in overview.intimidation.text()
    ctx = win.session.context
    v3 = ctx.cases.id_of("V3")
    signal = {
        "id": "s90",
        "source": "intimidatie",
        "date": "2026-11-21",
        "reliability": "bevestigd",
        "description": "bedreiging aan de balie",
        "provenance": {"kind": "eigen_onderzoek"},
    }
    ctx.revisions.edit(
        v3, [{"op": "add", "path": "/signals", "value": [signal]}], "melding balie"
    )  # V3 had none
    qtbot.waitUntil(lambda: "1 dossier(s) met zo'n signaal" in overview.intimidation.text(), timeout=5000)
    overview.show_threatened()  # the link in the warning
    shown = [overview.cases.item(i).data(CASE_ID_ROLE) for i in range(overview.cases.count())]
    assert shown == [v3] and "bedreiging" in overview.caption.text()

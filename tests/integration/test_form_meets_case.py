"""The questionnaire meets the case (issue 14, part 5): the wizard opens prefilled from the dossier
with where each value came from; an answer that differs from the dossier is stored with the form
but the dossier keeps its value until the officer takes the form's; nothing is overwritten
silently (it overwrote the location before). Real SQLCipher files."""

from __future__ import annotations

from dataclasses import replace

from bibob_desk.ui.wizard.window import FormWizard
from tests.support.case_builder import new_h2_input

FORM = "bibob-horeca"


def _case(app):
    data = replace(new_h2_input(), street="Kerkstraat", house_number="12", postcode="1234 AB", city="Zaandam")
    return app.cases.create(data).cases[0]


def test_the_form_opens_prefilled_from_the_dossier_with_the_source(app):
    case_id = _case(app)
    opened = app.questionnaires.open(case_id, FORM)
    answers = opened.session.answers
    assert answers["naam_aanvrager"] == "Noor Lounge B.V." and answers["soort_aanvrager"] == "rechtspersoon"
    assert answers["adres_zaak"] == {
        "street": "Kerkstraat",
        "house_number": "12",
        "postcode": "1234 AB",
        "city": "Zaandam",
    }
    assert opened.prefilled["adres_zaak"] == "uit het dossier"
    assert opened.prefilled["naam_aanvrager"].startswith(
        "uit het dossier (zelf opgegeven, aanvraag, 03-03-2025"
    )


def test_a_differing_answer_waits_for_the_officer_and_is_then_taken(app):
    case_id = _case(app)
    opened = app.questionnaires.open(case_id, FORM)
    answers = dict(opened.session.answers)
    answers["adres_zaak"] = {
        "street": "Dorpsstraat",
        "house_number": "3",
        "postcode": "1234 AB",
        "city": "Zaandam",
    }
    app.questionnaires.save(case_id, opened.form, answers)
    case = app.cases.open_case(case_id)
    assert case.location.street == "Kerkstraat"  # the dossier keeps its value…
    assert case.answers_for(FORM).answers["adres_zaak"]["street"] == "Dorpsstraat"  # …the form keeps its own
    (difference,) = app.questionnaires.differences(case_id, opened.form, answers)
    assert (difference.question, difference.in_case, difference.in_form) == (
        "adres_zaak",
        "Kerkstraat 12, 1234 AB Zaandam",
        "Dorpsstraat 3, 1234 AB Zaandam",
    )
    app.questionnaires.save(case_id, opened.form, answers, take=frozenset({"adres_zaak"}))
    assert app.cases.open_case(case_id).location.street == "Dorpsstraat"
    assert app.questionnaires.differences(case_id, opened.form, answers) == []
    # once the form owns the value, a later answer changes it without asking again
    answers["adres_zaak"] = {**answers["adres_zaak"], "house_number": "5"}
    assert app.questionnaires.differences(case_id, opened.form, answers) == []


def test_the_wizard_shows_the_sources_and_asks_before_it_overwrites(qtbot, app):
    case_id = _case(app)
    wizard = FormWizard(app.questionnaires, case_id, FORM)
    qtbot.addWidget(wizard)
    rows = {q: r for page in wizard.section_pages for q, r in page.rows.items()}
    assert rows["adres_zaak"].source.text() == "uit het dossier" and not rows["adres_zaak"].source.isHidden()
    assert "ingevuld met wat het dossier al bevat" in wizard.banner.text()
    seen = []
    wizard.choose_differences = lambda found: seen.append(found) or {"naam_aanvrager"}
    wizard._on_change("naam_aanvrager", "Noor Lounge Holding B.V.", "", None)
    assert app.cases.open_case(case_id).parties[0].name == "Noor Lounge B.V."  # not silently
    assert not wizard.compare_button.isHidden() and "1 antwoord(en) wijken af" in wizard.compare_button.text()
    wizard.compare_button.click()
    assert [d.question for d in seen[0]] == ["naam_aanvrager"]
    assert app.cases.open_case(case_id).parties[0].name == "Noor Lounge Holding B.V."
    assert wizard.compare_button.isHidden()

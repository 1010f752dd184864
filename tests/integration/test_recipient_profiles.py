"""Recipient profiles (issue 15, part 3): every document kind, in every profile, for every sample
case, with a marker string planted in each field a profile may forbid; the PDF text read back
(pypdf) must hold no marker the profile forbids, and the internal memo must hold them all (so the
test can fail). Real SQLCipher files, real PDFs."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from pypdf import PdfReader

from bibob_desk.domain.enums import Reliability, SignalSource
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import Provenance, Signal
from bibob_desk.paths import demo_case_files
from bibob_desk.presentation.recipients import OFFICER_FIELDS, load_profiles
from tests.conftest import four_eyes_off

OFFICER, SOFT, HARD, REPORTER, OVERRIDE = "MARKAMBT", "MARKZACHT", "MARKHARD", "MARKMELDER", "MARKAFWIJKING"
INDICATOR_CODE = re.compile(r"\b[A-Z]{3}-[0-9]{2}\b")
DOCUMENTS = ("advies", "voornemen", "weigering", "intrekking", "voorschriften")


def _plant_officers(node):
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if f.name in OFFICER_FIELDS and isinstance(value, str):
                setattr(node, f.name, f"{OFFICER}{f.name}")
            else:
                _plant_officers(value)
    elif isinstance(node, list):
        for item in node:
            _plant_officers(item)


def _planted(app, reference):
    """The sample case with markers in the officer fields, a soft and a confirmed signal (with the
    name of who reported it), and an override with its motivation; scored."""
    case_id = app.cases.id_of(reference)
    case = app.cases.open_case(case_id)
    _plant_officers(case)
    party = case.parties[0].id
    case.signals += [
        Signal(
            id="s-soft",
            source=SignalSource.RIEC,
            date=date(2025, 1, 5),
            party=party,
            reliability=Reliability.ONBEVESTIGD,
            description=f"{SOFT} zou betrokken zijn",
            provenance=Provenance(kind="derde", source="tipgever"),
        ),
        Signal(
            id="s-hard",
            source=SignalSource.HANDHAVING,
            date=date(2025, 1, 6),
            party=party,
            reliability=Reliability.BEVESTIGD,
            description=f"{HARD} geconstateerd bij controle",
            provenance=Provenance(kind="eigen_onderzoek", source=REPORTER),
        ),
    ]
    with app._store.transaction() as tx:
        tx.save_case(case, reason="markeringen voor de profieltest")
    assessment = app.risk.score(case_id)
    if assessment.findings:
        app.risk.override(
            case_id, assessment.findings[0].indicator, "gewicht", f"{OVERRIDE} motivering van de afwijking", 1
        )
    return case_id


def _text(path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def _forbidden(profile, bands) -> list[str]:
    out = []
    if not profile.officers:
        out.append(OFFICER)
    if profile.signals != "alle":
        out += [SOFT, REPORTER]
    if profile.signals == "geen":
        out.append(HARD)
    if not profile.anchor:
        out.append("Logboekanker")
    if not profile.triage:
        out += [OVERRIDE, "score", "Gewicht", *bands]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("reference", [p.stem for p in demo_case_files()])
def test_no_document_carries_what_its_recipient_may_not_see(demo_app, tmp_path, reference):
    four_eyes_off(demo_app)
    case_id = _planted(demo_app, reference)
    case = demo_app.cases.open_case(case_id)
    bands = [b for b in demo_app.risk.band_colours()]
    others = {p.name for p in case.parties[1:]}
    derde = case.parties[-1]
    profiles = load_profiles()
    hits, made = [], set()
    for kind in DOCUMENTS:
        for name, profile in profiles.profiles.items():
            target = tmp_path / f"{kind}-{name}.pdf"
            party = derde.id if profile.one_party else None
            try:
                demo_app.exports.memo(
                    case_id, kind, target, recipient=name, purpose="besluitvorming", party=party
                )
            except UserError as error:  # a document that does not fit this case's track
                assert "kan nu niet worden gemaakt" in str(error) and not target.exists()
                continue
            made.add(kind)
            shown = _text(target)
            for marker in _forbidden(profile, bands):
                if marker in shown:
                    hits.append(f"{kind}/{name}: {marker}")
            if not profile.triage and INDICATOR_CODE.search(shown):
                hits.append(f"{kind}/{name}: indicatorcode {INDICATOR_CODE.search(shown).group()}")
            if profile.one_party:
                strangers = {o for o in others if o not in derde.name}  # "Broer van M. Karimi"
                hits += [f"{kind}/{name}: partij {o}" for o in strangers if o in shown]
                if case.location.street:
                    assert case.location.street not in shown, "the derde gets the case's address"
            if profile.letter:
                assert "Ons kenmerk" in shown and "namens " in shown and "pagina 1 van" in shown
                assert OFFICER not in shown and "Hoogachtend" in shown
    assert hits == [] and "advies" in made
    # the internal memo keeps everything: the markers are really in the documents
    advice = _text(tmp_path / "advies-intern.pdf")
    for marker in (OFFICER, SOFT, HARD, REPORTER, "Logboekanker"):
        assert marker in advice, marker
    assert INDICATOR_CODE.search(advice)


def test_a_derde_document_needs_its_party_and_unknown_recipients_are_refused(demo_app, tmp_path):
    case_id = demo_app.cases.id_of("H2")
    with pytest.raises(UserError, match="over welke partij"):
        demo_app.exports.memo(case_id, "advies", tmp_path / "d.pdf", recipient="derde")
    with pytest.raises(UserError, match="Kies een ontvanger"):
        demo_app.exports.memo(case_id, "advies", tmp_path / "d.pdf", recipient="buurman")
    assert not (tmp_path / "d.pdf").exists()


def test_a_broken_profiles_file_is_refused_with_its_place(tmp_path, monkeypatch):
    from bibob_desk.presentation.recipients import ProfilesError

    own = tmp_path / "ontvangers.yaml"
    own.write_text("id: ontvangersprofielen\nversion: 1\nprofiles:\n  x: {label: X}\n", encoding="utf-8")
    monkeypatch.setenv("BIBOB_DESK_ONTVANGERS", str(own))
    with pytest.raises(ProfilesError):
        load_profiles()


def test_a_document_that_does_not_fit_the_case_is_refused_saying_what_is_missing(demo_app, tmp_path):
    four_eyes_off(demo_app)
    h1, h2 = demo_app.cases.id_of("H1"), demo_app.cases.id_of("H2")
    with pytest.raises(UserError, match="intrekking hoort bij een verleende of bestaande vergunning"):
        demo_app.exports.memo(h2, "intrekking", tmp_path / "i.pdf")
    with pytest.raises(UserError, match="leg eerst de juridische beoordeling vast"):
        demo_app.exports.memo(h1, "weigering", tmp_path / "w.pdf")
    with pytest.raises(UserError, match="leg eerst de voorschriften vast"):
        demo_app.exports.memo(h2, "voorschriften", tmp_path / "v.pdf")
    demo_app.exports.memo(h2, "weigering", tmp_path / "w.pdf", recipient="betrokkene")
    assert not (tmp_path / "i.pdf").exists() and (tmp_path / "w.pdf").exists()


def test_the_zienswijze_term_of_a_voornemen_runs_from_the_day_it_is_sent(demo_app, tmp_path):
    from datetime import timedelta

    from bibob_desk.presentation.values import DateStyle, text

    case_id = demo_app.cases.id_of("H2")  # its voornemen event is from 2025: that term has passed
    demo_app.exports.memo(case_id, "voornemen", tmp_path / "v.pdf", recipient="betrokkene")
    shown = " ".join(_text(tmp_path / "v.pdf").split())
    weeks = demo_app.workflow.terms().terms["zienswijze_weeks"]
    assert f"tot en met {text(date.today() + timedelta(weeks=weeks), DateStyle.LONG)}" in shown


def test_the_jurist_writes_the_texts_and_a_decision_with_an_empty_required_text_is_refused(
    demo_app, tmp_path
):
    four_eyes_off(demo_app)
    h2 = demo_app.cases.id_of("H2")
    sections = dict((h, (t, r)) for h, t, r in demo_app.exports.document_texts(h2, "weigering"))
    motivation, required = sections["Motivering"]
    assert required and motivation.startswith("Conclusie over de mate van gevaar — a-grond: ernstig")
    demo_app.revisions.edit(h2, [{"op": "remove", "path": "/legal"}], "beoordeling opnieuw")
    with pytest.raises(UserError, match="juridische beoordeling"):
        demo_app.exports.memo(h2, "weigering", tmp_path / "w.pdf")
    demo_app.revisions.revert(h2, 1, "toch de oorspronkelijke beoordeling")
    version = demo_app.exports.set_document_texts(
        h2,
        "weigering",
        {"Motivering": "Het gevaar weegt zwaarder dan het belang van de aanvrager."},
        "eigen motivering",
    )
    _, revisions = demo_app.revisions.history(h2)
    assert revisions[-1].number == version and revisions[-1].reason.startswith(
        "teksten besluit tot weigering"
    )
    demo_app.exports.memo(h2, "weigering", tmp_path / "w.pdf", recipient="betrokkene")
    assert "Het gevaar weegt zwaarder dan het belang van de aanvrager." in " ".join(
        _text(tmp_path / "w.pdf").split()
    )
    demo_app.exports.set_document_texts(h2, "voorschriften", {"Motivering van de voorschriften": "  "})
    with pytest.raises(UserError, match="vul eerst de tekst van 'Motivering van de voorschriften' in"):
        demo_app.exports.memo(h2, "voorschriften", tmp_path / "v.pdf")
    with pytest.raises(UserError, match="geen onderdeel"):
        demo_app.exports.set_document_texts(h2, "weigering", {"Bestaat niet": "x"})

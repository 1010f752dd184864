from bibob_desk.domain.text import clean_text, normalize_for_search


def test_control_characters_and_lone_surrogates_are_refused():
    for bad in ("a\x00b", "a\x07b", "a\x85b", "a\ud800b"):
        assert clean_text(bad, max_length=100).problem


def test_bidi_and_zero_width_are_stripped_with_a_warning():
    cleaned = clean_text("Jan\u202ede\u200bVries", max_length=100)
    assert cleaned.text == "JandeVries"
    assert cleaned.warning and not cleaned.problem


def test_newlines_and_tabs_are_fine():
    cleaned = clean_text("regel 1\nregel\t2", max_length=100)
    assert (cleaned.text, cleaned.problem, cleaned.warning) == ("regel 1\nregel\t2", "", "")


def test_length_limit():
    assert clean_text("x" * 101, max_length=100).problem


def test_search_normalisation_folds_case_accents_and_compatibility_forms():
    assert normalize_for_search("Café Ĳssel") == normalize_for_search("cafe ijssel")
    assert normalize_for_search("ＡＢＣ") == "abc"

"""The three-way merge of a check-in (issue 19): the laptop's changes over the team's, per field."""

from __future__ import annotations

from bibob_desk.services.checkout import ABSENT, KEEP_MINE, KEEP_THEIRS, changes, merge_three_way

BASE = {
    "title": "Café De Kroon",
    "location": {"street": "Markt", "number": "1", "city": "Utrecht"},
    "notes": [{"text": "eerste"}],
    "parties": [{"name": "Jansen", "role": "aanvrager"}, {"name": "Pietersen", "role": "bestuurder"}],
    "behandelaar": "ann",
}


def _copy(**changed):
    import copy

    data = copy.deepcopy(BASE)
    data.update(changed)
    return data


def test_changes_name_fields_and_appends():
    new = _copy(title="Café De Kroon BV", notes=[{"text": "eerste"}, {"text": "tweede"}])
    new["location"]["city"] = "Zeist"
    del new["behandelaar"]
    assert changes(BASE, new) == [
        ("/behandelaar", "set", ABSENT),
        ("/location/city", "set", "Zeist"),
        ("/notes/-", "append", {"text": "tweede"}),
        ("/title", "set", "Café De Kroon BV"),
    ]
    assert changes(BASE, BASE) == []


def test_different_fields_merge_and_both_appends_are_kept():
    mine = _copy(notes=[{"text": "eerste"}, {"text": "van de laptop"}])
    mine["location"]["street"] = "Laptopstraat"
    theirs = _copy(notes=[{"text": "eerste"}, {"text": "van het team"}])
    theirs["location"]["city"] = "Zeist"
    merge = merge_three_way(BASE, mine, theirs)
    assert merge.conflicts == []
    assert merge.result["location"] == {"street": "Laptopstraat", "number": "1", "city": "Zeist"}
    assert [n["text"] for n in merge.result["notes"]] == ["eerste", "van het team", "van de laptop"]
    assert sorted(merge.taken) == ["/location/street", "/notes/-"]


def test_one_field_changed_on_both_sides_is_a_conflict_with_three_values_until_chosen():
    mine, theirs = _copy(title="Laptop"), _copy(title="Team")
    mine["parties"][1]["name"] = "Pieters"  # a field the team did not touch: taken whatever the choice
    merge = merge_three_way(BASE, mine, theirs)
    (clash,) = merge.conflicts
    assert (clash.path, clash.base, clash.mine, clash.theirs) == ("/title", "Café De Kroon", "Laptop", "Team")
    assert merge.result["title"] == "Team" and merge.result["parties"][1]["name"] == "Pieters"
    assert merge_three_way(BASE, mine, theirs, {"/title": KEEP_MINE}).result["title"] == "Laptop"
    kept = merge_three_way(BASE, mine, theirs, {"*": KEEP_THEIRS})
    assert kept.conflicts == [] and kept.result["title"] == "Team"


def test_the_same_change_on_both_sides_is_no_conflict():
    merge = merge_three_way(BASE, _copy(title="Zelfde"), _copy(title="Zelfde"))
    assert merge.conflicts == [] and merge.result["title"] == "Zelfde"


def test_a_list_the_team_shortened_conflicts_with_an_edit_or_an_append_on_the_laptop():
    theirs = _copy(parties=[{"name": "Jansen", "role": "aanvrager"}])  # the team removed a party
    mine = _copy()
    mine["parties"][1]["role"] = "vennoot"
    (clash,) = merge_three_way(BASE, mine, theirs).conflicts
    assert clash.path == "/parties" and len(clash.theirs) == 1 and clash.mine[1]["role"] == "vennoot"
    appended = _copy(parties=[*BASE["parties"], {"name": "De Vries", "role": "financier"}])
    (clash,) = merge_three_way(BASE, appended, theirs).conflicts
    assert clash.path == "/parties"
    chosen = merge_three_way(BASE, appended, theirs, {"/parties": KEEP_MINE})
    assert [p["name"] for p in chosen.result["parties"]] == ["Jansen", "Pietersen", "De Vries"]


def test_the_cases_team_is_decided_in_the_team_database():
    merge = merge_three_way(BASE, _copy(behandelaar="bob"), _copy())
    assert merge.result["behandelaar"] == "ann" and merge.not_taken == ["/behandelaar"]
    assert merge.conflicts == [] and merge.taken == []


def test_items_added_on_both_sides_to_a_list_that_was_empty_are_both_kept():
    mine, theirs = _copy(signals=[{"source": "laptop"}]), _copy(signals=[{"source": "team"}])
    merge = merge_three_way(BASE, mine, theirs)
    assert merge.conflicts == [] and merge.result["signals"] == [{"source": "team"}, {"source": "laptop"}]
    only_mine = merge_three_way(BASE, mine, _copy())
    assert only_mine.result["signals"] == [{"source": "laptop"}]

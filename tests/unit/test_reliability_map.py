"""Every check T01–T39 of ../shared/design/reliability.md has at least one test here that can fail.
This map names them; the test fails when one is renamed or removed without the map following."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]

MAP: dict[str, list[str]] = {
    "T01": [
        "integration/test_at_rest.py::test_t01_no_marker_in_folder_caches_config_state_or_temp",
        "integration/test_at_rest.py::test_t01_the_scan_finds_a_marker_where_there_is_one",
    ],
    "T02": ["integration/test_at_rest.py::test_no_marker_or_bsn_in_any_file_while_open_and_after_close"],
    "T03": [
        "integration/test_temp_store.py::test_the_store_connection_keeps_temp_data_in_memory",
        "integration/test_temp_store.py::test_negative_control_temp_store_file_is_seen",
    ],
    "T04": ["integration/test_store_open.py::test_connection_settings_are_pinned"],
    "T05": [
        "integration/test_store_open.py::test_wrong_password_is_recognised_from_the_key_slot_and_touches_nothing",
        "integration/test_store_open.py::test_damaged_page_one_with_the_right_password",
        "integration/test_store_open.py::test_files_that_are_not_our_database",
    ],
    "T06": ["integration/test_store_open.py::test_tampered_later_page_is_found_by_the_check"],
    "T07": [
        "integration/test_backup_copies.py::test_both_copies_are_encrypted_marker_free_and_hold_the_same_rows",
        "integration/test_backup_copies.py::test_the_backup_api_refuses_an_unkeyed_target",
        "integration/test_backup_copies.py::test_a_backup_restores_from_a_read_only_mount",
    ],
    "T08": ["integration/test_rotation.py::test_kill_minus_nine_during_rotations_never_loses_the_database"],
    "T09": ["integration/test_store_open.py::test_lock_disposes_the_engine_and_zeroes_the_key"],
    "T10": [
        "integration/test_password_unlock.py::test_the_same_password_typed_another_way_unlocks_the_real_slot",
        "integration/test_password_unlock.py::test_empty_and_over_long_passwords_are_refused_with_a_message",
    ],
    "T11": ["integration/test_crash.py::test_kill_minus_nine_during_commits_loses_nothing_acknowledged"],
    "T12": ["ui/test_crash_draft.py::test_a_killed_window_offers_the_typed_new_case_again"],
    "T13": [
        "integration/test_disk_full.py::test_saving_until_the_disk_is_full_loses_nothing_reported_as_saved"
    ],
    "T14": [
        "integration/test_exports.py::test_file_size_limit_without_root_leaves_the_old_file_and_no_partial_file"
    ],
    "T15": ["integration/test_clear_errors.py::test_a_read_only_database_location_says_what_to_do"],
    "T16": [
        "integration/test_exports.py::test_a_full_disk_leaves_the_old_file_untouched_and_no_partial_file"
    ],
    "T17": [
        "integration/test_store_open.py::test_second_open_names_user_host_and_time",
        "integration/test_store_open.py::test_stale_lock_of_a_killed_process_is_cleared",
    ],
    "T18": ["integration/test_store_open.py::test_network_filesystem_gets_delete_journal_never_wal"],
    "T19": [
        "integration/test_store_open.py::test_structure_check_at_open_after_an_unclean_end_or_for_a_small_file"
    ],
    "T20": ["integration/test_backup.py::test_backup_during_edits_restores_and_verifies"],
    "T21": [
        "ui/test_main_window.py::test_idle_lock_wins_over_an_open_dialog",
        "ui/test_main_window.py::test_lock_keeps_typed_input_as_an_encrypted_draft_offered_after_unlock",
    ],
    "T22": ["ui/test_os_lock.py::test_an_os_lock_or_suspend_locks_the_app_with_a_dialog_open"],
    "T23": [
        "ui/test_clipboard.py::test_a_copied_secret_is_marked_and_cleared_after_its_time",
        "ui/test_clipboard.py::test_lock_clears_a_secret_that_is_still_ours",
    ],
    "T24": [
        "integration/test_audit.py::test_failed_unlocks_wait_longer_and_reach_the_audit_log_at_the_next_unlock"
    ],
    "T25": [
        "integration/test_services.py::test_actions_are_audited_without_personal_data",
        "integration/test_audit.py::test_bulk_reads_are_audited_with_counts_and_without_names",
        "integration/test_exports.py::test_every_export_is_audited_with_recipient_and_purpose_and_no_names",
    ],
    "T26": [
        "integration/test_audit.py::test_edits_in_the_middle_are_named_even_with_anchors",
        "integration/test_audit.py::test_truncating_the_tail_is_caught_by_the_anchor",
        "integration/test_trust.py::test_p1_removing_a_row_of_another_user_is_named",
    ],
    "T27": [
        "integration/test_crash.py::test_kill_minus_nine_during_commits_loses_nothing_acknowledged",
        "integration/test_trust.py::test_p1_a_revision_without_a_signed_row_is_found",
    ],
    "T28": ["integration/test_clock.py::test_a_clock_set_back_is_flagged_and_deadlines_do_not_shift"],
    "T29": [
        "integration/test_retention.py::test_purge_needs_two_people_and_leaves_only_the_fact",
        "integration/test_case_search.py::test_the_index_follows_add_update_and_purge",
    ],
    "T30": [
        "integration/test_subject_access.py::test_the_overview_for_one_person_is_complete_and_holds_no_one_else"
    ],
    "T31": ["unit/test_case_format.py::test_unknown_fields_are_reported_and_not_stored"],
    "T32": [
        "unit/test_identifiers.py::test_all_zero_bsn_and_rsin_are_refused_although_they_pass_the_elfproef",
        "unit/test_identifiers.py::test_iban_mod97_and_length",
    ],
    "T33": [
        "unit/test_text.py::test_control_characters_and_lone_surrogates_are_refused",
        "unit/test_case_format.py::test_hostile_text_control_characters_refused_bidi_stripped",
    ],
    "T34": [
        "unit/test_form_loader.py::test_random_structures_load_or_raise_the_one_error",
        "unit/test_form_loader.py::test_billion_laughs_is_refused_before_expansion",
    ],
    "T35": ["unit/test_intake.py::test_hostile_names_and_disguises"],
    "T36": ["unit/test_package_names.py::test_hostile_names_come_out_safe_and_unique"],
    "T37": ["integration/test_exports.py::test_t37_values_stay_text_and_numbers_keep_their_sign"],
    "T38": ["integration/test_exports.py::test_markup_in_a_name_is_printed_literally"],
    "T39": [
        "integration/test_error_privacy.py::test_an_integrity_error_with_a_name_and_bsn_says_nothing_of_them"
    ],
}


def test_every_check_of_the_reliability_bar_is_mapped():
    assert sorted(MAP) == [f"T{i:02d}" for i in range(1, 40)]


@pytest.mark.parametrize("check", sorted(MAP))
def test_the_mapped_tests_exist(check):
    for ref in MAP[check]:
        file, name = ref.split("::")
        source = (TESTS / file).read_text(encoding="utf-8")
        assert re.search(rf"^def {name}\(", source, re.M), f"{check}: {ref} bestaat niet (meer)"

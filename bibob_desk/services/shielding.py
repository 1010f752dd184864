"""Staff protection (issue 15): a case marked afgeschermd (intimidation risk) shows no official's
name to anyone outside its team (behandelaar, jurist, beheerder): not on a screen, not in an export.
The stored case keeps the names; what a service hands out is a copy without them."""

from __future__ import annotations

import copy

from bibob_desk.domain.accounts import CurrentUser
from bibob_desk.domain.assessment import Assessment
from bibob_desk.domain.enums import Role
from bibob_desk.domain.model import Case
from bibob_desk.presentation.recipients import without_officers

HIDDEN = "(afgeschermd)"


def in_team(case: Case, username: str, role: Role) -> bool:
    return role is Role.BEHEERDER or username in {case.behandelaar, case.jurist} - {""}


def hides_names(case: Case, username: str, role: Role) -> bool:
    return bool(case.shielded) and not in_team(case, username, role)


def as_seen_by(case: Case, username: str, role: Role) -> Case:
    """The case as this user may see it: without officials' names when it is shielded from them."""
    if not hides_names(case, username, role):
        return case
    shown = copy.deepcopy(case)
    without_officers(shown)
    return shown


def assessment_seen_by(assessment: Assessment, case: Case, username: str, role: Role) -> Assessment:
    if not hides_names(case, username, role):
        return assessment
    shown = copy.deepcopy(assessment)
    shown.assessed_by = ""
    for finding in shown.findings:
        finding.override_author = ""
        for evidence in finding.evidence:
            evidence.recorded_by = ""
    return shown


def user_of(store: object) -> tuple[str, Role]:
    user = store.user  # type: ignore[attr-defined]
    return user.username, user.role


__all__ = ["HIDDEN", "CurrentUser", "as_seen_by", "assessment_seen_by", "hides_names", "in_team", "user_of"]

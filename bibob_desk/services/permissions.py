"""Roles enforced in the services, not only by hidden buttons."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError

if TYPE_CHECKING:
    from bibob_desk.store.store import Store

_RANK = {Role.LEZER: 0, Role.VERGUNNINGVERLENER: 1, Role.JURIST: 2, Role.BEHEERDER: 3}
ROLE_LABELS = {
    Role.LEZER: "lezer",
    Role.VERGUNNINGVERLENER: "vergunningverlener",
    Role.JURIST: "jurist",
    Role.BEHEERDER: "beheerder",
}


class NotAllowed(UserError):
    def __init__(self, needed: Role) -> None:
        super().__init__(f"Hiervoor is de rol {ROLE_LABELS[needed]} (of hoger) nodig.")


def allowed(role: Role, needed: Role) -> bool:
    if needed is Role.BEHEERDER:
        return role is Role.BEHEERDER
    return _RANK[role] >= _RANK[needed]


def require(subject: Store | Role, needed: Role) -> None:
    """Refuse unless the role suffices. Given the open store, a refusal is also written to the audit
    log — which action, which role it needed, never what it was about — before it is raised."""
    role = subject if isinstance(subject, Role) else subject.user.role
    if allowed(role, needed):
        return
    if not isinstance(subject, Role):
        attempted = sys._getframe(1).f_code.co_name  # the service method that was refused
        try:
            with subject.transaction() as tx:
                tx.audit(
                    "toegang.geweigerd", f"handeling:{attempted};nodig:{needed.value}", result="geweigerd"
                )
        except UserError:
            pass  # the refusal itself stands even when it cannot be written (full disk, busy)
    raise NotAllowed(needed)

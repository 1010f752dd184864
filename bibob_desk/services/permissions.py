"""Roles enforced in the services, not only by hidden buttons."""

from __future__ import annotations

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError

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


def require(role: Role, needed: Role) -> None:
    if not allowed(role, needed):
        raise NotAllowed(needed)

"""Who is signed in, and what a check of the database found: plain values the services hand out
(the UI and CLI never see the store itself)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bibob_desk.domain.enums import Role


@dataclass(frozen=True)
class CurrentUser:
    username: str
    display_name: str
    role: Role


@dataclass
class CheckReport:
    quick_check: list[str] = field(default_factory=list)
    integrity_check: list[str] = field(default_factory=list)
    cipher_integrity_check: list[str] = field(default_factory=list)
    audit_first_broken: int | None = None
    # issue 18: what differs between the stored projections and a full recomputation (case ids
    # and counts, never values); derived data, repaired with `check --herstel`
    projections: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.quick_check == ["ok"]
            and self.integrity_check in ([], ["ok"])
            and not self.cipher_integrity_check
            and self.audit_first_broken is None
        )

"""Installation settings a beheerder may change. Stored in the encrypted database, audited."""

from __future__ import annotations

from dataclasses import dataclass

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.services.changes import Changes, Reports, Topic
from bibob_desk.services.permissions import require
from bibob_desk.store.store import Store


@dataclass(frozen=True)
class IntSetting:
    name: str
    label: str
    default: int
    minimum: int
    maximum: int

    def parse(self, text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise UserError(f"{self.label}: vul een heel getal in.") from None
        if not self.minimum <= value <= self.maximum:
            raise UserError(f"{self.label}: kies een waarde van {self.minimum} tot en met {self.maximum}.")
        return value


@dataclass(frozen=True)
class ChoiceSetting:
    name: str
    label: str
    default: str
    choices: tuple[str, ...]

    def parse(self, text: str) -> str:
        value = text.strip().upper()
        if value not in self.choices:
            raise UserError(f"{self.label}: kies uit {', '.join(self.choices)}.")
        return value


KNOWN: dict[str, IntSetting | ChoiceSetting] = {
    s.name: s
    for s in (
        # reliability.md §c: idle auto-lock 5 min by default, admin policy range 1-15 min.
        IntSetting("idle_lock_minutes", "Automatisch vergrendelen na (minuten)", 5, 1, 15),
        # brief §3: UNTIL_ADVICE is the statutory reading of art. 31 Wet Bibob and the default.
        ChoiceSetting(
            "lbb_opschorting",
            "Opschorting beslistermijn tijdens LBB-advies",
            "UNTIL_ADVICE",
            ("UNTIL_ADVICE", "FIXED_PERIOD"),
        ),
        # issue 7: a final decision document needs a second jurist's approval (configurable).
        ChoiceSetting("vier_ogen_besluiten", "Vier ogen bij besluiten", "AAN", ("AAN", "UIT")),
    )
}


def _setting(name: str) -> IntSetting | ChoiceSetting:
    if name not in KNOWN:
        raise UserError(f"Onbekende instelling '{name}'. Bekend: {', '.join(sorted(KNOWN))}.")
    return KNOWN[name]


class SettingsService(Reports):
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, name: str) -> int | str:
        setting = _setting(name)
        with self.store.transaction() as tx:
            stored = tx.settings.get(name)
        try:
            return setting.parse(stored) if stored is not None else setting.default
        except UserError:
            return setting.default  # an out-of-range stored value never weakens the policy silently

    def all(self) -> dict[str, int | str]:
        return {name: self.get(name) for name in KNOWN}

    def set(self, name: str, text: str) -> Changes:
        require(self.store.user.role, Role.BEHEERDER)
        value = _setting(name).parse(text)
        with self.store.transaction() as tx:
            tx.settings.set(name, str(value))
            tx.audit("instelling.gewijzigd", f"instelling:{name}")
        return self.report(topics=(Topic.SETTINGS,), message=f"{name} = {value}")

    def four_eyes(self) -> bool:
        return self.get("vier_ogen_besluiten") == "AAN"

    def idle_lock_minutes(self) -> int:
        return int(self.get("idle_lock_minutes"))

    def lbb_reading(self) -> str:
        return str(self.get("lbb_opschorting"))

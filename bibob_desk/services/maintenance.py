"""The database as a whole: where it is, its checks, the SQLCipher version. The UI and CLI ask this
service; they never hold the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bibob_desk.domain.accounts import CheckReport
from bibob_desk.domain.enums import Role
from bibob_desk.services.permissions import require
from bibob_desk.store.store import Store


class MaintenanceService:
    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def database_path(self) -> Path:
        return self._store.path

    @property
    def check_pending(self) -> bool:
        """A large database opened after a clean close: check_structure() still has to run."""
        return bool(self._store.check_pending)

    @property
    def clock_warning(self) -> str:
        """T28: Dutch text when this computer's clock is behind the newest audit row ('' otherwise)."""
        behind = self._store.clock_behind
        if behind is None:
            return ""
        return (
            f"De klok van deze computer staat achter: het logboek heeft al een regel van {behind} (UTC). "
            "Termijnen worden gerekend vanaf die datum, niet vanaf de klok; laat de klok gelijkzetten."
        )

    def check_structure(self) -> None:
        """quick_check of every page (raises DatabaseDamaged; StoreLocked when the store closes)."""
        self._store.check_structure()

    def check(self, *, full: bool = True) -> CheckReport:
        return self._store.check(full=full)

    def repair_projections(self, progress: Any = None) -> int:
        """The derived tables written again from the case documents (beheerder; audited)."""
        require(self._store, Role.BEHEERDER)
        return self._store.repair_projections(progress)

    def cipher_version(self) -> str:
        return self._store.cipher_version()

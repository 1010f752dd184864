"""The audit log for the beheerder: verify the chain and its anchors, list and filter entries."""

from __future__ import annotations

from bibob_desk.domain.enums import Role
from bibob_desk.services.permissions import require
from bibob_desk.store.audit import AuditEntry, Verification
from bibob_desk.store.store import Store


class AuditService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def verify(self) -> Verification:
        """Any signed-in user may check the chain; the result names no one."""
        result = self.store.verify_audit()
        with self.store.transaction() as tx:
            tx.audit("logboek.gecontroleerd", "", result="ok" if result.first_broken is None else "gebroken")
        return result

    def entries(self, *, limit: int = 200, action: str = "", actor: str = "") -> list[AuditEntry]:
        require(self.store, Role.BEHEERDER)
        with self.store.transaction() as tx:
            tx.audit("logboek.ingezien", f"filter:{action[:40]}")
        return self.store.audit_entries(limit=limit, action=action, actor=actor)

    def contains_head(self, seq: int, mac_prefix: str) -> bool:
        """P4: does this database hold the audit head printed in an export's manifest or footer
        ("volgnummer N · <16 tekens>")? False: the database is older than that export, or changed."""
        found = self.store.audit_mac_at(seq)
        with self.store.transaction() as tx:
            tx.audit("logboek.anker_vergeleken", f"volgnummer:{seq}", result="ok" if found else "afwijkend")
        prefix = mac_prefix.strip().lower()
        return found is not None and len(prefix) >= 8 and found.startswith(prefix)

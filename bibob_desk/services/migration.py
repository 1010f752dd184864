"""`bibob-desk migrate --to postgresql://…` (issue 19, deliverable 5): a file database moved into a
new team database. A beheerder of both does it; both audit logs say what was copied (counts and
hashes, no values); the file itself is left as it was, to keep or to archive."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from bibob_desk.domain.enums import Role
from bibob_desk.services.permissions import require
from bibob_desk.store.store import Store
from bibob_desk.store.transfer import TableCopy, copy_into


@dataclass(frozen=True)
class MigrationReport:
    tables: tuple[TableCopy, ...]
    accounts: tuple[tuple[str, str], ...]  # (user name, role) of the file: to add on the server

    @property
    def intact(self) -> bool:
        return all(t.same for t in self.tables)

    @property
    def fingerprint(self) -> str:
        """One hash over every table's hash: what both audit logs record."""
        return hashlib.sha256("".join(t.sha256_source for t in self.tables).encode()).hexdigest()


def migrate(source: Store, target: Store, progress: Any = None) -> MigrationReport:
    require(source, Role.BEHEERDER)
    require(target, Role.BEHEERDER)
    if not target.shared:
        from bibob_desk.domain.errors import UserError

        raise UserError("Overzetten gaat naar een teamdatabase (postgresql://…), niet naar een bestand.")
    tables = tuple(copy_into(source, target, progress))
    with source.transaction() as tx:
        accounts = tuple((u.username, u.role) for u in tx.users.all() if u.active)
    report = MigrationReport(tables, accounts)
    cases = next((t.rows for t in tables if t.table == "cases"), 0)
    summary = f"dossiers:{cases};tabellen:{len(tables)};sha256:{report.fingerprint[:32]}"
    with target.transaction() as tx:
        tx.audit("database.overgezet_uit_bestand", f"bron:{source.db_uuid};{summary}")
    with source.transaction() as tx:
        tx.audit("database.overgezet_naar_team", f"doel:{target.db_uuid};{summary}")
    return report

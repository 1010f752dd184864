"""Backups while working, and restore into a new location with verification."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.services.changes import Reports, Topic
from bibob_desk.services.permissions import require
from bibob_desk.store.backup import BackupInfo, extract_backup, remove_restored, write_backup
from bibob_desk.store.store import CheckReport, Store

LAST_BACKUP = "laatste_backup"


class BackupService(Reports):
    def __init__(self, store: Store) -> None:
        self.store = store

    def backup(self, target: Path) -> BackupInfo:
        require(self.store, Role.VERGUNNINGVERLENER)
        with self.store.transaction() as tx:  # audited before the file exists
            tx.audit("backup.gemaakt", "")
        info = write_backup(self.store, Path(target))
        with self.store.transaction() as tx:
            tx.settings.set(LAST_BACKUP, info.created_at)
        self.store.write_anchor()
        self.report(topics=(Topic.BACKUP,))
        return info

    def last_backup(self) -> datetime | None:
        with self.store.transaction() as tx:
            value = tx.settings.get(LAST_BACKUP)
        return datetime.fromisoformat(value) if value else None

    def age_days(self, now: datetime | None = None) -> int | None:
        last = self.last_backup()
        return None if last is None else ((now or datetime.now(UTC)) - last).days

    def restore(self, archive: Path, db: Path, *, username: str, password: str) -> CheckReport:
        """From the open app (beheerder): restore a backup to a new place, see restore_backup.
        The attempt is audited here; the restored copy audits its own restore."""
        require(self.store, Role.BEHEERDER)
        with self.store.transaction() as tx:
            tx.audit("backup.terugzetten", "")
        return restore_backup(archive, db, username=username, password=password)


def restore_backup(archive: Path, db: Path, *, username: str, password: str) -> CheckReport:
    """Restore into a new location; accepted only when the copy opens and passes the full check
    (integrity, cipher integrity, audit chain and anchors). Otherwise nothing is left behind."""
    extract_backup(Path(archive), Path(db))
    try:
        # a restore is the deliberate older copy: accepted, and the unlock logs that it was (P4)
        store = Store.open(Path(db), username=username, password=password, accept_older_copy=True)
    except UserError:
        remove_restored(Path(db))
        raise
    try:
        report = store.check(full=True)
        if report.ok:
            with store.transaction() as tx:
                tx.audit("backup.teruggezet", "")
    finally:
        store.close()
    if not report.ok:
        remove_restored(Path(db))
        raise UserError("De teruggezette database doorstaat de controle niet; er is niets teruggezet.")
    return report

"""Composition root: paths and settings -> store -> services. The only place that wires them.

`AppContext` is what the UI and the CLI get: services only. The store stays private to this module
and the services (import-linter: ui and cli never import `bibob_desk.store`; a test checks that
they never reach for `_store`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bibob_desk.domain.errors import UserError
from bibob_desk.paths import TeamAddress
from bibob_desk.services.access import AccessService
from bibob_desk.services.attachments import AttachmentService
from bibob_desk.services.audit import AuditService
from bibob_desk.services.backup import BackupService
from bibob_desk.services.case_file import CaseFileService
from bibob_desk.services.cases import CaseService
from bibob_desk.services.changes import ChangeFeed, Reports
from bibob_desk.services.checkout import CheckIn, CheckOutResult, CheckoutService
from bibob_desk.services.colleagues import ColleagueChanges
from bibob_desk.services.doorstart import DoorstartService
from bibob_desk.services.exports import ExportService
from bibob_desk.services.maintenance import MaintenanceService
from bibob_desk.services.matching import MatchService
from bibob_desk.services.migration import MigrationReport
from bibob_desk.services.overview import OverviewService
from bibob_desk.services.questionnaires import QuestionnaireService
from bibob_desk.services.resilience import ResilienceService
from bibob_desk.services.retention import RetentionService
from bibob_desk.services.revisions import RevisionService
from bibob_desk.services.risk import RiskService
from bibob_desk.services.settings import SettingsService
from bibob_desk.services.signals import SignalService
from bibob_desk.services.users import (
    UserService,
    check_new_password,
    create_store,
    create_team,
    recover_store,
    upgrade_team,
)
from bibob_desk.services.workflow import WorkflowService
from bibob_desk.store.errors import AccountPending, OlderCopy, PasswordChangeRequired
from bibob_desk.store.keyslots import CHEAP_TEST_KDF, PRODUCT_KDF, KdfParams
from bibob_desk.store.revision_repository import StaleCase
from bibob_desk.store.store import Store
from bibob_desk.validation.password import check_unlock_length

__all__ = [  # the unlock's questions to the user are re-exported: the GUI and CLI never import the store
    "CHEAP_TEST_KDF",
    "PRODUCT_KDF",
    "AccountPending",
    "AppContext",
    "KdfParams",
    "OlderCopy",
    "PasswordChangeRequired",
    "StaleCase",
    "create_app",
    "create_team",
    "migrate_file",
    "open_app",
    "recover_app",
    "upgrade_team",
]


@dataclass
class AppContext:
    _store: Store = field(repr=False)
    cases: CaseService
    users: UserService
    settings: SettingsService
    questionnaires: QuestionnaireService
    risk: RiskService
    workflow: WorkflowService
    exports: ExportService
    attachments: AttachmentService
    audit: AuditService
    backups: BackupService
    retention: RetentionService
    matching: MatchService
    signals: SignalService
    doorstart: DoorstartService
    resilience: ResilienceService
    overview: OverviewService
    maintenance: MaintenanceService
    case_file: CaseFileService
    changes: ChangeFeed
    revisions: RevisionService
    access: AccessService
    colleagues: ColleagueChanges
    checkout: CheckoutService

    @classmethod
    def around(cls, store: Store) -> AppContext:
        """The services around one open store; all of them report changes to one feed."""
        settings = SettingsService(store)
        doorstart = DoorstartService(store)
        risk, workflow, questionnaires = (
            RiskService(store, doorstart=doorstart),
            WorkflowService(store, settings, today=store.today),
            QuestionnaireService(store),
        )
        attachments = AttachmentService(store, questionnaires)
        context = cls(
            _store=store,
            cases=CaseService(store, settings),
            users=UserService(store),
            settings=settings,
            questionnaires=questionnaires,
            risk=risk,
            workflow=workflow,
            exports=ExportService(
                store, risk, workflow, questionnaires, attachments=attachments, settings=settings
            ),
            attachments=attachments,
            audit=AuditService(store),
            backups=BackupService(store),
            retention=RetentionService(store),
            matching=MatchService(store),
            signals=SignalService(store),
            doorstart=doorstart,
            resilience=ResilienceService(store, questionnaires.catalog),
            overview=OverviewService(store, workflow, doorstart),
            maintenance=MaintenanceService(store),
            case_file=CaseFileService(workflow, risk),
            changes=ChangeFeed(),
            colleagues=ColleagueChanges(store),
            revisions=RevisionService(store),
            access=AccessService(store),
            checkout=CheckoutService(store),
        )
        for service in vars(context).values():
            if isinstance(service, Reports):
                service.feed = context.changes
        return context

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> AppContext:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_app(
    path: Path | TeamAddress,
    *,
    username: str,
    password: str,
    new_password: str | None = None,
    accept_older_copy: bool = False,
    kdf: KdfParams = PRODUCT_KDF,
) -> AppContext:
    """Unlock. `new_password`: the user's own, replacing a temporary one from the beheerder (checked
    against the password policy first); `accept_older_copy`: a deliberately restored backup (P4).
    A TeamAddress signs in to the team database on PostgreSQL (issue 19) with the same checks."""
    problem = check_unlock_length(password)
    if problem:  # T10: never tried against the key slot
        raise UserError(problem)
    if new_password is not None:
        check_new_password(new_password, username=username.strip().casefold(), display_name="")
    if isinstance(path, TeamAddress):
        from bibob_desk.store.team_store import TeamStore

        store: Store = TeamStore.open_team(
            path.url,
            username=username,
            password=password,
            new_password=new_password,
            accept_older_copy=accept_older_copy,
            kdf=kdf,
        )
    else:
        store = Store.open(
            path,
            username=username,
            password=password,
            new_password=new_password,
            accept_older_copy=accept_older_copy,
            kdf=kdf,
        )
    return AppContext.around(store)


def migrate_file(
    path: Path,
    address: TeamAddress,
    *,
    file_login: tuple[str, str],
    team_login: tuple[str, str],
    progress: Any = None,
    kdf: KdfParams = PRODUCT_KDF,
) -> MigrationReport:
    """Move a file database into an empty team database (`bibob-desk migrate --to`): a beheerder of
    both signs in to both. The file stays as it was."""
    from bibob_desk.services.migration import migrate
    from bibob_desk.store.team_store import TeamStore

    source = Store.open(path, username=file_login[0], password=file_login[1], kdf=kdf)
    try:
        target = TeamStore.open_team(address.url, username=team_login[0], password=team_login[1], kdf=kdf)
        try:
            return migrate(source, target, progress)
        finally:
            target.close()
    finally:
        source.close()


def check_out_file(
    address: TeamAddress,
    path: Path,
    references: list[str],
    *,
    login: tuple[str, str],
    kdf: KdfParams = PRODUCT_KDF,
) -> CheckOutResult:
    """Take these cases of the team database into a new file at `path`, unlocked with the same name
    and password (`bibob-desk uitchecken`)."""
    from bibob_desk.store.team_store import TeamStore

    team = TeamStore.open_team(address.url, username=login[0], password=login[1], kdf=kdf)
    try:
        return CheckoutService(team).check_out(path, references, login[1], kdf)
    finally:
        team.close()


def check_in_file(
    path: Path,
    address: TeamAddress,
    *,
    login: tuple[str, str],
    choices: dict[str, str] | None = None,
    kdf: KdfParams = PRODUCT_KDF,
) -> list[CheckIn]:
    """Bring the checked-out cases of the file at `path` back into the team database (`bibob-desk
    inchecken`), the file opened with the same name and password; the file keeps everything."""
    from bibob_desk.store.team_store import TeamStore

    team = TeamStore.open_team(address.url, username=login[0], password=login[1], kdf=kdf)
    try:
        return CheckoutService(team).check_in(path, login[1], choices)
    finally:
        team.close()


def create_app(
    path: Path, *, username: str, display_name: str, password: str, kdf: KdfParams = PRODUCT_KDF
) -> AppContext:
    store = create_store(path, username=username, display_name=display_name, password=password, kdf=kdf)
    return AppContext.around(store)


def recover_app(
    path: Path, *, recovery_key: str, username: str, new_password: str, kdf: KdfParams = PRODUCT_KDF
) -> AppContext:
    store = recover_store(
        path, recovery_key=recovery_key, username=username, new_password=new_password, kdf=kdf
    )
    return AppContext.around(store)

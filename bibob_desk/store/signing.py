"""Writing the organisation's statements and reading the accounts they establish (trust.py).

Kept beside the Store so that store.py stays about opening, locking and units of work.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import inspect
from sqlmodel import Session, col, select

from bibob_desk.domain.enums import Role
from bibob_desk.store import audit, trust
from bibob_desk.store.errors import StoreError
from bibob_desk.store.keyslots import RECOVERY
from bibob_desk.store.rows import AuditRow, StatementRow, UserRow


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def has_statements(session: Session) -> bool:
    return inspect(session.connection()).has_table("statements")


def organisation(
    session: Session,
    org: Ed25519PrivateKey,
    *,
    db_uuid: str,
    signing_since: int,
    legacy_until: dict[str, int],
) -> StatementRow:
    row = trust.make_statement(
        org,
        trust.ORGANISATIE,
        "",
        {
            "db_uuid": db_uuid,
            "org_public_key": trust.public_b64(org),
            "signing_since": signing_since,
            "legacy_until": legacy_until,
        },
        now(),
    )
    session.add(row)
    return row


def recovery(
    session: Session, org: Ed25519PrivateKey, recovery_sign: Ed25519PrivateKey, by: str
) -> StatementRow:
    row = trust.make_statement(
        org, trust.HERSTEL, RECOVERY, {"public_key": trust.public_b64(recovery_sign), "by": by}, now()
    )
    session.add(row)
    return row


def account(
    session: Session,
    org: Ed25519PrivateKey,
    *,
    username: str,
    role: str,
    public_key: str,
    active: bool,
    by: str,
    recovery_sign: Ed25519PrivateKey | None = None,
) -> StatementRow:
    body = {"username": username, "role": role, "public_key": public_key, "active": active, "by": by}
    row = trust.make_statement(org, trust.ACCOUNT, username, body, now())
    if recovery_sign is not None:
        row.extra_signature = trust.sign(recovery_sign, trust.statement_message(row.kind, row.body))
    session.add(row)
    return row


def confirmation(
    session: Session,
    org: Ed25519PrivateKey,
    *,
    statement: int,
    subject: str,
    by: str,
    recovery_sign: Ed25519PrivateKey | None = None,
) -> StatementRow:
    row = trust.make_statement(org, trust.BEVESTIGING, subject, {"statement": statement, "by": by}, now())
    if recovery_sign is not None:
        row.extra_signature = trust.sign(recovery_sign, trust.statement_message(row.kind, row.body))
    session.add(row)
    return row


def setting(session: Session, org: Ed25519PrivateKey, *, key: str, value: str, by: str) -> StatementRow:
    row = trust.make_statement(org, trust.INSTELLING, key, {"key": key, "value": value, "by": by}, now())
    session.add(row)
    return row


def _statement_rows(session: Session) -> list[AuditRow]:
    """The audit rows that wrote statements (their refs come first, so the index finds them)."""
    stmt = (
        select(AuditRow)
        .where(col(AuditRow.record) >= "statements:", col(AuditRow.record) < "statements;")
        .order_by(col(AuditRow.seq))
    )
    return list(session.exec(stmt))


def state_at_unlock(session: Session, expected_org_fpr: str | None) -> trust.TrustReport:
    """The accounts as the signed statements say, checking each statement row's signature."""
    return trust.replay(session, _statement_rows(session), expected_org_fpr, audit.canonical)


def verify_all(session: Session, expected_org_fpr: str | None) -> trust.TrustReport:
    """Every row, every signature, every revision, approval and statement (audit verify)."""
    from bibob_desk.store.rows import ApprovalRow, CaseRevisionRow

    records: dict[str, dict[int, Any]] = {
        "case_revisions": {int(r.id or 0): r for r in session.exec(select(CaseRevisionRow))},
        "approvals": {int(r.id or 0): r for r in session.exec(select(ApprovalRow))},
    }
    rows = session.exec(select(AuditRow).order_by(col(AuditRow.seq)))
    return trust.replay(session, rows, expected_org_fpr, audit.canonical, records=records)


def bootstrap_statements(
    session: Session, keys: trust.Keys, *, me: str, db_uuid: str, next_seq: int
) -> list[StatementRow]:
    """A database from before signing, opened by a beheerder: the organisation key and a statement
    for every active account as the users table says now (the others without a key, until the
    beheerder sets their password again)."""
    if keys.org is None:
        raise StoreError("Alleen een beheerder kan de ondertekening invoeren.")
    written = [
        organisation(
            session, keys.org, db_uuid=db_uuid, signing_since=next_seq, legacy_until=trust.max_ids(session)
        )
    ]
    users = session.exec(select(UserRow).where(col(UserRow.active)).order_by(col(UserRow.id)))
    for user in users:
        is_me = user.username == me
        written.append(
            account(
                session,
                keys.org,
                username=user.username,
                role=user.role if not is_me else Role.BEHEERDER.value,
                public_key=keys.public if is_me else "",
                active=True,
                by=me,
            )
        )
    return written

"""sqlmodel tables. Rows stay inside the store; repositories map them to domain objects."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class UserRow(SQLModel, table=True):
    __tablename__ = "users"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True)
    display_name: str
    role: str
    active: bool = True
    created_at: str


class CaseRow(SQLModel, table=True):
    __tablename__ = "cases"
    id: str = Field(primary_key=True)
    reference: str = Field(unique=True)
    permit_kinds: str
    stage: str = Field(index=True)
    received_date: str = Field(index=True)
    location: str
    party_names: str
    search_text: str
    watched: str = Field(default="", index=True)  # decision that puts the case on the doorstart watch
    behandelaar: str = Field(default="", index=True)
    jurist: str = Field(default="", index=True)
    result: str = Field(default="", index=True)  # the closure's result; '' while the case is open
    # migration 13, written by store/projections.py only: since when watched, and for which term
    # settings (fingerprint) and until which day the stored open terms hold
    watched_since: str = ""
    terms_fp: str = Field(default="", index=True)
    terms_until: str = Field(default="", index=True)
    created_at: str
    updated_at: str
    revision: int = 1


class CaseRevisionRow(SQLModel, table=True):
    """One change to a case (migration 10): the patch forward from the previous version and back."""

    __tablename__ = "case_revisions"
    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="cases.id")
    revision: int
    actor: str
    at: str
    reason: str
    forward: str
    inverse: str


class CaseDocumentRow(SQLModel, table=True):
    """The whole case as JSON, apart from the list row; `doc` keys the search index."""

    __tablename__ = "case_documents"
    doc: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(unique=True, foreign_key="cases.id")
    payload: str


class CasePartyRow(SQLModel, table=True):
    """One row per party of a case: the list's names and, later, cross-case matching."""

    __tablename__ = "case_parties"
    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="cases.id", ondelete="CASCADE", index=True)
    party_key: str
    kind: str
    name: str
    name_norm: str = Field(index=True)
    kvk: str | None = Field(default=None, index=True)
    rsin: str | None = None


class AuditRow(SQLModel, table=True):
    """BIO2 8.15.01 fields plus sequence and chain MAC. Never personal data, only internal ids."""

    __tablename__ = "audit_log"
    seq: int = Field(primary_key=True)
    ts_utc: str
    actor: str
    action: str
    object: str
    result: str
    origin: str
    app_version: str
    mac: str
    record: str = Field(default="", index=True)  # migration 12: the side records it wrote, with digests
    signature: str = ""  # migration 12: Ed25519 of the actor over the previous MAC and this row


class StatementRow(SQLModel, table=True):
    """A statement signed by the organisation key (migration 12): the organisation, an account,
    the recovery signing key, a confirmation, a four-eyes setting. Append-only (trust.py)."""

    __tablename__ = "statements"
    id: int | None = Field(default=None, primary_key=True)
    kind: str
    subject: str
    body: str
    org_signature: str
    extra_signature: str = ""  # the recovery key's signature, when it confirms
    created_at: str


class AssessmentRow(SQLModel, table=True):
    """A stored risk assessment (snapshot). Memos and exports render these, never a recomputation."""

    __tablename__ = "assessments"
    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="cases.id", ondelete="CASCADE", index=True)
    created_at: str
    created_by: str
    catalogue_id: str
    catalogue_version: int
    catalogue_sha256: str
    inputs_hash: str
    score: int
    band: str
    payload: str


class AttachmentRow(SQLModel, table=True):
    """A received file; ``content`` never leaves the store except into an export."""

    __tablename__ = "attachments"
    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="cases.id", ondelete="CASCADE", index=True)
    type_id: str
    original_name: str
    file_type: str
    sha256: str
    size: int
    received_date: date
    source: str
    status: str
    reason: str
    added_at: str
    added_by: str
    withdrawn_reason: str = ""  # migration 11
    withdrawn_by: str = ""
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class ApprovalRow(SQLModel, table=True):
    """A second jurist's approval of a decision document, bound to a hash of its content."""

    __tablename__ = "approvals"
    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="cases.id", ondelete="CASCADE", index=True)
    kind: str
    content_sha256: str
    approved_by: str
    approved_at: str


class MatchJudgementRow(SQLModel, table=True):
    """An officer's judgement of a match candidate between two parties of two cases (append-only)."""

    __tablename__ = "match_judgements"
    id: int | None = Field(default=None, primary_key=True)
    case_a: str = Field(foreign_key="cases.id", ondelete="CASCADE", index=True)
    party_a: str
    case_b: str = Field(foreign_key="cases.id", ondelete="CASCADE", index=True)
    party_b: str
    verdict: str
    motivation: str
    judged_by: str
    judged_at: str


class SignalRow(SQLModel, table=True):
    """One entry of the signals register (issue 9)."""

    __tablename__ = "signal_register"
    id: int | None = Field(default=None, primary_key=True)
    source: str
    signal_date: str
    reliability: str
    subject_kind: str
    subject_name: str
    birth_date: str | None = None
    kvk: str | None = None
    postcode: str
    house_number: str
    description: str
    recorded_by: str
    recorded_at: str
    retention_date: str = Field(index=True)
    withdrawn_reason: str = ""  # migration 11
    withdrawn_by: str = ""


class ResilienceScanRow(SQLModel, table=True):
    """One completed weerbaarheidsscan (issue 9)."""

    __tablename__ = "resilience_scans"
    id: int | None = Field(default=None, primary_key=True)
    form_id: str
    form_version: int
    scoring_id: str
    scoring_version: int
    scoring_sha256: str
    answers: str
    result: str
    completed_by: str
    completed_at: str

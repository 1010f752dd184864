"""sqlmodel tables. Rows stay inside the store; repositories map them to domain objects. Columns typed
Sealed or Equal are ciphertext on a team database (sealing.py) and plain inside the encrypted file."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from bibob_desk.store.sealing import Equal, Sealed, SealedBytes


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
    location: str = Field(sa_column=Column(Sealed("cases.location"), nullable=False))
    party_names: str = Field(sa_column=Column(Sealed("cases.party_names"), nullable=False))
    search_text: str = Field(sa_column=Column(Sealed("cases.search_text"), nullable=False))
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
    reason: str = Field(sa_column=Column(Sealed("case_revisions.reason"), nullable=False))
    forward: str = Field(sa_column=Column(Sealed("case_revisions.forward"), nullable=False))
    inverse: str = Field(sa_column=Column(Sealed("case_revisions.inverse"), nullable=False))


class CaseDocumentRow(SQLModel, table=True):
    """The whole case as JSON, apart from the list row; `doc` keys the search index."""

    __tablename__ = "case_documents"
    doc: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(unique=True, foreign_key="cases.id")
    payload: str = Field(sa_column=Column(Sealed("case_documents.payload"), nullable=False))


class CasePartyRow(SQLModel, table=True):
    """One row per party of a case: the list's names and, later, cross-case matching."""

    __tablename__ = "case_parties"
    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="cases.id", ondelete="CASCADE", index=True)
    party_key: str
    kind: str
    name: str = Field(sa_column=Column(Sealed("case_parties.name"), nullable=False))
    name_norm: str = Field(sa_column=Column(Equal("case_parties.name_norm"), nullable=False, index=True))
    kvk: str | None = Field(default=None, sa_column=Column(Equal("case_parties.kvk"), index=True))
    rsin: str | None = Field(default=None, sa_column=Column(Equal("case_parties.rsin")))


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
    payload: str = Field(sa_column=Column(Sealed("assessments.payload"), nullable=False))


class AttachmentRow(SQLModel, table=True):
    """A received file; ``content`` never leaves the store except into an export."""

    __tablename__ = "attachments"
    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="cases.id", ondelete="CASCADE", index=True)
    type_id: str
    original_name: str = Field(sa_column=Column(Sealed("attachments.original_name"), nullable=False))
    file_type: str
    sha256: str
    size: int
    received_date: date
    source: str
    status: str
    reason: str = Field(sa_column=Column(Sealed("attachments.reason"), nullable=False))
    added_at: str
    added_by: str
    withdrawn_reason: str = Field(
        default="", sa_column=Column(Sealed("attachments.withdrawn_reason"), nullable=False)
    )
    withdrawn_by: str = ""
    content: bytes = Field(sa_column=Column(SealedBytes("attachments.content"), nullable=False))


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
    motivation: str = Field(sa_column=Column(Sealed("match_judgements.motivation"), nullable=False))
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
    subject_name: str = Field(sa_column=Column(Sealed("signal_register.subject_name"), nullable=False))
    birth_date: str | None = Field(default=None, sa_column=Column(Sealed("signal_register.birth_date")))
    kvk: str | None = Field(default=None, sa_column=Column(Sealed("signal_register.kvk")))
    postcode: str = Field(sa_column=Column(Sealed("signal_register.postcode"), nullable=False))
    house_number: str = Field(sa_column=Column(Sealed("signal_register.house_number"), nullable=False))
    description: str = Field(sa_column=Column(Sealed("signal_register.description"), nullable=False))
    recorded_by: str
    recorded_at: str
    retention_date: str = Field(index=True)
    withdrawn_reason: str = Field(
        default="", sa_column=Column(Sealed("signal_register.withdrawn_reason"), nullable=False)
    )  # migration 11
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
    answers: str = Field(sa_column=Column(Sealed("resilience_scans.answers"), nullable=False))
    result: str = Field(sa_column=Column(Sealed("resilience_scans.result"), nullable=False))
    completed_by: str
    completed_at: str

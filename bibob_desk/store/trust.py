"""Signed changes (issue 17): who did what, checkable by anyone who holds the file.

Every user holds the database key, so the database cannot stop an insider from writing to it. What
he cannot do is sign as someone else. Each user has an Ed25519 key pair, the private key sealed in
his own key slot (keyslots.py). The organisation key, created at ``init``, is sealed for beheerders
and under the recovery key; it signs *statements*: the organisation itself, each account (role and
public key), the recovery key's own signing key, a confirmation, and a setting that needs four eyes.

Every audit row is signed by its actor over the previous row's MAC, and names the side records it
wrote (case revisions, approvals, statements) with their digest. `verify` replays the log: every
signature, the signer's role at that moment (from the statements so far), every record bound to
exactly one row. What a user's own slot says the organisation key is (``org_fpr``) is the anchor:
a replaced organisation key is found by everyone whose slot predates it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy import func
from sqlmodel import Session, col, select

from bibob_desk.domain.enums import Role
from bibob_desk.store.keyslots import RECOVERY
from bibob_desk.store.rows import ApprovalRow, AuditRow, CaseRevisionRow, StatementRow

PREFIX = b"bibob-desk/ondertekening@1|"
ORGANISATIE, ACCOUNT, BEVESTIGING, INSTELLING, HERSTEL = (
    "organisatie",
    "account",
    "bevestiging",
    "instelling",
    "herstel",
)
FOUR_EYES = "vier_ogen_besluiten"
NEEDS_SECOND = (Role.JURIST.value, Role.BEHEERDER.value)
_RANK = {Role.LEZER.value: 0, Role.VERGUNNINGVERLENER.value: 1, Role.JURIST.value: 2, Role.BEHEERDER.value: 3}

# The role an action needs, by prefix (the services refuse earlier; this is what `verify` checks).
ACTION_ROLES: tuple[tuple[str, str], ...] = (
    ("gebruiker.", Role.BEHEERDER.value),
    ("account.", Role.BEHEERDER.value),
    ("instelling.", Role.BEHEERDER.value),
    ("herstelsleutel.", Role.BEHEERDER.value),
    ("sleutel.rotatie", Role.BEHEERDER.value),
    ("sleutel.geroteerd", Role.BEHEERDER.value),
    ("wachtwoord.ingesteld_door_beheerder", Role.BEHEERDER.value),
    ("besluit.goedgekeurd.", Role.JURIST.value),
    ("dossier.gewijzigd", Role.VERGUNNINGVERLENER.value),
    ("dossier.aangemaakt", Role.VERGUNNINGVERLENER.value),
    ("dossier.teruggezet", Role.VERGUNNINGVERLENER.value),
    ("risico.beoordeeld", Role.VERGUNNINGVERLENER.value),
    ("dossier.vernietig", Role.JURIST.value),
)
TRACKED = (CaseRevisionRow, ApprovalRow, StatementRow)


# -- keys ----------------------------------------------------------------------------------
def new_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def _raw_private(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def public_b64(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode("ascii")


def fingerprint(public: str) -> str:
    """A short fingerprint to read aloud or compare on paper: 20 hex digits in groups of four."""
    digest = hashlib.sha256(base64.b64decode(public)).hexdigest()[:20]
    return " ".join(digest[i : i + 4] for i in range(0, 20, 4))


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(PREFIX + message)).decode("ascii")


@lru_cache(maxsize=256)
def _public_key(public: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(public))


def signed_by(public: str, signature: str, message: bytes) -> bool:
    try:
        _public_key(public).verify(base64.b64decode(signature), PREFIX + message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


@dataclass
class Keys:
    """What a session may sign with: the user's own key and, for a beheerder, the organisation key."""

    sign: Ed25519PrivateKey
    org: Ed25519PrivateKey | None
    org_fpr: str

    def seal(self) -> bytes:
        return json.dumps(
            {
                "sign": base64.b64encode(_raw_private(self.sign)).decode("ascii"),
                "org": base64.b64encode(_raw_private(self.org)).decode("ascii") if self.org else "",
                "org_fpr": self.org_fpr,
            }
        ).encode("utf-8")

    @classmethod
    def unseal(cls, data: bytes) -> Keys:
        item = json.loads(data)
        org = Ed25519PrivateKey.from_private_bytes(base64.b64decode(item["org"])) if item["org"] else None
        sign_key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(item["sign"]))
        return cls(sign_key, org, str(item["org_fpr"]))

    @property
    def public(self) -> str:
        return public_b64(self.sign)


# -- statements -------------------------------------------------------------------------------
def canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def statement_message(kind: str, body: str) -> bytes:
    return f"verklaring|{kind}|{body}".encode()


def make_statement(
    org: Ed25519PrivateKey, kind: str, subject: str, body: dict[str, Any], at: str
) -> StatementRow:
    text = canonical(body)
    return StatementRow(
        kind=kind,
        subject=subject,
        body=text,
        org_signature=sign(org, statement_message(kind, text)),
        created_at=at,
    )


def record_digest(row: Any) -> str:
    if isinstance(row, CaseRevisionRow):
        data: dict[str, Any] = {
            "case_id": row.case_id,
            "revision": row.revision,
            "actor": row.actor,
            "at": row.at,
            "reason": row.reason,
            "forward": row.forward,
            "inverse": row.inverse,
        }
    elif isinstance(row, ApprovalRow):
        data = {
            "case_id": row.case_id,
            "kind": row.kind,
            "content_sha256": row.content_sha256,
            "approved_by": row.approved_by,
            "approved_at": row.approved_at,
        }
    else:
        data = {
            "kind": row.kind,
            "subject": row.subject,
            "body": row.body,
            "org_signature": row.org_signature,
            "extra_signature": row.extra_signature,
        }
    return hashlib.sha256(canonical(data).encode("utf-8")).hexdigest()


def record_ref(row: Any) -> str:
    """table:id:digest, and for a case's records its case id (a destroyed case takes them along)."""
    case = f":{row.case_id}" if isinstance(row, (CaseRevisionRow, ApprovalRow)) else ""
    return f"{row.__tablename__}:{row.id}:{record_digest(row)}{case}"


def record_actor(row: Any) -> str | None:
    if isinstance(row, CaseRevisionRow):
        return row.actor
    if isinstance(row, ApprovalRow):
        return row.approved_by
    return None


def refs_of(rows: Iterable[Any]) -> str:
    """The record column of one audit row: statements first (the index finds them by prefix)."""
    ordered = sorted(rows, key=lambda r: (not isinstance(r, StatementRow), r.__tablename__, r.id))
    return ";".join(record_ref(r) for r in ordered)


# -- the replay ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Account:
    username: str
    role: str
    public_key: str
    active: bool
    by: str  # who issued the statement (a beheerder, or RECOVERY)
    statement: int


@dataclass
class TrustState:
    """The accounts, recovery key and four-eyes setting as the signed statements say, in log order."""

    expected_org_fpr: str | None = None
    org_public: str | None = None
    recovery_public: str | None = None
    signing_since: int | None = None
    legacy_until: dict[str, int] = field(default_factory=dict)
    accounts: dict[str, Account] = field(default_factory=dict)
    proposals: dict[int, Account | tuple[str, str, str]] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)

    def role_of(self, username: str) -> str | None:
        account = self.accounts.get(username)
        return account.role if account is not None and account.active else None

    def beheerders(self) -> list[str]:
        return sorted(
            a.username for a in self.accounts.values() if a.active and a.role == Role.BEHEERDER.value
        )

    @property
    def four_eyes(self) -> bool:
        return self.settings.get(FOUR_EYES, "AAN") == "AAN"

    def pending_for(self, username: str) -> Account | None:
        found = [p for p in self.proposals.values() if isinstance(p, Account) and p.username == username]
        return found[-1] if found else None

    def apply(self, row: StatementRow, actor: str) -> str:
        """Apply one statement written by `actor`; '' when it holds, else the Dutch reason."""
        try:
            body = json.loads(row.body)
        except ValueError:
            return "een verklaring is onleesbaar"
        if row.kind == ORGANISATIE:
            if self.org_public is not None:
                return "een tweede organisatiesleutel is ingevoegd"
            public = str(body.get("org_public_key", ""))
            if not signed_by(public, row.org_signature, statement_message(row.kind, row.body)):
                return "de organisatieverklaring is niet door de organisatiesleutel ondertekend"
            if self.expected_org_fpr is not None and fingerprint(public) != self.expected_org_fpr:
                return "de organisatiesleutel in de database is niet die van uw account (vervangen)"
            self.org_public = public
            self.signing_since = int(body.get("signing_since", 0))
            self.legacy_until = {str(k): int(v) for k, v in dict(body.get("legacy_until", {})).items()}
            return ""
        if self.org_public is None:
            return "een verklaring zonder organisatiesleutel"
        if not signed_by(self.org_public, row.org_signature, statement_message(row.kind, row.body)):
            return "een verklaring is niet door de organisatiesleutel ondertekend"
        by = str(body.get("by", ""))
        if by not in (actor, RECOVERY):
            return "een verklaring noemt een ander dan wie haar vastlegde"
        if by == RECOVERY and not (
            self.recovery_public
            and signed_by(self.recovery_public, row.extra_signature, statement_message(row.kind, row.body))
        ):
            return "een verklaring zegt namens de herstelsleutel te zijn, maar is er niet mee ondertekend"
        return self._apply_kind(row, body, by, actor)

    def _apply_kind(self, row: StatementRow, body: dict[str, Any], by: str, actor: str) -> str:
        if row.kind == HERSTEL:
            self.recovery_public = str(body["public_key"])
            return ""
        if row.kind == ACCOUNT:
            account = Account(
                str(body["username"]),
                str(body["role"]),
                str(body.get("public_key", "")),
                bool(body.get("active", True)),
                by,
                int(row.id or 0),
            )
            if account.role not in _RANK:
                return "een verklaring noemt een onbekende rol"
            if self._needs_second(account):
                self.proposals[account.statement] = account
            else:
                self.accounts[account.username] = account
            return ""
        if row.kind == INSTELLING:
            key, value = str(body["key"]), str(body["value"])
            if key == FOUR_EYES and value != "AAN":
                self.proposals[int(row.id or 0)] = (key, value, by)
            else:
                self.settings[key] = value
            return ""
        if row.kind == BEVESTIGING:
            target = self.proposals.get(int(body.get("statement", 0)))
            if target is None:
                return "een bevestiging verwijst naar niets dat op bevestiging wacht"
            proposer = target.by if isinstance(target, Account) else target[2]
            if self.role_of(actor) != Role.BEHEERDER.value:
                return "een bevestiging is niet door een beheerder vastgelegd"
            if by == RECOVERY:
                if isinstance(target, tuple) or len(self.beheerders()) != 1:
                    return "de herstelsleutel bevestigt alleen een account wanneer er één beheerder is"
            elif by == proposer:
                return "een beheerder heeft zijn eigen voorstel bevestigd (vier ogen)"
            del self.proposals[int(body["statement"])]
            if isinstance(target, Account):
                self.accounts[target.username] = target
            else:
                self.settings[target[0]] = target[1]
            return ""
        return "een verklaring van onbekende soort"

    def _needs_second(self, account: Account) -> bool:
        """A key bound to jurist or beheerder waits for a second beheerder, except the founder and a
        renewal through the recovery key of an account that already held that role."""
        if not account.active or account.role not in NEEDS_SECOND or not self.beheerders():
            return False
        before = self.accounts.get(account.username)
        if before is not None and before.active and _RANK[before.role] >= _RANK[account.role]:
            if before.public_key == account.public_key:
                return False  # a lower or equal role with the same key
            return account.by != RECOVERY
        return True


def audit_message(previous_mac: str, canonical_row: bytes) -> bytes:
    return b"logboek|" + previous_mac.encode("ascii") + b"|" + canonical_row


def needed_role(action: str) -> str | None:
    return next((role for prefix, role in ACTION_ROLES if action.startswith(prefix)), None)


@dataclass(frozen=True)
class TrustReport:
    first_broken: int | None
    reason: str
    legacy_rows: int  # rows from before signing began (cannot be checked for a signer)
    signed_rows: int
    org_fingerprint: str
    state: TrustState


def _statements(session: Session) -> dict[int, StatementRow]:
    return {int(r.id or 0): r for r in session.exec(select(StatementRow))}


def _parse_refs(record: str) -> Iterator[tuple[str, int, str, str]]:
    for part in filter(None, record.split(";")):
        table, ident, digest, *case = part.split(":")
        yield table, int(ident), digest, case[0] if case else ""


def _destroyed(session: Session) -> set[str]:
    """Cases destroyed at the end of their retention (their revisions and approvals went with them;
    the destroying row itself is checked like every other)."""
    rows = session.exec(select(AuditRow.object).where(AuditRow.action == "dossier.vernietigd"))
    return {part[5:] for obj in rows for part in obj.split(";") if part.startswith("case:")}


def replay(
    session: Session,
    rows: Iterable[AuditRow],
    expected_org_fpr: str | None,
    canonical_row: Any,
    *,
    records: dict[str, dict[int, Any]] | None = None,
) -> TrustReport:
    """Check each row's signature and role and the records it names; the first failure wins.
    `records` (all revisions and approvals) is given by the full verification; at unlock only the
    statement rows are replayed."""
    run = _Replay(session, expected_org_fpr, canonical_row, records)
    broken, reason = None, ""
    for row in rows:
        why = run.row(row)
        if why:
            broken, reason = row.seq, why
            break
    state = run.state
    if broken is None and expected_org_fpr is not None and state.org_public is None:
        broken, reason = 1, "de organisatiesleutel ontbreekt in de database (verwijderd)"
    if broken is None and records is not None:
        broken, reason = _unbound(run.tables, run.seen, state)
    org = fingerprint(state.org_public) if state.org_public else ""
    return TrustReport(broken, reason, run.legacy, run.signed, org, state)


class _Replay:
    """One pass over the log (or its statement rows), row by row."""

    def __init__(
        self,
        session: Session,
        expected_org_fpr: str | None,
        canonical_row: Any,
        records: dict[str, dict[int, Any]] | None,
    ) -> None:
        self.session, self.canonical_row = session, canonical_row
        self.state = TrustState(expected_org_fpr)
        self.seen: set[tuple[str, int]] = set()
        self.legacy = self.signed = 0
        self.last_seq, self.last_mac = 0, "0" * 64  # the chain's genesis (audit.GENESIS)
        self.tables: dict[str, dict[int, Any]] = {"statements": _statements(session), **(records or {})}
        self.destroyed = _destroyed(session) if records is not None else set()

    def row(self, row: AuditRow) -> str:
        """'' when the row holds, else the Dutch reason."""
        state = self.state
        before, role_before = state.accounts.get(row.actor), state.role_of(row.actor)
        why = self._records(row)
        if why:
            return why
        if state.org_public is None or (state.signing_since is not None and row.seq < state.signing_since):
            if row.signature:
                return "een ondertekende regel zonder organisatiesleutel"
            self.legacy += 1
            self.last_seq, self.last_mac = row.seq, row.mac
            return ""
        after = state.accounts.get(row.actor)
        # the row that renews one's own key through the recovery key is signed with the new key
        renewed = after is not None and after is not before and after.by == RECOVERY
        account = after if renewed or before is None or not before.public_key else before
        if account is None or not account.public_key:
            return "de regel staat op naam van iemand zonder ondertekeningssleutel"
        previous = self.last_mac if self.last_seq == row.seq - 1 else _previous_mac(self.session, row)
        message = audit_message(previous, self.canonical_row(row))
        if not row.signature or not signed_by(account.public_key, row.signature, message):
            return "de handtekening van deze regel klopt niet (gewijzigd of op naam van een ander)"
        role = role_before or state.role_of(row.actor)
        for need in (needed_role(row.action), *self._record_needs(row)):
            if need is not None and (
                role is None or _RANK[role] < _RANK[need] or (need == Role.BEHEERDER.value and role != need)
            ):
                return f"de ondertekenaar had op dat moment niet de rol {need}"
        self.signed += 1
        self.last_seq, self.last_mac = row.seq, row.mac
        return ""

    def _record_needs(self, row: AuditRow) -> list[str]:
        """What writing the row's records takes, whatever the action is called: a case version the
        vergunningverlener, an approval the jurist, a statement the beheerder (except a user's own
        key renewed through the recovery key)."""
        needs = []
        for table, ident, _, _ in _parse_refs(row.record):
            if table == "case_revisions":
                needs.append(Role.VERGUNNINGVERLENER.value)
            elif table == "approvals":
                needs.append(Role.JURIST.value)
            elif table == "statements":
                record = self.tables["statements"].get(ident)
                by = json.loads(record.body).get("by") if record is not None else None
                if not (record is not None and record.kind == ACCOUNT and by == RECOVERY):
                    needs.append(Role.BEHEERDER.value)
        return needs

    def _records(self, row: AuditRow) -> str:
        try:
            refs = list(_parse_refs(row.record))
        except ValueError:
            return "de verwijzing van een regel naar zijn gegevens is onleesbaar"
        for table, ident, digest, case in refs:
            if table not in self.tables:
                continue  # not checked in this pass (unlock replays statements only)
            record = self.tables[table].get(ident)
            if record is None and case and case in self.destroyed:
                continue
            if record is None:
                return f"gegevens van deze regel ontbreken ({table})"
            if record_digest(record) != digest:
                return f"gegevens van deze regel zijn gewijzigd ({table})"
            if (table, ident) in self.seen:
                return "twee regels noemen dezelfde gegevens"
            self.seen.add((table, ident))
            actor = record_actor(record)
            if actor is not None and actor != row.actor:
                return f"gegevens op naam van een ander ({table})"
            if isinstance(record, StatementRow):
                why = self.state.apply(record, row.actor)
                if why:
                    return why
        return ""


def _previous_mac(session: Session, row: AuditRow) -> str:
    from bibob_desk.store.audit import GENESIS

    found = session.exec(select(AuditRow.mac).where(AuditRow.seq == row.seq - 1)).first()
    return found if found is not None else GENESIS


def _unbound(
    tables: dict[str, dict[int, Any]], seen: set[tuple[str, int]], state: TrustState
) -> tuple[int | None, str]:
    """A record that no signed row names was added (or its row removed) outside the program."""
    for table, rows in tables.items():
        floor = state.legacy_until.get(table, 0)
        for ident in sorted(rows):
            if ident > floor and (table, ident) not in seen:
                label = {"case_revisions": "een dossierversie", "approvals": "een goedkeuring"}.get(
                    table, "een verklaring"
                )
                return 0, f"{label} (nr. {ident}) staat in de database zonder ondertekende logregel"
    return None, ""


def max_ids(session: Session) -> dict[str, int]:
    return {
        "case_revisions": int(session.exec(select(func.max(col(CaseRevisionRow.id)))).one() or 0),
        "approvals": int(session.exec(select(func.max(col(ApprovalRow.id)))).one() or 0),
    }

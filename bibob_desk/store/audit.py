"""Hash-chained audit log: h_i = HMAC-SHA256(K_audit, h_{i-1} || canonical_json(entry_i)).

K_audit = HKDF(DEK, "audit-v1"). Entries name actions and internal ids only, never personal data.
Rows are written in the caller's transaction, so a change and its audit row commit together.

The chain alone cannot show that its tail was cut off or that an older copy of the database was put
back. So the head (sequence number and MAC) is also appended to a side file next to the database
(``<db>.anker``) at every lock and export; verification compares the chain with every anchor.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import insert, text
from sqlmodel import Session, col, select

from bibob_desk import __version__
from bibob_desk.store import trust
from bibob_desk.store.rows import AuditRow

GENESIS = "0" * 64


def audit_key(dek: bytes | bytearray) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"bibob-desk audit-v1")
    return hkdf.derive(bytes(dek))


def _canonical(row: AuditRow) -> bytes:
    entry = {
        "seq": row.seq,
        "ts_utc": row.ts_utc,
        "actor": row.actor,
        "action": row.action,
        "object": row.object,
        "result": row.result,
        "origin": row.origin,
        "app_version": row.app_version,
    }
    if row.record:  # migration 12; rows without records keep the canonical form they were chained with
        entry["record"] = row.record
    return json.dumps(entry, sort_keys=True, separators=(",", ":")).encode("utf-8")


def canonical(row: AuditRow) -> bytes:
    return _canonical(row)


def _mac(key: bytes, previous: str, row: AuditRow) -> str:
    return hmac.new(key, previous.encode("ascii") + _canonical(row), hashlib.sha256).hexdigest()


def append(
    session: Session,
    key: bytes,
    *,
    actor: str,
    action: str,
    obj: str,
    result: str,
    signer: Ed25519PrivateKey | None = None,
    record: str = "",
    after: AuditRow | None = None,
    add: bool = True,
) -> AuditRow:
    """The next row, chained on the previous MAC and (issue 17) signed by its actor over the same.
    `after`: the row just appended in this unit of work (saves looking up the newest row again);
    `add=False`: the caller inserts the rows itself (insert_rows: one statement for a batch)."""
    last: Any
    if after is not None:
        last = (after.seq, after.mac)
    else:
        newest = select(AuditRow.seq, AuditRow.mac).order_by(col(AuditRow.seq).desc()).limit(1)
        last = session.exec(newest).first()
    row = AuditRow(
        seq=(last[0] + 1) if last else 1,
        ts_utc=datetime.now(UTC).isoformat(timespec="milliseconds"),
        actor=actor,
        action=action,
        object=obj,
        result=result,
        origin=socket.gethostname(),
        app_version=__version__,
        mac="",
        record=record,
    )
    previous = last[1] if last else GENESIS
    row.mac = _mac(key, previous, row)
    if signer is not None:
        row.signature = trust.sign(signer, trust.audit_message(previous, _canonical(row)))
    if signer is None and not session.get_bind().dialect.has_table(session.connection(), "statements"):
        # a schema from before migration 12 (only while a database of an older release is made)
        names = [c for c in AuditRow.model_fields if c not in ("record", "signature")]
        session.execute(
            text(f"INSERT INTO audit_log ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})"),
            {n: getattr(row, n) for n in names},
        )
        return row
    if add:
        session.add(row)
    return row


def insert_rows(session: Session, rows: list[AuditRow]) -> None:
    """Rows made by append(add=False), in one Core statement (`score --all` writes one per case)."""
    if rows:
        names = list(AuditRow.model_fields)
        session.execute(insert(AuditRow), [{n: getattr(row, n) for n in names} for row in rows])


ANCHOR_SUFFIX = ".anker"


def anchor_path(db: Path) -> Path:
    return db.with_name(db.name + ANCHOR_SUFFIX)


def _anchor_tag(key: bytes, seq: int, mac: str) -> str:
    return hmac.new(key, f"anker:{seq}:{mac}".encode("ascii"), hashlib.sha256).hexdigest()[:32]


def write_anchor(db: Path, key: bytes, seq: int, mac: str) -> None:
    """Append the head to the side file (append-only, fsynced). Failure here never blocks the user:
    the chain in the database stays valid; a missing anchor only weakens the truncation check."""
    line = json.dumps(
        {
            "seq": seq,
            "mac": mac,
            "ts_utc": datetime.now(UTC).isoformat(timespec="seconds"),
            "tag": _anchor_tag(key, seq, mac),
        },
        separators=(",", ":"),
    )
    try:
        fd = os.open(anchor_path(db), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, (line + "\n").encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


@dataclass(frozen=True)
class AnchorFile:
    anchors: list[tuple[int, str]]  # (seq, mac) of every line that verified
    torn: list[int]  # line numbers (1 = first) that are not a whole anchor: a write cut off, or damage
    forged: list[tuple[int, int]]  # (line, seq) of lines whose tag does not verify: changed by someone


def read_anchor_file(db: Path, key: bytes) -> AnchorFile:
    try:
        lines = anchor_path(db).read_text("ascii", errors="replace").splitlines()
    except OSError:
        return AnchorFile([], [], [])
    anchors: list[tuple[int, str]] = []
    torn: list[int] = []
    forged: list[tuple[int, int]] = []
    for number, line in enumerate(lines, start=1):
        try:
            item = json.loads(line)
            seq, mac, tag = int(item["seq"]), str(item["mac"]), str(item["tag"])
        except (ValueError, KeyError, TypeError):
            torn.append(number)
            continue
        if hmac.compare_digest(tag, _anchor_tag(key, seq, mac)):
            anchors.append((seq, mac))
        else:
            forged.append((number, seq))
    return AnchorFile(anchors, torn, forged)


def read_anchors(db: Path, key: bytes) -> tuple[list[tuple[int, str]], int]:
    """(valid anchors, number of lines that did not verify)."""
    found = read_anchor_file(db, key)
    return found.anchors, len(found.torn) + len(found.forged)


@dataclass(frozen=True)
class Verification:
    first_broken: int | None  # None: intact
    reason: str  # Dutch, empty when intact
    rows: int
    anchors: int
    warnings: tuple[str, ...] = ()  # e.g. a torn line in the anchor file (reported, never skipped silently)
    org_fingerprint: str = ""  # issue 17: compare with the printed recovery sheet
    signed_rows: int = 0
    legacy_rows: int = 0  # rows from before signing began: chained, but without a signer to check


def merged(chain: Verification, signed: trust.TrustReport | None) -> Verification:
    """The chain's verdict and the signatures' verdict: the earliest failing row wins."""
    if signed is None:
        return chain
    broken, reason = chain.first_broken, chain.reason
    if signed.first_broken is not None:
        at = signed.first_broken or chain.rows + 1  # 0: a record no row names (after the last row)
        if broken is None or at < broken:
            broken, reason = at, signed.reason
    warnings = chain.warnings
    if signed.legacy_rows:
        warnings += (
            f"{signed.legacy_rows} regels zijn van vóór de ondertekening: hun keten is gecontroleerd, "
            "hun ondertekenaar niet",
        )
    return replace(
        chain,
        first_broken=broken,
        reason=reason,
        warnings=warnings,
        org_fingerprint=signed.org_fingerprint,
        signed_rows=signed.signed_rows,
        legacy_rows=signed.legacy_rows,
    )


def verify(session: Session, key: bytes, db: Path) -> Verification:
    """Every link of the chain, then every anchor against the chain (truncation, older copy)."""
    macs: dict[int, str] = {}
    previous, expected_seq, broken, reason = GENESIS, 1, None, ""
    clock: list[str] = []  # T28: a row dated before the one before it (the clock was set back)
    last_ts = ""
    for row in session.exec(select(AuditRow).order_by(col(AuditRow.seq))):
        if last_ts and row.ts_utc < last_ts and len(clock) < 5:
            clock.append(
                f"regel {row.seq} is eerder gedateerd ({row.ts_utc[:16]}) dan regel {row.seq - 1} "
                f"({last_ts[:16]}): de klok is teruggezet; de volgorde volgt het volgnummer"
            )
        last_ts = max(last_ts, row.ts_utc)
        if broken is None and (
            row.seq != expected_seq or not hmac.compare_digest(row.mac, _mac(key, previous, row))
        ):
            broken = expected_seq
            reason = "een regel is gewijzigd, verwijderd of verplaatst"
        macs[row.seq] = row.mac
        previous, expected_seq = row.mac, expected_seq + 1
    found_file = read_anchor_file(db, key)
    anchors = found_file.anchors
    warnings = tuple(clock) + tuple(
        f"regel {n} van het ankerbestand is geen volledig anker (een afgebroken schrijfactie, bijvoorbeeld "
        "bij stroomuitval, of beschadiging); die regel is niet gebruikt"
        for n in found_file.torn
    )
    if found_file.forged and broken is None:
        line, broken = found_file.forged[0]
        reason = f"regel {line} van het ankerbestand buiten de database is gewijzigd of vervalst"
    last = max(macs, default=0)
    for seq, mac in sorted(anchors):
        if seq > last:
            found, why = last + 1, "het logboek is afgekapt of een oudere kopie van de database is teruggezet"
        elif macs.get(seq) != mac:
            found, why = (
                seq,
                "de database wijkt af van het anker buiten de database (oudere kopie of gewijzigd)",
            )
        else:
            continue
        if broken is None or found < broken:
            broken, reason = found, why
        break
    return Verification(broken, reason, len(macs), len(anchors), warnings)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts_utc: str
    actor: str
    action: str
    object: str
    result: str
    origin: str


def entries(session: Session, *, limit: int = 200, action: str = "", actor: str = "") -> list[AuditEntry]:
    """Newest first, optionally filtered on an action prefix and an actor."""
    stmt = select(AuditRow)
    if action:
        stmt = stmt.where(col(AuditRow.action).startswith(action))
    if actor:
        stmt = stmt.where(AuditRow.actor == actor)
    rows = session.exec(stmt.order_by(col(AuditRow.seq).desc()).limit(limit))
    return [AuditEntry(r.seq, r.ts_utc, r.actor, r.action, r.object, r.result, r.origin) for r in rows]


def entries_about(session: Session, case_id: str) -> list[AuditEntry]:
    """Every row about one case, oldest first (who looked at it, for an inzageverzoek)."""
    stmt = (
        select(AuditRow).where(col(AuditRow.object).contains(f"case:{case_id}")).order_by(col(AuditRow.seq))
    )
    return [
        AuditEntry(r.seq, r.ts_utc, r.actor, r.action, r.object, r.result, r.origin)
        for r in session.exec(stmt)
    ]

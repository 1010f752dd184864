"""Hash-chained audit log: h_i = HMAC-SHA256(K_audit, h_{i-1} || canonical_json(entry_i)).

K_audit = HKDF(DEK, "audit-v1"). Entries name actions and internal ids only, never personal data.
Rows are written in the caller's transaction, so a change and its audit row commit together.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
from datetime import UTC, datetime

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlmodel import Session, col, select

from bibob_desk import __version__
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
    return json.dumps(entry, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _mac(key: bytes, previous: str, row: AuditRow) -> str:
    return hmac.new(key, previous.encode("ascii") + _canonical(row), hashlib.sha256).hexdigest()


def append(session: Session, key: bytes, *, actor: str, action: str, obj: str, result: str) -> AuditRow:
    last = session.exec(select(AuditRow).order_by(col(AuditRow.seq).desc()).limit(1)).first()
    row = AuditRow(
        seq=(last.seq + 1) if last else 1,
        ts_utc=datetime.now(UTC).isoformat(timespec="milliseconds"),
        actor=actor,
        action=action,
        object=obj,
        result=result,
        origin=socket.gethostname(),
        app_version=__version__,
        mac="",
    )
    row.mac = _mac(key, last.mac if last else GENESIS, row)
    session.add(row)
    return row


def first_broken(session: Session, key: bytes) -> int | None:
    """The first sequence number whose link does not verify (None: the whole chain is intact)."""
    previous, expected_seq = GENESIS, 1
    for row in session.exec(select(AuditRow).order_by(col(AuditRow.seq))):
        if row.seq != expected_seq or not hmac.compare_digest(row.mac, _mac(key, previous, row)):
            return expected_seq
        previous, expected_seq = row.mac, expected_seq + 1
    return None

"""A received attachment as the rest of the app sees it; the bytes stay in the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    case_id: str
    type_id: str  # an attachment id of the case's forms (checklist), or "overig"
    original_name: str
    file_type: str
    sha256: str
    size: int
    received_date: date
    source: str
    status: str  # geaccepteerd | quarantaine
    reason: str
    added_at: str
    added_by: str
    withdrawn_reason: str = ""  # set: withdrawn; it stays listed (struck through) but counts nowhere
    withdrawn_by: str = ""

    @property
    def withdrawn(self) -> bool:
        return bool(self.withdrawn_reason)

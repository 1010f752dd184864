"""The result of scoring a case against the indicator catalogue. Stored as a snapshot; memos and
exports render it, never a recomputation. It suggests; it never states a legal conclusion."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class OverrideState(StrEnum):
    """What the officer's override did to a finding."""

    NONE = ""
    APPLIED = "toegepast"
    REVIEW = "herzien"  # the evidence changed since the override: look again


class OverrideAction(StrEnum):
    SET_ASIDE = "buiten_beschouwing"
    REWEIGH = "gewicht"


@dataclass(kw_only=True)
class Evidence:
    fact: str  # Dutch: which fact
    value: str  # formatted value
    source: str = ""
    date: str = ""  # ISO date of the fact's source
    recorded_by: str = ""
    provenance: str = ""  # zelf_opgegeven | register | eigen_onderzoek | derde
    ref: str = ""  # object in the case file, e.g. "financing:f2"


@dataclass(kw_only=True)
class Finding:
    indicator: str
    title: str
    category: str
    weight: int  # as computed from the catalogue
    applied_weight: int  # what counts in the score (override, de-duplication)
    legal_heads: list[str]
    explanation: str
    evidence: list[Evidence] = field(default_factory=list)
    evidence_hash: str = ""
    step: str = ""  # label of the weight step that applied (used by knock-outs)
    adjustments: list[str] = field(default_factory=list)  # weight factors applied (age, proof, relation)
    yielded_to: str = ""  # counted under another indicator (de-duplication)
    override_state: OverrideState = OverrideState.NONE
    override_motivation: str = ""
    override_author: str = ""


@dataclass(kw_only=True)
class NotAssessable:
    indicator: str
    title: str
    missing: list[str]


@dataclass(kw_only=True)
class Assessment:
    case_id: str
    catalogue_id: str
    catalogue_version: int
    catalogue_sha256: str
    assessed_at: str
    assessed_by: str
    reference_date: str
    inputs_hash: str
    score: int
    band: str
    advice: str
    knockouts: list[str] = field(default_factory=list)
    route: str = ""  # "" or "PROCEDUREEL"
    route_text: str = ""
    offences_version: int = 0  # the offence taxonomy the antecedents were read with (resources/offences)
    ground: str = ""  # the legal ground of the route (LegalGround value: art4_lid1, art4_lid2, awb_4_5)
    findings: list[Finding] = field(default_factory=list)
    not_assessable: list[NotAssessable] = field(default_factory=list)
    not_fired: list[str] = field(default_factory=list)
    not_counted: list[str] = field(default_factory=list)  # withdrawn items the score left out, and why
    counter_evidence: list[str] = field(default_factory=list)  # e.g. an earlier "geen gevaar" conclusion

    def finding(self, indicator: str) -> Finding | None:
        return next((f for f in self.findings if f.indicator == indicator), None)

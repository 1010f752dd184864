"""Recipient profiles (art. 28 Wet Bibob) as data, and the case file as a recipient may see it.

Every export names a recipient; `for_recipient` gives the case file that recipient may see: only the
sections the profile allows, no triage (scores, weights, bands, indicator codes, overrides) when
the profile says so, only confirmed signals without who reported them, no officer names, and for a
derde only the data about that derde. The renderers get this reduced case file, so what is not in
it cannot leak into a PDF, a docx or a workbook."""

from __future__ import annotations

import copy
import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bibob_desk.content.safe_yaml import ContentError, load_validated
from bibob_desk.domain.enums import Reliability
from bibob_desk.domain.model import Address, Case, Provenance
from bibob_desk.presentation.registry import SECTIONS, CaseFile

ENV = "BIBOB_DESK_ONTVANGERS"
ALL = "alle"
SIGNALS = ("alle", "bevestigd", "geen")
# fields that name an official of the municipality (the case's own staff), never a party
OFFICER_FIELDS = frozenset(
    {
        "recorded_by",
        "performed_by",
        "author",
        "updated_by",
        "withdrawn_by",
        "closed_by",
        "behandelaar",
        "jurist",
        "added_by",
    }
)
# sections that are the internal triage of the catalogue, whatever the profile's list says
TRIAGE_SECTIONS = frozenset({"findings", "not_assessable"})

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "version", "profiles"],
    "properties": {
        "id": {"const": "ontvangersprofielen"},
        "version": {"type": "integer", "minimum": 1},
        "profiles": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "label",
                    "onderdelen",
                    "triage",
                    "signalen",
                    "ambtenaren",
                    "logboekanker",
                    "alleen_over_partij",
                    "brief",
                ],
                "properties": {
                    "label": {"type": "string", "minLength": 1},
                    "onderdelen": {
                        "anyOf": [
                            {"const": ALL},
                            {"type": "array", "items": {"enum": sorted(SECTIONS)}, "uniqueItems": True},
                        ]
                    },
                    "triage": {"type": "boolean"},
                    "signalen": {"enum": list(SIGNALS)},
                    "ambtenaren": {"type": "boolean"},
                    "logboekanker": {"type": "boolean"},
                    "alleen_over_partij": {"type": "boolean"},
                    "brief": {"type": "boolean"},
                },
            },
        },
    },
}


class ProfilesError(ContentError):
    """The recipient profiles cannot be used."""


@dataclass(frozen=True)
class RecipientProfile:
    id: str
    label: str
    sections: frozenset[str] | None  # None: every section
    triage: bool
    signals: str
    officers: bool
    anchor: bool
    one_party: bool
    letter: bool

    def allows(self, section_id: str) -> bool:
        if section_id in TRIAGE_SECTIONS and not self.triage:
            return False
        return self.sections is None or section_id in self.sections


@dataclass(frozen=True)
class Profiles:
    version: int
    profiles: dict[str, RecipientProfile]

    def get(self, recipient: str) -> RecipientProfile:
        if recipient not in self.profiles:
            raise KeyError(recipient)
        return self.profiles[recipient]


def load_profiles(path: Path | None = None) -> Profiles:
    from bibob_desk.paths import resources_dir

    path = Path(path or os.environ.get(ENV) or resources_dir() / "recipients" / "ontvangers.yaml")
    data, _ = load_validated(path, SCHEMA, ProfilesError)
    return Profiles(
        data["version"],
        {
            name: RecipientProfile(
                id=name,
                label=p["label"],
                sections=None if p["onderdelen"] == ALL else frozenset(p["onderdelen"]),
                triage=p["triage"],
                signals=p["signalen"],
                officers=p["ambtenaren"],
                anchor=p["logboekanker"],
                one_party=p["alleen_over_partij"],
                letter=p["brief"],
            )
            for name, p in data["profiles"].items()
        },
    )


def without_officers(node: Any) -> None:
    """Blank every officer-name field of the case, recursively (in place, on a copy)."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if f.name in OFFICER_FIELDS and isinstance(value, str):
                setattr(node, f.name, "")
            else:
                without_officers(value)
    elif isinstance(node, list):
        for item in node:
            without_officers(item)


def _about_one_party(case: Case, party_id: str) -> None:
    """Art. 28 lid 3: a derde gets only the data about that derde."""
    case.parties = [p for p in case.parties if p.id == party_id]
    case.relations = [r for r in case.relations if r.party == party_id]
    for r in case.relations:
        if r.counterparty not in (None, party_id):
            r.counterparty = None
    case.antecedents = [a for a in case.antecedents if a.party == party_id]
    case.history = [h for h in case.history if h.party == party_id]
    case.signals = [s for s in case.signals if s.party == party_id]
    case.contradictions = [c for c in case.contradictions if c.party == party_id]
    case.source_checks = [c for c in case.source_checks if c.party == party_id]
    case.financing = [f for f in case.financing if f.provider == party_id]
    case.payments, case.premises, case.zienswijzen, case.notes = [], [], [], []
    case.investment = case.takeover = None
    case.title = ""
    case.location = Address()  # where the case is, is not data about the derde


def for_recipient(cf: CaseFile, profile: RecipientProfile, *, party: str | None = None) -> CaseFile:
    """The case file this recipient may see (a copy; the stored case is untouched)."""
    if profile.one_party and (party is None or cf.case.party(party) is None):
        raise ValueError("a derde profile needs the party the document is about")
    case = copy.deepcopy(cf.case)
    assessment = cf.assessment if profile.triage else None
    if not profile.triage:
        case.overrides = []
    if profile.signals == "geen":
        case.signals = []
    elif profile.signals == "bevestigd":
        case.signals = [s for s in case.signals if s.reliability is Reliability.BEVESTIGD]
        for s in case.signals:
            s.provenance = Provenance(kind=s.provenance.kind)  # not who reported it
    if not profile.officers:
        without_officers(case)
        if assessment is not None:
            assessment = copy.deepcopy(assessment)
            assessment.assessed_by = ""
            for finding in assessment.findings:
                finding.override_author = ""
                for evidence in finding.evidence:
                    evidence.recorded_by = ""
    if profile.one_party and party is not None:
        _about_one_party(case, party)
    answers = cf.answers if profile.allows("answers") else []
    return dataclasses.replace(
        cf, case=case, assessment=assessment, answers=answers, restricted=profile.signals != "alle"
    )

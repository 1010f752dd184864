"""The case file (dossier). Every fact-bearing object carries its provenance.

Money is `Decimal` in euros, percentages are `Decimal` (6.2 means 6,2 %). Party ids are short
local keys ("p1") that other objects of the same case refer to.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from bibob_desk.domain.assessment import OverrideAction
from bibob_desk.domain.enums import (
    SECTOR_OF_PERMIT,
    AnswerState,
    Bestuursorgaan,
    CaseResult,
    CheckSource,
    ContradictionKind,
    DangerDegree,
    DecisionKind,
    EventKind,
    FinancingKind,
    HistoryKind,
    LegalForm,
    LegalGround,
    OffenceCategory,
    PartyKind,
    PaymentMethod,
    PermitKind,
    ProcedureKind,
    ProofLevel,
    ProvenanceKind,
    Reliability,
    RoleKind,
    Sector,
    SignalSource,
    Stage,
    Tenure,
    UboStatus,
    ZienswijzeForm,
)


@dataclass(kw_only=True)
class Provenance:
    """Where a fact comes from: self-declared, a register, own investigation or a third party."""

    kind: ProvenanceKind
    source: str = ""
    date: date | None = None
    recorded_by: str = ""


@dataclass(kw_only=True)
class Address:
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "NL"
    description: str = ""

    def one_line(self) -> str:
        street = " ".join(p for p in (self.street, self.house_number) if p)
        place = " ".join(p for p in (self.postcode, self.city) if p)
        parts = [p for p in (street, place) if p]
        if not parts and self.description:
            return self.description
        return ", ".join(parts)


@dataclass(kw_only=True)
class Party:
    id: str
    kind: PartyKind
    name: str
    provenance: Provenance
    address: Address | None = None
    notes: str = ""
    # natural persons
    birth_date: date | None = None
    age: int | None = None
    nationality: str | None = None
    bsn: str | None = None
    sector_experience_years: int | None = None
    experience: str = ""
    svh_certificate: bool | None = None
    annual_income: Decimal | None = None
    address_changes_3y: int | None = None
    # legal entities
    legal_form: LegalForm | None = None
    kvk: str | None = None
    rsin: str | None = None
    country: str | None = None
    founding_date: date | None = None
    regulated_financial_institution: bool | None = None
    employees: int | None = None
    annual_turnover: Decimal | None = None
    ubo_status: UboStatus | None = None
    activities: str = ""

    @property
    def is_person(self) -> bool:
        return self.kind is PartyKind.NATUURLIJK_PERSOON


@dataclass(kw_only=True)
class Relation:
    """`party` holds `role` toward `counterparty` (a party id) or toward the case (None)."""

    id: str
    role: RoleKind
    party: str
    provenance: Provenance
    counterparty: str | None = None
    share_pct: Decimal | None = None
    amount: Decimal | None = None
    start_date: date | None = None
    end_date: date | None = None
    description: str = ""

    def active_on(self, day: date) -> bool:
        started = self.start_date is None or self.start_date <= day
        return started and (self.end_date is None or self.end_date >= day)


@dataclass(kw_only=True)
class FinancingSource:
    id: str
    kind: FinancingKind
    amount: Decimal
    provenance: Provenance
    provider: str | None = None
    cash_amount: Decimal | None = None
    interest_pct: Decimal | None = None
    term_months: int | None = None
    repayment_schedule: bool | None = None
    security: str = ""
    has_security: bool | None = None
    written_contract: bool | None = None
    contract_note: str = ""
    origin: str = ""
    origin_documented: bool | None = None
    proof: str = ""
    description: str = ""
    iban: str | None = None  # the account the money came from


@dataclass(kw_only=True)
class InvestmentItem:
    label: str
    amount: Decimal


@dataclass(kw_only=True)
class Investment:
    total: Decimal
    provenance: Provenance
    items: list[InvestmentItem] = field(default_factory=list)


@dataclass(kw_only=True)
class Takeover:
    """Overname of an existing business."""

    price: Decimal
    provenance: Provenance
    seller: str | None = None
    inventory_value: Decimal | None = None
    goodwill: Decimal | None = None
    seller_accounts_years: int | None = None
    seller_annual_result: Decimal | None = None
    payment_method: PaymentMethod = PaymentMethod.ONBEKEND


@dataclass(kw_only=True)
class Payment:
    id: str
    amount: Decimal
    method: PaymentMethod
    provenance: Provenance
    description: str = ""
    payee: str | None = None
    payee_description: str = ""
    date: date | None = None
    proof: str = ""
    iban: str | None = None


@dataclass(kw_only=True)
class MarketBand:
    low: Decimal
    high: Decimal
    basis: str = ""

    @property
    def midpoint(self) -> Decimal:
        return (self.low + self.high) / 2


@dataclass(kw_only=True)
class Transaction:
    date: date
    price: Decimal
    provenance: Provenance
    seller_name: str = ""
    buyer_name: str = ""


@dataclass(kw_only=True)
class LocationEvent:
    date: date
    kind: HistoryKind
    provenance: Provenance
    operator: str | None = None
    description: str = ""
    date_is_approximate: bool | None = None


@dataclass(kw_only=True)
class Premises:
    id: str
    address: Address
    tenure: Tenure
    provenance: Provenance
    purchase_date: date | None = None
    purchase_price: Decimal | None = None
    rent_per_month: Decimal | None = None
    rent_per_room: Decimal | None = None
    rooms: int | None = None
    woz_value: Decimal | None = None
    appraisal_value: Decimal | None = None
    market_band: MarketBand | None = None
    intended_use: str = ""
    intended_resale_months: int | None = None
    mortgagees: list[str] = field(default_factory=list)
    previous_transactions: list[Transaction] = field(default_factory=list)
    history: list[LocationEvent] = field(default_factory=list)


@dataclass(kw_only=True)
class Antecedent:
    id: str
    party: str
    date: date
    category: OffenceCategory
    proof_level: ProofLevel
    provenance: Provenance
    description: str = ""
    sanction: str = ""
    unconditional_prison: bool | None = None
    related_to_activity: bool | None = None
    date_is_approximate: bool | None = None


@dataclass(kw_only=True)
class HistoryEvent:
    """Earlier refusals, withdrawals, bankruptcies, fines, danger conclusions, breaches."""

    id: str
    kind: HistoryKind
    date: date
    provenance: Provenance
    party: str | None = None
    authority: str = ""
    amount: Decimal | None = None
    description: str = ""


@dataclass(kw_only=True)
class Contradiction:
    """Incorrect or incomplete information: what the betrokkene declared (form, interview) against
    what a register or the own investigation shows, with its source (art. 3 lid 6 Wet Bibob)."""

    id: str
    kind: ContradictionKind
    provenance: Provenance  # where the contradicting fact comes from (register, own investigation)
    party: str | None = None
    declared: str = ""  # what was declared ("geen andere functies", or a question left out)
    found: str = ""  # what the register or the investigation shows


@dataclass(kw_only=True)
class Signal:
    id: str
    source: SignalSource
    date: date
    provenance: Provenance
    party: str | None = None
    address: Address | None = None
    reliability: Reliability = Reliability.ONBEKEND
    description: str = ""
    retention_date: datetime.date | None = None


@dataclass(kw_only=True)
class RegisterSignal:
    """An entry of the municipality's signals register: about a person, a company or an address,
    not about a case. Linked to cases (and their SIG-* indicators) when a case is scored."""

    source: SignalSource
    date: date
    reliability: Reliability
    subject_kind: str  # "persoon", "rechtspersoon" or "adres"
    subject_name: str  # the name, or for an address a description ("Kerkstraat 12")
    description: str
    recorded_by: str
    retention_date: datetime.date
    id: int | None = None
    birth_date: datetime.date | None = None
    kvk: str | None = None
    postcode: str = ""
    house_number: str = ""
    withdrawn_reason: str = ""  # set: withdrawn (stays listed, struck through; no case links to it)
    withdrawn_by: str = ""

    @property
    def withdrawn(self) -> bool:
        return bool(self.withdrawn_reason)


@dataclass(kw_only=True)
class SourceCheck:
    """One consultation of a source in the eigen onderzoek."""

    source: CheckSource
    date: date
    performed_by: str
    result: str = ""
    party: str | None = None
    hit: bool | None = None
    provenance: Provenance | None = None


@dataclass(kw_only=True)
class Note:
    date: date
    author: str
    text: str


@dataclass(kw_only=True)
class FormAnswers:
    """Answers to one form, with the exact definition they were given against."""

    form_id: str
    form_version: int
    form_sha256: str
    status: str  # "concept" or "afgerond"
    answers: dict[str, Any]
    updated_at: str = ""
    updated_by: str = ""


@dataclass(kw_only=True)
class CaseEvent:
    """Something that happened on a date. `until` is a term the event sets (herstel, zienswijze);
    `weeks` an extension; `stage_from`/`stage_to` for a stage change; `decision` for a besluit."""

    kind: EventKind
    date: date
    recorded_by: str
    note: str = ""
    until: datetime.date | None = None
    weeks: int | None = None
    stage_from: Stage | None = None
    stage_to: Stage | None = None
    decision: DecisionKind | None = None
    documents: list[str] = field(default_factory=list)
    action: str = ""  # for nazorg_afgerond: which follow-up action is done
    answer: AnswerState | None = None  # art7a_beantwoord, lbb_vragen_beantwoord, herstel_aangevuld
    open_questions: list[str] = field(default_factory=list)  # which questions stayed unanswered
    date_is_approximate: bool | None = None
    withdrawn_reason: str = ""  # set: withdrawn (it stays visible, but no clock or score counts it)
    withdrawn_by: str = ""

    @property
    def withdrawn(self) -> bool:
        return bool(self.withdrawn_reason)


@dataclass(kw_only=True)
class Voorschrift:
    """A condition attached to a permit (art. 3 lid 7 Wet Bibob), linked to the danger it limits."""

    text: str
    danger: str
    deadline: str = ""


@dataclass(kw_only=True)
class LegalAssessment:
    """What the jurist writes: degree of danger per ground and the proportionality test (art. 3 lid 5)."""

    conclusion_a: str = ""  # geen | mindere_mate | ernstig
    conclusion_b: str = ""
    lid6: bool | None = None
    ground: LegalGround | None = None  # the ground the decision rests on; the texts follow it
    motivation: str = ""
    geschiktheid: str = ""
    noodzakelijkheid: str = ""
    evenwichtigheid: str = ""
    author: str = ""


@dataclass(kw_only=True)
class Override:
    """The officer sets a finding aside or changes its weight, always with a motivation."""

    indicator: str
    action: OverrideAction
    motivation: str
    author: str
    created_at: str
    evidence_hash: str  # the evidence the officer judged; a change flags the override for review
    weight: int | None = None
    withdrawn_reason: str = ""  # set: withdrawn (stays in the case and its history, no longer applied)
    withdrawn_by: str = ""

    @property
    def withdrawn(self) -> bool:
        return bool(self.withdrawn_reason)


@dataclass(kw_only=True)
class LbbAdvice:
    """The request to the Landelijk Bureau Bibob and its advice (art. 9 and 15 Wet Bibob)."""

    request_date: date | None = None
    request_reference: str = ""
    questions: str = ""
    advice_date: date | None = None
    advice_reference: str = ""
    degree_a: DangerDegree | None = None  # art. 3 lid 1 onder a: benefit from crimes committed
    degree_b: DangerDegree | None = None  # art. 3 lid 1 onder b: crimes to be committed
    summary: str = ""


@dataclass(kw_only=True)
class Zienswijze:
    """A view the betrokkene gave on the voornemen (art. 4:8 Awb), and how the decision answers it."""

    id: str
    received_date: date
    form: ZienswijzeForm = ZienswijzeForm.SCHRIFTELIJK
    party: str | None = None
    summary: str = ""
    points: str = ""
    response: str = ""


@dataclass(kw_only=True)
class Decision:
    """The content of the decision; its publication is the event besluit_bekendgemaakt."""

    kind: DecisionKind
    decision_date: date | None = None
    effective_date: date | None = None  # date of effect (an intrekking: when the permit ends)
    summary: str = ""
    grounds: str = ""


@dataclass(kw_only=True)
class Closure:
    """A closed case: its result, when, by whom. Set by closing the case, not by an edit."""

    result: CaseResult
    closed_date: date
    closed_by: str
    note: str = ""


@dataclass(kw_only=True)
class DocumentText:
    """The jurist's own text of one section of a document (a memo, a letter) for this case; it takes
    the place of the fixed text of memoteksten.yaml. Each change is a revision of the case."""

    document: str  # the document id in memoteksten.yaml ("weigering")
    section: str  # the section heading ("Evenredigheid")
    text: str = ""  # empty: the jurist emptied it (a required section then stops a decision)


def new_case_id() -> str:
    return str(uuid.uuid4())


@dataclass(kw_only=True)
class ExistingPermit:
    """The permit granted earlier and now investigated (art. 7a lid 3 Wet Bibob)."""

    number: str = ""
    granted: date | None = None
    holder: str | None = None  # party id of the vergunninghouder


@dataclass(kw_only=True)
class Case:
    reference: str
    permit_kinds: list[PermitKind]
    procedure: ProcedureKind
    bestuursorgaan: Bestuursorgaan
    received_date: date
    location: Address
    id: str = field(default_factory=new_case_id)
    title: str = ""
    stage: Stage = Stage.AANVRAAG_ONTVANGEN
    investigation_start: date | None = None
    permit: ExistingPermit | None = None  # the permit under investigation (procedure bestaande_vergunning)
    parties: list[Party] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    investment: Investment | None = None
    financing: list[FinancingSource] = field(default_factory=list)
    takeover: Takeover | None = None
    payments: list[Payment] = field(default_factory=list)
    premises: list[Premises] = field(default_factory=list)
    antecedents: list[Antecedent] = field(default_factory=list)
    history: list[HistoryEvent] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    source_checks: list[SourceCheck] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    answers: list[FormAnswers] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)
    events: list[CaseEvent] = field(default_factory=list)
    legal: LegalAssessment | None = None
    voorschriften: list[Voorschrift] = field(default_factory=list)
    behandelaar: str = ""  # username of the officer handling the case
    jurist: str = ""
    lbb: LbbAdvice | None = None
    zienswijzen: list[Zienswijze] = field(default_factory=list)
    decision: Decision | None = None
    closure: Closure | None = None
    shielded: bool | None = None  # afgeschermd (intimidation risk): no official's name outside the team
    document_texts: list[DocumentText] = field(default_factory=list)

    @property
    def sectors(self) -> set[Sector]:
        """Every sector the case's permits belong to (a horeca business with a building permit: two)."""
        return {SECTOR_OF_PERMIT[k] for k in self.permit_kinds}

    @property
    def sector(self) -> Sector:
        sectors = {SECTOR_OF_PERMIT[k] for k in self.permit_kinds}
        return sectors.pop() if len(sectors) == 1 else Sector.OVERIG

    @property
    def reference_date(self) -> date:
        """Look-back windows count from here: the application, or the investigation start."""
        if self.procedure is ProcedureKind.BESTAANDE_VERGUNNING and self.investigation_start:
            return self.investigation_start
        return self.received_date

    def party(self, party_id: str) -> Party | None:
        return next((p for p in self.parties if p.id == party_id), None)

    def events_of(self, kind: EventKind) -> list[CaseEvent]:
        return sorted((e for e in self.active_events if e.kind is kind), key=lambda e: e.date)

    @property
    def active_events(self) -> list[CaseEvent]:
        """The events that count: withdrawn ones stay in `events` (and in the history) only."""
        return [e for e in self.events if not e.withdrawn]

    def answers_for(self, form_id: str) -> FormAnswers | None:
        return next((a for a in self.answers if a.form_id == form_id), None)

    def applicants(self) -> list[Party]:
        """The betrokkene: who applies, or who holds the existing permit under investigation."""
        roles = (RoleKind.AANVRAGER, RoleKind.VERGUNNINGHOUDER)
        ids = [r.party for r in self.relations if r.role in roles and r.counterparty is None]
        return [p for p in self.parties if p.id in ids]


# the case list's row and view live in listing.py; imported here for the many places that use them
from bibob_desk.domain.listing import CaseFilter, CaseSummary  # noqa: E402, F401

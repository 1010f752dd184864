"""A small, fully documented case where no indicator fires, to push one fact at a time over a threshold."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from bibob_desk.domain.enums import (
    Bestuursorgaan,
    CheckSource,
    FinancingKind,
    LegalForm,
    PartyKind,
    PermitKind,
    ProcedureKind,
    ProvenanceKind,
    RoleKind,
    Tenure,
    UboStatus,
)
from bibob_desk.domain.model import (
    Address,
    Case,
    FinancingSource,
    Investment,
    MarketBand,
    Party,
    Premises,
    Provenance,
    Relation,
    SourceCheck,
)

REFERENCE = date(2025, 6, 2)
P = Provenance(kind=ProvenanceKind.ZELF_OPGEGEVEN, source="test", date=REFERENCE, recorded_by="test")


def days_before(days: int) -> date:
    return REFERENCE - timedelta(days=days)


def clean_case(sector: str = "horeca") -> Case:
    kinds = [PermitKind.EXPLOITATIEVERGUNNING] if sector == "horeca" else [PermitKind.HUISVESTINGSVERGUNNING]
    founded = date(2015, 1, 1)
    parties = [
        Party(
            id="p1",
            kind=PartyKind.RECHTSPERSOON,
            name="Proef B.V.",
            provenance=P,
            legal_form=LegalForm.BV,
            country="NL",
            founding_date=founded,
            ubo_status=UboStatus.VOLLEDIG,
            employees=4,
            annual_turnover=Decimal(400000),
        ),
        Party(
            id="p2",
            kind=PartyKind.NATUURLIJK_PERSOON,
            name="D. Eigenaar",
            provenance=P,
            country="NL",
            sector_experience_years=10,
            annual_income=Decimal(60000),
            address_changes_3y=0,
        ),
        Party(
            id="p3",
            kind=PartyKind.RECHTSPERSOON,
            name="Bank N.V.",
            provenance=P,
            country="NL",
            regulated_financial_institution=True,
        ),
    ]
    relations = [
        Relation(id="r1", role=RoleKind.AANVRAGER, party="p1", provenance=P),
        Relation(
            id="r2", role=RoleKind.BESTUURDER, party="p2", counterparty="p1", start_date=founded, provenance=P
        ),
        Relation(
            id="r3",
            role=RoleKind.AANDEELHOUDER,
            party="p2",
            counterparty="p1",
            start_date=founded,
            share_pct=Decimal(100),
            provenance=P,
        ),
        Relation(id="r4", role=RoleKind.VERMOGENSVERSCHAFFER, party="p3", counterparty="p1", provenance=P),
    ]
    financing = [
        FinancingSource(
            id="f1",
            kind=FinancingKind.EIGEN_VERMOGEN,
            amount=Decimal(40000),
            provider="p2",
            cash_amount=Decimal(0),
            origin_documented=True,
            provenance=P,
        ),
        FinancingSource(
            id="f2",
            kind=FinancingKind.LENING,
            amount=Decimal(60000),
            provider="p3",
            cash_amount=Decimal(0),
            interest_pct=Decimal(5),
            term_months=60,
            repayment_schedule=True,
            has_security=True,
            written_contract=True,
            provenance=P,
        ),
    ]
    premises = [
        Premises(
            id="pr1",
            address=Address(street="Teststraat", house_number="1", postcode="1234 AB"),
            tenure=Tenure.HUUR,
            rent_per_month=Decimal(2000),
            provenance=P,
            market_band=MarketBand(low=Decimal(1900), high=Decimal(2100), basis="markthuur per maand"),
        )
    ]
    checks = [SourceCheck(source=s, date=REFERENCE, performed_by="test", hit=False) for s in CheckSource]
    return Case(
        reference="PROEF",
        permit_kinds=kinds,
        procedure=ProcedureKind.AANVRAAG,
        bestuursorgaan=Bestuursorgaan.BURGEMEESTER,
        received_date=REFERENCE,
        location=Address(street="Teststraat", house_number="1", postcode="1234 AB"),
        parties=parties,
        relations=relations,
        investment=Investment(total=Decimal(100000), provenance=P),
        financing=financing,
        premises=premises,
        source_checks=checks,
    )


def new_h2_input(reference: str = "2025-HOR-017"):
    """What an officer enters in 'Nieuw dossier' for the H2 applicant (the forms fill the rest)."""
    from bibob_desk.services.cases import NewCaseInput

    return NewCaseInput(
        reference=reference,
        title="Shishalounge",
        permit_kinds=(PermitKind.EXPLOITATIEVERGUNNING,),
        procedure=ProcedureKind.AANVRAAG,
        bestuursorgaan=Bestuursorgaan.BURGEMEESTER,
        received_date=date(2025, 3, 3),
        applicant_name="Noor Lounge B.V.",
        applicant_kind=PartyKind.RECHTSPERSOON,
    )

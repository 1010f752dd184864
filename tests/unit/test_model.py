from datetime import date
from decimal import Decimal

from bibob_desk.domain.codec import from_primitive, to_primitive
from bibob_desk.domain.enums import (
    Bestuursorgaan,
    PartyKind,
    PermitKind,
    ProcedureKind,
    ProvenanceKind,
    RoleKind,
    Sector,
)
from bibob_desk.domain.model import (
    Address,
    Case,
    FinancingSource,
    MarketBand,
    Party,
    Provenance,
    Relation,
)

PROV = Provenance(kind=ProvenanceKind.REGISTER, source="KvK", date=date(2025, 1, 2), recorded_by="x")


def _case(**overrides):
    base = dict(
        reference="T1",
        permit_kinds=[PermitKind.EXPLOITATIEVERGUNNING, PermitKind.ALCOHOLVERGUNNING],
        procedure=ProcedureKind.AANVRAAG,
        bestuursorgaan=Bestuursorgaan.BURGEMEESTER,
        received_date=date(2025, 3, 3),
        location=Address(street="Markt", house_number="1", postcode="1234 AB", city="Ergens"),
    )
    base.update(overrides)
    return Case(**base)


def test_sector_follows_permit_kinds():
    assert _case().sector is Sector.HORECA
    assert _case(permit_kinds=[PermitKind.VASTGOEDTRANSACTIE]).sector is Sector.VASTGOED
    mixed = _case(permit_kinds=[PermitKind.ALCOHOLVERGUNNING, PermitKind.OMGEVINGSVERGUNNING])
    assert mixed.sector is Sector.OVERIG


def test_reference_date_is_investigation_start_for_existing_permits():
    assert _case().reference_date == date(2025, 3, 3)
    existing = _case(procedure=ProcedureKind.BESTAANDE_VERGUNNING, investigation_start=date(2025, 6, 1))
    assert existing.reference_date == date(2025, 6, 1)


def test_relation_period():
    rel = Relation(
        id="r",
        role=RoleKind.BESTUURDER,
        party="p1",
        provenance=PROV,
        start_date=date(2020, 1, 1),
        end_date=date(2024, 12, 31),
    )
    assert rel.active_on(date(2022, 5, 5))
    assert not rel.active_on(date(2025, 1, 1))


def test_market_band_midpoint():
    assert MarketBand(low=Decimal(3500), high=Decimal(4000)).midpoint == Decimal(3750)


def test_codec_round_trip_keeps_decimals_dates_enums_and_false():
    case = _case(
        parties=[
            Party(
                id="p1",
                kind=PartyKind.RECHTSPERSOON,
                name="X B.V.",
                provenance=PROV,
                founding_date=date(2025, 1, 6),
                regulated_financial_institution=False,
            )
        ],
        financing=[
            FinancingSource(
                id="f1",
                kind="lening",
                amount=Decimal("65000.50"),
                provenance=PROV,
                interest_pct=Decimal("6.2"),
                written_contract=False,
            )
        ],
    )
    data = to_primitive(case)
    assert data["financing"][0]["amount"] == 65000.5
    assert data["parties"][0]["regulated_financial_institution"] is False
    assert "notes" not in data  # empty lists are left out
    back = from_primitive(Case, data)
    assert back.financing[0].amount == Decimal("65000.50")
    assert back.financing[0].interest_pct == Decimal("6.2")
    assert back.parties[0].founding_date == date(2025, 1, 6)
    assert to_primitive(back) == data


def test_labels_do_not_collide_between_vocabularies_with_equal_values():
    from bibob_desk.domain.enums import ProvenanceKind, Stage
    from bibob_desk.domain.labels import label

    assert Stage.EIGEN_ONDERZOEK == ProvenanceKind.EIGEN_ONDERZOEK  # same string value
    assert label(Stage.EIGEN_ONDERZOEK) == "Eigen onderzoek"
    assert label(ProvenanceKind.EIGEN_ONDERZOEK) == "eigen onderzoek"


def test_euro_and_percent_are_dutch():
    from bibob_desk.domain.labels import euro, percent

    assert euro(6500) == "€ 6.500"
    assert euro(Decimal("1680000")) == "€ 1.680.000"
    assert euro("6500.5") == "€ 6.500,50"
    assert percent(Decimal("6.2")) == "6,2 %"

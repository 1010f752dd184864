"""Dutch display labels for the closed vocabularies (shared by the UI and later the exports)."""

from __future__ import annotations

from enum import StrEnum

from bibob_desk.domain.enums import (
    Bestuursorgaan,
    CheckSource,
    DecisionKind,
    EventKind,
    FinancingKind,
    LegalForm,
    PartyKind,
    PermitKind,
    ProcedureKind,
    ProvenanceKind,
    RoleKind,
    SignalSource,
    Stage,
    Tenure,
)

# Pairs, not a dict literal: equal StrEnum values of different vocabularies would collide.
_LABELS: tuple[tuple[StrEnum, str], ...] = (
    (PermitKind.EXPLOITATIEVERGUNNING, "Exploitatievergunning (APV)"),
    (PermitKind.ALCOHOLVERGUNNING, "Alcoholvergunning"),
    (PermitKind.OMGEVINGSVERGUNNING, "Omgevingsvergunning"),
    (PermitKind.HUISVESTINGSVERGUNNING, "Huisvestingsvergunning"),
    (PermitKind.VASTGOEDTRANSACTIE, "Vastgoedtransactie"),
    (PermitKind.OVERIG, "Overig"),
    (ProcedureKind.AANVRAAG, "Nieuwe aanvraag"),
    (ProcedureKind.BESTAANDE_VERGUNNING, "Bestaande vergunning"),
    (Bestuursorgaan.BURGEMEESTER, "Burgemeester"),
    (Bestuursorgaan.COLLEGE, "College van B&W"),
    (Bestuursorgaan.GEMEENTERAAD, "Gemeenteraad"),
    (Bestuursorgaan.RECHTSPERSOON_OVERHEIDSTAAK, "Rechtspersoon met overheidstaak"),
    (Stage.AANVRAAG_ONTVANGEN, "Aanvraag ontvangen"),
    (Stage.VRAGENLIJST_UITGEZET, "Vragenformulier uitgezet"),
    (Stage.VRAGENLIJST_ONTVANGEN, "Vragenformulier ontvangen"),
    (Stage.EIGEN_ONDERZOEK, "Eigen onderzoek"),
    (Stage.ADVIESAANVRAAG_VERZONDEN, "Adviesaanvraag LBB verzonden"),
    (Stage.ADVIES_ONTVANGEN, "Advies LBB ontvangen"),
    (Stage.VOORNEMEN, "Voornemen"),
    (Stage.ZIENSWIJZE, "Zienswijze"),
    (Stage.BESLUIT, "Besluit"),
    (Stage.NAZORG, "Nazorg"),
    (Stage.GESLOTEN, "Gesloten"),
    (Stage.BUITEN_BEHANDELING, "Buiten behandeling (Awb 4:5)"),
    (Stage.AANVRAAG_INGETROKKEN, "Aanvraag ingetrokken"),
    (Stage.ONDERZOEK_LOOPTIJD, "Onderzoek tijdens looptijd"),
    (Stage.INTREKKING, "Intrekking"),
    (PartyKind.NATUURLIJK_PERSOON, "Natuurlijk persoon"),
    (PartyKind.RECHTSPERSOON, "Rechtspersoon"),
    (RoleKind.AANVRAGER, "Aanvrager"),
    (RoleKind.BESTUURDER, "Bestuurder"),
    (RoleKind.FEITELIJK_LEIDINGGEVENDE, "Feitelijk leidinggevende"),
    (RoleKind.LEIDINGGEVENDE, "Leidinggevende"),
    (RoleKind.AANDEELHOUDER, "Aandeelhouder"),
    (RoleKind.CERTIFICAATHOUDER, "Certificaathouder"),
    (RoleKind.UBO, "UBO"),
    (RoleKind.VERMOGENSVERSCHAFFER, "Vermogensverschaffer"),
    (RoleKind.VERHUURDER, "Verhuurder"),
    (RoleKind.VERKOPER, "Verkoper"),
    (RoleKind.VORIGE_EXPLOITANT, "Vorige exploitant"),
    (RoleKind.ZAKELIJK_SAMENWERKINGSVERBAND, "Zakelijk samenwerkingsverband"),
    (RoleKind.HYPOTHEEKHOUDER, "Hypotheekhouder"),
    (RoleKind.ONDERHANDELAAR, "Onderhandelaar"),
    (RoleKind.FAMILIELID, "Familielid"),
    (FinancingKind.EIGEN_VERMOGEN, "Eigen vermogen"),
    (FinancingKind.LENING, "Lening"),
    (FinancingKind.HYPOTHEEK, "Hypotheek"),
    (FinancingKind.SCHENKING, "Schenking"),
    (FinancingKind.PARTICIPATIE, "Participatie"),
    (FinancingKind.VERKOPERSKREDIET, "Verkoperskrediet"),
    (FinancingKind.REKENING_COURANT, "Rekening-courant"),
    (FinancingKind.CONTANT, "Contant"),
    (FinancingKind.OVERIG, "Overig"),
    (Tenure.EIGENDOM, "Eigendom"),
    (Tenure.HUUR, "Huur"),
    (Tenure.KOOP, "Koop"),
    (Tenure.ERFPACHT, "Erfpacht"),
    (Tenure.OVERIG, "Overig"),
    (ProvenanceKind.ZELF_OPGEGEVEN, "zelf opgegeven"),
    (ProvenanceKind.REGISTER, "register"),
    (ProvenanceKind.EIGEN_ONDERZOEK, "eigen onderzoek"),
    (ProvenanceKind.DERDE, "derde"),
    (EventKind.FASE_GEWIJZIGD, "fase gewijzigd"),
    (EventKind.VRAGENFORMULIER_UITGEZET, "vragenformulier uitgezet"),
    (EventKind.HERSTEL_VERZONDEN, "herstelverzoek verzonden"),
    (EventKind.HERSTEL_AANGEVULD, "aanvraag aangevuld"),
    (EventKind.VRAGENFORMULIER_ONTVANGEN, "vragenformulier ontvangen"),
    (EventKind.BESLISTERMIJN_VERLENGD, "beslistermijn verlengd"),
    (EventKind.INSTEMMING_VEREIST, "instemming van een ander bestuursorgaan vereist"),
    (EventKind.BETROKKENE_GEINFORMEERD, "betrokkene geïnformeerd over de adviesaanvraag"),
    (EventKind.ADVIESAANVRAAG_VERZONDEN, "adviesaanvraag LBB verzonden"),
    (EventKind.LBB_TERMIJN_VERLENGD, "adviestermijn verlengd door het LBB"),
    (EventKind.LBB_VRAGEN_GESTELD, "aanvullende vragen LBB gesteld"),
    (EventKind.LBB_VRAGEN_BEANTWOORD, "aanvullende vragen LBB beantwoord"),
    (EventKind.ADVIES_ONTVANGEN, "advies LBB ontvangen"),
    (EventKind.VOORNEMEN_VERZONDEN, "voornemen verzonden"),
    (EventKind.ZIENSWIJZE_ONTVANGEN, "zienswijze ontvangen"),
    (EventKind.BESLUIT_BEKENDGEMAAKT, "besluit bekendgemaakt"),
    (EventKind.NAZORG_AFGEROND, "nazorgactie afgerond"),
    (DecisionKind.VERLENING, "verlening"),
    (DecisionKind.VERLENING_MET_VOORSCHRIFTEN, "verlening met voorschriften"),
    (DecisionKind.WEIGERING, "weigering"),
    (DecisionKind.INTREKKING, "intrekking"),
    (DecisionKind.BUITEN_BEHANDELING, "buiten behandeling gelaten"),
    (DecisionKind.GEEN_TRANSACTIE, "geen transactie aangaan"),
    (SignalSource.OM_TIP, "OM-tip"),
    (SignalSource.RIEC, "RIEC"),
    (SignalSource.BIBOB_REGISTER, "Bibob-register"),
    (SignalSource.ART_11A, "art. 11a-bericht"),
    (SignalSource.POLITIE, "politie"),
    (SignalSource.HANDHAVING, "handhaving"),
    (SignalSource.BOA, "boa"),
    (SignalSource.MELDING, "melding"),
    (CheckSource.KVK, "KvK Handelsregister"),
    (CheckSource.UBO_REGISTER, "UBO-register"),
    (CheckSource.KADASTER, "Kadaster"),
    (CheckSource.BRP, "BRP"),
    (CheckSource.JUSTID, "Justid"),
    (CheckSource.POLITIE_INFODESK, "politie-infodesk"),
    (CheckSource.RIEC, "RIEC"),
    (CheckSource.BIBOB_REGISTER, "Bibob-register"),
    (CheckSource.ART_11A, "art. 11a-bericht"),
    (CheckSource.INSOLVENTIEREGISTER, "Insolventieregister"),
    (CheckSource.BELASTINGDIENST, "Belastingdienst"),
    (CheckSource.OPEN_BRONNEN, "open bronnen"),
    (CheckSource.EIGEN_ADMINISTRATIE, "eigen administratie"),
    (LegalForm.EENMANSZAAK, "eenmanszaak"),
    (LegalForm.VOF, "v.o.f."),
    (LegalForm.CV, "c.v."),
    (LegalForm.MAATSCHAP, "maatschap"),
    (LegalForm.BV, "B.V."),
    (LegalForm.NV, "N.V."),
    (LegalForm.STICHTING, "stichting"),
    (LegalForm.STAK, "stichting administratiekantoor"),
    (LegalForm.VERENIGING, "vereniging"),
    (LegalForm.COOPERATIE, "coöperatie"),
    (LegalForm.BUITENLANDS, "buitenlandse rechtsvorm"),
    (LegalForm.OVERIG, "overige rechtsvorm"),
)
_BY_TYPE = {(type(k), k.value): v for k, v in _LABELS}


def label(value: StrEnum) -> str:
    """The Dutch label; falls back to the value with spaces for vocabularies not listed here."""
    return _BY_TYPE.get((type(value), value.value), str(value.value).replace("_", " "))


def euro(amount: object) -> str:
    """€ 6.500 or € 6.500,50 (Dutch grouping and decimal comma)."""
    from decimal import Decimal

    value = Decimal(str(amount))
    whole = value == value.to_integral_value()
    text = f"{value:,.0f}" if whole else f"{value:,.2f}"
    return "€ " + text.replace(",", "_").replace(".", ",").replace("_", ".")


def percent(value: object) -> str:
    text = f"{value}".rstrip("0").rstrip(".") if "." in f"{value}" else f"{value}"
    return text.replace(".", ",") + " %"

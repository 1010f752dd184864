"""Closed vocabularies of the case file. Values are the stable strings of the exchange format."""

from __future__ import annotations

from enum import StrEnum


class PermitKind(StrEnum):
    EXPLOITATIEVERGUNNING = "exploitatievergunning"
    ALCOHOLVERGUNNING = "alcoholvergunning"
    OMGEVINGSVERGUNNING = "omgevingsvergunning"
    HUISVESTINGSVERGUNNING = "huisvestingsvergunning"
    VASTGOEDTRANSACTIE = "vastgoedtransactie"
    OVERIG = "overig"


class Sector(StrEnum):
    HORECA = "horeca"
    VASTGOED = "vastgoed"
    OVERIG = "overig"


SECTOR_OF_PERMIT: dict[PermitKind, Sector] = {
    PermitKind.EXPLOITATIEVERGUNNING: Sector.HORECA,
    PermitKind.ALCOHOLVERGUNNING: Sector.HORECA,
    PermitKind.OMGEVINGSVERGUNNING: Sector.VASTGOED,
    PermitKind.HUISVESTINGSVERGUNNING: Sector.VASTGOED,
    PermitKind.VASTGOEDTRANSACTIE: Sector.VASTGOED,
    PermitKind.OVERIG: Sector.OVERIG,
}


class ProcedureKind(StrEnum):
    """A new application, or an investigation of a permit already granted."""

    AANVRAAG = "aanvraag"
    BESTAANDE_VERGUNNING = "bestaande_vergunning"


class Bestuursorgaan(StrEnum):
    BURGEMEESTER = "burgemeester"
    COLLEGE = "college"
    GEMEENTERAAD = "gemeenteraad"
    RECHTSPERSOON_OVERHEIDSTAAK = "rechtspersoon_overheidstaak"


class Stage(StrEnum):
    AANVRAAG_ONTVANGEN = "aanvraag_ontvangen"
    VRAGENLIJST_UITGEZET = "vragenlijst_uitgezet"
    VRAGENLIJST_ONTVANGEN = "vragenlijst_ontvangen"
    EIGEN_ONDERZOEK = "eigen_onderzoek"
    ADVIESAANVRAAG_VERZONDEN = "adviesaanvraag_verzonden"
    ADVIES_ONTVANGEN = "advies_ontvangen"
    VOORNEMEN = "voornemen"
    ZIENSWIJZE = "zienswijze"
    BESLUIT = "besluit"
    NAZORG = "nazorg"
    GESLOTEN = "gesloten"
    BUITEN_BEHANDELING = "buiten_behandeling"
    AANVRAAG_INGETROKKEN = "aanvraag_ingetrokken"
    ONDERZOEK_LOOPTIJD = "onderzoek_looptijd"
    INTREKKING = "intrekking"


class PartyKind(StrEnum):
    NATUURLIJK_PERSOON = "natuurlijk_persoon"
    RECHTSPERSOON = "rechtspersoon"


class LegalForm(StrEnum):
    EENMANSZAAK = "eenmanszaak"
    VOF = "vof"
    CV = "cv"
    MAATSCHAP = "maatschap"
    BV = "bv"
    NV = "nv"
    STICHTING = "stichting"
    STAK = "stichting_administratiekantoor"
    VERENIGING = "vereniging"
    COOPERATIE = "cooperatie"
    BUITENLANDS = "buitenlandse_rechtsvorm"
    OVERIG = "overig"


class UboStatus(StrEnum):
    VOLLEDIG = "volledig"
    ALLEEN_PSEUDO_UBO = "alleen_pseudo_ubo"
    NIET_GEREGISTREERD = "niet_geregistreerd"
    AFWIJKEND = "afwijkend_van_opgave"


class RoleKind(StrEnum):
    """Roles toward the case (no counterparty) or toward another party.

    The art. 3 lid 4 relation types are leidinggevende (bestuurder, feitelijk leidinggevende,
    leidinggevende), zeggenschap (aandeelhouder, certificaathouder, ubo), vermogen
    (vermogensverschaffer) and zakelijk samenwerkingsverband.
    """

    AANVRAGER = "aanvrager"
    BESTUURDER = "bestuurder"
    FEITELIJK_LEIDINGGEVENDE = "feitelijk_leidinggevende"
    LEIDINGGEVENDE = "leidinggevende"
    AANDEELHOUDER = "aandeelhouder"
    CERTIFICAATHOUDER = "certificaathouder"
    UBO = "ubo"
    VERMOGENSVERSCHAFFER = "vermogensverschaffer"
    VERHUURDER = "verhuurder"
    VERKOPER = "verkoper"
    VORIGE_EXPLOITANT = "vorige_exploitant"
    ZAKELIJK_SAMENWERKINGSVERBAND = "zakelijk_samenwerkingsverband"
    HYPOTHEEKHOUDER = "hypotheekhouder"
    ONDERHANDELAAR = "onderhandelaar"
    FAMILIELID = "familielid"
    VERGUNNINGHOUDER = "vergunninghouder"  # holds the existing permit under investigation (art. 7a lid 3)


class ArtThreeLidFour(StrEnum):
    """Relation heads of art. 3 lid 4 Wet Bibob through which a third party's offences count."""

    LEIDING = "leiding"
    ZEGGENSCHAP = "zeggenschap"
    VERMOGEN = "vermogen"
    ZAKELIJK_SAMENWERKINGSVERBAND = "zakelijk_samenwerkingsverband"


RELATION_HEAD_OF_ROLE: dict[RoleKind, ArtThreeLidFour] = {
    RoleKind.BESTUURDER: ArtThreeLidFour.LEIDING,
    RoleKind.FEITELIJK_LEIDINGGEVENDE: ArtThreeLidFour.LEIDING,
    RoleKind.LEIDINGGEVENDE: ArtThreeLidFour.LEIDING,
    RoleKind.AANDEELHOUDER: ArtThreeLidFour.ZEGGENSCHAP,
    RoleKind.CERTIFICAATHOUDER: ArtThreeLidFour.ZEGGENSCHAP,
    RoleKind.UBO: ArtThreeLidFour.ZEGGENSCHAP,
    RoleKind.VERMOGENSVERSCHAFFER: ArtThreeLidFour.VERMOGEN,
    RoleKind.HYPOTHEEKHOUDER: ArtThreeLidFour.VERMOGEN,
    RoleKind.ZAKELIJK_SAMENWERKINGSVERBAND: ArtThreeLidFour.ZAKELIJK_SAMENWERKINGSVERBAND,
}


class ProvenanceKind(StrEnum):
    ZELF_OPGEGEVEN = "zelf_opgegeven"
    REGISTER = "register"
    EIGEN_ONDERZOEK = "eigen_onderzoek"
    DERDE = "derde"


class FinancingKind(StrEnum):
    EIGEN_VERMOGEN = "eigen_vermogen"
    LENING = "lening"
    HYPOTHEEK = "hypotheek"
    SCHENKING = "schenking"
    PARTICIPATIE = "participatie"
    VERKOPERSKREDIET = "verkoperskrediet"
    REKENING_COURANT = "rekening_courant"
    CONTANT = "contant"
    OVERIG = "overig"


class PaymentMethod(StrEnum):
    BANK = "bank"
    NOTARIS = "notaris"
    CONTANT = "contant"
    ONBEKEND = "onbekend"


class Tenure(StrEnum):
    EIGENDOM = "eigendom"
    HUUR = "huur"
    KOOP = "koop"
    ERFPACHT = "erfpacht"
    OVERIG = "overig"


class OffenceCategory(StrEnum):
    OPIUMWET = "opiumwet"
    WITWASSEN = "witwassen"
    FRAUDE = "fraude"
    GEWELD = "geweld"
    WAPENS = "wapens"
    MENSENHANDEL = "mensenhandel"
    VALSHEID_IN_GESCHRIFTE = "valsheid_in_geschrifte"
    FISCAAL = "fiscaal"  # Algemene wet inzake rijksbelastingen
    WONINGWET_BOUW = "woningwet_bouw"
    OMGEVINGSRECHT_MILIEU = "omgevingsrecht_milieu"
    OVERIG = "overig"
    ONBEKEND = "onbekend"  # the kind of offence is not known (yet)


class ProofLevel(StrEnum):
    """How firmly an antecedent is established (courts weigh these differently)."""

    VEROORDELING = "veroordeling"
    STRAFBESCHIKKING = "strafbeschikking"
    TRANSACTIE = "transactie"
    LOPEND_ONDERZOEK = "lopend_onderzoek"
    VERDENKING = "verdenking"
    POLITIEREGISTRATIE = "politieregistratie"


class HistoryKind(StrEnum):
    FAILLISSEMENT = "faillissement"
    WEIGERING = "weigering"
    INTREKKING = "intrekking"
    SLUITING = "sluiting"
    GEVAARSCONCLUSIE_ERNSTIG = "gevaarsconclusie_ernstig"
    GEVAARSCONCLUSIE_MINDERE_MATE = "gevaarsconclusie_mindere_mate"
    TERUGTREKKING = "terugtrekking"
    OVERTREDING_VOORSCHRIFT = "overtreding_voorschrift"  # an earlier Bibob voorschrift not complied with
    GEEN_GEVAAR = "geen_gevaar"  # an earlier LBB advice or own conclusion: no danger (counter-evidence)
    FISCALE_BOETE = "fiscale_boete"
    BESTUURLIJKE_BOETE = "bestuurlijke_boete"
    BELASTINGSCHULD = "belastingschuld"


class SignalSource(StrEnum):
    OM_TIP = "om_tip"
    RIEC = "riec"
    BIBOB_REGISTER = "bibob_register"
    ART_11A = "art_11a"
    POLITIE = "politie"
    HANDHAVING = "handhaving"
    BOA = "boa"
    MELDING = "melding"
    INTIMIDATIE = "intimidatie"  # intimidation or a threat against an official (staff protection)
    OVERIG = "overig"


class Reliability(StrEnum):
    BEVESTIGD = "bevestigd"
    WAARSCHIJNLIJK = "waarschijnlijk"
    ONBEVESTIGD = "onbevestigd"
    ONBEKEND = "onbekend"


class CheckSource(StrEnum):
    """Sources of the eigen onderzoek."""

    KVK = "kvk"
    UBO_REGISTER = "ubo_register"
    KADASTER = "kadaster"
    BRP = "brp"
    JUSTID = "justid"
    POLITIE_INFODESK = "politie_infodesk"
    RIEC = "riec"
    BIBOB_REGISTER = "bibob_register"
    ART_11A = "art_11a"
    INSOLVENTIEREGISTER = "insolventieregister"
    BELASTINGDIENST = "belastingdienst"
    OPEN_BRONNEN = "open_bronnen"
    EIGEN_ADMINISTRATIE = "eigen_administratie"
    OVERIG = "overig"


class Role(StrEnum):
    """User roles of the application (who may do what)."""

    LEZER = "lezer"
    VERGUNNINGVERLENER = "vergunningverlener"
    JURIST = "jurist"
    BEHEERDER = "beheerder"


class EventKind(StrEnum):
    """Dated events of a case; the deadlines are computed from these, never stored."""

    FASE_GEWIJZIGD = "fase_gewijzigd"
    VRAGENFORMULIER_UITGEZET = "vragenformulier_uitgezet"
    HERSTEL_VERZONDEN = "herstel_verzonden"
    HERSTEL_AANGEVULD = "herstel_aangevuld"
    VRAGENFORMULIER_ONTVANGEN = "vragenformulier_ontvangen"
    BESLISTERMIJN_VERLENGD = "beslistermijn_verlengd"
    INSTEMMING_VEREIST = "instemming_vereist"  # another body must consent (Omgevingswet 16.64 lid 2)
    BETROKKENE_GEINFORMEERD = "betrokkene_geinformeerd"
    ADVIESAANVRAAG_VERZONDEN = "adviesaanvraag_verzonden"
    LBB_TERMIJN_VERLENGD = "lbb_termijn_verlengd"
    LBB_VRAGEN_GESTELD = "lbb_vragen_gesteld"
    LBB_VRAGEN_BEANTWOORD = "lbb_vragen_beantwoord"
    ADVIES_ONTVANGEN = "advies_ontvangen"
    VOORNEMEN_VERZONDEN = "voornemen_verzonden"
    ZIENSWIJZE_ONTVANGEN = "zienswijze_ontvangen"
    BESLUIT_BEKENDGEMAAKT = "besluit_bekendgemaakt"
    NAZORG_AFGEROND = "nazorg_afgerond"
    # the investigation of an existing permit (art. 7a lid 3 Wet Bibob): its own questionnaire and clock
    ART7A_VRAGEN_VERZONDEN = "art7a_vragen_verzonden"
    ART7A_HERINNERING = "art7a_herinnering"
    ART7A_BEANTWOORD = "art7a_beantwoord"
    # nazorg: a bezwaar against the decision and the decision on it
    BEZWAAR_ONTVANGEN = "bezwaar_ontvangen"
    BESLISSING_OP_BEZWAAR = "beslissing_op_bezwaar"


class ContradictionKind(StrEnum):
    """What the betrokkene declared against what a register or the own investigation shows."""

    VERZWEGEN_FUNCTIE = "verzwegen_functie"  # undisclosed directorship or other role
    VERZWEGEN_SCHULD = "verzwegen_schuld"
    VERZWEGEN_FINANCIER = "verzwegen_financier"
    UBO_ONJUIST = "ubo_onjuist"
    VERZWEGEN_ANTECEDENT = "verzwegen_antecedent"
    ONJUISTE_VERKLARING = "onjuiste_verklaring"  # another false statement in the form


class AnswerState(StrEnum):
    """How questions were answered by the end of their term (art. 7a, art. 12 lid 3, herstel)."""

    VOLLEDIG = "volledig"
    GEDEELTELIJK = "gedeeltelijk"  # the officer records which questions stayed open
    GEWEIGERD = "geweigerd"


class LegalGround(StrEnum):
    """The ground a refusal, withdrawal or voorschrift rests on (brief §4)."""

    ART3_LID1 = "art3_lid1"  # ernstig gevaar, a- and/or b-grond
    ART3_LID6 = "art3_lid6"  # offence to obtain or keep the beschikking
    ART3_LID7 = "art3_lid7"  # voorschriften; their breach allows withdrawal
    ART4_LID1 = "art4_lid1"  # permit holder did not (fully) answer the art. 7a questions
    ART4_LID2 = "art4_lid2"  # the LBB's questions (art. 12 lid 3) not (fully) answered
    AWB_4_5 = "awb_4_5"  # application: missing data after the herstel term (not processed)


class DecisionKind(StrEnum):
    VERLENING = "verlening"
    VERLENING_MET_VOORSCHRIFTEN = "verlening_met_voorschriften"
    WEIGERING = "weigering"
    INTREKKING = "intrekking"
    BUITEN_BEHANDELING = "buiten_behandeling"
    GEEN_TRANSACTIE = "geen_transactie"


class CaseResult(StrEnum):
    """How a case ends when it is closed; the retention clock counts from this result."""

    VERLEEND = "verleend"
    VERLEEND_MET_VOORSCHRIFTEN = "verleend_met_voorschriften"
    GEWEIGERD = "geweigerd"
    INGETROKKEN = "ingetrokken"  # the existing permit was withdrawn
    GEEN_MAATREGEL = "geen_maatregel"  # existing permit: investigated, no measure taken
    AANVRAAG_INGETROKKEN = "aanvraag_ingetrokken"
    BUITEN_BEHANDELING = "buiten_behandeling"
    GEEN_TRANSACTIE = "geen_transactie"


class DangerDegree(StrEnum):
    """Degree of danger (art. 3 lid 1 and 2 Wet Bibob), as the LBB advises it."""

    GEEN = "geen"
    MINDERE_MATE = "mindere_mate"
    ERNSTIG = "ernstig"


class ZienswijzeForm(StrEnum):
    SCHRIFTELIJK = "schriftelijk"
    MONDELING = "mondeling"

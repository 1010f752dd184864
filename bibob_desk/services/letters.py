"""What turns a document into an outgoing letter: the letterhead and logo from the settings, the
addressee (the betrokkene, or the derde it is about, from the case parties), the reference lines and
the signature on behalf of the competent body by function only — never an official's name."""

from __future__ import annotations

from datetime import date
from typing import Any

from bibob_desk.domain.enums import Bestuursorgaan
from bibob_desk.domain.labels import label
from bibob_desk.domain.model import Case
from bibob_desk.exports.pdf import Letter
from bibob_desk.presentation.registry import CaseFile
from bibob_desk.presentation.values import DateStyle, text
from bibob_desk.services.settings import SettingsService

SIGNED_FOR = {  # an outgoing letter is signed on behalf of the competent body, by function only
    Bestuursorgaan.BURGEMEESTER: "de burgemeester",
    Bestuursorgaan.COLLEGE: "het college van burgemeester en wethouders",
    Bestuursorgaan.GEMEENTERAAD: "de gemeenteraad",
    Bestuursorgaan.RECHTSPERSOON_OVERHEIDSTAAK: "het bestuur",
}


def address_lines(address: Any) -> tuple[str, ...]:
    street = " ".join(x for x in (address.street, address.house_number) if x)
    place = " ".join(x for x in (address.postcode, address.city) if x)
    return tuple(x for x in (street, place) if x) or ((address.description,) if address.description else ())


def build_letter(  # noqa: PLR0917 - the parts of one letter
    settings: SettingsService,
    case_file: CaseFile,
    case: Case,
    party: str | None,
    your_reference: str,
    today: date,
    *,
    one_party: bool,
) -> Letter:
    """`case_file` is the recipient's view (a derde sees only himself); `case` the full case;
    `one_party`: the profile of a derde (art. 28 lid 3)."""
    head = settings.letterhead()
    about = case_file.case.party(party) if party else next(iter(case_file.case.applicants()), None)
    address = about.address if about is not None and about.address else None
    if address is None and not one_party:  # a derde never gets the case's address
        address = case.location
    lines = address_lines(address) if address is not None else ()
    addressee = tuple(x for x in ((about.name if about else ""), *lines) if x)
    place = head["organisatie_naam"].removeprefix("Gemeente ")
    subject = " — ".join(
        x for x in (", ".join(label(k) for k in case.permit_kinds), case_file.case.location.one_line()) if x
    )
    return Letter(
        organisation=head["organisatie_naam"],
        postal_address=head["organisatie_postadres"],
        visiting_address=head["organisatie_bezoekadres"],
        contact=head["organisatie_contact"],
        logo=settings.logo(),
        addressee=addressee or ("De betrokkene",),
        date_line=text(today, DateStyle.LONG),
        our_reference=case.reference,
        your_reference=your_reference,
        subject=subject,
        signature=(
            "Hoogachtend,",
            f"namens {SIGNED_FOR[case.bestuursorgaan]} van {place},",
            "",
            head["ondertekening_functie"],
        ),
    )

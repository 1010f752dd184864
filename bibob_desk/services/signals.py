"""The signals register (issue 9): recording hard and soft signals and finding the ones that concern
a case. Entries carry a retention date; past it they are no longer used and can be purged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bibob_desk.domain.enums import Reliability, Role, SignalSource
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import RegisterSignal
from bibob_desk.domain.text import clean_text
from bibob_desk.network.signals import SUBJECT_KINDS, SignalLink, links
from bibob_desk.services.changes import Changes, Reports, Topic
from bibob_desk.services.permissions import require
from bibob_desk.store.store import Store
from bibob_desk.validation.identifiers import check_kvk, check_postcode

DEFAULT_RETENTION_YEARS = 5  # [M?] to be set with the archivist, like the case retention periods


class SignalService(Reports):
    def __init__(self, store: Store, today: Callable[[], date] = date.today) -> None:
        self.store = store
        self.today = today

    def add(
        self,
        *,
        source: str,
        on: date,
        reliability: str,
        about: str,
        name: str,
        description: str,
        birth_date: date | None = None,
        kvk: str | None = None,
        postcode: str = "",
        house_number: str = "",
        retention_date: date | None = None,
    ) -> int:
        require(self.store, Role.VERGUNNINGVERLENER)
        problems = []
        if source not in {s.value for s in SignalSource}:
            problems.append(f"bron: kies uit {', '.join(s.value for s in SignalSource)}")
        if reliability not in {r.value for r in Reliability}:
            problems.append(f"betrouwbaarheid: kies uit {', '.join(r.value for r in Reliability)}")
        if about not in SUBJECT_KINDS:
            problems.append(f"over: kies uit {', '.join(SUBJECT_KINDS)}")
        if on > self.today():
            problems.append("datum ligt in de toekomst")
        for field, value, limit in (("naam", name, 200), ("omschrijving", description, 2000)):
            checked = clean_text(value, max_length=limit)
            if checked.problem:
                problems.append(f"{field} {checked.problem}")
            elif not checked.text.strip():
                problems.append(f"{field} ontbreekt")
        kvk_check = check_kvk(kvk) if kvk else None
        if kvk_check is not None and not kvk_check.valid:
            problems.append(kvk_check.message)
        postcode_check = check_postcode(postcode) if postcode else None
        if postcode_check is not None and not postcode_check.valid:
            problems.append(postcode_check.message)
        if about == "adres" and not (postcode and house_number):
            problems.append("een signaal over een adres heeft postcode en huisnummer nodig")
        keep_until = retention_date or date(on.year + DEFAULT_RETENTION_YEARS, on.month, min(on.day, 28))
        if keep_until < self.today():
            problems.append("bewaartermijn is al verstreken")
        if problems:
            raise UserError("Signaal niet vastgelegd: " + "; ".join(problems) + ".")
        entry = RegisterSignal(
            source=SignalSource(source),
            date=on,
            reliability=Reliability(reliability),
            subject_kind=about,
            subject_name=name.strip(),
            description=description.strip(),
            recorded_by=self.store.user.username,
            retention_date=keep_until,
            birth_date=birth_date,
            kvk=kvk_check.normalized if kvk_check else None,
            postcode=postcode_check.normalized if postcode_check else "",
            house_number=house_number.strip(),
        )
        with self.store.transaction() as tx:
            number = tx.signals.add(entry)
            tx.audit("signaal.vastgelegd", f"signaal:{number};bron:{source}")
        self.report(topics=(Topic.SIGNALS,))
        return number

    def active(self, *, withdrawn_too: bool = False) -> list[RegisterSignal]:
        with self.store.transaction() as tx:
            tx.audit("signalen.bekeken", "register")
            return tx.signals.active(self.today(), withdrawn_too=withdrawn_too)

    def register(self) -> list[RegisterSignal]:
        """The register as its screen lists it: withdrawn entries too (struck through)."""
        return self.active(withdrawn_too=True)

    def withdraw(self, number: int, reason: str) -> Changes:
        """Withdraw a register entry with a reason: it stays listed with who and why, no case is
        linked to it any more and the next assessment no longer counts it."""
        require(self.store, Role.VERGUNNINGVERLENER)
        text = clean_text((reason or "").strip(), max_length=500)
        if text.problem or len(text.text) < 5:
            raise UserError("Geef een reden waarom het signaal wordt ingetrokken (minstens 5 tekens).")
        with self.store.transaction() as tx:
            tx.signals.withdraw(number, text.text, self.store.user.username)
            tx.audit("signaal.ingetrokken", f"signaal:{number}")
        return self.report(topics=(Topic.SIGNALS,))

    def linked_to(self, case_id: str) -> list[SignalLink]:
        """The register entries that concern this case (its parties or its address)."""
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
            register = tx.signals.active(self.today())
        return links(case, register)

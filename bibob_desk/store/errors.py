"""Open and write errors of the store, each with its own Dutch message (T05, T13, T17)."""

from __future__ import annotations

from bibob_desk.domain.errors import UserError


class StoreError(UserError):
    """Base class of everything the store reports to a user."""


class WrongPassword(StoreError):
    def __init__(self) -> None:
        super().__init__("Wachtwoord onjuist (of onbekende gebruikersnaam).")


class DatabaseMissing(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "Databasebestand niet gevonden. Controleer het pad, of maak een nieuwe database "
            "met 'bibob-desk init'."
        )


class NotADatabase(StoreError):
    def __init__(self, why: str) -> None:
        super().__init__(f"Dit is geen bibob-desk-database: {why}.")


class DatabaseDamaged(StoreError):
    def __init__(self, detail: str = "") -> None:
        text = "Database beschadigd – herstel uit back-up."
        super().__init__(f"{text} ({detail})" if detail else text)


class KeyFileMismatch(DatabaseDamaged):
    """The password opened the key slot, but that key does not open the database's first page."""

    def __init__(self, keys_name: str) -> None:
        StoreError.__init__(
            self,
            f"De database opent niet met dit sleutelbestand ({keys_name}). Meestal hoort het sleutelbestand "
            "bij een eerdere versie van de database, van vóór een sleutelwissel: zet het sleutelbestand "
            "terug dat bij deze database hoort (bijvoorbeeld uit dezelfde back-up). Lukt dat niet, dan is "
            "het begin van de database beschadigd: herstel uit een back-up. Er is niets gewijzigd.",
        )


class KeySlotsProblem(StoreError):
    def __init__(self, why: str) -> None:
        super().__init__(f"Sleutelbestand naast de database is onbruikbaar: {why}.")


class DatabaseInUse(StoreError):
    def __init__(self, user: str = "", host: str = "", since: str = "") -> None:
        if user or host:
            text = f"De database is in gebruik door {user or 'onbekend'} op {host or 'onbekend'}"
            text += f" sinds {since}." if since else "."
        else:
            text = "De database is in gebruik door een ander programma. Probeer het later opnieuw."
        super().__init__(text)


class UnsupportedCrypto(StoreError):
    def __init__(self, what: str) -> None:
        super().__init__(
            f"Niet-ondersteunde versleutelingsbibliotheek ({what}). De database is niet geopend; "
            "installeer de versie die bij bibob-desk hoort."
        )


class NewerSchema(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "Deze database is gemaakt met een nieuwere versie van bibob-desk. Werk het programma bij."
        )


class DiskFull(StoreError):
    def __init__(self) -> None:
        super().__init__("Schijf vol – wijziging niet opgeslagen. Maak ruimte vrij en probeer opnieuw.")


class ReadOnlyLocation(StoreError):
    def __init__(self, folder: str) -> None:
        super().__init__(
            f"De map van de database ({folder}) is alleen-lezen: een schrijfbeveiligde schijf of "
            "stick, of een map zonder schrijfrechten. Zet de map op een plek waar u mag schrijven (of "
            "vraag de beheerder om schrijfrechten) en open de database opnieuw. Er is niets gewijzigd."
        )


class AlreadyExists(StoreError):
    def __init__(self) -> None:
        super().__init__("Op deze plek staat al een database of sleutelbestand; er is niets overschreven.")


class StoreLocked(StoreError):
    def __init__(self) -> None:
        super().__init__("De database is vergrendeld. Ontgrendel eerst met uw wachtwoord.")


class SealedChanged(StoreError):
    """The password opened the slot, but its sealed signing keys were changed without it."""

    def __init__(self) -> None:
        super().__init__(
            "Uw wachtwoord klopt, maar het ondertekende deel van uw sleutelvak is gewijzigd door iemand "
            "zonder uw wachtwoord. U bent niet aangemeld. Meld dit aan de beheerder en de "
            "informatiebeveiliging; zet het sleutelbestand terug uit een back-up."
        )


class PasswordChangeRequired(StoreError):
    """A temporary password given by the beheerder: the user chooses his own before he can work."""

    def __init__(self) -> None:
        super().__init__(
            "U meldt zich aan met een tijdelijk wachtwoord van de beheerder. Kies eerst een eigen "
            "wachtwoord; daarna maakt bibob-desk uw persoonlijke ondertekeningssleutel."
        )


class AccountPending(StoreError):
    """A jurist or beheerder account (or a new key for one) awaiting a second beheerder."""

    def __init__(self, role: str, fingerprint: str, *, own_password_set: bool = False) -> None:
        super().__init__(
            ("Uw eigen wachtwoord is ingesteld. " if own_password_set else "")
            + f"Uw account ({role}) wacht op bevestiging door een tweede beheerder (vier ogen). Geef die "
            f"beheerder de vingerafdruk van uw sleutel: {fingerprint}. Daarna kunt u zich aanmelden."
        )
        self.fingerprint = fingerprint


class TrustViolation(StoreError):
    """What the signed statements say differs from the database: refused and written to the audit log."""

    def __init__(self, why: str) -> None:
        super().__init__(
            f"Aanmelden geweigerd: {why}. Dit is vastgelegd in het logboek. Meld dit aan de beheerder "
            "en de informatiebeveiliging; 'bibob-desk audit verify' toont de eerste afwijkende regel."
        )
        self.why = why


class OlderCopy(StoreError):
    """The per-user anchor outside the database folder is ahead of the database: an older copy."""

    def __init__(self, anchored: int, found: int) -> None:
        super().__init__(
            f"Deze database is ouder dan bij uw vorige sessie: toen liep het logboek tot regel {anchored}, "
            f"nu tot regel {found}. Er is een oudere kopie teruggezet, of het logboek is ingekort. Is dat "
            "een bewust teruggezette back-up, open dan opnieuw met 'oudere kopie aanvaarden' (dat wordt "
            "vastgelegd); anders: meld het aan de beheerder en werk niet verder in deze kopie."
        )
        self.anchored, self.found = anchored, found

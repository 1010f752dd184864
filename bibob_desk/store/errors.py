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

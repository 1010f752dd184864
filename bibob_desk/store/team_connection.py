"""The connection to a team database (issue 19): PostgreSQL through psycopg 3, TLS with a checked
certificate only, and the server's errors in Dutch. No message repeats the address, the user name
or the password; no SQL or parameters reach the user (as translate_db_error for the file).

A lost connection — the server restarted, the network gone, the client killed — leaves no half
change: PostgreSQL rolls the open transaction back. The next unit of work gets a fresh connection
(`pool_pre_ping`), so the app carries on once the server is back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bibob_desk.store.errors import StoreError, WrongPassword

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
REQUIRED_SSLMODE = "verify-full"


class TeamAddressRefused(StoreError):
    """The address is not one bibob-desk connects to (no PostgreSQL, or TLS weaker than required)."""


def team_engine(address: str, *, login: tuple[str, str] | None = None, **options: Any) -> Engine:
    """An engine for a postgresql:// address. Without `sslmode` it is verify-full; any other
    sslmode is refused: the server must prove it is the municipality's server. `login`: the
    person's user name and login secret, replacing any in the address."""
    try:
        url = make_url(address)
    except ArgumentError:
        raise TeamAddressRefused("Dit is geen geldig adres van een teamdatabase.") from None
    if url.drivername not in SCHEMES:
        raise TeamAddressRefused("Een teamdatabase is een PostgreSQL-adres (postgresql://…).")
    mode = url.query.get("sslmode", REQUIRED_SSLMODE)
    if mode != REQUIRED_SSLMODE:
        raise TeamAddressRefused(
            "Een teamdatabase gaat alleen over een versleutelde verbinding met een gecontroleerd "
            "certificaat (sslmode=verify-full)."
        )
    url = url.set(drivername="postgresql+psycopg").update_query_dict({"sslmode": REQUIRED_SSLMODE})
    if login is not None:
        url = url.set(username=login[0], password=login[1])
    return create_engine(url, pool_pre_ping=True, **options)


def translate_team_error(exc: Exception) -> StoreError:
    """The server's (or the driver's) error as a Dutch message the user can act on."""
    text_ = str(getattr(exc, "orig", exc)).lower()
    code = getattr(getattr(exc, "orig", None), "sqlstate", None) or ""
    if "password authentication failed" in text_ or code == "28P01":
        return WrongPassword()
    lost = (
        "connection refused",
        "could not connect",
        "server closed the connection",
        "terminating connection",
        "connection is closed",
        "consuming input failed",
        "the connection is lost",
        "unexpected eof",
    )
    if code.startswith("08") or code == "57P01" or any(m in text_ for m in lost):
        return StoreError(
            "De verbinding met de teamdatabase is verbroken; wat u net deed is niet opgeslagen. "
            "Probeer het zo opnieuw: de app maakt dan een nieuwe verbinding."
        )
    if "certificate" in text_ or "ssl error" in text_ or "no encryption" in text_:
        return StoreError(
            "De teamserver kon zijn identiteit niet bewijzen (certificaat). Er is geen verbinding "
            "gemaakt; meld dit bij de beheerder."
        )
    if code in ("42501",) or "row-level security" in text_ or "permission denied" in text_:
        return StoreError("Daarvoor heeft u in de teamdatabase geen rechten; er is niets gewijzigd.")
    if code == "42710":  # a login role of that name exists on the server already
        return StoreError(
            "Op de server bestaat al een aanmelding met deze gebruikersnaam; kies een andere. "
            "Er is niets gewijzigd."
        )
    if code in ("40001", "40P01"):
        return StoreError("Een collega wijzigde tegelijk hetzelfde; probeer het opnieuw.")
    return StoreError("De teamdatabase gaf een onverwachte fout; de wijziging is niet opgeslagen.")

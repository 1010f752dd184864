"""BSN, RSIN, KvK, IBAN and postcode checks that return a result with a Dutch message.

Only ASCII digits count: '١١١٢٢٢٣٣٣' or '²' are refused before any checksum is computed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NINE_DIGITS = re.compile(r"[0-9]{9}", re.ASCII)
_KVK = re.compile(r"[0-9]{8}", re.ASCII)
_VESTIGING = re.compile(r"[0-9]{12}", re.ASCII)
_POSTCODE = re.compile(r"[1-9][0-9]{3} ?(?!SA|SD|SS)[A-Z]{2}", re.ASCII)
_IBAN_CHARS = re.compile(r"[A-Z0-9]{15,34}", re.ASCII)


@dataclass(frozen=True)
class Check:
    valid: bool
    message: str = ""
    normalized: str = ""


def _ok(normalized: str) -> Check:
    return Check(True, "", normalized)


def _compact(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.replace(" ", "").replace(".", "").replace("-", "").strip()


def _nine_digit(value: object, label: str) -> Check:
    compact = _compact(value)
    if compact is None or not _NINE_DIGITS.fullmatch(compact):
        return Check(False, f"Een {label} bestaat uit precies 9 cijfers (0-9).")
    if compact == "000000000":
        return Check(False, f"Een {label} van alleen nullen is ongeldig.")
    from stdnum.nl import bsn  # elfproef; an RSIN uses the same weights (9..2, -1)

    if not bsn.is_valid(compact):
        return Check(False, f"Dit {label} klopt niet (elfproef mislukt).")
    return _ok(compact)


def check_bsn(value: object) -> Check:
    """Burgerservicenummer: 9 digits, elfproef with last weight -1."""
    return _nine_digit(value, "BSN")


def check_rsin(value: object) -> Check:
    """RSIN: 9 digits, the same elfproef as a BSN."""
    return _nine_digit(value, "RSIN")


def check_kvk(value: object) -> Check:
    """KvK-nummer: exactly 8 digits, no checksum."""
    compact = _compact(value)
    if compact is None or not _KVK.fullmatch(compact):
        return Check(False, "Een KvK-nummer bestaat uit precies 8 cijfers (0-9).")
    return _ok(compact)


def check_vestigingsnummer(value: object) -> Check:
    compact = _compact(value)
    if compact is None or not _VESTIGING.fullmatch(compact):
        return Check(False, "Een vestigingsnummer bestaat uit precies 12 cijfers (0-9).")
    return _ok(compact)


def check_postcode(value: object) -> Check:
    if not isinstance(value, str):
        return Check(False, "Vul een postcode in, bijvoorbeeld 1234 AB.")
    text = value.strip().upper()
    if not _POSTCODE.fullmatch(text):
        return Check(False, "Een postcode bestaat uit 4 cijfers en 2 letters, bijvoorbeeld 1234 AB.")
    compact = text.replace(" ", "")
    return _ok(f"{compact[:4]} {compact[4:]}")


def check_iban(value: object) -> Check:
    """IBAN: country length and mod-97, through schwifty (imported on first use)."""
    compact = _compact(value)
    if compact is None:
        return Check(False, "Vul een IBAN in, bijvoorbeeld NL91 ABNA 0417 1643 00.")
    compact = compact.upper()
    if not _IBAN_CHARS.fullmatch(compact):
        return Check(False, "Een IBAN bestaat uit letters en cijfers (15 tot 34 tekens).")
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        iban = IBAN(compact)
    except SchwiftyException:
        return Check(False, "Dit IBAN klopt niet (controlegetal of lengte onjuist).")
    except Exception:
        return Check(False, "Dit IBAN kan niet worden gecontroleerd.")
    return _ok(iban.compact)

"""Password policy (BIO2 5.17.03, NIST 800-63B-4): length first, then a Dutch blocklist, then zxcvbn.

zxcvbn's dictionaries are English, so 'Gemeente2024!' slips through on score alone; the blocklist
and the 15-character minimum carry the policy. Feedback is Dutch.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from bibob_desk.domain.text import DUTCH_MONTHS

MIN_LENGTH = 15
MAX_LENGTH = 256  # new passwords; unlocking accepts up to MAX_UNLOCK_LENGTH
MAX_UNLOCK_LENGTH = 1023
MIN_SCORE = 3

DUTCH_BLOCKLIST = (
    "wachtwoord",
    "welkom",
    "gemeente",
    "bibob",
    "vergunning",
    "geheim",
    "beheerder",
    "admin",
    "zomer",
    "winter",
    "lente",
    "herfst",
    *DUTCH_MONTHS,
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "amsterdam",
    "rotterdam",
    "utrecht",
    "denhaag",
    "eindhoven",
    "groningen",
    "tilburg",
    "almere",
    "breda",
    "nijmegen",
    "ajax",
    "feyenoord",
    "psv",
    "oranje",
    "nederland",
    "holland",
    "hallo",
    "hoi",
    "doei",
    "liefde",
    "schat",
    "lekker",
    "welkom01",
    "qwerty",
    "azerty",
    "asdfgh",
    "123456",
    "horeca",
    "vastgoed",
)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_NON_LETTERS = re.compile(r"[^a-z]")

_FEEDBACK_NL = {
    "Straight rows of keys are easy to guess": "Rijen toetsen naast elkaar zijn makkelijk te raden.",
    "Short keyboard patterns are easy to guess": "Korte toetsenbordpatronen zijn makkelijk te raden.",
    'Repeats like "aaa" are easy to guess': 'Herhalingen zoals "aaa" zijn makkelijk te raden.',
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc"': (
        'Herhalingen zoals "abcabcabc" zijn nauwelijks sterker dan "abc".'
    ),
    "Sequences like abc or 6543 are easy to guess": "Reeksen zoals abc of 6543 zijn makkelijk te raden.",
    "Recent years are easy to guess": "Recente jaartallen zijn makkelijk te raden.",
    "Dates are often easy to guess": "Datums zijn vaak makkelijk te raden.",
    "This is a top-10 common password": "Dit is een van de meest gebruikte wachtwoorden.",
    "This is a top-100 common password": "Dit is een veelgebruikt wachtwoord.",
    "This is a very common password": "Dit is een veelgebruikt wachtwoord.",
    "This is similar to a commonly used password": "Dit lijkt op een veelgebruikt wachtwoord.",
    "A word by itself is easy to guess": "Een los woord is makkelijk te raden.",
    "Names and surnames by themselves are easy to guess": "Namen zijn makkelijk te raden.",
    "Common names and surnames are easy to guess": "Veelvoorkomende namen zijn makkelijk te raden.",
}


@dataclass(frozen=True)
class PasswordVerdict:
    acceptable: bool
    messages: tuple[str, ...] = ()
    score: int | None = None


def normalize_password(password: str) -> str:
    """NFC, no trimming, no truncation (T10): 'café' typed NFC or NFD unlocks the same."""
    return unicodedata.normalize("NFC", password)


def check_unlock_length(password: str) -> str:
    """Dutch problem text for a password that cannot even be tried; '' when it can."""
    if not password:
        return "Vul uw wachtwoord in."
    if len(password) > MAX_UNLOCK_LENGTH:
        return f"Een wachtwoord is hoogstens {MAX_UNLOCK_LENGTH} tekens lang."
    return ""


def _mostly_blocklisted(password: str, user_inputs: list[str]) -> bool:
    folded = _NON_LETTERS.sub("", password.casefold().translate(_LEET))
    rest = folded
    words = [*DUTCH_BLOCKLIST, *(w.casefold() for w in user_inputs if len(w) >= 3)]
    for word in sorted(words, key=len, reverse=True):
        rest = rest.replace(_NON_LETTERS.sub("", word.translate(_LEET)), "")
    return len(rest) < 8


def evaluate_password(
    password: str, *, user_inputs: list[str] | None = None, today: date | None = None
) -> PasswordVerdict:
    """Judge a new password. Never raises; messages are Dutch and contain no part of it."""
    password = normalize_password(password)
    inputs = [*(user_inputs or []), "bibob", "gemeente", "welkom", "wachtwoord", "bibob-desk"]
    if today is not None:
        inputs += [str(today.year), str(today.year - 1)]
    if len(password) < MIN_LENGTH:
        return PasswordVerdict(False, (f"Gebruik minstens {MIN_LENGTH} tekens.",))
    if len(password) > MAX_LENGTH:
        return PasswordVerdict(False, (f"Gebruik hoogstens {MAX_LENGTH} tekens.",))
    if _mostly_blocklisted(password, inputs):
        return PasswordVerdict(
            False,
            (
                "Het wachtwoord bestaat vooral uit voorspelbare woorden, namen of cijfers. "
                "Kies bijvoorbeeld vier losse, willekeurige woorden.",
            ),
        )
    from zxcvbn import zxcvbn

    result = zxcvbn(password[:72], user_inputs=inputs)  # zxcvbn refuses longer input; 72 is ample
    score = int(result["score"])
    if score >= MIN_SCORE:
        return PasswordVerdict(True, (), score)
    feedback = result.get("feedback", {})
    messages = [_FEEDBACK_NL.get(feedback.get("warning", ""), "")]
    messages.append("Het wachtwoord is te makkelijk te raden; maak het langer of minder voorspelbaar.")
    return PasswordVerdict(False, tuple(m for m in messages if m), score)

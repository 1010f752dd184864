"""Dutch dates: feestdagen of art. 3 Algemene termijnenwet, the Atw adjustment, Dutch date text."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache, lru_cache

from bibob_desk.domain.text import DUTCH_MONTHS as MONTHS


def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def feestdagen(year: int) -> dict[date, str]:
    """Art. 3 Atw: the days that count like a Sunday."""
    e = easter(year)
    kingsday = date(year, 4, 27)
    if kingsday.weekday() == 6:  # 27 April on a Sunday: celebrated on the 26th
        kingsday = date(year, 4, 26)
    return {
        date(year, 1, 1): "Nieuwjaarsdag",
        e - timedelta(days=2): "Goede Vrijdag",
        e + timedelta(days=1): "tweede Paasdag",
        e + timedelta(days=39): "Hemelvaartsdag",
        e + timedelta(days=50): "tweede Pinksterdag",
        kingsday: "Koningsdag",
        date(year, 5, 5): "Bevrijdingsdag (5 mei)",
        date(year, 12, 25): "eerste Kerstdag",
        date(year, 12, 26): "tweede Kerstdag",
    }


def why_not_working(day: date) -> str:
    """'' for a working day; else 'zaterdag', 'zondag' or the name of the feestdag."""
    holiday = feestdagen(day.year).get(day)
    if holiday:
        return holiday
    return {5: "zaterdag", 6: "zondag"}.get(day.weekday(), "")


def is_working_day(day: date) -> bool:
    return not why_not_working(day)


@lru_cache(maxsize=65536)  # pure; every save projects a case's terms (issue 18)
def atw_adjust(start: date, end: date) -> date:
    """Art. 1 and 2 Atw for a term from `start` (exclusive) to `end`:
    a term ending on Saturday, Sunday or a feestdag runs to the next working day, and a term of at
    least 3 days contains at least 2 working days."""
    result = end
    while not is_working_day(result):
        result += timedelta(days=1)
    if (end - start).days >= 3:
        while not _two_working_days(start, result):
            result += timedelta(days=1)
            while not is_working_day(result):
                result += timedelta(days=1)
    return result


def _two_working_days(start: date, end: date) -> bool:
    """At least two working days after `start` up to and including `end`."""
    found = 0
    for n in range(1, (end - start).days + 1):
        found += is_working_day(start + timedelta(days=n))
        if found >= 2:
            return True
    return False


def nl_date(day: date, *, year: bool = True) -> str:
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text

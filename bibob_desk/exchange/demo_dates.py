"""A demo that lives in the present (issue 20): the sample cases are dated 2025–2026, so a demo loaded
later shows every term as long overdue. `bibob-desk demo` moves all their dates by one number of whole
weeks, so that the newest date of the demo material lies a few days back.

One shift for all of it (the cases, the network cases, the demo decisions), in whole weeks: the order
of every two dates stays, every interval stays, and every weekday stays (a term that ends on a
Saturday still ends on a Saturday). So scores, bands and the days left of each term are the same as
on the original dates with "today" moved by the same shift; only the Algemene termijnenwet can
differ by a day where a moved term lands on a different public holiday. The acceptance tests read
the files as shipped (`--oorspronkelijke-datums` loads them so)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

DAYS_BACK = 3  # the newest date of the demo lies at least this many days before today
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def dates_in(value: Any) -> Iterable[date]:
    """Every date (and date-time) in a JSON document."""
    if isinstance(value, dict):
        for item in value.values():
            yield from dates_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from dates_in(item)
    elif isinstance(value, str) and (_DATE.match(value) or _STAMP.match(value)):
        try:
            yield date.fromisoformat(value[:10])
        except ValueError:
            return


def shift_for(documents: Iterable[Any], today: date, days_back: int = DAYS_BACK) -> int:
    """The shift in days (whole weeks, never backwards) that puts the newest date of these documents
    at least `days_back` days before `today`."""
    newest = max((d for doc in documents for d in dates_in(doc)), default=None)
    if newest is None:
        return 0
    gap = (today - timedelta(days=days_back) - newest).days
    return max(0, gap // 7 * 7)


def shifted(value: Any, days: int) -> Any:
    """A copy of a JSON document with every date and date-time `days` later."""
    if days == 0:
        return value
    if isinstance(value, dict):
        return {key: shifted(item, days) for key, item in value.items()}
    if isinstance(value, list):
        return [shifted(item, days) for item in value]
    if isinstance(value, str) and _DATE.match(value):
        try:
            return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
        except ValueError:
            return value
    if isinstance(value, str) and _STAMP.match(value):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        moved = (moment + timedelta(days=days)).isoformat()
        return moved.replace("+00:00", "Z") if value.endswith("Z") else moved
    return value

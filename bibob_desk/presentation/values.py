"""The shape every rendering of the case file shares: sections of blocks (tables, paragraphs, label
and value pairs) holding typed values. Renderers format the values (screen and PDF as Dutch text,
the workbook as real dates and numbers); nobody formats a case fact twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from bibob_desk.domain.labels import euro, label, percent
from bibob_desk.workflow.calendar import nl_date


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Percent:
    value: Decimal


@dataclass(frozen=True, slots=True)
class Year:
    """A date known only approximately: shown as its year."""

    day: date


Value = str | int | Decimal | date | Money | Percent | Year | bool | StrEnum | None


class DateStyle(StrEnum):
    SHORT = "short"  # 01-03-2025: screens
    LONG = "long"  # 1 maart 2025: letters and memos


def text(value: Value, dates: DateStyle = DateStyle.SHORT) -> str:
    """A value as Dutch text."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, StrEnum):
        return label(value)
    if isinstance(value, Money):
        return euro(value.amount)
    if isinstance(value, Percent):
        return percent(value.value)
    if isinstance(value, Year):
        return f"{value.day:%Y}"
    if isinstance(value, date):
        return nl_date(value) if dates is DateStyle.LONG else f"{value:%d-%m-%Y}"
    return str(value)


def raw(value: Value) -> str | int | float | Decimal | date | None:
    """A value for a spreadsheet cell: dates stay dates, amounts numbers, labels text."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, StrEnum):
        return label(value)
    if isinstance(value, Money):
        return value.amount
    if isinstance(value, Percent):
        return value.value
    if isinstance(value, Year):
        return value.day.year
    return value


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    widths: tuple[int, ...] = ()  # relative column widths (characters), for PDF and workbook
    empty: str = "Geen gegevens."

    def compact(self) -> Table:
        """Without the columns that are empty in every row (for a screen or a page, not a sheet)."""
        keep = [i for i in range(len(self.columns)) if any(text(r[i]) for r in self.rows)]
        if len(keep) == len(self.columns) or not self.rows:
            return self
        return Table(
            tuple(self.columns[i] for i in keep),
            tuple(tuple(r[i] for i in keep) for r in self.rows),
            tuple(self.widths[i] for i in keep) if self.widths else (),
            self.empty,
        )


@dataclass(frozen=True)
class Paragraph:
    text: str
    small: bool = False
    heading: bool = False  # a sub-heading inside the section (one finding, one sub-topic)


@dataclass(frozen=True)
class Facts:
    """Label and value pairs (the case data, the LBB advice)."""

    pairs: tuple[tuple[str, Value], ...]


Block = Table | Paragraph | Facts


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]
    sensitive: bool = False  # antecedents and signals: only in the full workbook profile
    sheet: Table | None = None  # the flat table for a workbook sheet, when it differs from the blocks
    subtitle: bool = True  # memos print the title above the blocks (False: the memo heading says it)

    @property
    def table(self) -> Table | None:
        """The section as one flat table (a workbook sheet)."""
        if self.sheet is not None:
            return self.sheet
        return next((b for b in self.blocks if isinstance(b, Table)), None)

    @property
    def is_empty(self) -> bool:
        return all(isinstance(b, Table) and not b.rows for b in self.blocks)

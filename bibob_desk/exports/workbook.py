"""The Excel dossier (openpyxl, write-only): a summary sheet and one sheet per section of the case
file that has one (bibob_desk.presentation), names resolved, real dates and numbers, never a formula:
every text cell is forced to string, so '=HYPERLINK(...)' stays text (T37)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

from bibob_desk.domain.assessment import Assessment
from bibob_desk.domain.enums import Bestuursorgaan, PermitKind, ProcedureKind
from bibob_desk.domain.model import Address, Case
from bibob_desk.exports import VOLLEDIG
from bibob_desk.presentation.case_file import SHEETS, SUMMARY, CaseFile, sheet_table, summary_row
from bibob_desk.presentation.values import Money, Table, raw
from bibob_desk.workflow.deadlines import Timeline

_EMPTY_CASE = Case(  # only to read the columns of each sheet
    reference="",
    permit_kinds=[PermitKind.OVERIG],
    procedure=ProcedureKind.AANVRAAG,
    bestuursorgaan=Bestuursorgaan.COLLEGE,
    received_date=date(2000, 1, 1),
    location=Address(),
)

CONFIDENTIAL = "VERTROUWELIJK — art. 28 Wet Bibob; verstrekking aan anderen dan de wet toestaat is strafbaar"
EURO = '"€" #,##0.00;-"€" #,##0.00'
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
WRAP = Alignment(wrap_text=True)  # bottom, like the plain cells beside it
LINE = 15  # points per line of 11 pt text
SUMMARY_SHEET = "Dossiers"
SIGNALS_SHEET = "Signalen"  # the sheet of the section 'signals' of the case file
REFERENCE = ("Kenmerk", 14)


def _columns(t: Table) -> list[tuple[str, int]]:
    widths = t.widths or (16,) * len(t.columns)
    return [REFERENCE, *((c, max(w, len(c) + 2)) for c, w in zip(t.columns, widths, strict=True))]


def sheet_layout() -> tuple[dict[str, list[tuple[str, int]]], dict[str, list[tuple[str, int]]]]:
    """(basis sheets, sensitive sheets): name -> columns, from the presentation's sections."""
    from bibob_desk.presentation.case_file import SECTIONS

    empty = CaseFile(_EMPTY_CASE, None, Timeline(events=[], deadlines=[]))
    basis: dict[str, list[tuple[str, int]]] = {SUMMARY_SHEET: list(SUMMARY)}
    sensitive: dict[str, list[tuple[str, int]]] = {}
    for id_ in SHEETS:
        kind = SECTIONS[id_]
        table = sheet_table(empty, id_)
        assert table is not None, id_
        (sensitive if kind.sensitive else basis)[kind.sheet_name] = _columns(table)
    return basis, sensitive


def _cell(ws: Any, value: Any, width: int) -> Any:
    """Plain values where openpyxl cannot misread them (fast path); a typed cell for dates (Dutch
    format), for any text openpyxl would store as a formula and for text wider than its column
    (wrapped, so the printed page shows all of it)."""
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS_RE.search(value):  # control characters would break the file: shown as �
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        formula = value.startswith("=")
        if formula or len(value) > width:
            cell = WriteOnlyCell(ws, value=value)
            if formula:
                cell.data_type = "s"  # never a formula
            if len(value) > width:
                cell.alignment = WRAP
            return cell
        return value
    if isinstance(value, Money):  # an amount: a number in euro format
        cell = WriteOnlyCell(ws, value=float(value.amount))
        cell.number_format = EURO
        return cell
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "DD-MM-YYYY"
        return cell
    return value


def _fitted(columns: list[tuple[str, int]], rows: list[list[Any]]) -> list[int]:
    """Column widths from the content: as wide as the longest value or the longest word of the
    header, at most the width the section asks for (longer text wraps), never narrower than a header
    word."""
    longest = [0] * len(columns)
    for row in rows:
        for i, v in enumerate(row[: len(columns)]):
            n = (
                10
                if isinstance(v, date)
                else 15
                if isinstance(v, Money)
                else len(str(v))
                if v is not None
                else 0
            )
            longest[i] = max(longest[i], n)
    words = [max(len(w) for w in name.split()) + 3 for name, _ in columns]  # bold header, unbroken
    return [
        max(6, word, min(width, n + 2)) for (_, width), n, word in zip(columns, longest, words, strict=True)
    ]


def _lines(row: list[Any], widths: list[int]) -> int:
    """How many lines the wrapped text of a row takes (words do not break: a tenth extra)."""
    return max(
        (-(-len(v) * 11 // (10 * (w - 1))) for v, w in zip(row, widths, strict=False) if isinstance(v, str)),
        default=1,
    )


def _sheet(wb: Workbook, title: str, columns: list[tuple[str, int]], rows: list[list[Any]]) -> int:
    ws = wb.create_sheet(title)
    widths = _fitted(columns, rows)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[_letter(index)].width = width
    ws.freeze_panes = "A2"
    # printable as it is: landscape, as wide as the page, the header row on every page, marked
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.oddHeader.center.text = CONFIDENTIAL
    ws.oddHeader.center.size = 8
    ws.oddFooter.left.text = f"bibob-desk · {title}"
    ws.oddFooter.right.text = "pagina &P van &N"
    header = []
    for name, _ in columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font, cell.fill, cell.data_type, cell.alignment = HEADER_FONT, HEADER_FILL, "s", WRAP
        header.append(cell)
    ws.row_dimensions[1].height = LINE * _lines([n for n, _ in columns], widths)
    ws.append(header)
    count = 0
    for count, row in enumerate(rows, start=1):
        lines = _lines(row, widths)
        if lines > 1:  # wrapped text: a client that does not grow rows itself still shows all of it
            ws.row_dimensions[count + 1].height = LINE * lines
        ws.append([_cell(ws, v, widths[i] if i < len(widths) else 16) for i, v in enumerate(row)])
    ws.auto_filter.ref = f"A1:{_letter(len(columns))}{count + 1}"
    return count


def _letter(index: int) -> str:
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def build_workbook(items: list[tuple[Case, Assessment | None, Timeline]], profile: str) -> bytes:
    """The dossier workbook as bytes; the sensitive sheets only in the ``volledig`` profile."""
    return write_workbook(sheet_rows(items), profile)


def sheet_rows(items: list[tuple[Case, Assessment | None, Timeline]]) -> dict[str, list[list[Any]]]:
    """One list of rows per sheet (all sheets, sensitive ones included): the sections of the case
    file that have a sheet, each row led by the case reference."""
    from bibob_desk.presentation.case_file import SECTIONS

    names = {id_: SECTIONS[id_].sheet_name for id_ in SHEETS}
    sheets: dict[str, list[list[Any]]] = {SUMMARY_SHEET: [], **{n: [] for n in names.values()}}
    summary = sheets[SUMMARY_SHEET]
    for case, a, timeline in items:
        cf = CaseFile(case, a, timeline)
        summary.append([_value(v) for v in summary_row(cf)])
        ref = case.reference
        for id_, name in names.items():
            table = sheet_table(cf, id_)
            if table is not None:
                sheets[name] += [[ref, *(_value(v) for v in row)] for row in table.rows]
    return sheets


def _value(value: Any) -> Any:
    """A cell value: amounts keep their kind (euro format), everything else as `raw`."""
    return value if isinstance(value, Money) else raw(value)


def write_workbook(sheets: dict[str, list[list[Any]]], profile: str) -> bytes:
    basis, sensitive = sheet_layout()
    wb = Workbook(write_only=True)
    for name, columns in basis.items():
        _sheet(wb, name, columns, sheets.get(name, []))
    if profile == VOLLEDIG:
        for name, columns in sensitive.items():
            _sheet(wb, name, columns, sheets.get(name, []))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

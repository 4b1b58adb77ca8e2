"""Tables as an Excel workbook (.xlsx): one sheet per table, for the ledger and other exports.

Every cell holds what it is — a number as a number, text as text, never a formula — so text
quoted from a document ("=HYPERLINK(…)", "-3%") cannot run in a reader's spreadsheet. The
same input gives a byte-identical file. xlsxwriter is imported only when a workbook is written,
so question commands do not load it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from jingan_kg.query.render import width

# Status word (as the ledger writes it) -> fill colour; the word stays in the cell, the colour
# only helps the eye. Excel's own "Good / Bad / Neutral" fills, light enough for dark text.
STATUS_COLOURS: dict[str, str] = {
    "met": "#C6EFCE",
    "not met": "#FFC7CE",
    "pending": "#FFEB9C",
    "overdue": "#F8CBAD",
    "not comparable": "#D9D9D9",
}
# The text colour that reads well on each fill (contrast ratio above 4.5:1).
STATUS_TEXT_COLOURS: dict[str, str] = {
    "met": "#006100",
    "not met": "#9C0006",
    "pending": "#7A4400",
    "overdue": "#7A2E05",
    "not comparable": "#262626",
}

CREATED = datetime(2000, 1, 1)  # the documents' created date unless a caller gives one: a fixed date keeps files stable
MIN_WIDTH = 6  # column widths in characters of the default font
MAX_WIDTH = 60
MAX_CELL = 32_767  # Excel's limit on a cell's text, in UTF-16 units
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_DIGITS = 15  # Excel keeps 15 significant digits; a longer int or Decimal is kept exact as text
_FORMULA_START = ("=", "+", "-", "@")
# What XML 1.0 (so an .xlsx) cannot hold: C0 controls but tab, newline and CR; lone surrogates; U+FFFE/U+FFFF.
_UNHOLDABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


@dataclass(frozen=True)
class Sheet:
    """One table: a header, its rows, and how its columns look."""

    name: str  # sheet title; cut to 31 characters, []:*?/\ replaced, made unique
    header: list[str]
    rows: list[list[Any]]  # str, int, float, Decimal, bool, None
    widths: dict[str, int] | None = None  # fixed widths (characters) by header name; others fit their text
    wrap: tuple[str, ...] = ()  # header names whose cells wrap (long quotes)
    status_column: str | None = None  # header name of a status column: its cells coloured by STATUS_COLOURS


def write_workbook(path: Path, sheets: list[Sheet], title: str | None = None, *, created: datetime = CREATED) -> None:
    """Write `sheets` to the .xlsx file `path`: header bold and frozen, an autofilter, columns fitted.

    >>> write_workbook(Path("ledger.xlsx"), [Sheet("督办台账", ["指标", "状态"], [["税收", "met"]])])  # doctest: +SKIP
    """
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    for sheet in sheets:
        _check(sheet)
    import xlsxwriter

    buf = io.BytesIO()
    # Cells are written with write_string / write_number only; the options keep write() from guessing too.
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(buf, options)
    book.set_properties({"title": title or "jingan-kg", "created": created})
    formats = _Formats(book)
    for sheet, name in zip(sheets, _sheet_names([s.name for s in sheets])):
        _write_sheet(book.add_worksheet(name), sheet, formats)
    book.close()
    Path(path).write_bytes(buf.getvalue())


def cell_text(text: str) -> str:
    """Text as a cell can hold it: unholdable characters -> U+FFFD, over 32,767 UTF-16 units cut with …."""
    text = _UNHOLDABLE.sub("\ufffd", text)
    return text if len(text) * 2 <= MAX_CELL else _cut_utf16(text, MAX_CELL)


def _cut_utf16(text: str, limit: int) -> str:
    units = text.encode("utf-16-le")
    if len(units) <= 2 * limit:
        return text
    return units[: 2 * (limit - 1)].decode("utf-16-le", errors="ignore") + "…"


def _check(sheet: Sheet) -> None:
    """Refuse what Excel would drop or mangle silently, naming the sheet and the row."""
    where = f"sheet {sheet.name!r}"
    if not sheet.header:
        raise ValueError(f"{where}: a sheet needs at least one column")
    if len(sheet.header) > MAX_COLUMNS or len(sheet.rows) + 1 > MAX_ROWS:
        raise ValueError(f"{where}: {len(sheet.rows)} rows × {len(sheet.header)} columns is over Excel's limits")
    for i, row in enumerate(sheet.rows, 1):
        if len(row) != len(sheet.header):
            raise ValueError(f"{where}, row {i}: {len(row)} values for {len(sheet.header)} columns")
    named = [*(sheet.widths or {}), *sheet.wrap, *([sheet.status_column] if sheet.status_column else [])]
    unknown = [n for n in named if n not in sheet.header]
    if unknown:
        raise ValueError(f"{where}: {unknown} named in widths/wrap/status_column but not in the header")
    for name, cols in (sheet.widths or {}).items():
        if not 0 < cols <= 255:
            raise ValueError(f"{where}: width {cols} for {name!r} is outside 1..255")


def _sheet_names(names: list[str]) -> list[str]:
    """Names Excel takes: no []:*?/\\, no apostrophe at either end, ≤31 UTF-16 units, unique ignoring case."""
    taken = {"history"}  # Excel reserves History for its change tracking
    out = []
    for name in names:
        base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "Sheet"
        candidate, n = _cut_utf16_plain(base, 31), 1
        while candidate.lower() in taken:
            n += 1
            suffix = f" ({n})"
            candidate = _cut_utf16_plain(base, 31 - len(suffix)) + suffix
        taken.add(candidate.lower())
        out.append(candidate)
    return out


def _cut_utf16_plain(text: str, limit: int) -> str:
    cut = text.encode("utf-16-le")[: 2 * limit].decode("utf-16-le", errors="ignore")
    return cut.rstrip("'") or "Sheet"


class _Formats:
    """One xlsxwriter format per look, made when first needed (in cell order, so files stay stable)."""

    def __init__(self, book: Any):
        self._book, self._made = book, {}

    def get(self, *, bold: bool = False, wrap: bool = False, status: str | None = None, quote: bool = False) -> Any:
        key = (bold, wrap, status, quote)
        if key not in self._made:
            props: dict[str, Any] = {"valign": "top"}
            if bold:
                props["bold"] = True
            if wrap:
                props["text_wrap"] = True
            if status:
                props |= {"bg_color": STATUS_COLOURS[status], "font_color": STATUS_TEXT_COLOURS[status]}
            if quote:  # Excel's leading-apostrophe mark: editing the cell keeps it text
                props["quote_prefix"] = True
            self._made[key] = self._book.add_format(props)
        return self._made[key]


def _write_sheet(ws: Any, sheet: Sheet, formats: _Formats) -> None:
    wrap = [h in sheet.wrap for h in sheet.header]
    status = [h == sheet.status_column for h in sheet.header]
    widths = [width(h) + 2 for h in sheet.header]  # + room for the filter button
    for col, head in enumerate(sheet.header):
        text = cell_text(str(head))
        ws.write_string(0, col, text, formats.get(bold=True, quote=text.startswith(_FORMULA_START)))
    for r, row in enumerate(sheet.rows, 1):
        for col, value in enumerate(row):
            shown = _write_cell(ws, r, col, value, formats, wrap[col], status[col], sheet.name)
            widths[col] = max(widths[col], _shown_width(shown))
    for col, head in enumerate(sheet.header):
        fixed = (sheet.widths or {}).get(head)
        ws.set_column(col, col, fixed if fixed else min(max(widths[col] + 1, MIN_WIDTH), MAX_WIDTH))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(sheet.rows), len(sheet.header) - 1)


def _write_cell(ws: Any, r: int, c: int, value: Any, formats: _Formats, wrap: bool, status: bool, name: str) -> str:
    """Write one value as what it is; returns the text it shows, for the column width."""
    if value is None:
        ws.write_blank(r, c, None, formats.get(wrap=wrap))
        return ""
    if isinstance(value, bool):  # before int: a bool is an int
        ws.write_boolean(r, c, value, formats.get(wrap=wrap))
        return "FALSE" if not value else "TRUE"
    if isinstance(value, int | float | Decimal):
        if _holds_as_number(value):
            ws.write_number(r, c, float(value) if isinstance(value, Decimal) else value, formats.get(wrap=wrap))
            return f"{value:.11g}" if isinstance(value, float) else str(value)
        value = str(value)  # NaN, infinity, or too many digits: the text keeps it exact
    if not isinstance(value, str):
        raise TypeError(f"sheet {name!r}, row {r}, column {c + 1}: {type(value).__name__} is not a cell value")
    text = cell_text(value)
    key = text.strip().lower() if status else None
    fmt = formats.get(wrap=wrap, status=key if key in STATUS_COLOURS else None, quote=text.startswith(_FORMULA_START))
    ws.write_string(r, c, text, fmt)
    return text


def _holds_as_number(value: int | float | Decimal) -> bool:
    if isinstance(value, float):
        return value == value and abs(value) != float("inf")
    number = Decimal(value)
    return number.is_finite() and len(number.normalize().as_tuple().digits) <= MAX_DIGITS


def _shown_width(text: str) -> int:
    """Widest line's display width, looking no further than MAX_WIDTH characters into a line."""
    return max((width(line[:MAX_WIDTH]) for line in text.split("\n")), default=0)

"""Untrusted cell contents made into plain values: a sheet's extent, numbers typed as text,
dates and percentages in text fields, invisible characters. Used by `reader` only; knows
nothing of the layout, so every rule here is about one cell (or one sheet) at a time.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

# Zero-width, soft hyphen, word joiners and bidi controls: invisible in Excel, but a code
# holding one is another code, and bidi controls reorder what a reader sees.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")
GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
PERCENT_FORMAT = re.compile(r"0(?:\.(0+))?\s*%")


class BadNumber(ValueError):
    """Text that is not a number; `rule` tells which way."""

    def __init__(self, rule: str):
        super().__init__(rule)
        self.rule = rule


def parse_number(text: str) -> Decimal:
    """A number typed as text: digits, one point, commas only as thousands separators
    ("1,234,567.89"); "1234,56" (a decimal comma) or "1,2,3,4" raise BadNumber("bad_separator")."""
    text = text.replace(" ", "")
    if PLAIN_NUMBER.fullmatch(text):
        return Decimal(text)
    if GROUPED_NUMBER.fullmatch(text):
        return Decimal(text.replace(",", ""))
    if "," in text and PLAIN_NUMBER.fullmatch(text.replace(",", "")):
        raise BadNumber("bad_separator")
    raise BadNumber("not_a_number")


def strip_invisible(text: str) -> tuple[str, int]:
    """The text without invisible characters, and how many there were."""
    cleaned, count = INVISIBLE.subn("", text)
    return cleaned, count


def as_text(value: Any, number_format: str = "General") -> str:
    """What a non-text value typed into a text field shows as: a date as 2023年12月31日, a
    percent-formatted number as "100%", a whole number without ".0"."""
    if isinstance(value, date):  # a datetime too: a date typed into a text field has no time
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        percent = PERCENT_FORMAT.search(number_format or "")
        if percent:
            with localcontext() as ctx:  # format, unlike quantize, cannot overflow the precision
                ctx.rounding = ROUND_HALF_UP
                return f"{number * 100:.{len(percent[1] or '')}f}%"
        if number == number.to_integral_value():
            return f"{number.to_integral_value():f}"
        return f"{number.normalize():f}"
    return str(value)


def value_rows(ws, min_row: int = 1) -> dict[int, dict[int, Any]]:
    """row -> column -> cell, for the cells from `min_row` on that hold a value.

    Built from the cells the file holds, not from ws.max_row / iter_rows: one formatted,
    empty cell at row 1,048,576 or column XFD would make openpyxl create every cell up to
    it (minutes and gigabytes). A sheet's extent is its data."""
    rows: dict[int, dict[int, Any]] = {}
    for (row, col), cell in ws._cells.items():  # noqa: SLF001  (no public view of stored cells)
        if row >= min_row and cell.value is not None:
            rows.setdefault(row, {})[col] = cell
    return dict(sorted(rows.items()))


def hidden_columns(ws) -> set[int]:
    """Column numbers marked hidden (a dimension may span many columns)."""
    hidden: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min and dim.max:
            hidden.update(range(dim.min, dim.max + 1))
    return hidden


def hidden_rows(ws, rows) -> list[int]:
    """Those of `rows` marked hidden (row_dimensions.get does not create entries)."""
    return [r for r in rows if (dim := ws.row_dimensions.get(r)) is not None and dim.hidden]

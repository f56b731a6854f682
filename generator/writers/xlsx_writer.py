"""Doctree → .xlsx: every table of the document on a sheet of its own, laid out as printed
(label, title, meta lines, merged header cells, notes), numbers as numbers.

The spreadsheet portals publish beside the PDF. Deterministic bytes: fixed document
properties and zip entry times.
"""
from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..atomic import atomic_path
from ..doctree import CENTER, LEFT, RIGHT, Cell, Document, Table
from .common import deterministic_zip, safe_name, style_value, table_grid, table_name, tables

SHEET_NAME_MAX = 31  # Excel's limit
FIXED_TIME = datetime.datetime(2000, 1, 1)
WIDTH_PER_WEIGHT = 7  # Excel character widths per unit of a doctree column's weight
THIN = Side(style="thin", color="000000")


def text(value: str) -> str:
    """Text as a cell may hold it: control characters (possible in an untrusted workbook's
    names) would make openpyxl refuse the whole file."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def sheet_name(name: str, taken: set[str]) -> str:
    """`name` made a valid sheet name, unique (case-insensitively, as Excel compares)
    among `taken`, which it joins."""
    base = safe_name(name, 100) or "表"
    candidate = base[:SHEET_NAME_MAX]
    n = 1
    while candidate.lower() in taken:
        n += 1
        suffix = f"({n})"
        candidate = base[:SHEET_NAME_MAX - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def number_format(cell: Cell) -> str:
    """The Excel format that shows cell.value as the document shows cell.text:
    same decimals, thousands separators where the text has them."""
    decimals = len(cell.text.rsplit(".", 1)[1]) if "." in cell.text else 0
    integer = "#,##0" if "," in cell.text else "0"
    return integer + ("." + "0" * decimals if decimals else "")


class XlsxWriter:
    def __init__(self, style: dict):
        self.font_name = style_value(style, "fonts", "table")
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.taken: set[str] = set()

    def font(self, bold: bool = False, size: float | None = None) -> Font:
        return Font(name=self.font_name, bold=bold, size=size)

    def line(self, ws, row: int, table: Table, line_text: str, align: str, **font) -> int:
        """One text line across the table's width; returns the next free row."""
        if line_text:
            cell = ws.cell(row=row, column=1, value=text(line_text))
            cell.font = self.font(**font)
            cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
            if table.width > 1:
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=table.width)
            row += 1
        return row

    def table(self, table: Table, index: int) -> None:
        ws = self.wb.create_sheet(sheet_name(table_name(table, index), self.taken))
        row = self.line(ws, 1, table, table.label, LEFT)
        row = self.line(ws, row, table, table.title, CENTER, bold=True, size=14)
        row = self.line(ws, row, table, table.subtitle, CENTER)
        if table.meta_left or table.meta_right:
            ws.cell(row=row, column=1, value=text(table.meta_left) or None).font = self.font()
            if table.meta_right:
                right = ws.cell(row=row, column=max(2, table.width), value=text(table.meta_right))
                right.font = self.font()
                right.alignment = Alignment(horizontal=RIGHT)
            row += 1
        top = row
        for r, col, span, down, cell in table_grid(table):
            header = r < len(table.header)
            target = ws.cell(row=top + r, column=col + 1)
            if cell.value is not None:
                target.value = cell.value
                target.number_format = number_format(cell)
            elif cell.text:
                # Text stays text, even when it looks like a number (科目编码 206…).
                target.value = text(cell.text)
                target.data_type = "s"
            align = cell.align or (CENTER if header else table.columns[col].align)
            target.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
            target.font = self.font(bold=cell.bold or header)
            if span > 1 or down > 1:
                ws.merge_cells(start_row=top + r, start_column=col + 1,
                               end_row=top + r + down - 1, end_column=col + span)
            for k in range(down):
                for j in range(span):
                    ws.cell(row=top + r + k, column=col + 1 + j).border = BORDER
        row = top + len(table.header) + len(table.body)
        for note in table.notes:
            row = self.line(ws, row, table, note, LEFT)
        if table.header and table.header_rows_repeat:
            ws.freeze_panes = ws.cell(row=top + len(table.header), column=1)
        for c, column in enumerate(table.columns, start=1):
            ws.column_dimensions[get_column_letter(c)].width = max(6, round(
                column.width * WIDTH_PER_WEIGHT * table.font_scale, 1))
        ws.page_setup.orientation = "landscape" if table.landscape else "portrait"

    def save(self, document: Document) -> bytes:
        props = self.wb.properties
        props.title, props.subject, props.creator = (text(v) for v in (document.title, document.subject, document.author))
        props.language = document.language
        props.created = props.modified = FIXED_TIME
        props.lastModifiedBy = None
        if not self.wb.sheetnames:
            self.wb.create_sheet("表")
        buffer = io.BytesIO()
        # ExcelWriter, not Workbook.save, which stamps the current time into docProps/core.xml.
        ExcelWriter(self.wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
        return deterministic_zip(buffer.getvalue())


def write_xlsx(document: Document, style: dict, path: Path) -> None:
    writer = XlsxWriter(style)
    for index, table in enumerate(tables(document), start=1):
        writer.table(table, index)
    data = writer.save(document)
    with atomic_path(Path(path)) as tmp:
        tmp.write_bytes(data)

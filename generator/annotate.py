"""An annotated copy of a workbook: each finding as a comment and a fill on its cell,
and a 校验结果 sheet (last, and active on opening) listing them all, so the accountant
fixes each one where it is."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time, timedelta
from itertools import islice
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import quote_sheetname
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.hyperlink import Hyperlink

from .atomic import atomic_path
from .findings import ERROR, HINT, Finding
from .safe_open import open_workbook

RESULT_SHEET = "校验结果"
AUTHOR = "disclosure check"
FILLS = {
    ERROR: PatternFill("solid", fgColor="FFC7CE"),  # red
    HINT: PatternFill("solid", fgColor="FFEB9C"),  # yellow
}
MAX_FILLED = 2000  # cells coloured per range; a whole-column range needs no more to be seen
# A formula cell as openpyxl writes it: the formula, and an empty result.
_FORMULA_CELL = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"([^>]*)>(<f[^>]*/>|<f[^>]*>.*?</f>)<v(?:\s*/>|></v>)</c>', re.DOTALL)
HEADERS = (("序号", 6), ("级别", 8), ("工作表", 12), ("单元格", 12), ("问题说明", 100), ("规则", 24))


def _anchor(ws, ref: str):
    """The cell that carries the comment: a range's top-left, a merged cell's owner."""
    min_col, min_row, _max_col, _max_row = range_boundaries(ref)
    cell = ws.cell(row=min_row, column=min_col)
    if isinstance(cell, MergedCell):
        for rng in ws.merged_cells.ranges:
            if cell.coordinate in rng:
                return ws.cell(row=rng.min_row, column=rng.min_col)
    return cell


def _mark(wb, sheet: str, ref: str, severity: str, text: str, notes: dict) -> None:
    if sheet not in wb.sheetnames:
        return
    ws = wb[sheet]
    ref = ref or "A1"  # a finding about the whole sheet goes on its first cell
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    rows = ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col)
    for cell in islice((c for row in rows for c in row), MAX_FILLED):
        # A hint must not hide an error already marked on the same cell.
        if cell.fill != FILLS[ERROR]:
            cell.fill = FILLS[severity]
    anchor = _anchor(ws, ref)
    notes.setdefault((sheet, anchor.coordinate), (anchor, []))[1].append(text)


def _text(ws, row: int, column: int, text: str):
    """A cell holding `text` as text: openpyxl would take "=A1" (a code typed in a cell,
    quoted back in a finding) for a formula."""
    cell = ws.cell(row=row, column=column, value=text or None)
    if text:
        cell.data_type = "s"
    return cell


def _result_xml(cell) -> tuple[bytes, bytes]:
    """The type attribute and <v> text of a formula's saved result, as Excel writes them."""
    value = cell.value
    if cell.data_type == "e":
        return b' t="e"', escape(value).encode()
    if isinstance(value, bool):
        return b' t="b"', b"1" if value else b"0"
    if isinstance(value, (int, float)):
        return b"", repr(value).encode()
    if isinstance(value, (datetime, date, time, timedelta)):
        return b"", repr(to_excel(value, cell.parent.parent.epoch)).encode()
    return b' t="str"', escape("" if value is None else str(value)).encode()


def _with_results(part: bytes, results) -> bytes:
    """A saved sheet part with each formula's <v> filled from the same cell of `results`."""
    def fill(m: re.Match) -> bytes:
        kind, text = _result_xml(results[m[1].decode()])
        return b'<c r="%s"%s%s>%s<v>%s</v></c>' % (m[1], m[2], kind, m[3], text)
    return _FORMULA_CELL.sub(fill, part)


def _save_with_results(wb, results, target: Path) -> None:
    """openpyxl writes a formula without its saved result, and this tool (which does not
    calculate) would then refuse the copy: put back each formula's result from `results`
    (the source loaded with data_only)."""
    saved = io.BytesIO()
    wb.save(saved)
    parts = {ws.path.lstrip("/"): results[ws.title] for ws in wb.worksheets if ws.title in results.sheetnames}
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in parts:
                data = _with_results(data, parts[info.filename])
            dst.writestr(info, data)


def _result_sheet(wb, findings: list[Finding]) -> None:
    if RESULT_SHEET in wb.sheetnames:
        del wb[RESULT_SHEET]  # annotating an annotated copy replaces the old list
    ws = wb.create_sheet(RESULT_SHEET)  # last, as the accountant's guide says; opened first
    for col, (title, width) in enumerate(HEADERS, start=1):
        cell = ws.cell(row=1, column=col, value=title)
        cell.font = Font(bold=True)
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2"
    if not findings:
        ws.cell(row=2, column=5, value="未发现问题。")
    for row, f in enumerate(findings, start=2):
        ws.cell(row=row, column=1, value=row - 1)
        _text(ws, row, 2, f.severity).fill = FILLS[f.severity]
        _text(ws, row, 3, f.sheet)
        where = _text(ws, row, 4, f.cell)
        if f.sheet in wb.sheetnames:
            where.hyperlink = Hyperlink(
                ref=where.coordinate,
                location=f"{quote_sheetname(f.sheet)}!{(f.cell or 'A1').split(':')[0]}")
            where.font = Font(color="0563C1", underline="single")
        _text(ws, row, 5, f.message).alignment = Alignment(wrap_text=True, vertical="top")
        _text(ws, row, 6, f.rule)
    # Only the list is selected, or Excel opens with two sheets grouped.
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    wb.active = ws


def annotate(source: Path, target: Path, findings: list[Finding]) -> None:
    """Write a copy of `source` to `target` with every finding marked; `source` is untouched."""
    wb = open_workbook(source, data_only=False)
    results = open_workbook(source)
    notes: dict[tuple[str, str], tuple[object, list[str]]] = {}
    for f in findings:
        _mark(wb, f.sheet, f.cell, f.severity, f"【{f.severity}】{f.message}", notes)
        for other in f.related:
            sheet, _, ref = other.rpartition("!")
            _mark(wb, sheet, ref, f.severity,
                  f"【{f.severity}，相关单元格，见 {f.where}】{f.message}", notes)
    for anchor, texts in notes.values():
        comment = Comment("\n\n".join(texts), AUTHOR)
        comment.width, comment.height = 420, min(60 + 80 * len(texts), 600)
        anchor.comment = comment
    _result_sheet(wb, findings)
    with atomic_path(target) as tmp:
        _save_with_results(wb, results, tmp)

"""Modified copies of the bundled workbooks, shared by test_checks and test_bad_files."""
from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

HAN = re.compile(r"[\u4e00-\u9fff]")


def edited(source: Path, target: Path, edit: Callable) -> Path:
    """Copy `source` to `target` through openpyxl, calling edit(workbook) on the way."""
    wb = openpyxl.load_workbook(source)
    edit(wb)
    wb.save(target)
    return target


def rezipped(source: Path, target: Path, edit: Callable[[str, bytes], bytes | None],
             extra: dict[str, bytes] | None = None) -> Path:
    """Copy the zip `source` member by member; edit(name, data) returns new data, or None to drop it."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = edit(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return target


def sheet_part(source: Path, sheet: str) -> str:
    """The zip member holding `sheet` (openpyxl writes them in sheet order)."""
    names = openpyxl.load_workbook(source, read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"


def row_of(ws, column: str, value) -> int:
    """The first row whose cell in `column` holds `value`."""
    for cell in ws[column]:
        if cell.value == value:
            return cell.row
    raise LookupError(value)

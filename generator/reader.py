"""The reader core: reads a workbook's sheets into typed records. The only module (with
`workbook`) that knows cells; each kind's `reader` assembles its model from these records.

Values are converted by the column types of `schema`; every problem becomes a
Finding with the sheet and cell, never an exception with a traceback.
"""
from __future__ import annotations

import difflib
import unicodedata
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter

from . import schema
from .cells import BadNumber, as_text, hidden_columns, hidden_rows, parse_number, strip_invisible, value_rows
from .findings import ERROR, HINT, Finding, FindingsError, InputError, excerpt, has_errors
from .model import ZERO, Form, Unit
from .safe_open import open_workbook

KINDS = {label: kind for kind, label in schema.KIND_LABELS.items()}
TEN_THOUSAND = Decimal(10000)
FEN = Decimal("0.01")
MAX_AMOUNT = Decimal(10) ** 12  # 元; far above any unit's budget, far below Decimal's precision
MAX_ROWS = 20_000  # data rows a sheet; a real unit has a few hundred at most
YEARS = (2000, 2100)
SHOWN_ROWS = 10  # hidden rows listed by number in a hint
MAX_TEXT = 20_000  # characters; the longest real 职责 text is a few thousand


class Record(dict):
    """One data row: typed values by column key, plus where each came from."""

    def __init__(self, sheet: str, row: int, cells: dict[str, str]):
        super().__init__()
        self.sheet, self.row, self.cells = sheet, row, cells


class SheetReader:
    def __init__(self, wb, path: Path, layout: frozenset[str] = frozenset()):
        self.wb = wb
        self.path = path
        self.layout = layout  # every kind's sheet names: a near miss is only sought among the others
        self.findings: list[Finding] = []
        self.money_factor = Decimal(1)
        # Cells already reported, so an unreadable value is not reported again as empty.
        self.flagged: set[tuple[str, str]] = set()

    def error(self, rule: str, message: str, sheet: str = "", cell: str = "") -> None:
        self.findings.append(Finding(ERROR, rule, message, sheet, cell))
        self.flagged.add((sheet, cell))

    def required(self, value: Any, sheet: str, cell: str, message: str) -> None:
        if value is None and (sheet, cell) not in self.flagged:
            self.error("required", message, sheet, cell)

    def merged(self, ws, sheet: str, max_col: int) -> None:
        """Merged cells keep only their top-left value; in the data area the rest is lost."""
        for rng in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
            if rng.max_row < 2 or rng.min_col > max_col:
                continue
            self.error("merged_cells",
                       f"{rng.coord} 是合并单元格。数据区不能合并单元格：合并后只保留左上角单元格的内容，"
                       "其余内容会丢失。请取消合并，在每个单元格分别填写。", sheet, rng.coord)
            for row in ws.iter_rows(min_row=max(rng.min_row, 2), max_row=rng.max_row,
                                    min_col=rng.min_col, max_col=rng.max_col):
                self.flagged.update((sheet, c.coordinate) for c in row)

    def hint(self, rule: str, message: str, sheet: str = "", cell: str = "") -> None:
        self.findings.append(Finding(HINT, rule, message, sheet, cell))

    def sheet(self, spec: schema.Sheet):
        if spec.name not in self.wb.sheetnames:
            near = _near_sheet(spec.name, self.wb.sheetnames, self.layout)
            hint = (f"工作表“{near}”的名称与它相近（{_difference(near, spec.name)}），是否就是它？工作表名称须完全一致，"
                    f"请改为“{spec.name}”。") if near else ""
            raise InputError(Finding(
                ERROR, "missing_sheet",
                f"缺少工作表“{spec.name}”。{hint}请使用 disclosure init 生成的模板填写，不要删除或改名工作表。",
                spec.name))
        return self.wb[spec.name]

    def cells(self, ws, spec: schema.Sheet, grid: dict[int, dict[int, Any]], columns: set[int],
              published: set[int] | None = None) -> dict[int, dict[int, Any]]:
        """The rows of `grid` (from cells.value_rows) that hold a value in `columns`; too many
        is an error (and no rows). Hidden rows, columns or sheet with a value in `published`
        (default: `columns`) are a hint."""
        rows = {r: cells for r, cells in grid.items() if _filled(cells, columns)}
        if len(rows) > MAX_ROWS:
            self.error("too_many_rows",
                       f"工作表“{spec.name}”有 {len(rows):,} 行填写了内容，超过 {MAX_ROWS:,} 行的上限，"
                       "不像是一个单位的填报表。请检查是否误粘贴了大量数据。", spec.name)
            return {}
        published = columns if published is None else published
        shown = {r: cells for r, cells in rows.items() if _filled(cells, published)}
        if shown:
            self.hidden(ws, spec.name, shown, published)
        return rows

    def hidden(self, ws, sheet: str, rows: dict[int, dict[int, Any]], columns: set[int]) -> None:
        """Hidden content is read and published like any other: say so, and where."""
        first = next(iter(rows))
        if ws.sheet_state != "visible":
            self.hint("hidden_content",
                      f"工作表“{sheet}”是隐藏的，但其中的内容仍会读取并公开。请取消隐藏后核对。",
                      sheet, f"A{first}")
        hidden = hidden_rows(ws, rows)
        if hidden:
            shown = "、".join(str(r) for r in hidden[:SHOWN_ROWS]) + ("等" if len(hidden) > SHOWN_ROWS else "")
            self.hint("hidden_content",
                      f"第{shown}行（共 {len(hidden)} 行）是隐藏行，但其中的内容仍会读取并公开。"
                      "请取消隐藏后核对：不应公开的请删除。", sheet, f"A{hidden[0]}")
        used = {c for cells in rows.values() for c, cell in cells.items()
                if c in columns and not _blank(cell.value)}
        cols = sorted(used & hidden_columns(ws))
        if cols:
            letters = "、".join(get_column_letter(c) for c in cols)
            self.hint("hidden_content",
                      f"{letters}列是隐藏列，但其中的内容仍会读取并公开。请取消隐藏后核对：不应公开的请删除。",
                      sheet, f"{get_column_letter(cols[0])}{first}")

    # -- value conversion -------------------------------------------------------------
    def convert(self, value: Any, kind: str, sheet: str, cell: str, label: str,
                choices: str | None, number_format: str = "General") -> Any:
        if isinstance(value, str):
            value = self.visible(value, sheet, cell, label)
            if len(value) > MAX_TEXT:
                self.error("text_too_long",
                           f"“{label}”有 {len(value):,} 个字符，超过 {MAX_TEXT:,} 个字符的上限，不像是正常填写的内容"
                           f"（开头为“{excerpt(value)}”）。请删减后再试。", sheet, cell)
                return None
            value = value.replace("\r\n", "\n").strip()
            if value == "":
                return None
        if value is None:
            return None
        if kind in (schema.MONEY, schema.YUAN, schema.NUMBER):
            return self.number(value, kind, sheet, cell, label)
        if kind == schema.INT:
            number = self.number(value, schema.NUMBER, sheet, cell, label)
            if number is None:
                return None
            if number != number.to_integral_value():
                self.error("not_integer", f"“{label}”应为整数，填写的是 {excerpt(value)}。", sheet, cell)
                return None
            return int(number)
        if kind == schema.CODE:
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return str(value).strip()
        text = value if isinstance(value, str) else as_text(value, number_format)
        if kind == schema.CHOICE and choices and text not in schema.LISTS[choices]:
            allowed = "、".join(schema.LISTS[choices])
            self.error("bad_choice", f"“{label}”填写了“{excerpt(text)}”，只能填写：{allowed}。", sheet, cell)
            return None
        return text

    def visible(self, text: str, sheet: str, cell: str, label: str) -> str:
        cleaned, count = strip_invisible(text)
        if count:
            self.hint("invisible_chars",
                      f"“{label}”含有 {count} 个不可见字符（零宽空格、软连字符或文字方向控制符等，常随复制粘贴带入），"
                      f"已删除；删除后为“{excerpt(cleaned)}”。", sheet, cell)
        return cleaned

    def number(self, value: Any, kind: str, sheet: str, cell: str, label: str) -> Decimal | None:
        if isinstance(value, bool):
            value = str(value)
        if value in ERROR_CODES:
            self.error("not_a_number", f"“{label}”显示公式错误值 {value}，请在 Excel 或 WPS 中改正公式或改填数值。",
                       sheet, cell)
            return None
        if isinstance(value, (int, float)):
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        else:
            try:
                number = parse_number(value) if isinstance(value, str) else None
            except BadNumber as exc:
                if exc.rule == "bad_separator":
                    self.error("bad_separator",
                               f"“{label}”填写的“{excerpt(value)}”中的逗号不是千位分隔符（千位分隔符每三位一个，"
                               "如 1,234,567.89；小数点只能用“.”）。请改正，以免金额被误读。", sheet, cell)
                    return None
                number = None
            if number is None:
                self.error("not_a_number", f"“{label}”应填写数字，填写的是“{excerpt(value)}”。没有金额请留空。",
                           sheet, cell)
                return None
        if not number.is_finite():
            self.error("not_a_number", f"“{label}”应填写数字，填写的是“{value}”。", sheet, cell)
            return None
        factor = self.money_factor if kind == schema.MONEY else 1
        if abs(number) * factor > MAX_AMOUNT:
            unit = "元" if kind in (schema.MONEY, schema.YUAN) else ""
            self.error("number_too_large",
                       f"“{label}”填写的 {excerpt(value)} 超过上限 1,000,000,000,000{unit}（10^12{unit}），"
                       "不可能是一个单位的真实数字。请核对金额和金额单位。", sheet, cell)
            return None
        if kind in (schema.MONEY, schema.YUAN):
            if number < 0:
                self.error("negative_amount", f"“{label}”不能为负数，填写的是 {value}。", sheet, cell)
            if number != number.quantize(FEN):
                unit = "元，即到分" if kind == schema.YUAN or self.money_factor == 1 else "万元"
                self.error("money_precision",
                           f"“{label}”最多保留两位小数（{unit}），填写的是 {value}。", sheet, cell)
            if kind == schema.MONEY:
                number *= factor
        return number

    # -- sheets ---------------------------------------------------------------------------
    def form(self, spec: schema.FormSheet) -> Form:
        ws = self.sheet(spec)
        self.merged(ws, spec.name, 2)
        by_label = {f.label: f for f in spec.fields}
        form = Form(sheet=spec.name)
        # Column A holds the printed labels: only the values in B (and D) are the unit's data.
        grid = value_rows(ws)
        header = grid.pop(1, {})
        # Column D holds the 调整说明 where the sheet has one (older workbooks do not).
        adjustable = spec.adjustable and 4 in header and _label(header[4].value) == schema.ADJUSTMENT
        data_columns = {2, 4} if adjustable else {2}
        for row, cells in self.cells(ws, spec, grid, {1} | data_columns, published=data_columns).items():
            label_cell, value_cell = cells.get(1), cells.get(2)
            label = _label(label_cell.value) if label_cell else None
            fld = by_label.get(label)
            if fld is None:
                continue
            cell = f"B{row}"
            form.cells[fld.key] = cell
            form.values[fld.key] = self.convert(
                value_cell.value if value_cell else None, fld.type, spec.name, cell, fld.label,
                fld.choices, value_cell.number_format if value_cell else "General")
            if adjustable:
                note = cells.get(4)
                form.adjustments[fld.key] = self.convert(
                    note.value if note else None, schema.LONGTEXT, spec.name, f"D{row}",
                    schema.ADJUSTMENT, None) or ""
        for fld in spec.fields:
            if fld.key not in form.cells:
                if fld.optional:
                    continue
                self.error("missing_field", f"缺少“{fld.label}”一行，请不要删除或改动A列的项目名称。",
                           spec.name)
            elif fld.required:
                self.required(form.values.get(fld.key), spec.name, form.cells[fld.key],
                              f"“{fld.label}”为必填项，不能为空。")
        return form

    def table(self, spec: schema.TableSheet) -> list[Record]:
        ws = self.sheet(spec)
        grid = value_rows(ws)
        header = grid.pop(1, {})
        positions: dict[str, int] = {}
        for col, cell in sorted(header.items()):
            text = _label(cell.value)
            for column in spec.columns:
                if text == column.header:
                    positions[column.key] = col - 1
        missing = [c.header for c in spec.columns if c.key not in positions and not c.optional]
        if missing:
            raise InputError(Finding(
                ERROR, "missing_header",
                f"第1行缺少表头：{'、'.join(missing)}。请不要修改或删除表头。", spec.name, "A1"))
        self.merged(ws, spec.name, max(positions.values()) + 1)
        columns = [c for c in spec.columns if c.key in positions]
        records: list[Record] = []
        seen: dict[tuple, int] = {}
        column_numbers = {idx + 1 for idx in positions.values()}
        for row_no, cells in self.cells(ws, spec, grid, column_numbers).items():
            refs = {c.key: f"{get_column_letter(positions[c.key] + 1)}{row_no}" for c in columns}
            record = Record(spec.name, row_no, refs)
            for column in columns:
                cell = cells.get(positions[column.key] + 1)
                record[column.key] = self.convert(
                    cell.value if cell else None, column.type, spec.name, refs[column.key],
                    column.header, column.choices, cell.number_format if cell else "General")
                if column.required:
                    self.required(record[column.key], spec.name, refs[column.key],
                                  f"第{row_no}行“{column.header}”为必填项，不能为空。")
            if spec.unique:
                key = tuple(record.get(k) for k in spec.unique)
                if key in seen:
                    names = "各列都" if len(spec.unique) == len(spec.columns) else \
                        "、".join(spec.column(k).header for k in spec.unique)
                    self.error("duplicate_row",
                               f"第{row_no}行与第{seen[key]}行重复（{names}相同），同一内容只能填写一次。",
                               spec.name, f"A{row_no}")
                else:
                    seen[key] = row_no
            records.append(record)
        return records


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _label(value: Any) -> Any:
    """A header or field label as matched against the layout: invisible characters and
    surrounding spaces do not make "科目编码" another column."""
    return strip_invisible(value)[0].strip() if isinstance(value, str) else value


def _filled(cells: dict[int, Any], columns: set[int]) -> bool:
    return any(c in columns and not _blank(cell.value) for c, cell in cells.items())


def _normal_name(name: str) -> str:
    """A sheet name as compared for a near match: width, spaces and invisible characters ignored."""
    return "".join(unicodedata.normalize("NFKC", strip_invisible(name)[0]).split())


def _near_sheet(wanted: str, present: list[str], layout: frozenset[str]) -> str | None:
    """The present sheet, not itself in the layout, whose name nearly matches `wanted`."""
    others = [name for name in present if name not in layout]
    for name in others:
        if _normal_name(name) == _normal_name(wanted):
            return name
    close = difflib.get_close_matches(wanted, others, n=1, cutoff=0.6)
    return close[0] if close else None


def _difference(near: str, wanted: str) -> str:
    """How a near-miss name differs, in words the accountant can act on."""
    if near.strip() != near:
        return "多了开头或末尾的空格"
    if _normal_name(near) == _normal_name(wanted):
        return "空格、全角半角或不可见字符不同"
    extra, missing = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, near, wanted).get_opcodes():
        if op in ("replace", "delete"):
            extra.append(near[i1:i2])
        if op in ("replace", "insert"):
            missing.append(wanted[j1:j2])
    words = ([f"多了“{''.join(extra)}”"] if extra else []) + ([f"少了“{''.join(missing)}”"] if missing else [])
    return "，".join(words)


def located(cls, record: Record, **values):
    return cls(sheet=record.sheet, row=record.row, cells=record.cells, **values)


def money_of(record: Record, key: str) -> Decimal:
    return record.get(key) or ZERO


def _saved(wb) -> datetime | None:
    """When the workbook was last saved (its docProps), in UTC: the documents' date, so the
    same workbook always gives the same files. None when absent or implausible."""
    saved = wb.properties.modified
    if not isinstance(saved, datetime) or not 1900 <= saved.year <= 9999:
        return None
    return saved.replace(tzinfo=timezone.utc) if saved.tzinfo is None else saved.astimezone(timezone.utc)


def _unit(form: Form, kind: str) -> Unit:
    v = form.values
    return Unit(
        name=v.get("name") or "", short_name=v.get("short_name") or "", year=v.get("year") or 0, kind=kind,
        nature=v.get("nature") or "", category=v.get("category") or "",
        department=v.get("department") or "", money_unit=v.get("money_unit") or "元",
        scope=v.get("scope") or "", duties=v.get("duties") or "",
        organization=v.get("organization") or "", profile=v.get("profile") or "", form=form)


def read(path: Path, sheets_by_kind: dict, assemblers: dict) -> tuple[Any, list[Finding]]:
    """Read one workbook into the model its 公开类型 names, built by `assemblers[kind]` (see
    `kinds.read`). Raises InputError for an unusable file, FindingsError for bad cells."""
    path = Path(path)
    wb = open_workbook(path)
    try:
        reader = SheetReader(wb, path, frozenset(s.name for sheets in sheets_by_kind.values() for s in sheets))
        form = reader.form(schema.UNIT_INFO)
        kind = KINDS.get(form.values.get("kind") or "")
        if kind not in sheets_by_kind:
            raise InputError(Finding(ERROR, "unknown_kind",
                                     "“公开类型”只能是“预算”或“决算”。", schema.UNIT_INFO.name,
                                     form.cells.get("kind", "")))
        year = form.values.get("year")
        if year is not None and not YEARS[0] <= year <= YEARS[1]:
            reader.error("year_range", f"“年度”填写的是 {year}，应为 {YEARS[0]}–{YEARS[1]} 之间的四位年份（如 2024）。",
                         schema.UNIT_INFO.name, form.cells.get("year", ""))
        if form.values.get("money_unit") == "万元":
            reader.money_factor = TEN_THOUSAND
        # The unit form was read before the factor was known; its fields hold no money.
        unit = _unit(form, kind)
        unit.saved = _saved(wb)
        model = assemblers[kind](reader, unit)
    finally:
        wb.close()
    if has_errors(reader.findings):
        raise FindingsError(reader.findings)
    return model, reader.findings

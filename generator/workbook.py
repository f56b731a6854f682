"""Writes input workbooks: blank ones for `disclosure init`, filled ones for examples.

The layout comes from `schema`; only this module and `reader` know about cells.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from . import schema
from .atomic import atomic_path
from .kinds import SHEETS_BY_KIND

LIST_SHEET = "_下拉选项"
HELP_SHEET = "填表说明"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_FONT = Font(name="宋体", bold=True)
DATA_ROWS = 300  # rows that get drop-downs and number formats in a blank sheet

NUMBER_FORMATS = {
    schema.MONEY: "#,##0.00",
    schema.YUAN: "#,##0.00",
    schema.INT: "0",
    schema.NUMBER: "#,##0.00",
    schema.CODE: "@",
}

HELP_TEXT = (
    "1. 每个工作表第一行为表头，请勿修改表头、工作表名称和顺序。",
    "2. 带下拉箭头的单元格请从下拉列表中选择。",
    "3. 金额按“单位信息”中的金额单位填写（元或万元），万元最多两位小数，元最多两位小数（分）；"
    "绩效目标表中的金额始终以元填写。",
    "4. 只填写最明细的科目（功能分类项级7位编码、经济分类款级5位编码），类、款、合计及各类占比、"
    "增减变化由系统自动计算，请勿手工填写汇总行。",
    "5. 没有发生的金额留空即可，不要填写文字或“-”。",
    "6. 不要合并单元格，不要使用公式引用其他文件。",
    "7. 填好后运行：disclosure check 本文件.xlsx 检查，无“错误”后运行 disclosure build 生成公开文件。",
    "8. 下一年度不必从空白表填起：disclosure init --from 本文件.xlsx 新文件.xlsx 带入单位信息和上年数；"
    "disclosure check 新文件.xlsx --previous 本文件.xlsx 比对上年数。",
)


def _list_ranges(wb: Workbook) -> dict[str, str]:
    """Write every drop-down list into a hidden sheet; return list name -> range formula."""
    ws = wb.create_sheet(LIST_SHEET)
    ranges = {}
    for col, (name, values) in enumerate(schema.LISTS.items(), start=1):
        letter = get_column_letter(col)
        ws.cell(row=1, column=col, value=name)
        for row, value in enumerate(values, start=2):
            ws.cell(row=row, column=col, value=value)
        ranges[name] = f"{quote_sheetname(LIST_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    ws.sheet_state = "hidden"
    return ranges


def _validation(formula: str, ws, ref: str) -> None:
    dv = DataValidation(type="list", formula1=formula, allow_blank=True)
    dv.error = "请从下拉列表中选择"
    dv.errorTitle = "输入无效"
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(ref)


def _style_header(cell, help_text: str = "") -> None:
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if help_text:
        cell.comment = Comment(help_text, "填表说明")


def _cell_value(value: Any) -> Any:
    # Decimal is written as float only for display in Excel; examples are entered
    # with at most two decimals so the float is exact to the fen.
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral() else int(value)
    return value


def _write_table(ws, sheet: schema.TableSheet, rows: list[Mapping[str, Any]], lists) -> None:
    for col, column in enumerate(sheet.columns, start=1):
        _style_header(ws.cell(row=1, column=col, value=column.header), column.help)
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 30
    if not rows and sheet.fixed_rows:
        rows = [{sheet.columns[0].header: item} for item in sheet.fixed_rows]
    last = max(DATA_ROWS, len(rows) + 1)
    for col, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(col)
        if column.choices:
            _validation(lists[column.choices], ws, f"{letter}2:{letter}{last}")
        fmt = NUMBER_FORMATS.get(column.type)
        wrap = column.type == schema.LONGTEXT
        for row in range(2, last + 1):
            cell = ws.cell(row=row, column=col)
            if fmt:
                cell.number_format = fmt
            if wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, record in enumerate(rows, start=2):
        for col, column in enumerate(sheet.columns, start=1):
            value = record.get(column.header)
            if value is not None and value != "":
                ws.cell(row=r, column=col, value=_cell_value(value))


def _write_form(ws, sheet: schema.FormSheet, values: Mapping[str, Any], lists) -> None:
    for col, title in enumerate(("项目", "内容", "填写说明"), start=1):
        _style_header(ws.cell(row=1, column=col, value=title))
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 70
    ws.column_dimensions["C"].width = 40
    if sheet.adjustable:
        _style_header(ws.cell(row=1, column=4, value=schema.ADJUSTMENT), schema.ADJUSTMENT_HELP)
        ws.column_dimensions["D"].width = 40
    ws.freeze_panes = "B2"
    for r, fld in enumerate(sheet.fields, start=2):
        label = ws.cell(row=r, column=1, value=fld.label)
        label.font = Font(name="宋体", bold=fld.required)
        cell = ws.cell(row=r, column=2)
        if fld.type in NUMBER_FORMATS:
            cell.number_format = NUMBER_FORMATS[fld.type]
        if fld.type == schema.LONGTEXT:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if fld.choices:
            _validation(lists[fld.choices], ws, f"B{r}")
        note = ("必填。" if fld.required else "") + fld.help
        ws.cell(row=r, column=3, value=note or None).alignment = Alignment(wrap_text=True)
        value = values.get(fld.label)
        if value is not None and value != "":
            cell.value = _cell_value(value)


def _write_help(ws, kind: str) -> None:
    ws.column_dimensions["A"].width = 110
    ws.cell(row=1, column=1, value=f"{schema.KIND_LABELS[kind]}公开数据填报表 填表说明").font = Font(
        name="黑体", bold=True, size=14)
    row = 2
    for line in HELP_TEXT:
        ws.cell(row=row, column=1, value=line).alignment = Alignment(wrap_text=True)
        row += 1
    row += 1
    for sheet in SHEETS_BY_KIND[kind]:
        ws.cell(row=row, column=1, value=f"【{sheet.name}】{sheet.help}").alignment = Alignment(
            wrap_text=True)
        row += 1


def write_workbook(path: Path, kind: str, data: Mapping[str, Any] | None = None) -> None:
    """Write a workbook of `kind`; `data` maps sheet name to rows (tables) or label->value (forms)."""
    data = data or {}
    wb = Workbook()
    _write_help(wb.active, kind)
    wb.active.title = HELP_SHEET
    lists = _list_ranges(wb)
    for sheet in SHEETS_BY_KIND[kind]:
        ws = wb.create_sheet(sheet.name)
        if isinstance(sheet, schema.TableSheet):
            _write_table(ws, sheet, list(data.get(sheet.name, [])), lists)
        else:
            values = dict(data.get(sheet.name, {}))
            if sheet is schema.UNIT_INFO:
                values.setdefault("公开类型", schema.KIND_LABELS[kind])
            _write_form(ws, sheet, values, lists)
    # The hidden list sheet goes last so the user's sheets keep their order.
    wb.move_sheet(LIST_SHEET, offset=len(wb.sheetnames))
    with atomic_path(path) as tmp:
        wb.save(tmp)

"""Helpers shared by the views: cells, header rows, the empty-table note."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from .. import fmt
from ..doctree import CENTER, LEFT, RIGHT, Cell, Column, Table
from ..numerals import chinese
from ..schema import LISTS

EMPTY_NOTE = "注：本表无数据"
# A 填报日期 as the budget system exports it, by its length: to the second (20231116101019),
# to the minute, a day, a month (202212).
STAMPS = {14: ("%Y%m%d%H%M%S", True), 12: ("%Y%m%d%H%M", True), 8: ("%Y%m%d", True),
          6: ("%Y%m", False)}


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def unit_context(model) -> dict:
    """The narrative variables about the unit itself, the same for every kind; for a
    department, its units too (本级 first; a unit document has itself alone)."""
    unit = model.unit
    members = model.members or [unit]
    return {
        "单位名称": unit.name,
        "单位简称": unit.short_name,
        "年度": unit.year,
        "上年度": unit.year - 1,
        "单位性质": unit.nature,
        "单位类别": unit.category,
        "是行政单位": unit.is_admin,
        "主管部门": unit.department,
        "公开范围": unit.scope,
        "职责": paragraphs(unit.duties),
        "机构设置": paragraphs(unit.organization),
        "部门单位": [{"名称": u.name, "单位性质": u.nature} for u in members],
        "下属单位": [u.name for u in members[1:]],
        "部门单位性质个数": {n: sum(u.nature == n for u in members) for n in LISTS["单位性质"]},
    }


def form_date(raw) -> str:
    """A 填报日期 as a reader reads a date, "2023年11月16日" for the exported 20231116101019;
    the workbook keeps the value as it is. Anything not such a stamp is shown as given."""
    text = str(raw or "").strip()
    stamp = STAMPS.get(len(text)) if text.isascii() and text.isdigit() else None
    if stamp is None:
        return text
    try:
        when = datetime.strptime(text, stamp[0])
    except ValueError:
        return text
    return f"{when.year}年{when.month}月{when.day}日" if stamp[1] else f"{when.year}年{when.month}月"


@dataclass
class ViewContext:
    """What every view receives: the model, its figures and the item's options."""

    model: Any
    figures: Any
    options: dict

    @property
    def year(self) -> int:
        return self.model.unit.year


def m(value: Decimal | None) -> Cell:
    """A money cell in a table: 万元, blank when zero."""
    text = fmt.money(value, blank_zero=True)
    return Cell(text, value=fmt.shown(value) if text else None)


def yuan(value: Decimal | None) -> Cell:
    """A money cell in 元 (performance forms); zero shows as 0, blank when not given."""
    if value is None:
        return Cell("")
    return Cell(fmt.money(value, unit="元"), value=fmt.shown(value, "元"))


def t(text: str, **kw) -> Cell:
    return Cell(text, **kw)


def h(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, align=CENTER, bold=True)


# A quantity, maybe compared and with a short unit: ≥99%, 24人, 2024, 35,600.
QUANTITY = re.compile(r"[≥≤＞＜><=]?\s*[-+]?\d[\d,]*(\.\d+)?\s*[^\d\s]{0,2}")


def value(text: str) -> Cell:
    """An indicator value: a quantity right-aligned as numbers are, words ("及时",
    "定性", "达成预期指标") left-aligned as text is."""
    return Cell(text, align=RIGHT if QUANTITY.fullmatch(text.strip()) else LEFT)


def class_label(index: int, name: str) -> str:
    return f"{chinese(index)}、{name}"


def code_columns(money_columns: int, name_width: float = 3.2) -> list[Column]:
    return [Column(1.3, LEFT), Column(name_width, LEFT)] + [
        Column(1.4, RIGHT) for _ in range(money_columns)]


def column_numbers(count: int) -> list[Cell]:
    return [h(str(i)) for i in range(1, count + 1)]


def finish(table: Table, has_data: bool, note: str = EMPTY_NOTE) -> Table:
    if not has_data:
        table.notes.append(note)
    return table

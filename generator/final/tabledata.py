"""The 决算 figures as the table engine sees them (row sources, facts and filter names that
a profile's tables.yaml may use; `disclosure templates check` lists them)."""
from __future__ import annotations

from .. import classification
from ..budget.model import FISCAL_SOURCES
from ..budget.tabledata import LEVELS, class_rows, line_rows
from ..tables.data import Row, Rows, TableData, row_source
from ..tables.spec import SpecError
from ..views import table_data
from .compute import (
    BASIC_CONSTRUCTION, CLOSING, INCOME, NON_FISCAL_INCOME, OPENING, PERSONNEL_GROUPS, SPENDING,
    THREE_PUBLIC_ITEMS, Amounts, FinalFigures,
)
from .model import NON_FISCAL
from .schema import SPENDING_KINDS, VEHICLE_KINDS

NOT_APPLICABLE = "———"  # 公开06表: 基本建设 codes, which 基本支出 cannot use
BUDGETED, ACTUAL, LAST_YEAR = "预算数", "决算数", "上年决算数"  # the periods of 三公经费
VEHICLE = "公务用车购置及运行维护费"
PARTS = ("人员经费", "公用经费")
ADMIN_NATURES = ("行政单位", "参照公务员法管理事业单位")
PROCUREMENT = {"合计": "total", "货物": "goods", "工程": "works", "服务": "services"}
EQUIPMENT = "单价100万元（含）以上设备"


@table_data("final")
class FinalTables(TableData):
    fields = ("编码", "名称", "项目", "类", "款", "项")
    groups = {
        "source": {**{s: (s,) for s in (*FISCAL_SOURCES, *NON_FISCAL_INCOME, NON_FISCAL)},
                   "财政拨款": FISCAL_SOURCES},
        "period": {p: (p,) for p in (INCOME, SPENDING, OPENING, CLOSING, BUDGETED, ACTUAL, LAST_YEAR)},
        "kind": {label: (key,) for key, label in SPENDING_KINDS},
    }
    facts = ("合计", "使用非财政拨款结余", "结余分配", "收入总计", "支出总计", *PARTS,
             *(f"三公经费/{item}" for item in (*THREE_PUBLIC_ITEMS, VEHICLE, "合计")),
             *(f"政府采购/{name}" for name in PROCUREMENT),
             *(f"机关运行经费/{nature}" for nature in ADMIN_NATURES),
             "车辆/合计", *(f"车辆/{label}" for label, _ in VEHICLE_KINDS), EQUIPMENT)

    figures: FinalFigures

    def total(self):
        return self.figures.total

    def named(self, name: str):
        fig = self.figures
        scalars = {"合计": fig.total, "使用非财政拨款结余": fig.used_surplus, "结余分配": fig.distribution,
                   "收入总计": fig.income_sum, "支出总计": fig.expense_sum, "人员经费": fig.personnel,
                   "公用经费": fig.public, "车辆/合计": fig.vehicle_total,
                   EQUIPMENT: self.model.assets.get("equipment_100", 0)}
        if name in scalars:
            return scalars[name]
        group, item = name.split("/", 1)
        if group == "三公经费":
            return self.three_public(item)
        if group == "政府采购":
            return fig.procurement[PROCUREMENT[item]]
        if group == "机关运行经费":
            return fig.admin_cost if self.model.unit.nature == item else None
        return fig.vehicles[dict(VEHICLE_KINDS)[item]]

    def three_public(self, item: str) -> Amounts:
        tp = self.figures.three_public
        items = {VEHICLE: ("公务用车购置费", "公务用车运行维护费"), "合计": THREE_PUBLIC_ITEMS}.get(item, (item,))
        amounts = Amounts()
        for one in items:
            for key, period in (("budget", BUDGETED), ("actual", ACTUAL), ("last_year", LAST_YEAR)):
                amounts.values[("", period, "")] += tp.get(one, key)
        return amounts

    @row_source("功能科目", "levels")
    def rows_lines(self, levels=LEVELS) -> Rows:
        return line_rows(self.figures.lines, self.figures.total, levels, previous=False)

    @row_source("支出功能分类类")
    def rows_classes(self) -> Rows:
        return class_rows(classification.FINAL_CLASSES, self.figures.classes, self.model.unit.year,
                          self.figures.total)

    @row_source("经济科目目录", "part")
    def rows_catalogue(self, part="人员经费") -> Rows:
        """Every economic 类 and 款 of the catalogue: 人员经费 (301, 303) or 公用经费 (the rest)."""
        if part not in PARTS:
            raise SpecError(f"经济科目目录的 part 应为{'或'.join(PARTS)}，填写的是“{part}”")
        fig = self.figures
        entered = {item.code: item.total for group in fig.economic_groups for item in group.items}
        entered.update({group.code: group.total for group in fig.economic_groups})
        rows = []
        for code, name in classification.economic().items():
            if (code[:3] in PERSONNEL_GROUPS) != (part == "人员经费"):
                continue
            facts = NOT_APPLICABLE if code[:3] in BASIC_CONSTRUCTION else entered.get(code)
            rows.append(Row({"编码": code, "名称": name, "项目": name}, facts, bold=len(code) == 3))
        return Rows(rows, fig.personnel if part == "人员经费" else fig.public)

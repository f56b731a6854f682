"""The 预算 figures as the table engine sees them (row sources, facts and filter names that
a profile's tables.yaml may use; `disclosure templates check` lists them)."""
from __future__ import annotations

from .. import classification
from ..tables.data import Row, Rows, TableData, row_source
from ..tables.spec import SpecError
from ..views import table_data
from ..views.common import class_label
from .compute import THREE_PUBLIC_ITEMS, BudgetFigures, SourceAmounts
from .model import CARRIED, CURRENT, FUND, GPB, OWN, SOC, SOURCE_GROUPS, SPECIAL

LAST_YEAR = "上年预算"  # the period of 三公经费's last-year figures
VEHICLE = "公务用车购置及运行费"
KINDS = {"基本支出": ("basic",), "项目支出": ("project",), "人员经费": ("personnel",),
         "公用经费": ("public",)}


def code_fields(code: str, name: str) -> dict[str, str]:
    """A 功能分类 line's fields: the whole code, or its 类 / 款 / 项 parts ("208 | 05 | 02")."""
    return {"编码": code, "名称": name, "项目": name, "类": code[:3], "款": code[3:5], "项": code[5:7]}


LEVELS = ("类", "款", "项")


def line_rows(lines, total, levels=LEVELS, previous: bool = True) -> Rows:
    """The 功能分类 lines of the chosen levels (both kinds); all-zero lines are left out."""
    wanted = set()
    for level in levels if isinstance(levels, (list, tuple)) else [levels]:
        if level not in LEVELS:
            raise SpecError(f"功能科目的 levels 只能是{'、'.join(LEVELS)}，填写的是“{level}”")
        wanted.add(LEVELS.index(level) + 1)
    return Rows([Row(code_fields(line.code, line.name), line.amounts,
                     previous=getattr(line, "last_year", None) if previous else None)
                 for line in lines if line.level in wanted], total, skip_zero=True)


def class_rows(codes, classes: dict, year: int, total, missing=None) -> Rows:
    """The fixed 类 rows of a 收支总表, numbered "一、一般公共服务支出"; `missing` for a 类
    the unit has no figure in."""
    rows = []
    for i, code in enumerate(codes, start=1):
        name = classification.function_name(code, year) or code
        rows.append(Row({**code_fields(code, name), "项目": class_label(i, name)},
                        classes.get(code, missing)))
    return Rows(rows, total)


def _amounts(values: dict) -> SourceAmounts:
    amounts = SourceAmounts()
    for key, value in values.items():
        amounts.values[key] += value
    return amounts


@table_data("budget")
class BudgetTables(TableData):
    fields = ("编码", "名称", "项目", "类", "款", "项", "政府预算经济科目名称", "单位")
    groups = {
        "source": SOURCE_GROUPS,
        "period": {CURRENT: (CURRENT,), CARRIED: (CARRIED,), LAST_YEAR: (LAST_YEAR,)},
        "kind": KINDS,
    }
    facts = ("合计", "机关运行经费", *(f"三公经费/{item}" for item in (*THREE_PUBLIC_ITEMS, VEHICLE, "合计")))

    figures: BudgetFigures

    def total(self):
        return self.figures.total

    def named(self, name: str):
        if name == "合计":
            return self.figures.total
        if name == "机关运行经费":
            return _amounts({("", CURRENT, ""): self.figures.admin_cost,
                             ("", LAST_YEAR, ""): self.model.last_year.money("admin_cost")})
        tp = self.figures.three_public
        item = name.split("/", 1)[1]
        items = {VEHICLE: ("公务用车购置费", "公务用车运行维护费"), "合计": THREE_PUBLIC_ITEMS}.get(item, (item,))
        values: dict = {}
        for one in items:
            for key, source in (("gpb", GPB), ("fund", FUND), ("soc", SOC)):
                values[(source, CURRENT, "")] = values.get((source, CURRENT, ""), 0) + tp.get(one, key)
            values[("", LAST_YEAR, "")] = values.get(("", LAST_YEAR, ""), 0) + tp.get(one, "last_year")
        return _amounts(values)

    @row_source("功能科目", "levels")
    def rows_lines(self, levels=LEVELS) -> Rows:
        return line_rows(self.figures.lines, self.figures.total, levels)

    @row_source("支出功能分类类")
    def rows_classes(self) -> Rows:
        return class_rows(classification.BUDGET_CLASSES, self.figures.classes, self.model.unit.year,
                          self.figures.total, SourceAmounts())

    @row_source("经济科目", "levels")
    def rows_economic(self, levels=("类", "款")) -> Rows:
        """Economic 类 (bold, with their totals) and 款 lines, of the levels asked for."""
        wanted = set(levels if isinstance(levels, (list, tuple)) else [levels])
        if not wanted or wanted - {"类", "款"}:
            raise SpecError(f"经济科目的 levels 只能是类、款，填写的是“{'、'.join(map(str, wanted))}”")

        def facts(personnel, public) -> SourceAmounts:
            return _amounts({(GPB, CURRENT, "personnel"): personnel, (GPB, CURRENT, "public"): public})

        rows = []
        for group in self.figures.economic_groups:
            if "类" in wanted:
                rows.append(Row({"编码": group.code, "名称": group.name, "项目": group.name, "类": group.code},
                                facts(group.personnel, group.public), bold=True))
            if "款" in wanted:
                rows += [Row({"编码": item.code, "名称": item.name, "项目": item.name, "类": item.code[:3],
                              "款": item.code[3:5], "政府预算经济科目名称": item.gov_name},
                             facts(item.personnel, item.public)) for item in group.items]
        return Rows(rows, facts(self.figures.personnel, self.figures.public))

    def resolve(self, dimension: str, names: tuple[str, ...]) -> tuple[str, ...]:
        # The budget's amounts take source and group names as they are (SourceAmounts).
        return names if dimension == "source" else super().resolve(dimension, names)

    @row_source("项目", "period", "group_by")
    def rows_projects(self, period=CURRENT, group_by=None) -> Rows:
        if period not in (CURRENT, CARRIED) or group_by not in (None, "单位"):
            raise SpecError(f"项目的 period 应为{CURRENT}或{CARRIED}，group_by 只能是“单位”，"
                            f"填写的是“{period}”“{group_by}”")
        fig = self.figures
        projects = fig.projects_current if period == CURRENT else fig.projects_carried

        def facts(items) -> SourceAmounts:
            values: dict = {}
            for p in items:
                for source, amount in ((GPB, p.gpb), (FUND, p.fund), (SOC, p.soc),
                                       (SPECIAL, p.special), (OWN, p.own)):
                    key = (source, p.period, "project")
                    values[key] = values.get(key, 0) + amount
            return _amounts(values)

        def row(p) -> Row:
            return Row({"名称": p.name, "项目": p.name, "单位": p.unit}, facts([p]))

        rows = []
        # group_by_unit: the outline option of profiles written before tables.yaml
        if group_by == "单位" or self.options.get("group_by_unit"):
            units: dict[str, list] = {}
            for p in projects:
                units.setdefault(p.unit, []).append(p)
            for unit, items in units.items():
                rows.append(Row({"名称": unit, "项目": unit, "单位": unit}, facts(items), bold=True))
                rows += [row(p) for p in items]
        else:
            rows = [row(p) for p in projects]
        return Rows(rows, facts(projects))

    @row_source("机关运行经费单位")
    def rows_admin_units(self) -> Rows:
        fig = self.figures
        # A department lists each 行政 / 参公 unit; a unit lists itself when it has the cost.
        units = fig.admin_units or ([(self.model.unit.name, fig.admin_cost)] if fig.admin_cost else [])
        rows = [Row({"名称": name, "项目": name, "单位": name},
                    _amounts({(GPB, CURRENT, "public"): value})) for name, value in units]
        return Rows(rows, _amounts({(GPB, CURRENT, "public"): fig.admin_cost}))

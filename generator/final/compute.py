"""Derived figures of the 决算: roll-ups by classification, the balance of 收支总表, 三公,
机关运行经费, counts. Sums are exact in 元; shares and rates are taken by the narrative
from the published 万元 figures (textfuncs.占比 / 比较), as for the budget.

Every amount by 功能分类 code is a fact keyed (source, flow, kind) in a compute.Amounts:
source is a fiscal source (model.GPB / FUND / SOC), an income type (上级补助收入 …) or
model_final.NON_FISCAL; flow is INCOME, SPENDING, OPENING or CLOSING; kind is a spending
kind (schema_final.SPENDING_KINDS) or AMOUNT for income and balances.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .. import classification
from ..budget.compute import (
    CENT, HUNDRED, THREE_PUBLIC_ITEMS, Amounts, CategoryCount, EconomicGroup, FunctionLine,
    ThreePublicFigures, economic_groups,
)
from ..budget.model import FUND, GPB, SOC, ZERO, EconomicRow
from .model import ExecutionRow, FinalAccounts, OverallIndicator
from .schema import GRADES, INCOME_TYPES, SPENDING_KINDS, SPLITS, VEHICLE_KINDS

INCOME, SPENDING, OPENING, CLOSING = "本年收入", "本年支出", "年初结转和结余", "年末结转和结余"
AMOUNT = "amount"
KINDS = tuple(key for key, _ in SPENDING_KINDS)
# Income type key -> the source its facts are kept under.
INCOME_SOURCES = {"gpb": GPB, "fund": FUND, "soc": SOC,
                  **dict(INCOME_TYPES[3:])}
NON_FISCAL_INCOME = tuple(label for _, label in INCOME_TYPES[3:])
PERSONNEL_GROUPS = ("301", "303")  # 人员经费; the other economic groups are 公用经费
BASIC_CONSTRUCTION = ("309", "311")  # 基本建设 groups, which 基本支出 cannot use


def spent(amounts: Amounts, sources=None, kinds=None) -> Decimal:
    return amounts.sum(sources=sources, periods=(SPENDING,), kinds=kinds)


def received(amounts: Amounts, sources=None) -> Decimal:
    return amounts.sum(sources=sources, periods=(INCOME,))


def balance(amounts: Amounts, flow: str, sources=None) -> Decimal:
    return amounts.sum(sources=sources, periods=(flow,))


@dataclass
class ExecutionLine:
    """A line of the 预算执行情况 table, 元; balance and rate derived."""

    name: str
    declared: Decimal | None
    compiled: Decimal | None
    budget: Decimal | None
    actual: Decimal | None
    score: Decimal | None

    @property
    def balance(self) -> Decimal | None:
        if self.budget is None and self.actual is None:
            return None
        return (self.budget or ZERO) - (self.actual or ZERO)

    @property
    def rate(self) -> Decimal | None:
        """执行率 in percent of the 元 figures as printed."""
        if not self.budget or self.actual is None:
            return None
        return (self.actual / self.budget * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class FinalFigures:
    lines: list[FunctionLine]
    total: Amounts
    classes: dict[str, Amounts]  # 类 code -> amounts
    used_surplus: Decimal  # 使用非财政拨款结余（含专用结余）
    distribution: Decimal  # 结余分配
    economic_groups: list[EconomicGroup]  # 一般公共预算财政拨款基本支出, all groups entered
    personnel: Decimal
    public: Decimal
    three_public: ThreePublicFigures  # keys budget / actual / last_year
    admin_cost: Decimal
    procurement: dict[str, Decimal]
    vehicles: dict[str, int]  # VEHICLE_KINDS key -> count
    grades: dict[str, CategoryCount]
    grades_total: CategoryCount
    execution: dict[str, tuple[list[ExecutionLine], ExecutionLine]]  # split -> lines, 合计
    indicators: list[OverallIndicator]
    indicator_score: Decimal
    execution_score: Decimal
    unknown_codes: list[str] = field(default_factory=list)

    @property
    def income(self) -> Decimal:
        """本年收入合计."""
        return received(self.total)

    @property
    def spending(self) -> Decimal:
        """本年支出合计."""
        return spent(self.total)

    @property
    def income_sum(self) -> Decimal:
        """收入总计 = 本年收入 + 使用非财政拨款结余 + 年初结转和结余."""
        return self.income + self.used_surplus + balance(self.total, OPENING)

    @property
    def expense_sum(self) -> Decimal:
        """支出总计 = 本年支出 + 结余分配 + 年末结转和结余."""
        return self.spending + self.distribution + balance(self.total, CLOSING)

    @property
    def vehicle_total(self) -> int:
        return sum(self.vehicles.values())

    @property
    def overall_score(self) -> Decimal:
        return self.indicator_score + self.execution_score


def _facts(model: FinalAccounts):
    """(code, name, key, value) of every nonzero amount entered by 功能分类 code."""
    for row in model.income:
        for key, value in row.amounts.items():
            if value:
                yield row.code, row.name, (INCOME_SOURCES[key], INCOME, AMOUNT), value
    for row in model.spending:
        for flow, value in ((OPENING, row.opening), (CLOSING, row.closing)):
            if value:
                yield row.code, row.name, (row.source, flow, AMOUNT), value
        for kind, value in row.kinds.items():
            if value:
                yield row.code, row.name, (row.source, SPENDING, kind), value


def roll_up(model: FinalAccounts) -> tuple[list[FunctionLine], Amounts, dict[str, Amounts], list[str]]:
    """Sum 项 facts into 款 and 类 lines, ordered by code (as compute.roll_up for the budget)."""
    by_code: dict[str, Amounts] = defaultdict(Amounts)
    names: dict[str, str] = {}
    total = Amounts()
    for code, name, key, value in _facts(model):
        for part in {code[:3], code[:5], code}:
            by_code[part].values[key] += value
        total.values[key] += value
        names.setdefault(code, name)
    lines, unknown = [], []
    for code in sorted(by_code):
        name = names.get(code) or classification.function_name(code, model.unit.year)
        if name is None:
            unknown.append(code)
        lines.append(FunctionLine(code, name or "", {3: 1, 5: 2}.get(len(code), 3), by_code[code]))
    classes = {code: amounts for code, amounts in by_code.items() if len(code) == 3}
    return lines, total, classes, unknown


def economic_rows(model: FinalAccounts) -> list[EconomicRow]:
    """The entered items as budget-style rows: 301/303 are 人员经费, the rest 公用经费."""
    return [
        EconomicRow(sheet=item.sheet, row=item.row, cells=item.cells, code=item.code,
                    name=item.name,
                    personnel=item.amount if item.code[:3] in PERSONNEL_GROUPS else ZERO,
                    public=ZERO if item.code[:3] in PERSONNEL_GROUPS else item.amount)
        for item in model.economic
    ]


def three_public(model: FinalAccounts) -> ThreePublicFigures:
    items = {item: {"budget": ZERO, "actual": ZERO, "last_year": ZERO}
             for item in THREE_PUBLIC_ITEMS}
    for row in model.three_public:
        if row.item in items:
            for key in ("budget", "actual", "last_year"):
                items[row.item][key] += getattr(row, key)
    return ThreePublicFigures(items)


def _execution(rows: list[ExecutionRow]) -> dict[str, tuple[list[ExecutionLine], ExecutionLine]]:
    def total(values):
        present = [v for v in values if v is not None]
        return sum(present, ZERO) if present else None

    result = {}
    for split in SPLITS:
        lines = [ExecutionLine(r.name, r.declared, r.compiled, r.budget, r.actual, r.score)
                 for r in rows if r.split == split]
        result[split] = (lines, ExecutionLine(
            "合计", *(total([getattr(line, key) for line in lines])
                    for key in ("declared", "compiled", "budget", "actual", "score"))))
    return result


def compute_final(model: FinalAccounts) -> FinalFigures:
    lines, total, classes, unknown = roll_up(model)
    groups = economic_groups(economic_rows(model))
    personnel = sum((g.personnel for g in groups), ZERO)
    public = sum((g.public for g in groups), ZERO)
    proc = model.procurement
    goods, works, services = proc.money("goods"), proc.money("works"), proc.money("services")
    grades = {grade: CategoryCount() for grade in GRADES}
    for row in model.project_grades:
        if row.grade in grades:
            grades[row.grade].count += row.count
            grades[row.grade].amount += row.amount
    execution = _execution(model.execution)
    return FinalFigures(
        lines=lines, total=total, classes=classes,
        used_surplus=model.surplus.money("used"),
        distribution=model.surplus.money("distribution"),
        economic_groups=groups, personnel=personnel, public=public,
        three_public=three_public(model),
        admin_cost=public if model.unit.is_admin else ZERO,
        procurement={"goods": goods, "works": works, "services": services,
                     "total": goods + works + services, "sme": proc.money("sme"),
                     "small": proc.money("small")},
        vehicles={key: model.assets.get(f"vehicle_{key}", 0) for _, key in VEHICLE_KINDS},
        grades=grades,
        grades_total=CategoryCount(sum(c.count for c in grades.values()),
                                   sum((c.amount for c in grades.values()), ZERO)),
        execution=execution,
        indicators=model.indicators,
        indicator_score=sum((i.score or ZERO for i in model.indicators), ZERO),
        execution_score=sum((line.score or ZERO for lines, _ in execution.values()
                             for line in lines), ZERO),
        unknown_codes=unknown,
    )


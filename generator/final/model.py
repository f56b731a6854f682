"""The facts of one 决算 workbook, typed. All money is Decimal in 元."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import ZERO, Form, Located, Unit

NON_FISCAL = "非财政拨款"


@dataclass
class IncomeRow(Located):
    """本年收入 of one 项级 code, by income type key (schema_final.INCOME_TYPES)."""

    code: str = ""
    name: str = ""
    amounts: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class SpendingRow(Located):
    """Spending and balances of one 项级 code from one fund source."""

    code: str = ""
    name: str = ""
    source: str = ""  # model.GPB / FUND / SOC or NON_FISCAL
    opening: Decimal = ZERO
    closing: Decimal = ZERO
    kinds: dict[str, Decimal] = field(default_factory=dict)  # schema_final.SPENDING_KINDS keys


@dataclass
class EconomicItem(Located):
    code: str = ""
    name: str = ""
    amount: Decimal = ZERO


@dataclass
class ClassNote(Located):
    """一般公共预算财政拨款 of one 类: 年初预算, 上年决算 and the words around them."""

    code: str = ""
    name: str = ""
    budget: Decimal = ZERO
    last_year: Decimal = ZERO
    use: str = ""
    reason: str = ""
    adjustment: str = ""  # 调整说明: why budget / last_year differ from the source workbooks


@dataclass
class ThreePublicItem(Located):
    item: str = ""
    budget: Decimal = ZERO
    actual: Decimal = ZERO
    last_year: Decimal = ZERO
    reason: str = ""
    adjustment: str = ""  # 调整说明: why budget / last_year differ from the source workbooks


@dataclass
class GradeCount(Located):
    grade: str = ""
    count: int = 0
    amount: Decimal = ZERO


@dataclass
class ExecutionRow(Located):
    """One line of the 预算执行情况 table of the 整体绩效自评 report, in 元."""

    split: str = ""  # 按资金来源 / 按资金方向
    name: str = ""
    declared: Decimal | None = None
    compiled: Decimal | None = None
    budget: Decimal | None = None
    actual: Decimal | None = None
    score: Decimal | None = None


@dataclass
class OverallIndicator(Located):
    level1: str = ""
    level2: str = ""
    name: str = ""
    target: str = ""
    actual: str = ""
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation: str = ""


@dataclass
class FinalAccounts:
    unit: Unit
    income: list[IncomeRow]
    spending: list[SpendingRow]
    surplus: Form
    economic: list[EconomicItem]
    classes: list[ClassNote]
    three_public: list[ThreePublicItem]
    three_public_detail: Form
    procurement: Form
    assets: Form
    last_year: Form
    project_grades: list[GradeCount]
    overall: Form
    execution: list[ExecutionRow]
    indicators: list[OverallIndicator]
    notes: Form
    members: list[Unit] = field(default_factory=list)  # a department's units, 本级 first
    eliminated: dict[str, Decimal] = field(default_factory=dict)  # a department's transfers taken out, 元

"""The facts of one 预算 workbook, typed. All money is Decimal in 元, whatever the input unit.

The facts every kind shares (`generator.model`) are re-exported here."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import (  # noqa: F401
    ZERO, GPB, FUND, SOC, SPECIAL, OWN, SOURCES, FISCAL_SOURCES, OWN_CATEGORIES, SOURCE_GROUPS, expand, CURRENT, CARRIED, ADMIN_NATURES, Located, Form, Unit,
)


@dataclass
class FunctionRow(Located):
    code: str = ""
    name: str = ""
    source: str = GPB
    period: str = CURRENT
    basic: Decimal = ZERO
    project: Decimal = ZERO
    # The 项's explanation, given on any of its rows (用途, 上年执行数 in 元, 原因).
    use: str = ""
    last_year: Decimal | None = None
    reason: str = ""

    @property
    def total(self) -> Decimal:
        return self.basic + self.project


@dataclass
class EconomicRow(Located):
    code: str = ""
    name: str = ""
    gov_name: str = ""
    personnel: Decimal = ZERO
    public: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.personnel + self.public


@dataclass
class ThreePublicRow(Located):
    item: str = ""
    gpb: Decimal = ZERO
    fund: Decimal = ZERO
    soc: Decimal = ZERO
    last_year: Decimal = ZERO
    adjustment: str = ""  # 调整说明: why last_year differs from last year's workbook

    @property
    def total(self) -> Decimal:
        return self.gpb + self.fund + self.soc


@dataclass
class Project(Located):
    name: str = ""
    unit: str = ""
    period: str = CURRENT
    gpb: Decimal = ZERO
    fund: Decimal = ZERO
    soc: Decimal = ZERO
    special: Decimal = ZERO
    own: Decimal = ZERO
    category: str = ""
    managed: bool = False
    published: bool = False

    @property
    def fiscal(self) -> Decimal:
        return self.gpb + self.fund + self.soc

    @property
    def total(self) -> Decimal:
        return self.fiscal + self.special + self.own


@dataclass
class Indicator(Located):
    no: int = 0
    period: str = ""  # 实施期 / 年度
    level1: str = ""
    level2: str = ""
    level3: str = ""
    value: str = ""


MONEY_SPLITS = ("total", "central", "province", "local", "own", "other")


@dataclass
class Target(Located):
    """One 项目支出绩效目标表. Its money is in 元 with splits keyed by MONEY_SPLITS."""

    no: int = 0
    name: str = ""
    department: str = ""
    unit: str = ""
    nature: str = ""
    term: str = ""
    category: str = ""
    term_money: dict[str, Decimal | None] = field(default_factory=dict)
    year_money: dict[str, Decimal | None] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # overview, basis, ... date
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def year_total(self) -> Decimal:
        return self.year_money.get("total") or ZERO


@dataclass
class Budget:
    unit: Unit
    functions: list[FunctionRow]
    economic: list[EconomicRow]
    three_public: list[ThreePublicRow]
    projects: list[Project]
    targets: list[Target]
    procurement: Form
    assets: Form
    last_year: Form
    notes: Form
    members: list[Unit] = field(default_factory=list)  # a department's units, 本级 first

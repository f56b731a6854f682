"""The facts of one workbook, typed. All money is Decimal in 元, whatever the input unit."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

ZERO = Decimal(0)

# Fund sources; the first three are 财政拨款.
GPB = "一般公共预算"
FUND = "政府性基金预算"
SOC = "国有资本经营预算"
SPECIAL = "财政专户管理资金"
OWN = "单位资金"
SOURCES = (GPB, FUND, SOC, SPECIAL, OWN)
FISCAL_SOURCES = (GPB, FUND, SOC)

CURRENT = "当年预算"
CARRIED = "上年结转"

ADMIN_NATURES = ("行政单位", "参照公务员法管理事业单位")


@dataclass
class Located:
    """A row read from a sheet; `cells` maps a field key to its cell (e.g. "C5")."""

    sheet: str = ""
    row: int = 0
    cells: dict[str, str] = field(default_factory=dict, repr=False)

    def ref(self, key: str) -> str:
        return self.cells.get(key, f"A{self.row}" if self.row else "")


@dataclass
class Form(Located):
    """A key-value sheet: values by field key."""

    values: dict[str, object] = field(default_factory=dict)
    adjustments: dict[str, str] = field(default_factory=dict)  # key -> 调整说明 (column D)

    def get(self, key: str, default=None):
        value = self.values.get(key)
        return default if value is None else value

    def money(self, key: str) -> Decimal:
        return self.values.get(key) or ZERO

    def labelled(self, fields, default=None) -> dict:
        """Values by the fields' Chinese labels, as the narrative templates name them."""
        return {f.label: self.get(f.key, default) for f in fields}


@dataclass
class FunctionRow(Located):
    code: str = ""
    name: str = ""
    source: str = GPB
    period: str = CURRENT
    basic: Decimal = ZERO
    project: Decimal = ZERO

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
class Unit:
    name: str
    year: int
    kind: str  # "budget" / "final"
    nature: str
    category: str
    department: str
    money_unit: str  # 元 / 万元 as entered
    scope: str
    duties: str
    organization: str
    profile: str
    form: Form = field(default_factory=Form, repr=False)
    saved: datetime | None = field(default=None, repr=False)  # the workbook's modified time

    @classmethod
    def sample(cls, kind: str) -> "Unit":
        """A placeholder unit, for contexts that only list the variables (`templates check`)."""
        return cls(name="示例单位", year=2024, kind=kind, nature="行政单位", category="",
                   department="", money_unit="元", scope="", duties="", organization="", profile="")

    @property
    def is_admin(self) -> bool:
        return self.nature in ADMIN_NATURES


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

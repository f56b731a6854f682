"""The facts every kind shares, typed: fund sources, where a fact was read (Located), forms,
the unit. All money is Decimal in 元, whatever the input unit. Each kind's `model` adds its rows."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime
from decimal import Decimal

ZERO = Decimal(0)

# Fund sources; the first three are 财政拨款.
GPB = "一般公共预算"
FUND = "政府性基金预算"
SOC = "国有资本经营预算"
SPECIAL = "财政专户管理资金"
OWN = "单位资金"
# The five groups every document publishes.
SOURCES = (GPB, FUND, SOC, SPECIAL, OWN)
FISCAL_SOURCES = (GPB, FUND, SOC)
# The national standard's income categories that make up 单位资金; a workbook may enter
# 单位资金 itself or split it into these.
OWN_CATEGORIES = ("事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入")
UNSPLIT_OWN = "未分类单位资金"  # 单位资金 entered as one figure, not by its categories
# Every name a sum may ask for -> the stored sources it covers: each source itself, and
# the groups (财政拨款, 单位资金 with its categories).
SOURCE_GROUPS: dict[str, tuple[str, ...]] = {
    **{source: (source,) for source in (*SOURCES, *OWN_CATEGORIES)},
    "财政拨款": FISCAL_SOURCES,
    OWN: (OWN, *OWN_CATEGORIES),
    UNSPLIT_OWN: (OWN,),
}


def expand(names) -> frozenset[str]:
    """The stored sources that source or group `names` cover; KeyError for an unknown name."""
    return _expand(tuple(names))


@lru_cache(maxsize=None)  # a few dozen distinct names, asked thousands of times per document
def _expand(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(source for name in names for source in SOURCE_GROUPS[name])


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
    short_name: str = ""  # 单位简称, optional: "" when not given
    saved: datetime | None = field(default=None, repr=False)  # the workbook's modified time

    @classmethod
    def sample(cls, kind: str) -> "Unit":
        """A placeholder unit, for contexts that only list the variables (`templates check`)."""
        return cls(name="示例单位", year=2024, kind=kind, nature="行政单位", category="",
                   department="", money_unit="元", scope="", duties="", organization="", profile="")

    @property
    def is_admin(self) -> bool:
        return self.nature in ADMIN_NATURES

"""Derived figures: roll-ups by classification, totals, 三公, 机关运行经费, counts.

Sums are exact in 元. Shares and year-on-year rates are computed from the amounts
as published (rounded half-up to 0.01 万元), so a reader can re-derive every
percentage from the figures printed beside it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .. import classification
from .model import (
    CARRIED, CURRENT, ZERO, Budget, EconomicRow, FunctionRow, Project,
    Target, expand,
)

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
WAN = Decimal(10000)

UNCATEGORISED = "未分类"
THREE_PUBLIC_ITEMS = ("因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费")


def to_wan(yuan: Decimal) -> Decimal:
    """元 → 万元 as published: rounded half-up to two places."""
    return (yuan / WAN).quantize(CENT, rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal, places: int = 2) -> Decimal | None:
    """part / whole × 100 of the published (万元) figures, half-up to `places` decimals."""
    whole_w = to_wan(whole)
    if whole_w == 0:
        return None
    return (to_wan(part) / whole_w * HUNDRED).quantize(Decimal(1).scaleb(-places),
                                                       rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Change:
    """Year-on-year change of a published figure."""

    current: Decimal  # 元
    previous: Decimal  # 元

    @property
    def diff(self) -> Decimal:
        """Difference of the published figures, 元 (a multiple of 100)."""
        return (to_wan(self.current) - to_wan(self.previous)) * WAN

    @property
    def direction(self) -> str:
        d = self.diff
        return "same" if d == 0 else ("up" if d > 0 else "down")

    @property
    def rate(self) -> Decimal | None:
        """Rate in percent, None when last year was zero."""
        prev = to_wan(self.previous)
        if prev == 0:
            return None
        return (abs(to_wan(self.current) - prev) / prev * HUNDRED).quantize(
            CENT, rounding=ROUND_HALF_UP)


class Amounts:
    """Amounts by (fund source, period, kind), kind being basic / project."""

    __slots__ = ("values",)

    def __init__(self):
        self.values: dict[tuple[str, str, str], Decimal] = defaultdict(lambda: ZERO)

    def add(self, source: str, period: str, basic: Decimal, project: Decimal) -> None:
        self.values[(source, period, "basic")] += basic
        self.values[(source, period, "project")] += project

    def sum(self, sources=None, periods=None, kinds=None) -> Decimal:
        total = ZERO
        for (source, period, kind), value in self.values.items():
            if sources is not None and source not in sources:
                continue
            if periods is not None and period not in periods:
                continue
            if kinds is not None and kind not in kinds:
                continue
            total += value
        return total

    # The views ask these over and over; named for readability.
    @property
    def total(self) -> Decimal:
        return self.sum()

    @property
    def basic(self) -> Decimal:
        return self.sum(kinds=("basic",))

    @property
    def project(self) -> Decimal:
        return self.sum(kinds=("project",))


class SourceAmounts(Amounts):
    """A budget's amounts, asked by source or group name (model.SOURCE_GROUPS): 单位资金
    sums the rows entered as 单位资金 and those split into its categories, so a table or
    sentence of 单位资金 is the same however the workbook entered it."""

    __slots__ = ()

    def sum(self, sources=None, periods=None, kinds=None) -> Decimal:
        return super().sum(None if sources is None else expand(sources), periods, kinds)


@dataclass
class FunctionLine:
    code: str
    name: str
    level: int  # 1 类, 2 款, 3 项
    amounts: Amounts
    # The 项's explanation as entered (None / "" when not); a 类 or 款 has the sum of its
    # 项s' 上年执行数 when any 项 has one, and no texts. The 决算 has none.
    last_year: Decimal | None = None
    use: str = ""
    reason: str = ""


@dataclass
class EconomicGroup:
    code: str
    name: str
    items: list[EconomicRow]

    @property
    def personnel(self) -> Decimal:
        return sum((i.personnel for i in self.items), ZERO)

    @property
    def public(self) -> Decimal:
        return sum((i.public for i in self.items), ZERO)

    @property
    def total(self) -> Decimal:
        return self.personnel + self.public


@dataclass
class ThreePublicFigures:
    items: dict[str, dict[str, Decimal]]  # item -> {gpb, fund, soc, total, last_year}

    def get(self, item: str, key: str = "total") -> Decimal:
        return self.items[item][key]

    def vehicle(self, key: str = "total") -> Decimal:
        return self.get("公务用车购置费", key) + self.get("公务用车运行维护费", key)

    def total(self, key: str = "total") -> Decimal:
        return sum((self.items[i][key] for i in THREE_PUBLIC_ITEMS), ZERO)


@dataclass
class CategoryCount:
    count: int = 0
    amount: Decimal = ZERO


@dataclass
class PerformanceFigures:
    managed: dict[str, CategoryCount]  # category -> count/amount of projects under management
    published: dict[str, CategoryCount]  # category -> forms published
    managed_total: CategoryCount
    published_total: CategoryCount
    project_total: Decimal  # 项目支出 of the unit, the share's whole


@dataclass
class BudgetFigures:
    lines: list[FunctionLine]
    total: Amounts
    classes: dict[str, Amounts]  # 类 code -> amounts
    economic_groups: list[EconomicGroup]
    personnel: Decimal
    public: Decimal
    three_public: ThreePublicFigures
    admin_cost: Decimal  # 机关运行经费 (财政拨款 公用经费), zero for other 事业单位
    procurement: dict[str, Decimal]
    projects_current: list[Project]
    projects_carried: list[Project]
    performance: PerformanceFigures
    targets: list[Target]
    unknown_codes: list[str] = field(default_factory=list)
    admin_units: list[tuple[str, Decimal]] = field(default_factory=list)  # a department's, by unit


def _explanations(budget: Budget) -> dict[str, FunctionRow]:
    """Each 项's explanation, taken from the rows that give it (checks.function_explanation
    reports rows of one 项 that disagree); its 上年执行数 added up into its 款 and 类."""
    found: dict[str, FunctionRow] = {}
    for row in budget.functions:
        line = found.setdefault(row.code, FunctionRow(code=row.code))
        line.use = line.use or row.use
        line.reason = line.reason or row.reason
        if line.last_year is None and row.last_year is not None:
            line.last_year = row.last_year
    for code, line in list(found.items()):
        if len(code) > 5 and line.last_year is not None:
            for parent in (code[:3], code[:5]):
                entry = found.setdefault(parent, FunctionRow(code=parent))
                entry.last_year = (entry.last_year or ZERO) + line.last_year
    return found


def roll_up(budget: Budget) -> tuple[list[FunctionLine], Amounts, dict[str, Amounts], list[str]]:
    """Sum leaf (项) rows into 款 and 类 rows, ordered by code."""
    by_code: dict[str, Amounts] = defaultdict(SourceAmounts)
    names: dict[str, str] = {}
    total = SourceAmounts()
    for row in budget.functions:
        for code in (row.code[:3], row.code[:5], row.code):
            by_code[code].add(row.source, row.period, row.basic, row.project)
        names.setdefault(row.code, row.name)
        total.add(row.source, row.period, row.basic, row.project)
    explained = _explanations(budget)
    unknown = []
    lines = []
    for code in sorted(by_code):
        name = names.get(code) or classification.function_name(code, budget.unit.year)
        if name is None:
            unknown.append(code)
            name = ""
        level = {3: 1, 5: 2}.get(len(code), 3)
        note = explained.get(code, FunctionRow())
        lines.append(FunctionLine(code, name, level, by_code[code], note.last_year,
                                  note.use if level == 3 else "", note.reason if level == 3 else ""))
    classes = {code: amounts for code, amounts in by_code.items() if len(code) == 3}
    return lines, total, classes, unknown


def economic_groups(rows: list[EconomicRow]) -> list[EconomicGroup]:
    groups: dict[str, EconomicGroup] = {}
    for row in sorted(rows, key=lambda r: r.code):
        code = row.code[:3]
        if code not in groups:
            groups[code] = EconomicGroup(code, classification.economic_name(code) or "", [])
        groups[code].items.append(row)
    return list(groups.values())


def three_public(budget: Budget) -> ThreePublicFigures:
    items = {item: {"gpb": ZERO, "fund": ZERO, "soc": ZERO, "total": ZERO, "last_year": ZERO}
             for item in THREE_PUBLIC_ITEMS}
    for row in budget.three_public:
        if row.item in items:
            entry = items[row.item]
            for key in ("gpb", "fund", "soc", "last_year"):
                entry[key] += getattr(row, key)
            entry["total"] += row.total
    return ThreePublicFigures(items)


def performance(budget: Budget, project_total: Decimal) -> PerformanceFigures:
    # Units that publish no 项目类别 have their projects counted as 未分类, never left out.
    categories = ("其他运转类", "特定目标类", UNCATEGORISED)
    managed = {c: CategoryCount() for c in categories}
    published = {c: CategoryCount() for c in categories}
    project_category = {p.name: p.category for p in budget.projects}
    for project in budget.projects:
        if project.managed:
            entry = managed.get(project.category, managed[UNCATEGORISED])
            entry.count += 1
            entry.amount += project.total
    for target in budget.targets:
        category = target.category or project_category.get(target.name, "")
        entry = published.get(category, published[UNCATEGORISED])
        entry.count += 1
        entry.amount += target.year_total

    def total(counts: dict[str, CategoryCount]) -> CategoryCount:
        return CategoryCount(sum(c.count for c in counts.values()),
                             sum((c.amount for c in counts.values()), ZERO))

    return PerformanceFigures(managed, published, total(managed), total(published), project_total)


def compute_budget(budget: Budget) -> BudgetFigures:
    lines, total, classes, unknown = roll_up(budget)
    groups = economic_groups(budget.economic)
    personnel = sum((g.personnel for g in groups), ZERO)
    public = sum((g.public for g in groups), ZERO)
    admin_cost = public if budget.unit.is_admin else ZERO
    goods = budget.procurement.money("goods")
    works = budget.procurement.money("works")
    services = budget.procurement.money("services")
    return BudgetFigures(
        lines=lines, total=total, classes=classes, economic_groups=groups,
        personnel=personnel, public=public, three_public=three_public(budget),
        admin_cost=admin_cost,
        procurement={"goods": goods, "works": works, "services": services,
                     "total": goods + works + services},
        projects_current=[p for p in budget.projects if p.period == CURRENT],
        projects_carried=[p for p in budget.projects if p.period == CARRIED],
        performance=performance(budget, total.project),
        targets=sorted(budget.targets, key=lambda t: t.no),
        unknown_codes=unknown,
    )


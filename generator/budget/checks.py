"""勾稽关系 of the 预算: each rule a small named function, registered with `checks.rule`."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from .. import classification, fmt
from ..checks import cell_refs, leaf_code_findings, money_unit_findings, rule, yuan_and_wan
from . import schema
from .compute import BudgetFigures, Change, to_wan
from ..findings import ERROR, HINT, Finding, excerpt
from .model import (
    CARRIED, CURRENT, FUND, GPB, MONEY_SPLITS, OWN, SOC, SPECIAL, ZERO, Budget, FunctionRow,
    Located, Project, Target, expand,
)

FUNCTIONS = schema.FUNCTION_ITEMS.name
ECONOMIC = schema.ECONOMIC_ITEMS.name
THREE_PUBLIC = schema.THREE_PUBLIC.name
PROJECTS = schema.PROJECTS.name
TARGETS = schema.TARGETS.name
LAST_YEAR = schema.LAST_YEAR.name
NOTES = schema.NOTES.name

ECONOMIC_CODE = re.compile(r"^\d{5}$")
# 项目支出 column of each fund source.
SOURCE_COLUMNS = {GPB: "gpb", FUND: "fund", SOC: "soc", SPECIAL: "special", OWN: "own"}
# The economic item of 基本支出 that each 三公 item includes.
THREE_PUBLIC_ECONOMIC = {
    "因公出国（境）费": "30212", "公务接待费": "30217",
    "公务用车购置费": "31013", "公务用车运行维护费": "30231",
}


def _column_range(rows: list[Located], first_key: str, last_key: str) -> str:
    """The cells a sum was taken over, e.g. "D2:E21"."""
    if not rows:
        return ""
    return f"{rows[0].ref(first_key)}:{rows[-1].ref(last_key)}"


def _change_words(change: Change) -> str:
    word = "增加" if change.direction == "up" else "减少"
    return f"比上年{word} {fmt.money(abs(change.diff))}万元"


@rule("money_unit")
def money_unit(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """元/万元 confusion: magnitude, 上年数, and the 元-only 年度资金总额 of the target forms.
    Registered first: a wrong 金额单位 explains the other errors, and a build names only the first."""
    by_key = _projects_by_key(model)
    pairs = []
    for target in model.targets:
        projects = by_key.get((target.name, target.unit))
        if projects:
            pairs.append((sum((p.total for p in projects), ZERO), target.year_total,
                          f"{PROJECTS}!{projects[0].ref('name')}", f"{TARGETS}!{target.ref('year_total')}"))
    return money_unit_findings(model, fig.total.total, "收入总计", pairs)


# -- classification codes and names ------------------------------------------------------
def _budget_leaf_codes(model: Budget, fig: BudgetFigures, rule_name: str) -> Iterator[Finding]:
    return (f for f in leaf_code_findings(model.functions, classification.BUDGET_CLASSES,
                                          fig.unknown_codes, "function_code", "function_unknown",
                                          "收支总表") if f.rule == rule_name)


@rule("function_code")
def function_code(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """收支科目 codes are 7-digit 项 codes under one of the fixed 类 rows of the 收支总表."""
    return _budget_leaf_codes(model, fig, "function_code")


@rule("function_unknown")
def function_unknown(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """A 类 or 款 the catalogue cannot name would be a nameless row in tables 2-5."""
    return _budget_leaf_codes(model, fig, "function_unknown")


@rule("function_name")
def function_name(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """Names agree with the catalogue and, for one code, across rows."""
    first = {}
    for row in model.functions:
        known = classification.function_name(row.code, model.unit.year)
        earlier = first.setdefault(row.code, row)
        if earlier is not row and earlier.name != row.name:
            yield Finding(
                HINT, "function_name",
                f"科目编码 {row.code} 在第{earlier.row}行名称为“{earlier.name}”，这里为“{row.name}”，"
                f"公开表将使用第{earlier.row}行的名称。规则：同一科目编码的名称应一致。",
                FUNCTIONS, row.ref("name"), related=cell_refs([earlier], "name"))
        elif earlier is row and known is not None and known != row.name:
            yield Finding(
                HINT, "function_name",
                f"科目编码 {row.code} 在功能分类科目表中的名称是“{known}”，这里填写的是“{row.name}”。"
                "公开表将使用填写的名称，请核对。规则：科目名称应与科目编码一致。",
                FUNCTIONS, row.ref("name"))


EXPLANATIONS = ("use", "last_year", "reason")


@rule("function_explanation")
def function_explanation(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """A 项's 用途, 上年执行数 and 原因 belong to the 项: its rows that give one give the same."""
    first: dict[tuple[str, str], FunctionRow] = {}
    for row in model.functions:
        for key in EXPLANATIONS:
            value = getattr(row, key)
            if value is None or value == "":
                continue
            earlier = first.setdefault((row.code, key), row)
            if earlier is row or getattr(earlier, key) == value:
                continue
            header = schema.FUNCTION_ITEMS.column(key).header
            shown = (yuan_and_wan(getattr(earlier, key)), yuan_and_wan(value)) if key == "last_year" \
                else (f"“{excerpt(getattr(earlier, key))}”", f"“{excerpt(value)}”")
            yield Finding(
                ERROR, "function_explanation",
                f"科目编码 {row.code} 的“{header}”在 {FUNCTIONS}!{earlier.ref(key)} 填写为{shown[0]}，"
                f"在 {FUNCTIONS}!{row.ref(key)} 填写为{shown[1]}，两者不同。规则：用途、上年执行数和原因"
                "说明的是整个项级科目，同一科目的多行只填一处，或各处填写相同。",
                FUNCTIONS, row.ref(key), related=cell_refs([earlier], key))


@rule("economic_code")
def economic_code(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """经济科目 codes are 5-digit 款 codes under a known 类 (the group rows of table 6)."""
    for row in model.economic:
        if not ECONOMIC_CODE.match(row.code):
            yield Finding(
                ERROR, "economic_code",
                f"经济科目编码“{row.code}”不是5位数字。规则：经济科目按部门预算经济分类款级填列，"
                "编码为5位数字（如 30101）。", ECONOMIC, row.ref("code"))
        elif classification.economic_name(row.code[:3]) is None:
            yield Finding(
                ERROR, "economic_code",
                f"经济科目编码 {row.code} 的类级编码 {row.code[:3]} 在经济分类科目表中不存在，"
                "表6无法列示其类级汇总行。规则：经济科目编码前3位应为经济分类的类，请核对编码。",
                ECONOMIC, row.ref("code"))


@rule("economic_name")
def economic_name(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """经济科目 names agree with the catalogue where it knows the code."""
    for row in model.economic:
        known = classification.economic_name(row.code)
        if known is not None and known != row.name:
            yield Finding(
                HINT, "economic_name",
                f"经济科目编码 {row.code} 在经济分类科目表中的名称是“{known}”，这里填写的是“{row.name}”。"
                "公开表和人员经费、公用经费说明将使用填写的名称，请核对。规则：科目名称应与科目编码一致。",
                ECONOMIC, row.ref("name"))


# -- amounts entered twice ---------------------------------------------------------------
@rule("economic_total")
def economic_total(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """经济科目 合计 = 收支科目 一般公共预算当年基本支出."""
    econ = fig.personnel + fig.public
    basic_rows = [r for r in model.functions if r.source == GPB and r.period == CURRENT and r.basic]
    basic = sum((r.basic for r in basic_rows), ZERO)
    if econ != basic:
        yield Finding(
            ERROR, "economic_total",
            f"“经济科目”人员经费与公用经费合计 {yuan_and_wan(econ)}，不等于“收支科目”一般公共预算"
            f"当年基本支出合计 {yuan_and_wan(basic)}，相差 {yuan_and_wan(abs(econ - basic))}。"
            "规则：基本支出分经济科目表合计应等于一般公共预算基本支出。请核对本表各经济科目金额"
            "或“收支科目”的基本支出。",
            ECONOMIC, _column_range(model.economic, "personnel", "public") or "A2",
            related=cell_refs(basic_rows, "basic"))


@rule("three_public_economic")
def three_public_economic(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """Each 三公 item (一般公共预算) includes its economic item of 基本支出, so is not less."""
    rows = {r.item: r for r in model.three_public}
    items = {r.code: r for r in model.economic}
    for item, code in THREE_PUBLIC_ECONOMIC.items():
        econ = items.get(code)
        if econ is None or not econ.total:
            continue
        row = rows.get(item)
        listed = row.gpb if row else ZERO
        if listed < econ.total:
            econ_key = "public" if econ.public else "personnel"
            yield Finding(
                ERROR, "three_public_economic",
                f"“三公经费”{item}（一般公共预算）{yuan_and_wan(listed)}，少于“经济科目”{code} "
                f"{econ.name} {yuan_and_wan(econ.total)}，相差 {yuan_and_wan(econ.total - listed)}。"
                f"规则：“三公”经费中的{item}包含基本支出中的该经济科目，不能少于它。",
                THREE_PUBLIC, row.ref("gpb") if row else "",
                related=cell_refs([econ], econ_key))


@rule("projects_total")
def projects_total(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """项目支出 sheet total = 收支科目 项目支出, by fund source and period."""
    for source, key in SOURCE_COLUMNS.items():
        for period in (CURRENT, CARRIED):
            projects = [p for p in model.projects if p.period == period]
            listed = sum((getattr(p, key) for p in projects), ZERO)
            entered_rows = [r for r in model.functions
                            if r.source in expand((source,)) and r.period == period and r.project]
            entered = sum((r.project for r in entered_rows), ZERO)
            if listed == entered:
                continue
            column = schema.PROJECTS.column(key).header
            yield Finding(
                ERROR, "projects_total",
                f"“项目支出”表{period}项目的“{column}”合计 {yuan_and_wan(listed)}，不等于“收支科目”"
                f"{source}{period}项目支出合计 {yuan_and_wan(entered)}，相差 {yuan_and_wan(abs(listed - entered))}。"
                "规则：项目支出表各项目之和应等于收支科目中的项目支出（按资金来源和来源年度分别核对）。",
                PROJECTS, _column_range(projects, key, key) or "A2",
                related=cell_refs(entered_rows, "project"))


@rule("project_same_name")
def project_same_name(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """Two projects may share a name when amount, 实施单位 or period differ: a 提示 that both
    are listed (rows identical in every column are the reader's duplicate_row 错误)."""
    first: dict[str, Project] = {}
    for project in model.projects:
        earlier = first.setdefault(project.name, project)
        if earlier is not project:
            yield Finding(
                HINT, "project_same_name",
                f"项目“{project.name}”在第{earlier.row}行和第{project.row}行各填了一次（实施单位、来源年度或金额不同），"
                f"两行都将在项目支出表中列示，金额分别为 {yuan_and_wan(earlier.total)} 和 {yuan_and_wan(project.total)}。"
                "请确认不是重复填写。规则：同名项目只有在金额、实施单位或期间不同时才分行填写。",
                PROJECTS, project.ref("name"), related=cell_refs([earlier], "name"))


# -- performance-target forms ------------------------------------------------------------
def _projects_by_key(model: Budget) -> dict[tuple[str, str], list[Project]]:
    by_key: dict[tuple[str, str], list[Project]] = defaultdict(list)
    for project in model.projects:
        by_key[(project.name, project.unit)].append(project)
    return by_key


def _form(target: Target) -> str:
    return f"“绩效目标”表号 {target.no}（{target.name}，实施单位 {target.unit}）"


@rule("target_amount")
def target_amount(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """Each form's 年度资金总额 (元) = its project's amount (matched by 项目名称 + 实施单位)."""
    by_key = _projects_by_key(model)
    for target in model.targets:
        projects = by_key.get((target.name, target.unit))
        if not projects:
            continue  # target_project reports it
        amount = sum((p.total for p in projects), ZERO)
        if target.year_total != amount:
            rows = "、".join(f"第{p.row}行" for p in projects)
            yield Finding(
                ERROR, "target_amount",
                f"{_form(target)}的年度资金总额 {yuan_and_wan(target.year_total)}，不等于“项目支出”表"
                f"该项目（{rows}）的金额 {yuan_and_wan(amount)}。"
                "规则：公开的绩效目标表年度资金总额应等于项目预算金额。",
                TARGETS, target.ref("year_total"), related=cell_refs(projects, "name"))


@rule("target_project")
def target_project(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """A project marked 公开绩效目标=是 has a form; a form of this unit has a project."""
    by_key = _projects_by_key(model)
    forms = {(t.name, t.unit): t for t in model.targets}
    forms_by_name = {t.name: t for t in model.targets}
    projects_by_name = {p.name: p for p in model.projects}
    for project in model.projects:
        form = forms.get((project.name, project.unit))
        if project.published and form is None:
            same = forms_by_name.get(project.name)
            near = f"（表号 {same.no} 项目名称相同，但实施单位为“{same.unit}”）" if same else ""
            yield Finding(
                ERROR, "target_project",
                f"项目“{project.name}”（实施单位 {project.unit}）的“公开绩效目标”为“是”，但“绩效目标”表中"
                f"没有项目名称和实施单位都相同的目标表{near}。规则：公开绩效目标的项目都须填写目标表。",
                PROJECTS, project.ref("published"))
        elif form is not None and not any(p.published for p in by_key[(project.name, project.unit)]):
            yield Finding(
                HINT, "target_project",
                f"项目“{project.name}”的“公开绩效目标”为“否”，但“绩效目标”表填写了它的目标表（表号 {form.no}），"
                "该目标表仍将公开。规则：公开绩效目标的项目应标为“是”。",
                PROJECTS, project.ref("published"), related=cell_refs([form], "name"))
    for target in model.targets:
        if (target.name, target.unit) in by_key:
            continue
        same = projects_by_name.get(target.name)
        near = f"（第{same.row}行项目名称相同，但实施单位为“{same.unit}”）" if same else ""
        if target.unit == model.unit.name:
            yield Finding(
                ERROR, "target_project",
                f"{_form(target)}在“项目支出”表中没有项目名称和实施单位都相同的项目{near}。"
                "规则：本单位的绩效目标表都应对应一个项目。",
                TARGETS, target.ref("name"))
        else:
            yield Finding(
                HINT, "target_project",
                f"{_form(target)}的实施单位不是本单位（{model.unit.name}），“项目支出”表中也没有该项目{near}。"
                "它将作为所属单位的目标表公开，并计入公开绩效目标的个数和金额，请确认。"
                "规则：绩效目标表一般对应本单位的项目。",
                TARGETS, target.ref("unit"))


@rule("target_splits")
def target_splits(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """A form's funding splits (中央, 省级, 市县, 自筹, 其他) add up to its 资金总额."""
    for target in model.targets:
        for period, prefix, money in (("实施期", "term", target.term_money),
                                      ("年度", "year", target.year_money)):
            total = money.get("total") or ZERO
            splits = sum((money.get(k) or ZERO for k in MONEY_SPLITS[1:]), ZERO)
            if splits != total:
                yield Finding(
                    ERROR, "target_splits",
                    f"{_form(target)}{period}资金总额 {yuan_and_wan(total)}，不等于中央、省级、市县（区）"
                    f"财政资金、单位自筹和其他资金之和 {yuan_and_wan(splits)}。"
                    f"规则：{period}各项资金之和应等于{period}资金总额。",
                    TARGETS, target.ref(f"{prefix}_total"),
                    related=tuple(f"{TARGETS}!{target.ref(f'{prefix}_{k}')}" for k in MONEY_SPLITS[1:]))


# -- 机关运行经费 and the reasons the narrative needs ---------------------------------------
@rule("admin_cost_nature")
def admin_cost_nature(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """机关运行经费 is published only by 行政单位 and 参照公务员法管理事业单位."""
    if model.unit.is_admin:
        return
    nature = model.unit.nature
    last = model.last_year.money("admin_cost")
    if last:
        yield Finding(
            HINT, "admin_cost_nature",
            f"单位性质为“{nature}”，机关运行经费将公开为0，但“上年机关运行经费”填写了 {yuan_and_wan(last)}，"
            "不会用到。规则：机关运行经费仅行政单位和参照公务员法管理事业单位公开。请核对单位性质。",
            LAST_YEAR, model.last_year.ref("admin_cost"))
    if model.notes.get("admin_cost_reason"):
        yield Finding(
            HINT, "admin_cost_nature",
            f"单位性质为“{nature}”，不公开机关运行经费，“机关运行经费变动原因”不会用到。"
            "规则：机关运行经费仅行政单位和参照公务员法管理事业单位公开。",
            NOTES, model.notes.ref("admin_cost_reason"))


def _missing_reason(model: Budget, key: str, rule_name: str, changes: list[tuple[str, Change]],
                    subject: str) -> Iterator[Finding]:
    """An 错误 when a figure changed year on year and its reason, which the sentence needs, is empty."""
    changed = [(label, c) for label, c in changes if c.direction != "same"]
    if not changed or model.notes.get(key):
        return
    label = schema.NOTES.field(key).label
    facts = "；".join(
        f"{name} {yuan_and_wan(c.current)}，上年 {yuan_and_wan(c.previous)}，{_change_words(c)}"
        for name, c in changed)
    yield Finding(
        ERROR, rule_name,
        f"{facts}，但“说明”表的“{label}”为空，情况说明中“主要原因是……”一句无法写完整。"
        f"规则：{subject}比上年增加或减少时须填写原因。",
        NOTES, model.notes.ref(key))


@rule("income_change_reason")
def income_change_reason(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    income = Change(fig.total.total, model.last_year.money("income_total"))
    expense = Change(fig.total.total, model.last_year.money("expense_total"))
    # This year's two totals are equal by construction; last year's usually are too.
    changes = [("收支总计", income)] if income == expense else [("收入总计", income), ("支出总计", expense)]
    yield from _missing_reason(model, "change_reason", "income_change_reason", changes, "收支总计")


@rule("admin_cost_change_reason")
def admin_cost_change_reason(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    if model.unit.is_admin:
        yield from _missing_reason(model, "admin_cost_reason", "admin_cost_change_reason", [
            ("机关运行经费", Change(fig.admin_cost, model.last_year.money("admin_cost"))),
        ], "机关运行经费")


@rule("three_public_change_reason")
def three_public_change_reason(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    tp = fig.three_public
    yield from _missing_reason(model, "three_public_reason", "three_public_change_reason", [
        ("“三公”经费合计", Change(tp.total(), tp.total("last_year"))),
    ], "“三公”经费")


# -- rounding of 元 input (提示 only) ------------------------------------------------------
@rule("economic_rounding")
def economic_rounding(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """A group row of table 6, rounded from 元, may differ by 0.01 万元 from its rounded items."""
    columns = (("total", "合计"), ("personnel", "人员经费"), ("public", "公用经费"))
    for group in fig.economic_groups:
        gaps = []
        for key, label in columns:
            published = to_wan(getattr(group, key))
            items = sum((to_wan(getattr(item, key)) for item in group.items), ZERO)
            if published != items:
                gaps.append(f"{label} {published}万元（各款之和 {items}万元）")
        if gaps:
            first, *rest = group.items
            yield Finding(
                HINT, "economic_rounding",
                f"表6“{group.code} {group.name}”一行：{'、'.join(gaps)}。金额以元填写，每个单元格分别四舍五入为万元，"
                "汇总行与各款之和相差0.01万元属于尾数误差；将按原样公开（汇总行按元合计后再四舍五入），无需修改。",
                ECONOMIC, first.ref("code"), related=cell_refs(rest, "code"))

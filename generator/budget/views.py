"""The 单位预算公开 views: 预算公开表1-13, the two charts, the performance-target forms."""
from __future__ import annotations

from decimal import Decimal
from typing import Callable

from .. import classification
from .compute import THREE_PUBLIC_ITEMS, Amounts, BudgetFigures
from ..doctree import CENTER, LEFT, RIGHT, Cell, Chart, Column, Table
from .model import CARRIED, CURRENT, FISCAL_SOURCES, FUND, GPB, SOC, SOURCES, ZERO
from ..views import chart, forms, table
from ..views.common import (
    ViewContext, class_label, code_columns, column_numbers, finish, form_date, h, m, t, value, yuan,
)

KIND = "budget"
AmountFn = Callable[[Amounts], Decimal]


def code_rows(fig: BudgetFigures, columns: list[AmountFn], total_label: str = "合计"):
    """合计 row plus one row per 类/款/项 line that has an amount in any column."""
    totals = [fn(fig.total) for fn in columns]
    rows = [[t(total_label, colspan=2, align=CENTER, bold=True)] + [m(v) for v in totals]]
    for line in fig.lines:
        values = [fn(line.amounts) for fn in columns]
        if any(values):
            rows.append([t(line.code), t(line.name)] + [m(v) for v in values])
    return rows, any(totals)


def amount_sum(sources=None, periods=None, kinds=None) -> AmountFn:
    return lambda a: a.sum(sources=sources, periods=periods, kinds=kinds)


def class_rows(codes, left: list[list[Cell]], right: Callable[[str], list[Cell]], year: int):
    """The fixed 类 rows of a 收支总表: income cells on the left, 类 cells on the right."""
    rows = []
    for i, code in enumerate(codes, start=1):
        name = classification.function_name(code, year) or code
        left_cells = left[i - 1] if i <= len(left) else [t(""), t("")]
        rows.append(left_cells + [t(class_label(i, name))] + right(code))
    return rows


@table(KIND, "income_expense_summary")
def income_expense_summary(ctx: ViewContext) -> Table:
    fig: BudgetFigures = ctx.figures
    year = ctx.year
    income = [[t(class_label(i, s)), m(fig.total.sum(sources=(s,), periods=(CURRENT,)))]
              for i, s in enumerate(SOURCES, start=1)]

    def right(code: str) -> list[Cell]:
        a = ctx.figures.classes.get(code, Amounts())
        return [m(a.total), m(a.sum(periods=(CURRENT,))), m(a.sum(periods=(CARRIED,)))]

    current = fig.total.sum(periods=(CURRENT,))
    carried = fig.total.sum(periods=(CARRIED,))
    body = class_rows(classification.BUDGET_CLASSES, income, right, ctx.model.unit.year)
    body += [
        [t("本年收入合计", bold=True), m(current), t("本年支出合计", bold=True),
         m(fig.total.total), m(current), m(carried)],
        [t("上年结转"), m(carried), t("年终结转"), t(""), t(""), t("")],
        [t("收入总计", bold=True), m(fig.total.total), t("支出总计", bold=True),
         m(fig.total.total), m(current), m(carried)],
    ]
    return Table(
        columns=[Column(2.6), Column(1.3, RIGHT), Column(3.2), Column(1.3, RIGHT),
                 Column(1.3, RIGHT), Column(1.3, RIGHT)],
        header=[[h("收入", colspan=2), h("支出", colspan=4)],
                [h("项目"), h(f"{year}年"), h("项目"), h(f"{year}年合计"), h("当年预算安排"),
                 h("上年结转安排")]],
        body=body,
    )


@table(KIND, "income")
def income(ctx: ViewContext) -> Table:
    columns = [amount_sum(periods=(CURRENT,))] + [amount_sum(sources=(s,), periods=(CURRENT,)) for s in SOURCES]
    columns.append(amount_sum(periods=(CARRIED,)))
    rows, has_data = code_rows(ctx.figures, columns)
    return finish(Table(
        columns=code_columns(7),
        header=[[h("项目", colspan=2), h("本年收入", colspan=6), h("上年结转", rowspan=2)],
                [h("科目编码"), h("科目名称"), h("合计"), h("一般公共预算"), h("政府性基金"),
                 h("国有资本经营预算"), h("财政专户管理资金"), h("单位资金")]],
        body=rows, landscape=True,
    ), has_data)


def _expense_table(ctx: ViewContext, sources=None, periods=None) -> Table:
    columns = [amount_sum(sources, periods), amount_sum(sources, periods, ("basic",)),
               amount_sum(sources, periods, ("project",))]
    rows, has_data = code_rows(ctx.figures, columns)
    return finish(Table(
        columns=code_columns(3),
        header=[[h("项目", colspan=2), h(f"{ctx.year}年预算数", colspan=3)],
                [h("科目编码"), h("科目名称"), h("合计"), h("基本支出"), h("项目支出")]],
        body=rows,
    ), has_data)


@table(KIND, "expense")
def expense(ctx: ViewContext) -> Table:
    return _expense_table(ctx)


@table(KIND, "fiscal_summary")
def fiscal_summary(ctx: ViewContext) -> Table:
    fig: BudgetFigures = ctx.figures
    income = [[t(class_label(i, s)), m(fig.total.sum(sources=(s,), periods=(CURRENT,)))]
              for i, s in enumerate(FISCAL_SOURCES, start=1)]

    def fiscal(a: Amounts, periods=None) -> list[Cell]:
        return [m(a.sum(sources=FISCAL_SOURCES, periods=periods))] + [
            m(a.sum(sources=(s,), periods=periods)) for s in FISCAL_SOURCES]

    def right(code: str) -> list[Cell]:
        return fiscal(fig.classes.get(code, Amounts()))

    blank4 = [t("") for _ in range(4)]
    body = class_rows(classification.BUDGET_CLASSES, income, right, ctx.model.unit.year)
    body.append([t("本年收入合计", bold=True),
                 m(fig.total.sum(sources=FISCAL_SOURCES, periods=(CURRENT,))),
                 t("本年支出合计", bold=True)] + fiscal(fig.total))
    body.append([t("上年财政拨款结转"),
                 m(fig.total.sum(sources=FISCAL_SOURCES, periods=(CARRIED,))),
                 t("年终结转")] + blank4)
    for i, s in enumerate(FISCAL_SOURCES, start=1):
        body.append([t(class_label(i, s)), m(fig.total.sum(sources=(s,), periods=(CARRIED,))),
                     t("")] + blank4)
    body.append([t("收入总计", bold=True), m(fig.total.sum(sources=FISCAL_SOURCES)),
                 t("支出总计", bold=True)] + fiscal(fig.total))
    return Table(
        columns=[Column(2.4), Column(1.2, RIGHT), Column(3.0), Column(1.2, RIGHT),
                 Column(1.2, RIGHT), Column(1.2, RIGHT), Column(1.2, RIGHT)],
        header=[[h("收入", colspan=2), h("支出", colspan=5)],
                [h("项目", rowspan=2), h("金额", rowspan=2), h("项目", rowspan=2),
                 h("金额", colspan=4)],
                [h("小计"), h("一般公共预算"), h("政府性基金预算"), h("国有资本经营预算")]],
        body=body,
    )


@table(KIND, "gpb_expense")
def gpb_expense(ctx: ViewContext) -> Table:
    return _expense_table(ctx, (GPB,), (CURRENT,))


@table(KIND, "gpb_basic_economic")
def gpb_basic_economic(ctx: ViewContext) -> Table:
    fig: BudgetFigures = ctx.figures
    body = [[t("合计", colspan=2, align=CENTER, bold=True), m(fig.personnel + fig.public),
             m(fig.personnel), m(fig.public)]]
    for group in fig.economic_groups:
        body.append([t(group.name, bold=True), t(""), m(group.total), m(group.personnel),
                     m(group.public)])
        for item in group.items:
            body.append([t(item.name), t(item.gov_name), m(item.total), m(item.personnel),
                         m(item.public)])
    return finish(Table(
        columns=[Column(3.0), Column(2.6), Column(1.3, RIGHT), Column(1.3, RIGHT),
                 Column(1.3, RIGHT)],
        header=[[h("部门预算支出经济科目名称", rowspan=2), h("政府预算支出经济科目名称", rowspan=2),
                 h(f"{ctx.year}年预算数", colspan=3)],
                [h("合计"), h("人员经费"), h("公用经费")]],
        body=body,
    ), bool(fig.economic_groups))


@table(KIND, "fund_income")
def fund_income(ctx: ViewContext) -> Table:
    rows, has_data = code_rows(ctx.figures, [amount_sum((FUND,), (CURRENT,))])
    return finish(Table(
        columns=code_columns(1),
        header=[[h("项目", colspan=2), h("政府性基金收入预算", rowspan=2)],
                [h("收入科目编码"), h("科目名称")]],
        body=rows,
    ), has_data)


@table(KIND, "fund_expense")
def fund_expense(ctx: ViewContext) -> Table:
    sel = ((FUND,), (CURRENT,))
    rows, has_data = code_rows(ctx.figures, [amount_sum(*sel), amount_sum(*sel, ("basic",)),
                                              amount_sum(*sel, ("project",))])
    return finish(Table(
        columns=code_columns(3),
        header=[[h("科目编码"), h("科目名称"), h("合计"), h("基本支出"), h("项目支出")]],
        body=rows,
    ), has_data)


@table(KIND, "soc")
def soc(ctx: ViewContext) -> Table:
    sel = ((SOC,), (CURRENT,))
    fig: BudgetFigures = ctx.figures
    total = fig.total.sum(*sel)
    body = [[t("合计", colspan=2, align=CENTER, bold=True), m(total),
             t("合计", colspan=2, align=CENTER, bold=True), m(total),
             m(fig.total.sum(*sel, ("basic",))), m(fig.total.sum(*sel, ("project",)))]]
    for line in fig.lines:
        amount = line.amounts.sum(*sel)
        if amount:
            body.append([t(line.code), t(line.name), m(amount), t(line.code), t(line.name),
                         m(amount), m(line.amounts.sum(*sel, ("basic",))),
                         m(line.amounts.sum(*sel, ("project",)))])
    return finish(Table(
        columns=[Column(1.1), Column(2.4), Column(1.3, RIGHT), Column(1.1), Column(2.4),
                 Column(1.2, RIGHT), Column(1.2, RIGHT), Column(1.2, RIGHT)],
        header=[[h("国有资本经营预算收入", colspan=3), h("国有资本经营预算支出", colspan=5)],
                [h("项目", colspan=2), h("国有资本经营收入预算", rowspan=2),
                 h("科目编码", rowspan=2), h("科目名称", rowspan=2), h("合计", rowspan=2),
                 h("基本支出", rowspan=2), h("项目支出", rowspan=2)],
                [h("收入科目编码"), h("科目名称")]],
        body=body, landscape=True,
    ), bool(total))


@table(KIND, "three_public")
def three_public(ctx: ViewContext) -> Table:
    tp = ctx.figures.three_public
    keys = ("total", "gpb", "fund", "soc")

    def row(label: str, values: list[Decimal], bold: bool = False) -> list[Cell]:
        return [t(label, bold=bold)] + [m(v) for v in values]

    body = [
        row("因公出国（境）费", [tp.get("因公出国（境）费", k) for k in keys]),
        row("公务接待费", [tp.get("公务接待费", k) for k in keys]),
        row("公务用车购置及运行费", [tp.vehicle(k) for k in keys]),
        row("①公务用车购置费", [tp.get("公务用车购置费", k) for k in keys]),
        row("②公务用车运行维护费", [tp.get("公务用车运行维护费", k) for k in keys]),
        row("合计", [tp.total(k) for k in keys], bold=True),
    ]
    return finish(Table(
        columns=[Column(3.0), Column(1.4, RIGHT), Column(1.4, RIGHT), Column(1.4, RIGHT),
                 Column(1.4, RIGHT)],
        header=[[h("项目", rowspan=2), h(f"{ctx.year}年预算数", colspan=4)],
                [h("合计"), h("一般公共预算"), h("政府性基金预算"), h("国有资本经营预算")]],
        body=body,
    ), bool(tp.total()))


@table(KIND, "admin_cost")
def admin_cost(ctx: ViewContext) -> Table:
    cost = ctx.figures.admin_cost
    values = [m(cost), m(cost), m(ZERO), m(ZERO)]
    body = [[t("部门合计", bold=True)] + values]
    # A department lists each 行政 / 参公 unit; a unit lists itself when it has the cost.
    units = ctx.figures.admin_units or ([(ctx.model.unit.name, cost)] if cost else [])
    body += [[t(name), m(value), m(value), m(ZERO), m(ZERO)] for name, value in units]
    return finish(Table(
        columns=[Column(3.4), Column(1.4, RIGHT), Column(1.4, RIGHT), Column(1.4, RIGHT),
                 Column(1.4, RIGHT)],
        header=[[h("单位名称", rowspan=2), h(f"{ctx.year}预算数", colspan=4)],
                [h("合计"), h("一般公共预算"), h("政府性基金预算"), h("国有资本经营预算")]],
        body=body,
    ), bool(cost))


def _project_table(ctx: ViewContext, projects, with_other_sources: bool) -> Table:
    def amounts(items) -> list[Decimal]:
        values = [sum((p.total if with_other_sources else p.fiscal for p in items), ZERO),
                  sum((p.gpb for p in items), ZERO), sum((p.fund for p in items), ZERO),
                  sum((p.soc for p in items), ZERO)]
        if with_other_sources:
            values += [sum((p.special for p in items), ZERO), sum((p.own for p in items), ZERO)]
        return values

    body = []
    if ctx.options.get("group_by_unit"):
        units: dict[str, list] = {}
        for p in projects:
            units.setdefault(p.unit, []).append(p)
        for unit, items in units.items():
            body.append([t(unit, bold=True)] + [m(v) for v in amounts(items)])
            body += [[t(p.name)] + [m(v) for v in amounts([p])] for p in items]
    else:
        body = [[t(p.name)] + [m(v) for v in amounts([p])] for p in projects]
    width = 7 if with_other_sources else 5
    header = [[h("项目名称", rowspan=2), h("合计", rowspan=2),
               h(f"{ctx.year}年财政拨款", colspan=3)]]
    if with_other_sources:
        header[0] += [h("财政专户管理资金", rowspan=2), h("单位资金", rowspan=2)]
    header += [[h("一般公共预算"), h("政府性基金预算"), h("国有资本经营预算")],
               column_numbers(width)]
    if not projects:
        body = [[t("合计", bold=True, align=CENTER)] + [t("") for _ in range(width - 1)]]
    return finish(Table(
        columns=[Column(4.0)] + [Column(1.3, RIGHT) for _ in range(width - 1)],
        header=header, body=body,
    ), bool(projects))


@table(KIND, "projects_current")
def projects_current(ctx: ViewContext) -> Table:
    return _project_table(ctx, ctx.figures.projects_current, with_other_sources=True)


@table(KIND, "projects_carried")
def projects_carried(ctx: ViewContext) -> Table:
    return _project_table(ctx, ctx.figures.projects_carried, with_other_sources=False)


@chart(KIND, "gpb_structure")
def gpb_structure(ctx: ViewContext) -> Chart | None:
    fig: BudgetFigures = ctx.figures
    pairs = [(classification.function_name(code, ctx.model.unit.year) or code,
              a.sum(sources=(GPB,), periods=(CURRENT,))) for code, a in sorted(fig.classes.items())]
    return _pie(pairs)


@chart(KIND, "three_public")
def three_public_chart(ctx: ViewContext) -> Chart | None:
    tp = ctx.figures.three_public
    return _pie([(item, tp.get(item)) for item in THREE_PUBLIC_ITEMS])


def _pie(pairs: list[tuple[str, Decimal]]) -> Chart | None:
    """A pie of the non-zero slices; none with fewer than two: a single full circle
    ("100% 公务用车运行维护费") tells the reader nothing its sentence does not."""
    pairs = [(label, value) for label, value in pairs if value > 0]
    if len(pairs) < 2:
        return None
    return Chart("pie", "", [p[0] for p in pairs], [p[1] for p in pairs], "万元")


# -- performance-target forms ----------------------------------------------------------------
LEVELS = (
    ("产出指标", ("数量指标", "质量指标", "时效指标", "成本指标")),
    ("效益指标", ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")),
    ("满意度指标", ("服务对象满意度指标",)),
)
FORM_TEXTS = (
    ("项目概况", "overview"), ("立项依据", "basis"), ("项目设立必要性", "necessity"),
    ("保证项目实施的制度、措施", "measures"), ("项目实施计划", "plan"),
)
MONEY_LABELS = (
    ("total", "实施期资金总额：", "年度资金总额："),
    ("central", "其中：中央财政资金", "其中：中央财政资金"),
    ("province", "省级财政资金", "省级财政资金"),
    ("local", "市县（区）财政资金", "市县（区）财政资金"),
    ("own", "单位自筹", "单位自筹"),
    ("other", "其他资金", "其他资金"),
)


def _indicator_rows(target) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for level1, level2s in LEVELS:
        start = len(rows)
        for level2 in level2s:
            term = [i for i in target.indicators if i.period == "实施期" and i.level2 == level2]
            year = [i for i in target.indicators if i.period == "年度" and i.level2 == level2]
            span = max(len(term), len(year), 1)
            for k in range(span):
                row: list[Cell] = []
                if k == 0:
                    row.append(t(level2, rowspan=span))
                row += [t(term[k].level3) if k < len(term) else t(""),
                        value(term[k].value) if k < len(term) else t("")]
                if k == 0:
                    row.append(t(level2, rowspan=span))
                row += [t(year[k].level3) if k < len(year) else t(""),
                        value(year[k].value) if k < len(year) else t("")]
                rows.append(row)
        rows[start].insert(0, t(level1, rowspan=len(rows) - start))
    return rows


def performance_form(target, department: str) -> Table:
    """One 项目支出绩效目标表: an 8-column grid as the seeds lay it out."""
    tx = target.texts
    body: list[list[Cell]] = [
        [t("项目名称", colspan=2), t(target.name, colspan=6)],
        [t("主管部门及代码", colspan=2), t(target.department or department, colspan=3),
         t("实施单位"), t(target.unit, colspan=2)],
        [t("项目属性", colspan=2), t(target.nature, colspan=3), t("项目期"),
         t(target.term, colspan=2)],
    ]
    for i, (key, term_label, year_label) in enumerate(MONEY_LABELS):
        row = [t("项目资金（元）", colspan=2, rowspan=len(MONEY_LABELS))] if i == 0 else []
        row += [t(term_label, colspan=2), yuan(target.term_money.get(key)),
                t(year_label, colspan=2), yuan(target.year_money.get(key))]
        body.append(row)
    for label, key in FORM_TEXTS:
        body.append([t(label, colspan=2), t(tx.get(key, ""), colspan=6)])
    body.append([t("", colspan=2), t("实施期目标", colspan=3, align=CENTER),
                 t("年度目标", colspan=3, align=CENTER)])
    body.append([t("总体目标", colspan=2), t(tx.get("term_goal", ""), colspan=3),
                 t(tx.get("year_goal", ""), colspan=3)])
    indicators = _indicator_rows(target)
    body.append([t("绩效指标", rowspan=len(indicators) + 1, align=CENTER), h("一级指标"),
                 h("二级指标"), h("三级指标"), h("指标值"), h("二级指标"), h("三级指标"),
                 h("指标值")])
    body += indicators
    # Each field starts at its cell's left edge: under a right-aligned column, 联系电话
    # would run into 填报日期.
    body.append([t(f"负责人：{tx.get('leader', '')}", colspan=2, align=LEFT),
                 t(f"经办人：{tx.get('handler', '')}", colspan=2, align=LEFT),
                 t(f"联系电话：{tx.get('phone', '')}", colspan=2, align=LEFT),
                 t(f"填报日期：{form_date(tx.get('date', ''))}", colspan=2, align=LEFT)])
    return Table(
        columns=[Column(1.0, CENTER), Column(1.2, CENTER), Column(1.5, LEFT), Column(2.4),
                 Column(1.4, RIGHT), Column(1.5), Column(2.4), Column(1.4, RIGHT)],
        header=[], body=body, font_scale=0.9, header_rows_repeat=False, bookmark=target.name,
    )


@forms(KIND, "performance_targets")
def performance_targets(ctx: ViewContext) -> list[Table]:
    return [performance_form(target, ctx.model.unit.department)
            for target in ctx.figures.targets]

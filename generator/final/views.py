"""The 部门决算公开 views: 公开01-10表 and the tables of the 整体绩效自评 annex.

Each table's note (注：本表反映…) and its empty-table note come from the profile's item
options `note` and `empty_note`; `rounding_note` is added to `note` when the workbook
was entered in 元 (its 万元 cells are rounded one by one).
"""
from __future__ import annotations

from decimal import Decimal
from math import ceil

from .. import classification, fmt
from .compute import (
    BASIC_CONSTRUCTION, CLOSING, INCOME, KINDS, NON_FISCAL_INCOME, OPENING, PERSONNEL_GROUPS,
    SPENDING, ExecutionLine, FinalFigures, balance, received, spent,
)
from ..doctree import CENTER, LEFT, RIGHT, Cell, Column, Table
from ..budget.model import FISCAL_SOURCES, FUND, GPB, SOC
from .schema import INCOME_TYPES, SPENDING_KINDS, VEHICLE_KINDS
from ..views import table
from ..budget.views import LEVELS, class_rows, code_rows, amount_sum
from ..views.common import (
    EMPTY_NOTE, ViewContext, class_label, code_columns, column_numbers, finish, h, m, t, value,
    yuan,
)

KIND = "final"
NOT_APPLICABLE = "———"  # 公开06表: 基本建设 codes, which 基本支出 cannot use
# Row numbers of 公开10表 as the provincial template prints them (16 is not used).
STATS_ROWS = {"total": 1, "goods": 2, "works": 3, "services": 4, "admin": 5, "civil": 6,
              "vehicles": 7, "equipment": 17}


def _finish(ctx: ViewContext, table: Table, has_data: bool) -> Table:
    note = ctx.options.get("note", "")
    if note and ctx.model.unit.money_unit == "元":
        note += ctx.options.get("rounding_note", "")
    if note:
        table.notes.append(note)
    return finish(table, has_data, ctx.options.get("empty_note", EMPTY_NOTE))


def _no(n: int) -> Cell:
    return t(str(n), align=CENTER)


def _count(value: int) -> Cell:
    return t(fmt.count(value), value=Decimal(value)) if value else t("")


def _rows_header(*titles: Cell) -> list[Cell]:
    return [h("栏次"), h("")] + list(titles)


def _summary(income: list[tuple[str, Decimal]], right, tail, year: int) -> list[list[Cell]]:
    """The 收支总表 grid: income rows beside the fixed 类 rows, then the closing rows.

    Left 行次 run down the whole table first, then the right ones (as the seeds print them).
    """
    codes = classification.FINAL_CLASSES
    left_count = len(codes) + len(tail)
    left = [[t(label), _no(i), m(value)] for i, (label, value) in enumerate(income, start=1)]
    left += [[t(""), _no(i), t("")] for i in range(len(left) + 1, len(codes) + 1)]
    numbers = {code: left_count + i for i, code in enumerate(codes, start=1)}
    body = class_rows(codes, left, lambda code: [_no(numbers[code])] + right(code), year)
    for k, (left_cells, right_cells) in enumerate(tail, start=1):
        body.append([left_cells[0], _no(len(codes) + k)] + left_cells[1:]
                    + [right_cells[0], _no(left_count + len(codes) + k)] + right_cells[1:])
    return body


@table(KIND, "income_expense_summary")
def income_expense_summary(ctx: ViewContext) -> Table:
    fig: FinalFigures = ctx.figures
    sources = [*FISCAL_SOURCES, *NON_FISCAL_INCOME]
    labels = [f"{label}收入" for _, label in INCOME_TYPES[:3]] + list(NON_FISCAL_INCOME)
    income = [(class_label(i, label), received(fig.total, (source,)))
              for i, (label, source) in enumerate(zip(labels, sources), start=1)]

    def right(code: str) -> list[Cell]:
        amounts = fig.classes.get(code)
        return [m(spent(amounts) if amounts else None)]

    tail = [
        ([t("本年收入合计", bold=True), m(fig.income)], [t("本年支出合计", bold=True), m(fig.spending)]),
        ([t("使用非财政拨款结余（含专用结余）"), m(fig.used_surplus)],
         [t("结余分配"), m(fig.distribution)]),
        ([t("年初结转和结余"), m(balance(fig.total, OPENING))],
         [t("年末结转和结余"), m(balance(fig.total, CLOSING))]),
        ([t(""), t("")], [t(""), t("")]),
        ([t("总计", bold=True), m(fig.income_sum)], [t("总计", bold=True), m(fig.expense_sum)]),
    ]
    return _finish(ctx, Table(
        columns=[Column(3.0), Column(0.7, CENTER), Column(1.3, RIGHT), Column(3.0),
                 Column(0.7, CENTER), Column(1.3, RIGHT)],
        header=[[h("收入", colspan=3), h("支出", colspan=3)],
                [h("项目"), h("行次"), h("金额"), h("项目"), h("行次"), h("金额")],
                _rows_header(h("1")) + _rows_header(h("2"))],
        body=_summary(income, right, tail, ctx.model.unit.year),
    ), True)


@table(KIND, "income")
def income(ctx: ViewContext) -> Table:
    columns = [amount_sum(periods=(INCOME,)), amount_sum(FISCAL_SOURCES, (INCOME,))]
    columns += [amount_sum((source,), (INCOME,)) for source in NON_FISCAL_INCOME]
    rows, has_data = code_rows(ctx.figures, columns)
    titles = ["本年收入合计", "财政拨款收入", *NON_FISCAL_INCOME]
    return _finish(ctx, Table(
        columns=code_columns(len(columns)),
        header=[[h("项目", colspan=2)] + [h(title, rowspan=2) for title in titles],
                [h("科目代码"), h("科目名称")],
                [h("栏次", colspan=2)] + column_numbers(len(columns))],
        body=rows, landscape=True,
    ), has_data)


@table(KIND, "expense")
def expense(ctx: ViewContext) -> Table:
    columns = [amount_sum(periods=(SPENDING,))] + [amount_sum(periods=(SPENDING,), kinds=(k,)) for k in KINDS]
    rows, has_data = code_rows(ctx.figures, columns)
    return _finish(ctx, Table(
        columns=code_columns(len(columns)),
        header=[[h("项目", colspan=2), h("本年支出合计", rowspan=2)]
                + [h(label, rowspan=2) for _, label in SPENDING_KINDS],
                [h("科目代码"), h("科目名称")],
                [h("栏次", colspan=2)] + column_numbers(len(columns))],
        body=rows, landscape=True,
    ), has_data)


@table(KIND, "fiscal_summary")
def fiscal_summary(ctx: ViewContext) -> Table:
    fig: FinalFigures = ctx.figures
    labels = [label for _, label in INCOME_TYPES[:3]]
    income = [(class_label(i, label), received(fig.total, (source,)))
              for i, (label, source) in enumerate(zip(labels, FISCAL_SOURCES), start=1)]

    def by_source(fn) -> list[Cell]:
        return [m(fn(FISCAL_SOURCES))] + [m(fn((source,))) for source in FISCAL_SOURCES]

    def right(code: str) -> list[Cell]:
        amounts = fig.classes.get(code)
        return by_source(lambda sel: spent(amounts, sel) if amounts else None)

    blank = [t(""), t(""), t(""), t(""), t("")]
    opening = {source: balance(fig.total, OPENING, (source,)) for source in FISCAL_SOURCES}
    tail = [
        ([t("本年收入合计", bold=True), m(received(fig.total, FISCAL_SOURCES))],
         [t("本年支出合计", bold=True)] + by_source(lambda sel: spent(fig.total, sel))),
        ([t("年初财政拨款结转和结余"), m(sum(opening.values()))],
         [t("年末财政拨款结转和结余")] + by_source(lambda sel: balance(fig.total, CLOSING, sel))),
        *(([t(label), m(opening[source])], blank) for label, source in zip(labels, FISCAL_SOURCES)),
        ([t("总计", bold=True), m(received(fig.total, FISCAL_SOURCES) + sum(opening.values()))],
         [t("总计", bold=True)] + by_source(
             lambda sel: spent(fig.total, sel) + balance(fig.total, CLOSING, sel))),
    ]
    return _finish(ctx, Table(
        columns=[Column(2.8), Column(0.6, CENTER), Column(1.2, RIGHT), Column(2.8),
                 Column(0.6, CENTER), Column(1.2, RIGHT), Column(1.3, RIGHT), Column(1.3, RIGHT),
                 Column(1.3, RIGHT)],
        header=[[h("收入", colspan=3), h("支出", colspan=6)],
                [h("项目"), h("行次"), h("金额"), h("项目"), h("行次"), h("合计"),
                 *(h(label) for label in labels)],
                _rows_header(h("1")) + _rows_header(*column_numbers(5)[1:])],
        body=_summary(income, right, tail, ctx.model.unit.year), landscape=True,
    ), True)


def _spending_table(ctx: ViewContext, source: str, title: str) -> Table:
    sel = ((source,), (SPENDING,))
    rows, has_data = code_rows(ctx.figures, [amount_sum(*sel), amount_sum(*sel, ("basic",)),
                                              amount_sum(*sel, ("project",))])
    return _finish(ctx, Table(
        columns=code_columns(3),
        header=[[h("项目", colspan=2), h("本年支出", colspan=3)],
                [h("科目代码"), h("科目名称"), h(title), h("基本支出"), h("项目支出")],
                [h("栏次", colspan=2)] + column_numbers(3)],
        body=rows,
    ), has_data)


@table(KIND, "gpb_expense")
def gpb_expense(ctx: ViewContext) -> Table:
    return _spending_table(ctx, GPB, "小计")


@table(KIND, "gpb_basic_economic")
def gpb_basic_economic(ctx: ViewContext) -> Table:
    """Every economic 类 and 款 of the catalogue: 人员经费 in one code group, 公用经费 in three."""
    fig: FinalFigures = ctx.figures
    entered = {item.code: item.total for group in fig.economic_groups for item in group.items}
    entered.update({group.code: group.total for group in fig.economic_groups})
    personnel, public = [], []
    for code, name in classification.economic().items():
        if code[:3] in BASIC_CONSTRUCTION:
            amount = t(NOT_APPLICABLE, align=CENTER)
        else:
            amount = m(entered.get(code))
        cells = [t(code, bold=len(code) == 3), t(name, bold=len(code) == 3), amount]
        (personnel if code[:3] in PERSONNEL_GROUPS else public).append(cells)
    height = max(len(personnel), ceil(len(public) / 3))
    blank = [t(""), t(""), t("")]
    columns = [personnel] + [public[k * height:(k + 1) * height] for k in range(3)]
    body = [[cell for col in columns for cell in (col[r] if r < len(col) else blank)]
            for r in range(height)]
    body.append([t("人员经费合计", colspan=2, bold=True), m(fig.personnel),
                 t("公用经费合计", colspan=8, bold=True), m(fig.public)])
    table_ = Table(
        columns=[Column(w, a) for _ in range(4)
                 for w, a in ((1.0, LEFT), (2.2, LEFT), (0.9, RIGHT))],
        header=[[h("人员经费", colspan=3), h("公用经费", colspan=9)],
                [h("科目代码"), h("科目名称"), h("决算数")] * 4],
        body=body, landscape=True, font_scale=0.85,
    )
    return _finish(ctx, table_, bool(fig.economic_groups))


@table(KIND, "fund")
def fund(ctx: ViewContext) -> Table:
    sel = (FUND,)
    columns = [amount_sum(sel, (OPENING,)), amount_sum(sel, (INCOME,)), amount_sum(sel, (SPENDING,)),
               amount_sum(sel, (SPENDING,), ("basic",)), amount_sum(sel, (SPENDING,), ("project",)),
               amount_sum(sel, (CLOSING,))]
    rows, has_data = code_rows(ctx.figures, columns)
    return _finish(ctx, Table(
        columns=code_columns(len(columns)),
        header=[[h("项目", colspan=2), h("年初结转和结余", rowspan=2), h("本年收入", rowspan=2),
                 h("本年支出", colspan=3), h("年末结转和结余", rowspan=2)],
                [h("科目代码"), h("科目名称"), h("小计"), h("基本支出"), h("项目支出")],
                [h("栏次", colspan=2)] + column_numbers(len(columns))],
        body=rows, landscape=True,
    ), has_data)


@table(KIND, "soc")
def soc(ctx: ViewContext) -> Table:
    return _spending_table(ctx, SOC, "合计")


@table(KIND, "three_public")
def three_public(ctx: ViewContext) -> Table:
    tp = ctx.figures.three_public
    values = []
    header2, header3 = [], []
    for key in ("budget", "actual"):
        values += [tp.total(key), tp.get("因公出国（境）费", key), tp.vehicle(key),
                   tp.get("公务用车购置费", key), tp.get("公务用车运行维护费", key),
                   tp.get("公务接待费", key)]
        header2 += [h("合计", rowspan=2), h("因公出国（境）费", rowspan=2),
                    h("公务用车购置及运行维护费", colspan=3), h("公务接待费", rowspan=2)]
        header3 += [h("小计"), h("公务用车购置费"), h("公务用车运行维护费")]
    return _finish(ctx, Table(
        columns=[Column(1.0, RIGHT) for _ in values],
        header=[[h("预算数", colspan=6), h("决算数", colspan=6)], header2, header3,
                column_numbers(len(values))],
        body=[[m(v) for v in values]], landscape=True,
    ), any(values))


@table(KIND, "statistics")
def statistics(ctx: ViewContext) -> Table:
    fig: FinalFigures = ctx.figures
    nature = ctx.model.unit.nature
    proc = fig.procurement
    body = [
        [t("合计"), _no(STATS_ROWS["total"]), m(proc["total"])],
        [t("货物"), _no(STATS_ROWS["goods"]), m(proc["goods"])],
        [t("工程"), _no(STATS_ROWS["works"]), m(proc["works"])],
        [t("服务"), _no(STATS_ROWS["services"]), m(proc["services"])],
        [t("二、机关运行经费", colspan=3, bold=True)],
        [h("项目"), h(""), h("统计数")],
        [t("（一）行政单位"), _no(STATS_ROWS["admin"]),
         m(fig.admin_cost if nature == "行政单位" else None)],
        [t("（二）参照公务员法管理事业单位"), _no(STATS_ROWS["civil"]),
         m(fig.admin_cost if nature == "参照公务员法管理事业单位" else None)],
        [t("三、国有资产占用情况", colspan=3, bold=True)],
        [t("（一）车辆数合计（辆）"), _no(STATS_ROWS["vehicles"]), _count(fig.vehicle_total)],
    ]
    for i, (label, key) in enumerate(VEHICLE_KINDS, start=1):
        body.append([t(f"{i}. {label}"), _no(STATS_ROWS["vehicles"] + i),
                     _count(fig.vehicles[key])])
    body.append([t("（二）单价100万元（含）以上设备（不含车辆）"), _no(STATS_ROWS["equipment"]),
                 _count(ctx.model.assets.get("equipment_100", 0))])
    return _finish(ctx, Table(
        columns=[Column(4.4), Column(0.8, CENTER), Column(1.6, RIGHT)],
        header=[[t("一、政府采购情况", colspan=3, bold=True)], [h("项目"), h("行次"), h("统计数")]],
        body=body, header_rows_repeat=False,
    ), True)


# -- the 部门整体支出绩效自评 annex (tables placed inside its sections) ----------------------
def _execution_row(line: ExecutionLine, bold: bool = False) -> list[Cell]:
    rate = "" if line.rate is None else f"{fmt.percent(line.rate)}%"
    return [t(line.name, bold=bold, align=CENTER if bold else None), yuan(line.declared),
            yuan(line.compiled), yuan(line.budget), yuan(line.actual), yuan(line.balance),
            t(rate), t(fmt.count(line.score) if line.score is not None else "")]


@table(KIND, "annex_execution")
def annex_execution(ctx: ViewContext) -> Table:
    body: list[list[Cell]] = []
    for split, (lines, total) in ctx.figures.execution.items():
        body += [[h(f"{split}划分", rowspan=2), h("年初预算数", colspan=2),
                  h("全年预算数（元）", rowspan=2), h("全年执行数（元）", rowspan=2),
                  h("资金结（转）余（元）", rowspan=2), h("执行率", rowspan=2), h("得分", rowspan=2)],
                 [h("目标申报（元）"), h("预算编制（元）")],
                 _execution_row(total, bold=True)]
        body += [_execution_row(line) for line in lines]
    return Table(
        columns=[Column(2.0)] + [Column(1.4, RIGHT) for _ in range(5)]
        + [Column(1.0, RIGHT), Column(0.8, RIGHT)],
        header=[], body=body, header_rows_repeat=False,
    )


@table(KIND, "annex_indicators")
def annex_indicators(ctx: ViewContext) -> Table:
    """One row per indicator under the fixed 一级/二级 grid; a 二级 without indicators scores 0."""
    indicators = ctx.figures.indicators
    body: list[list[Cell]] = []
    for level1, level2s in LEVELS:
        start = len(body)
        for level2 in level2s:
            items = [i for i in indicators if i.level2 == level2]
            rows = [[t(i.name), value(i.target), value(i.actual),
                     t(fmt.count(i.weight) if i.weight is not None else ""),
                     t(fmt.count(i.score) if i.score is not None else ""), t(i.deviation)]
                    for i in items] or [[t(""), t(""), t(""), t(""), t("0"), t("")]]
            rows[0].insert(0, t(level2, rowspan=len(rows)))
            body += rows
        body[start].insert(0, t(level1, rowspan=len(body) - start))
    return Table(
        columns=[Column(1.1, CENTER), Column(1.3, CENTER), Column(2.6), Column(1.2, RIGHT),
                 Column(1.3, RIGHT), Column(0.7, RIGHT), Column(0.7, RIGHT), Column(2.0)],
        header=[[h("一级指标"), h("二级指标"), h("指标名称"), h("年度指标值"), h("实际完成值"),
                 h("权重"), h("得分"), h("偏差原因分析及改进措施")]],
        body=body,
    )

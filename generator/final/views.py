"""The 部门决算公开 views that are not data tables (公开01-10表 are in the profile's
tables.yaml): the tables of the 整体绩效自评 annex, laid out as forms."""
from __future__ import annotations

from .. import fmt
from .compute import ExecutionLine
from ..doctree import CENTER, RIGHT, Cell, Column, Table
from ..views import table
from ..budget.views import LEVELS
from ..views.common import ViewContext, h, t, value, yuan

KIND = "final"


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

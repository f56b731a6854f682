"""The 单位预算公开 views that are not data tables (those are in the profile's tables.yaml):
the two charts and the performance-target forms."""
from __future__ import annotations

from decimal import Decimal

from .. import classification
from .compute import THREE_PUBLIC_ITEMS, BudgetFigures
from ..doctree import CENTER, LEFT, RIGHT, Cell, Chart, Column, Table
from .model import CURRENT, GPB
from ..views import chart, forms
from ..views.common import ViewContext, form_date, h, t, value, yuan

KIND = "budget"

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

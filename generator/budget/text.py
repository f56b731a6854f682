"""The variables the 预算 narrative templates may use (listed by `disclosure templates check`)."""
from __future__ import annotations

from .. import classification
from . import schema
from ..textfuncs import 比较
from .compute import BudgetFigures
from .model import CARRIED, CURRENT, FISCAL_SOURCES, GPB, OWN_CATEGORIES, SOURCES, Budget
from ..views.common import unit_context

LEVELS = {1: "类", 2: "款", 3: "项"}


def _by_class(fig: BudgetFigures, year: int, sources, periods=None) -> list[dict]:
    rows = []
    for code, amounts in sorted(fig.classes.items()):
        value = amounts.sum(sources=sources, periods=periods)
        if value:
            rows.append({"编码": code, "名称": classification.function_name(code, year) or code,
                         "金额": value})
    return rows


def _economic_items(fig: BudgetFigures, attr: str) -> list[dict]:
    return [{"编码": item.code, "名称": item.name, "金额": getattr(item, attr)}
            for group in fig.economic_groups for item in group.items if getattr(item, attr)]


def _lines(fig: BudgetFigures) -> list[dict]:
    """Every 类, 款 and 项 line in code order, each with its 类 and 款 and its explanation."""
    names = {line.code: line.name for line in fig.lines}
    rows = []
    for line in fig.lines:
        amount = line.amounts.total
        code = line.code
        rows.append({
            "编码": code, "名称": line.name, "级次": LEVELS[line.level],
            "类编码": code[:3], "类名称": names.get(code[:3], ""),
            "款编码": code[:5] if line.level > 1 else "",
            "款名称": names.get(code[:5], "") if line.level > 1 else "",
            "项编码": code if line.level == 3 else "",
            "项名称": line.name if line.level == 3 else "",
            "金额": amount,
            "一般公共预算当年": line.amounts.sum(sources=(GPB,), periods=(CURRENT,)),
            "上年执行数": line.last_year,
            "变化": None if line.last_year is None else 比较(amount, line.last_year),
            "用途": line.use, "原因": line.reason,
        })
    return rows


def context(model: Budget, fig: BudgetFigures) -> dict:
    unit = model.unit
    total = fig.total
    tp = fig.three_public
    perf = fig.performance
    notes = model.notes.labelled(schema.NOTES.fields, "")
    assets = model.assets.labelled(schema.ASSETS.fields)
    # Blank: the stated default, the end of the year before (as the seeds say).
    assets["统计截止日期"] = assets["统计截止日期"] or f"{unit.year - 1}年12月31日"
    vehicles = [model.assets.get(f"vehicle_{key}") for _, key in schema.VEHICLE_KINDS]
    assets["公务用车实有数（辆）"] = sum(v or 0 for v in vehicles)

    def three(key: str) -> dict:
        return {
            "合计": tp.total(key), "因公出国": tp.get("因公出国（境）费", key),
            "公务接待": tp.get("公务接待费", key), "公务用车购置及运行": tp.vehicle(key),
            "公务用车购置": tp.get("公务用车购置费", key),
            "公务用车运行维护": tp.get("公务用车运行维护费", key),
        }

    def categories(counts) -> dict:
        return {name: {"个数": c.count, "金额": c.amount} for name, c in counts.items()}

    lines = _lines(fig)
    personnel_items = _economic_items(fig, "personnel")
    public_items = _economic_items(fig, "public")
    return {
        **unit_context(model),
        "收入总计": total.total,
        "本年收入": total.sum(periods=(CURRENT,)),
        "上年结转": total.sum(periods=(CARRIED,)),
        "支出总计": total.total,
        "本年支出": total.sum(periods=(CURRENT,)),
        # The five published groups (单位资金 with its categories), then each category.
        "收入": {s: total.sum(sources=(s,), periods=(CURRENT,)) for s in (*SOURCES, *OWN_CATEGORIES)},
        "科目": lines,
        "项级科目": [line for line in lines if line["级次"] == "项"],
        "基本支出": total.basic,
        "项目支出": total.project,
        "财政拨款": {
            "合计": total.sum(sources=FISCAL_SOURCES),
            "当年": total.sum(sources=FISCAL_SOURCES, periods=(CURRENT,)),
            "上年结转": total.sum(sources=FISCAL_SOURCES, periods=(CARRIED,)),
            **{s: total.sum(sources=(s,)) for s in FISCAL_SOURCES},
        },
        "财政拨款支出按类": _by_class(fig, unit.year, FISCAL_SOURCES),
        "一般公共预算当年": total.sum(sources=(GPB,), periods=(CURRENT,)),
        "一般公共预算当年按类": _by_class(fig, unit.year, (GPB,), (CURRENT,)),
        "一般公共预算基本支出": total.sum(sources=(GPB,), periods=(CURRENT,), kinds=("basic",)),
        "人员经费": fig.personnel,
        "公用经费": fig.public,
        "人员经费科目": [i["名称"] for i in personnel_items],
        "公用经费科目": [i["名称"] for i in public_items],
        "人员经费明细": personnel_items,
        "公用经费明细": public_items,
        "三公": three("total"),
        "三公上年": three("last_year"),
        "机关运行经费": fig.admin_cost,
        "政府采购": {"合计": fig.procurement["total"], "货物": fig.procurement["goods"],
                   "工程": fig.procurement["works"], "服务": fig.procurement["services"]},
        "绩效": {
            "纳入管理个数": perf.managed_total.count,
            "纳入管理金额": perf.managed_total.amount,
            "纳入管理": categories(perf.managed),
            "公开个数": perf.published_total.count,
            "公开金额": perf.published_total.amount,
            "公开": categories(perf.published),
            "项目支出": perf.project_total,
        },
        "国有资产": assets,
        "说明": notes,
        "上年": {
            "收入总计": model.last_year.money("income_total"),
            "支出总计": model.last_year.money("expense_total"),
            "一般公共预算当年": model.last_year.money("gpb_current"),
            "机关运行经费": model.last_year.money("admin_cost"),
        },
    }


def sample_model() -> Budget:
    """A unit with no figures at all, for `templates check`."""
    from .model import Form, Unit

    return Budget(unit=Unit.sample("budget"), functions=[], economic=[], three_public=[], projects=[],
                  targets=[], procurement=Form(), assets=Form(), last_year=Form(), notes=Form())


def sample_context() -> dict:
    """A context with every variable present, for `templates check` (values are zero)."""
    from .compute import compute_budget

    model = sample_model()
    return context(model, compute_budget(model))

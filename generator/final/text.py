"""The variables the 决算 narrative templates may use. Amounts are Decimal 元; the templates
format them with 金额 and derive shares, completion and year-on-year with 占比 and 比较."""
from __future__ import annotations

from .. import classification
from .compute import (
    CLOSING, NON_FISCAL_INCOME, OPENING, FinalFigures, balance, compute_final, received, spent,
)
from ..budget.model import FISCAL_SOURCES, FUND, GPB, SOC, ZERO, Form, Unit
from .model import FinalAccounts
from ..budget.schema import LONGTEXT
from .schema import NOTES_FINAL, OVERALL, SPENDING_KINDS, VEHICLE_KINDS
from ..views.common import paragraphs, unit_context


def _three_public(fig: FinalFigures, model: FinalAccounts) -> dict:
    tp = fig.three_public
    reasons = {row.item: row.reason for row in model.three_public}

    def item(name: str) -> dict:
        return {"全年预算": tp.get(name, "budget"), "决算": tp.get(name, "actual"),
                "上年决算": tp.get(name, "last_year"), "原因": reasons.get(name, "")}

    d = model.three_public_detail
    domestic_batches, abroad_batches = d.get("domestic_batches", 0), d.get("abroad_batches", 0)
    domestic_people, abroad_people = d.get("domestic_people", 0), d.get("abroad_people", 0)
    return {
        "合计": {"全年预算": tp.total("budget"), "决算": tp.total("actual"),
               "上年决算": tp.total("last_year")},
        "因公出国": {**item("因公出国（境）费"), "团组": d.get("trip_groups", 0),
                 "人次": d.get("trip_people", 0), "用途": d.get("trip_use", "")},
        "公务用车购置": {**item("公务用车购置费"), "辆数": d.get("cars_bought", 0),
                   "用途": d.get("purchase_use", "")},
        "公务用车运行维护": {**item("公务用车运行维护费"), "保有量": d.get("cars_kept", 0),
                     "用途": d.get("upkeep_use", "")},
        "公务接待": {**item("公务接待费"), "批次": domestic_batches + abroad_batches,
                 "人次": domestic_people + abroad_people},
        "国内接待": {"金额": d.money("domestic"), "批次": domestic_batches,
                 "人次": domestic_people, "用途": d.get("domestic_use", "")},
        "外事接待": {"金额": d.money("foreign_affairs"), "批次": d.get("foreign_affairs_batches", 0),
                 "人次": d.get("foreign_affairs_people", 0)},
        "国外接待": {"金额": d.money("abroad"), "批次": abroad_batches, "人次": abroad_people,
                 "用途": d.get("abroad_use", "")},
    }


def _gpb_classes(fig: FinalFigures, model: FinalAccounts) -> list[dict]:
    """Each 类 with 一般公共预算财政拨款 spent this year or last, with its budget and words."""
    notes = {row.code: row for row in model.classes}
    codes = sorted({code for code, a in fig.classes.items() if spent(a, (GPB,))} | set(notes))
    rows = []
    for code in codes:
        note = notes.get(code)
        amounts = fig.classes.get(code)
        rows.append({
            "编码": code, "名称": classification.function_name(code, model.unit.year) or code,
            "决算": spent(amounts, (GPB,)) if amounts else ZERO,
            "年初预算": note.budget if note else ZERO,
            "上年决算": note.last_year if note else ZERO,
            "用途": note.use if note else "", "原因": note.reason if note else "",
        })
    return rows


def context(model: FinalAccounts, fig: FinalFigures) -> dict:
    unit = model.unit
    total = fig.total
    fiscal_opening = balance(total, OPENING, FISCAL_SOURCES)
    fiscal_closing = balance(total, CLOSING, FISCAL_SOURCES)
    gpb_classes = _gpb_classes(fig, model)
    income_parts = [("财政拨款收入", received(total, FISCAL_SOURCES))]
    income_parts += [(label, received(total, (label,))) for label in NON_FISCAL_INCOME]
    economic = [{"编码": item.code, "名称": item.name, "金额": item.total,
                 "人员经费": bool(item.personnel)}
                for group in fig.economic_groups for item in group.items if item.total]
    overall = model.overall
    assets = model.assets
    return {
        **unit_context(model),
        "收入总计": fig.income_sum,
        "支出总计": fig.expense_sum,
        "本年收入": fig.income,
        "本年支出": fig.spending,
        "使用非财政拨款结余": fig.used_surplus,
        "年初结转和结余": balance(total, OPENING),
        "结余分配": fig.distribution,
        "年末结转和结余": balance(total, CLOSING),
        # Nonzero parts in published order; 基本支出 and 项目支出 are always listed.
        "收入构成": [{"名称": n, "金额": v} for n, v in income_parts if v],
        "支出构成": [{"名称": label, "金额": spent(total, kinds=(key,))}
                 for key, label in SPENDING_KINDS
                 if key in ("basic", "project") or spent(total, kinds=(key,))],
        "财政拨款": {
            "收入总计": received(total, FISCAL_SOURCES) + fiscal_opening,
            "支出总计": spent(total, FISCAL_SOURCES) + fiscal_closing,
            "本年收入": received(total, FISCAL_SOURCES),
            "本年支出": spent(total, FISCAL_SOURCES),
        },
        "一般公共预算": {
            "支出": spent(total, (GPB,)),
            "基本支出": spent(total, (GPB,), ("basic",)),
            "年初预算": sum((c["年初预算"] for c in gpb_classes), ZERO),
            "上年决算": sum((c["上年决算"] for c in gpb_classes), ZERO),
            "按类": gpb_classes,
        },
        "人员经费": fig.personnel,
        "公用经费": fig.public,
        "人员经费明细": [e for e in economic if e["人员经费"]],
        "公用经费明细": [e for e in economic if not e["人员经费"]],
        "政府性基金": {
            "有数据": any(balance(total, flow, (FUND,)) for flow in (OPENING, CLOSING))
                     or bool(received(total, (FUND,)) or spent(total, (FUND,))),
            "年初结转和结余": balance(total, OPENING, (FUND,)),
            "收入": received(total, (FUND,)),
            "支出": spent(total, (FUND,)),
            "年末结转和结余": balance(total, CLOSING, (FUND,)),
        },
        "国有资本经营": {"支出": spent(total, (SOC,)),
                   "基本支出": spent(total, (SOC,), ("basic",)),
                   "项目支出": spent(total, (SOC,), ("project",))},
        "三公": _three_public(fig, model),
        "机关运行经费": fig.admin_cost,
        "政府采购": {"合计": fig.procurement["total"], "货物": fig.procurement["goods"],
                   "工程": fig.procurement["works"], "服务": fig.procurement["services"],
                   "中小企业": fig.procurement["sme"], "小微企业": fig.procurement["small"]},
        "国有资产": {
            "截止日期": assets.get("as_of", f"{unit.year}年12月31日"),
            "车辆合计": fig.vehicle_total,
            "车辆": [{"名称": label, "数量": fig.vehicles[key]}
                   for label, key in VEHICLE_KINDS[:-1] if fig.vehicles[key]],
            "其他用车": fig.vehicles["other"],
            "其他用车用途": assets.get("other_vehicles_text", ""),
            "大型设备": assets.get("equipment_100", 0),
        },
        "项目自评": {
            "个数": fig.grades_total.count, "金额": fig.grades_total.amount,
            "等级": {grade: {"个数": c.count, "金额": c.amount} for grade, c in fig.grades.items()},
        },
        "整体自评": {
            **overall.labelled(OVERALL.fields, ""),
            "段落": {fld.label: paragraphs(overall.get(fld.key, "")) for fld in OVERALL.fields
                   if fld.type == LONGTEXT},
            "指标得分": fig.indicator_score,
            "预算执行得分": fig.execution_score,
            "总得分": fig.overall_score,
        },
        "说明": model.notes.labelled(NOTES_FINAL.fields, ""),
        # A department's transfers between its units, taken out of its tables (元).
        "内部往来抵消": {"对附属单位补助": model.eliminated.get("对附属单位补助", ZERO),
                   "上缴上级": model.eliminated.get("上缴上级", ZERO)},
        "上年": {
            "收入总计": model.last_year.money("income_total"),
            "支出总计": model.last_year.money("expense_total"),
            "财政拨款收入总计": model.last_year.money("fiscal_income_total"),
            "财政拨款支出总计": model.last_year.money("fiscal_expense_total"),
            "机关运行经费": model.last_year.money("admin_cost"),
        },
    }


def sample_model() -> FinalAccounts:
    """A unit with no figures at all, for `templates check`."""
    return FinalAccounts(
        unit=Unit.sample("final"), income=[], spending=[], surplus=Form(), economic=[], classes=[],
        three_public=[], three_public_detail=Form(), procurement=Form(), assets=Form(),
        last_year=Form(), project_grades=[], overall=Form(), execution=[], indicators=[],
        notes=Form())


def sample_context() -> dict:
    """A context with every variable present, for `templates check` (values are zero)."""
    model = sample_model()
    return context(model, compute_final(model))

"""勾稽关系 of the 决算, registered with `checks.rule` for kind "final"."""
from __future__ import annotations

import re
from typing import Iterator

from .. import classification
from . import schema as sf
from ..checks import cell_refs, leaf_code_findings, money_unit_findings, rule, yuan_and_wan
from .compute import (
    BASIC_CONSTRUCTION, CLOSING, OPENING, FinalFigures, balance, received, spent,
)
from ..findings import ERROR, HINT, Finding
from ..budget.model import FISCAL_SOURCES, GPB, ZERO
from .model import FinalAccounts

KINDS = ("final",)
LEAF_CODE = re.compile(r"^\d{7}$")
ECONOMIC_CODE = re.compile(r"^\d{5}$")
# model fund source -> the label the accountant chose in 支出决算 / the header in 收入决算
SOURCE_LABELS = dict(zip(FISCAL_SOURCES, sf.SPENDING_SOURCES))


@rule("final_money_unit", kinds=KINDS)
def final_money_unit(model: FinalAccounts, fig: FinalFigures) -> Iterator[Finding]:
    """元/万元 confusion in a 决算: magnitude and 上年数 (it has no 元-only forms). Registered
    first: a wrong 金额单位 explains the other errors, and a build names only the first."""
    return money_unit_findings(model, fig.income_sum, "收入总计")


@rule("final_balance", kinds=KINDS)
def final_balance(model: FinalAccounts, fig: FinalFigures) -> Iterator[Finding]:
    """收入总计 = 支出总计: 本年收入 + 使用非财政拨款结余 + 年初结转和结余
    = 本年支出 + 结余分配 + 年末结转和结余."""
    if fig.income_sum == fig.expense_sum:
        return
    yield Finding(
        ERROR, "final_balance",
        f"收入总计 {yuan_and_wan(fig.income_sum)}（本年收入 {yuan_and_wan(fig.income)} + 使用非财政拨款结余 "
        f"{yuan_and_wan(fig.used_surplus)} + 年初结转和结余 {yuan_and_wan(balance(fig.total, OPENING))}）"
        f"不等于支出总计 {yuan_and_wan(fig.expense_sum)}（本年支出 {yuan_and_wan(fig.spending)} + 结余分配 "
        f"{yuan_and_wan(fig.distribution)} + 年末结转和结余 {yuan_and_wan(balance(fig.total, CLOSING))}），"
        f"相差 {yuan_and_wan(abs(fig.income_sum - fig.expense_sum))}。规则：本年收入 + 使用非财政拨款结余 + "
        "年初结转和结余 = 本年支出 + 结余分配 + 年末结转和结余。请核对“收入决算”“支出决算”“结余分配”表。",
        sf.SPENDING.name, "", related=cell_refs([model.surplus], "used") + cell_refs(
            [model.surplus], "distribution"))


@rule("final_fiscal_balance", kinds=KINDS)
def final_fiscal_balance(model: FinalAccounts, fig: FinalFigures) -> Iterator[Finding]:
    """Each 财政拨款 source: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余 (公开04表)."""
    for source in FISCAL_SOURCES:
        sel = (source,)
        opening, closing = balance(fig.total, OPENING, sel), balance(fig.total, CLOSING, sel)
        income, spending = received(fig.total, sel), spent(fig.total, sel)
        if opening + income == spending + closing:
            continue
        label = SOURCE_LABELS[source]
        rows = [r for r in model.spending if r.source == source]
        yield Finding(
            ERROR, "final_fiscal_balance",
            f"{label}：年初结转和结余 {yuan_and_wan(opening)} + 本年收入 {yuan_and_wan(income)}，不等于本年支出 "
            f"{yuan_and_wan(spending)} + 年末结转和结余 {yuan_and_wan(closing)}，相差 "
            f"{yuan_and_wan(abs(opening + income - spending - closing))}。规则：财政拨款收入支出决算总表中"
            "每种财政拨款的收入与支出应相等。请核对“收入决算”表该列和“支出决算”表中该资金来源的各行。",
            sf.SPENDING.name, rows[0].ref("source") if rows else "",
            related=cell_refs(rows[1:], "source"))


@rule("final_basic_economic", kinds=KINDS)
def final_basic_economic(model: FinalAccounts, fig: FinalFigures) -> Iterator[Finding]:
    """人员经费 + 公用经费 = 一般公共预算财政拨款基本支出 (公开06表 = 公开05表)."""
    econ = fig.personnel + fig.public
    rows = [r for r in model.spending if r.source == GPB and r.kinds.get("basic")]
    basic = spent(fig.total, (GPB,), ("basic",))
    if econ == basic:
        return
    first = model.economic[0].ref("amount") if model.economic else "A2"
    yield Finding(
        ERROR, "final_basic_economic",
        f"“经济科目”人员经费 {yuan_and_wan(fig.personnel)} 与公用经费 {yuan_and_wan(fig.public)} 合计 "
        f"{yuan_and_wan(econ)}，不等于“支出决算”一般公共预算财政拨款基本支出 {yuan_and_wan(basic)}，相差 "
        f"{yuan_and_wan(abs(econ - basic))}。规则：人员经费 + 公用经费 = 一般公共预算财政拨款基本支出。",
        sf.ECONOMIC.name, first, related=cell_refs(rows, "basic"))


@rule("final_vehicle_upkeep", kinds=KINDS)
def final_vehicle_upkeep(model: FinalAccounts, fig: FinalFigures) -> Iterator[Finding]:
    """三公 公务用车运行维护费 决算 includes economic item 30231 of 基本支出."""
    items = [i for i in model.economic if i.code == "30231" and i.amount]
    upkeep = fig.three_public.get("公务用车运行维护费", "actual")
    econ = sum((i.amount for i in items), ZERO)
    if upkeep >= econ:
        return
    row = next((r for r in model.three_public if r.item == "公务用车运行维护费"), None)
    yield Finding(
        ERROR, "final_vehicle_upkeep",
        f"“三公经费”公务用车运行维护费决算数 {yuan_and_wan(upkeep)}，少于“经济科目”30231 公务用车运行维护费 "
        f"{yuan_and_wan(econ)}，相差 {yuan_and_wan(econ - upkeep)}。规则：“三公”经费中的公务用车运行维护费"
        "包含基本支出中的该经济科目，不能少于它。",
        sf.THREE_PUBLIC_FINAL.name, row.ref("actual") if row else "", related=cell_refs(items, "amount"))


@rule("final_reception", kinds=KINDS)
def final_reception(model: FinalAccounts, fig: FinalFigures) -> Iterator[Finding]:
    """国内 + 国（境）外 公务接待费 = 三公 公务接待费 决算数."""
    detail = model.three_public_detail
    split = detail.money("domestic") + detail.money("abroad")
    actual = fig.three_public.get("公务接待费", "actual")
    if split != actual:
        yield Finding(
            ERROR, "final_reception",
            f"国内公务接待费 {yuan_and_wan(detail.money('domestic'))} 与国（境）外公务接待费 "
            f"{yuan_and_wan(detail.money('abroad'))} 之和 {yuan_and_wan(split)}，不等于“三公经费”公务接待费决算数 "
            f"{yuan_and_wan(actual)}。规则：公务接待费 = 国内公务接待费 + 国（境）外公务接待费。",
            sf.THREE_PUBLIC_DETAIL.name, detail.ref("domestic"))
    if detail.money("foreign_affairs") > detail.money("domestic"):
        yield Finding(
            ERROR, "final_reception",
            f"外事接待费 {yuan_and_wan(detail.money('foreign_affairs'))} 大于国内公务接待费 "
            f"{yuan_and_wan(detail.money('domestic'))}。规则：外事接待费是国内公务接待费的一部分。",
            sf.THREE_PUBLIC_DETAIL.name, detail.ref("foreign_affairs"))


@rule("final_procurement", kinds=KINDS)
def final_procurement(model: FinalAccounts, fig: FinalFigures) -> Iterator[Finding]:
    """授予小微企业 ≤ 授予中小企业 ≤ 政府采购支出总额."""
    proc = fig.procurement
    for part, whole, part_label, whole_label, key in (
            ("sme", "total", "授予中小企业合同金额", "政府采购支出总额", "sme"),
            ("small", "sme", "授予小微企业合同金额", "授予中小企业合同金额", "small")):
        if proc[part] > proc[whole]:
            yield Finding(
                ERROR, "final_procurement",
                f"{part_label} {yuan_and_wan(proc[part])} 大于{whole_label} {yuan_and_wan(proc[whole])}。"
                f"规则：{part_label}是{whole_label}的一部分。",
                sf.PROCUREMENT_FINAL.name, model.procurement.ref(key))


@rule("final_function_code", kinds=KINDS)
def final_function_code(model: FinalAccounts, fig: FinalFigures) -> Iterator[Finding]:
    """Codes are 7-digit 项 codes under a fixed 类 of 公开01表, and the catalogue knows their 类/款."""
    return leaf_code_findings([*model.income, *model.spending], classification.FINAL_CLASSES,
                              fig.unknown_codes, "final_function_code", "final_function_code",
                              "收入支出决算总表")


@rule("final_economic_code", kinds=KINDS)
def final_economic_code(model: FinalAccounts, fig: FinalFigures) -> Iterator[Finding]:
    """5-digit codes of a known 类, never the 基本建设 groups (公开06表 shows them as ———)."""
    for item in model.economic:
        if not ECONOMIC_CODE.match(item.code) or classification.economic_name(item.code[:3]) is None:
            yield Finding(
                ERROR, "final_economic_code",
                f"经济科目编码“{item.code}”不是经济分类科目表中的5位款级编码（如 30101）。"
                "规则：基本支出按经济分类款级科目填列。", sf.ECONOMIC.name, item.ref("code"))
        elif item.code[:3] in BASIC_CONSTRUCTION and item.amount:
            yield Finding(
                ERROR, "final_economic_code",
                f"经济科目 {item.code} {item.name} 属于基本建设支出，不能列入基本支出。"
                "规则：基本建设类经济科目（309、311）只用于项目支出。", sf.ECONOMIC.name, item.ref("code"))


@rule("final_class_notes", kinds=KINDS)
def final_class_notes(model: FinalAccounts, fig: FinalFigures) -> Iterator[Finding]:
    """Every 类 with 一般公共预算财政拨款 spending has its row of 年初预算, 上年决算 and 用途."""
    noted = {row.code for row in model.classes}
    for row in model.classes:
        if row.code not in classification.FINAL_CLASSES:
            yield Finding(
                ERROR, "final_class_notes",
                f"类级科目编码“{row.code}”不是收入支出决算总表的支出功能分类类级科目。规则：填写3位类级编码。",
                sf.CLASSES.name, row.ref("code"))
    for code, amounts in sorted(fig.classes.items()):
        if spent(amounts, (GPB,)) and code not in noted:
            name = classification.function_name(code, model.unit.year) or code
            yield Finding(
                HINT, "final_class_notes",
                f"{code} {name}有一般公共预算财政拨款支出，但“支出按类说明”表没有这一类，情况说明中该类的年初预算"
                "和上年决算将按0列示、不说明用途。规则：每个有支出的类级科目应说明年初预算、上年决算和用途。",
                sf.CLASSES.name, "")


@rule("final_class_name", kinds=KINDS)
def final_class_name(model: FinalAccounts, fig: FinalFigures) -> Iterator[Finding]:
    """A 类 name entered in 支出按类说明 agrees with that year's catalogue, which the document prints."""
    for row in model.classes:
        known = classification.function_name(row.code, model.unit.year)
        if known is not None and row.name and row.name != known:
            yield Finding(
                HINT, "final_class_name",
                f"类级科目 {row.code} 在{model.unit.year}年功能分类科目表中的名称是“{known}”，这里填写的是"
                f"“{row.name}”。公开表和情况说明将使用科目表的名称。规则：类、款名称以当年科目表为准。",
                sf.CLASSES.name, row.ref("name"))

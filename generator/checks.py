"""勾稽关系: each rule is a small named function registered for the kinds it applies to.

A rule receives the model and its computed figures and yields Findings that
name the sheet, the cell, both values and the rule, in Chinese. Cell-level
problems (empty required cells, text in number cells, negative amounts, more
than two decimals, duplicate rows) are found by the reader, which knows cells;
the rules here run on a model the reader accepted. The rules are each kind's
(`budget.checks`, `final.checks`) and the texts' (`checks_text`); here are the
registry and the checks both kinds make.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal

from . import fmt, schema
from .findings import ERROR, Finding
from .model import ZERO, Located

Rule = Callable[[object, object], Iterable[Finding]]  # (model, figures) -> findings
RULES: dict[str, list[tuple[str, Rule]]] = {}

LEAF_CODE = re.compile(r"^\d{7}$")


def rule(name: str, kinds: tuple[str, ...] = ("budget",)):
    def decorator(fn: Rule) -> Rule:
        for kind in kinds:
            RULES.setdefault(kind, []).append((name, fn))
        return fn

    return decorator


def yuan_and_wan(value: Decimal) -> str:
    """Show a compared amount in both units: the accountant entered one, reads the other."""
    return f"{fmt.money(value, unit='元')}元（{fmt.money(value)}万元）"


def cell_refs(rows: Iterable[Located], key: str) -> tuple[str, ...]:
    return tuple(f"{row.sheet}!{row.ref(key)}" for row in rows)


# -- 元/万元 plausibility -------------------------------------------------------------------
MAX_WAN_TOTAL = Decimal(10) ** 10  # 元 (100万万元): no single unit's year is that large
MIN_YUAN_TOTAL = Decimal(10000)  # 元: no unit's whole year is that small
UNIT_RATIO = Decimal(1000)  # a year-on-year factor this large is a unit mix-up, not a policy
YUAN_PER_WAN = (Decimal(9000), Decimal(11000))  # a factor near 10,000 between 元 and 万元 figures


def money_unit_findings(model, total: Decimal, total_label: str,
                        yuan_pairs: Iterable[tuple[Decimal, Decimal, str, str]] = ()) -> Iterator[Finding]:
    """元 amounts entered in a 万元 workbook (or the reverse) publish figures 10,000 times off
    without breaking any sum. Caught by magnitude, by 上年 figures, and by amounts the
    performance forms always hold in 元: `yuan_pairs` is (model amount, 元 amount, and the
    two cells "sheet!C5"). Each finding names the 金额单位 cell."""
    unit = model.unit
    cell = unit.form.ref("money_unit")
    rule_text = "规则：全表金额（含上年数）都应按“金额单位”填写；绩效目标表的金额始终为元。"
    where = f"金额单位为“{unit.money_unit}”"
    if unit.money_unit == "万元" and total > MAX_WAN_TOTAL:
        yield Finding(
            ERROR, "money_unit", f"{where}，但{total_label}为 {fmt.money(total)}万元（超过100万万元），"
            f"一个单位不会有这么大的金额：金额很可能是按元填写的。请把“金额单位”改为“元”，或把金额换算为万元。{rule_text}",
            schema.UNIT_INFO.name, cell)
        return
    if unit.money_unit == "元" and ZERO < total < MIN_YUAN_TOTAL:
        yield Finding(
            ERROR, "money_unit", f"{where}，但{total_label}只有 {fmt.money(total, unit='元')}元，"
            f"一个单位全年的金额不会这么小：金额很可能是按万元填写的。请把“金额单位”改为“万元”，或把金额换算为元。{rule_text}",
            schema.UNIT_INFO.name, cell)
        return
    last = model.last_year.money("income_total")
    if total > ZERO and last > ZERO and not 1 / UNIT_RATIO < total / last < UNIT_RATIO:
        yield Finding(
            ERROR, "money_unit", f"{where}；{total_label} {yuan_and_wan(total)}是“上年数”中上年收入总计 "
            f"{yuan_and_wan(last)}的 {_times(total / last)}，"
            f"相差悬殊：两者很可能一个按元、一个按万元填写。请核对“金额单位”和上年数。{rule_text}",
            schema.UNIT_INFO.name, cell, related=cell_refs([model.last_year], "income_total"))
        return
    for amount, yuan, *refs in yuan_pairs:
        if amount <= ZERO or yuan <= ZERO:
            continue
        ratio = amount / yuan
        if YUAN_PER_WAN[0] <= ratio <= YUAN_PER_WAN[1]:
            cause = ("该金额很可能是按元填写的，而金额单位为万元" if unit.money_unit == "万元"
                     else "绩效目标表的金额很可能是按万元填写的（该表始终以元填写）")
        elif YUAN_PER_WAN[0] <= 1 / ratio <= YUAN_PER_WAN[1]:
            cause = ("该金额很可能是按万元填写的，而金额单位为元" if unit.money_unit == "元"
                     else "两表的金额单位不一致")
        else:
            continue
        yield Finding(
            ERROR, "money_unit", f"{where}；{refs[0]} 的金额读作 {yuan_and_wan(amount)}，以元填写的 "
            f"{refs[1]} 为 {fmt.money(yuan, unit='元')}元，相差约1万倍：{cause}。请核对“金额单位”。{rule_text}",
            schema.UNIT_INFO.name, cell, related=tuple(refs))
        return


def _times(ratio: Decimal) -> str:
    """A large factor in words: "10000 倍" or "1/10000"."""
    if ratio >= 1:
        return f"{fmt.count(ratio.to_integral_value(ROUND_HALF_UP))} 倍"
    return f"1/{fmt.count((1 / ratio).to_integral_value(ROUND_HALF_UP))}"


def leaf_code_findings(rows: Iterable, classes: tuple[str, ...], unknown_codes: Iterable[str],
                       format_rule: str, unknown_rule: str, summary: str) -> Iterator[Finding]:
    """What every 7-digit 功能分类 code must be, in either kind: 7 digits, a 类 among the
    fixed rows of the `summary` table, and a 类 and 款 the catalogue can name (else the
    published tables would show a nameless row)."""
    unknown = set(unknown_codes)
    for row in rows:
        if not LEAF_CODE.match(row.code):
            yield Finding(
                ERROR, format_rule,
                f"科目编码“{row.code}”不是7位数字。规则：只填功能分类项级科目，编码为7位数字"
                "（如 2060101），类、款由系统汇总。", row.sheet, row.ref("code"))
        elif row.code[:3] not in classes:
            yield Finding(
                ERROR, format_rule,
                f"科目编码 {row.code} 的类级编码 {row.code[:3]} 不在{summary}的{len(classes)}个"
                f"支出功能分类类级科目中（{classes[0]}–{classes[-1]}）。"
                "规则：科目编码前3位应为支出功能分类的类。", row.sheet, row.ref("code"))
        else:
            for code, level in ((row.code[:3], "类"), (row.code[:5], "款")):
                if code in unknown:
                    yield Finding(
                        ERROR, unknown_rule,
                        f"科目编码 {row.code}（{row.name}）的{level}级编码 {code} 在功能分类科目表中"
                        f"不存在，公开表无法列示该{level}的名称。规则：科目编码应为现行政府收支分类科目，"
                        "请核对编码。", row.sheet, row.ref("code"))


def run_checks(model, figures) -> list[Finding]:
    """Every rule registered for the model's kind, in the order registered."""
    findings: list[Finding] = []
    for _name, fn in RULES.get(model.unit.kind, []):
        findings.extend(fn(model, figures))
    return findings

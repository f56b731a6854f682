"""勾稽关系: each rule is a small named function registered for the kinds it applies to.

A rule receives the model and its computed figures and yields Findings that
name the sheet, the cell, both values and the rule, in Chinese.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from . import fmt
from .compute import BudgetFigures
from .findings import ERROR, HINT, Finding
from .model import CURRENT, GPB, Budget

Rule = Callable[[Budget, BudgetFigures], Iterable[Finding]]
RULES: dict[str, list[tuple[str, Rule]]] = {}


def rule(name: str, kinds: tuple[str, ...] = ("budget",)):
    def decorator(fn: Rule) -> Rule:
        for kind in kinds:
            RULES.setdefault(kind, []).append((name, fn))
        return fn

    return decorator


def yuan_and_wan(value) -> str:
    """Show a compared amount in both units: the accountant entered one, reads the other."""
    return f"{fmt.money(value, unit='元')}元（{fmt.money(value)}万元）"


def _column_range(rows, first_key: str, last_key: str) -> str:
    """The cells a sum was taken over, e.g. "D2:E21"."""
    if not rows:
        return ""
    return f"{rows[0].ref(first_key)}:{rows[-1].ref(last_key)}"


@rule("economic_total")
def economic_total(model: Budget, fig: BudgetFigures) -> Iterator[Finding]:
    """经济科目 合计 = 收支科目 一般公共预算当年基本支出."""
    econ = fig.personnel + fig.public
    basic = fig.total.sum(sources=(GPB,), periods=(CURRENT,), kinds=("basic",))
    if econ != basic:
        yield Finding(
            ERROR, "economic_total",
            f"“经济科目”人员经费与公用经费合计 {yuan_and_wan(econ)}，不等于“收支科目”一般公共预算"
            f"当年基本支出合计 {yuan_and_wan(basic)}，相差 {yuan_and_wan(abs(econ - basic))}。"
            "规则：基本支出分经济科目表合计应等于一般公共预算基本支出。",
            "经济科目", _column_range(model.economic, "personnel", "public"),
        )


def run_checks(model: Budget, figures: BudgetFigures) -> list[Finding]:
    findings: list[Finding] = []
    for _name, fn in RULES.get(model.unit.kind, []):
        findings.extend(fn(model, figures))
    return findings


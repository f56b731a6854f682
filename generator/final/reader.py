"""Reads the 决算 sheets into the final-accounts model (`final.model`), with the shared `reader` core."""
from __future__ import annotations

from . import schema as sf
from ..budget.model import FISCAL_SOURCES, Unit
from .model import (
    NON_FISCAL, ClassNote, EconomicItem, ExecutionRow, FinalAccounts, GradeCount, IncomeRow,
    OverallIndicator, SpendingRow, ThreePublicItem,
)
from ..reader import SheetReader, located, money_of

SOURCES = dict(zip(sf.SPENDING_SOURCES, FISCAL_SOURCES + (NON_FISCAL,)))


def final_accounts(reader: SheetReader, unit: Unit) -> FinalAccounts:
    income = [
        located(IncomeRow, r, code=r["code"] or "", name=r["name"] or "",
                 amounts={key: money_of(r, key) for key, _ in sf.INCOME_TYPES})
        for r in reader.table(sf.INCOME)
    ]
    spending = [
        located(SpendingRow, r, code=r["code"] or "", name=r["name"] or "",
                 source=SOURCES.get(r["source"] or "", ""), opening=money_of(r, "opening"),
                 closing=money_of(r, "closing"),
                 kinds={key: money_of(r, key) for key, _ in sf.SPENDING_KINDS})
        for r in reader.table(sf.SPENDING)
    ]
    economic = [
        located(EconomicItem, r, code=r["code"] or "", name=r["name"] or "",
                 amount=money_of(r, "amount"))
        for r in reader.table(sf.ECONOMIC)
    ]
    classes = [
        located(ClassNote, r, code=r["code"] or "", name=r["name"] or "",
                 budget=money_of(r, "budget"), last_year=money_of(r, "last_year"),
                 use=r["use"] or "", reason=r["reason"] or "", adjustment=r.get("adjustment") or "")
        for r in reader.table(sf.CLASSES)
    ]
    three_public = [
        located(ThreePublicItem, r, item=r["item"] or "", budget=money_of(r, "budget"),
                 actual=money_of(r, "actual"), last_year=money_of(r, "last_year"),
                 reason=r["reason"] or "", adjustment=r.get("adjustment") or "")
        for r in reader.table(sf.THREE_PUBLIC_FINAL)
    ]
    grades = [
        located(GradeCount, r, grade=r["grade"] or "", count=r["count"] or 0,
                 amount=money_of(r, "amount"))
        for r in reader.table(sf.PROJECT_GRADES)
    ]
    execution = [
        located(ExecutionRow, r, split=r["split"] or "", name=r["name"] or "",
                 declared=r["declared"], compiled=r["compiled"], budget=r["budget"],
                 actual=r["actual"], score=r["score"])
        for r in reader.table(sf.EXECUTION)
    ]
    indicators = [
        located(OverallIndicator, r, level1=r["level1"] or "", level2=r["level2"] or "",
                 name=r["name"] or "", target=r["target"] or "", actual=r["actual"] or "",
                 weight=r["weight"], score=r["score"], deviation=r["deviation"] or "")
        for r in reader.table(sf.OVERALL_INDICATORS)
    ]
    return FinalAccounts(
        unit=unit, income=income, spending=spending, surplus=reader.form(sf.SURPLUS),
        economic=economic, classes=classes, three_public=three_public,
        three_public_detail=reader.form(sf.THREE_PUBLIC_DETAIL),
        procurement=reader.form(sf.PROCUREMENT_FINAL), assets=reader.form(sf.ASSETS_FINAL),
        last_year=reader.form(sf.LAST_YEAR_FINAL), project_grades=grades,
        overall=reader.form(sf.OVERALL), execution=execution, indicators=indicators,
        notes=reader.form(sf.NOTES_FINAL),
    )


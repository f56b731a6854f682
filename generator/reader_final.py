"""Reads the 决算 sheets into `model_final`; registers itself as reader.ASSEMBLERS["final"]."""
from __future__ import annotations

from . import schema_final as sf
from .model import FISCAL_SOURCES, Unit
from .model_final import (
    NON_FISCAL, ClassNote, EconomicItem, ExecutionRow, FinalAccounts, GradeCount, IncomeRow,
    OverallIndicator, SpendingRow, ThreePublicItem,
)
from .reader import ASSEMBLERS, _located, _money, _Reader

SOURCES = dict(zip(sf.SPENDING_SOURCES, FISCAL_SOURCES + (NON_FISCAL,)))


def final_accounts(reader: _Reader, unit: Unit) -> FinalAccounts:
    income = [
        _located(IncomeRow, r, code=r["code"] or "", name=r["name"] or "",
                 amounts={key: _money(r, key) for key, _ in sf.INCOME_TYPES})
        for r in reader.table(sf.INCOME)
    ]
    spending = [
        _located(SpendingRow, r, code=r["code"] or "", name=r["name"] or "",
                 source=SOURCES.get(r["source"] or "", ""), opening=_money(r, "opening"),
                 closing=_money(r, "closing"),
                 kinds={key: _money(r, key) for key, _ in sf.SPENDING_KINDS})
        for r in reader.table(sf.SPENDING)
    ]
    economic = [
        _located(EconomicItem, r, code=r["code"] or "", name=r["name"] or "",
                 amount=_money(r, "amount"))
        for r in reader.table(sf.ECONOMIC)
    ]
    classes = [
        _located(ClassNote, r, code=r["code"] or "", name=r["name"] or "",
                 budget=_money(r, "budget"), last_year=_money(r, "last_year"),
                 use=r["use"] or "", reason=r["reason"] or "")
        for r in reader.table(sf.CLASSES)
    ]
    three_public = [
        _located(ThreePublicItem, r, item=r["item"] or "", budget=_money(r, "budget"),
                 actual=_money(r, "actual"), last_year=_money(r, "last_year"),
                 reason=r["reason"] or "")
        for r in reader.table(sf.THREE_PUBLIC_FINAL)
    ]
    grades = [
        _located(GradeCount, r, grade=r["grade"] or "", count=r["count"] or 0,
                 amount=_money(r, "amount"))
        for r in reader.table(sf.PROJECT_GRADES)
    ]
    execution = [
        _located(ExecutionRow, r, split=r["split"] or "", name=r["name"] or "",
                 declared=r["declared"], compiled=r["compiled"], budget=r["budget"],
                 actual=r["actual"], score=r["score"])
        for r in reader.table(sf.EXECUTION)
    ]
    indicators = [
        _located(OverallIndicator, r, level1=r["level1"] or "", level2=r["level2"] or "",
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


ASSEMBLERS["final"] = final_accounts

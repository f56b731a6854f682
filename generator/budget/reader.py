"""Reads the 预算 sheets into the budget model (`budget.model`), with the shared `reader` core."""
from __future__ import annotations

from . import schema
from .model import MONEY_SPLITS, Budget, EconomicRow, FunctionRow, Indicator, Project, Target, ThreePublicRow, Unit
from ..reader import SheetReader, located, money_of


def _targets(reader: SheetReader) -> list[Target]:
    indicators: dict[int, list[Indicator]] = {}
    for rec in reader.table(schema.INDICATORS):
        ind = located(Indicator, rec, no=rec["no"] or 0, period=rec["period"] or "",
                       level1=rec["level1"] or "", level2=rec["level2"] or "",
                       level3=rec["level3"] or "", value=rec["value"] or "")
        indicators.setdefault(ind.no, []).append(ind)
    targets = []
    text_keys = ("overview", "basis", "necessity", "measures", "plan", "term_goal",
                 "year_goal", "leader", "handler", "phone", "date")
    for rec in reader.table(schema.TARGETS):
        targets.append(located(
            Target, rec, no=rec["no"] or 0, name=rec["name"] or "",
            department=rec["department"] or "", unit=rec["unit"] or "",
            nature=rec["nature"] or "", term=rec["term"] or "", category=rec["category"] or "",
            term_money={k: rec[f"term_{k}"] for k in MONEY_SPLITS},
            year_money={k: rec[f"year_{k}"] for k in MONEY_SPLITS},
            texts={k: rec[k] or "" for k in text_keys},
            indicators=indicators.pop(rec["no"], []),
        ))
    for no, orphans in indicators.items():
        first = orphans[0]
        reader.error("orphan_indicator",
                     f"表号 {no} 在“绩效目标”表中不存在，这些指标无法归属到目标表。",
                     first.sheet, first.ref("no"))
    return targets


def budget(reader: SheetReader, unit: Unit) -> Budget:
    functions = [
        located(FunctionRow, r, code=r["code"] or "", name=r["name"] or "",
                 source=r["source"] or "", period=r["period"] or "",
                 basic=money_of(r, "basic"), project=money_of(r, "project"),
                 use=r.get("use") or "", last_year=r.get("last_year"), reason=r.get("reason") or "")
        for r in reader.table(schema.FUNCTION_ITEMS)
    ]
    economic = [
        located(EconomicRow, r, code=r["code"] or "", name=r["name"] or "",
                 gov_name=r["gov_name"] or "", personnel=money_of(r, "personnel"),
                 public=money_of(r, "public"))
        for r in reader.table(schema.ECONOMIC_ITEMS)
    ]
    three_public = [
        located(ThreePublicRow, r, item=r["item"] or "", gpb=money_of(r, "gpb"),
                 fund=money_of(r, "fund"), soc=money_of(r, "soc"), last_year=money_of(r, "last_year"),
                 adjustment=r.get("adjustment") or "")
        for r in reader.table(schema.THREE_PUBLIC)
    ]
    projects = [
        located(Project, r, name=r["name"] or "", unit=r["unit"] or "",
                 period=r["period"] or "", gpb=money_of(r, "gpb"), fund=money_of(r, "fund"),
                 soc=money_of(r, "soc"), special=money_of(r, "special"), own=money_of(r, "own"),
                 category=r["category"] or "", managed=r["managed"] == "是",
                 published=r["published"] == "是")
        for r in reader.table(schema.PROJECTS)
    ]
    return Budget(
        unit=unit, functions=functions, economic=economic, three_public=three_public,
        projects=projects, targets=_targets(reader),
        procurement=reader.form(schema.PROCUREMENT), assets=reader.form(schema.ASSETS),
        last_year=reader.form(schema.LAST_YEAR), notes=reader.form(schema.NOTES),
    )

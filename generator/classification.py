"""The government classification catalogues (功能分类, 经济分类) shipped in generator/data.

功能分类 names change between years (2024 renamed 21305 巩固脱贫攻坚成果衔接乡村振兴 to
巩固脱贫衔接乡村振兴): a row of functional.csv may carry the years it applies to in its
`years` column ("-2023": up to 2023, "2024-": from 2024, blank: every year).
"""
from __future__ import annotations

import csv
from functools import cache
from importlib import resources

# The fixed 类 rows of the 收支总表 / 财政拨款收支总表, in published order.
BUDGET_CLASSES = (
    "201", "202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212",
    "213", "214", "215", "216", "217", "219", "220", "221", "222", "223", "224", "227",
    "229", "230", "231", "232", "233", "234",
)
FINAL_CLASSES = (
    "201", "202", "203", "204", "205", "206", "207", "208", "210", "211", "212", "213",
    "214", "215", "216", "217", "219", "220", "221", "222", "223", "224", "229", "231",
    "232", "234",
)


@cache
def _catalogue(name: str) -> dict[str, str]:
    with resources.files("generator.data").joinpath(name).open(encoding="utf-8") as fh:
        return {row["code"].strip(): row["name"].strip() for row in csv.DictReader(fh)}


def _applies(years: str, year: int | None) -> bool:
    """Whether a `years` range ("", "-2023", "2024-", "2023-2024") covers `year`; without a
    year, the names in force now (ranges open at the end)."""
    first, _, last = (years or "").strip().partition("-")
    if year is None:
        return not last
    return (not first or int(first) <= year) and (not last or year <= int(last))


@cache
def functional(year: int | None = None) -> dict[str, str]:
    """功能分类 code -> name as in `year`'s catalogue (the current one without a year)."""
    with resources.files("generator.data").joinpath("functional.csv").open(encoding="utf-8") as fh:
        return {row["code"].strip(): row["name"].strip() for row in csv.DictReader(fh)
                if _applies(row.get("years") or "", year)}


def economic() -> dict[str, str]:
    return _catalogue("economic.csv")


def function_name(code: str, year: int | None = None) -> str | None:
    return functional(year).get(code)


def economic_name(code: str) -> str | None:
    return economic().get(code)

"""The government classification catalogues (功能分类, 经济分类) shipped in generator/data."""
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


def functional() -> dict[str, str]:
    return _catalogue("functional.csv")


def economic() -> dict[str, str]:
    return _catalogue("economic.csv")


def function_name(code: str) -> str | None:
    return functional().get(code)


def economic_name(code: str) -> str | None:
    return economic().get(code)

"""Generates the benchmark's fixed workload: N synthetic workbooks derived from seed 000.

Workbook i scales every amount by an integer (1 + i % 3), so every 勾稽关系 still
holds exactly, and splits one project into 1 + i % 7 projects, so project counts vary.
Run: python bench/make_workload.py [N] [OUTDIR]
"""
from __future__ import annotations

import copy
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.budget import schema  # noqa: E402
from generator.workbook import write_workbook  # noqa: E402
from generator.examples import datong_kjj_2024 as seed  # noqa: E402

MONEY_TYPES = (schema.MONEY, schema.YUAN)
SPLIT_PROJECT = "J局机关电费"  # has no performance form, so it can be split freely


def money_labels(sheet) -> set[str]:
    if isinstance(sheet, schema.TableSheet):
        return {c.header for c in sheet.columns if c.type in MONEY_TYPES}
    return {f.label for f in sheet.fields if f.type in MONEY_TYPES}


def scaled(data: dict, factor: int) -> dict:
    out = copy.deepcopy(data)
    for sheet in schema.BUDGET_SHEETS:
        labels = money_labels(sheet)
        content = out.get(sheet.name)
        rows = content if isinstance(content, list) else [content] if content else []
        for row in rows:
            for key in labels & set(row):
                if isinstance(row[key], (int, Decimal)):
                    row[key] = Decimal(row[key]) * factor
    return out


def split_project(data: dict, parts: int) -> None:
    projects = data["项目支出"]
    index = next(i for i, p in enumerate(projects) if p["项目名称"] == SPLIT_PROJECT)
    original = projects.pop(index)
    amount = Decimal(original["一般公共预算"])
    share = (amount / parts).quantize(Decimal(1), rounding="ROUND_FLOOR")
    for k in range(parts):
        piece = dict(original, 项目名称=f"{SPLIT_PROJECT}{k + 1}" if parts > 1 else SPLIT_PROJECT)
        piece["一般公共预算"] = share + (amount - share * parts if k == 0 else 0)
        projects.insert(index + k, piece)


def make(count: int, outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        data = scaled(seed.DATA, 1 + i % 3)
        data["单位信息"] = dict(data["单位信息"], 单位名称=f"基准测试单位{i + 1:03d}",
                            公开范围=f"我单位预算公开仅包含基准测试单位{i + 1:03d}本级。")
        split_project(data, 1 + i % 7)
        path = outdir / f"unit{i + 1:03d}.xlsx"
        if not path.exists():
            write_workbook(path, "budget", data)
        paths.append(path)
    return paths


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "bench" / "work" / "units"
    print(f"{len(make(n, target))} workbooks in {target}")

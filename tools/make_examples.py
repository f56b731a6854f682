"""Regenerate the example workbooks in inputs/ from the data modules in generator/examples/.

Each module defines OUTPUT (file name under inputs/), KIND ('budget' or 'final')
and DATA, or KIND 'department' with NAME, PROFILE, UNITS and NOTE for a 部门.xlsx, and DATA (sheet name -> rows or label -> value, keyed by the workbook's Chinese headers).
Run: python tools/make_examples.py [module ...]   (no module: every example; e.g.
`python tools/make_examples.py yuan_income_2024` rewrites only that one, leaving the others' bytes alone)
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.department import write_descriptor  # noqa: E402
from generator.workbook import write_workbook  # noqa: E402


def main(names: list[str]) -> None:
    from generator import examples

    known = [info.name for info in pkgutil.iter_modules(examples.__path__)]
    unknown = sorted(set(names) - set(known))
    if unknown:
        sys.exit(f"没有示例 {'、'.join(unknown)}，现有的有：{'、'.join(known)}")
    for name in names or known:
        module = importlib.import_module(f"generator.examples.{name}")
        target = ROOT / "inputs" / module.OUTPUT
        if module.KIND == "department":  # a department folder's 部门.xlsx
            write_descriptor(target, module.NAME, module.PROFILE, module.UNITS, module.NOTE)
        else:
            write_workbook(target, module.KIND, module.DATA)
        print(target.relative_to(ROOT))


if __name__ == "__main__":
    main(sys.argv[1:])

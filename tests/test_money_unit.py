"""The same facts entered in 元 or in 万元 give the same document."""
from __future__ import annotations

import copy
from decimal import Decimal

from conftest import docx_lines
from generator.budget import schema
from generator.build import build_one
from generator.examples import datong_kjj_2024 as seed
from generator.workbook import write_workbook


def scaled(data: dict, factor: Decimal, types: tuple[str, ...]) -> dict:
    """Multiply every amount of the given column/field types."""
    out = copy.deepcopy(data)
    for sheet in schema.BUDGET_SHEETS:
        fields = sheet.columns if isinstance(sheet, schema.TableSheet) else sheet.fields
        labels = {f.header if isinstance(sheet, schema.TableSheet) else f.label
                  for f in fields if f.type in types}
        content = out.get(sheet.name)
        for row in content if isinstance(content, list) else [content] if content else []:
            for key in labels & set(row):
                if isinstance(row[key], (int, Decimal)):
                    row[key] = Decimal(row[key]) * factor
    return out


def test_wan_input_gives_the_same_document_as_yuan_input(tmp_path):
    # ×100 makes every 元 amount a whole number of 0.01 万元, so both units are exact.
    in_yuan = scaled(seed.DATA, Decimal(100), (schema.MONEY, schema.YUAN))
    in_wan = scaled(in_yuan, Decimal("0.0001"), (schema.MONEY,))  # forms stay in 元
    in_wan["单位信息"] = dict(in_wan["单位信息"], 金额单位="万元")
    texts = []
    for name, data in (("yuan", in_yuan), ("wan", in_wan)):
        path = tmp_path / f"{name}.xlsx"
        write_workbook(path, "budget", data)
        texts.append(docx_lines(build_one(path, tmp_path / name, formats=("docx",)).outputs[0]))
    assert texts[0] == texts[1]
    assert "基本支出51871.25万元" in "".join(texts[1])  # 518.7125 万元 × 100

"""The table engine: a table declared in tables.yaml, with the layout choices a province makes
(split code columns, 元 with thousands separators, zeros, differences, rates, labels), read
back from the built .docx; and mistakes in tables.yaml reported with file and line."""
from __future__ import annotations

from generator.build import build_one
from generator.cli import main

from conftest import INPUTS, SEED000, docx_lines

PROFILE = "datong-2024-budget"
YUAN_EXAMPLE = INPUTS / "示例单位2024年度单位预算（收入分类示例）.xlsx"
EXPENSE_YUAN = """
expense_yuan:
  title: 支出预算表（元）
  amounts: {unit: 元, decimals: 0, thousands: true, zero: "0.00"}
  total: {position: bottom, label: 总计}
  rows: {source: 功能科目, levels: [项]}
  columns:
    - {title: 类, field: 类}
    - {title: 款, field: 款}
    - {title: 项, field: 项}
    - {title: 科目名称, field: 名称}
    - {title: 合计, id: 合计, sum: {}}
    - {title: 基本支出, id: 基本, sum: {kind: 基本支出}}
    - {title: 合计减基本, diff: [合计, 基本]}
    - {title: 基本比合计, rate: [基本, 合计]}
"""
OUTLINE_ENTRY = """      - table: expense_yuan
        title: "{年度}年支出预算表（元）"
        options:
          label: 附表
          table_meta: {right: "单位：元"}
"""


def _add_table(exported, yaml_text: str, entry: str) -> None:
    profile = exported / "profiles" / PROFILE
    with open(profile / "tables.yaml", "a", encoding="utf-8") as fh:
        fh.write(yaml_text)
    outline = profile / "outline.yaml"
    text = outline.read_text(encoding="utf-8")
    anchor = '      - table: fiscal_summary\n'
    assert anchor in text
    outline.write_text(text.replace(anchor, entry + anchor, 1), encoding="utf-8")


def test_a_new_table_is_a_yaml_entry(exported, tmp_path):
    _add_table(exported, EXPENSE_YUAN, OUTLINE_ENTRY)
    assert main(["templates", "check", str(exported)]) == 0
    result = build_one(SEED000, tmp_path / "out", templates=exported, formats=("docx",))
    lines = docx_lines(result.outputs[0])
    start = lines.index("2024年支出预算表（元）")
    assert lines[start - 1] == "附表"  # its own label, outside the count
    assert lines[start + 1] == "单位名称：大同市科学技术局单位：元"
    assert lines[start + 2] == "类 | 款 | 项 | 科目名称 | 合计 | 基本支出 | 合计减基本 | 基本比合计"
    # 项 lines only; codes split; whole 元 with separators; zero as 0.00; rates of the 元 figures
    assert lines[start + 3] == "206 | 01 | 01 | 行政运行 | 3,060,312 | 3,060,312 | 0.00 | 0.00%"
    assert lines[start + 4] == "206 | 01 | 99 | 其他科学技术管理事务支出 | 860,993 | 0.00 | 860,993 | -100.00%"
    assert "总计 | 6,048,118 | 5,187,125 | 860,993 | -14.24%" in lines[start + 5:start + 20]
    # the next counted table keeps its number: 预算公开表4 is still the 财政拨款收支总表
    assert lines[lines.index("预算公开表4") + 1] == "2024年财政拨款收支总表"


def test_empty_table_blank_rows_and_no_total(exported, tmp_path):
    profile = exported / "profiles" / PROFILE
    text = (profile / "tables.yaml").read_text(encoding="utf-8")
    old = "projects_carried:\n  title: 项目支出预算表（上年结转）\n  total: none\n  empty: {total: true}\n"
    assert old in text
    (profile / "tables.yaml").write_text(text.replace(
        old, "projects_carried:\n  title: 项目支出预算表（上年结转）\n  total: none\n"
             "  empty: {total: false, blank_rows: 1, note: 本单位无此项支出}\n"), encoding="utf-8")
    result = build_one(SEED000, tmp_path / "out", templates=exported, formats=("docx",))
    lines = docx_lines(result.outputs[0])
    start = lines.index("2024年项目支出预算表（上年结转）")
    assert lines[start + 2:start + 7] == [
        "项目名称 | 合计 | 2024年财政拨款", " |  | 一般公共预算 | 政府性基金预算 | 国有资本经营预算",
        "1 | 2 | 3 | 4 | 5", " |  |  |  | ", "本单位无此项支出"]


def test_mistakes_in_tables_yaml_are_named_with_file_and_line(exported, capsys):
    path = exported / "profiles" / PROFILE / "tables.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    typo = next(i for i, line in enumerate(lines, 1) if "field: 编码}" in line)
    text = text.replace("field: 编码}", "fild: 编码}", 1)
    text = text.replace("source: 政府性基金预算, period: 当年预算}}\n", "source: 政府基金, period: 当年预算}}\n", 1)
    text = text.replace('title: "{年度}年预算数"', 'title: "{年份}年预算数"', 1)
    path.write_text(text, encoding="utf-8")
    assert main(["templates", "check", str(exported)]) == 1
    err = capsys.readouterr().err
    assert f"tables.yaml 第{typo}行：列的设置中没有“fild”这一项，是不是“field”？" in err
    assert "source 的取值“政府基金”不存在" in err
    assert "标题中的占位符 {年份} 不存在" in err


def test_unknown_row_source_option_is_found_by_check_not_by_a_build(exported, capsys):
    path = exported / "profiles" / PROFILE / "tables.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("rows: {source: 项目, period: 上年结转}", "rows: {source: 项目, period: 去年}", 1)
    path.write_text(text, encoding="utf-8")
    assert main(["templates", "check", str(exported)]) == 1
    assert "项目的 period 应为当年预算或上年结转" in capsys.readouterr().err


def test_previous_year_column_from_the_items_last_year(exported, tmp_path):
    """previous: the 上年执行数 of each 项 (收支科目's optional column), with its change."""
    profile = exported / "profiles" / "yuan-9-tables"
    with open(profile / "tables.yaml", "a", encoding="utf-8") as fh:
        fh.write("""
items_change:
  amounts: {unit: 万元, decimals: 2, thousands: false}
  total: none
  rows: {source: 功能科目, levels: [项]}
  columns:
    - {title: 科目编码, field: 编码}
    - {title: 本年, id: 本年, sum: {}}
    - {title: 上年执行数, id: 上年, previous: true}
    - {title: 增减, diff: [本年, 上年]}
    - {title: 增减率, rate: [本年, 上年]}
""")
    outline = profile / "outline.yaml"
    text = outline.read_text(encoding="utf-8")
    anchor = "      - table: finance_summary\n"
    outline.write_text(text.replace(anchor, '      - table: items_change\n        title: 各项增减\n' + anchor),
                       encoding="utf-8")
    assert main(["templates", "check", str(exported)]) == 0
    result = build_one(YUAN_EXAMPLE, tmp_path / "out", templates=exported, formats=("docx",))
    lines = docx_lines(result.outputs[0])
    start = lines.index("各项增减")
    assert lines[start + 3:start + 5] == ["2060501 | 388.02 | 365.00 | 23.02 | 6.31%",
                                          "2060599 | 109.48 | 120.00 | -10.52 | -8.77%"]

"""Fund sources and carry-overs the seeds do not have: tables 1, 4, 8 and 13 with data."""
from __future__ import annotations

import pytest

from conftest import SEED000, docx_lines
from generator.build import build_one
from generator.cli import main
from workbook_edits import edited


def add_fund_and_carried(wb):
    functions = wb["收支科目"]
    functions.append(["2060199", "其他科学技术管理事务支出", "政府性基金预算", "当年预算", None, 50000])
    functions.append(["2060199", "其他科学技术管理事务支出", "一般公共预算", "上年结转", None, 20000])
    projects = wb["项目支出"]
    projects.append(["Z基金项目", "大同市科学技术局", "当年预算", None, 50000, None, None, None,
                     "特定目标类", "是", "否"])
    projects.append(["J结转项目", "大同市科学技术局", "上年结转", 20000, None, None, None, None,
                     "其他运转类", "是", "否"])


@pytest.fixture(scope="module")
def lines(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sources")
    workbook = edited(SEED000, folder / "sources.xlsx", add_fund_and_carried)
    assert main(["check", str(workbook)]) == 0  # still consistent: no 错误
    return docx_lines(build_one(workbook, folder / "out", formats=("docx",)).outputs[0])


@pytest.mark.parametrize("row", [
    # table 1: income by source (this year), carry-over, both expenditure columns
    "二、政府性基金预算 | 5.00 | 二、外交支出 |  |  | ",
    " |  | 六、科学技术支出 | 399.13 | 397.13 | 2.00",
    "本年收入合计 | 609.81 | 本年支出合计 | 611.81 | 609.81 | 2.00",
    "上年结转 | 2.00 | 年终结转 |  |  | ",
    "收入总计 | 611.81 | 支出总计 | 611.81 | 609.81 | 2.00",
    # table 2: by source, and the carry-over column
    "2060199 | 其他科学技术管理事务支出 | 91.10 | 86.10 | 5.00 |  |  |  | 2.00",
    # table 4: 财政拨款 by source, with the carried 一般公共预算
    "上年财政拨款结转 | 2.00 | 年终结转 |  |  |  | ",
    "一、一般公共预算 | 2.00 |  |  |  |  | ",
    "收入总计 | 611.81 | 支出总计 | 611.81 | 606.81 | 5.00 | ",
    # table 8: 政府性基金 expenditure
    "2060199 | 其他科学技术管理事务支出 | 5.00 |  | 5.00",
    # tables 12 and 13
    "Z基金项目 | 5.00 |  | 5.00 |  |  | ",
    "J结转项目 | 2.00 | 2.00 |  | ",
])
def test_tables_with_other_sources_and_carry_over(lines, row):
    assert row in lines


def test_sentences_with_carry_over_and_fund(lines):
    text = "\n".join(lines)
    assert "预算收入总计611.81万元，其中：本年收入609.81万元，上年结转2.00万元" in text
    assert "政府性基金预算拨款收入5.00万元，占0.82%" in text
    assert "上年结转2.00万元，占0.33%。" in text
    assert "其中：当年拨款收入609.81万元，上年结转收入2.00万元。" in text
    # 一般公共预算当年 is unchanged: the fund and the carry-over are not in it
    assert "一般公共预算当年支出604.81万元，比上年增加92.92万元，增长18.15%。" in text
    assert "纳入绩效目标管理的二级项目13个，共计金额93.10万元。其中：其他运转类项目12个，涉及金额88.10万元；特定目标类项目1个，涉及金额5.00万元。" in text
    # the empty-table note is gone from the tables that now have data
    assert text.count("注：本表无数据") == 1  # only 表9 国有资本经营预算 is still empty

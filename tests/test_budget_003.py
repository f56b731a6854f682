"""Seed 003 (大同市信息和新材料应用推广中心 2023, a 公益一类事业单位) in the 2023 profile."""
from __future__ import annotations

import pytest

NARRATIVE = [
    "2023年度预算收入总计667.98万元，其中：本年收入667.98万元，上年结转0万元，比上年减少329.65万元，下降33.04%，主要原因是退休人员147人",
    "2023年度支出预算667.98万元，其中：基本支出547.65万元，占81.99%；项目支出120.33万元，占18.01%。",
    "2023年度一般公共预算当年拨款667.98万元，比上年减少329.65万元，下降33.04%。",
    "社会保障和就业支出311.53万元，占46.64%；卫生健康支出12.45万元，占1.86%；资源勘探工业信息等支出310.19万元，占46.44%；住房保障支出33.81万元，占5.06%。",
    "人员经费523.84万元，主要包括：基本工资、津贴补贴、奖金、绩效工资",
    "公用经费23.80万元，主要包括：办公费、工会经费、福利费、公务用车运行维护费、其他交通费用、其他商品和服务支出等。",
    "2023年财政拨款安排的“三公”经费预算3.20万元，与2022年预算数相同。",
    # 事业单位: no 机关运行经费, in seed 003's words
    "本单位为公益一类事业单位，2023年财政安排机关运行经费预算数0万元（2022年机关运行经费预算数0万元），与上年度对比无变化。",
    "部门各单位政府采购预算总额0.51万元。其中：政府采购货物预算0.51万元",
    "单位实行绩效目标管理的项目7个，涉及一般公共预算当年拨款120.33万元。",
    "车辆实有2辆，资产账面为江淮小客车1辆",
]

TABLE_ROWS = [
    "合计 | 547.65 | 523.84 | 23.80",
    # rounded from 元 one cell at a time: the group shows 23.80 although its items show 23.81
    "商品和服务支出 |  | 23.80 |  | 23.80",
    "工资福利支出 |  | 313.78 | 313.78 | ",
    "215 | 资源勘探工业信息等支出 | 310.19 | 239.11 | 71.08",
    "2150550 | 事业运行 | 264.61 | 239.11 | 25.50",
    # seed 003 broke these names by line wrapping
    "J老干部活动室水电及取暖费等 | 2.00 | 2.00 |  |  |  | ",
    "Z中小企业公共服务平台运维费 | 45.58 | 45.58 |  |  |  | ",
    "部门合计 |  |  |  | ",
]


@pytest.mark.parametrize("sentence", NARRATIVE)
def test_narrative_sentences(text003, sentence):
    assert any(sentence in line for line in text003), sentence


@pytest.mark.parametrize("row", TABLE_ROWS)
def test_table_rows(text003, row):
    assert row in text003


def test_2023_titles_and_forms(text003):
    assert "2023年机关运行经费预算财政拨款情况统计表" in text003
    assert text003.count("大同市市级预算部门（单位）项目支出绩效目标申报表") == 6
    assert "项目资金（元） | 实施期资金总额： | 1,823,200 | 年度资金总额： | 455,800" in text003


def test_empty_soc_table_lists_no_classification_rows(text003):
    # seed 003 listed classification rows in its empty 国有资本经营预算 table
    start = text003.index("预算公开表9")  # the table itself, not its 目录 entry
    end = text003.index("2023年一般公共预算“三公”经费支出预算表", start)
    assert not any(line.startswith("208 |") for line in text003[start:end])
    assert "注：本表无数据" in text003[start:end]


def test_no_unit_subtotal_row_in_2023_project_table(text003):
    assert "大同市信息和新材料应用推广中心 | 120.33 | 120.33 |  |  |  | " not in text003

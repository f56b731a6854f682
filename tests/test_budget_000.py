"""Seed 000 (大同市科学技术局 2024 单位预算公开): the built .docx holds the seed's figures."""
from __future__ import annotations

import pytest

NARRATIVE = [
    "2024年度大同市科学技术局预算收入总计604.81万元，其中：本年收入604.81万元，上年结转0万元，比上年减少200.08万元，下降24.86%，主要原因是",
    "主要包括一般公共预算拨款收入604.81万元，占100.00%；政府性基金预算拨款收入0万元，占0%",
    # seed: "项目支出86.1万元" dropped the trailing zero; every amount has two decimals.
    "基本支出518.71万元，占85.76%；项目支出86.10万元，占14.24%。",
    "一般公共预算当年支出604.81万元，比上年增加92.92万元，增长18.15%。",
    "科学技术支出392.13万元，占64.84%；社会保障和就业支出145.41万元，占24.04%；卫生健康支出22.41万元，占3.71%；住房保障支出44.86万元，占7.42%",
    "人员经费469.97万元，主要包括：基本工资、津贴补贴、奖金、机关事业单位基本养老保险缴费",
    "公用经费48.74万元，主要包括：办公费、印刷费、差旅费、委托业务费、工会经费、福利费、公务用车运行维护费、其他交通费用、其他商品和服务支出",
    "“三公”经费预算3.50万元，与2023年预算数相同。其中：因公出国（境）费0万元，与上年预算数相同；公务接待费0万元，与上年预算数相同；公务用车运行维护费3.50万元，与上年预算数相同",
    "本单位机关运行经费财政拨款预算48.74万元，比2023年预算增加0.57万元，增长1.18%，原因是人员调资",
    "政府采购预算总额4.80万元。其中：政府采购货物预算0.50万元、政府采购工程预算0万元、政府采购服务预算4.30万元。",
    # seed: "11个，共计金额76.10万元" disagreed with table 12 (86.10) and "占…93%" matched nothing.
    "纳入绩效目标管理的二级项目11个，共计金额86.10万元。其中：其他运转类项目11个，涉及金额86.10万元；特定目标类项目0个，涉及金额0万元。",
    "公开项目绩效目标7个，涉及项目金额71.36万元，占部门（单位）项目支出总额的82.88%。",
    "截至2023年12月31日，大同市科学技术局共有公务用车编制1辆，实有1辆，其中：领导用车0辆，机要通信用车1辆",
    "使用的办公用房建筑总面积377.6平方米",
    "我单位预算公开仅包含大同市科学技术局本级。",
]

TABLE_ROWS = [
    "一、一般公共预算 | 604.81 | 一、一般公共服务支出 |  |  | ",
    " |  | 六、科学技术支出 | 392.13 | 392.13 | ",
    " |  | 三十、抗疫特别国债安排的支出 |  |  | ",
    "收入总计 | 604.81 | 支出总计 | 604.81 | 604.81 | ",
    "合计 | 604.81 | 604.81 |  |  |  |  | ",
    "2060199 | 其他科学技术管理事务支出 | 86.10 | 86.10 |  |  |  |  | ",
    "2060199 | 其他科学技术管理事务支出 | 86.10 |  | 86.10",
    "合计 | 604.81 | 518.71 | 86.10",
    "206 | 科学技术支出 | 392.13 | 306.03 | 86.10",
    "2210202 | 提租补贴 | 3.93 | 3.93 | ",
    # table 6: group rows come from 元, so 365.82 although the items show 365.81
    "合计 | 518.71 | 469.97 | 48.74",
    "工资福利支出 |  | 365.82 | 365.82 | ",
    "基本工资 | 工资奖金津补贴 | 128.11 | 128.11 | ",
    "对个人和家庭的补助 |  | 104.16 | 104.16 | ",
    "公务用车购置及运行费 | 3.50 | 3.50 |  | ",
    "②公务用车运行维护费 | 3.50 | 3.50 |  | ",
    "部门合计 | 48.74 | 48.74 |  | ",
    "大同市科学技术局 | 86.10 | 86.10 |  |  |  | ",
    "J局机关电费 | 1.70 | 1.70 |  |  |  | ",
    "Z高速飞车技术与产业发展大会经费 | 36.00 | 36.00 |  |  |  | ",
]


@pytest.mark.parametrize("sentence", NARRATIVE)
def test_narrative_sentences(text000, sentence):
    assert any(sentence in line for line in text000), sentence


@pytest.mark.parametrize("row", TABLE_ROWS)
def test_table_rows(text000, row):
    assert row in text000


def test_thirty_fixed_class_rows_in_tables_1_and_4(text000):
    assert sum("三十、抗疫特别国债安排的支出" in line for line in text000) == 2


def test_eleven_projects(text000):
    projects = [l for l in text000 if l.startswith(("J", "XM", "Z")) and l.count("|") == 6]
    assert len(projects) == 11


def test_seven_forms_with_yuan_amounts(text000):
    forms = [l for l in text000 if l == "大同市市级预算部门（单位）项目支出绩效目标表"]
    assert len(forms) == 7
    for amount in ("35,600", "100,000", "30,000", "150,000", "8,000", "360,000"):
        assert f"项目资金（元） | 实施期资金总额： | {amount} | 年度资金总额： | {amount}" in text000


def test_empty_tables_are_published_with_note(text000):
    # tables 7, 8, 9 and 13 have no data
    assert text000.count("注：本表无数据") == 4


def test_no_boilerplate_left_in(text000):
    joined = "\n".join(text000)
    assert "减少（增加）" not in joined and "下降(增长)" not in joined


def test_docx_has_page_numbers_toc_field_and_chinese_fonts(built):
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(built["000"]["docx"]))
    footer = document.sections[1].footer._element  # the body's; the cover shows no number
    assert any("PAGE" in (t.text or "") for t in footer.iter(qn("w:instrText")))
    body = document.element.body
    assert any("TOC" in (t.text or "") for t in body.iter(qn("w:instrText")))
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋"
    assert document.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    lang = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    # wide tables sit on landscape pages
    assert any(s.page_width > s.page_height for s in document.sections)

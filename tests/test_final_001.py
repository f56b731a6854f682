"""Seed 001 (朔州市科学技术局 2024年度部门决算公开): the built .docx and .pdf hold the seed's
figures, with the seed's defects computed right."""
from __future__ import annotations

import copy
import importlib.util
import re
from decimal import Decimal

import pytest

from generator import kinds
from generator.assemble import build_document
from generator.build import PIPELINES, build_one, prepare
from generator.checks import run_checks
from generator.findings import ERROR
from generator.profile import load_profile

from conftest import INPUTS, docx_lines

SEED001 = INPUTS / "朔州市科学技术局2024年度部门决算.xlsx"
HAS_PDF = importlib.util.find_spec("generator.writers.pdf_writer") is not None

NARRATIVE = [
    "2024年度收入总计513.98万元，支出总计513.98万元。与上年相比，收入总计增加3.55万元，增长0.70%，"
    "支出总计增加3.55万元，增长0.70%。主要原因是较上年工资标准进行调整",
    "2024年度收入合计512.98万元，其中：",
    "财政拨款收入512.98万元，占比100.00%。",
    # seed: "占比78.06%" / "21.94%"; half-up of 401.24 / 513.98 gives 78.07
    "基本支出401.24万元，占比78.07%；",
    "项目支出112.74万元，占比21.93%。",
    "2024年度财政拨款收入总计512.98万元，支出总计512.98万元。与上年相比，财政拨款收入总计增加15.40万元，"
    "增长3.09%；财政拨款支出总计增加15.40万元，增长3.09%。",
    "2024年一般公共预算财政拨款决算支出512.98万元，占本年支出合计的99.81%。与上年相比，"
    "一般公共预算财政拨款支出增加15.40万元，增长3.09%。",
    "一般公共服务支出（类）1.20万元，占比0.23%；",
    "科学技术支出（类）356.13万元，占比69.42%；",
    "社会保障和就业支出（类）64.71万元，占比12.61%；",
    "卫生健康支出（类）14.32万元，占比2.79%；",
    "住房保障支出（类）35.43万元，占比6.91%；",
    "其他支出（类）41.20万元，占比8.03%。",
    "一般公共预算财政拨款支出年初预算432.31万元，支出决算512.98万元，完成年初预算的118.66%。",
    "一般公共服务支出年初预算0万元，支出决算1.20万元，主要用于党建指导员工作经费。与上年决算相同。",
    "科学技术支出年初预算323.84万元，支出决算356.13万元，完成年初预算的109.97%，主要用于人员基本工资",
    "较上年决算减少95.46万元，下降21.14%，主要原因是财政经费科目进行了调整",
    "社会保障和就业支出年初预算58.73万元，支出决算64.71万元，完成年初预算的110.18%",
    "较上年决算增加64.71万元，主要原因是财政经费科目调整了，上年属于科学技术支出。",
    "卫生健康支出年初预算14.32万元，支出决算14.32万元，完成年初预算的100.00%",
    "其他支出年初预算0万元，支出决算41.20万元，主要用于年度考核奖发放。较上年决算减少3.59万元，下降8.02%",
    "2024年度一般公共预算财政拨款基本支出401.24万元，其中：",
    # seed: 人员经费 also listed 商品和服务支出28.25万元
    "人员经费372.99万元，主要包括基本工资113.20万元、津贴补贴56.92万元、奖金56.14万元、绩效工资29.33万元、"
    "机关事业单位基本养老保险缴费35.09万元、职业年金缴费7.96万元、职工基本医疗保险缴费14.26万元、"
    "其他社会保障缴费0.84万元、住房公积金35.43万元、其他工资福利支出2.37万元、退休费21.39万元、奖励金0.06万元；",
    "公用经费28.25万元，主要包括维修（护）费0.83万元、福利费6.42万元、公务用车运行维护费4.20万元、"
    "其他交通费用15.03万元、其他商品和服务支出1.77万元。",
    "本年度无此项收支。",
    "本年度无此项支出。",
    "2024年度“三公”经费财政拨款支出全年预算4.20万元，支出决算4.20万元，完成全年预算的100.00%，"
    "与上年“三公”经费财政拨款支出决算相同。其中：",
    "因公出国（境）费支出0万元，与上年相同，主要原因是：本单位无因公出国费支出；",
    "公务用车运行维护费支出4.20万元，完成全年预算的100.00%，与上年相同，主要原因是：今年与去年用车几乎一样；",
    "1、因公出国（境）费支出0万元，出国（境）团组共0个，0人次。",
    "2、公务用车购置支出0万元，使用财政拨款共购置公务用车0辆",
    "3、公务用车运行维护费支出4.20万元，使用财政拨款负担的公务用车保有量共2辆，主要用于：机要文件交换",
    "4、公务接待费支出0万元，共接待0批次，0人次。国内接待费0万元，共接待0批次，0人次，其中外事接待费0万元",
    "2024年机关运行经费支出28.25万元，比2023年减少0.19万元，下降0.67%，主要原因是差旅费用支出减少。",
    "2024年度政府采购支出总额6.19万元，其中：政府采购货物支出1.30万元、政府采购工程支出0万元、"
    "政府采购服务支出4.89万元。政府采购授予中小企业合同金额0万元，占政府采购支出总额的0%，"
    "其中：授予小微企业合同金额0万元",
    "截至2024年12月31日，本部门（单位）共有车辆2辆。其中：应急保障用车2辆，其他用车0辆，"
    "其他用车主要是我单位无其他用车。单价100万元（含）以上设备（不含车辆）0台（套）。",
    "2024年二级项目绩效自评个数4个，涉及资金39.00万元：4个项目自评等级为“优”，0个项目自评等级为“良”，"
    "0个项目自评等级为“中”，0个项目自评等级为“差”。",
    "十二、机关运行经费：指行政单位和参照公务员法管理的事业单位财政拨款基本支出中的公用经费支出。",
    "部门整体支出绩效自评分析报告",
    "部门编号：078　部门名称：朔州市科学技术局",
    "指标完成情况得分90分，最终评分结果：朔州市科学技术局部门绩效自我评价结果为：总得分90分，属于“优”。",
]

TABLE_ROWS = [
    # 公开01
    "一、一般公共预算财政拨款收入 | 1 | 512.98 | 一、一般公共服务支出 | 32 | 1.20",
    "六、经营收入 | 6 |  | 六、科学技术支出 | 37 | 357.13",
    " | 23 |  | 二十三、其他支出 | 54 | 41.20",
    "本年收入合计 | 27 | 512.98 | 本年支出合计 | 58 | 513.98",
    "使用非财政拨款结余（含专用结余） | 28 |  | 结余分配 | 59 | ",
    "年初结转和结余 | 29 | 1.00 | 年末结转和结余 | 60 | ",
    "总计 | 31 | 513.98 | 总计 | 62 | 513.98",
    # 公开02 (rows the seed lost, consistent with 公开03 and 05)
    "合计 | 512.98 | 512.98 |  |  |  |  | ",
    "206 | 科学技术支出 | 356.13 | 356.13 |  |  |  |  | ",
    "2069999 | 其他科学技术支出 | 32.50 | 32.50 |  |  |  |  | ",
    "229 | 其他支出 | 41.20 | 41.20 |  |  |  |  | ",
    # 公开03: 科学技术管理事务 306.63 / 267.66 although its leaves show 306.64 / 267.67
    "合计 | 513.98 | 401.24 | 112.74 |  |  | ",
    "206 | 科学技术支出 | 357.13 | 267.66 | 89.47 |  |  | ",
    "20601 | 科学技术管理事务 | 306.63 | 267.66 | 38.97 |  |  | ",
    "2060199 | 其他科学技术管理事务支出 | 103.65 | 64.68 | 38.97 |  |  | ",
    "2069999 | 其他科学技术支出 | 33.50 |  | 33.50 |  |  | ",
    # 公开04
    "一、一般公共预算财政拨款 | 1 | 512.98 | 一、一般公共服务支出 | 33 | 1.20 | 1.20 |  | ",
    " | 6 |  | 六、科学技术支出 | 38 | 356.13 | 356.13 |  | ",
    "本年收入合计 | 27 | 512.98 | 本年支出合计 | 59 | 512.98 | 512.98 |  | ",
    "年初财政拨款结转和结余 | 28 |  | 年末财政拨款结转和结余 | 60 |  |  |  | ",
    "国有资本经营预算财政拨款 | 31 |  |  | 63 |  |  |  | ",
    "总计 | 32 | 512.98 | 总计 | 64 | 512.98 | 512.98 |  | ",
    # 公开05
    "合计 | 512.98 | 401.24 | 111.74",
    "206 | 科学技术支出 | 356.13 | 267.66 | 88.47",
    "2069999 | 其他科学技术支出 | 32.50 |  | 32.50",
    # 公开06: four code groups side by side; 工资福利支出 351.53 although its items show 351.54
    "301 | 工资福利支出 | 351.53 | 302 | 商品和服务支出 | 28.25 | 307 | 债务利息及费用支出 |  | "
    "31011 | 地上附着物和青苗补偿 | ",
    "30107 | 绩效工资 | 29.33 | 30205 | 水费 |  | 309 | 资本性支出（基本建设） | ——— | "
    "31022 | 无形资产购置 | ",
    "30109 | 职业年金缴费 | 7.96 | 30207 | 邮电费 |  | 30902 | 办公设备购置 | ——— | "
    "311 | 对企业补助（基本建设） | ———",
    " |  |  | 30299 | 其他商品和服务支出 | 1.77 | 31010 | 安置补助 |  |  |  | ",
    "人员经费合计 | 372.99 | 公用经费合计 | 28.25",
    # 公开08 (empty)
    "合计 |  |  | ",
    # 公开09
    "1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12",
    "4.20 |  | 4.20 |  | 4.20 |  | 4.20 |  | 4.20 |  | 4.20 | ",
    # 公开10
    "合计 | 1 | 6.19",
    "货物 | 2 | 1.30",
    "服务 | 4 | 4.89",
    "（一）行政单位 | 5 | 28.25",
    "（一）车辆数合计（辆） | 7 | 2",
    "4. 应急保障用车 | 11 | 2",
    "（二）单价100万元（含）以上设备（不含车辆） | 17 | ",
    # annex
    "产出指标 | 数量指标 | 单位在职职工人数 | 24人 | 24人 | 10 | 10 | ",
    " | 成本指标 |  |  |  |  | 0 | ",
]


@pytest.fixture(scope="module")
def built001(tmp_path_factory):
    formats = ("docx", "pdf") if HAS_PDF else ("docx",)
    outputs = build_one(SEED001, tmp_path_factory.mktemp("final001"), formats=formats).outputs
    return {p.suffix[1:]: p for p in outputs}


@pytest.fixture(scope="module")
def text001(built001):
    return docx_lines(built001["docx"])


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_output_name(built001):
    assert built001["docx"].name == "朔州市科学技术局2024年度部门决算公开.docx"


@pytest.mark.parametrize("sentence", NARRATIVE)
def test_narrative_sentences(text001, sentence):
    assert any(sentence in line for line in text001), sentence


@pytest.mark.parametrize("row", TABLE_ROWS)
def test_table_rows(text001, row):
    assert row in text001


def test_ten_tables_labelled_and_listed(text001):
    for n in range(1, 11):
        assert f"公开{n:02d}表" in text001
    # 目录 entries end with their page number
    for entry in ("一、收入支出决算总表", "十、部门决算公开相关信息统计表"):
        assert any(re.fullmatch(re.escape(entry) + r"\d+", line) for line in text001), entry


def test_twenty_six_fixed_class_rows_in_tables_01_and_04(text001):
    assert sum("二十六、抗疫特别国债安排的支出" in line for line in text001) == 2
    assert not any("二十七、" in line for line in text001)


def test_notes(text001):
    assert ("注：本表反映部门本年度的总收支和年末结转结余情况。本套报表金额单位转换时可能存在尾数误差。"
            in text001)
    assert text001.count("说明：本表无数据") == 2  # 公开07 and 08


def test_seed_defects_not_reproduced(text001):
    joined = "\n".join(text001)
    personnel = next(line for line in text001 if line.startswith("人员经费372.99万元"))
    assert "商品和服务支出" not in personnel
    assert "78.06%" not in joined and "错误！未定义书签" not in joined
    assert "减少（增加）" not in joined and "下降(增长)" not in joined


def test_every_figure_has_two_decimals(text001):
    joined = "\n".join(text001)
    assert not re.search(r"(?<![\d.])\d+\.\d(?!\d)", joined), "a figure with one decimal"
    assert not re.search(r"\d+\.\d{3,}", joined)


@pytest.mark.skipif(not HAS_PDF, reason="generator/writers/pdf_writer.py is not there yet")
def test_pdf_holds_the_figures(built001):
    import pdfplumber

    with pdfplumber.open(built001["pdf"]) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    # drop each page's footer (its number) so sentences run on across pages
    text = flat("".join(re.sub(r"\n\d+\s*$", "", page) for page in pages))
    for sentence in NARRATIVE:
        assert flat(sentence) in text, sentence
    for figure in ("512.98", "513.98", "401.24", "112.74", "351.53", "372.99", "公开10表",
                   "本套报表金额单位转换时可能存在尾数误差", "说明：本表无数据"):
        assert figure in text, figure


# -- the workbook and its checks --------------------------------------------------------------
def test_init_final_writes_the_final_sheets(tmp_path):
    import openpyxl

    from generator.cli import main

    path = tmp_path / "决算.xlsx"
    assert main(["init", "--kind", "final", str(path)]) == 0
    names = openpyxl.load_workbook(path).sheetnames
    for sheet in kinds.SHEETS_BY_KIND["final"]:
        assert sheet.name in names
    assert {"收入决算", "支出决算", "三公经费", "整体绩效指标"} <= set(names)


def test_example_checks_clean():
    _model, _figures, findings = prepare(SEED001)
    assert not [f for f in findings if f.severity == ERROR]


@pytest.fixture()
def model001():
    model, _findings = kinds.read(SEED001)
    return model


def _errors(model) -> dict[str, str]:
    figures = PIPELINES["final"].compute(model)
    return {f.rule: f.message for f in run_checks(model, figures) if f.severity == ERROR}


def test_balance_is_checked_not_assumed(model001):
    row = next(r for r in model001.spending if r.code == "2069999" and r.source == "非财政拨款")
    row.opening += Decimal(100)
    errors = _errors(model001)
    assert "final_balance" in errors
    assert "收入总计 5,139,910元（513.99万元）" in errors["final_balance"]
    assert "相差 100元（0.01万元）" in errors["final_balance"]


def test_fiscal_income_and_spending_agree(model001):
    model001.income[0].amounts["gpb"] += Decimal(50)
    errors = _errors(model001)
    assert "final_fiscal_balance" in errors and "一般公共预算财政拨款" in errors["final_fiscal_balance"]


def test_personnel_and_public_equal_gpb_basic(model001):
    model001.economic[0].amount += Decimal(1)
    assert "final_basic_economic" in _errors(model001)


def test_vehicle_upkeep_not_below_economic_item(model001):
    item = next(r for r in model001.three_public if r.item == "公务用车运行维护费")
    item.actual = Decimal(41999)
    assert "final_vehicle_upkeep" in _errors(model001)


@pytest.mark.parametrize("code, words", [
    ("206010", "不是7位数字"),  # a 款 code where a 项 belongs
    ("2090101", "209"),  # 社会保险基金支出 is not one of 公开01表's 26 类
    ("2068801", "20688"),  # 类 206 exists, 款 20688 does not
])
def test_function_codes_are_checked(model001, code, words):
    model001.spending[0].code = code
    assert words in _errors(model001)["final_function_code"]


def test_reception_split_adds_up(model001):
    model001.three_public_detail.values["domestic"] = Decimal(5000)
    assert "final_reception" in _errors(model001)


def test_rounding_note_only_when_entered_in_yuan(model001):
    model = copy.deepcopy(model001)
    model.unit.money_unit = "万元"
    pipeline = PIPELINES["final"]
    figures = pipeline.compute(model)
    document = build_document(load_profile(model.unit.profile), model, figures,
                              pipeline.context(model, figures))
    notes = [n for block in document.blocks for n in getattr(block, "notes", [])]
    assert "注：本表反映部门本年度的总收支和年末结转结余情况。" in notes
    assert not any("尾数误差" in n for n in notes)

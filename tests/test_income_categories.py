"""单位资金 split into the national standard's income categories, and each 项 explained
(用途, 上年执行数, 原因): the reader, the sums, the check rule, the narrative context."""
from __future__ import annotations

import copy
from decimal import Decimal

import openpyxl
import pytest

from conftest import INPUTS, SEED000, SEED001, docx_lines
from workbook_edits import edited

from generator import checks, kinds, schema
from generator.budget import schema as budget_schema
from generator.budget.compute import compute_budget
from generator.budget.text import context
from generator.build import build_one
from generator.cli import main
from generator.department import prepare_department
from generator.findings import ERROR
from generator.kinds import PIPELINES
from generator.model import FISCAL_SOURCES, OWN, OWN_CATEGORIES, SOURCES, expand
from generator.templates_cmd import check_templates, describe_variables, sample_context, sample_contexts

EXAMPLE = INPUTS / "示例单位2024年度单位预算（收入分类示例）.xlsx"
TEXT_RULES = dict(checks.RULES["budget"])


@pytest.fixture(scope="module")
def example():
    model, findings = kinds.read(EXAMPLE)
    return model, compute_budget(model), findings


@pytest.fixture(scope="module")
def ctx(example):
    model, fig, _ = example
    return context(model, fig)


def line_of(lines, code):
    return next(line for line in lines if line["编码"] == code)


# -- the groups ----------------------------------------------------------------------------
def test_expand_groups_and_sources():
    assert expand(["财政拨款"]) == set(FISCAL_SOURCES)
    assert expand([OWN]) == {OWN, "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入"}
    assert expand(["事业收入", "一般公共预算"]) == {"事业收入", "一般公共预算"}
    # A profile's 其他收入 column: three categories together.
    assert expand(["上级补助收入", "附属单位上缴收入", "其他收入"]) == {"上级补助收入", "附属单位上缴收入", "其他收入"}
    with pytest.raises(KeyError):
        expand(["单位自有资金"])


def test_drop_down_offers_the_groups_and_the_categories():
    assert schema.LISTS["资金来源"] == SOURCES + OWN_CATEGORIES


def test_init_writes_the_categories_and_explains_them(tmp_path):
    target = tmp_path / "空白.xlsx"
    assert main(["init", "--kind", "budget", str(target)]) == 0
    wb = openpyxl.load_workbook(target)
    lists = wb["_下拉选项"]
    column = next(c for c in lists[1] if c.value == "资金来源").column
    values = [lists.cell(row=r, column=column).value for r in range(2, 12)]
    assert values == list(SOURCES + OWN_CATEGORIES)
    help_text = "\n".join(str(c.value) for c in wb["填表说明"]["A"] if c.value)
    assert "事业单位经营收入" in help_text and "附属单位上缴收入" in help_text
    assert "【项目支出】" in help_text and "在本表合计填在“单位资金”一列" in help_text
    headers = [c.value for c in wb["收支科目"][1]]
    assert headers[-3:] == ["用途", "上年执行数", "原因"]
    assert [c.value for c in wb["单位信息"]["A"]][-1] == "单位简称"


# -- the example: split categories sum into 单位资金 --------------------------------------
def test_example_checks_clean(example):
    _model, _fig, findings = example
    assert main(["check", str(EXAMPLE)]) == 0
    assert findings == []


def test_split_categories_sum_into_own_funds(example, ctx):
    model, fig, _ = example
    assert {r.source for r in model.functions} >= {"事业收入", "事业单位经营收入", "上级补助收入", "其他收入"}
    own = Decimal("1234567") + Decimal("300000") + Decimal("456789.12") + Decimal("50000") + Decimal("88000")
    assert fig.total.sum(sources=(OWN,)) == own == Decimal("2129356.12")
    assert ctx["收入"][OWN] == own
    assert ctx["收入"]["事业收入"] == Decimal("1234567")
    assert ctx["收入"]["事业单位经营收入"] == Decimal("456789.12")
    assert ctx["收入"]["上级补助收入"] == Decimal("300000")
    assert ctx["收入"]["附属单位上缴收入"] == Decimal("50000")
    assert ctx["收入"]["其他收入"] == Decimal("88000")
    assert ctx["收入"]["一般公共预算"] + own == ctx["收入总计"] == Decimal("5515035.02")


def test_own_funds_entered_whole_give_the_same_model_figures(example):
    model, fig, _ = example
    whole = copy.deepcopy(model)
    for row in whole.functions:
        if row.source in OWN_CATEGORIES:
            row.source = OWN
    fig_whole = compute_budget(whole)
    assert [line.amounts.sum(sources=(s,)) for line in fig.lines for s in SOURCES] == \
        [line.amounts.sum(sources=(s,)) for line in fig_whole.lines for s in SOURCES]
    assert fig_whole.total.sum(sources=(OWN,)) == fig.total.sum(sources=(OWN,))
    assert fig_whole.total.sum(sources=("事业收入",)) == 0  # no longer split


def _merge_own_rows(wb):
    """收支科目 of the example with each 项's categories entered as one 单位资金 row."""
    ws = wb["收支科目"]
    rows = [list(r) for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    merged: list[list] = []
    for row in rows:
        if row[2] in OWN_CATEGORIES:
            row[2] = OWN
            same = next((m for m in merged if m[:4] == row[:4]), None)
            if same is not None:
                same[4:6] = [(a or 0) + (b or 0) or None for a, b in zip(same[4:6], row[4:6])]
                continue
        merged.append(row)
    ws.delete_rows(2, ws.max_row)
    for row in merged:
        ws.append(row)


def test_documents_are_the_same_whether_own_funds_are_split_or_whole(tmp_path):
    whole = edited(EXAMPLE, tmp_path / "whole.xlsx", _merge_own_rows)
    sources = [c.value for c in openpyxl.load_workbook(whole)["收支科目"]["C"][1:]]
    assert OWN in sources and not set(sources) & set(OWN_CATEGORIES)
    assert main(["check", str(whole)]) == 0
    # A profile that publishes 单位资金 as one figure (yuan-9-tables shows the categories)
    one = {"formats": ("docx",), "profile_name": "datong-2024-budget"}
    split_lines = docx_lines(build_one(EXAMPLE, tmp_path / "split", **one).outputs[0])
    whole_lines = docx_lines(build_one(whole, tmp_path / "whole", **one).outputs[0])
    assert split_lines == whole_lines
    # table 1 shows 单位资金 as the five categories together
    assert "五、单位资金 | 212.94 | 五、教育支出 |  |  | " in split_lines


# -- old workbooks read --------------------------------------------------------------------
def test_old_workbook_without_the_new_columns_and_row_reads():
    wb = openpyxl.load_workbook(SEED000)
    assert [c.value for c in wb["收支科目"][1]][-1] == "项目支出"  # written before the columns
    assert "单位简称" not in [c.value for c in wb["单位信息"]["A"]]
    model, findings = kinds.read(SEED000)
    assert not [f for f in findings if f.severity == ERROR]
    assert all(r.use == "" and r.last_year is None and r.reason == "" for r in model.functions)
    assert model.unit.short_name == ""
    fig = compute_budget(model)
    assert all(line.last_year is None and line.use == "" for line in fig.lines)


# -- each 项 explained -----------------------------------------------------------------------
def test_lines_of_the_context(ctx):
    lines = ctx["科目"]
    assert [line["级次"] for line in lines[:3]] == ["类", "款", "项"]
    item = line_of(lines, "2060501")
    assert item["名称"] == "机构运行" and item["类名称"] == "科学技术支出"
    assert (item["类编码"], item["款编码"], item["项编码"]) == ("206", "20605", "2060501")
    assert (item["款名称"], item["项名称"]) == ("科技条件与服务", "机构运行")
    assert item["金额"] == Decimal("3880245.90")
    assert item["一般公共预算当年"] == Decimal("2345678.90")
    assert item["上年执行数"] == Decimal("3650000")
    assert item["变化"].表述 == "比上年增加23.02万元，增长6.31%"
    assert item["用途"] == "保障中心正常运转，包括在职人员工资福利和日常办公支出"
    assert item["原因"] == "新增检测岗位人员，人员经费相应增加"
    falling = line_of(lines, "2060599")
    assert falling["变化"].幅度 == "减少10.52万元，下降8.77%"
    assert line_of(lines, "2101102")["变化"].相同
    # a 类 and a 款: their 项s' 上年执行数 added up, no texts
    group = line_of(lines, "206")
    assert group["上年执行数"] == Decimal("4850000") and group["用途"] == group["原因"] == ""
    assert (group["款编码"], group["项编码"], group["项名称"]) == ("", "", "")
    assert line_of(lines, "20805")["上年执行数"] == Decimal("250000")
    assert [line["编码"] for line in ctx["项级科目"]] == ["2060501", "2060599", "2080505", "2101102", "2210201"]


def test_lines_without_last_year_have_no_change():
    model, _ = kinds.read(SEED000)
    lines = context(model, compute_budget(model))["科目"]
    assert lines and all(line["上年执行数"] is None and line["变化"] is None for line in lines)


def test_explanation_on_any_row_of_the_item(example):
    model, _fig, _ = example
    moved = copy.deepcopy(model)
    first, second = [r for r in moved.functions if r.code == "2060501"][:2]
    second.use, second.last_year, second.reason = first.use, first.last_year, first.reason
    first.use, first.last_year, first.reason = "", None, ""
    line = next(li for li in compute_budget(moved).lines if li.code == "2060501")
    assert (line.use, line.last_year) == ("保障中心正常运转，包括在职人员工资福利和日常办公支出", Decimal("3650000"))


def test_conflicting_explanations_name_both_cells(tmp_path):
    def conflict(wb):
        ws = wb["收支科目"]
        ws["G3"] = "另一种用途"  # row 3 is 2060501 again (事业收入); G2 holds its 用途
        ws["H3"] = 3600000

    broken = edited(EXAMPLE, tmp_path / "conflict.xlsx", conflict)
    model, _ = kinds.read(broken)
    findings = list(TEXT_RULES["function_explanation"](model, compute_budget(model)))
    assert [(f.severity, f.sheet, f.cell) for f in findings] == [(ERROR, "收支科目", "G3"), (ERROR, "收支科目", "H3")]
    use, last_year = findings
    assert "收支科目!G2" in use.message and "收支科目!G3" in use.message and "“另一种用途”" in use.message
    assert use.related == ("收支科目!G2",)
    assert "3,650,000元（365.00万元）" in last_year.message and "3,600,000元（360.00万元）" in last_year.message
    assert main(["check", str(broken)]) == 1


def test_reason_against_the_items_change_is_checked(example):
    model, _fig, _ = example
    wrong = copy.deepcopy(model)
    row = next(r for r in wrong.functions if r.code == "2060599" and r.reason)
    row.reason = "检测任务增加，导致项目支出增加"  # the 项 fell from 120.00 to 109.48 万元
    findings = list(TEXT_RULES["text_direction"](wrong, compute_budget(wrong)))
    assert [(f.sheet, f.cell) for f in findings] == [("收支科目", "I5")]
    assert "说明的是增加的原因" in findings[0].message and "其他科技条件与服务支出" in findings[0].message


def test_use_with_a_placeholder_is_an_error(example):
    model, _fig, _ = example
    wrong = copy.deepcopy(model)
    next(r for r in wrong.functions if r.code == "2210201" and r.use).use = "主要用于XX"
    findings = list(TEXT_RULES["text_placeholders"](wrong, compute_budget(wrong)))
    assert [(f.sheet, f.cell) for f in findings] == [("收支科目", "G11")]


# -- 单位简称 and 下属单位 -------------------------------------------------------------------------
def test_short_name_and_subordinate_units(ctx):
    assert ctx["单位简称"] == "检测中心"
    assert ctx["下属单位"] == []
    final_model, _ = kinds.read(SEED001)
    pipeline = PIPELINES["final"]
    final_ctx = pipeline.context(final_model, pipeline.compute(final_model))
    assert final_ctx["单位简称"] == "" and final_ctx["下属单位"] == []
    model, figures, _ = prepare_department(INPUTS / "大同市科学技术局")
    dept = PIPELINES["budget"].context(model, figures)
    assert dept["下属单位"] == ["大同市科学技术情报研究所"]
    assert dept["部门单位"][0]["名称"] == "大同市科学技术局"


# -- templates check -------------------------------------------------------------------------
def test_templates_check_lists_the_new_variables():
    lines = describe_variables(sample_context("budget"), sample_contexts("budget"))
    fields = "编码、名称、级次、类编码、类名称、款编码、款名称、项编码、项名称、金额、一般公共预算当年、上年执行数、变化、用途、原因"
    assert f"科目：列表，每项有 {fields}" in lines
    assert f"项级科目：列表，每项有 {fields}" in lines
    assert "单位简称" in lines and "下属单位：列表" in lines
    assert any(line.startswith("收入：包含") and "事业单位经营收入" in line for line in lines)
    final = describe_variables(sample_context("final"), sample_contexts("final"))
    assert "单位简称" in final and "下属单位：列表" in final


def test_templates_check_tries_the_explained_items(exported):
    section = exported / "profiles" / "datong-2024-budget" / "sections" / "other.j2"
    # Only the new example has a 上年执行数, so only it reaches the misspelled field.
    section.write_text(section.read_text(encoding="utf-8")
                       + "{% for 行 in 项级科目 %}{% if 行.变化 %}{{ 行.变化.增家 }}{% endif %}{% endfor %}\n"
                       + "{% for 名 in 下属单位 %}{{ 名.名称 }}{% endfor %}\n", encoding="utf-8")
    problems, _hints, _ = check_templates(exported)
    assert len(problems) == 2, problems
    assert any("增家" in p and "示例“示例市检验检测中心”" in p for p in problems)
    assert any("有下属单位" in p for p in problems)


def test_item_explanation_columns_are_optional():
    optional = [c.header for c in budget_schema.FUNCTION_ITEMS.columns if c.optional]
    assert optional == ["用途", "上年执行数", "原因"]

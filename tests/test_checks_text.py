"""The free-text rules (generator.checks_text): each rule on a model, and the planted mistakes
of issue 12 reported by `check` and marked by `check --annotate`, on the seed-000 workbook."""
from __future__ import annotations

import copy
from decimal import Decimal

import openpyxl
import pytest
from conftest import SEED000, SEED001, SEED003
from workbook_edits import edited, row_of

from generator import checks_text, kinds  # noqa: F401  (importing kinds registers every rule)
from generator import checks
from generator.cli import main
from generator.budget.compute import compute_budget
from generator.final.compute import compute_final
from generator.findings import ERROR, HINT

TEXT_RULES = ("text_figures", "text_years", "text_placeholders", "text_direction", "text_percent")
FORM_RULES = ("target_cost", "target_fund_source", "target_department")


@pytest.fixture(scope="module")
def seeds():
    return {"000": kinds.read(SEED000)[0], "001": kinds.read(SEED001)[0], "003": kinds.read(SEED003)[0]}


@pytest.fixture
def m000(seeds):
    return copy.deepcopy(seeds["000"])


def run(name, model):
    rules = dict(checks.RULES[model.unit.kind])
    compute = compute_budget if model.unit.kind == "budget" else compute_final
    return list(rules[name](model, compute(model)))


def test_every_text_rule_has_its_own_test():
    rules = {name for kind in ("budget", "final") for name, fn in checks.RULES[kind]
             if fn.__module__ == checks_text.__name__}
    assert rules == set(TEXT_RULES + FORM_RULES)
    tests = [name for name in globals() if name.startswith("test_")]
    assert all(any(t.startswith(f"test_{r[5:]}_") for t in tests) for r in TEXT_RULES)
    assert all(any(t.startswith(f"test_{r}_") for t in tests) for r in FORM_RULES)


def test_every_text_rule_is_registered_for_both_kinds():
    for kind in ("budget", "final"):
        assert set(TEXT_RULES) <= {name for name, _ in checks.RULES[kind]}


@pytest.mark.parametrize("name", TEXT_RULES)
@pytest.mark.parametrize("seed", ["000", "003", "001"])
def test_text_rules_find_nothing_on_bundled_examples(seeds, seed, name):
    assert run(name, copy.deepcopy(seeds[seed])) == []


# -- Figures -----------------------------------------------------------------------------
def test_figures_wrong_total_names_cell_both_values_and_item(m000):
    m000.notes.values["change_reason"] = "2024年支出预算604.18万元，上年度项目已完成，因此较上年减少"
    [f] = run("text_figures", m000)
    assert (f.severity, f.rule, f.where) == (ERROR, "text_figures", "说明!B2")
    assert "收支总计" in f.message and "604.81万元" in f.message and "604.18万元" in f.message


def test_figures_right_total_and_stated_difference_pass(m000):
    m000.notes.values["change_reason"] = "支出预算604.81万元，比上年减少200.08万元"
    assert run("text_figures", m000) == []


def test_figures_three_public_item_stated_while_table_shows_zero(m000):
    m000.notes.values["three_public_reason"] = "因公出国（境）费1.00万元"
    [f] = run("text_figures", m000)
    assert f.severity == ERROR and f.where == "说明!B4"
    assert "因公出国（境）费" in f.message and "0元（0万元）" in f.message and "1.00万元" in f.message


def test_figures_amount_in_yuan_compared_with_yuan(m000):
    m000.notes.values["other"] = "机关运行经费487,388元"  # 48.74 万元 published
    assert run("text_figures", m000) == []
    m000.notes.values["other"] = "机关运行经费487,400元"  # rounds to 48.74 万元, but not to the 元
    [f] = run("text_figures", m000)
    assert f.severity == ERROR and "487,388元" in f.message


def test_figures_amount_matching_nothing_published_is_a_hint(m000):
    m000.notes.values["other"] = "另有往来款12.34万元。"
    [f] = run("text_figures", m000)
    assert (f.severity, f.where) == (HINT, "说明!B11") and "12.34万元" in f.message


# -- Years -------------------------------------------------------------------------------
def test_years_stale_year_is_a_hint(m000):
    m000.notes.values["other"] = "详见2022年预算。"
    [f] = run("text_years", m000)
    assert (f.severity, f.where) == (HINT, "说明!B11") and "2022年" in f.message


def test_years_history_texts_and_the_year_before_pass(m000):
    m000.unit.form.values["organization"] = "本局2001年成立。"
    m000.notes.values["other"] = "2023年项目已完成，2024年不再安排。"
    assert run("text_years", m000) == []


# -- Placeholders ------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["内设科室XX个", "共××人", "金额＿＿万元", "详见……", "【单位名称】",
                                  "此处填写原因", "比上年减少（增加）24.91万元", "增长(下降)22.63%"])
def test_placeholders_are_errors(m000, text):
    m000.notes.values["other"] = text
    [f] = run("text_placeholders", m000)
    assert (f.severity, f.where) == (ERROR, "说明!B11")


def test_placeholder_in_organization_names_the_unit_cell(m000):
    m000.unit.form.values["organization"] = "内设科室XX个。"
    [f] = run("text_placeholders", m000)
    assert f.where == "单位信息!B11" and "XX" in f.message


def test_document_numbers_in_brackets_are_not_placeholders(m000):
    m000.notes.values["other"] = "依据晋财综【2016】8号文件。"
    assert run("text_placeholders", m000) == []


# -- Direction ---------------------------------------------------------------------------
def test_direction_increase_reason_on_a_decrease(m000):
    m000.notes.values["change_reason"] = "增加的主要原因是人员调资"
    [f] = run("text_direction", m000)
    assert (f.severity, f.where) == (ERROR, "说明!B2")
    assert "增加" in f.message and "减少 2,000,800元（200.08万元）" in f.message


def test_direction_reason_on_unchanged_figures(m000):
    m000.notes.values["three_public_reason"] = "因公务用车增加，因此相应增加"
    [f] = run("text_direction", m000)
    assert f.where == "说明!B4" and "没有变化" in f.message


def test_direction_matching_reason_passes(m000):
    m000.notes.values["gpb_reason"] = "人员调资，因此较上年增加"  # 增加92.92万元
    assert run("text_direction", m000) == []


# -- Percent -----------------------------------------------------------------------------
def test_percent_share_without_sign(m000):
    m000.notes.values["other"] = "基本支出占76.23"
    [f] = run("text_percent", m000)
    assert (f.severity, f.where) == (ERROR, "说明!B11") and "76.23" in f.message


def test_percent_rate_against_zero_base(m000):
    m000.last_year.values["gpb_current"] = 0
    m000.notes.values["gpb_reason"] = "新增项目，增长100%"
    [f] = run("text_percent", m000)
    assert f.where == "说明!B3" and "上年为0" in f.message


def test_percent_with_sign_and_amounts_pass(m000):
    m000.notes.values["other"] = "基本支出占76.23%，增长5万元"
    assert run("text_percent", m000) == []


# -- acceptance: `check` on the workbook, `--annotate` -----------------------------------
def _note(label: str, text: str):
    def edit(wb):
        ws = wb["说明"]
        ws.cell(row=row_of(ws, "A", label), column=2).value = text
    return edit


def _organization(wb):
    ws = wb["单位信息"]
    ws.cell(row=row_of(ws, "A", "机构设置"), column=2).value = "我单位内设科室XX个。"


PLANTED = [
    (_note("收支变动原因", "支出预算604.18万元，因此较上年减少"), "错误【说明!B2】", "604.81"),
    (_note("三公经费变动原因", "因公出国（境）费1.00万元"), "错误【说明!B4】", "因公出国（境）费"),
    (_note("收支变动原因", "增加的主要原因是人员调资"), "错误【说明!B2】", "说明的是增加的原因"),
    (_note("其他说明", "基本支出占76.23"), "错误【说明!B11】", "缺少“%”"),
    (_note("其他说明", "与2022年预算相比无变化。"), "提示【说明!B11】", "2022年"),
    (_organization, "错误【单位信息!B11】", "XX"),
]


@pytest.mark.parametrize("edit,where,words", PLANTED, ids=[p[1] + p[2] for p in PLANTED])
def test_check_reports_planted_mistake_with_its_cell(tmp_path, capsys, edit, where, words):
    path = edited(SEED000, tmp_path / "planted.xlsx", edit)
    assert main(["check", str(path)]) == (1 if where.startswith("错误") else 0)
    line = next((line for line in capsys.readouterr().out.splitlines() if where in line), "")
    assert words in line


def test_annotate_marks_text_findings(tmp_path):
    def edit(wb):
        _note("收支变动原因", "支出预算604.18万元，因此较上年减少")(wb)
        _note("其他说明", "与2022年预算相比无变化。")(wb)
    path = edited(SEED000, tmp_path / "planted.xlsx", edit)
    target = tmp_path / "标注.xlsx"
    assert main(["check", "--annotate", str(target), str(path)]) == 1
    wb = openpyxl.load_workbook(target)
    error, hint = wb["说明"]["B2"], wb["说明"]["B11"]
    assert "604.18" in error.comment.text and error.fill.fgColor.rgb.endswith("FFC7CE")
    assert "2022年" in hint.comment.text and hint.fill.fgColor.rgb.endswith("FFEB9C")



# -- 功能分类 names by year (issue 12 point 3) --------------------------------------------
def test_catalogue_names_by_year():
    from generator import classification
    assert classification.function_name("21305", 2023) == "巩固脱贫攻坚成果衔接乡村振兴"
    assert classification.function_name("21305", 2024) == "巩固脱贫衔接乡村振兴"
    assert classification.function_name("2130599", 2023) == "其他巩固脱贫攻坚成果衔接乡村振兴支出"
    assert classification.function_name("206", 2023) == classification.function_name("206", 2024) == "科学技术支出"


@pytest.mark.parametrize("year,name", [(2023, "巩固脱贫攻坚成果衔接乡村振兴"), (2024, "巩固脱贫衔接乡村振兴")])
def test_document_uses_its_own_years_names_and_the_workbooks_item_names(m000, year, name):
    m000.unit.year = year
    row = copy.deepcopy(m000.functions[0])
    row.code, row.name = "2130501", "本单位填写的项名称"
    m000.functions.append(row)
    names = {line.code: line.name for line in compute_budget(m000).lines}
    assert names["21305"] == name and names["2130501"] == "本单位填写的项名称"


def test_final_class_name_differs_from_that_years_catalogue_is_a_hint(seeds):
    model = copy.deepcopy(seeds["001"])
    model.classes[0].name = "一般公共服务"
    [f] = run("final_class_name", model)
    assert f.severity == HINT and "一般公共服务支出" in f.message and f.where == f"支出按类说明!{model.classes[0].ref('name')}"


# -- performance forms against the tables (issue 12 point 5) ------------------------------
def test_target_cost_above_the_forms_total_is_a_hint(m000):
    target = m000.targets[0]  # J残疾人就业保障金, 35,600元
    cost = copy.deepcopy(target.indicators[0])
    cost.level2, cost.level3, cost.value, cost.period = "成本指标", "缴纳成本", "≤5万元", "年度"
    target.indicators.append(cost)
    [f] = run("target_cost", m000)
    assert f.severity == HINT and "5万元" in f.message and "35,600元（3.56万元）" in f.message
    cost.value = "≤35,600元"
    assert run("target_cost", m000) == []


def test_target_fund_source_split_disagrees_with_the_project_is_a_hint(m000):
    target = m000.targets[0]
    target.year_money["local"], target.year_money["own"] = Decimal(0), Decimal(35600)
    [f] = run("target_fund_source", m000)
    assert f.severity == HINT and f.where == f"绩效目标!{target.ref('year_local')}"
    assert "0元（0万元）" in f.message and "35,600元（3.56万元）" in f.message


def test_target_department_code_differs_from_the_units_is_a_hint(m000):
    m000.targets[2].department = "056-大同市工业和信息化局[部门]"
    [f] = run("target_department", m000)
    assert f.severity == HINT and "056" in f.message and "055" in f.message
    assert f.where == f"绩效目标!{m000.targets[2].ref('department')}"


# -- the 决算 texts are checked too ----------------------------------------------------------
def test_figures_on_a_final_reason(seeds):
    model = copy.deepcopy(seeds["001"])
    model.notes.values["admin_cost_reason"] = "机关运行经费1.00万元，差旅费用支出减少"
    [f] = run("text_figures", model)
    assert f.severity == ERROR and "机关运行经费" in f.message and f.where == f"说明!{model.notes.ref('admin_cost_reason')}"


def test_direction_on_a_final_three_public_item(seeds):
    model = copy.deepcopy(seeds["001"])
    row = next(r for r in model.three_public if r.item == "公务用车运行维护费")  # 4.20 both years
    row.reason = "因车辆老化，因此维修费用增加"
    [f] = run("text_direction", model)
    assert f.where == f"三公经费!{row.ref('reason')}" and "没有变化" in f.message


def test_figures_a_forms_text_is_held_to_its_own_total(m000):
    target = m000.targets[0]  # 35,600元
    target.texts["overview"] = "项目资金35,600元，用于残疾人就业保障金。"
    assert run("text_figures", m000) == []
    target.texts["overview"] = "项目资金36,500元，用于残疾人就业保障金。"
    [f] = run("text_figures", m000)
    assert f.severity == ERROR and f.where == f"绩效目标!{target.ref('overview')}"
    assert "表号 1 的资金总额" in f.message and "35,600元" in f.message and "36,500元" in f.message

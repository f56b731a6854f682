"""勾稽关系: every rule of generator.budget.checks, the reader's cell checks, `check`, `--annotate`."""
from __future__ import annotations

import copy
from decimal import Decimal

import openpyxl
import pytest
from conftest import INPUTS, SEED000, SEED003
from workbook_edits import HAN, edited, row_of

from generator import checks, kinds
from generator.budget import checks as budget_checks
from generator.cli import main
from generator.budget.compute import compute_budget
from generator.findings import ERROR, HINT, FindingsError

BUDGET_RULES = dict(checks.RULES["budget"])


@pytest.fixture(scope="module")
def seeds():
    return {"000": kinds.read(SEED000)[0], "003": kinds.read(SEED003)[0]}


@pytest.fixture
def m000(seeds):
    return copy.deepcopy(seeds["000"])


@pytest.fixture
def m003(seeds):
    return copy.deepcopy(seeds["003"])


def run(name, model):
    return list(BUDGET_RULES[name](model, compute_budget(model)))


def only(findings, severity=ERROR):
    """The single finding of `severity`; fails if there are others of it."""
    matching = [f for f in findings if f.severity == severity]
    assert len(matching) == 1, matching
    return matching[0]


def by_code(rows, code):
    return next(r for r in rows if r.code == code)


# -- the rules run on both bundled examples without an error ------------------------------
@pytest.mark.parametrize("name", sorted(BUDGET_RULES))
@pytest.mark.parametrize("seed", ["000", "003"])
def test_rule_passes_on_bundled_examples(seeds, seed, name):
    model = copy.deepcopy(seeds[seed])
    assert not [f for f in run(name, model) if f.severity == ERROR]


# -- one test (at least) per rule ---------------------------------------------------------
def test_function_code_seven_digits(m000):
    m000.functions[0].code = "206010"
    f = only(run("function_code", m000))
    assert (f.sheet, f.cell) == ("收支科目", "A2") and "7位" in f.message


def test_function_code_class_must_be_a_budget_class(m000):
    m000.functions[0].code = "9990101"
    f = only(run("function_code", m000))
    assert f.cell == "A2" and "999" in f.message


def test_function_unknown_kuan_cannot_be_named(m000):
    m000.functions[0].code = "2068801"  # 类 206 exists, 款 20688 does not
    f = only(run("function_unknown", m000))
    assert (f.sheet, f.cell) == ("收支科目", "A2") and "20688" in f.message


def test_function_name_differs_from_catalogue_is_a_hint(m000):
    m000.functions[0].name = "行政运转"
    f = only(run("function_name", m000), HINT)
    assert f.cell == "B2" and "行政运行" in f.message and "行政运转" in f.message


def test_function_name_same_code_two_names_is_a_hint(m000):
    extra = copy.deepcopy(m000.functions[1])  # 2060199, entered again from 单位资金
    extra.source, extra.row, extra.name = "单位资金", 11, "其他科技管理支出"
    extra.cells = {k: f"{v[0]}11" for k, v in extra.cells.items()}
    m000.functions.append(extra)
    f = only(run("function_name", m000), HINT)
    assert f.cell == "B11" and "第3行" in f.message and f.related == ("收支科目!B3",)


def test_function_explanation_two_rows_of_one_item_disagree(m000):
    extra = copy.deepcopy(m000.functions[1])  # 2060199, entered again from 单位资金
    extra.source, extra.row = "单位资金", 11
    extra.cells = {k: f"{v[0]}11" for k, v in extra.cells.items()}
    extra.cells["reason"] = "I11"
    m000.functions[1].cells["reason"] = "I3"
    m000.functions[1].reason, extra.reason = "任务增加", "任务减少"
    m000.functions.append(extra)
    f = only(run("function_explanation", m000))
    assert (f.sheet, f.cell) == ("收支科目", "I11") and f.related == ("收支科目!I3",)
    assert "“任务增加”" in f.message and "“任务减少”" in f.message
    extra.reason = "任务增加"  # the same text twice is fine
    assert run("function_explanation", m000) == []


def test_economic_code_five_digits(m000):
    m000.economic[0].code = "3010"
    f = only(run("economic_code", m000))
    assert (f.sheet, f.cell) == ("经济科目", "A2")


def test_economic_code_unknown_class_is_an_error(m000):
    m000.economic[0].code = "40101"
    f = only(run("economic_code", m000))
    assert f.cell == "A2" and "401" in f.message


def test_economic_name_differs_from_catalogue_is_a_hint(m000):
    m000.economic[0].name = "基础工资"
    f = only(run("economic_name", m000), HINT)
    assert (f.sheet, f.cell) == ("经济科目", "B2") and "基本工资" in f.message


def test_economic_total_names_both_amounts_in_yuan_and_wan(m000):
    by_code(m000.economic, "30101").personnel += 10000
    f = only(run("economic_total", m000))
    assert f.sheet == "经济科目" and f.cell.startswith("D2:")
    assert "5,197,125元（519.71万元）" in f.message and "5,187,125元（518.71万元）" in f.message
    assert "10,000元（1.00万元）" in f.message
    assert "收支科目!E2" in f.related  # the 基本支出 it was compared with


def test_three_public_economic_vehicle_not_less_than_item_30231(m000):
    row = next(r for r in m000.three_public if r.item == "公务用车运行维护费")
    row.gpb = Decimal(30000)
    f = only(run("three_public_economic", m000))
    assert (f.sheet, f.cell) == ("三公经费", "B5")
    assert "30,000元（3.00万元）" in f.message and "35,000元（3.50万元）" in f.message
    assert "经济科目!E16" in f.related


def test_three_public_economic_more_than_item_is_fine(m000):
    next(r for r in m000.three_public if r.item == "公务用车运行维护费").gpb = Decimal(50000)
    assert run("three_public_economic", m000) == []


def test_projects_total_by_source_and_period(m000):
    m000.projects[0].gpb += 100
    f = only(run("projects_total", m000))
    assert f.sheet == "项目支出" and f.cell == "D2:D12"
    assert "当年预算" in f.message and "一般公共预算" in f.message
    assert "收支科目!F3" in f.related


def test_projects_total_carried_over_is_checked_separately(m000):
    m000.projects[0].period = "上年结转"
    errors = run("projects_total", m000)
    assert {("上年结转" in f.message) for f in errors} == {True, False}


def test_target_amount_equals_project_amount(m000):
    m000.targets[0].year_money["total"] += 1
    f = only(run("target_amount", m000))
    assert (f.sheet, f.cell) == ("绩效目标", "N2")  # 年度资金总额 of form 1
    assert "35,601元" in f.message and "35,600元" in f.message


def test_target_project_published_project_needs_a_form(m000):
    m000.targets = [t for t in m000.targets if t.name != "J科技活动周经费"]
    f = only(run("target_project", m000))
    assert f.sheet == "项目支出" and f.cell.startswith("K") and "J科技活动周经费" in f.message


def test_target_project_own_form_needs_a_project(m000):
    m000.targets[1].name = "J科技活动周"
    errors = [f for f in run("target_project", m000) if f.severity == ERROR]
    assert {f.sheet for f in errors} == {"绩效目标", "项目支出"}


def test_target_project_other_units_form_is_a_hint(m000):
    # Seed 000's seventh form belongs to a subordinate unit.
    findings = run("target_project", m000)
    f = only(findings, HINT)
    assert not [x for x in findings if x.severity == ERROR]
    assert (f.sheet, f.cell) == ("绩效目标", "D8") and "大同市科学技术情报研究所" in f.message


def test_target_project_form_of_unpublished_project_is_a_hint(m000):
    next(p for p in m000.projects if p.name == "J科技活动周经费").published = False
    hints = [f for f in run("target_project", m000) if f.sheet == "项目支出"]
    assert len(hints) == 1 and hints[0].severity == HINT


def test_target_splits_add_up(m000):
    m000.targets[0].year_money["local"] -= 600
    f = only(run("target_splits", m000))
    assert (f.sheet, f.cell) == ("绩效目标", "N2") and "年度" in f.message
    assert "35,000元" in f.message


def test_admin_cost_nature_only_admin_units_publish_it(m000):
    m000.unit.nature = "事业单位"
    findings = run("admin_cost_nature", m000)
    assert [f.severity for f in findings] == [HINT, HINT]
    assert findings[0].where == "上年数!B5" and "481,700元（48.17万元）" in findings[0].message
    assert findings[1].where == "说明!B5"


def test_admin_cost_nature_quiet_for_public_institution_with_zero(m003):
    assert run("admin_cost_nature", m003) == []


def test_income_change_reason_needed_when_totals_change(m000):
    m000.notes.values["change_reason"] = None
    f = only(run("income_change_reason", m000))
    assert f.where == "说明!B2"
    assert f.message.startswith("收支总计 6,048,118元（604.81万元），上年 8,048,900元（804.89万元），比上年减少 200.08万元")


def test_income_change_reason_not_needed_when_unchanged(m000):
    m000.notes.values["change_reason"] = None
    m000.last_year.values["income_total"] = m000.last_year.values["expense_total"] = Decimal(6048100)
    assert run("income_change_reason", m000) == []


def test_admin_cost_change_reason_needed_when_it_changes(m000):
    m000.notes.values["admin_cost_reason"] = None
    f = only(run("admin_cost_change_reason", m000))
    assert f.where == "说明!B5" and "增加 0.57万元" in f.message


def test_three_public_change_reason_needed_when_total_changes(m000):
    next(r for r in m000.three_public if r.item == "公务接待费").gpb = Decimal(5000)
    f = only(run("three_public_change_reason", m000))
    assert f.where == "说明!B4" and "40,000元（4.00万元）" in f.message


def test_economic_rounding_is_a_hint_naming_both_figures(m000):
    findings = run("economic_rounding", m000)
    assert findings and all(f.severity == HINT for f in findings)
    salary = findings[0]
    assert salary.where == "经济科目!A2" and "365.82万元" in salary.message and "365.81万元" in salary.message
    assert "尾数误差" in salary.message and "原样公开" in salary.message


def test_economic_rounding_quiet_when_items_add_up(m000):
    for row in m000.economic:
        row.personnel, row.public = row.personnel.quantize(Decimal("1E+4")), row.public.quantize(Decimal("1E+4"))
    assert run("economic_rounding", m000) == []


def test_money_unit_wan_total_beyond_a_million_wan(m000):
    """元 figures in a 万元 workbook: "预算收入总计6048118.00万元" must not publish."""
    m000.unit.money_unit = "万元"
    for row in m000.functions:
        row.basic, row.project = row.basic * 10000, row.project * 10000
    f = only(run("money_unit", m000))
    assert (f.sheet, f.cell) == ("单位信息", "B8")
    assert "收入总计为 6048118.00万元（超过100万万元）" in f.message


def test_money_unit_quiet_for_a_real_wan_workbook(m000):
    m000.unit.money_unit = "万元"  # the model holds 元 either way: the same facts
    assert run("money_unit", m000) == []


def test_money_unit_last_year_ten_thousand_times_off(m000):
    m000.last_year.values["income_total"] = Decimal("804.89")
    f = only(run("money_unit", m000))
    assert (f.cell, f.related) == ("B8", ("上年数!B2",))
    assert "是“上年数”中上年收入总计 804.89元（0.08万元）的 7514 倍" in f.message


def test_money_unit_target_form_in_wan(m000):
    m000.targets[0].year_money["total"] = Decimal("3.56")
    f = only(run("money_unit", m000))
    assert f.related == ("项目支出!A9", "绩效目标!N2")
    assert "绩效目标表的金额很可能是按万元填写的" in f.message


def test_every_rule_has_its_own_test():
    # Each rule's tests are named test_<rule name>_… (the text rules' in test_checks_text)
    untested = [name for name, fn in BUDGET_RULES.items() if fn.__module__ == budget_checks.__name__
                and not any(g.startswith(f"test_{name}_") for g in globals())]
    assert not untested


def test_rules_declare_their_kinds():
    @checks.rule("only_final", kinds=("final",))
    def only_final(model, fig):
        return []

    try:
        assert ("only_final", only_final) in checks.RULES["final"]
        assert "only_final" not in dict(checks.RULES["budget"])
    finally:
        checks.RULES["final"].remove(("only_final", only_final))


# -- the reader's per-cell checks ---------------------------------------------------------
def _reader_findings(tmp_path, edit):
    path = edited(SEED000, tmp_path / "edited.xlsx", edit)
    with pytest.raises(FindingsError) as exc:
        kinds.read(path)
    return exc.value.findings


def test_negative_amount_names_the_cell(tmp_path):
    def edit(wb):
        wb["经济科目"]["D2"] = -1
    f = only(_reader_findings(tmp_path, edit))
    assert (f.rule, f.where) == ("negative_amount", "经济科目!D2")


@pytest.mark.parametrize("unit, value, ok", [
    ("元", 1281134.01, True), ("元", 1281134.001, False),
    ("万元", 128.11, True), ("万元", 128.111, False),
])
def test_money_precision_two_decimals_in_either_unit(tmp_path, unit, value, ok):
    def edit(wb):
        form = wb["单位信息"]
        form.cell(row=row_of(form, "A", "金额单位"), column=2, value=unit)
        wb["经济科目"]["D2"] = value
    path = edited(SEED000, tmp_path / "edited.xlsx", edit)
    try:
        findings = kinds.read(path)[1]
    except FindingsError as exc:
        findings = exc.findings
    precision = [f for f in findings if f.rule == "money_precision"]
    assert (not precision) == ok
    if not ok:
        assert precision[0].where == "经济科目!D2" and unit in precision[0].message


def test_duplicate_rows_are_found_once_by_the_reader(tmp_path):
    def edit(wb):
        ws = wb["收支科目"]
        ws.append([c.value for c in ws[2]])
    f = only(_reader_findings(tmp_path, edit))
    assert f.rule == "duplicate_row" and f.sheet == "收支科目" and "第2行" in f.message


def test_empty_last_year_figure_names_its_cell(tmp_path):
    def edit(wb):
        wb["上年数"]["B2"] = None
    f = only(_reader_findings(tmp_path, edit))
    assert (f.rule, f.where) == ("required", "上年数!B2") and "上年收入总计" in f.message


@pytest.mark.parametrize("label", ["职责", "机构设置"])
def test_required_texts_are_not_empty(tmp_path, label):
    def edit(wb):
        ws = wb["单位信息"]
        ws.cell(row=row_of(ws, "A", label), column=2, value="   ")
    f = only(_reader_findings(tmp_path, edit))
    assert f.rule == "required" and f.sheet == "单位信息" and label in f.message


def test_text_in_number_cell_is_reported_once(tmp_path):
    def edit(wb):
        wb["上年数"]["B2"] = "八百万"
    f = only(_reader_findings(tmp_path, edit))
    assert (f.rule, f.where) == ("not_a_number", "上年数!B2")


# -- acceptance: the `check` command -------------------------------------------------------
@pytest.mark.parametrize("path", sorted(INPUTS.glob("*.xlsx")), ids=lambda p: p.stem)
def test_bundled_workbooks_check_clean(capsys, path):
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "0 个错误" in out and "错误【" not in out


def _raise_salary(wb):
    ws = wb["经济科目"]
    ws.cell(row=row_of(ws, "A", "30101"), column=4).value += 10000


def _lower_vehicle(wb):
    ws = wb["三公经费"]
    ws.cell(row=row_of(ws, "A", "公务用车运行维护费"), column=2).value = 30000


def test_check_salary_raised_names_sheet_and_cell(tmp_path, capsys):
    path = edited(SEED000, tmp_path / "salary.xlsx", _raise_salary)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "错误【经济科目!D2:E21】" in out and "10,000元（1.00万元）" in out


def test_check_vehicle_lowered_names_the_three_public_row(tmp_path, capsys):
    path = edited(SEED000, tmp_path / "vehicle.xlsx", _lower_vehicle)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "错误【三公经费!B5】" in out and "30231" in out


def test_annotate_writes_results_sheet_and_cell_comment(tmp_path, capsys):
    path = edited(SEED000, tmp_path / "vehicle.xlsx", _lower_vehicle)
    target = tmp_path / "out" / "标注.xlsx"
    assert main(["check", "--annotate", str(target), str(path)]) == 1
    assert "已写出标注文件" in capsys.readouterr().out
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[-1] == "校验结果" and wb.active.title == "校验结果"
    rows = list(wb["校验结果"].iter_rows(min_row=2, values_only=True))
    assert ("错误", "三公经费", "B5") in [r[1:4] for r in rows]
    cell = wb["三公经费"]["B5"]
    assert "30231" in cell.comment.text and cell.fill.fgColor.rgb.endswith("FFC7CE")
    related = wb["经济科目"]["E16"]  # the economic item it was compared with
    assert "三公经费!B5" in related.comment.text
    hint = wb["绩效目标"]["D8"]
    assert hint.fill.fgColor.rgb.endswith("FFEB9C")
    assert wb["三公经费"]["B5"].value == 30000  # data untouched
    assert not list(target.parent.glob(".~*"))  # no temporary file left behind


def test_annotate_of_a_clean_workbook_says_so(tmp_path):
    target = tmp_path / "clean.xlsx"
    assert main(["check", "--annotate", str(target), str(SEED003)]) == 0
    rows = list(openpyxl.load_workbook(target)["校验结果"].iter_rows(min_row=2, values_only=True))
    assert rows and all(r[1] == HINT for r in rows)


def test_annotate_refuses_to_overwrite_the_workbook(tmp_path, capsys):
    path = edited(SEED000, tmp_path / "x.xlsx", lambda wb: None)
    before = path.read_bytes()
    assert main(["check", "--annotate", str(path), str(path)]) == 2
    assert HAN.search(capsys.readouterr().err) and path.read_bytes() == before


def test_build_writes_nothing_when_check_finds_an_error(tmp_path, capsys):
    path = edited(SEED000, tmp_path / "vehicle.xlsx", _lower_vehicle)
    out = tmp_path / "out"
    assert main(["build", str(path), "-o", str(out), "--format", "docx"]) == 1
    assert "三公经费!B5" in capsys.readouterr().err
    assert not any(out.rglob("*"))


def test_project_same_name_rule_on_a_model(m000):
    m000.projects[1].name = m000.projects[0].name
    f = only(run("project_same_name", m000), HINT)
    assert f.where == "项目支出!A3" and f.related == ("项目支出!A2",)

"""Year to year: `init --from` last year's workbook (or, for a 决算, the year's 预算), and
`check|build --previous` comparing the carried figures with the files they came from."""
from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import SEED000, SEED001
from generator.build import PIPELINES, prepare
from generator.cli import main
from generator.findings import ERROR, HINT, FindingsError
from generator.kinds import read
from workbook_edits import edited, row_of


def _init(tmp_path, name, *args) -> object:
    target = tmp_path / name
    assert main(["init", *args, str(target)]) == 0
    return target


@pytest.fixture(scope="module")
def budget2025(tmp_path_factory):
    return _init(tmp_path_factory.mktemp("y2y"), "2025预算.xlsx", "--from", str(SEED000))


@pytest.fixture(scope="module")
def final_from_budget(tmp_path_factory):
    folder = tmp_path_factory.mktemp("y2y")
    made = _init(folder, "2024决算.xlsx", "--kind", "final", "--from", str(SEED000))
    # No 2023 决算 was given, so the required 上年数 are blank: the accountant enters them.
    assert read_errors(made) == [f"上年数!B{r}" for r in range(2, 7)]

    def enter(wb):
        for r in range(2, 7):
            wb["上年数"].cell(row=r, column=2, value=0)

    return edited(made, folder / "2024决算-上年数.xlsx", enter)


def read_errors(path) -> list[str]:
    with pytest.raises(FindingsError) as exc:
        read(path)
    return [f.where for f in exc.value.findings if f.severity == ERROR]


@pytest.fixture(scope="module")
def final2025(tmp_path_factory):
    return _init(tmp_path_factory.mktemp("y2y"), "2025决算.xlsx", "--from", str(SEED001))


def _findings(path, previous, rule):
    try:
        findings = prepare(path, [previous])[2]
    except FindingsError as exc:
        findings = exc.findings
    return [f for f in findings if f.rule == rule]


def test_budget_2025_from_the_2024_example(budget2025):
    last, _ = read(SEED000)
    context = PIPELINES["budget"].context(last, PIPELINES["budget"].compute(last))
    model, _ = read(budget2025)
    unit = model.unit
    assert (unit.year, unit.kind, unit.name) == (2025, "budget", "大同市科学技术局")
    assert unit.duties == last.unit.duties and "科学技术" in unit.duties
    assert unit.organization == last.unit.organization and unit.organization
    assert (unit.department, unit.nature, unit.profile) == (
        last.unit.department, last.unit.nature, last.unit.profile)
    entered = model.last_year
    assert entered.money("income_total") == context["收入总计"] == Decimal("6048118")  # 604.81万元
    assert entered.money("expense_total") == context["支出总计"]
    assert entered.money("gpb_current") == context["一般公共预算当年"] == Decimal("6048118")
    assert entered.money("admin_cost") == context["机关运行经费"] == Decimal("487388")  # 48.74万元
    three = {row.item: row.last_year for row in model.three_public}
    assert three == {"因公出国（境）费": 0, "公务接待费": 0, "公务用车购置费": 0,
                     "公务用车运行维护费": Decimal("35000")}
    # This year's amounts and the reasons are left to be entered.
    assert model.functions == [] and model.economic == [] and model.projects == []
    assert all(row.gpb == 0 for row in model.three_public)
    assert model.notes.get("change_reason") is None
    assert model.assets.get("as_of") == "2024年12月31日"


def test_previous_passes_the_carried_figures(budget2025):
    assert _findings(budget2025, SEED000, "previous_year") == []


def test_previous_catches_a_wrong_last_year_figure(budget2025, tmp_path, capsys):
    def plant(wb):
        wb["上年数"]["B2"] = 6048000  # 604.80万元 instead of 604.81
        ws = wb["三公经费"]
        ws[f"E{row_of(ws, 'A', '公务用车运行维护费')}"] = 30000

    wrong = edited(budget2025, tmp_path / "wrong.xlsx", plant)
    found = _findings(wrong, SEED000, "previous_year")
    assert [(f.severity, f.sheet, f.cell) for f in found] == [
        (ERROR, "上年数", "B2"), (ERROR, "三公经费", "E5")]
    income = found[0].message
    assert "6,048,000元（604.80万元）" in income and "6,048,118元（604.81万元）" in income
    assert "上年数!B2" in income and "收支科目!E2:F" in income and SEED000.name in income
    assert "三公经费!B5:D5" in found[1].message  # last year's row of 公务用车运行维护费
    # The command line says the same and fails.
    assert main(["check", str(wrong), "--previous", str(SEED000)]) == 1
    out = capsys.readouterr().out
    assert "错误【上年数!B2】“上年收入总计”填写为 6,048,000元" in out
    # build refuses it too.
    assert main(["build", str(wrong), "--previous", str(SEED000), "-o", str(tmp_path / "out"),
                 "--format", "docx", "--jobs", "1"]) == 1


def test_an_explained_adjustment_is_a_hint(budget2025, tmp_path):
    def adjust(wb):
        wb["上年数"]["B2"] = 6048000
        wb["上年数"]["D2"] = "机构改革，划出职能口径调整"

    adjusted = edited(budget2025, tmp_path / "adjusted.xlsx", adjust)
    found = _findings(adjusted, SEED000, "previous_year")
    assert [(f.severity, f.sheet, f.cell) for f in found] == [(HINT, "上年数", "D2")]
    assert "机构改革，划出职能口径调整" in found[0].message


def test_final_from_the_budget_carries_its_budget(final_from_budget):
    budget, _ = read(SEED000)
    figures = PIPELINES["budget"].compute(budget)
    model, _ = read(final_from_budget)
    assert (model.unit.year, model.unit.kind) == (2024, "final")
    assert model.unit.profile == "shuozhou-2024-final"  # the built-in 决算 template
    assert model.unit.scope == budget.unit.scope.replace("预算公开", "决算公开")
    opening = {row.code: row.budget for row in model.classes}
    assert opening == {code: a.sum(sources=("一般公共预算",)) for code, a in figures.classes.items()}
    assert opening["206"] == Decimal("3921305")  # 392.13万元, the budget's 科学技术支出
    assert sum(opening.values()) == Decimal("6048118")  # 604.81万元
    assert {r.item: r.budget for r in model.three_public}["公务用车运行维护费"] == Decimal("35000")
    assert _findings(final_from_budget, SEED000, "year_budget") == []


def test_previous_catches_a_wrong_opening_budget(final_from_budget, tmp_path):
    wrong = edited(final_from_budget, tmp_path / "wrong.xlsx",
                   lambda wb: wb["支出按类说明"].cell(row=2, column=3, value=3900000))
    found = _findings(wrong, SEED000, "year_budget")
    assert [(f.severity, f.sheet, f.cell) for f in found] == [(ERROR, "支出按类说明", "C2")]
    assert "206 科学技术支出 年初预算数" in found[0].message and "收支科目!" in found[0].message


def test_final_2025_from_the_2024_final(final2025):
    last, _ = read(SEED001)
    context = PIPELINES["final"].context(last, PIPELINES["final"].compute(last))
    model, _ = read(final2025)
    assert (model.unit.year, model.unit.kind, model.unit.duties) == (2025, "final", last.unit.duties)
    ly = model.last_year
    assert ly.money("income_total") == context["收入总计"] == Decimal("5139810")
    assert ly.money("fiscal_expense_total") == context["财政拨款"]["支出总计"] == Decimal("5129810")
    assert ly.money("admin_cost") == context["机关运行经费"]
    classes = {row.code: row.last_year for row in model.classes}
    assert classes == {c["编码"]: c["决算"] for c in context["一般公共预算"]["按类"] if c["决算"]}
    assert {r.item: r.last_year for r in model.three_public}["公务用车运行维护费"] == Decimal("42000")
    assert model.overall.get("contact") == last.overall.get("contact") and model.overall.get("contact")
    assert all(row.use == "" and row.reason == "" for row in model.classes)
    assert _findings(final2025, SEED001, "previous_year") == []


def test_sources_that_do_not_fit(tmp_path, capsys):
    assert main(["init", "--kind", "budget", "--from", str(SEED001), str(tmp_path / "a.xlsx")]) == 2
    assert "只能从上年的预算填报表开始" in capsys.readouterr().err
    assert not (tmp_path / "a.xlsx").exists()
    # A budget of another year is no source for the check either.
    found = _findings(SEED000, SEED001, "previous_file")
    assert len(found) == 1 and "2024年度决算填报表" in found[0].message


def test_a_source_with_errors_is_refused(tmp_path, capsys):
    broken = edited(SEED000, tmp_path / "broken.xlsx", lambda wb: wb["上年数"].cell(2, 2, "很多"))
    assert main(["init", "--from", str(broken), str(tmp_path / "new.xlsx")]) == 1
    assert "上年数!B2" in capsys.readouterr().err


def test_workbooks_without_the_adjustment_column_still_read(budget2025, tmp_path):
    def drop(wb):
        for name in ("三公经费", "上年数"):
            ws = wb[name]
            for cell in ws[1]:
                if cell.value == "调整说明":
                    ws.delete_cols(cell.column)
                    break
            else:
                raise AssertionError(f"{name} has no 调整说明 column")

    old = edited(budget2025, tmp_path / "old.xlsx", drop)
    model, _ = read(old)
    assert model.last_year.adjustments == {} and all(r.adjustment == "" for r in model.three_public)
    assert model.last_year.money("income_total") == Decimal("6048118")
    assert _findings(old, SEED000, "previous_year") == []


def test_final_from_last_final_and_this_years_budget(tmp_path, capsys):
    # A 2023 决算 (the 2024 example, re-dated) and the 2024 预算 together start the 2024 决算.
    final2023 = edited(SEED001, tmp_path / "2023决算.xlsx",
                       lambda wb: wb["单位信息"].cell(row=row_of(wb["单位信息"], "A", "年度"),
                                                   column=2, value=2023))
    made = _init(tmp_path, "2024决算.xlsx", "--kind", "final", "--from", str(final2023),
                 "--from", str(SEED000))
    model, _ = read(made)
    assert (model.unit.year, model.unit.name) == (2024, "朔州市科学技术局")  # the unit of the 决算
    assert model.last_year.money("income_total") == Decimal("5139810")  # from the 决算
    by_code = {row.code: row for row in model.classes}
    assert by_code["206"].budget == Decimal("3921305")  # from the 预算
    assert by_code["206"].last_year == Decimal("3561300")  # from the 决算
    for previous, rule in ((final2023, "previous_year"), (SEED000, "year_budget")):
        assert _findings(made, previous, rule) == []
    # Sources of years that do not meet are refused.
    assert main(["init", "--kind", "final", "--from", str(SEED001), "--from", str(SEED000),
                 str(tmp_path / "x.xlsx")]) == 2
    assert "年度对不上" in capsys.readouterr().err

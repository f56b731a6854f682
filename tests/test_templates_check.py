"""`disclosure templates check` from the finance office's side (issue 13 point 7)."""
from __future__ import annotations

import pytest

from generator.cli import main
from generator.templates_cmd import check_templates

PROFILE = "datong-2024-budget"


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_shipped_profiles_have_no_problem(exported, capsys):
    assert main(["templates", "check", str(exported)]) == 0
    assert "检查完成：0 个问题。" in capsys.readouterr().out


def test_typo_in_a_branch_zero_data_never_reaches(exported):
    section = exported / "profiles" / PROFILE / "sections" / "other.j2"
    lines = section.read_text(encoding="utf-8").count("\n")
    # Zero data: 支出总计 equals last year's, so only the examples' figures reach the branch.
    _append(section, "{% if 比较(支出总计, 上年.支出总计).增加 %}{{ 比较(支出总计, 上年.支出总计).增家 }}{% endif %}\n"
                     "{% for c in 一般公共预算当年按类 %}{{ c.名城 }}{% endfor %}\n")
    problems, _hints, _ = check_templates(exported)
    assert len(problems) == 2, problems
    first, second = sorted(problems, key=lambda p: "名城" in p)
    assert f"other.j2 第{lines + 1}行" in first and "比较() 的结果没有“增家”" in first
    assert "可用的有：" in first and "增加" in first
    assert f"other.j2 第{lines + 2}行" in second
    assert "“名城”不存在，这里可用的有：编码、名称、金额" in second


def test_build_says_a_template_error_as_check_does(exported, tmp_path, capsys):
    from conftest import SEED000

    section = exported / "profiles" / PROFILE / "sections" / "other.j2"
    _append(section, "{% for c in 一般公共预算当年按类 %}{{ c.名城 }}{% endfor %}\n")
    line = section.read_text(encoding="utf-8").count("\n")
    assert main(["build", str(SEED000), "-o", str(tmp_path / "out"), "--templates", str(exported),
                 "--format", "docx", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert f"模板错误：{section} 第{line}行：“名城”不存在，这里可用的有：编码、名称、金额" in err
    assert "Traceback" not in err and "has no attribute" not in err


def test_each_unit_nature_is_tried(exported):
    section = exported / "profiles" / PROFILE / "sections" / "other.j2"
    # The examples are a 行政单位: only the 事业单位 variant reaches this line.
    _append(section, '{% if not 是行政单位 %}{{ 说明.不存在 }}{% endif %}\n')
    problems, _hints, _ = check_templates(exported)
    assert len(problems) == 1 and "单位性质为事业单位" in problems[0], problems


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path, text):
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize("profile, filename, old, new, message", [
    (PROFILE, "outline.yaml", "        title: 本单位职责", "        titel: 本单位职责",
     "items 中没有“titel”这一项，是不是“title”？"),
    ("datong-2023-budget", "outline.yaml", "          landscape: true", "          new_pag: true",
     "options 中没有“new_pag”这一项，是不是“new_page”？"),
    (PROFILE, "style.yaml", "line_spacing: 1.5", "line_spaceing: 1.5", "没有“line_spaceing”这一项"),
    (PROFILE, "style.yaml", "  body: 仿宋", "  bdy: 仿宋", "fonts 中没有“bdy”这一项"),
])
def test_unknown_keys_are_errors_with_file_and_line(exported, profile, filename, old, new, message):
    path = exported / "profiles" / profile / filename
    _edit(path, old, new)
    problems, _hints, _ = check_templates(exported)
    expected = f"{path} 第{_line_of(path, new.strip())}行：{message}"
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize("old, new, message", [
    ('title: "{单位名称}{年度}年度单位预算公开"', 'title: "｛单位名称｝{年度}年度单位预算公开"', "全角花括号"),
    ('        title: "{年度}年预算收支总表"', '        title: "{年度年预算收支总表"', "花括号不成对"),
    ('  table_label: "预算公开表{编号}"', '  table_label: "预算公开表｛编号｝"', "全角花括号"),
    ('  section: "{序号}、{标题}"', '  section: "{序号}、{标题"', "花括号不成对"),
])
def test_wrong_braces_in_titles_and_patterns(exported, old, new, message):
    path = exported / "profiles" / PROFILE / "outline.yaml"
    _edit(path, old, new)
    problems, _hints, _ = check_templates(exported)
    expected = f"{path} 第{_line_of(path, new.strip())}行："
    assert any(p.startswith(expected) and message in p for p in problems), problems


def test_misspelled_names_with_outline_line_and_titles(exported):
    path = exported / "profiles" / PROFILE / "outline.yaml"
    _edit(path, "      - table: fiscal_summary", "      - table: fiscal_sumary")
    _edit(path, "      - section: organization", "      - section: organisation")
    problems, _hints, _ = check_templates(exported)
    table = next(p for p in problems if "fiscal_sumary" in p)
    assert table.startswith(f"{path} 第{_line_of(path, 'fiscal_sumary')}行：")
    assert "是不是“fiscal_summary”？" in table and "income（预算收入总表）" in table
    section = next(p for p in problems if "organisation" in p)
    assert section.startswith(f"{path} 第{_line_of(path, 'organisation')}行：")
    assert "是不是“organization”？" in section


def test_section_about_a_table_no_longer_in_the_outline_is_a_hint(exported, capsys):
    path = exported / "profiles" / PROFILE / "outline.yaml"
    text = path.read_text(encoding="utf-8")
    block = next(b for b in text.split("      - ") if b.startswith("table: three_public"))
    path.write_text(text.replace("      - " + block, ""), encoding="utf-8")
    assert main(["templates", "check", str(exported)]) == 0  # a hint stops nothing
    captured = capsys.readouterr()
    line = _line_of(path, "section: three_public")
    assert f"提示：{path} 第{line}行：说明““三公”经费增减变动原因说明”讲的是报表 three_public" in captured.err
    assert "检查完成：0 个问题，1 个提示。" in captured.out


def test_variable_list_shows_list_items_and_comparison_fields(exported, capsys):
    main(["templates", "check", str(exported)])
    out = capsys.readouterr().out
    budget, final = out.split("【决算说明模板可用的变量】")
    assert "【预算说明模板可用的变量】" in budget
    assert "一般公共预算当年按类：列表，每项有 编码、名称、金额" in budget
    assert "收入构成：列表，每项有 名称、金额" in final and "收入构成" not in budget
    assert "比较(本年, 上年) 的结果有：表述、幅度、增减、升降、差额、比率、相同、增加、减少、基准" in final

"""`disclosure templates check` from the finance office's side (issue 13 point 7)."""
from __future__ import annotations

import pytest

from generator.cli import main
from generator.templates_cmd import check_templates

PROFILE = "datong-2024-budget"


@pytest.fixture()
def exported(tmp_path):
    folder = tmp_path / "tpl"
    assert main(["templates", "export", str(folder)]) == 0
    return folder


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
    problems, _ = check_templates(exported)
    assert len(problems) == 2, problems
    first, second = sorted(problems, key=lambda p: "名城" in p)
    assert f"other.j2 第{lines + 1}行" in first and "比较() 的结果没有“增家”" in first
    assert "可用的有：" in first and "增加" in first
    assert f"other.j2 第{lines + 2}行" in second
    assert "“名城”不存在，这里可用的有：编码、名称、金额" in second


def test_each_unit_nature_is_tried(exported):
    section = exported / "profiles" / PROFILE / "sections" / "other.j2"
    # The examples are a 行政单位: only the 事业单位 variant reaches this line.
    _append(section, '{% if not 是行政单位 %}{{ 说明.不存在 }}{% endif %}\n')
    problems, _ = check_templates(exported)
    assert len(problems) == 1 and "单位性质为事业单位" in problems[0], problems

"""Real-world rows (issue 12 point 2): same-name projects, no 公开范围, no 项目类别."""
from __future__ import annotations

from conftest import SEED000, docx_lines
from workbook_edits import edited, row_of

from generator.build import build_one
from generator.cli import main


def _rename_second_project(wb):
    ws = wb["项目支出"]
    ws["A3"] = ws["A2"].value  # same name, other amount


def _copy_first_project(wb):
    ws = wb["项目支出"]
    for col in range(1, 12):
        ws.cell(row=3, column=col).value = ws.cell(row=2, column=col).value


def test_project_same_name_other_amount_is_a_hint(tmp_path, capsys):
    path = edited(SEED000, tmp_path / "same.xlsx", _rename_second_project)
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "提示【项目支出!A3】项目“J局机关电费”在第2行和第3行各填了一次" in out
    assert "16,980元（1.70万元） 和 18,816元（1.88万元）" in out


def test_project_identical_in_every_column_is_a_duplicate(tmp_path, capsys):
    path = edited(SEED000, tmp_path / "dup.xlsx", _copy_first_project)
    assert main(["check", str(path)]) == 1
    assert "错误【项目支出!A3】第3行与第2行重复（各列都相同）" in capsys.readouterr().out


def _blank_scope_and_categories(wb):
    ws = wb["单位信息"]
    ws.cell(row=row_of(ws, "A", "公开范围"), column=2).value = None
    projects = wb["项目支出"]
    for row in range(2, projects.max_row + 1):
        projects.cell(row=row, column=9).value = None


def test_scope_and_project_category_may_be_left_blank(tmp_path, capsys):
    path = edited(SEED000, tmp_path / "blank.xlsx", _blank_scope_and_categories)
    assert main(["check", str(path)]) == 0
    docx = build_one(path, tmp_path / "out", formats=("docx",)).outputs[0]
    text = "\n".join(docx_lines(docx))
    assert "仅包含" not in text and "None" not in text
    assert ("纳入绩效目标管理的二级项目11个，共计金额86.10万元。项目未区分其他运转类和特定目标类。"
            "公开项目绩效目标7个") in text

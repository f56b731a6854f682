"""`disclosure init`: the blank workbook an accountant fills in."""
from __future__ import annotations

import openpyxl
import pytest

from generator.budget import schema
from generator.cli import main
from generator.workbook import HELP_SHEET, LIST_SHEET


def test_init_writes_sheets_lists_and_formats(tmp_path, capsys):
    target = tmp_path / "空白.xlsx"
    assert main(["init", "--kind", "budget", str(target)]) == 0
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[0] == HELP_SHEET
    assert [s.name for s in schema.BUDGET_SHEETS] == wb.sheetnames[1:-1]
    assert wb[LIST_SHEET].sheet_state == "hidden"
    # drop-downs point at the hidden list sheet, not inline lists
    functions = wb["收支科目"]
    formulas = {dv.formula1 for dv in functions.data_validations.dataValidation}
    assert formulas and all(f.startswith(f"'{LIST_SHEET}'!") for f in formulas)
    assert functions.freeze_panes == "A2"
    assert functions["E2"].number_format == "#,##0.00"
    assert functions["A2"].number_format == "@"  # codes stay text: 2060199 keeps its digits
    assert [c.value for c in functions[1]] == [c.header for c in schema.FUNCTION_ITEMS.columns]
    # the four 三公 rows are there to fill in
    assert [wb["三公经费"].cell(row=r, column=1).value for r in range(2, 6)] == list(
        schema.LISTS["三公项目"])
    assert wb["单位信息"]["B4"].value == "预算"


def test_init_refuses_to_overwrite(tmp_path, capsys):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"x")
    assert main(["init", str(target)]) == 2
    assert "已存在" in capsys.readouterr().err


def test_blank_workbook_is_refused_with_chinese_findings(tmp_path, capsys):
    target = tmp_path / "空白.xlsx"
    main(["init", str(target)])
    assert main(["check", str(target)]) == 1
    out = capsys.readouterr().out
    assert "单位信息!B2" in out and "必填" in out


@pytest.mark.parametrize("argv", [["-h"], ["build", "-h"], ["check", "-h"], ["templates", "-h"]])
def test_help_is_chinese(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "选项" in out and "显示本帮助并退出" in out
    assert not any(word in out for word in ("usage:", "options:", "positional arguments", "show this help"))


@pytest.mark.parametrize("kind", ["budget", "final"])
def test_init_example_checks_clean(kind, tmp_path, capsys):
    target = tmp_path / "示例.xlsx"
    assert main(["init", "--kind", kind, "--example", str(target)]) == 0
    assert main(["check", str(target)]) == 0
    assert "0 个错误" in capsys.readouterr().out

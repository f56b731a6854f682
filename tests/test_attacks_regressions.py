"""Attacks replayed on the merged product (issue 11) that still failed: each test failed
before its fix. Through the CLI where the user meets it: exit code, Chinese message naming
sheet and cell, no traceback."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from conftest import INPUTS, SEED003
from workbook_edits import edited

from generator.build import build_one
from generator.cli import main

DEPT = INPUTS / "大同市科学技术局"


def _department(tmp_path: Path, cell: str, value: str) -> Path:
    folder = tmp_path / "部门"
    shutil.copytree(DEPT, folder)
    wb = openpyxl.load_workbook(folder / "部门.xlsx")
    wb["部门"][cell] = value
    wb.save(folder / "部门.xlsx")
    return folder


def _cli(capsys, *args) -> tuple[int, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    return code, text


# -- department descriptor -------------------------------------------------------------------
@pytest.mark.parametrize("profile", ["../../../etc", "/etc/passwd", "datong 2024"])
def test_department_template_cell_holding_a_path_is_an_error_in_check(tmp_path, capsys, profile):
    folder = _department(tmp_path, "B2", profile)
    code, text = _cli(capsys, "check", folder)
    assert code == 1
    assert "错误【部门!B2】" in text and f"填写的是“{profile}”" in text
    code, text = _cli(capsys, "build", folder, "-o", tmp_path / "out", "--no-units")
    assert code == 1 and "【部门!B2】" in text
    assert not any((tmp_path / "out").glob("*部门预算公开*"))


@pytest.mark.parametrize("name, stem", [("CON", "CON_"), ("..", "未命名单位"), ("科技局*?", "科技局__")])
def test_department_name_changed_for_the_file_gets_a_hint(tmp_path, capsys, name, stem):
    folder = _department(tmp_path, "B1", name)
    code, text = _cli(capsys, "check", folder)
    assert code == 0
    assert re.search(rf"提示【部门!B1】部门名称“{re.escape(name)}”.*改用“{re.escape(stem)}”", text)
    code, text = _cli(capsys, "build", folder, "-o", tmp_path / "out", "--format", "docx", "--no-units")
    assert code == 0
    assert [p.name for p in (tmp_path / "out").iterdir()] == [f"{stem}2024年度部门预算公开.docx"]


# -- long text in a spanned table row ---------------------------------------------------------
def _numbered(length: int) -> str:
    return "".join(f"第{i}条指标说明。" for i in range(length))[:length]


@pytest.mark.parametrize("column", ["E", "F"])  # 三级指标, 指标值: rows under the 一级指标 span
def test_a_long_indicator_text_splits_across_pages_in_the_pdf(tmp_path, column):
    text = _numbered(20_000)  # the reader's limit for a text
    last = int(re.findall(r"第(\d+)条", text)[-1])

    def lengthen(wb):
        wb["绩效指标"][f"{column}2"] = text

    source = edited(SEED003, tmp_path / "long.xlsx", lengthen)
    result = build_one(source, tmp_path / "out", formats=("pdf",))
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    with pdfplumber.open(pdf) as doc:
        flat = re.sub(r"\s", "", "".join(re.sub(r"\n\d+\s*$", "", page.extract_text() or "")
                                          for page in doc.pages))
    # Every stretch is there: extraction interleaves the row's other cells with the first
    # lines, so a few numbers break apart; the last one, at the end of the last page, must not.
    numbers = {int(n) for n in re.findall(r"第(\d+)条", flat)}
    assert last in numbers and max(numbers) == last
    assert len(numbers & set(range(last + 1))) > 0.99 * (last + 1)


# -- CSV injection in the data formats --------------------------------------------------------
HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"]


def _hostile_projects(wb):
    """The first projects renamed to formulas, their 绩效目标 forms with them."""
    ws = wb["项目支出"]
    for row, name in enumerate(HOSTILE, start=2):
        old = ws.cell(row=row, column=1).value
        for cell in [ws.cell(row=row, column=1), *(c for c in wb["绩效目标"]["B"] if c.value == old)]:
            cell.value = name
            cell.data_type = "s"  # text, as typed with a leading apostrophe in Excel


def test_formula_like_text_is_inert_in_xlsx_and_csv(tmp_path, capsys):
    import csv

    source = edited(SEED003, tmp_path / "in.xlsx", _hostile_projects)
    code, _ = _cli(capsys, "build", source, "-o", tmp_path / "out", "--format", "xlsx,csv")
    assert code == 0
    book = openpyxl.load_workbook(next((tmp_path / "out").glob("*.xlsx")))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value in HOSTILE]
    assert cells and all(c.data_type == "s" for c in cells)  # strings, never formulas
    texts = [v for f in (tmp_path / "out").rglob("*.csv")
             for row in csv.reader(f.open(encoding="utf-8-sig")) for v in row]
    assert not [v for v in texts if v.startswith(("=", "+", "-", "@")) and len(v) > 1]
    for name in HOSTILE:
        assert "'" + name in texts
    assert "37.39" in texts  # amounts stay numbers (J专项业务费, 万元)


# -- check --annotate into an unusable place --------------------------------------------------
def test_annotate_through_a_file_says_why_in_chinese(tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    code, text = _cli(capsys, "check", SEED003, "--annotate", tmp_path / "afile" / "标注.xlsx")
    assert code == 2
    assert "无法写入" in text and "路径中有" in text and "File exists" not in text
    assert (tmp_path / "afile").read_text() == "x" and sorted(tmp_path.iterdir()) == [tmp_path / "afile"]


# -- a profile name longer than any file name -------------------------------------------------
def test_a_profile_name_longer_than_a_file_name_is_refused(tmp_path, capsys):
    long = "a" * 5000  # letters only: a name by its characters, too long for any file system
    code, text = _cli(capsys, "build", SEED003, "-o", tmp_path / "out", "--profile", long)
    assert code == 2 and "不超过 100 个字符" in text
    source = edited(SEED003, tmp_path / "in.xlsx", lambda wb: wb["单位信息"].__setitem__("B12", long))
    code, text = _cli(capsys, "check", source)
    assert code == 1 and "错误【单位信息!B12】" in text and "不超过 100 个字符" in text
    code, text = _cli(capsys, "build", source, "-o", tmp_path / "out")
    assert code == 1 and "【单位信息!B12】" in text
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*"))


def test_invisible_characters_in_department_names_are_stripped_with_a_hint(tmp_path, capsys):
    folder = _department(tmp_path, "B1", "大同市\u200b科学技术局")
    wb = openpyxl.load_workbook(folder / "部门.xlsx")
    wb["部门"]["B6"] = "大同市科学技术\ufeff情报研究所"  # the unit still matches its workbook
    wb.save(folder / "部门.xlsx")
    code, text = _cli(capsys, "check", folder)
    assert code == 0
    assert "提示【部门!B1】" in text and "提示【部门!B6】" in text and "不可见字符" in text
    code, text = _cli(capsys, "build", folder, "-o", tmp_path / "out", "--format", "docx", "--no-units")
    assert code == 0
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["大同市科学技术局2024年度部门预算公开.docx"]

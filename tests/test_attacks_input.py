"""Attack catalogue, number and text attacks (issue 11 points 2-5, 7): each defect planted in
the example workbook gives `check` its exit code and a Chinese message naming sheet and
cell, never a traceback; a workbook built to waste time and memory is read in bounds."""
from __future__ import annotations

import datetime
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, SEED000, SEED001, docx_lines
from openpyxl.styles import Font, PatternFill
from workbook_edits import HAN, edited, rezipped, row_of, sheet_part

from generator import kinds, reader
from generator.annotate import RESULT_SHEET, annotate
from generator.build import build_one
from generator.cli import main
from generator.findings import ERROR, Finding

LAST_ROW, LAST_COL = 1_048_576, 16_384  # Excel's limits: row 1,048,576, column XFD


def _edit(edit, source: Path = SEED000):
    return lambda tmp: edited(source, tmp / "填报表.xlsx", edit)


def _form(sheet: str, label: str, value, number_format: str | None = None, source: Path = SEED000):
    def edit(wb):
        ws = wb[sheet]
        cell = ws.cell(row=row_of(ws, "A", label), column=2, value=value)
        if number_format:
            cell.number_format = number_format
    return _edit(edit, source)


def _set(sheet: str, ref: str, value, source: Path = SEED000):
    def edit(wb):
        wb[sheet][ref] = value
        if isinstance(value, str):
            wb[sheet][ref].data_type = "s"  # text, even "=A1": openpyxl would make it a formula
    return _edit(edit, source)


def _styled_corners(wb):
    """One formatted, empty cell at the last row, the last column and both, in every sheet."""
    for ws in wb.worksheets:
        ws.cell(row=LAST_ROW, column=1).font = Font(bold=True)
        ws.cell(row=1, column=LAST_COL).fill = PatternFill("solid", fgColor="FFFF00")
        ws.cell(row=LAST_ROW, column=LAST_COL).font = Font(italic=True)
        ws.cell(row=LAST_ROW, column=3, value="  ")  # blank text is not data either


def _many_rows(wb):
    ws = wb["收支科目"]
    first = [c.value for c in ws[2]]
    for i in range(reader.MAX_ROWS + 1):
        ws.append([f"{2060101 + i}", *first[1:]])


def _hidden(wb):
    wb["收支科目"].row_dimensions[3].hidden = True
    wb["收支科目"].column_dimensions["E"].hidden = True
    wb["三公经费"].sheet_state = "hidden"


def _renamed(old: str, new: str):
    def edit(wb):
        wb[old].title = new
    return _edit(edit)


def _yuan_in_wan_workbook(wb):
    ws = wb["单位信息"]
    ws.cell(row=row_of(ws, "A", "金额单位"), column=2, value="万元")


def _wan_in_yuan_workbook(wb):
    """Every 万元-column amount entered in 万元 (as 万元 with two decimals) in a 元 workbook."""
    for name in ("收支科目", "经济科目", "三公经费", "项目支出", "政府采购", "上年数"):
        for row in wb[name].iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) and \
                        cell.column > 1 and cell.value >= 100:
                    cell.value = round(cell.value / 10000, 2)


# name -> (make input, `check` exit code, words the output must contain)
CASES = {
    "decimal_comma": (_set("经济科目", "D2", "1281,34"), 1,
                      "经济科目!D2】“人员经费”填写的“1281,34”中的逗号不是千位分隔符"),
    "scattered_commas": (_set("经济科目", "D2", "1,2,3,4"), 1, "经济科目!D2】“人员经费”填写的“1,2,3,4”中的逗号"),
    "amount_beyond_1e12": (_set("经济科目", "D2", 1e13), 1,
                           "经济科目!D2】“人员经费”填写的 10000000000000 超过上限 1,000,000,000,000元"),
    "amount_1e300": (_set("经济科目", "D2", 1e300), 1, "经济科目!D2】“人员经费”填写的 1e+300 超过上限"),
    "amount_40_digits_text": (_set("经济科目", "D2", "9" * 40), 1, "经济科目!D2】“人员经费”填写的 9999"),
    "year_1999": (_form("单位信息", "年度", 1999), 1, "单位信息!B3】“年度”填写的是 1999，应为 2000–2100"),
    "year_2101": (_form("单位信息", "年度", 2101), 1, "单位信息!B3】“年度”填写的是 2101"),
    "year_2101_final": (_form("单位信息", "年度", 2101, source=SEED001), 1, "单位信息!B3】“年度”填写的是 2101"),
    "yuan_in_wan_workbook": (_edit(_yuan_in_wan_workbook), 1,
                             "单位信息!B8】金额单位为“万元”，但收入总计为 6048118.00万元（超过100万万元）"),
    "yuan_in_wan_final": (_edit(_yuan_in_wan_workbook, SEED001), 1,
                          "单位信息!B8】金额单位为“万元”，但收入总计为"),
    "wan_in_yuan_workbook": (_edit(_wan_in_yuan_workbook), 1,
                             "单位信息!B8】金额单位为“元”，但收入总计只有 604.81元"),
    "last_year_in_wan": (_set("上年数", "B2", 804.89), 1,
                         "单位信息!B8】金额单位为“元”；收入总计 6,048,118元（604.81万元）是“上年数”中上年收入总计 "
                         "804.89元（0.08万元）的 7514 倍"),
    "last_year_in_wan_final": (_set("上年数", "B2", 510.43, SEED001), 1, "单位信息!B8】金额单位为“元”；收入总计"),
    "target_in_wan": (_set("绩效目标", "N2", 3.56), 1,
                      "单位信息!B8】金额单位为“元”；项目支出!A9 的金额读作 35,600元（3.56万元），以元填写的 绩效目标!N2 为 "
                      "3.56元，相差约1万倍：绩效目标表的金额很可能是按万元填写的"),
    "hidden_row_column_sheet": (_edit(_hidden), 0, "收支科目!A3】第3行（共 1 行）是隐藏行，但其中的内容仍会读取并公开"),
    "trailing_space_sheet": (_renamed("三公经费", "三公经费 "), 2,
                             "缺少工作表“三公经费”。工作表“三公经费 ”的名称与它相近（多了开头或末尾的空格）"),
    "renamed_sheet": (_renamed("项目支出", "项目支出（新）"), 2,
                      "缺少工作表“项目支出”。工作表“项目支出（新）”的名称与它相近（多了“（新）”）"),
    "zero_width_in_code": (_set("收支科目", "A2", "2060\u200b101"), 0,
                           "收支科目!A2】“科目编码”含有 1 个不可见字符"),
    "bidi_in_name": (_form("单位信息", "单位名称", "大同市\u202e科学技术局\u202c"), 0,
                     "单位信息!B2】“单位名称”含有 2 个不可见字符"),
}


def _run(name: str, tmp_path: Path, capsys) -> tuple[Path, str]:
    make, code, words = CASES[name]
    path = make(tmp_path)
    assert main(["check", str(path)]) == code
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert words in text, text
    assert HAN.search(text) and "Traceback" not in text
    return path, text


@pytest.mark.parametrize("name", sorted(CASES))
def test_check(tmp_path, capsys, name):
    _run(name, tmp_path, capsys)


@pytest.mark.parametrize("name", ["yuan_in_wan_workbook", "decimal_comma", "amount_1e300", "year_2101"])
def test_build_publishes_nothing(tmp_path, capsys, name):
    """"预算收入总计6048118.00万元" and its kind never reach a document."""
    make, _code, words = CASES[name]
    out = tmp_path / "out"
    assert main(["build", str(make(tmp_path)), "-o", str(out), "--format", "docx", "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    assert words in captured.out + captured.err and "Traceback" not in captured.out + captured.err
    assert not list(out.rglob("*.docx"))


def test_valid_thousands_separators_are_read(tmp_path):
    path = _set("经济科目", "D2", "1,281,134.00")(tmp_path)
    model, _ = kinds.read(path)
    assert model.economic[0].personnel == Decimal("1281134.00")


def test_a_decimal_comma_is_not_read_as_thousands(tmp_path, capsys):
    _path, text = _run("decimal_comma", tmp_path, capsys)
    assert "128134" not in text


def test_hidden_content_names_each_part(tmp_path, capsys):
    _path, text = _run("hidden_row_column_sheet", tmp_path, capsys)
    assert "提示【收支科目!E2】E列是隐藏列，但其中的内容仍会读取并公开" in text
    assert "提示【三公经费!A2】工作表“三公经费”是隐藏的，但其中的内容仍会读取并公开" in text


def test_an_untouched_workbook_has_no_hidden_hint(capsys):
    """The hidden drop-down sheet and the unused columns of the template are not data."""
    assert main(["check", str(SEED000)]) == 0
    assert "隐藏" not in capsys.readouterr().out


def test_invisible_characters_are_stripped(tmp_path):
    model, findings = kinds.read(CASES["zero_width_in_code"][0](tmp_path))
    assert model.functions[0].code == "2060101"
    assert [(f.rule, f.where) for f in findings if f.rule == "invisible_chars"] == [
        ("invisible_chars", "收支科目!A2")]


def test_invisible_characters_leave_the_name(tmp_path):
    model, _ = kinds.read(CASES["bidi_in_name"][0](tmp_path))
    assert model.unit.name == "大同市科学技术局"


def test_invisible_characters_in_a_header_and_a_label(tmp_path):
    def edit(wb):
        wb["收支科目"]["A1"] = "\ufeff科目编码"
        wb["单位信息"]["A2"] = "单位\u200d名称"
    model, _ = kinds.read(_edit(edit)(tmp_path))
    assert model.functions[0].code == "2060101"
    assert model.unit.name == "大同市科学技术局"


def test_excel_date_in_a_text_field(tmp_path):
    path = _form("国有资产", "统计截止日期", datetime.datetime(2023, 6, 30), "yyyy-mm-dd")(tmp_path)
    model, _ = kinds.read(path)
    assert model.assets.get("as_of") == "2023年6月30日"
    docx = build_one(path, tmp_path / "out", formats=("docx",)).outputs[0]
    text = "\n".join(docx_lines(docx))
    assert "截至2023年6月30日，大同市科学技术局共有公务用车编制" in text
    assert "2023-06-30" not in text


def test_percent_stays_percent(tmp_path):
    def edit(wb):
        ws = wb["绩效指标"]
        ws["F3"] = 1.0  # "100%" typed into a cell Excel formats as a percentage
        ws["F3"].number_format = "0%"
        ws["F4"] = 0.955
        ws["F4"].number_format = "0.0%"
        ws["F5"] = "100%"
        ws["F6"] = 25.0  # a plain number shows as typed, not "25.0"
        ws["F7"] = 0.0005
        ws["F7"].number_format = "0.0%"  # half-up, as every figure
        ws["F8"] = 1e300
        ws["F8"].number_format = "0%"
    model, _ = kinds.read(_edit(edit)(tmp_path))
    values = [i.value for t in model.targets for i in t.indicators][1:7]
    assert values == ["100%", "95.5%", "100%", "25", "0.1%", "1" + "0" * 302 + "%"]


def test_too_many_rows(tmp_path, capsys):
    path = _edit(_many_rows)(tmp_path)
    assert main(["check", str(path)]) == 1
    text = capsys.readouterr().out
    rows = len(kinds.read(SEED000)[0].functions) + reader.MAX_ROWS + 1
    assert f"错误【收支科目】工作表“收支科目”有 {rows:,} 行填写了内容，超过 20,000 行的上限" in text


# CPU seconds are what the workbook costs; wall seconds also count the other processes
# sharing the machine, so they only bound a hang. Peak memory is this process's VmHWM:
# ru_maxrss would carry over the pytest parent's peak across fork and exec.
PROBE = """
import json, re, sys, time
from pathlib import Path
from generator.cli import main
start, cpu = time.perf_counter(), time.process_time()
code = main(["check", sys.argv[1]])
peak = re.search(r"VmHWM:\\s*(\\d+) kB", Path("/proc/self/status").read_text())
print(json.dumps({"code": code, "cpu": time.process_time() - cpu, "seconds": time.perf_counter() - start,
                  "mb": int(peak[1]) / 1024}))
"""


def _styled_rows(tmp: Path) -> Path:
    """210,000 formatted, empty cells down column D of 说明: each costs openpyxl memory."""
    part = sheet_part(SEED000, "说明")
    rows = b"".join(b'<row r="%d"><c r="D%d" s="1"/></row>' % (r, r) for r in range(1000, 211_000))
    return rezipped(SEED000, tmp / "填报表.xlsx", lambda name, data: data.replace(
        b"</sheetData>", rows + b"</sheetData>") if name == part else data)


def _bounded(path: Path) -> dict:
    """`check` of `path` in its own process: exit code, CPU and wall seconds, peak MB."""
    proc = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)
    assert "Traceback" not in proc.stdout + proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_styled_last_row_and_column_are_cheap(tmp_path):
    result = _bounded(_edit(_styled_corners)(tmp_path))
    assert result["code"] == 0
    assert result["cpu"] < 2 and result["seconds"] < 20, result
    assert result["mb"] < 200, result


def test_many_styled_cells_are_refused_before_loading(tmp_path, capsys):
    path = _styled_rows(tmp_path)
    result = _bounded(path)
    assert result["code"] == 2
    assert result["cpu"] < 2 and result["seconds"] < 20, result
    assert result["mb"] < 200, result
    assert main(["check", str(path)]) == 2
    assert "错误【说明】填报表.xlsx 的工作表“说明”存有 210,024 个单元格（含设置了格式的空单元格）" in capsys.readouterr().err


# -- annotated copy ---------------------------------------------------------------------------
def _findings_of(path: Path, capsys) -> tuple[int, list[str]]:
    code = main(["check", str(path)])
    lines = capsys.readouterr().out.splitlines()
    return code, lines[1:]  # the first line names the file


def test_annotation_text_is_never_a_formula(tmp_path):
    target = tmp_path / "标注.xlsx"
    annotate(SEED000, target, [Finding(ERROR, "=rule", "=A1+1 不是科目编码", "=sheet", "=A1")])
    ws = openpyxl.load_workbook(target)[RESULT_SHEET]
    assert [(c.value, c.data_type) for c in ws[2][1:]] == [
        ("错误", "s"), ("=sheet", "s"), ("=A1", "s"), ("=A1+1 不是科目编码", "s"), ("=rule", "s")]


def test_annotated_copy_of_a_code_like_a_formula(tmp_path, capsys):
    source = _set("收支科目", "A2", "=A1")(tmp_path)
    target = tmp_path / "标注.xlsx"
    assert main(["check", "--annotate", str(target), str(source)]) == 1
    capsys.readouterr()
    for ws in openpyxl.load_workbook(target):
        assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    code, findings = _findings_of(target, capsys)
    assert code == 1 and "  错误【收支科目!A2】科目编码“=A1”不是7位数字。" in "\n".join(findings)
    assert (code, findings) == _findings_of(source, capsys)


def test_annotated_copy_keeps_formula_results(tmp_path, capsys):
    """A formula saved with its result, as Excel saves it: the copy keeps both, and checks the same."""
    part = sheet_part(SEED000, "经济科目")
    old, new = b'<c r="D2" s="9" t="n"><v>1281134</v></c>', b'<c r="D2" s="9"><f>1281000+134</f><v>1281134</v></c>'

    def edit(name, data):
        if name == part:
            assert old in data
            data = data.replace(old, new)
        return data

    source = rezipped(SEED000, tmp_path / "公式.xlsx", edit)
    target = tmp_path / "标注.xlsx"
    assert main(["check", "--annotate", str(target), str(source)]) == 0
    capsys.readouterr()
    assert openpyxl.load_workbook(target)["经济科目"]["D2"].value == "=1281000+134"
    assert openpyxl.load_workbook(target, data_only=True)["经济科目"]["D2"].value == 1281134
    assert _findings_of(target, capsys) == _findings_of(source, capsys)

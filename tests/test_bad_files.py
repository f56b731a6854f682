"""Bad input: each case gives one clear Chinese message, a non-zero exit, no traceback and
writes nothing, for `check`, `check --annotate` and `build`."""
from __future__ import annotations

import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED000
from workbook_edits import HAN, edited, rezipped, row_of, sheet_part

from generator import batch, kinds, safe_open
from generator.cli import main
from generator.findings import InputError

OLE_HEADER = safe_open.OLE_MAGIC + bytes(504)
_LAUGHS = ['<!ENTITY lol0 "lol">'] + [
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n' + "\n".join(_LAUGHS) + "\n]>\n"
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


def _write(data: bytes, name: str = "填报表.xlsx"):
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data)
        return path
    return make


def _edit(edit):
    return lambda tmp: edited(SEED000, tmp / "填报表.xlsx", edit)


def _set(sheet: str, cell: str, value):
    def edit(wb):
        wb[sheet][cell] = value
    return _edit(edit)


def _truncated(tmp: Path) -> Path:
    data = SEED000.read_bytes()
    return _write(data[: len(data) // 2])(tmp)


def _corrupted(tmp: Path) -> Path:
    """A member's compressed bytes overwritten: the zip directory is intact, the data is not."""
    data = bytearray(SEED000.read_bytes())
    with zipfile.ZipFile(SEED000) as zf:
        info = zf.getinfo(sheet_part(SEED000, "收支科目"))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 100: start + 600] = bytes(500)
    return _write(bytes(data))(tmp)


def _word_document(tmp: Path) -> Path:
    path = tmp / "填报表.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    return path


def _zip_bomb(tmp: Path) -> Path:
    path = tmp / "填报表.xlsx"
    rezipped(SEED000, path, lambda name, data: data)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("xl/media/image1.bin", "w") as fh:
        for _ in range(50):
            fh.write(bytes(1024 * 1024))
    return path


def _xml_bomb(padding: int):
    """Billion laughs in a sheet part; padding moves the DTD past the quick prescan."""
    def make(tmp: Path) -> Path:
        part = sheet_part(SEED000, "三公经费")
        bomb = BILLION_LAUGHS.replace("\n<!DOCTYPE", f"\n<!--{'x' * padding}-->\n<!DOCTYPE")
        return rezipped(SEED000, tmp / "填报表.xlsx",
                        lambda name, data: bomb.encode() if name == part else data)
    return make


def _merge_bomb(tmp: Path) -> Path:
    part = sheet_part(SEED000, "收支科目")
    merge = b'</sheetData><mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>'
    return rezipped(SEED000, tmp / "填报表.xlsx",
                    lambda name, data: data.replace(b"</sheetData>", merge) if name == part else data)


def _missing_sheet(wb):
    del wb["三公经费"]


def _missing_header(wb):
    wb["收支科目"]["B1"] = "名称"


def _merged(wb):
    wb["项目支出"].merge_cells("A3:B3")


def _duplicate_row(wb):
    ws = wb["收支科目"]
    ws.append([c.value for c in ws[2]])


def _huge_text(tmp: Path) -> Path:
    """A 10 MB 职责: openpyxl cuts strings at Excel's 32,767 characters, so it goes in by zip."""
    marker = "DUTIES-MARKER"  # ASCII: openpyxl writes other characters as &#...; references
    staged = edited(SEED000, tmp / "staged.xlsx", lambda wb: wb["单位信息"].cell(
        row=row_of(wb["单位信息"], "A", "职责"), column=2, value=marker))
    rng = random.Random(5)  # random text: a repeated one would be refused as a zip bomb
    text = "".join(rng.choices("预算公开单位职责机构设置科学技术管理事务支出", k=3_500_000)).encode()
    part = sheet_part(staged, "单位信息")
    return rezipped(staged, tmp / "填报表.xlsx", lambda name, data: data.replace(
        marker.encode(), text) if name == part else data)


def _unknown_kind(wb):
    ws = wb["单位信息"]
    ws.cell(row=row_of(ws, "A", "公开类型"), column=2, value="季报")


def _lock_file(tmp: Path) -> Path:
    return _write(b"\x0bAccountant" + bytes(154), "~$填报表.xlsx")(tmp)


def _directory(tmp: Path) -> Path:
    path = tmp / "填报表.xlsx"
    path.mkdir()
    return path


# name -> (make input in a folder, `check` exit code, words the message must contain)
CASES = {
    "text_renamed": (_write("这不是表格，是一段文字。\n".encode()), 2, "不是 Excel 工作簿"),
    "pdf_renamed": (_write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), 2, "PDF 文件"),
    "png_renamed": (_write(b"\x89PNG\r\n\x1a\n" + bytes(64)), 2, "不是 Excel 工作簿"),
    "old_xls": (_write(OLE_HEADER, "填报表.xls"), 2, "旧版 .xls"),
    "encrypted_ole": (_write(OLE_HEADER), 2, "打开密码"),
    "empty": (_write(b""), 2, "空文件"),
    "truncated": (_truncated, 2, "不完整"),
    "corrupted_member": (_corrupted, 2, "已损坏"),
    "zip_not_workbook": (_word_document, 2, "缺少 xl/workbook.xml"),
    "zip_bomb": (_zip_bomb, 2, "压缩炸弹"),
    "xml_entity_bomb": (_xml_bomb(0), 2, "XML 炸弹"),
    "xml_entity_bomb_late_dtd": (_xml_bomb(70_000), 2, "XML 炸弹"),
    "merge_bomb": (_merge_bomb, 2, "过大的合并单元格"),
    "missing_sheet": (_edit(_missing_sheet), 2, "缺少工作表“三公经费”"),
    "missing_header": (_edit(_missing_header), 2, "缺少表头：科目名称"),
    "merged_data_cells": (_edit(_merged), 1, "项目支出!A3:B3】A3:B3 是合并单元格"),
    "text_in_number_cell": (_set("经济科目", "D2", "一百二十八万"), 1, "经济科目!D2】“人员经费”应填写数字"),
    "formula_without_value": (_set("经济科目", "D2", "=1281134"), 2, "经济科目!D2 是公式"),
    "formula_error_value": (_set("经济科目", "D2", "#REF!"), 1, "公式错误值 #REF!"),
    "duplicate_rows": (_edit(_duplicate_row), 1, "与第2行重复"),
    "huge_text_cell": (_huge_text, 1, "“职责”有 3,500,000 个字符，超过 20,000 个字符"),
    "negative_amount": (_set("经济科目", "D2", -5), 1, "经济科目!D2】“人员经费”不能为负数"),
    "three_decimals": (_set("经济科目", "D2", 1.005), 1, "最多保留两位小数"),
    "empty_last_year_figure": (_set("上年数", "B2", None), 1, "上年数!B2】“上年收入总计”为必填项"),
    "unknown_kind": (_edit(_unknown_kind), 2, "“公开类型”只能是"),
    "excel_lock_file": (_lock_file, 2, "临时锁定文件"),
    "directory": (_directory, 2, "没有找到任何 .xlsx 填报表"),
    "missing_path": (lambda tmp: tmp / "没有这个文件.xlsx", 2, "找不到文件"),
}


UNUSABLE = sorted(name for name, (_make, code, _words) in CASES.items() if code == 2)


def _case(name: str, tmp_path: Path):
    """(bad input, `check` exit code, words of its message, output folder)."""
    make, code, words = CASES[name]
    src = tmp_path / "in"
    src.mkdir()
    return make(src), code, words, tmp_path / "out"


def _assert_clear(capsys, words: str) -> str:
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert words in text
    assert HAN.search(text) and "Traceback" not in text
    return text


def _nothing_in(folder: Path) -> bool:
    return not folder.exists() or not any(folder.rglob("*"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_check(tmp_path, capsys, name):
    path, code, words, out = _case(name, tmp_path)
    assert main(["check", str(path)]) == code
    _assert_clear(capsys, words)
    assert _nothing_in(out)


# A readable workbook with bad cells does get its annotated copy: that is tested in test_checks.
@pytest.mark.parametrize("name", UNUSABLE)
def test_check_annotate_writes_nothing(tmp_path, capsys, name):
    path, _code, words, out = _case(name, tmp_path)
    assert main(["check", "--annotate", str(out / "标注.xlsx"), str(path)]) == 2
    _assert_clear(capsys, words)
    assert _nothing_in(out)


@pytest.mark.parametrize("name", sorted(CASES))
def test_build(tmp_path, capsys, name):
    path, _code, words, out = _case(name, tmp_path)
    assert main(["build", str(path), "-o", str(out), "--format", "docx", "--jobs", "1"]) != 0
    _assert_clear(capsys, words)
    assert _nothing_in(out)


@pytest.mark.parametrize("name", ["text_renamed", "xml_entity_bomb"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_subprocess(tmp_path, name, command):
    path = CASES[name][0](tmp_path)
    out = tmp_path / "out"
    extra = ["-o", str(out)] if command == "build" else []
    proc = subprocess.run([sys.executable, "-m", "generator", command, str(path), *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert proc.returncode != 0
    assert HAN.search(proc.stderr) and "Traceback" not in proc.stdout + proc.stderr
    assert _nothing_in(out)


def test_too_large_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(safe_open, "MAX_FILE_BYTES", 1024)
    assert main(["check", str(SEED000)]) == 2
    _assert_clear(capsys, "MB，不像是填报表")


def test_directory_given_to_the_reader():
    with pytest.raises(InputError, match="是文件夹"):
        kinds.read(ROOT / "inputs")


def test_lock_files_are_skipped_in_folders(tmp_path):
    _lock_file(tmp_path)
    good = tmp_path / "单位.xlsx"
    good.write_bytes(SEED000.read_bytes())
    assert batch.collect([str(tmp_path)]) == ([good], [])


@pytest.mark.parametrize("argv, words", [
    (["check"], "缺少参数"),
    (["check", "--annotate", "标注.txt", str(SEED000)], ".xlsx 结尾"),
    (["check", "--annotate", "标注.xlsx", str(SEED000), str(SEED000)], "只能用于一个填报表"),
    (["check", "--no-such-option", str(SEED000)], "无法识别的参数"),
])
def test_unusable_command_line(tmp_path, monkeypatch, capsys, argv, words):
    monkeypatch.chdir(tmp_path)
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse exits itself on a bad command line
        code = exc.code
    assert code == 2
    _assert_clear(capsys, words)
    assert not any(tmp_path.iterdir())


def test_formulas_saved_with_their_values_are_read(tmp_path, capsys):
    """As Excel and WPS save them: the formula with its result, text results typed "str"."""
    part = sheet_part(SEED000, "经济科目")
    cells = {b'<c r="D2" s="9" t="n"><v>1281134</v></c>':
             b'<c r="D2" s="9"><f>1281134</f><v>1281134</v></c>',
             b'<c r="E2" s="9" t="n"></c>': b'<c r="E2" s="9" t="str"><f>""</f><v></v></c>'}

    def edit(name, data):
        if name != part:
            return data
        for old, new in cells.items():
            assert old in data
            data = data.replace(old, new)
        return data

    path = rezipped(SEED000, tmp_path / "公式.xlsx", edit)
    assert main(["check", str(path)]) == 0
    assert "0 个错误" in capsys.readouterr().out

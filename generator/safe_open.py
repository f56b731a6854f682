"""Opens an untrusted .xlsx: refuses what is not a workbook, what is built to exhaust
memory, and formulas whose values were never computed (this tool does not calculate).

Every refusal is an InputError with one Chinese sentence; no exception from zipfile,
zlib, the XML parsers or openpyxl reaches the user.
"""
from __future__ import annotations

import re
import warnings
import zipfile
import zlib
from pathlib import Path

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.utils.cell import column_index_from_string

from .findings import ERROR, Finding, InputError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, per member; real sheets stay far below
RATIO_FLOOR = 10 * 1024 * 1024  # small members may compress well without harm
MAX_MERGED_CELLS = 100_000  # openpyxl creates an object per merged cell
# Stored cells, formatted empty ones included: openpyxl keeps ~0.6 KB for each, so this bounds
# memory near 200 MB; 20,000 data rows of the widest real sheet stay below it.
MAX_CELLS = 200_000
LOCK_PREFIX = "~$"
WORKBOOK_PART = "xl/workbook.xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls alike
ZIP_MAGIC = b"PK\x03\x04"
CHUNK = 1 << 16
OVERLAP = 256  # longer than any tag the scan looks for, so none is split between chunks

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s/>]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_CELL = re.compile(rb"<(?:\w+:)?c(\s[^>]*)?(?<!/)>(.*?)</(?:\w+:)?c>", re.DOTALL)
_CACHED = re.compile(rb"<(?:\w+:)?v>[^<]")
_CELL_REF = re.compile(rb'\sr="([A-Z]+\d+)"')
_CELL_START = re.compile(rb"<(?:\w+:)?c[\s/>]")
_STRING_RESULT = re.compile(rb'\st="str"')  # a formula whose saved result is text, maybe ""


def _refuse(rule: str, message: str, sheet: str = "", cell: str = "") -> InputError:
    return InputError(Finding(ERROR, rule, message, sheet, cell))


def _xml_bomb(name: str) -> InputError:
    return _refuse("xml_bomb", f"{name} 的内部 XML 含有实体声明（DOCTYPE/ENTITY），正常的 Excel 或 WPS "
                               "文件不会有，疑似恶意构造的文件（XML 炸弹），拒绝读取。")


def _damaged(name: str) -> InputError:
    return _refuse("damaged", f"{name} 已损坏（内部数据校验失败），请在 Excel 或 WPS 中打开后“另存为” .xlsx，"
                              "或重新复制原文件。")


def _check_path(path: Path) -> None:
    name = path.name
    if name.startswith(LOCK_PREFIX):
        raise _refuse("lock_file", f"{name} 是 Excel 或 WPS 打开文件时生成的临时锁定文件，不是填报表。"
                                   f"请检查“{name[len(LOCK_PREFIX):]}”本身（如正在编辑，请先保存并关闭）。")
    if not path.exists():
        raise _refuse("no_file", f"找不到文件：{path}")
    if path.is_dir():
        raise _refuse("no_file", f"{path} 是文件夹，不是填报表文件。")
    if not path.is_file():
        raise _refuse("no_file", f"{path} 不是普通文件。")
    if path.suffix.lower() == ".xls":
        raise _refuse("old_xls", f"{name} 是旧版 .xls 格式，请在 Excel 或 WPS 中“另存为” .xlsx 后再试。")
    size = path.stat().st_size
    if size == 0:
        raise _refuse("empty_file", f"{name} 是空文件（0 字节），请重新保存或重新复制原文件。")
    if size > MAX_FILE_BYTES:
        raise _refuse("too_large", f"{name} 超过 {MAX_FILE_BYTES // 1024 // 1024} MB，不像是填报表，拒绝读取。")


def _check_magic(name: str, fh) -> None:
    head = fh.read(len(OLE_MAGIC))
    fh.seek(0)
    if head.startswith(OLE_MAGIC):
        raise _refuse("encrypted", f"{name} 是设置了打开密码的加密工作簿，或是改了扩展名的旧版 .xls 文件，无法读取。"
                                   "请在 Excel 或 WPS 中取消打开密码，并“另存为” .xlsx 后再试。")
    if head.startswith(b"%PDF"):
        raise _refuse("not_xlsx", f"{name} 是 PDF 文件，不是 Excel 工作簿。请填写 disclosure init 生成的 .xlsx 填报表。")
    if not zipfile.is_zipfile(fh):
        if head.startswith(ZIP_MAGIC):
            raise _refuse("truncated", f"{name} 不完整（文件被截断，可能复制或下载时中断），请重新复制原文件，"
                                       "或在 Excel 或 WPS 中重新保存。")
        raise _refuse("not_xlsx", f"{name} 不是 Excel 工作簿（.xlsx），可能是改了扩展名的其他文件。"
                                  "请在 Excel 或 WPS 中打开后“另存为” .xlsx。")
    fh.seek(0)


def _scan_sheet(member, head: bytes, name: str) -> tuple[bool, int]:
    """Stream one worksheet part: refuse huge merged ranges; tell whether it holds formulas,
    and how many cells it stores (counted per chunk: a tag split between two is missed)."""
    has_formula = False
    cells = 0
    tail, chunk = b"", head
    while chunk:
        data = tail + chunk
        has_formula = has_formula or _FORMULA.search(data) is not None
        cells += len(_CELL_START.findall(chunk))
        for m in _MERGE.finditer(data):
            cols = column_index_from_string(m[3].decode()) - column_index_from_string(m[1].decode()) + 1
            rows = int(m[4]) - int(m[2]) + 1
            if cols * rows > MAX_MERGED_CELLS:
                raise _refuse("merged_cells", f"{name} 中有过大的合并单元格（{m[1].decode()}{m[2].decode()}:"
                                              f"{m[3].decode()}{m[4].decode()}），请取消合并后再试。")
        tail = data[-OVERLAP:]
        chunk = member.read(CHUNK)
    return has_formula, cells


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> sheet name."""
    parser = WorkbookParser(zf, WORKBOOK_PART)
    parser.parse()
    return {rel.target: sheet.name for sheet, rel in parser.find_sheets()}


def _uncached_formulas(zf: zipfile.ZipFile, parts: list[str]) -> list[tuple[str, str]]:
    """(sheet, cell) of every formula saved without its result, as openpyxl and other
    generators write them; Excel and WPS always save the result."""
    sheet_names = _sheet_names(zf)
    found = []
    for part in parts:
        for m in _CELL.finditer(zf.read(part)):
            attrs, body = m[1] or b"", m[2]
            if _FORMULA.search(body) and not _CACHED.search(body) and not _STRING_RESULT.search(attrs):
                ref = _CELL_REF.search(attrs)
                found.append((sheet_names.get(part, part), ref[1].decode() if ref else ""))
    return found


def _inspect(zf: zipfile.ZipFile, name: str) -> None:
    infos = zf.infolist()
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse("zip_bomb", f"{name} 内部数据压缩比异常（{info.filename} 解压后 "
                                      f"{info.file_size // 1024 // 1024} MB），疑似恶意文件（压缩炸弹），拒绝读取。")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _refuse("zip_bomb", f"{name} 解压后过大（{total // 1024 // 1024} MB），拒绝读取。")
    if WORKBOOK_PART not in zf.namelist():
        raise _refuse("not_xlsx", f"{name} 是压缩文件，但不是 Excel 工作簿（缺少 {WORKBOOK_PART}），"
                                  "可能是改了扩展名的 Word 文档或其他文件。")
    with_formulas = []
    cells: dict[str, int] = {}
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        with zf.open(info) as member:
            head = member.read(CHUNK)
            # A DTD must come before the root element; one hidden later in a long prolog
            # is still refused by defusedxml while openpyxl parses (see open_workbook).
            if _DOCTYPE.search(head):
                raise _xml_bomb(name)
            if info.filename.startswith("xl/worksheets/"):
                has_formula, cells[info.filename] = _scan_sheet(member, head, name)
                if has_formula:
                    with_formulas.append(info.filename)
    if sum(cells.values()) > MAX_CELLS:
        part = max(cells, key=cells.get)
        sheet = _sheet_names(zf).get(part, part)
        raise _refuse("too_many_cells",
                      f"{name} 的工作表“{sheet}”存有 {cells[part]:,} 个单元格（含设置了格式的空单元格），全部工作表共 "
                      f"{sum(cells.values()):,} 个，超过 {MAX_CELLS:,} 个的上限，不像是一个单位的填报表。"
                      "请删除多余的行，或清除整行、整列设置的格式后再试。", sheet)
    if with_formulas:
        cells = _uncached_formulas(zf, with_formulas)
        if cells:
            shown = "、".join(f"{s}!{c}" if c else s for s, c in cells[:5])
            more = f"等 {len(cells)} 个单元格" if len(cells) > 5 else ""
            raise _refuse(
                "formula_no_value",
                f"{name} 中 {shown}{more} 是公式，但文件里没有保存公式的计算结果（文件可能由其他程序生成）。"
                "本工具不计算公式：请在 Excel 或 WPS 中打开本文件并保存（或把公式改为数值）后再试。",
                *cells[0])


def _caused_by(exc: BaseException | None, kind: type) -> bool:
    while exc is not None:
        if isinstance(exc, kind):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def open_workbook(path: Path, data_only: bool = True):
    """Load a checked workbook; data_only=False keeps formulas (for writing an annotated copy)."""
    path = Path(path)
    _check_path(path)
    name = path.name
    try:
        with path.open("rb") as fh:
            _check_magic(name, fh)
            with zipfile.ZipFile(fh) as zf:
                _inspect(zf, name)
            fh.seek(0)
            with warnings.catch_warnings():
                # openpyxl warns in English about parts it drops (e.g. data-validation extensions)
                warnings.simplefilter("ignore")
                return openpyxl.load_workbook(fh, data_only=data_only)
    except InputError:
        raise
    except PermissionError:
        raise _refuse("unreadable", f"无法读取 {name}：没有读取权限，或文件正被其他程序独占打开。"
                                    "请关闭 Excel 或 WPS 后再试。") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError):
        raise _damaged(name) from None
    except Exception as exc:  # openpyxl raises many kinds for damaged parts
        if _caused_by(exc, DefusedXmlException):  # openpyxl wraps it in a ValueError
            raise _xml_bomb(name) from None
        raise _refuse("unreadable", f"{name} 无法读取（{type(exc).__name__}），请在 Excel 或 WPS 中打开并"
                                    "“另存为” .xlsx 后再试。") from None

"""Opens an untrusted .xlsx: refuses what is not a workbook, or is built to exhaust memory."""
from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from .findings import ERROR, Finding, InputError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, per member; real sheets stay far below


def _refuse(rule: str, message: str) -> InputError:
    return InputError(Finding(ERROR, rule, message))


def open_workbook(path: Path):
    path = Path(path)
    if not path.exists():
        raise _refuse("no_file", f"找不到文件：{path}")
    if not path.is_file():
        raise _refuse("no_file", f"不是文件：{path}")
    if path.suffix.lower() == ".xls":
        raise _refuse("old_xls", f"{path.name} 是旧版 .xls 格式，请在 Excel 或 WPS 中“另存为” .xlsx 后再试。")
    size = path.stat().st_size
    if size == 0:
        raise _refuse("empty_file", f"{path.name} 是空文件（0 字节），请重新保存。")
    if size > MAX_FILE_BYTES:
        raise _refuse("too_large", f"{path.name} 超过 {MAX_FILE_BYTES // 1024 // 1024} MB，不像是填报表，拒绝读取。")
    if not zipfile.is_zipfile(path):
        raise _refuse("not_xlsx", f"{path.name} 不是有效的 .xlsx 文件（可能已损坏或不完整），请在 Excel 或 WPS 中重新保存。")
    try:
        with zipfile.ZipFile(path) as zf:
            total = 0
            for info in zf.infolist():
                total += info.file_size
                if info.compress_size and info.file_size / info.compress_size > MAX_RATIO \
                        and info.file_size > 10 * 1024 * 1024:
                    raise _refuse("zip_bomb", f"{path.name} 内部数据压缩比异常，疑似恶意文件，拒绝读取。")
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _refuse("zip_bomb", f"{path.name} 解压后过大（{total // 1024 // 1024} MB），拒绝读取。")
            if "xl/workbook.xml" not in zf.namelist():
                raise _refuse("not_xlsx", f"{path.name} 不是 Excel 工作簿（缺少 xl/workbook.xml）。")
    except zipfile.BadZipFile:
        raise _refuse("not_xlsx", f"{path.name} 不是有效的 .xlsx 文件（文件不完整），请重新保存。") from None
    try:
        return openpyxl.load_workbook(path, data_only=True)
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for damaged parts
        raise _refuse("unreadable", f"{path.name} 无法读取（{type(exc).__name__}），请在 Excel 或 WPS 中打开并另存为 .xlsx 后再试。") from None

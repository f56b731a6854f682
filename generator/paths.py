"""Where files go: output names made safe from workbook text, the formats and their
suffixes, department folders; OS errors told in Chinese.

Workbook text is untrusted: a 单位名称 such as "../../x", "/tmp/evil" or "CON"
must never choose where a file goes, so each name becomes exactly one plain
file-name component, valid on Linux and Windows alike.
"""
from __future__ import annotations

import errno
import re
import unicodedata
from pathlib import Path

MAX_BYTES = 255  # a file name, suffix included, in UTF-8: the limit of ext4, NTFS, APFS
UNSAFE = frozenset('/\\:*?"<>|')
# Unicode categories that print nothing: control, format, line and paragraph separators.
INVISIBLE = frozenset(("Cc", "Cf", "Zl", "Zp"))
# Windows devices, also with an extension ("CON.txt") and with superscript digits.
RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])", re.IGNORECASE)

REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "文件系统只读",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOTDIR: "路径中有一段是文件，不是文件夹",
    errno.EEXIST: "路径中有同名的文件，不是文件夹",
    errno.EISDIR: "已有同名文件夹",
    errno.ENAMETOOLONG: "路径过长",
    errno.ENOENT: "路径不存在",
}

# What `build --format` can write; here, not in build.py, so the command line can check
# --format without importing the pipeline (a lone build forks its PDF process before that).
FORMATS = ("docx", "pdf", "xlsx", "csv")
DOCUMENT_FORMATS = ("docx", "pdf")  # built unless asked otherwise; xlsx and csv on request


def output_suffix(fmt: str) -> str:
    """<stem>.docx, .pdf, .xlsx; the CSV tables and their datapackage.json in <stem>-数据/."""
    return "-数据" if fmt == "csv" else f".{fmt}"


def output_path(outdir: Path, stem: str, fmt: str) -> Path:
    return Path(outdir) / f"{stem}{output_suffix(fmt)}"


# A folder holding this file is a department: its units' workbooks and their list.
DEPARTMENT_FILE = "部门.xlsx"


def is_department(folder: Path) -> bool:
    return (Path(folder) / DEPARTMENT_FILE).is_file()



def safe_component(text: str, room: int = 0) -> tuple[str, list[str]]:
    """`text` as one file-name component that leaves `room` bytes for what follows it
    (the rest of the name and the suffix), and the changes made, in Chinese ([] if none)."""
    changes = []
    bad = sorted({c for c in text if c in UNSAFE or unicodedata.category(c) in INVISIBLE})
    if bad:
        shown = " ".join(c if c.isprintable() else f"U+{ord(c):04X}" for c in bad)
        changes.append(f"含有不能用于文件名的字符（{shown}）")
    name = "".join("_" if c in UNSAFE or unicodedata.category(c) in INVISIBLE else c for c in text)
    stripped = name.lstrip(". ").rstrip(". ")
    if stripped != name:
        changes.append("首尾有点或空格")
        name = stripped
    limit = MAX_BYTES - room
    if len(name.encode()) > limit:
        changes.append(f"超过 {MAX_BYTES} 字节")
        # Cut on a character boundary; the cut may leave a trailing dot or space again.
        name = name.encode()[:limit].decode("utf-8", "ignore").rstrip(". ")
    base = name.split(".")[0].rstrip(" ")
    if RESERVED.fullmatch(base):
        changes.append(f"“{base}”是 Windows 的设备保留名")
        name = f"{base}_{name[len(base):]}"
    return name, changes


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Chinese; the system's own words as a fallback."""
    code = exc.errno
    if code is None:  # shutil.Error gathers its causes as text
        found = re.search(r"\[Errno (\d+)\]", str(exc))
        code = int(found.group(1)) if found else None
    return REASONS.get(code) or f"系统错误：{exc.strerror or exc}"

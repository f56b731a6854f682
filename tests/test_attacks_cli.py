"""Attack catalogue, command line (issue 11 point 9): an unusable output place, for `build`,
`init` and `templates export`, is exit 2 with a Chinese message that does not blame the
workbook, no traceback, and no staging or temporary file left behind.

Tests run as root, where permissions do not stop writes: an unwritable or read-only place
is a path through a file, or an OSError injected where the bytes are written.
"""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.cli import main

from conftest import SEED000

# errno -> the words the user reads
FAILURES = {errno.ENOSPC: "磁盘空间不足", errno.EROFS: "文件系统只读", errno.EACCES: "没有权限"}


def everything(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def assert_refused(code: int, err: str, *words: str) -> None:
    assert code == 2
    assert "Traceback" not in err
    assert all(word in err for word in words), err
    assert "填报表有" not in err and "填报表发给" not in err  # the workbook is not at fault


@pytest.fixture
def a_file(tmp_path) -> Path:
    path = tmp_path / "已有文件"
    path.write_text("x", encoding="utf-8")
    return path


@pytest.mark.parametrize("where, words", [
    (lambda f: f, ("无法使用输出文件夹", "同名的文件，不是文件夹")),
    (lambda f: f / "子文件夹", ("无法使用输出文件夹", "路径中有一段是文件")),
])
def test_build_into_an_unusable_output_folder(tmp_path, capsys, a_file, where, words):
    code = main(["build", str(SEED000), "-o", str(where(a_file)), "--format", "docx"])
    assert_refused(code, capsys.readouterr().err, *words)
    assert everything(tmp_path) == ["已有文件"] and a_file.read_text(encoding="utf-8") == "x"


def failing_writes(monkeypatch, code: int) -> None:
    """Writing a document's bytes fails after part of them reached the disk."""
    real = Path.write_bytes

    def write_bytes(self, data):
        real(self, data[:100])
        raise OSError(code, os.strerror(code), str(self))

    monkeypatch.setattr(Path, "write_bytes", write_bytes)


@pytest.mark.parametrize("code", FAILURES)
def test_build_when_the_disk_fails_is_exit_2_and_leaves_nothing(tmp_path, capsys, monkeypatch, code):
    failing_writes(monkeypatch, code)
    out = tmp_path / "out"
    result = main(["build", str(SEED000), "-o", str(out), "--format", "docx", "--jobs", "1"])
    captured = capsys.readouterr()
    assert_refused(result, captured.err, "无法写入输出文件", FAILURES[code], "填报表本身没有问题")
    assert "成功 0 个，失败 1 个" in captured.out
    assert everything(out) == []  # no document, no staging folder, no half-written temp file


def test_build_when_the_disk_fails_in_the_pdf_process(tmp_path, capsys, monkeypatch):
    from generator.writers import pdf_writer

    def write_pdf(document, style, path):
        path.write_bytes(b"%PDF-1.4 half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(pdf_writer, "write_pdf", write_pdf)  # the forked child inherits it
    out = tmp_path / "out"
    result = main(["build", str(SEED000), "-o", str(out), "--jobs", "2"])
    assert_refused(result, capsys.readouterr().err, "无法写入输出文件", "磁盘空间不足")
    assert everything(out) == []


def test_init_through_a_file_or_onto_a_folder(tmp_path, capsys, a_file):
    assert_refused(main(["init", str(a_file / "表.xlsx")]), capsys.readouterr().err,
                   "无法写入", "文件，不是文件夹")
    (tmp_path / "是文件夹.xlsx").mkdir()
    assert main(["init", str(tmp_path / "是文件夹.xlsx")]) == 2
    assert "已存在" in capsys.readouterr().err
    assert everything(tmp_path) == ["已有文件", "是文件夹.xlsx"]


@pytest.mark.parametrize("code", FAILURES)
def test_init_when_the_disk_fails(tmp_path, capsys, monkeypatch, code):
    real = zipfile.ZipFile.writestr

    def writestr(self, *args, **kwargs):
        real(self, *args, **kwargs)
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)
    assert_refused(main(["init", str(tmp_path / "表.xlsx")]), capsys.readouterr().err,
                   "无法写入", FAILURES[code])
    assert everything(tmp_path) == []


def test_templates_export_to_a_file_or_through_one(tmp_path, capsys, a_file):
    for target in (a_file, a_file / "模板"):
        assert_refused(main(["templates", "export", str(target)]), capsys.readouterr().err,
                       "无法导出模板", "路径中有一段是文件")
    assert everything(tmp_path) == ["已有文件"]


@pytest.mark.parametrize("code", FAILURES)
def test_templates_export_when_the_disk_fails_leaves_no_half_copy(tmp_path, capsys, monkeypatch, code):
    real, copied = shutil.copyfile, []

    def copyfile(src, dst, **kwargs):
        if copied:  # the first file arrives, then the disk fails
            raise OSError(code, os.strerror(code), dst)
        copied.append(dst)
        return real(src, dst, **kwargs)

    monkeypatch.setattr(shutil, "copyfile", copyfile)
    assert_refused(main(["templates", "export", str(tmp_path / "模板")]), capsys.readouterr().err,
                   "无法导出模板", FAILURES[code])
    assert copied and everything(tmp_path) == []


def test_check_into_a_closed_pipe_is_quiet():
    """`disclosure check … | head -1`: the reader leaves early; no traceback, exit 0."""
    read, write = os.pipe()
    os.close(read)
    proc = subprocess.run([sys.executable, "-m", "generator", "check", str(SEED000)],
                          stdout=write, stderr=subprocess.PIPE, text=True,
                          cwd=Path(__file__).resolve().parents[1], timeout=120)
    os.close(write)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr

"""Batch builds: a folder at once, past a broken workbook, the same bytes every time (issue 7)."""
from __future__ import annotations

import hashlib
import shutil

from generator.cli import main

from conftest import INPUTS, SEED000, SEED003


def digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_two_builds_of_inputs_give_identical_bytes(tmp_path):
    for run in ("a", "b"):
        assert main(["build", str(INPUTS), "-o", str(tmp_path / run), "--jobs", "2"]) == 0
    first, second = digests(tmp_path / "a"), digests(tmp_path / "b")
    assert len(first) == 12 and first == second  # 5 units and a department


def test_folder_with_a_broken_workbook_builds_the_others(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED000, folder / "a.xlsx")
    shutil.copy(SEED003, folder / "b.xlsx")
    (folder / "坏的.xlsx").write_text("这不是工作簿", encoding="utf-8")
    (folder / "~$a.xlsx").write_bytes(b"lock file of Excel")
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out), "--format", "docx", "--jobs", "2"]) == 1
    captured = capsys.readouterr()
    assert "坏的.xlsx" in captured.err and "Traceback" not in captured.err
    assert "~$a.xlsx" not in captured.out + captured.err
    assert "成功 2 个，失败 1 个" in captured.out
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".docx"]


def test_two_workbooks_of_the_same_unit_do_not_overwrite_each_other(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED000, folder / "a.xlsx")
    shutil.copy(SEED000, folder / "b.xlsx")
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out), "--format", "docx", "--jobs", "2"]) == 1
    assert "重名" in capsys.readouterr().err
    assert len(list(out.glob("*.docx"))) == 1


def test_lone_workbook_writes_its_pdf_in_a_second_process_with_the_same_bytes(tmp_path):
    assert main(["build", str(SEED000), "-o", str(tmp_path / "one"), "--jobs", "1"]) == 0
    assert main(["build", str(SEED000), "-o", str(tmp_path / "two"), "--jobs", "2"]) == 0
    assert digests(tmp_path / "one") == digests(tmp_path / "two")


def test_a_failing_pdf_process_fails_the_build_and_writes_nothing(tmp_path, capsys, monkeypatch):
    from generator.writers import pdf_writer

    def broken(*args):
        raise OSError("磁盘已满")

    monkeypatch.setattr(pdf_writer, "write_pdf", broken)  # the forked child inherits it
    out = tmp_path / "out"
    assert main(["build", str(SEED000), "-o", str(out), "--jobs", "2"]) == 1
    assert "磁盘已满" in capsys.readouterr().err
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == []

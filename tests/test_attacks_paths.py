"""Attack catalogue, paths (issue 11 point 1): workbook text never chooses where a file goes.

Each hostile 单位名称 builds inside -o only, as one safe file name, with a 提示 naming the
单位信息 cell; files outside -o (a victim where the name points) are untouched. The 模板
cell holds a profile name only, and profiles load only from the templates folder.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import docx
import pytest

from generator.cli import main
from generator.profile import ProfileError, load_profile

from conftest import SEED000, SEED001
from workbook_edits import edited, row_of

TAIL = "2024年度单位预算公开"


def with_unit_field(source: Path, target: Path, label: str, value) -> tuple[Path, str]:
    """A copy of `source` with 单位信息 field `label` set to `value`; returns it and the cell."""
    cell = {}

    def edit(wb):
        ws = wb["单位信息"]
        row = row_of(ws, "A", label)
        ws.cell(row, 2).value = value
        cell["ref"] = f"B{row}"

    return edited(source, target, edit), cell["ref"]


def snapshot(root: Path, skip: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under root except `skip`, with size and modification time."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if Path(dirpath, d) != skip]
        for name in dirnames + filenames:
            st = os.lstat(Path(dirpath, name))
            found[str(Path(dirpath, name).relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return found


# 单位名称 as an attacker types it -> the file-name part it becomes.
HOSTILE_NAMES = {
    "../../../victim": "_.._.._victim",
    "../../x": "_.._x",
    "/tmp/evil": "_tmp_evil",
    "a/b": "a_b",
    'a\\b:c*d?e"f<g>h|i': "a_b_c_d_e_f_g_h_i",
    "CON": "CON_",
    "lpt1.txt": "lpt1_.txt",
    "..": "未命名单位",
    "名称.": "名称",
    ".hidden": "hidden",
    "科技\t局\x7f": "科技_局_",
    # 301 bytes: cut to 220 (room for the tail and ".docx"), not inside a 3-byte character.
    "a" + "局" * 100: "a" + "局" * 73,
}


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=[repr(n)[:20] for n in HOSTILE_NAMES])
def test_hostile_unit_name_builds_inside_output_folder_only(tmp_path, capsys, name):
    work = tmp_path / "a" / "b" / "c"
    work.mkdir(parents=True)
    workbook, cell = with_unit_field(SEED000, work / "填报表.xlsx", "单位名称", name)
    out = work / "out"
    out.mkdir()  # so that only -o itself may change
    # Victims where the name would have led the files: beside and above -o.
    victims = [tmp_path / f"victim{TAIL}.docx", tmp_path / "a" / f"victim{TAIL}.docx",
               work / f"x{TAIL}.docx", tmp_path / f"b{TAIL}.docx"]
    for victim in victims:
        victim.write_bytes(b"do not touch")
    before, parent_before = snapshot(tmp_path, out), sorted(os.listdir(tmp_path.parent))
    evil_before = sorted(p.name for p in Path("/tmp").glob("evil*"))

    assert main(["build", str(workbook), "-o", str(out), "--format", "docx", "--jobs", "1"]) == 0
    expected = f"{HOSTILE_NAMES[name]}{TAIL}.docx"
    assert sorted(os.listdir(out)) == [expected]
    assert len(expected.encode()) <= 255
    assert snapshot(tmp_path, out) == before
    assert sorted(os.listdir(tmp_path.parent)) == parent_before
    assert sorted(p.name for p in Path("/tmp").glob("evil*")) == evil_before
    assert all(v.read_bytes() == b"do not touch" for v in victims)
    # The document itself keeps the name as entered (control characters aside).
    if name.isprintable():
        assert any(name in p.text for p in docx.Document(str(out / expected)).paragraphs)
    capsys.readouterr()

    assert main(["check", str(workbook)]) == 0
    report = capsys.readouterr().out
    hint = next(line for line in report.splitlines() if "不能直接用作文件名" in line)
    assert hint.strip().startswith(f"提示【单位信息!{cell}】单位名称“")
    assert f"输出文件改名为“{HOSTILE_NAMES[name]}{TAIL}”" in hint
    assert "\t" not in hint and "\x7f" not in hint  # control characters are shown as U+…


def test_an_ordinary_name_gets_no_file_name_hint(capsys):
    assert main(["check", str(SEED000)]) == 0
    assert "不能直接用作文件名" not in capsys.readouterr().out


def test_both_formats_of_a_long_name_fit_in_255_bytes_and_no_temp_file_leaves_the_output(
        tmp_path, monkeypatch):
    """The lone-workbook path: the PDF child gets its job through a file, which stays inside -o."""
    system_tmp = tmp_path / "systmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))  # the forked child inherits it
    workbook, _ = with_unit_field(SEED000, tmp_path / "长.xlsx", "单位名称", "局" * 120)
    out = tmp_path / "out"
    assert main(["build", str(workbook), "-o", str(out), "--jobs", "2", "--format", "docx,pdf,csv"]) == 0
    names = sorted(os.listdir(out))
    assert [Path(n).suffix for n in names] == ["", ".docx", ".pdf"]  # and the …-数据 folder
    # The longest, the folder, cut to the limit on a character boundary ("局" is 3 bytes).
    assert 252 < max(len(n.encode()) for n in names) <= 255
    assert list(system_tmp.iterdir()) == []


def test_final_kind_name_is_made_safe_too(tmp_path, capsys):
    workbook, cell = with_unit_field(SEED001, tmp_path / "决算.xlsx", "单位名称", "../朔州")
    out = tmp_path / "out"
    assert main(["build", str(workbook), "-o", str(out), "--format", "docx"]) == 0
    assert os.listdir(out) == ["_朔州2024年度部门决算公开.docx"]
    assert sorted(os.listdir(tmp_path)) == ["out", "决算.xlsx"]


PATH_PROFILES = ["../../etc", "/tmp/x", "datong-2024-budget/../x", "a b", "模板", "..\\x"]


@pytest.mark.parametrize("profile", PATH_PROFILES)
def test_template_cell_holding_a_path_is_an_error_in_check_and_build(tmp_path, capsys, profile):
    workbook, cell = with_unit_field(SEED000, tmp_path / "填报表.xlsx", "模板", profile)
    assert main(["check", str(workbook)]) == 1
    report = capsys.readouterr().out
    assert f"错误【单位信息!{cell}】“模板”只能填写模板名称" in report
    assert f"填写的是“{profile}”" in report

    out = tmp_path / "out"
    assert main(["build", str(workbook), "-o", str(out), "--format", "docx"]) == 1
    err = capsys.readouterr().err
    assert "“模板”只能填写模板名称" in err and "Traceback" not in err
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("name", ["../datong-2024-budget", "/etc", "x/../datong-2024-budget", ""])
def test_load_profile_takes_names_only(name):
    with pytest.raises(ProfileError, match="模板名称.*无效"):
        load_profile(name)


def test_a_base_that_is_a_path_is_refused(tmp_path):
    profiles = tmp_path / "templates" / "profiles"
    (profiles / "mine").mkdir(parents=True)
    (profiles / "mine" / "outline.yaml").write_text("base: ../../elsewhere\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="无效"):
        load_profile("mine", tmp_path / "templates")


def test_a_profile_linked_from_outside_the_templates_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "outline.yaml").write_text("kind: budget\ntitle: x\nparts: []\n", encoding="utf-8")
    profiles = tmp_path / "templates" / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "evil").symlink_to(outside)
    with pytest.raises(ProfileError, match="模板文件夹之外"):
        load_profile("evil", tmp_path / "templates")

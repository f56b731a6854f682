"""Attack catalogue, signals and dying workers (issue 11 point 10).

The tool runs as a subprocess on a folder of synthetic units; a signal arrives once the
first unit's files are in -o. It must exit 130 (SIGINT) or 143 (SIGTERM), keep the units
already built (whole: .docx and .pdf), leave no staging or temp file and no process. A
worker killed with -9 fails its unit only; the others are built and the summary counts it.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from conftest import ROOT, SEED000

UNITS = 8


@pytest.fixture(scope="module")
def units(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from make_workload import make
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder = tmp_path_factory.mktemp("units")
    make(UNITS, folder)
    return folder


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()  # after "pid (comm) "; state is field 0


def descendants(root: int) -> dict[int, str]:
    """Every process below `root`, with its start time (so a reused pid is not mistaken)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(int(entry))):
            parents[int(entry)] = (int(fields[1]), fields[19])
    found, frontier = {}, {root}
    while frontier:
        frontier = {pid for pid, (ppid, _) in parents.items() if ppid in frontier and pid not in found}
        found.update({pid: parents[pid][1] for pid in frontier})
    return found


def still_there(pid: int, start: str) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[19] == start


def outputs(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if not p.name.startswith(".")) if out.exists() else []


def run(tmp_path, args: list[str], ready, act) -> tuple[subprocess.CompletedProcess, dict[int, str]]:
    """Run the tool; once ready() holds, act(process, its descendants so far). Returns the
    result and every descendant process seen during the run."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open(tmp_path / "stdout", "wb") as so, open(tmp_path / "stderr", "wb") as se:
        proc = subprocess.Popen([sys.executable, "-m", "generator", *args], stdout=so, stderr=se,
                                env=env, cwd=tmp_path, start_new_session=True)
        seen: dict[int, str] = {}
        acted, deadline = False, time.monotonic() + 300
        try:
            while proc.poll() is None and time.monotonic() < deadline:
                seen.update(descendants(proc.pid))
                if not acted and ready(seen):
                    act(proc, seen)
                    acted = True
                time.sleep(0.02)
            code = proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    assert acted, "the build ended before the signal could be sent"
    result = subprocess.CompletedProcess(args, code, (tmp_path / "stdout").read_text(),
                                         (tmp_path / "stderr").read_text())
    return result, seen


def assert_clean(out: Path, seen: dict[int, str]) -> None:
    assert seen, "no worker process was seen"
    assert [pid for pid, start in seen.items() if still_there(pid, start)] == []
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def assert_whole_units(out: Path, formats=("docx", "pdf")) -> int:
    """Each unit in -o has all its files, and they open; returns how many units there are."""
    files = outputs(out)
    stems = {p.stem for p in files}
    assert sorted(p.name for p in files) == sorted(f"{s}.{f}" for s in stems for f in formats)
    for stem in stems:
        assert docx.Document(str(out / f"{stem}.docx")).paragraphs
        if "pdf" in formats:
            assert (out / f"{stem}.pdf").read_bytes().rstrip().endswith(b"%%EOF")
    return len(stems)


@pytest.mark.parametrize("sig, to_group, formats, code, word", [
    (signal.SIGTERM, False, "docx,pdf", 143, "已终止"),
    (signal.SIGINT, False, "docx", 130, "已中断"),
    (signal.SIGINT, True, "docx", 130, "已中断"),  # Ctrl-C: the whole process group gets it
])
def test_signal_during_a_batch_keeps_finished_units_and_leaves_nothing(tmp_path, units, sig, to_group,
                                                                       formats, code, word):
    out = tmp_path / "out"

    def send(proc, _seen):
        (os.killpg if to_group else os.kill)(proc.pid, sig)

    result, seen = run(tmp_path, ["build", str(units), "-o", str(out), "--jobs", "2", "--format", formats],
                       lambda _seen: outputs(out), send)
    assert result.returncode == code, result.stderr
    assert word in result.stderr and "Traceback" not in result.stderr
    kept = assert_whole_units(out, formats.split(","))
    assert 1 <= kept < UNITS
    assert f"已停止：{kept} 个已生成的单位的文件保留在" in result.stderr
    assert_clean(out, seen)


def test_sigterm_while_a_lone_workbook_is_built_stops_the_pdf_process(tmp_path):
    out = tmp_path / "out"
    result, seen = run(tmp_path, ["build", str(SEED000), "-o", str(out), "--jobs", "2"],
                       lambda seen: seen, lambda proc, _seen: os.kill(proc.pid, signal.SIGTERM))
    assert result.returncode == 143, result.stderr
    assert "Traceback" not in result.stderr
    assert outputs(out) == []
    assert_clean(out, seen)


def test_a_worker_killed_with_9_fails_its_unit_only(tmp_path, units):
    few, out = tmp_path / "few", tmp_path / "out"
    few.mkdir()
    for path in sorted(units.iterdir())[:4]:
        os.link(path, few / path.name)

    def kill_one(_proc, seen):
        time.sleep(0.2)  # well inside its first workbook: imports alone take longer
        os.kill(min(seen), signal.SIGKILL)

    result, seen = run(tmp_path, ["build", str(few), "-o", str(out), "--jobs", "2", "--format", "docx"],
                       lambda seen: len(seen) == 2, kill_one)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "处理该填报表的进程意外终止（被信号 9 结束），未生成文件" in result.stderr
    assert "共 4 个填报表：成功 3 个，失败 1 个。" in result.stdout
    assert assert_whole_units(out, ("docx",)) == 3
    assert_clean(out, seen)

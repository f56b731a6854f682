"""The benchmark: fixed workload, medians of repeated whole-process runs.

Reports
  1. one unit (seed 000) in both formats, as a whole process;
  2. the usual path for comparison: our .docx build plus LibreOffice headless
     converting it to PDF, and the ratio (1) / (2);
  3. batch throughput for 50 / 100 / 200 synthetic units (bench/make_workload.py);
  4. peak memory of the largest single process (one worker);
  5. a department (inputs/大同市科学技术局, N units): its folder built (N unit documents and the
     department's) against its N workbooks alone; the cost should be about (N+1)/N.
Targets (issue 7): (1) <= 1.0 s and <= 0.4 x (2); batch >= 4 documents/s on 2 cores;
peak <= 200 MB per worker; time linear in the number of units.

Run by hand: python bench/run.py [--runs 5] [--sizes 50,100,200] [--jobs 2]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPARTMENT = ROOT / "inputs" / "大同市科学技术局"
SEED = DEPARTMENT / "大同市科学技术局2024年度单位预算.xlsx"
PY = sys.executable


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of the largest process the command ran."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024


def median_of(runs: int, make_cmd, before=None) -> tuple[float, float]:
    walls, peaks = [], []
    for i in range(runs + 1):  # the first run warms caches and is not counted
        if before:
            before()
        wall, peak = timed(make_cmd())
        if i:
            walls.append(wall)
            peaks.append(peak)
    return statistics.median(walls), max(peaks)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="50,100,200")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    out = work / "out"
    clean = lambda: shutil.rmtree(out, ignore_errors=True)  # noqa: E731
    try:
        both, peak_one = median_of(args.runs, lambda: [
            PY, "-m", "generator", "build", str(SEED), "-o", str(out)], clean)
        docx_only, _ = median_of(args.runs, lambda: [
            PY, "-m", "generator", "build", str(SEED), "-o", str(out), "--format", "docx"], clean)
        print(f"one unit, docx+pdf, whole process: median {both:.3f} s, peak {peak_one:.0f} MB")
        print(f"one unit, docx only:               median {docx_only:.3f} s")
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice:
            subprocess.run([PY, "-m", "generator", "build", str(SEED), "-o", str(out), "--format",
                            "docx"], check=True, capture_output=True)
            docx = next(out.glob("*.docx"))
            profile = work / "lo-profile"
            lo, _ = median_of(args.runs, lambda: [
                soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                "--convert-to", "pdf", "--outdir", str(work / "lo"), str(docx)])
            usual = docx_only + lo
            print(f"LibreOffice docx->pdf conversion:  median {lo:.3f} s")
            print(f"usual path (docx build + LibreOffice): {usual:.3f} s; "
                  f"ratio ours/usual = {both / usual:.2f}")
        else:
            print("LibreOffice not found: conversion comparison skipped")
        sys.path.insert(0, str(ROOT / "bench"))
        from make_workload import make

        units = work / "units"
        make(max(sizes), units)
        for size in sizes:
            folder = work / f"batch{size}"
            folder.mkdir()
            for path in sorted(units.glob("*.xlsx"))[:size]:
                os.link(path, folder / path.name)
            wall, peak = median_of(args.runs, lambda: [
                PY, "-m", "generator", "build", str(folder), "-o", str(out),
                "--jobs", str(args.jobs)], clean)
            print(f"batch {size:4d} units, --jobs {args.jobs}: median {wall:.2f} s, "
                  f"{size / wall:.2f} units/s ({2 * size / wall:.2f} files/s), "
                  f"{wall / size * 1000:.0f} ms/unit, "
                  f"peak per worker {peak:.0f} MB")
        alone = work / "department-units"
        alone.mkdir()
        for path in DEPARTMENT.glob("*.xlsx"):
            if path.name != "部门.xlsx":
                os.link(path, alone / path.name)
        n = len(list(alone.iterdir()))
        dept, _ = median_of(args.runs, lambda: [
            PY, "-m", "generator", "build", str(DEPARTMENT), "-o", str(out), "--jobs", "1"], clean)
        units_alone, _ = median_of(args.runs, lambda: [
            PY, "-m", "generator", "build", str(alone), "-o", str(out), "--jobs", "1"], clean)
        print(f"department of {n} units, --jobs 1: median {dept:.2f} s; its units alone {units_alone:.2f} s; "
              f"ratio {dept / units_alone:.2f} (about {(n + 1) / n:.2f} expected)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

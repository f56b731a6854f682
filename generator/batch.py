"""Builds many workbooks: in parallel processes, past failures, with a closing summary.

Each workbook is built into its own staging folder; the parent moves the files
into the output folder only when no other workbook of the batch produced the
same file name, so two units never overwrite each other.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import replace_path
from .findings import ERROR, FindingsError, InputError
from .pdf_process import start_if_useful


@dataclass
class Outcome:
    source: Path
    staged: list[Path] = field(default_factory=list)
    error: str = ""
    hints: int = 0


def collect(inputs: list[str], units: bool = True) -> tuple[list[Path], list[Outcome]]:
    """Workbooks named or found under folders; Excel's lock files (~$…) are skipped in
    folders, and named directly they reach the reader, which explains what they are.
    A department folder (one with 部门.xlsx) found is a source too, after its units'
    workbooks (left out when not `units`)."""
    from .department import DESCRIPTOR

    found: list[Path] = []
    missing: list[Outcome] = []
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            departments = sorted(p.parent for p in path.rglob(DESCRIPTOR) if p.is_file())
            found += sorted(p for p in path.rglob("*.xlsx")
                            if not p.name.startswith(("~$", ".")) and p.is_file()
                            and p.name != DESCRIPTOR and (units or p.parent not in departments))
            found += departments
        elif path.exists():
            found.append(path)
        else:
            missing.append(Outcome(path, error=f"找不到文件：{path}"))
    return found, missing


def _describe(exc: FindingsError) -> str:
    errors = [str(f) for f in exc.findings if f.severity == ERROR]
    shown = "；".join(errors[:3])
    more = f"（另有 {len(errors) - 3} 个错误，运行 disclosure check 查看全部）" if len(errors) > 3 else ""
    return f"填报表有 {len(errors)} 个错误：{shown}{more}"


def build_staged(source: Path, stage: Path, formats, templates, pdf_process=None,
                 previous=()) -> Outcome:
    from .build import build_one
    from .profile import ProfileError

    try:
        if source.is_dir():  # a department folder
            from .department import build_department

            result = build_department(source, stage, formats, templates, pdf_process)
        else:
            result = build_one(source, stage, formats, templates, pdf_process, previous)
        return Outcome(source, result.outputs, hints=len(result.findings))
    except InputError as exc:
        return Outcome(source, error=str(exc.finding))
    except FindingsError as exc:
        return Outcome(source, error=_describe(exc))
    except ProfileError as exc:
        return Outcome(source, error=f"模板错误：{exc}")
    except Exception as exc:  # a bug must not stop the batch or show a traceback
        return Outcome(source, error=f"内部错误（{type(exc).__name__}：{exc}），请将填报表发给技术支持。")


def _progress(done: int, total: int, outcome: Outcome) -> None:
    width = 30
    filled = width * done // total
    status = "失败" if outcome.error else "完成"
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {status} {outcome.source.name}",
          file=sys.stderr, end="\n" if done == total or not sys.stderr.isatty() else "", flush=True)


def build_all(inputs: list[str], outdir: Path, formats, templates: Path | None, jobs: int,
              previous=(), units: bool = True) -> int:
    sources, outcomes = collect(inputs, units)
    if not sources and not outcomes:
        print("错误：没有找到任何 .xlsx 填报表。", file=sys.stderr)
        return 2
    # Forked before the heavy imports, so its start-up overlaps ours (see pdf_process).
    pdf_process = start_if_useful(len(sources), jobs, formats)
    outdir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=outdir))
    try:
        stages = [staging / str(i) for i in range(len(sources))]
        if jobs > 1 and len(sources) > 1:
            with ProcessPoolExecutor(max_workers=min(jobs, len(sources))) as pool:
                futures = [pool.submit(build_staged, s, st, formats, templates, None, previous)
                           for s, st in zip(sources, stages)]
                results = []
                for done, future in enumerate(futures, start=1):
                    results.append(future.result())
                    _progress(done, len(sources), results[-1])
        else:
            results = []
            for done, (s, st) in enumerate(zip(sources, stages), start=1):
                results.append(build_staged(s, st, formats, templates, pdf_process, previous))
                _progress(done, len(sources), results[-1])
        claimed: dict[str, Path] = {}
        for outcome in results:
            if not outcome.error:
                clash = [p.name for p in outcome.staged if p.name in claimed]
                if clash:
                    outcome.error = (f"输出文件“{clash[0]}”与 {claimed[clash[0]].name} 的输出重名"
                                     "（单位名称和年度相同），未写入。")
                else:
                    for staged in outcome.staged:
                        claimed[staged.name] = outcome.source
                        replace_path(staged, outdir / staged.name)
            outcomes.append(outcome)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    failed = [o for o in outcomes if o.error]
    built = len(outcomes) - len(failed)
    for outcome in outcomes:
        if not outcome.error:
            names = "、".join(p.name for p in outcome.staged)
            hints = f"（{outcome.hints} 个提示，可用 disclosure check 查看）" if outcome.hints else ""
            print(f"完成：{outcome.source} → {outdir}/{names}{hints}")
    for outcome in failed:
        print(f"失败：{outcome.source}：{outcome.error}", file=sys.stderr)
    print(f"共 {len(outcomes)} 个填报表：成功 {built} 个，失败 {len(failed)} 个。")
    return 1 if failed else 0

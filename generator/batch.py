"""Builds many workbooks: in parallel processes, past failures, with a closing summary.

Each workbook is built into its own folder in a hidden staging folder inside the
output folder, so moving its files into place never crosses file systems. The
parent moves a unit's files once it and every unit before it are done, and only
when no earlier workbook of the batch produced the same file name, so two units
never overwrite each other. An interrupted batch keeps the units already built.
"""
from __future__ import annotations

import multiprocessing
import shutil
import sys
import tempfile
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from . import signals
from .atomic import replace_path
from .findings import ERROR, FindingsError, InputError, LayoutFailure
from .paths import DEPARTMENT_FILE, os_reason
from .pdf_process import start_if_useful


@dataclass
class Outcome:
    source: Path
    staged: list[Path] = field(default_factory=list)
    error: str = ""
    hints: int = 0
    unusable_output: bool = False  # the output folder, not the workbook, was at fault


def collect(inputs: list[str], units: bool = True) -> tuple[list[Path], list[Outcome]]:
    """Workbooks named or found under folders; Excel's lock files (~$…) are skipped in
    folders, and named directly they reach the reader, which explains what they are.
    A department folder (one with 部门.xlsx) found is a source too, after its units'
    workbooks (left out when not `units`)."""
    found: list[Path] = []
    missing: list[Outcome] = []
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            departments = sorted(p.parent for p in path.rglob(DEPARTMENT_FILE) if p.is_file())
            found += sorted(p for p in path.rglob("*.xlsx")
                            if not p.name.startswith(("~$", ".")) and p.is_file()
                            and p.name != DEPARTMENT_FILE and (units or p.parent not in departments))
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
                 previous=(), profile_name: str | None = None) -> Outcome:
    from .build import build_one
    from .profile import ProfileError

    try:
        if source.is_dir():  # a department folder
            from .department import build_department

            result = build_department(source, stage, formats, templates, pdf_process)
        else:
            result = build_one(source, stage, formats, templates, pdf_process, previous, profile_name)
        return Outcome(source, result.outputs, hints=len(result.findings))
    except InputError as exc:
        return Outcome(source, error=str(exc.finding))
    except FindingsError as exc:
        return Outcome(source, error=_describe(exc))
    except ProfileError as exc:
        return Outcome(source, error=f"模板错误：{exc}")
    except LayoutFailure as exc:
        return Outcome(source, error=str(exc))
    except OSError as exc:  # the reader turns its own into InputError: this is the machine's
        other = exc.filename and not Path(exc.filename).is_relative_to(stage)
        what = f"无法读写文件 {exc.filename}" if other else "无法写入输出文件"
        return Outcome(source, error=f"{what}（{os_reason(exc)}），填报表本身没有问题。",
                       unusable_output=True)
    except Exception as exc:  # a bug must not stop the batch or show a traceback
        return Outcome(source, error=f"内部错误（{type(exc).__name__}：{exc}），请将填报表发给技术支持。")


def _progress(done: int, total: int, outcome: Outcome) -> None:
    width = 30
    filled = width * done // total
    status = "失败" if outcome.error else "完成"
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {status} {outcome.source.name}",
          file=sys.stderr, end="\n" if done == total or not sys.stderr.isatty() else "", flush=True)


class _Worker:
    """A process that builds one workbook at a time. The parent knows which one, so a
    worker that dies (killed, out of memory) fails that workbook only."""

    def __init__(self, context, others: list[_Worker], options: tuple):
        self.conn, child = context.Pipe()
        self.index: int | None = None
        # A forked child inherits the others' pipe ends: it closes them, so that each worker
        # sees the parent go. A spawned child inherits nothing.
        inherited = [w.conn for w in others] if context.get_start_method() == "fork" else []
        self.process = context.Process(target=_serve, daemon=True,
                                       args=(child, inherited, options))
        self.process.start()
        child.close()

    def give(self, index: int, task) -> None:
        self.index = index
        self.conn.send(task)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _serve(conn, inherited, options: tuple) -> None:
    """`options`: what build_staged takes after the workbook and its staging folder."""
    signals.for_worker()
    for other in inherited:
        other.close()
    try:
        while (task := conn.recv()) is not None:
            conn.send(build_staged(*task, *options))
    except (EOFError, OSError):  # the parent is gone
        pass


def _died(source: Path, process) -> Outcome:
    code = process.exitcode
    how = f"被信号 {-code} 结束" if code is not None and code < 0 else f"退出码 {code}"
    return Outcome(source, error=f"处理该填报表的进程意外终止（{how}），未生成文件；其他填报表照常生成。"
                                 "可能是内存不足或进程被结束，可单独重新生成此填报表。")


def _run_workers(tasks: list[tuple[Path, Path]], jobs: int, options: tuple, done) -> None:
    """Build `tasks` in `jobs` worker processes, calling done(index, outcome) for each."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pending = deque(range(len(tasks)))
    workers: list[_Worker] = []

    def give_next(worker: _Worker | None) -> None:
        index = pending.popleft()
        while True:
            if worker is not None and worker.process.is_alive():
                try:
                    return worker.give(index, tasks[index])
                except OSError:  # it died just now, before it was given the workbook
                    pass
            if worker is not None:
                worker.kill()
                workers.remove(worker)
            # Signals wait until the new worker is in the list the `finally` below ends.
            with signals.blocked():
                worker = _Worker(context, workers, options)
                workers.append(worker)

    try:
        for _ in range(min(jobs, len(tasks))):
            give_next(None)
        while busy := [w for w in workers if w.index is not None]:
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for worker in busy:
                if not ready & {worker.conn, worker.process.sentinel}:
                    continue
                index, worker.index = worker.index, None
                try:
                    outcome = worker.conn.recv()
                except (EOFError, OSError):  # died before it could answer
                    worker.kill()
                    outcome = _died(tasks[index][0], worker.process)
                done(index, outcome)
                if pending:
                    give_next(worker)
    finally:
        for worker in workers:
            worker.kill()


class _Batch:
    """The outcomes in workbook order, and the files moved into the output folder."""

    def __init__(self, sources: list[Path], staging: Path, outdir: Path):
        self.sources, self.staging, self.outdir = sources, staging, outdir
        self.results: list[Outcome | None] = [None] * len(sources)
        self.moved = 0  # units before this one are all in the output folder
        self.claimed: dict[str, Path] = {}

    def task(self, index: int) -> tuple[Path, Path]:
        return self.sources[index], self.staging / str(index)

    def done(self, index: int, outcome: Outcome) -> None:
        self.results[index] = outcome
        _progress(sum(r is not None for r in self.results), len(self.sources), outcome)
        # In workbook order, so which of two same-named units wins never depends on timing.
        while self.moved < len(self.results) and self.results[self.moved] is not None:
            self._move(self.results[self.moved])
            self.moved += 1

    def keep_finished(self) -> int:
        """After an interruption: move every unit already built; returns how many there are."""
        for outcome in self.results[self.moved:]:
            if outcome is not None:
                self._move(outcome)
        return sum(1 for r in self.results if r is not None and not r.error)

    def _move(self, outcome: Outcome) -> None:
        if outcome.error:
            return
        clash = [p.name for p in outcome.staged if p.name in self.claimed]
        if clash:
            outcome.error = (f"输出文件“{clash[0]}”与 {self.claimed[clash[0]].name} 的输出重名"
                             "（单位名称和年度相同），未写入。")
            return
        try:
            for staged in outcome.staged:
                replace_path(staged, self.outdir / staged.name)
                self.claimed[staged.name] = outcome.source
        except OSError as exc:
            outcome.error = f"无法把文件移入输出文件夹 {self.outdir}（{os_reason(exc)}），填报表本身没有问题。"
            outcome.unusable_output = True


def build_all(inputs: list[str], outdir: Path, formats, templates: Path | None, jobs: int,
              previous=(), profile_name: str | None = None, units: bool = True) -> int:
    sources, outcomes = collect(inputs, units)
    if not sources and not outcomes:
        print("错误：没有找到任何 .xlsx 填报表。", file=sys.stderr)
        return 2
    staging = pdf_process = None
    try:
        # Signals wait while a folder or process is made and not yet known to the `finally`.
        with signals.blocked():
            try:
                outdir.mkdir(parents=True, exist_ok=True)
                staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=outdir))
            except OSError as exc:
                print(f"错误：无法使用输出文件夹 {outdir}：{os_reason(exc)}。请用 -o 指定一个可以写入的文件夹。",
                      file=sys.stderr)
                return 2
            # Forked before the heavy imports, so its start-up overlaps ours (see pdf_process).
            pdf_process = start_if_useful(len(sources), jobs, formats)
        batch = _Batch(sources, staging, outdir)
        try:
            if jobs > 1 and len(sources) > 1:
                _run_workers([batch.task(i) for i in range(len(sources))], jobs,
                             (formats, templates, None, previous, profile_name), batch.done)
            else:
                for index in range(len(sources)):
                    batch.done(index, build_staged(*batch.task(index), formats, templates, pdf_process,
                                                    previous, profile_name))
        except BaseException:  # interrupted: what is built stays, nothing half-written does
            kept = batch.keep_finished()
            print(f"\n已停止：{kept} 个已生成的单位的文件保留在 {outdir}，其余未生成。", file=sys.stderr)
            raise
    finally:
        if pdf_process:
            pdf_process.stop()
        if staging:
            shutil.rmtree(staging, ignore_errors=True)
    outcomes += batch.results
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
    if any(o.unusable_output for o in failed):
        return 2
    return 1 if failed else 0

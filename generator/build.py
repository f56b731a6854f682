"""One workbook in, documents out: read → compute → check → assemble → write."""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .assemble import build_document
from .checks import run_checks
from .findings import ERROR, HINT, Finding, FindingsError, excerpt, has_errors
from .kinds import PIPELINES, read
from .paths import DOCUMENT_FORMATS, FORMATS, output_path, output_suffix, safe_component
from .profile import PROFILE_NAME, TEMPLATES_DIR, ProfileError, load_profile


@dataclass
class Result:
    source: Path
    outputs: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


LABELS = {"budget": "单位预算公开", "final": "部门决算公开"}
# A department's consolidated document; its 决算 must not take the 本级's own file name.
DEPARTMENT_LABELS = {"budget": "部门预算公开", "final": "部门决算公开（含下属单位）"}
UNNAMED = "未命名单位"


def _file_name(model) -> tuple[str, list[str]]:
    """The output file name without suffix, and how the 单位名称 had to change for it."""
    label = (DEPARTMENT_LABELS if model.members else LABELS)[model.unit.kind]
    tail, _ = safe_component(f"{model.unit.year}年度{label}")
    room = len(tail.encode()) + max(len(output_suffix(fmt).encode()) for fmt in FORMATS)
    name, changes = safe_component(model.unit.name, room)
    return f"{name or UNNAMED}{tail}", changes


def output_name(model) -> str:
    return _file_name(model)[0]


def _unit_findings(model) -> list[Finding]:
    """The 模板 cell names a profile, never a path; a 单位名称 unfit for a file name is renamed."""
    form, findings = model.unit.form, []
    profile = model.unit.profile
    if profile and not PROFILE_NAME.fullmatch(profile):
        findings.append(Finding(
            ERROR, "profile_name",
            f"“模板”只能填写模板名称（字母、数字、-、_，不超过 100 个字符，如 datong-2024-budget），填写的是“{excerpt(profile)}”。",
            form.sheet, form.cells.get("profile", "")))
    stem, changes = _file_name(model)
    if changes:
        shown = "".join(c if c.isprintable() else f"U+{ord(c):04X}" for c in model.unit.name)
        findings.append(Finding(
            HINT, "file_name",
            f"单位名称“{excerpt(shown)}”{'、'.join(changes)}，不能直接用作文件名；"
            f"输出文件改名为“{stem}”（文件内容中的单位名称不变）。",
            form.sheet, form.cells.get("name", "")))
    return findings


def prepare(path: Path, previous=()):
    """Read and check one workbook, against the `previous` workbooks it took figures from
    (--previous); raises FindingsError when it has errors."""
    model, findings = read(path)
    figures = PIPELINES[model.unit.kind].compute(model)
    findings = findings + run_checks(model, figures) + _unit_findings(model)
    if previous:
        from .checks_previous import compare

        findings += compare(model, previous)
    if has_errors(findings):
        raise FindingsError(findings, model)
    return model, figures, findings


def _write_docx(document, profile, target: Path, pages=None) -> None:
    """`pages`: the 目录's page labels (or a function giving them), from the PDF of the same
    document; without them the PDF is laid out into a throwaway file to count its pages."""
    from .writers.docx_writer import write_docx

    if pages is None:
        with tempfile.TemporaryDirectory(prefix=".layout-", dir=target.parent) as tmp:
            pages = _write_pdf(document, profile, _layout_target(tmp))
    write_docx(document, profile.style, target, profile.file("reference.docx"), pages)


def _layout_target(folder) -> Path:
    """Where a PDF laid out only for its page numbers goes (inside a throwaway folder)."""
    return Path(folder) / "layout.pdf"


def _write_pdf(document, profile, target: Path) -> dict[str, str]:
    from .writers.pdf_writer import write_pdf

    return write_pdf(document, profile.style, target)


def _write_xlsx(document, profile, target: Path) -> None:
    from .writers.xlsx_writer import write_xlsx

    write_xlsx(document, profile.style, target)


def _write_csv(document, profile, target: Path) -> None:
    from .writers.csv_writer import write_csv

    write_csv(document, target)


WRITERS = {"docx": _write_docx, "pdf": _write_pdf, "xlsx": _write_xlsx, "csv": _write_csv}


def build_one(path: Path, outdir: Path, formats=DOCUMENT_FORMATS, templates: Path | None = None,
              pdf_process=None, previous=(), profile_name: str | None = None) -> Result:
    """Build one workbook. `profile_name` (--profile) overrides the workbook's 模板 cell.
    `pdf_process`: a PdfProcess started beforehand, which then
    writes the PDF (or, for a .docx alone, lays it out for the 目录's page numbers) while
    this process writes the .docx."""
    return write_documents(Path(path), lambda: prepare(path, previous), outdir, formats, templates,
                           pdf_process, profile_name)


def write_documents(source: Path, load: Callable, outdir: Path, formats=DOCUMENT_FORMATS,
                    templates: Path | None = None, pdf_process=None,
                    profile_name: str | None = None) -> Result:
    """Write the documents of the model `load()` returns as (model, figures, findings): one
    workbook's (build_one) or a department's (department.build_department)."""
    layout = None  # a throwaway folder for a PDF laid out only for its page numbers
    try:
        model, figures, findings = load()
        profile = load_profile(profile_name or model.unit.profile, templates or TEMPLATES_DIR)
        if profile.kind != model.unit.kind:
            raise ProfileError(f"模板“{profile.name}”用于{profile.kind}，与工作簿的公开类型不符")
        context = PIPELINES[model.unit.kind].context(model, figures)
        document = build_document(profile, model, figures, context)
        stem = output_name(model)
        targets = {fmt: output_path(outdir, stem, fmt) for fmt in FORMATS if fmt in formats}
        outputs = list(targets.values())
        Path(outdir).mkdir(parents=True, exist_ok=True)
        # The PDF comes first: its page numbers fill the .docx 目录. A PdfProcess writes it
        # while this process writes the .docx, which then waits for them only at the end.
        pages = None
        if pdf_process:
            if "pdf" in targets:
                pdf_process.send(document, profile.style, targets["pdf"])
            else:
                layout = tempfile.mkdtemp(prefix=".layout-", dir=outdir)
                pdf_process.send(document, profile.style, _layout_target(layout))
            pages = pdf_process.join
        elif "pdf" in targets:
            pages = _write_pdf(document, profile, targets["pdf"])
        if "docx" in targets:
            _write_docx(document, profile, targets["docx"], pages)
        for fmt in ("xlsx", "csv"):
            if fmt in targets:
                WRITERS[fmt](document, profile, targets[fmt])
    except BaseException:
        if pdf_process:
            pdf_process.stop()  # failed or interrupted: kill the child rather than wait for it
        raise
    finally:
        if layout:
            shutil.rmtree(layout, ignore_errors=True)
    if pdf_process:
        pdf_process.join()
    return Result(source, outputs=outputs, findings=findings)

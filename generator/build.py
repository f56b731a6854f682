"""One workbook in, documents out: read → compute → check → assemble → write."""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import checks_final, checks_text, reader  # noqa: F401  (they register their rules)
from .assemble import build_document
from .checks import run_checks
from .compute import compute_budget
from .compute_final import compute_final
from .findings import Finding, FindingsError, has_errors
from .profile import TEMPLATES_DIR, ProfileError, load_profile
from .views import budget_text, final_text

FORMATS = ("docx", "pdf", "xlsx", "csv")
DOCUMENT_FORMATS = ("docx", "pdf")  # built unless asked otherwise; xlsx and csv on request


@dataclass(frozen=True)
class Pipeline:
    compute: Callable  # model -> figures
    context: Callable  # (model, figures) -> narrative template variables
    sample_context: Callable  # () -> every variable, for `templates check`


# One entry per disclosure kind; other kinds register here.
PIPELINES = {"budget": Pipeline(compute_budget, budget_text.context, budget_text.sample_context),
             "final": Pipeline(compute_final, final_text.context, final_text.sample_context)}


@dataclass
class Result:
    source: Path
    outputs: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def output_name(model) -> str:
    label = {"budget": "单位预算公开", "final": "部门决算公开"}[model.unit.kind]
    if model.members:  # a department's consolidated model
        label = {"budget": "部门预算公开", "final": "部门决算公开（含下属单位）"}[model.unit.kind]
    return f"{model.unit.name}{model.unit.year}年度{label}"


def prepare(path: Path, previous=()):
    """Read and check one workbook, against the `previous` workbooks it took figures from
    (--previous); raises FindingsError when it has errors."""
    model, findings = reader.read(path)
    figures = PIPELINES[model.unit.kind].compute(model)
    findings = findings + run_checks(model, figures)
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


def output_path(outdir: Path, stem: str, fmt: str) -> Path:
    """<stem>.docx, .pdf, .xlsx; the CSV tables and their datapackage.json in <stem>-数据/."""
    return Path(outdir) / (f"{stem}-数据" if fmt == "csv" else f"{stem}.{fmt}")


def build_one(path: Path, outdir: Path, formats=DOCUMENT_FORMATS, templates: Path | None = None,
              pdf_process=None, previous=()) -> Result:
    """Build one workbook. `pdf_process`: a PdfProcess started beforehand, which then
    writes the PDF (or, for a .docx alone, lays it out for the 目录's page numbers) while
    this process writes the .docx."""
    return write_documents(Path(path), lambda: prepare(path, previous), outdir, formats, templates,
                           pdf_process)


def write_documents(source: Path, load: Callable, outdir: Path, formats=DOCUMENT_FORMATS,
                    templates: Path | None = None, pdf_process=None) -> Result:
    """Write the documents of the model `load()` returns as (model, figures, findings): one
    workbook's (build_one) or a department's (department.build_department)."""
    layout = None  # a throwaway folder for a PDF laid out only for its page numbers
    try:
        model, figures, findings = load()
        profile = load_profile(model.unit.profile, templates or TEMPLATES_DIR)
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
    finally:
        if pdf_process:
            pdf_process.join()
        if layout:
            shutil.rmtree(layout, ignore_errors=True)
    return Result(source, outputs=outputs, findings=findings)

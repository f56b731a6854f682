"""Findings: errors and hints as data, each with a position in the workbook."""
from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "错误"
HINT = "提示"
EXCERPT = 30  # characters of an entered value quoted back in a message


def excerpt(value) -> str:
    """An entered value as quoted in a message, cut short so a huge cell cannot flood it."""
    text = str(value)
    return text if len(text) <= EXCERPT else f"{text[:EXCERPT]}……（共 {len(text):,} 个字符）"


@dataclass(frozen=True)
class Finding:
    severity: str  # ERROR blocks the build, HINT does not
    rule: str  # short rule id, e.g. "economic_total"
    message: str  # the rule in words, with the values compared
    sheet: str = ""
    cell: str = ""  # e.g. "C5"; empty when the finding is about a whole sheet or file
    related: tuple[str, ...] = field(default=())  # other cells involved, "sheet!C5"

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet

    def __str__(self) -> str:
        where = f"【{self.where}】" if self.where else "："
        return f"{self.severity}{where}{self.message}"


class InputError(Exception):
    """The input cannot be read at all (not a workbook, missing sheet...)."""

    def __init__(self, finding: Finding):
        super().__init__(str(finding))
        self.finding = finding


class LayoutFailure(Exception):
    """Something in the document fits on no page of the PDF: a style.yaml with sizes, margins
    or spacing too large for a page, or a bug; never the workbook's doing (long text splits)."""

    @classmethod
    def on_page(cls, page: int | None) -> LayoutFailure:
        where = f"第{page}页附近" if page else ""
        return cls(f"PDF 无法排版：{where}有内容在页面上放不下。使用修改过的模板时，请调小 style.yaml 的"
                         f"字号、页边距或行距后再试；使用内置模板时请将填报表发给技术支持。")



class FindingsError(Exception):
    """Raised when a workbook has findings of severity ERROR; carries all findings."""

    def __init__(self, findings: list[Finding], model=None):
        self.findings = findings
        self.model = model  # what was read despite the errors (a department names its units by it)
        errors = [f for f in findings if f.severity == ERROR]
        super().__init__("\n".join(str(f) for f in errors))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)

"""Findings: errors and hints as data, each with a position in the workbook."""
from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "错误"
HINT = "提示"


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


class FindingsError(Exception):
    """Raised when a workbook has findings of severity ERROR; carries all findings."""

    def __init__(self, findings: list[Finding], model=None):
        self.findings = findings
        self.model = model  # what was read despite the errors (a department names its units by it)
        errors = [f for f in findings if f.severity == ERROR]
        super().__init__("\n".join(str(f) for f in errors))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)

"""`check|build --previous`: the figures a workbook took from another workbook, compared
with what that workbook computes (see carry for which figures).

A difference is an error naming the cell in each file, unless the accountant explains it
in the 调整说明 column (口径调整): then it is a hint that quotes the explanation.
"""
from __future__ import annotations

from pathlib import Path

from . import fmt, schema
from .carry import BUDGET_OF_YEAR, PRIOR, Link, describe, links, role
from .checks import yuan_and_wan
from .findings import ERROR, HINT, Finding, FindingsError, InputError
from .kinds import PIPELINES, read
from .model import ZERO

RULES = {PRIOR: ("previous_year", "上年数应与上年填报表计算的数一致"),
         BUDGET_OF_YEAR: ("year_budget", "年初预算数应与本年预算填报表计算的数一致")}


def _entered(model, link: Link):
    """(value, cell, 调整说明, its cell) of the link's figure as entered in `model`."""
    target = getattr(model, link.sheet.key)
    if isinstance(link.sheet, schema.FormSheet):
        cell = target.ref(link.key)
        return (target.money(link.key), cell, target.adjustments.get(link.key, ""),
                "D" + cell[1:] if cell else "")
    first = link.sheet.columns[0].key
    row = next((r for r in target if getattr(r, first) == link.row), None)
    if row is None:
        return ZERO, "", "", ""
    return getattr(row, link.key), row.ref(link.key), row.adjustment, row.ref("adjustment")


def _entered_only(model, found: list[Link]) -> list[Link]:
    """Zero links for table rows that carry a figure the source workbook has none of."""
    covered = {(link.sheet.name, link.key, link.row) for link in found}
    extra = []
    for link in found:
        if isinstance(link.sheet, schema.FormSheet):
            continue
        first = link.sheet.columns[0].key
        for row in getattr(model, link.sheet.key):
            key = (link.sheet.name, link.key, getattr(row, first))
            if key not in covered and getattr(row, link.key):
                covered.add(key)
                label = link.label.split(" ")[-1] if " " in link.label else link.label
                extra.append(Link(f"{getattr(row, first)} {label}", link.sheet, link.key,
                                  getattr(row, first), ZERO, "（无此项）", link.strict))
    return extra


def _problem(source: Path, message: str) -> Finding:
    return Finding(ERROR, "previous_file", f"无法与《{source.name}》比对：{message}")


def compare(model, previous: list[Path]) -> list[Finding]:
    findings: list[Finding] = []
    unit = model.unit
    for path in map(Path, previous):
        try:
            source, _findings = read(path)
        except InputError as exc:
            findings.append(_problem(path, str(exc.finding)))
            continue
        except FindingsError as exc:
            errors = [f for f in exc.findings if f.severity == ERROR]
            findings.append(_problem(path, f"它有 {len(errors)} 个错误（如 {errors[0]}），"
                                           "请先用 disclosure check 检查并改正它。"))
            continue
        source_role = role(unit.kind, unit.year, source.unit.kind, source.unit.year)
        if source_role is None:
            findings.append(_problem(path, (
                f"它是{source.unit.year}年度{schema.KIND_LABELS[source.unit.kind]}填报表，"
                f"本填报表是{unit.year}年度{schema.KIND_LABELS[unit.kind]}，应给上年（{unit.year - 1}年度）"
                f"的同类填报表" + ("，或本年度的预算填报表。" if unit.kind == "final" else "。"))))
            continue
        figures = PIPELINES[source.unit.kind].compute(source)
        found = links(unit.kind, source, figures, source_role)
        rule, words = RULES[source_role]
        where = describe(path, source_role, source.unit.year)
        for link in found + _entered_only(model, found):
            value, cell, adjustment, adjustment_cell = _entered(model, link)
            if fmt.shown(value, unit.money_unit) == fmt.shown(link.value, unit.money_unit):
                continue
            here = f"{link.sheet.name}!{cell}" if cell else f"“{link.sheet.name}”表（没有这一行）"
            message = (f"“{link.label}”填写为 {yuan_and_wan(value)}（本表 {here}），"
                       f"{where}计算为 {yuan_and_wan(link.value)}（该表 {link.source}）。")
            if adjustment:
                findings.append(Finding(HINT, rule, f"{message}已在“调整说明”注明：{adjustment}",
                                        link.sheet.name, adjustment_cell or cell))
            elif not link.strict:
                findings.append(Finding(HINT, rule, f"{message}如年内调整过预算，属正常；否则请核对。",
                                        link.sheet.name, cell))
            else:
                findings.append(Finding(ERROR, rule, (
                    f"{message}规则：{words}。请改正；确因口径调整而不同的，请在同一行的"
                    f"“{schema.ADJUSTMENT}”列写明原因。"), link.sheet.name, cell))
    return findings

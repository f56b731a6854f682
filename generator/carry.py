"""Year to year: the figures a workbook takes from another workbook.

A new year's workbook takes its 上年数 (and the 三公 上年预算数 / 上年决算数, the 上年决算数
by 类) from last year's workbook of the same kind, and a 决算 takes its 年初预算数 (and the
三公 全年预算数 to start from) from the same year's 预算. Each such figure is a Link: where
it goes in the new workbook, its value as the source workbook computes it, and the cells
it comes from. `disclosure init --from` writes the links' values; `--previous` compares
them with what was entered (checks_previous).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Iterable

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

from .budget import schema
from .classification import function_name
from .final import schema as sf
from .final.compute import spent
from .budget.model import CURRENT, FISCAL_SOURCES, GPB, Located
from .kinds import PIPELINES, SHEETS_BY_KIND

WAN = Decimal(10000)
PRIOR, BUDGET_OF_YEAR = "prior", "budget"  # what a source workbook is to the new one


@dataclass(frozen=True)
class Link:
    """One figure the new workbook takes from a source workbook."""

    label: str  # as messages name it
    sheet: schema.Sheet  # its sheet in the new workbook
    key: str  # the field (form) or column (table) key
    row: str | None  # table rows: the value of the row's first column (三公 item, 类 code)
    value: Decimal  # 元, as the source workbook computes it
    source: str  # the source cells it is computed from, e.g. 收支科目!E2:F31
    strict: bool = True  # a difference is an error (else a hint: budgets are adjusted in the year)


def span(rows: Iterable[Located], keys: tuple[str, ...]) -> str:
    """The cells of `keys` in `rows` as ranges per sheet: "收支科目!E2:F31"."""
    by_sheet: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        for key in keys:
            ref = row.cells.get(key)
            if ref:
                letters, number = coordinate_from_string(ref)
                by_sheet.setdefault(row.sheet, []).append((column_index_from_string(letters), number))
    parts = []
    for sheet, cells in by_sheet.items():
        cols, nums = [c for c, _ in cells], [n for _, n in cells]
        first = f"{get_column_letter(min(cols))}{min(nums)}"
        last = f"{get_column_letter(max(cols))}{max(nums)}"
        parts.append(f"{sheet}!{first}" + (f":{last}" if last != first else ""))
    return "、".join(parts) or "（无数据）"


def _class_name(code: str) -> str:
    return function_name(code) or ""


def budget_prior(model, fig, context: dict) -> list[Link]:
    """Last year's 预算 → this year's 预算: 上年数 and the 三公 上年预算数."""
    ly = schema.LAST_YEAR
    money_rows = (model.functions, ("basic", "project"))
    gpb_current = [r for r in model.functions if r.source == GPB and r.period == CURRENT]
    links = [
        Link(ly.field("income_total").label, ly, "income_total", None, context["收入总计"],
             span(*money_rows)),
        Link(ly.field("expense_total").label, ly, "expense_total", None, context["支出总计"],
             span(*money_rows)),
        Link(ly.field("gpb_current").label, ly, "gpb_current", None, context["一般公共预算当年"],
             span(gpb_current, ("basic", "project"))),
        Link(ly.field("admin_cost").label, ly, "admin_cost", None, context["机关运行经费"],
             span(model.economic, ("public",))),
    ]
    rows = {r.item: r for r in model.three_public}
    for item in schema.THREE_PUBLIC.fixed_rows:
        links.append(Link(f"{item}上年预算数", schema.THREE_PUBLIC, "last_year", item,
                          fig.three_public.get(item), span([rows[item]] if item in rows else [],
                                                           ("gpb", "soc"))))
    return links


def final_prior(model, fig, context: dict) -> list[Link]:
    """Last year's 决算 → this year's 决算: 上年数, 上年决算数 by 类 and of the 三公."""
    ly = sf.LAST_YEAR_FINAL
    income_keys = tuple(key for key, _ in sf.INCOME_TYPES)
    kinds = tuple(key for key, _ in sf.SPENDING_KINDS)
    fiscal = [r for r in model.spending if r.source in FISCAL_SOURCES]
    income_cells = "、".join(filter(None, [span(model.income, income_keys),
                                           span(model.spending, ("opening",))]))
    expense_cells = span(model.spending, kinds + ("closing",))
    links = [
        Link(ly.field("income_total").label, ly, "income_total", None, context["收入总计"],
             f"{income_cells}、{span([model.surplus], ('used',))}"),
        Link(ly.field("expense_total").label, ly, "expense_total", None, context["支出总计"],
             f"{expense_cells}、{span([model.surplus], ('distribution',))}"),
        Link(ly.field("fiscal_income_total").label, ly, "fiscal_income_total", None,
             context["财政拨款"]["收入总计"],
             f"{span(model.income, ('gpb', 'fund', 'soc'))}、{span(fiscal, ('opening',))}"),
        Link(ly.field("fiscal_expense_total").label, ly, "fiscal_expense_total", None,
             context["财政拨款"]["支出总计"], span(fiscal, kinds + ("closing",))),
        Link(ly.field("admin_cost").label, ly, "admin_cost", None, context["机关运行经费"],
             span(model.economic, ("amount",))),
    ]
    for code, amounts in sorted(fig.classes.items()):
        value = spent(amounts, (GPB,))
        if value:
            rows = [r for r in model.spending if r.code.startswith(code) and r.source == GPB]
            links.append(Link(f"{code} {_class_name(code)} 上年决算数", sf.CLASSES, "last_year", code,
                              value, span(rows, kinds)))
    rows = {r.item: r for r in model.three_public}
    for item in sf.THREE_PUBLIC_FINAL.fixed_rows:
        links.append(Link(f"{item}上年决算数", sf.THREE_PUBLIC_FINAL, "last_year", item,
                          fig.three_public.get(item, "actual"),
                          span([rows[item]] if item in rows else [], ("actual",))))
    return links


def final_budget(model, fig, context: dict) -> list[Link]:
    """The year's 预算 → its 决算: 年初预算数 of 一般公共预算 by 类 (当年预算 and 上年结转, as
    the 预算's 财政拨款收支总表 shows them), and the 三公 全年预算数 to start from."""
    links = []
    for code, amounts in sorted(fig.classes.items()):
        value = amounts.sum(sources=(GPB,))
        if value:
            rows = [r for r in model.functions if r.code.startswith(code) and r.source == GPB]
            links.append(Link(f"{code} {_class_name(code)} 年初预算数", sf.CLASSES, "budget", code, value,
                              span(rows, ("basic", "project"))))
    rows = {r.item: r for r in model.three_public}
    for item in sf.THREE_PUBLIC_FINAL.fixed_rows:
        # 全年预算数 is the budget after the year's adjustments: a difference is only a hint.
        links.append(Link(f"{item}全年预算数", sf.THREE_PUBLIC_FINAL, "budget", item,
                          fig.three_public.get(item),
                          span([rows[item]] if item in rows else [], ("gpb", "soc")), strict=False))
    return links


# (kind of the new workbook, kind of the source, what the source is) -> its links.
LINKS = {("budget", "budget", PRIOR): budget_prior,
         ("final", "final", PRIOR): final_prior,
         ("final", "budget", BUDGET_OF_YEAR): final_budget}


def role(kind: str, year: int, source_kind: str, source_year: int) -> str | None:
    """What a source workbook is to a new workbook of `kind` and `year`, or None when it
    serves it in no way."""
    if (kind, source_kind, PRIOR) in LINKS and source_year == year - 1:
        return PRIOR
    if (kind, source_kind, BUDGET_OF_YEAR) in LINKS and source_year == year:
        return BUDGET_OF_YEAR
    return None


def links(kind: str, source_model, source_figures, source_role: str) -> list[Link]:
    context = PIPELINES[source_model.unit.kind].context(source_model, source_figures)
    return LINKS[(kind, source_model.unit.kind, source_role)](source_model, source_figures, context)


def in_unit(yuan: Decimal, money_unit: str) -> Decimal:
    """An amount in 元 as entered in a workbook of `money_unit` (exact, never rounded)."""
    return yuan / WAN if money_unit == "万元" else yuan


def describe(path: Path, source_role: str, year: int) -> str:
    what = "上年填报表" if source_role == PRIOR else f"{year}年度预算填报表"
    return f"{what}《{Path(path).name}》"


# -- `disclosure init --from`: a new workbook started from others -------------------------
class CarryError(Exception):
    """The source workbooks cannot start the workbook asked for; the message says why."""


@dataclass
class Source:
    path: Path
    role: str
    model: object
    figures: object


# Texts that usually stay from one year to the next, by sheet (the unit's sheet is whole).
PERSISTING = {
    "budget": {schema.NOTES: ("purchase_catalogue",)},
    "final": {sf.OVERALL: ("code", "contact", "phone", "departments", "subordinates",
                           "staff_quota", "functions", "strategy")},
}


def plan(kind: str, sources: list[Source]) -> int:
    """Give each source its role for a new workbook of `kind`; returns the new year."""
    years = set()
    for src in sources:
        unit = src.model.unit
        label = schema.KIND_LABELS[unit.kind]
        if unit.kind == kind:
            src.role, year = PRIOR, unit.year + 1
        elif (kind, unit.kind, BUDGET_OF_YEAR) in LINKS:
            src.role, year = BUDGET_OF_YEAR, unit.year
        else:
            raise CarryError(f"《{src.path.name}》是{label}填报表，{schema.KIND_LABELS[kind]}填报表"
                             f"只能从上年的{schema.KIND_LABELS[kind]}填报表开始。")
        years.add(year)
    roles = [src.role for src in sources]
    if len(set(roles)) != len(roles):
        raise CarryError("同一种来源只能给一个：上年的同类填报表一个，（决算）本年预算填报表一个。")
    if len(years) != 1:
        described = "、".join(f"《{s.path.name}》{s.model.unit.year}年度" for s in sources)
        raise CarryError(f"来源填报表的年度对不上（{described}）：决算应从上年决算和本年预算开始。")
    return years.pop()


def _default_profile(kind: str) -> str:
    """The built-in unit template of `kind`, when there is exactly one (a department's is
    not a unit's: its outline says `department: true`)."""
    from .profile import TEMPLATES_DIR, load_yaml

    outlines = {d.name: load_yaml(d / "outline.yaml") or {}
                for d in sorted((TEMPLATES_DIR / "profiles").iterdir()) if (d / "outline.yaml").is_file()}
    names = [name for name, outline in outlines.items()
             if outline.get("kind") == kind and not outline.get("department")]
    return names[0] if len(names) == 1 else ""


def _unit_values(kind: str, year: int, base, money_unit: str) -> dict:
    unit = base.model.unit
    values = dict(unit.form.values)
    values.update(year=year, kind=schema.KIND_LABELS[kind], money_unit=money_unit)
    if unit.kind != kind:
        values["profile"] = _default_profile(kind)
        old, new = (schema.KIND_LABELS[k] + "公开" for k in (unit.kind, kind))
        values["scope"] = (values.get("scope") or "").replace(old, new)
    return {f.label: values.get(f.key) for f in schema.UNIT_INFO.fields}


def carried_data(kind: str, sources: list[Source]) -> dict:
    """The data of a new workbook (as workbook.write_workbook takes it) started from
    `sources`: the unit and its persisting texts, the year, and every linked figure;
    this year's amounts and reasons are left empty."""
    year = plan(kind, sources)
    base = next((s for s in sources if s.role == PRIOR), sources[0])
    all_links = [link for s in sources
                 for link in links(kind, s.model, s.figures, s.role)]
    money_unit = base.model.unit.money_unit
    # Amounts entered in 万元 have two decimals; a source entered in 元 may not fit them.
    if money_unit == "万元" and any(link.value % 100 for link in all_links):
        money_unit = "元"
    data: dict = {schema.UNIT_INFO.name: _unit_values(kind, year, base, money_unit)}
    if base.role == PRIOR:
        old = base.model
        for sheet, keys in PERSISTING[kind].items():
            form = getattr(old, sheet.key)
            data[sheet.name] = {sheet.field(k).label: form.get(k) for k in keys}
    as_of = schema.ASSETS.field("as_of").label
    data[schema.ASSETS.name] = {as_of: f"{year - 1 if kind == 'budget' else year}年12月31日"}
    tables: dict[str, dict[str, dict]] = {}
    for link in all_links:
        amount = in_unit(link.value, money_unit)
        if isinstance(link.sheet, schema.FormSheet):
            # Written even when zero: the 上年数 fields are required.
            data.setdefault(link.sheet.name, {})[link.sheet.field(link.key).label] = amount
        elif link.value:  # a blank table cell is zero
            first = link.sheet.columns[0].header
            row = tables.setdefault(link.sheet.name, {}).setdefault(link.row, {first: link.row})
            row[link.sheet.column(link.key).header] = amount
    for spec in (schema.THREE_PUBLIC, sf.THREE_PUBLIC_FINAL):
        if spec.name in tables and spec in SHEETS_BY_KIND[kind]:
            rows = tables.pop(spec.name)
            first = spec.columns[0].header
            data[spec.name] = [rows.get(item, {first: item}) for item in spec.fixed_rows]
    if sf.CLASSES.name in tables:
        # 主要用途 is not carried: it quotes the year's own figures.
        rows = tables.pop(sf.CLASSES.name)
        for code, row in rows.items():
            row[sf.CLASSES.column("name").header] = _class_name(code)
        data[sf.CLASSES.name] = [rows[code] for code in sorted(rows)]
    return data


def start_from(kind: str | None, paths: list[Path], prepare) -> tuple[str, dict]:
    """Read and check the source workbooks; the new workbook's kind (that of the first
    source when not given) and data; `prepare` is `build.prepare` (passed in: build sits above
    this module). Raises CarryError, InputError or FindingsError."""
    sources = []
    for path in paths:
        model, figures, _findings = prepare(Path(path))
        sources.append(Source(Path(path), "", model, figures))
    kind = kind or sources[0].model.unit.kind
    return kind, carried_data(kind, sources)

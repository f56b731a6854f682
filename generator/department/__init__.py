"""Departments: one 部门预算公开 / 部门决算公开 for a 主管部门's 本级 and its subordinate units
(issue 14).

Design
- A department is a folder holding 部门.xlsx and one workbook per unit. 部门.xlsx has one
  sheet 部门: B1 the department's name, B2 its profile, and from row 5 down, column B, the
  units' 单位名称 in the order the document lists them, the 本级 first. Units are matched by
  the 单位名称 in their workbooks, never by file name, so no path comes from the input.
- Each unit is read and checked exactly as alone (build.prepare); its errors are its own and
  block the department document, which names the unit's file. Cross-unit rules (DEPT_RULES)
  come on top. The consolidated model is not checked again: its facts are the units' checked
  facts, and its words (变动原因 …) are the 本级's.
- The department's model is the units' facts together: every table is a projection of the
  facts, so compute and the views need nothing new, except the per-unit rows of 机关运行经费
  (figures.admin_units, only 行政 and 参公 units count). Projects keep their 实施单位; forms
  are renumbered in department order. The profile words the text (本部门, 机构设置 from
  model.members).
- A folder build (batch.collect) builds a department folder's document besides each unit's.
- A 决算 department eliminates the transfers inside it (transfers()): the 本级's
  对附属单位补助支出 against its units' 上级补助收入, the units' 上缴上级支出 against the 本级's
  附属单位上缴收入; the two sides must agree (dept_transfer), and the note says what was taken out.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from ..build import DOCUMENT_FORMATS, PIPELINES, UNNAMED, Result, prepare, write_documents
from ..budget.model import Budget
from ..cells import strip_invisible
from ..final.model import FinalAccounts
from ..findings import ERROR, HINT, Finding, FindingsError, InputError, has_errors
from ..fmt import money
from ..model import ZERO, Form, Unit
from ..paths import DEPARTMENT_FILE, safe_component
from ..profile import PROFILE_NAME
from ..safe_open import open_workbook
from ..schema import KIND_LABELS, UNIT_INFO

SHEET = "部门"
FIRST_UNIT_ROW = 5
MAX_UNITS = 500  # the descriptor is untrusted input: its list is bounded
MAX_NAME = 100

DEPT_RULES = {
    "dept_descriptor": "部门.xlsx 须写明部门名称、模板和单位名单",
    "dept_unit_errors": "各单位的填报表没有错误，部门文件才能生成",
    "dept_kind": "部门内各单位的年度和公开类型（预算或决算）相同",
    "dept_code": "部门内各单位的主管部门及代码相同",
    "dept_unit_once": "每个单位只列一次、只有一份填报表",
    "dept_unit_missing": "名单中的单位在文件夹中有填报表",
    "dept_unit_unlisted": "文件夹中的填报表都列在名单中",
    "dept_transfer": "决算中部门内部的补助和上缴两方金额一致，合并时相互抵消",
}
TRANSFER_WORDS = {
    "对附属单位补助": "本级（{head}）对附属单位补助支出{one}万元，与下属单位上级补助收入合计{other}万元不一致",
    "上缴上级": "下属单位上缴上级支出合计{one}万元，与本级（{head}）附属单位上缴收入{other}万元不一致",
}


@dataclass
class Descriptor:
    name: str
    profile: str
    units: list[tuple[str, str]]  # (单位名称, its cell in 部门.xlsx), in order
    hints: list[Finding] = field(default_factory=list)


@dataclass
class Member:
    path: Path
    model: Budget | None = None
    figures: object = None
    findings: list[Finding] = field(default_factory=list)


def workbooks(folder: Path) -> list[Path]:
    """The unit workbooks of a department folder (its own level only)."""
    return sorted(p for p in Path(folder).glob("*.xlsx")
                  if p.name != DEPARTMENT_FILE and not p.name.startswith(("~$", ".")) and p.is_file())


def _finding(rule: str, message: str, cell: str = "", sheet: str = SHEET) -> Finding:
    return Finding(ERROR, rule, f"{message}（规则：{DEPT_RULES[rule]}）", sheet if cell else "", cell)


def read_descriptor(folder: Path) -> Descriptor:
    path = Path(folder) / DEPARTMENT_FILE
    wb = open_workbook(path)
    if SHEET not in wb.sheetnames:
        raise InputError(_finding("dept_descriptor", f"{DEPARTMENT_FILE} 中没有“{SHEET}”工作表"))
    ws = wb[SHEET]

    hints: list[Finding] = []

    def text(cell: str) -> str:
        # Names are matched against the units' 单位名称, which the reader strips the same way.
        value = ws[cell].value
        cleaned, count = strip_invisible("" if value is None else str(value))
        if count:
            hints.append(Finding(HINT, "invisible_chars", f"{DEPARTMENT_FILE} 的“{cleaned.strip()[:MAX_NAME]}”含有 {count} 个"
                                                          f"不可见字符（零宽空格等，常随复制粘贴带入），已删除。", SHEET, cell))
        return cleaned.strip()

    name, profile = text("B1"), text("B2")
    units = []
    for row in range(FIRST_UNIT_ROW, min(ws.max_row, FIRST_UNIT_ROW + MAX_UNITS) + 1):
        unit = text(f"B{row}")
        if unit:
            units.append((unit, f"B{row}"))
    for value, cell, label in ((name, "B1", "部门名称"), (profile, "B2", "模板")):
        if not value:
            raise InputError(_finding("dept_descriptor", f"{DEPARTMENT_FILE} 没有填写{label}", cell))
    # The name makes the output file's name: no folder separators, no control characters.
    if len(name) > MAX_NAME or any(c in name for c in '/\\:') or not name.isprintable():
        raise InputError(_finding("dept_descriptor", f"{DEPARTMENT_FILE} 的部门名称“{name[:MAX_NAME]}”不能用作文件名"
                                                     f"（不超过 {MAX_NAME} 个字，不含 / \\ : 和控制字符）", "B1"))
    if not PROFILE_NAME.fullmatch(profile):  # a name under templates/, never a path
        raise InputError(_finding("dept_descriptor", f"{DEPARTMENT_FILE} 的模板只能填写模板名称（字母、数字、-、_，不超过 100 个字符，"
                                                     f"如 datong-2024-department），填写的是“{profile[:MAX_NAME]}”", "B2"))
    if not units:
        raise InputError(_finding("dept_descriptor", f"{DEPARTMENT_FILE} 的单位名单（B{FIRST_UNIT_ROW} 起）是空的",
                                  f"B{FIRST_UNIT_ROW}"))
    return Descriptor(name, profile, units, hints)


def write_descriptor(path: Path, name: str, profile: str, units: list[str], note: str = "") -> None:
    """Write a 部门.xlsx (tools/make_examples.py, tests)."""
    from openpyxl import Workbook

    from ..atomic import atomic_path

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(["部门名称", name])
    ws.append(["模板", profile])
    ws.append(["说明", note or "单位名单自第5行起，第一个为本级，顺序即公开文件中的顺序"])
    ws.append(["序号", "单位名称"])
    for i, unit in enumerate(units, start=1):
        ws.append([i, unit])
    with atomic_path(path) as tmp:
        wb.save(tmp)


def read_members(folder: Path) -> list[Member]:
    """Each unit workbook read and checked as alone; a unit that cannot be read at all keeps
    its reason as its one finding."""
    members = []
    for path in workbooks(folder):
        try:
            model, figures, findings = prepare(path)
            members.append(Member(path, model, figures, findings))
        except FindingsError as exc:
            members.append(Member(path, exc.model, None, exc.findings))
        except InputError as exc:
            members.append(Member(path, None, None, [exc.finding]))
    return members


def cross_checks(descriptor: Descriptor, members: list[Member]) -> list[Finding]:
    findings = list(descriptor.hints)
    stem, changes = safe_component(descriptor.name)
    if changes:
        findings.append(Finding(HINT, "file_name", f"部门名称“{descriptor.name}”{'、'.join(changes)}，不能直接用作"
                                                   f"文件名；输出文件名中改用“{stem or UNNAMED}”（文件内容中的部门名称不变）。",
                                SHEET, "B1"))
    for m in members:
        if has_errors(m.findings):
            errors = sum(f.severity == ERROR for f in m.findings)
            findings.append(_finding("dept_unit_errors", f"{m.path.name} 有 {errors} 个错误，部门文件不能生成；"
                                                         f"请运行 disclosure check “{m.path}” 查看并改正"))
    read = [m for m in members if m.model is not None]
    listed = [name for name, _ in descriptor.units]
    seen: dict[str, str] = {}
    for name, cell in descriptor.units:
        if name in seen:
            findings.append(_finding("dept_unit_once", f"单位“{name}”在名单中列了两次（{seen[name]} 和 {cell}）", cell))
        seen.setdefault(name, cell)
    files: dict[str, Path] = {}
    for m in read:
        name = m.model.unit.name
        if name in files:
            findings.append(_finding("dept_unit_once", f"单位“{name}”有两份填报表：{files[name].name} 和 {m.path.name}"))
        files.setdefault(name, m.path)
        if name not in listed:
            findings.append(_finding("dept_unit_unlisted", f"{m.path.name} 的单位“{name}”不在 {DEPARTMENT_FILE} 的单位名单中"))
    for name, cell in descriptor.units:
        if name not in files and not any(m.model is None for m in members):
            findings.append(_finding("dept_unit_missing", f"名单中的单位“{name}”在文件夹中没有填报表", cell))
    if read:
        first = next((m for m in read if m.model.unit.name == listed[0]), read[0])
        unit = first.model.unit
        for m in read:
            other = m.model.unit
            # The cells are the unit's own (单位信息), the file named in the message.
            if (other.year, other.kind) != (unit.year, unit.kind):
                findings.append(_finding(
                    "dept_kind", f"{m.path.name} 是 {other.year} 年{KIND_LABELS[other.kind]}，"
                                 f"而 {first.path.name} 是 {unit.year} 年{KIND_LABELS[unit.kind]}",
                    other.form.ref("year"), UNIT_INFO.name))
            if _code(other.department) != _code(unit.department):
                findings.append(_finding(
                    "dept_code", f"{m.path.name} 的主管部门及代码“{other.department}”与 "
                                 f"{first.path.name} 的“{unit.department}”不同",
                    other.form.ref("department"), UNIT_INFO.name))
        if unit.kind == "final" and not has_errors(findings):
            order = {name: i for i, name in enumerate(listed)}
            models = sorted((m.model for m in read), key=lambda model: order[model.unit.name])
            for name, (one, other) in transfers(models).items():
                if one != other:
                    findings.append(_finding("dept_transfer", TRANSFER_WORDS[name].format(
                        head=models[0].unit.name, one=money(one), other=money(other))))
    return findings


def _code(department: str) -> str:
    """The code of "055-大同市科学技术局[部门]"; the whole text when it has none."""
    return department.split("-", 1)[0].strip()


def _sum_forms(forms: list[Form]) -> Form:
    """Amounts and counts add up; a text (e.g. 统计截止日期) is the first unit's that has one."""
    values: dict[str, object] = {}
    for form in forms:
        for key, value in form.values.items():
            if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                values[key] = (values.get(key) or 0) + value
            elif key not in values or values[key] is None:
                values[key] = value
    return Form(forms[0].sheet, forms[0].row, dict(forms[0].cells), values)


def _merge(rows, key: str, amounts: tuple[str, ...]) -> list:
    """Rows of one `key` (a code, a 三公 item) as one row with its `amounts` added; its other
    fields (names, words) are the first unit's."""
    merged: dict = {}
    for row in rows:
        k = getattr(row, key)
        if k in merged:
            for a in amounts:
                setattr(merged[k], a, getattr(merged[k], a) + getattr(row, a))
        else:
            merged[k] = replace(row)
    return list(merged.values())


def transfers(models: list) -> dict[str, tuple[Decimal, Decimal]]:
    """The 决算's transfers inside a department, each as (one side, other side) in 元:
    the 本级's 对附属单位补助支出 and its units' 上级补助收入; the units' 上缴上级支出 and the
    本级's 附属单位上缴收入. Consolidation eliminates both sides; they must agree."""
    head, subs = models[0], models[1:]
    return {
        "对附属单位补助": (sum((r.kinds.get("subsidiary") or ZERO for r in head.spending), ZERO),
                      sum((r.amounts.get("superior") or ZERO for m in subs for r in m.income), ZERO)),
        "上缴上级": (sum((r.kinds.get("superior") or ZERO for m in subs for r in m.spending), ZERO),
                 sum((r.amounts.get("subsidiary") or ZERO for r in head.income), ZERO)),
    }


def _without(rows, attr: str, key: str) -> list:
    """Copies of `rows` with the amount `key` of their dict `attr` taken out (eliminated)."""
    return [replace(r, **{attr: {**getattr(r, attr), key: ZERO}}) if getattr(r, attr).get(key) else r
            for r in rows]


def _consolidate_final(models: list[FinalAccounts], unit: Unit) -> FinalAccounts:
    head, subs = models[0], models[1:]
    income = _without(head.income, "amounts", "subsidiary") + [
        r for m in subs for r in _without(m.income, "amounts", "superior")]
    spending = _without(head.spending, "kinds", "subsidiary") + [
        r for m in subs for r in _without(m.spending, "kinds", "superior")]
    last_year = _sum_forms([m.last_year for m in models])
    last_year.values["admin_cost"] = _admin_last_year(models)
    return FinalAccounts(
        unit=unit, income=income, spending=spending,
        surplus=_sum_forms([m.surplus for m in models]),
        economic=_merge([i for m in models for i in m.economic], "code", ("amount",)),
        classes=_merge([c for m in models for c in m.classes], "code", ("budget", "last_year")),
        three_public=_merge([t for m in models for t in m.three_public], "item",
                            ("budget", "actual", "last_year")),
        three_public_detail=_sum_forms([m.three_public_detail for m in models]),  # 团组, 批次 add up
        procurement=_sum_forms([m.procurement for m in models]),
        assets=_sum_forms([m.assets for m in models]),
        last_year=last_year,
        project_grades=[g for m in models for g in m.project_grades],
        # The 整体绩效自评 and the reasons are the department's, written in the 本级 workbook.
        overall=head.overall, execution=head.execution, indicators=head.indicators, notes=head.notes,
        members=[m.unit for m in models],
        eliminated={name: pair[0] for name, pair in transfers(models).items()},
    )


def _admin_last_year(models) -> Decimal:
    """上年机关运行经费 of the 行政 / 参公 units only, as this year's."""
    return sum((m.last_year.money("admin_cost") for m in models if m.unit.is_admin), ZERO)


def consolidate(descriptor: Descriptor, models: list) -> Budget | FinalAccounts:
    """One model whose facts are the units' together; `models` in department order, 本级 first."""
    head = models[0].unit
    unit = replace(head, name=descriptor.name, scope="", organization="", profile=descriptor.profile,
                   saved=max((m.unit.saved for m in models if m.unit.saved), default=None))
    if head.kind == "final":
        return _consolidate_final(models, unit)
    # The 本级 may publish a unit's form as well (seed 000 does): it is listed once.
    targets, seen = [], set()
    for model in models:
        for target in sorted(model.targets, key=lambda t: t.no):
            if (target.unit, target.name) not in seen:
                seen.add((target.unit, target.name))
                targets.append(replace(target, no=len(targets) + 1))
    last_year = _sum_forms([m.last_year for m in models])
    last_year.values["admin_cost"] = _admin_last_year(models)
    return Budget(
        unit=unit,
        functions=[row for m in models for row in m.functions],
        economic=_merge([row for m in models for row in m.economic], "code", ("personnel", "public")),
        three_public=[row for m in models for row in m.three_public],
        projects=[p for m in models for p in m.projects],
        targets=targets,
        procurement=_sum_forms([m.procurement for m in models]),
        assets=_sum_forms([m.assets for m in models]),
        last_year=last_year,
        notes=models[0].notes,  # the reasons are the department's, written in the 本级 workbook
        members=[m.unit for m in models],
    )


def check_department(folder: Path) -> list[Finding]:
    """The cross-unit findings of a department (`disclosure check`, which checks each unit alone
    besides)."""
    try:
        return cross_checks(read_descriptor(folder), read_members(folder))
    except InputError as exc:
        return [exc.finding]


def prepare_department(folder: Path) -> tuple[Budget, object, list[Finding]]:
    """Read, check and consolidate a department; raises FindingsError when it has errors."""
    descriptor = read_descriptor(folder)
    members = read_members(folder)
    findings = cross_checks(descriptor, members)
    if has_errors(findings):
        raise FindingsError(findings)
    order = {name: i for i, (name, _) in enumerate(descriptor.units)}
    members.sort(key=lambda m: order[m.model.unit.name])
    model = consolidate(descriptor, [m.model for m in members])
    figures = PIPELINES[model.unit.kind].compute(model)
    # 机关运行经费 is each 行政 / 参公 unit's own; a 事业单位's 公用经费 is not one.
    admin_units = [(m.model.unit.name, m.figures.admin_cost) for m in members if m.model.unit.is_admin]
    figures.admin_cost = sum((cost for _, cost in admin_units), ZERO)
    if model.unit.kind == "budget":  # its table lists them; the 决算's has one line by nature
        figures.admin_units = admin_units
    return model, figures, [f for m in members for f in m.findings] + findings


def build_department(folder: Path, outdir: Path, formats=DOCUMENT_FORMATS, templates: Path | None = None,
                     pdf_process=None) -> Result:
    return write_documents(Path(folder), lambda: prepare_department(folder), outdir, formats, templates,
                           pdf_process)

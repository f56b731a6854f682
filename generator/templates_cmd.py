"""`disclosure templates export|check`: hand the profiles to a finance office, and vet its edits."""
from __future__ import annotations

import difflib
import re
import shutil
import tempfile
import time
from decimal import Decimal
from functools import cache
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta, nodes

from . import views
from .assemble import CHART_LINE, TABLE_LINE, render_section
from .tables import engine
from .tables.spec import SpecError
from .model import ADMIN_NATURES
from .profile import (
    PLACEHOLDER, TEMPLATES_DIR, ProfileError, _key_line, brace_problem, load_profile, read_text,
)
from .sandbox import RENDER_SECONDS
from .schema import LISTS
from .textfuncs import FUNCTIONS, 变化

TITLE_VALUES = ("单位名称", "年度", "上年度", "主管部门")


def export_templates(target: Path) -> list[str]:
    """Copy the bundled profiles into target/profiles; refuse to overwrite."""
    if target.exists() and any(target.iterdir()):
        raise ProfileError(f"{target} 已存在且不是空文件夹，为避免覆盖，请指定一个新的文件夹。")
    from .writers.docx_writer import write_reference_docx

    created = not target.exists()
    try:
        shutil.copytree(TEMPLATES_DIR / "profiles", target / "profiles")
        names = sorted(p.name for p in (target / "profiles").iterdir() if p.is_dir())
        for name in names:
            # A Word user edits page set-up, header and footer here (fonts stay in style.yaml).
            reference = target / "profiles" / name / "reference.docx"
            if not reference.exists():
                write_reference_docx(load_profile(name, target).style, reference)
    except BaseException:  # disk full, interrupted...: no half export is left behind
        shutil.rmtree(target if created else target / "profiles", ignore_errors=True)
        raise
    return names


def sample_context(kind: str) -> dict:
    """A context with every variable a section of this kind may use."""
    from .kinds import PIPELINES

    return PIPELINES[kind].sample_context()


# Amounts that make every year-on-year comparison go one way: this year's is `big` or `small`
# of the example's figure, last year's the other, so no branch of 比较() is left untried.
_BIG, _SMALL = (lambda v: v * 2 + 1_000_000), (lambda v: v + 500_000)


def _varied(value, previous: bool, mode: str):
    """`value` of a context with every amount, count or text changed as `mode` says."""
    if isinstance(value, dict):
        return {k: _varied(v, previous or "上年" in str(k), mode) for k, v in value.items()}
    if isinstance(value, list):
        if mode == "blank" and all(isinstance(v, str) for v in value):
            return []
        return [_varied(v, previous, mode) for v in value]
    if mode == "blank":
        return "" if isinstance(value, str) else value
    if isinstance(value, Decimal):
        grow = (mode == "up") != previous
        return (_BIG if grow else _SMALL)(value)
    if isinstance(value, int) and not isinstance(value, bool) and value == 0:
        return 3  # counts: 个数, 辆数, 批次 … take their non-zero branches
    return value


@cache  # read once per kind for all the profiles checked
def _example_models(kind: str) -> list[tuple[str, object, object]]:
    """(name, model, figures) of each bundled example of this kind: real lists, real words."""
    import importlib
    import pkgutil

    from . import examples
    from .kinds import PIPELINES, read
    from .workbook import write_workbook

    models = []
    with tempfile.TemporaryDirectory() as tmp:
        for info in pkgutil.iter_modules(examples.__path__):
            example = importlib.import_module(f"{examples.__name__}.{info.name}")
            if example.KIND != kind:
                continue
            path = Path(tmp) / example.OUTPUT
            write_workbook(path, kind, example.DATA)
            model, _findings = read(path)
            models.append((f"示例“{model.unit.name}”", model, PIPELINES[kind].compute(model)))
    return models


def _example_contexts(kind: str) -> list[tuple[str, dict]]:
    from .kinds import PIPELINES

    return [(name, PIPELINES[kind].context(model, figures)) for name, model, figures in _example_models(kind)]


def _table_samples(kind: str) -> list[tuple[str, object, object]]:
    """The figures a declared table is tried with: none at all, then each bundled example."""
    from .kinds import PIPELINES

    model = PIPELINES[kind].sample_model()
    return [("全部为零", model, PIPELINES[kind].compute(model)), *_example_models(kind)]


def _check_tables(profile, problems: list[str]) -> None:
    """Every table of tables.yaml: its keys and names, then a render with each sample, so a
    row source's wrong option or a wrong placeholder in a header is found before a build."""
    data = views.TABLE_DATA.get(profile.kind)
    if data is None:
        return
    samples = _table_samples(profile.kind)
    for name, (_raw, path) in profile.tables.items():
        try:
            spec = profile.table_spec(name, data)
        except ProfileError as exc:
            problems.append(str(exc))
            continue

        def fill(text: str, line: int) -> str:
            if brace_problem(text):
                raise ProfileError(f"“{text}”{brace_problem(text)}", path, line)
            return profile.fill(text, {k: k for k in TITLE_VALUES}, path, line)

        for label, model, figures in samples:
            try:
                engine.render(spec, data(model, figures, {}), fill)
            except SpecError as exc:
                problems.append(f"{ProfileError(exc.message, path, exc.line)}（用{label}的数据试生成时）")
                break
            except ProfileError as exc:
                problems.append(str(exc))
                break


def table_vocabulary(kind: str) -> list[str]:
    """What tables.yaml may name for this kind, for the finance office."""
    data = views.TABLE_DATA.get(kind)
    if data is None:
        return []
    lines = ["数据来源（rows: {source: …}）：" + "、".join(
        name + (f"（可设 {'、'.join(options)}）" if options else "") for name, options in data.row_sources.items())]
    lines.append("字段（field）：" + "、".join((*data.fields, "行次")))
    labels = {"source": "资金来源（source）", "period": "期间（period）", "kind": "支出类型（kind）"}
    lines += [f"{labels.get(dim, dim)}：" + "、".join(names) for dim, names in data.groups.items()]
    lines.append("数据（facts）：" + "、".join(data.facts))
    return lines


@cache  # made once per kind for all the profiles checked
def sample_contexts(kind: str) -> list[tuple[str, dict]]:
    """Contexts a section is tried with, named for a message: all zero, each bundled example,
    and each with every figure up, every figure down, every optional text blank, a 下属单位
    and each 单位性质, so that a misspelled name in a branch the examples never reach is still caught."""
    contexts = [("全部为零", sample_context(kind))]
    for name, context in _example_contexts(kind):
        contexts.append((name, context))
        contexts.append((f"{name}全部增加", _varied(context, False, "up")))
        contexts.append((f"{name}全部减少", _varied(context, False, "down")))
        contexts.append((f"{name}文字全部留空", _varied(context, False, "blank")))
        # No example is a department: a loop over its units is tried on a made-up one.
        contexts.append((f"{name}有下属单位", {**context, "下属单位": ["示例下属单位"]}))
        for nature in LISTS["单位性质"]:
            contexts.append((f"{name}单位性质为{nature}",
                             {**context, "单位性质": nature, "是行政单位": nature in ADMIN_NATURES}))
    return contexts


def describe_variables(context: dict, contexts: list[tuple[str, dict]] = ()) -> list[str]:
    """One line per variable: what a dict holds, what each item of a list has (taken from
    the bundled examples, where lists are not empty), and the fields of 比较()'s result."""
    filled = next((c for label, c in contexts if label.startswith("示例")), context)
    lines = []
    for key, value in context.items():
        example = filled.get(key, value)
        if isinstance(value, dict):
            lines.append(f"{key}：包含 {'、'.join(map(str, value))}")
        elif isinstance(value, list):
            first = example[0] if example else None
            if isinstance(first, dict):
                lines.append(f"{key}：列表，每项有 {'、'.join(map(str, first))}")
            elif isinstance(first, str):
                lines.append(f"{key}：列表，每项是一段文字")
            else:
                lines.append(f"{key}：列表")
        else:
            lines.append(str(key))
    lines.append(f"比较(本年, 上年) 的结果有：{'、'.join(变化.FIELDS)}（如 {{{{ 比较(a, b).增减 }}}}）")
    return lines


def _check_titles(profile, problems: list[str]) -> None:
    known = set(TITLE_VALUES)
    path = profile.outline_path
    texts = [(profile.title, _key_line(path, "title"))] + [(c, _key_line(path, "cover")) for c in profile.cover]
    for part in profile.parts:
        texts.append((part.title, part.line))
        texts += [(item.title, item.key_lines.get("title", item.line)) for item in part.items]
        texts += [(item.subtitle, item.key_lines.get("subtitle", item.line)) for item in part.items]
    texts += [(text, _key_line(path, key)) for key, text in profile.table_meta.items()]
    texts += [(text, item.line) for part in profile.parts for item in part.items
              for text in (item.options.get("table_meta") or {}).values()]
    for text, line in texts:
        if brace_problem(text):
            problems.append(str(ProfileError(f"标题“{text}”{brace_problem(text)}", profile.outline_path, line)))
            continue
        for name in PLACEHOLDER.findall(text):
            if name not in known:
                problems.append(str(ProfileError(
                    f"标题“{text}”中的占位符 {{{name}}} 不存在，可用的有：{'、'.join('{' + k + '}' for k in TITLE_VALUES)}",
                    profile.outline_path, line)))


@cache
def table_titles(kind: str) -> dict[str, str]:
    """Each table name of this kind with the Chinese title the bundled profiles give it."""
    titles: dict[str, str] = {}
    for directory in sorted((TEMPLATES_DIR / "profiles").iterdir()):
        try:
            profile = load_profile(directory.name)
        except ProfileError:
            continue
        if profile.kind == kind:
            for item in (i for part in profile.parts for i in part.items if i.type == "table"):
                titles.setdefault(item.name, re.sub(r"\{年度\}年度?", "", item.title))
    return titles


def _listed(names, titles: dict[str, str]) -> str:
    return "、".join(f"{n}（{titles[n]}）" if titles.get(n) else n for n in names)


def _guess(name: str, names) -> str:
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    return f"是不是“{close[0]}”？" if close else ""


def _check_items(profile, problems: list[str], hints: list[str]) -> list:
    """Tables and forms that exist, section files that exist; returns the section items."""
    registries = {"table": {**profile.tables, **views.TABLES.get(profile.kind, {})},
                  "forms": views.FORMS.get(profile.kind, {})}
    titles = table_titles(profile.kind)
    sections, tables = [], set()
    for part in profile.parts:
        for item in part.items:
            if item.type in registries:
                available = registries[item.type]
                tables.add(item.name)
                if item.name not in available:
                    problems.append(str(ProfileError(
                        f"{item.type}“{item.name}”不存在，{_guess(item.name, available)}"
                        f"可用的有：{_listed(available, titles)}", profile.outline_path, item.line)))
            elif item.type == "section":
                if profile.file(f"sections/{item.name}.j2") is None:
                    files = sorted({p.stem for d in profile.dirs for p in (d / "sections").glob("*.j2")})
                    problems.append(str(ProfileError(
                        f"找不到说明模板 sections/{item.name}.j2，"
                        f"{_guess(item.name, files)}现有的有：{'、'.join(files)}",
                        profile.outline_path, item.line)))
                else:
                    sections.append(item)
    # A section named for a table (three_public, admin_cost …) explains that table.
    for item in sections:
        if item.name in registries["table"] and item.name not in tables:
            hints.append(str(ProfileError(
                f"说明“{item.title or item.name}”讲的是报表 {_listed([item.name], titles)}，"
                "但 outline.yaml 中已没有这张表，请核对这一节的文字", profile.outline_path, item.line)))
    return sections


def _check_section(profile, name: str, contexts: list[tuple[str, dict]], problems: list[str]) -> None:
    names = contexts[0][1]  # every variable, all zero
    path = profile.file(f"sections/{name}.j2")
    try:
        source = read_text(path)
        ast = profile.env.parse(source, name=f"{name}.j2", filename=str(path))
    except ProfileError as exc:
        problems.append(str(exc))
        return
    except TemplateSyntaxError as exc:
        problems.append(str(ProfileError(f"模板语法错误：{exc.message}", path, exc.lineno)))
        return
    except RecursionError:
        problems.append(str(ProfileError("模板嵌套过深", path)))
        return
    # Names a template sets itself ({% set %}, loop variables) are not undeclared,
    # even when jinja2.meta counts them so because they are set inside a branch.
    assigned = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    unknown = meta.find_undeclared_variables(ast) - set(names) - set(FUNCTIONS) - assigned
    for var in sorted(unknown):
        line = next((i for i, text in enumerate(source.splitlines(), 1) if var in text), None)
        problems.append(str(ProfileError(f"使用了不存在的变量“{var}”", path, line)))
    registries = {CHART_LINE: ("图表", views.CHARTS.get(profile.kind, {})),
                  TABLE_LINE: ("表格", {**profile.tables, **views.TABLES.get(profile.kind, {})})}
    for number, text in enumerate(source.splitlines(), 1):
        for pattern, (label, available) in registries.items():
            match = pattern.match(text.strip())
            if match and match.group(1) not in available:
                problems.append(str(ProfileError(
                    f"{label}“{match.group(1)}”不存在，可用的有：{'、'.join(available)}", path, number)))
    if unknown:
        return
    seen, started = set(), time.monotonic()
    for label, context in contexts:
        if time.monotonic() - started > RENDER_SECONDS:  # a runaway loop: said once, not per data
            break
        try:
            render_section(profile, name, context)
        except ProfileError as exc:
            if str(exc) not in seen:  # each mistake once, with the first data that shows it
                seen.add(str(exc))
                problems.append(f"{exc}（用{label}的数据试生成时）")


def check_templates(root: Path) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """Return (problems, hints, variables by profile kind). No problem means a build may use
    the templates; a hint (提示) is worth a look but stops nothing."""
    problems: list[str] = []
    hints: list[str] = []
    kinds: dict[str, list[str]] = {}
    profiles_dir = root / "profiles"
    try:
        names = sorted(p.name for p in profiles_dir.iterdir() if p.is_dir()) if profiles_dir.is_dir() else []
    except OSError as exc:
        return [f"无法读取 {profiles_dir}（{exc.strerror or exc}）。"], hints, kinds
    if not names:
        return [f"{root} 下没有 profiles/ 模板文件夹（请先运行 disclosure templates export）。"], hints, kinds
    for name in names:
        try:
            _check_profile(name, root, problems, hints, kinds)
        except ProfileError as exc:
            problems.append(str(exc))
        except Exception as exc:  # a bug must not show a traceback; the profile is named
            problems.append(f"{profiles_dir / name}：检查时出错（{type(exc).__name__}：{exc}），"
                            "请将模板文件夹发给技术支持。")
    return list(dict.fromkeys(problems)), list(dict.fromkeys(hints)), kinds


def _check_profile(name: str, root: Path, problems: list[str], hints: list[str],
                   kinds: dict[str, list[str]]) -> None:
    profile = load_profile(name, root)
    try:
        context = sample_context(profile.kind)
    except KeyError:
        raise ProfileError(f"kind 只能是 budget 或 final，实际为“{profile.kind}”",
                           profile.outline_path) from None
    if profile.kind not in kinds:
        kinds[profile.kind] = describe_variables(context, sample_contexts(profile.kind))
    _check_titles(profile, problems)
    _check_tables(profile, problems)
    sections = _check_items(profile, problems, hints)
    contexts = sample_contexts(profile.kind) if sections else []
    for section in sections:
        _check_section(profile, section.name, contexts, problems)

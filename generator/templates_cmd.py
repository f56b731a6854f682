"""`disclosure templates export|check`: hand the profiles to a finance office, and vet its edits."""
from __future__ import annotations

import shutil
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta, nodes

from . import views
from .assemble import CHART_LINE, TABLE_LINE, render_section
from .profile import PLACEHOLDER, TEMPLATES_DIR, ProfileError, load_profile, read_text
from .textfuncs import FUNCTIONS

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
    from .build import PIPELINES

    return PIPELINES[kind].sample_context()


def describe_variables(context: dict, prefix: str = "", depth: int = 0) -> list[str]:
    lines = []
    for key, value in context.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and depth < 2:
            lines.append(f"{'  ' * depth}{name}：包含 {'、'.join(map(str, value))}")
        elif isinstance(value, list):
            lines.append(f"{'  ' * depth}{name}：列表")
        else:
            lines.append(f"{'  ' * depth}{name}")
    return lines


def _check_titles(profile, problems: list[str]) -> None:
    known = set(TITLE_VALUES)
    texts = [(profile.title, 0)] + [(c, 0) for c in profile.cover]
    for part in profile.parts:
        texts.append((part.title, part.line))
        texts += [(item.title, item.line) for item in part.items]
        texts += [(item.subtitle, item.line) for item in part.items]
    for text, line in texts:
        for name in PLACEHOLDER.findall(text):
            if name not in known:
                problems.append(str(ProfileError(
                    f"标题“{text}”中的占位符 {{{name}}} 不存在，可用的有：{'、'.join('{' + k + '}' for k in TITLE_VALUES)}",
                    profile.outline_path, line)))


def _check_items(profile, problems: list[str]) -> list[str]:
    views.load_all()
    registries = {"table": views.TABLES, "forms": views.FORMS}
    sections = []
    for part in profile.parts:
        for item in part.items:
            if item.type in registries:
                available = registries[item.type].get(profile.kind, {})
                if item.name not in available:
                    problems.append(str(ProfileError(
                        f"{item.type}“{item.name}”不存在，可用的有：{'、'.join(available)}",
                        profile.outline_path, item.line)))
            elif item.type == "section":
                sections.append(item.name)
    return sections


def _check_section(profile, name: str, context: dict, problems: list[str]) -> None:
    path = profile.file(f"sections/{name}.j2")
    if path is None:
        problems.append(str(ProfileError(f"找不到说明模板 sections/{name}.j2", profile.dirs[0])))
        return
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
    unknown = meta.find_undeclared_variables(ast) - set(context) - set(FUNCTIONS) - assigned
    for var in sorted(unknown):
        line = next((i for i, text in enumerate(source.splitlines(), 1) if var in text), None)
        problems.append(str(ProfileError(f"使用了不存在的变量“{var}”", path, line)))
    registries = {CHART_LINE: ("图表", views.CHARTS), TABLE_LINE: ("表格", views.TABLES)}
    for number, text in enumerate(source.splitlines(), 1):
        for pattern, (label, registry) in registries.items():
            match = pattern.match(text.strip())
            available = registry.get(profile.kind, {})
            if match and match.group(1) not in available:
                problems.append(str(ProfileError(
                    f"{label}“{match.group(1)}”不存在，可用的有：{'、'.join(available)}", path, number)))
    if not unknown:
        try:
            render_section(profile, name, context)
        except ProfileError as exc:
            problems.append(str(exc))


def check_templates(root: Path) -> tuple[list[str], dict[str, list[str]]]:
    """Return (problems, variables by profile kind). An empty problem list means all is well."""
    problems: list[str] = []
    kinds: dict[str, list[str]] = {}
    profiles_dir = root / "profiles"
    try:
        names = sorted(p.name for p in profiles_dir.iterdir() if p.is_dir()) if profiles_dir.is_dir() else []
    except OSError as exc:
        return [f"无法读取 {profiles_dir}（{exc.strerror or exc}）。"], kinds
    if not names:
        return [f"{root} 下没有 profiles/ 模板文件夹（请先运行 disclosure templates export）。"], kinds
    for name in names:
        try:
            _check_profile(name, root, problems, kinds)
        except ProfileError as exc:
            problems.append(str(exc))
        except Exception as exc:  # a bug must not show a traceback; the profile is named
            problems.append(f"{profiles_dir / name}：检查时出错（{type(exc).__name__}：{exc}），"
                            "请将模板文件夹发给技术支持。")
    return list(dict.fromkeys(problems)), kinds


def _check_profile(name: str, root: Path, problems: list[str], kinds: dict[str, list[str]]) -> None:
    profile = load_profile(name, root)
    try:
        context = sample_context(profile.kind)
    except KeyError:
        raise ProfileError(f"kind 只能是 budget 或 final，实际为“{profile.kind}”",
                           profile.outline_path) from None
    kinds.setdefault(profile.kind, describe_variables(context))
    _check_titles(profile, problems)
    for section in _check_items(profile, problems):
        _check_section(profile, section, context, problems)

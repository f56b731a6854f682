"""Profiles: what a finance office customises, loaded from templates/profiles/<name>/.

A profile is an outline (outline.yaml), the Jinja text of each narrative section
(sections/*.j2), a glossary (glossary.yaml) and page/fonts settings (style.yaml).
A profile may name a `base` profile; sections and files it does not have are
taken from the base. Templates render in Jinja's sandbox with StrictUndefined.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from .numerals import chinese
from .textfuncs import FUNCTIONS

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
ITEM_TYPES = ("section", "table", "forms", "glossary")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# A profile is named, never located: no path, no "..", so it loads from the templates folder only.
PROFILE_NAME = re.compile(r"[A-Za-z0-9_-]+")
# Lines around each numbered table: left / right of the meta line, subtitle below the title.
TABLE_META = {"left": "单位名称：{单位名称}", "right": "单位：万元", "subtitle": ""}


class ProfileError(Exception):
    """A profile file is wrong; the message names file and line, in Chinese."""

    def __init__(self, message: str, path: Path | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where = f"{path}" + (f" 第{line}行" if line else "") + "："
        super().__init__(where + message)
        self.path, self.line = path, line


class _LineLoader(yaml.SafeLoader):
    """Records the line of every mapping so errors can point at it."""


def _construct_mapping(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path):
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LineLoader)
    except FileNotFoundError:
        raise ProfileError("文件不存在", path) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ProfileError(f"YAML 格式错误：{exc.problem or exc}", path, line) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ProfileError(f"无法读取：{exc}", path) from None


@dataclass
class Item:
    type: str
    name: str
    title: str = ""
    subtitle: str = ""
    options: dict = field(default_factory=dict)
    line: int = 0


@dataclass
class Part:
    title: str
    items: list[Item]
    line: int = 0


@dataclass
class Profile:
    name: str
    dirs: list[Path]  # the profile's own directory first, then its bases
    kind: str
    title: str
    cover: list[str]
    toc_title: str
    numbering: dict[str, str]
    parts: list[Part]
    glossary: list[tuple[str, str]]
    style: dict
    env: SandboxedEnvironment
    outline_path: Path
    table_meta: dict[str, str] = field(default_factory=lambda: dict(TABLE_META))

    def fill(self, text: str, values: dict, where: Path | None = None, line: int = 0) -> str:
        """Replace {名称} placeholders in titles; an unknown name is a ProfileError."""
        def sub(match: re.Match) -> str:
            key = match.group(1)
            if key not in values:
                known = "、".join("{" + k + "}" for k in values)
                raise ProfileError(f"标题中的占位符 {{{key}}} 不存在，可用的有：{known}",
                                   where or self.outline_path, line)
            return str(values[key])

        return PLACEHOLDER.sub(sub, text)

    def number(self, key: str, index: int, **values) -> str:
        """Apply the outline's numbering pattern `key` (e.g. "第{序号}部分 {标题}")."""
        pattern = self.numbering[key]
        values = {"序号": chinese(index), "编号": index, **values}
        try:
            return pattern.format(**values)
        except (KeyError, IndexError, ValueError) as exc:
            known = "、".join("{" + k + "}" for k in values)
            raise ProfileError(f"numbering.{key}“{pattern}”无法使用（{exc}），可用的占位符：{known}",
                               self.outline_path) from None

    def file(self, name: str) -> Path | None:
        for directory in self.dirs:
            path = directory / name
            if path.exists():
                return path
        return None


def _profile_dirs(name: str, root: Path, seen: tuple[str, ...] = ()) -> list[Path]:
    name = str(name)  # a `base:` in outline.yaml may be any YAML value
    if not PROFILE_NAME.fullmatch(name):
        raise ProfileError(f"模板名称“{name[:60]}”无效：只能包含字母、数字、-、_")
    directory = root / "profiles" / name
    if directory.exists() and not directory.resolve().is_relative_to((root / "profiles").resolve()):
        raise ProfileError(f"模板“{name}”是指向模板文件夹之外的链接（{directory.resolve()}），不能使用")
    if not (directory / "outline.yaml").exists():
        available = sorted(p.name for p in (root / "profiles").glob("*") if p.is_dir()) \
            if (root / "profiles").exists() else []
        raise ProfileError(
            f"找不到模板“{name}”（{directory}）。可用模板：{'、'.join(available) or '无'}")
    if name in seen:
        raise ProfileError(f"模板 base 循环引用：{' → '.join(seen + (name,))}")
    outline = load_yaml(directory / "outline.yaml") or {}
    base = outline.get("base")
    return [directory] + (_profile_dirs(base, root, seen + (name,)) if base else [])


def _merged(dirs: list[Path], filename: str) -> dict:
    """Settings files merge key by key, the profile overriding its bases."""
    merged: dict = {}
    for directory in reversed(dirs):
        path = directory / filename
        if path.exists():
            data = load_yaml(path) or {}
            for key, value in data.items():
                if isinstance(value, dict) and isinstance(merged.get(key), dict):
                    merged[key] = {**merged[key], **value}
                else:
                    merged[key] = value
    return merged


def _strip_lines(value):
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _parse_item(raw, path: Path) -> Item:
    line = raw.get("__line__", 0) if isinstance(raw, dict) else 0
    if not isinstance(raw, dict):
        raise ProfileError(f"条目应为“类型: 名称”的形式，实际为：{raw!r}", path, line)
    types = [t for t in ITEM_TYPES if t in raw]
    if len(types) != 1:
        raise ProfileError(
            f"每个条目必须且只能有一个类型（{'、'.join(ITEM_TYPES)}），实际为：{sorted(k for k in raw if k != '__line__')}",
            path, line)
    kind = types[0]
    return Item(type=kind, name=str(raw[kind]), title=str(raw.get("title", "")),
                subtitle=str(raw.get("subtitle", "")),
                options=_strip_lines(raw.get("options") or {}), line=line)


def make_env(dirs: list[Path]) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(str(d / "sections")) for d in dirs]),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=False, autoescape=False,
    )
    env.globals.update(FUNCTIONS)
    return env


def _checked_style(style: dict, path: Path | None) -> dict:
    """Sizes, margins and spacing must be positive numbers, fonts text: say so before a build."""
    for group in ("fonts", "sizes", "margins", "pdf_fonts"):
        if not isinstance(style.get(group) or {}, dict):
            raise ProfileError(f"style.yaml 的 {group} 应为“名称: 值”的若干行", path)
    numbers = [(f"sizes.{k}", v) for k, v in (style.get("sizes") or {}).items()]
    numbers += [(f"margins.{k}", v) for k, v in (style.get("margins") or {}).items()]
    if "line_spacing" in style:
        numbers.append(("line_spacing", style["line_spacing"]))
    for key, value in numbers:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ProfileError(f"style.yaml 的 {key} 应为正数，填写的是“{value}”", path)
    return style


def load_profile(name: str, root: Path | None = None) -> Profile:
    root = Path(root) if root else TEMPLATES_DIR
    dirs = _profile_dirs(name, root)
    outline_path = dirs[0] / "outline.yaml"
    outline = _merged(dirs, "outline.yaml")
    path = outline_path
    for key in ("kind", "title", "parts"):
        if key not in outline:
            raise ProfileError(f"缺少必填项“{key}”", path)
    parts = []
    for raw in outline["parts"]:
        if not isinstance(raw, dict) or "title" not in raw:
            raise ProfileError("parts 下每一部分都需要 title 和 items", path,
                               raw.get("__line__") if isinstance(raw, dict) else None)
        parts.append(Part(str(raw["title"]), [_parse_item(i, path) for i in raw.get("items") or []],
                          raw.get("__line__", 0)))
    glossary_path = next((d / "glossary.yaml" for d in dirs if (d / "glossary.yaml").exists()), None)
    glossary = []
    if glossary_path:
        for entry in load_yaml(glossary_path) or []:
            if not isinstance(entry, dict) or "term" not in entry or "text" not in entry:
                raise ProfileError("名词解释每一条需要 term（名词）和 text（解释）",
                                   glossary_path, entry.get("__line__") if isinstance(entry, dict) else None)
            glossary.append((str(entry["term"]), str(entry["text"]).strip()))
    style = _checked_style(_strip_lines(_merged(dirs, "style.yaml")),
                           next((d / "style.yaml" for d in dirs if (d / "style.yaml").exists()), None))
    numbering = {"part": "第{序号}部分 {标题}", "section": "{序号}、{标题}",
                 "subsection": "（{序号}）{标题}", "table_label": "", "table_toc": "{标题}",
                 "glossary": "{序号}、{名词}：{解释}"}
    numbering.update(_strip_lines(outline.get("numbering") or {}))
    table_meta = {**TABLE_META, **_strip_lines(outline.get("table_meta") or {})}
    return Profile(
        name=name, dirs=dirs, kind=str(outline["kind"]), title=str(outline["title"]),
        cover=[str(c) for c in outline.get("cover") or [outline["title"]]],
        toc_title=str(outline.get("toc_title", "目 录")), numbering=numbering, parts=parts,
        glossary=glossary, style=style, env=make_env(dirs), outline_path=outline_path,
        table_meta={k: str(v) for k, v in table_meta.items()},
    )

"""Profiles: what a finance office customises, loaded from templates/profiles/<name>/.

A profile is an outline (outline.yaml), the Jinja text of each narrative section
(sections/*.j2), a glossary (glossary.yaml) and page/fonts settings (style.yaml).
A profile may name a `base` profile; sections and files it does not have are
taken from the base. Templates render in a bounded Jinja sandbox (sandbox.py).
A profile is untrusted input too: files are read with a size cap, YAML aliases are
refused, patterns may use plain placeholders only, font paths are vetted here.
"""
from __future__ import annotations

import difflib
import re
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound
from jinja2.loaders import split_template_path
from jinja2.utils import missing

from .numerals import chinese
from .tables.spec import SpecError, TableSpec, Vocabulary, parse_table
from .sandbox import BoundedEnvironment
from .textfuncs import NumberArgumentError, NumberStyle, functions, typed, 变化
from .writers.common import DEFAULTS as STYLE_DEFAULTS

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
ITEM_TYPES = ("section", "table", "forms", "glossary")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# A profile is named, never located: no path, no "..", so it loads from the templates folder only.
PROFILE_NAME = re.compile(r"[A-Za-z0-9_-]{1,100}")  # one folder name, within any file system's limit
# Lines around each numbered table: left / right of the meta line, subtitle below the title.
TABLE_META = {"left": "单位名称：{单位名称}", "right": "单位：万元", "subtitle": ""}
DEFAULTS = "defaults"  # in tables.yaml: settings every table of the profile takes unless it has its own
MAX_FILE_BYTES = 1_000_000  # a real outline or section is a few kilobytes
MAX_YAML_DEPTH = 50  # a real profile nests six deep
MAX_FONT_BYTES = 64 * 1024 * 1024
STYLE_LIMITS = {"sizes": (36, " 磅"), "margins": (5, " 厘米"), "line_spacing": (3, " 倍")}
FONT_SUFFIXES = (".ttf", ".ttc", ".otf")
NUMBERING_DEFAULTS = {"part": "第{序号}部分 {标题}", "section": "{序号}、{标题}",
                      "subsection": "（{序号}）{标题}", "table_label": "", "table_toc": "{标题}",
                      "glossary": "{序号}、{名词}：{解释}"}
NUMBERING_NAMES = ("序号", "编号", "标题")  # glossary: 名词 and 解释 instead of 标题
# A format spec such as "02d" or ">4": width and precision of at most two digits, nothing nested.
SAFE_SPEC = re.compile(r"(?:[^{}]?[<>=^])?[-+ ]?#?0?\d{0,2}[,_]?(?:\.\d{1,2})?[bcdeEfFgGnosxX%]?")


# The keys each settings file may have; a misspelled one (`titel:`, `new_pag:`) is an error,
# not a setting silently ignored. A nested dict is a group with its own keys; [dict] a list of them.
ITEM_KEYS = {**{t: None for t in ITEM_TYPES}, "title": None, "subtitle": None,
             "options": {"note": None, "rounding_note": None, "empty_note": None, "new_page": None,
                         "landscape": None, "group_by_unit": None, "label": None,
                         "table_meta": {k: None for k in TABLE_META}}}
OUTLINE_KEYS = {"base": None, "kind": None, "department": None, "title": None, "cover": None, "toc": None,
                "toc_title": None, "toc_page_numbers": None, "numbering": {k: None for k in NUMBERING_DEFAULTS},
                "table_meta": {k: None for k in TABLE_META},
                "parts": [{"title": None, "items": [ITEM_KEYS]}]}
STYLE_KEYS = {"fonts": {k: None for k in STYLE_DEFAULTS["fonts"]},
              "sizes": {k: None for k in STYLE_DEFAULTS["sizes"]},
              "margins": {k: None for k in ("top", "bottom", "left", "right")},
              "line_spacing": None, "pdf_fonts": {"body": None, "heading": None},
              "numbers": {k: None for k in NumberStyle.KEYS}, "page_numbers": {"start_at": None}}


class ProfileError(Exception):
    """A profile file is wrong; the message names file and line, in Chinese."""

    def __init__(self, message: str, path: Path | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where = f"{path}" + (f" 第{line}行" if line else "") + "："
        super().__init__(where + message)
        self.path, self.line = path, line


def read_text(path: Path) -> str:
    """A profile file as text: UTF-8, at most MAX_FILE_BYTES, else a ProfileError naming it."""
    if path.is_dir():
        raise ProfileError("应为文件，实际是文件夹", path)
    if path.exists() and not path.is_file():  # a FIFO or device: opening it could block forever
        raise ProfileError("不是普通文件", path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ProfileError("文件不存在", path) from None
    except OSError as exc:
        raise ProfileError(f"无法读取（{exc.strerror or exc}）", path) from None
    if len(data) > MAX_FILE_BYTES:
        raise ProfileError(f"文件过大（超过 {MAX_FILE_BYTES // 1000} KB），不像是模板文件", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ProfileError("不是 UTF-8 编码的文本文件", path) from None


class RefusedYAML(yaml.MarkedYAMLError):
    pass


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Records the line of every mapping so errors can point at it. The C parser when PyYAML
    has it: a profile's outline and tables are read on every build. Text reaches it only
    after _screen (no alias, bounded nesting)."""


def _screen(text: str) -> None:
    """Refuse what a profile never needs and a loader must not see, from the parser's events
    (which keep their own stack, unlike the composer's recursion): an alias may stand for a
    whole subtree, so a few lines can expand to billions of nodes (billion laughs); nesting
    thousands deep exhausts the composer's stack."""
    depth = 0
    for event in yaml.parse(text, Loader=_LineLoader):
        if isinstance(event, yaml.AliasEvent):
            raise RefusedYAML(None, None, "不允许使用 YAML 别名（*名称），请直接写出内容", event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise RefusedYAML(None, None, "嵌套层次过深", event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


LINE_KEYS = ("__line__", "__keys__")  # what _LineLoader adds to every mapping


def _construct_mapping(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__keys__"] = {key.value: key.start_mark.line + 1 for key, _value in node.value
                           if isinstance(key, yaml.ScalarNode)}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path, expected: type = dict):
    """The YAML file at path; `expected` (dict or list) is the type its top level must have."""
    text = read_text(path)
    try:
        _screen(text)
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.constructor.ConstructorError as exc:  # a tag such as !!python/object: never run
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ProfileError("YAML 格式错误：不允许使用 YAML 标签（以 ! 开头，如 !!python/…），请直接写出内容",
                           path, line) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ProfileError(f"YAML 格式错误：{exc.problem or exc}", path, line) from None
    except yaml.YAMLError as exc:
        raise ProfileError(f"YAML 格式错误：{exc}", path) from None
    except RecursionError:
        raise ProfileError("YAML 格式错误：嵌套层次过深", path) from None
    if data is not None and not isinstance(data, expected):
        shape = "“名称: 值”的若干行" if expected is dict else "“- ”开头的若干条"
        raise ProfileError(f"内容应为{shape}", path)
    return data


def _key_line(path: Path, key: str) -> int | None:
    """The line where `key:` is written, for messages about a value of a merged mapping."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
    try:
        return next((n for n, text in enumerate(read_text(path).splitlines(), 1)
                     if pattern.match(text)), None)
    except ProfileError:
        return None


@dataclass
class Item:
    type: str
    name: str
    title: str = ""
    subtitle: str = ""
    options: dict = field(default_factory=dict)
    line: int = 0
    key_lines: dict[str, int] = field(default_factory=dict)  # e.g. {"title": 27}, for messages


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
    cover: list[str]  # empty: no cover page
    toc_title: str
    numbering: dict[str, str]
    parts: list[Part]
    glossary: list[tuple[str, str]]
    style: dict
    env: BoundedEnvironment
    outline_path: Path
    table_meta: dict[str, str] = field(default_factory=lambda: dict(TABLE_META))
    toc: bool = True
    toc_page_numbers: bool = True  # false: the 目录 lists entries without leaders and pages
    tables: dict[str, tuple[object, Path]] = field(default_factory=dict)  # name -> (raw YAML, its file)
    table_defaults: dict = field(default_factory=dict)
    _specs: dict[str, TableSpec] = field(default_factory=dict, repr=False)

    @property
    def part_headings(self) -> bool:
        """numbering.part "" : no 第X部分 level; sections are numbered across the document."""
        return bool(self.numbering["part"])

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
        """Apply the outline's numbering pattern `key` (e.g. "第{序号}部分 {标题}"),
        which _checked_numbering has limited to plain placeholders."""
        return self.numbering[key].format(序号=chinese(index), 编号=index, **values)

    def table_spec(self, name: str, vocabulary: Vocabulary) -> TableSpec:
        """The table `name` of tables.yaml, checked against its kind's vocabulary."""
        if name not in self._specs:
            raw, path = self.tables[name]
            try:
                self._specs[name] = parse_table(name, with_defaults(raw, self.table_defaults), vocabulary)
            except SpecError as exc:
                raise ProfileError(exc.message, path, exc.line) from None
            self._specs[name].path = path
        return self._specs[name]

    def file(self, name: str) -> Path | None:
        for directory in self.dirs:
            path = directory / name
            if path.exists():
                return path
        return None


def _profile_dirs(name, root: Path, seen: tuple[str, ...] = ()) -> list[Path]:
    # A name is one folder under profiles/, never a path that leads elsewhere.
    name = str(name)  # a `base:` in outline.yaml may be any YAML value
    if not PROFILE_NAME.fullmatch(name):
        where = root / "profiles" / seen[-1] / "outline.yaml" if seen else None
        raise ProfileError(f"模板名称“{name[:60]}”无效：只能包含字母、数字、-、_，不超过 100 个字符", where)
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
    base = (load_yaml(directory / "outline.yaml") or {}).get("base")
    return [directory] + (_profile_dirs(base, root, seen + (name,)) if base else [])


def _unknown_keys(data, keys, path: Path, where: str = "") -> None:
    """A key that `keys` (OUTLINE_KEYS, STYLE_KEYS) does not have is a ProfileError at its line."""
    if isinstance(keys, list) and isinstance(data, list):
        for entry in data:
            _unknown_keys(entry, keys[0], path, where)
        return
    if not isinstance(keys, dict) or not isinstance(data, dict):
        return  # a value, or a shape the loader reports in its own words
    lines = data.get("__keys__", {})
    for key, value in data.items():
        if key in LINE_KEYS:
            continue
        if key not in keys:
            known = "、".join(keys)
            close = difflib.get_close_matches(str(key), list(keys), n=1)
            hint = f"是不是“{close[0]}”？" if close else ""
            raise ProfileError(f"{where}没有“{key}”这一项，{hint}可用的有：{known}", path,
                               lines.get(key, data.get("__line__")))
        _unknown_keys(value, keys[key], path, f"{key} 中")


def _merged(dirs: list[Path], filename: str) -> dict:
    """Settings files merge key by key, the profile overriding its bases."""
    merged: dict = {}
    for directory in reversed(dirs):
        path = directory / filename
        if path.exists():
            for key, value in (load_yaml(path) or {}).items():
                if isinstance(value, dict) and isinstance(merged.get(key), dict):
                    merged[key] = {**merged[key], **value}
                else:
                    merged[key] = value
    return merged


def _tables(dirs: list[Path]) -> tuple[dict[str, tuple[object, Path]], dict]:
    """tables.yaml of the profile and its bases: a table the profile declares replaces the
    base's table of that name whole; `defaults` merge, the profile's over its bases'."""
    tables: dict[str, tuple[object, Path]] = {}
    defaults: dict = {}
    for directory in reversed(dirs):
        path = directory / "tables.yaml"
        if path.exists():
            for name, raw in (load_yaml(path) or {}).items():
                if name == DEFAULTS:
                    defaults = with_defaults(raw, defaults)
                elif name not in LINE_KEYS:
                    tables[str(name)] = (raw, path)
    return tables, defaults


def with_defaults(raw, defaults):
    """A table's settings over the profile's `defaults` (e.g. every table in 元, or one blank
    row in an empty table); a group of settings (amounts, empty, meta) merges key by key."""
    if not isinstance(raw, dict) or not isinstance(defaults, dict):
        return raw
    merged = dict(raw)
    for key, value in defaults.items():
        if key in LINE_KEYS:
            continue
        if key not in merged:
            merged[key] = value
        elif isinstance(value, dict) and isinstance(merged[key], dict):
            merged[key] = {**value, **merged[key]}
    return merged


def _strip_lines(value):
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k not in LINE_KEYS}
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
            f"每个条目必须且只能有一个类型（{'、'.join(ITEM_TYPES)}），实际为：{sorted(k for k in raw if k not in LINE_KEYS)}",
            path, line)
    kind = types[0]
    if kind == "section" and not PROFILE_NAME.fullmatch(str(raw[kind])):  # sections/<name>.j2
        raise ProfileError(f"{kind} 的名称“{raw[kind]}”无效：只能由文字、字母、数字、- 和 _ 组成", path, line)
    if not isinstance(raw.get("options") or {}, dict):
        raise ProfileError("options 应为“名称: 值”的若干行", path, line)
    return Item(type=kind, name=str(raw[kind]), title=str(raw.get("title", "")),
                subtitle=str(raw.get("subtitle", "")),
                options=_strip_lines(raw.get("options") or {}), line=line,
                key_lines=raw.get("__keys__", {}))


class SectionLoader(BaseLoader):
    """Loads sections/<name>.j2 from the profile, then its bases; never from outside them:
    no "..", no absolute path (split_template_path), no symlink that leads out."""

    def __init__(self, dirs: list[Path]):
        self.folders = [d / "sections" for d in dirs]

    def get_source(self, environment, template):
        pieces = split_template_path(template)
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if path.is_file():
                break
        else:
            raise TemplateNotFound(template)
        if not path.resolve().is_relative_to(folder.resolve()):
            raise ProfileError("模板文件指向模板文件夹以外，不能使用", path)
        mtime = path.stat().st_mtime

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime == mtime
            except OSError:
                return False

        return read_text(path), str(path), uptodate


class ChineseUndefined(StrictUndefined):
    """A missing name is an error that says, in Chinese, what is missing and what there is."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        name, obj = self._undefined_name, self._undefined_obj
        if self._undefined_hint:
            return self._undefined_hint
        if obj is missing:
            return f"变量“{name}”不存在"
        if isinstance(obj, dict):
            return f"“{name}”不存在，这里可用的有：{'、'.join(map(str, obj)) or '（无）'}"
        if isinstance(obj, 变化):
            return f"比较() 的结果没有“{name}”，可用的有：{'、'.join(变化.FIELDS)}"
        if isinstance(obj, (list, tuple)):
            return f"列表没有第 {name} 项（共 {len(obj)} 项）"
        return f"“{name}”不存在"


def make_env(dirs: list[Path], numbers: NumberStyle = NumberStyle()) -> BoundedEnvironment:
    # typed: typed text before template punctuation never doubles it ("。。"), see settle()
    env = BoundedEnvironment(loader=SectionLoader(dirs), split=typed, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=False, autoescape=False)
    env.undefined = ChineseUndefined
    env.globals.update(functions(numbers))
    return env


_warned: set[str] = set()


def _warn(message: str) -> None:
    """A profile problem that does not stop the build; said once per process."""
    if message not in _warned:
        _warned.add(message)
        print(f"警告：{message}", file=sys.stderr)


def _checked_fonts(fonts: dict, path: Path | None) -> dict:
    """pdf_fonts: a TrueType/OpenType file of sane size, or "" (found automatically)."""
    checked = {}
    for role, value in fonts.items():
        value = "" if value is None else str(value)
        font = Path(value).expanduser()
        problem = ""
        if value and font.suffix.lower() not in FONT_SUFFIXES:
            problem = f"不是 {'、'.join(FONT_SUFFIXES)} 字体文件"
        elif value and not font.is_file():
            problem = "文件不存在"
        elif value and font.stat().st_size > MAX_FONT_BYTES:
            problem = f"文件超过 {MAX_FONT_BYTES // 1024 // 1024} MB"
        if problem:
            _warn(f"{path}：pdf_fonts.{role}“{value}”{problem}，改用默认字体。")
            value = ""
        checked[role] = value
    return checked


def _checked_style(style: dict, path: Path | None) -> dict:
    """Sizes, margins and spacing must be positive numbers, fonts text: say so before a build."""
    for group in ("fonts", "sizes", "margins", "pdf_fonts", "page_numbers"):
        if not isinstance(style.get(group) or {}, dict):
            raise ProfileError(f"style.yaml 的 {group} 应为“名称: 值”的若干行", path)
    numbers = [(f"sizes.{k}", v) for k, v in (style.get("sizes") or {}).items()]
    numbers += [(f"margins.{k}", v) for k, v in (style.get("margins") or {}).items()]
    if "line_spacing" in style:
        numbers.append(("line_spacing", style["line_spacing"]))
    for key, value in numbers:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ProfileError(f"style.yaml 的 {key} 应为正数，填写的是“{value}”", path)
        # Beyond these no page can be laid out; the writers would fail on them mid-build.
        top = STYLE_LIMITS[key.split(".")[0]]
        if value > top[0]:
            raise ProfileError(f"style.yaml 的 {key} 填写的是“{value}”，超过上限 {top[0]}{top[1]}", path)
    if style.get("pdf_fonts"):
        style["pdf_fonts"] = _checked_fonts(style["pdf_fonts"], path)
    start_at = (style.get("page_numbers") or {}).get("start_at")
    if start_at not in (None, "", "body", "cover"):
        raise ProfileError(f"style.yaml 的 page_numbers.start_at 应为 body 或 cover，填写的是“{start_at}”",
                           path)
    return style


def _number_style(style: dict, dirs: list[Path]) -> NumberStyle:
    """style.yaml `numbers`: the defaults of 金额 and 占比, checked before any template runs."""
    settings = style.get("numbers")
    if settings is None:
        return NumberStyle()
    # The setting may come from a base profile: name the style.yaml that has it.
    path = next((d / "style.yaml" for d in dirs if (d / "style.yaml").exists()
                 and "numbers" in (load_yaml(d / "style.yaml") or {})), None)
    if not isinstance(settings, dict):
        raise ProfileError("style.yaml 的 numbers 应为“名称: 值”的若干行，如 位数: 2", path,
                           path and _key_line(path, "numbers"))
    try:
        return NumberStyle.from_settings(settings)
    except NumberArgumentError as exc:
        raise ProfileError(str(exc), path, path and _key_line(path, "numbers")) from None


FULL_WIDTH_BRACES = "｛｝"


def brace_problem(text: str) -> str:
    """Why the braces of a title or pattern are wrong ("" if they are not): a full-width brace
    or one left open would print as it is instead of the value."""
    if any(c in text for c in FULL_WIDTH_BRACES):
        return "中有全角花括号“｛ ｝”，占位符要用半角花括号，如 {单位名称}"
    if any(c in PLACEHOLDER.sub("", text) for c in "{}"):
        return "的花括号不成对"
    return ""


def _checked_numbering(numbering: dict, dirs: list[Path]) -> dict[str, str]:
    """Patterns go to str.format, so only plain placeholders with small format specs:
    "{标题.__class__}", "{x[0]}" or "{序号:>999999999}" would read attributes or allocate
    gigabytes. Each pattern is tried once on sample values, so a spec that does not fit
    its value ("{序号:d}", 序号 is text) fails here, not in a build."""
    for key, pattern in numbering.items():
        names = NUMBERING_NAMES if key != "glossary" else ("序号", "编号", "名词", "解释")

        def wrong(why: str) -> ProfileError:
            # The pattern may come from a base profile: name the outline that sets it.
            path = next((d / "outline.yaml" for d in dirs if key in
                         ((load_yaml(d / "outline.yaml") or {}).get("numbering") or {})),
                        dirs[0] / "outline.yaml")
            known = "、".join("{" + n + "}" for n in names)
            return ProfileError(f"numbering.{key}“{pattern}”{why}，可用的占位符：{known}",
                                path, _key_line(path, key))

        if not isinstance(pattern, str):
            raise wrong("应为文字")
        if brace_problem(pattern):
            raise wrong(brace_problem(pattern))
        try:
            fields = list(string.Formatter().parse(pattern))
        except ValueError:
            raise wrong("的花括号不成对") from None
        for _literal, name, spec, conversion in fields:
            if name is None:
                continue
            if name not in names:
                raise wrong(f"中的占位符 {{{name}}} 不存在")
            if conversion or not SAFE_SPEC.fullmatch(spec):
                raise wrong(f"中 {{{name}}} 的格式说明“{spec or '!' + conversion}”不能使用")
        try:
            pattern.format(序号=chinese(1), 编号=1, 标题="标题", 名词="名词", 解释="解释")
        except ValueError as exc:
            raise wrong(f"无法使用（{exc}）") from None
    return numbering


def load_profile(name: str, root: Path | None = None) -> Profile:
    root = Path(root) if root else TEMPLATES_DIR
    dirs = _profile_dirs(name, root)
    outline_path = dirs[0] / "outline.yaml"
    outline = _merged(dirs, "outline.yaml")
    path = outline_path
    for key in ("kind", "title", "parts"):
        if key not in outline:
            raise ProfileError(f"缺少必填项“{key}”", path)
    for key in ("toc", "toc_page_numbers"):
        if not isinstance(outline.get(key, True), bool):
            raise ProfileError(f"{key} 只能是 true 或 false，填写的是“{outline[key]}”", path,
                               _key_line(path, key))
    # cover: the lines of the cover page, or false for none
    for key, expected in (("parts", list), ("cover", (list, bool)), ("numbering", dict), ("table_meta", dict)):
        if outline.get(key) is not None and not isinstance(outline[key], expected):
            shape = "“名称: 值”的若干行" if expected is dict else "“- ”开头的若干条"
            shape += "（或 false）" if key == "cover" else ""
            raise ProfileError(f"{key} 应为{shape}", path, _key_line(path, key))
    # Misspelled keys after the shapes above, which say more about a badly broken file.
    for directory in dirs:
        for filename, keys in (("outline.yaml", OUTLINE_KEYS), ("style.yaml", STYLE_KEYS)):
            if (directory / filename).exists():
                _unknown_keys(load_yaml(directory / filename), keys, directory / filename)
    parts = []
    for raw in outline["parts"]:
        if not isinstance(raw, dict) or "title" not in raw or not isinstance(raw.get("items") or [], list):
            raise ProfileError("parts 下每一部分都需要 title 和 items（若干条）", path,
                               raw.get("__line__") if isinstance(raw, dict) else None)
        parts.append(Part(str(raw["title"]), [_parse_item(i, path) for i in raw.get("items") or []],
                          raw.get("__line__", 0)))
    glossary_path = next((d / "glossary.yaml" for d in dirs if (d / "glossary.yaml").exists()), None)
    glossary = []
    if glossary_path:
        for entry in load_yaml(glossary_path, list) or []:
            if not isinstance(entry, dict) or "term" not in entry or "text" not in entry:
                raise ProfileError("名词解释每一条需要 term（名词）和 text（解释）",
                                   glossary_path, entry.get("__line__") if isinstance(entry, dict) else None)
            glossary.append((str(entry["term"]), str(entry["text"]).strip()))
    style = _checked_style(_strip_lines(_merged(dirs, "style.yaml")),
                           next((d / "style.yaml" for d in dirs if (d / "style.yaml").exists()), None))
    numbers = _number_style(style, dirs)
    cover = outline.get("cover")
    cover = [] if cover is False else [str(c) for c in cover] if isinstance(cover, list) and cover \
        else [str(outline["title"])]
    numbering = _checked_numbering(
        {**NUMBERING_DEFAULTS, **_strip_lines(outline.get("numbering") or {})}, dirs)
    table_meta = {**TABLE_META, **_strip_lines(outline.get("table_meta") or {})}
    tables, table_defaults = _tables(dirs)
    return Profile(
        name=name, dirs=dirs, kind=str(outline["kind"]), title=str(outline["title"]),
        cover=cover,
        toc=outline.get("toc") is not False,
        toc_page_numbers=outline.get("toc_page_numbers") is not False,
        toc_title=str(outline.get("toc_title", "目 录")), numbering=numbering, parts=parts,
        glossary=glossary, style=style, env=make_env(dirs, numbers), outline_path=outline_path,
        table_meta={k: str(v) for k, v in table_meta.items()},
        tables=tables, table_defaults=table_defaults,
    )

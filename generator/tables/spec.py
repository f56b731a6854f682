"""tables.yaml, parsed and checked: every key, every name, with the line it was written on.

A table is rows (a source the kind provides, or literal rows) and a tree of columns whose
leaves show a row field or a measure; two or more panels stand side by side (a 收支总表).
Names of row sources, fields, facts and filter values are the kind's (`data.TableData`)
and are checked against it, so a typo is an error at its line, before any build."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..doctree import CENTER, LEFT, RIGHT

ALIGNS = {"left": LEFT, "center": CENTER, "right": RIGHT, "左": LEFT, "中": CENTER, "右": RIGHT}
ROW_NUMBER = "行次"  # the field that numbers rows down each panel
ZEROS = ("", "0", "0.00", "-", "—")
MAX_PANELS, MAX_WRAP, MAX_COLUMNS, MAX_ROWS, MAX_DEPTH = 4, 6, 40, 200, 4


class SpecError(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message, self.line = message, line


@dataclass(frozen=True)
class Measure:
    """A figure: a sum over the row's (or the named) facts, filtered by dimension, or the
    difference / rate of two other columns, or the row's previous-year value."""

    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (dimension, names), e.g. ("source", ("财政拨款",))
    facts: str = ""  # named facts instead of the row's own
    previous: bool = False
    diff: tuple[str, str] | None = None
    rate: tuple[str, str] | None = None


@dataclass
class ColumnSpec:
    title: str
    children: list["ColumnSpec"] = field(default_factory=list)
    field: str = ""  # a leaf showing a row field (编码, 名称, 项目, 行次 …)
    measure: Measure | None = None  # a leaf showing a figure
    id: str = ""
    width: float | None = None
    align: str | None = None
    header_align: str = CENTER
    line: int = 0

    def leaves(self) -> list["ColumnSpec"]:
        return [self] if not self.children else [leaf for c in self.children for leaf in c.leaves()]

    def depth(self) -> int:
        return 1 + max((c.depth() for c in self.children), default=0)


@dataclass
class LiteralRow:
    label: str = ""
    bold: bool = False
    facts: str = ""  # named facts; "" the table's total facts
    filters: tuple = ()
    blank: bool = False  # the label only
    number: int | None = None  # its 行次, when not counted
    span: int | None = None  # columns the label spans
    count: bool = False  # figures are counts (车辆数), not money
    text: str = ""  # a full-width line (a title inside the table)
    header: tuple[str, ...] = ()  # a header row inside the table
    line: int = 0


@dataclass
class RowSource:
    name: str
    options: dict
    line: int = 0


@dataclass
class Panel:
    columns: list[ColumnSpec]
    rows: RowSource | list[LiteralRow]
    wrap: int = 1  # the rows run down this many column sets side by side

    def column_set(self) -> list[ColumnSpec]:
        """The leaf columns once; a wrapped panel repeats them."""
        return [leaf for c in self.columns for leaf in c.leaves()]

    def leaves(self) -> list[ColumnSpec]:
        return self.column_set() * self.wrap


@dataclass
class Amounts:
    unit: str = "万元"
    decimals: int | None = None  # None: two in 万元; in 元 none unless there are fen
    thousands: bool | None = None  # None: in 元 only
    zero: str = ""


@dataclass
class TableSpec:
    name: str
    panels: list[Panel]
    tail: list[list[LiteralRow | None]] = field(default_factory=list)  # per panel
    total: str = "top"  # top | bottom | none
    total_label: str = "合计"
    total_align: str = CENTER
    column_numbers: bool = False
    column_numbers_label: str = ""
    amounts: Amounts = field(default_factory=Amounts)
    empty_note: str | None = None
    empty_rows: int = 0
    empty_total: bool = True  # an empty table keeps its 合计 row (default: when it has one)
    never_empty: bool = False
    landscape: bool = False
    font_scale: float = 1.0
    repeat_header: bool = True
    meta: dict[str, str] = field(default_factory=dict)
    title: str = ""  # the Chinese title listed by `templates check`
    line: int = 0
    path: object = None  # the tables.yaml it was read from, for messages

    def leaves(self) -> list[ColumnSpec]:
        return [leaf for panel in self.panels for leaf in panel.leaves()]


TABLE_KEYS = ("title", "rows", "columns", "panels", "tail", "total", "column_numbers", "amounts",
              "empty", "orientation", "font_scale", "repeat_header", "meta")
COLUMN_KEYS = ("title", "columns", "field", "sum", "facts", "previous", "diff", "rate", "id",
               "width", "align", "header_align")
ROW_KEYS = ("label", "bold", "facts", "filter", "blank", "number", "span", "count", "text", "header")
PANEL_KEYS = ("rows", "columns", "wrap")
AMOUNT_KEYS = ("unit", "decimals", "thousands", "zero")
EMPTY_KEYS = ("note", "blank_rows", "total")
TOTAL_KEYS = ("position", "label", "align")
NUMBERS_KEYS = ("label",)
META_KEYS = ("left", "right", "subtitle")


class Vocabulary:
    """What a kind lets tables name; `data.TableData` subclasses fill it."""

    row_sources: dict[str, tuple[str, ...]] = {}  # name -> its option keys
    fields: tuple[str, ...] = ()
    groups: dict[str, dict] = {}  # source / period / kind -> the names a filter may use
    facts: tuple[str, ...] = ()


def _line(raw, default: int | None = None) -> int | None:
    return raw.get("__line__", default) if isinstance(raw, dict) else default


def _keys(raw, allowed, where: str, line: int | None) -> dict:
    if not isinstance(raw, dict):
        raise SpecError(f"{where}应为“名称: 值”的若干行，填写的是“{str(raw)[:40]}”", line)
    keys = raw.get("__keys__", {})
    for key in raw:
        if key in ("__line__", "__keys__"):
            continue
        if key not in allowed:
            close = difflib.get_close_matches(str(key), list(allowed), n=1)
            hint = f"是不是“{close[0]}”？" if close else ""
            raise SpecError(f"{where}没有“{key}”这一项，{hint}可用的有：{'、'.join(allowed)}",
                            keys.get(key, _line(raw, line)))
    return {k: v for k, v in raw.items() if k not in ("__line__", "__keys__")}


def _name(value, choices, what: str, line) -> str:
    text = str(value)
    if text not in choices:
        close = difflib.get_close_matches(text, list(choices), n=1)
        hint = f"是不是“{close[0]}”？" if close else ""
        raise SpecError(f"{what}“{text[:40]}”不存在，{hint}可用的有：{'、'.join(choices)}", line)
    return text


def _text(value, what: str, line) -> str:
    if isinstance(value, (dict, list)) or value is None:
        raise SpecError(f"{what}应为文字", line)
    return str(value)


def _bool(value, what: str, line) -> bool:
    if not isinstance(value, bool):
        raise SpecError(f"{what}只能是 true 或 false，填写的是“{value}”", line)
    return value


def _int(value, what: str, line, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SpecError(f"{what}应为 {low} 到 {high} 的整数，填写的是“{value}”", line)
    return value


def _number(value, what: str, line, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise SpecError(f"{what}应为 {low} 到 {high} 之间的数，填写的是“{value}”", line)
    return float(value)


def _filters(raw, vocab: Vocabulary, line) -> tuple:
    if raw is None:
        return ()
    raw = _keys(raw, tuple(vocab.groups), "筛选条件（sum / filter）中", line)
    result = []
    for dim, names in raw.items():
        names = names if isinstance(names, list) else [names]
        if not names:
            raise SpecError(f"筛选条件 {dim} 不能为空", line)
        result.append((dim, tuple(_name(n, tuple(vocab.groups[dim]), f"{dim} 的取值", line) for n in names)))
    return tuple(result)


def _column(raw, vocab: Vocabulary, depth: int, ids: set) -> ColumnSpec:
    line = _line(raw)
    if isinstance(raw, str):
        raise SpecError(f"列“{raw}”应写成 {{title: …, field: …}} 或 {{title: …, sum: …}} 的形式", line)
    raw = _keys(raw, COLUMN_KEYS, "列的设置中", line)
    if depth > MAX_DEPTH:
        raise SpecError(f"列的分组超过 {MAX_DEPTH} 层", line)
    col = ColumnSpec(title=_text(raw.get("title", ""), "列的 title ", line), line=line or 0)
    shows = [k for k in ("columns", "field", "sum", "previous", "diff", "rate") if k in raw]
    if len(shows) != 1:
        raise SpecError(f"列“{col.title}”须有且只有 columns（分组）、field（字段）、sum（金额）、previous、"
                        f"diff（差额）或 rate（增减率）中的一项，实际为：{'、'.join(shows) or '无'}", line)
    show = shows[0]
    if show == "columns":
        if not isinstance(raw["columns"], list) or not raw["columns"]:
            raise SpecError(f"列组“{col.title}”的 columns 应为“- ”开头的若干列", line)
        col.children = [_column(c, vocab, depth + 1, ids) for c in raw["columns"]]
    elif show == "field":
        col.field = _name(raw["field"], vocab.fields + (ROW_NUMBER,), "字段", line)
    elif show in ("diff", "rate"):
        pair = raw[show]
        if not isinstance(pair, list) or len(pair) != 2:
            raise SpecError(f"{show} 应为两个列的 id，如 [本年, 上年]", line)
        col.measure = Measure(**{show: (str(pair[0]), str(pair[1]))})
    else:
        facts = _name(raw["facts"], vocab.facts, "facts（数据）", line) if "facts" in raw else ""
        if show == "previous":
            col.measure = Measure(previous=_bool(raw["previous"], "previous ", line), facts=facts)
        else:
            col.measure = Measure(filters=_filters(raw["sum"], vocab, line), facts=facts)
    if "facts" in raw and show not in ("sum", "previous"):
        raise SpecError("facts 只能用在 sum 列上", line)
    if "id" in raw:
        col.id = _text(raw["id"], "id ", line)
        if col.id in ids:
            raise SpecError(f"列 id“{col.id}”重复", line)
        ids.add(col.id)
    if "width" in raw:
        col.width = _number(raw["width"], "width ", line, 0.2, 20)
    if "align" in raw:
        col.align = ALIGNS[_name(raw["align"], tuple(ALIGNS), "align ", line)]
    if "header_align" in raw:
        col.header_align = ALIGNS[_name(raw["header_align"], tuple(ALIGNS), "header_align ", line)]
    return col


def _literal(raw, vocab: Vocabulary) -> LiteralRow | None:
    line = _line(raw)
    if raw is None:
        return None  # a panel with nothing on this line
    if isinstance(raw, str):
        return LiteralRow(label=raw, blank=True, line=line or 0)
    raw = _keys(raw, ROW_KEYS, "行的设置中", line)
    row = LiteralRow(line=line or 0)
    if "label" in raw:
        row.label = _text(raw["label"], "label ", line)
    if "text" in raw:
        row.text = _text(raw["text"], "text ", line)
    if "header" in raw:
        if not isinstance(raw["header"], list):
            raise SpecError("header 应为若干列的文字，如 [项目, 行次, 金额]", line)
        row.header = tuple(_text(h if h is not None else "", "header ", line) for h in raw["header"])
    for key in ("bold", "blank", "count"):
        if key in raw:
            setattr(row, key, _bool(raw[key], f"{key} ", line))
    if "facts" in raw:
        row.facts = _name(raw["facts"], vocab.facts, "facts（数据）", line)
    row.filters = _filters(raw.get("filter"), vocab, line)
    if "number" in raw:
        row.number = _int(raw["number"], "number ", line, 0, 9999)
    if "span" in raw:
        row.span = _int(raw["span"], "span ", line, 1, MAX_COLUMNS)
    return row


def _rows(raw, vocab: Vocabulary, line) -> RowSource | list[LiteralRow]:
    if isinstance(raw, list):
        if len(raw) > MAX_ROWS:
            raise SpecError(f"rows 超过 {MAX_ROWS} 行", line)
        return [_literal(r, vocab) or LiteralRow() for r in raw]
    if isinstance(raw, str):
        raw = {"source": raw, "__line__": line}
    if not isinstance(raw, dict) or "source" not in raw:
        raise SpecError("rows 应为数据来源（如 source: 功能科目）或若干行", _line(raw, line))
    row_line = _line(raw, line)
    name = _name(raw["source"], tuple(vocab.row_sources), "数据来源 source ", row_line)
    options = _keys(raw, ("source",) + vocab.row_sources[name], f"数据来源“{name}”的设置中", row_line)
    options.pop("source")
    return RowSource(name, options, row_line or 0)


def _panel(raw, vocab: Vocabulary, ids: set, line) -> Panel:
    raw = _keys(raw, PANEL_KEYS, "栏（panel）的设置中", line)
    if "columns" not in raw or "rows" not in raw:
        raise SpecError("每个 panel 都要有 rows 和 columns", line)
    if not isinstance(raw["columns"], list) or not raw["columns"]:
        raise SpecError("columns 应为“- ”开头的若干列", line)
    panel = Panel([_column(c, vocab, 1, ids) for c in raw["columns"]], _rows(raw["rows"], vocab, line))
    if "wrap" in raw:
        panel.wrap = _int(raw["wrap"], "wrap ", line, 1, MAX_WRAP)
    return panel


def parse_table(name: str, raw, vocab: Vocabulary) -> TableSpec:
    line = _line(raw)
    raw = _keys(raw, TABLE_KEYS, f"表格“{name}”的设置中", line)
    ids: set[str] = set()
    if "panels" in raw:
        if "rows" in raw or "columns" in raw:
            raise SpecError("有 panels 时，rows 和 columns 写在各 panel 中", line)
        if not isinstance(raw["panels"], list) or not 1 <= len(raw["panels"]) <= MAX_PANELS:
            raise SpecError(f"panels 应为 1 到 {MAX_PANELS} 个栏", line)
        panels = [_panel(p, vocab, ids, _line(p, line)) for p in raw["panels"]]
    else:
        panels = [_panel({k: raw[k] for k in ("rows", "columns") if k in raw}, vocab, ids, line)]
    spec = TableSpec(name=name, panels=panels, line=line or 0)
    if len(spec.leaves()) > MAX_COLUMNS:
        raise SpecError(f"表格“{name}”超过 {MAX_COLUMNS} 列", line)
    for leaf in spec.leaves():
        m = leaf.measure
        for ref in (m.diff or m.rate or ()) if m else ():
            if ref not in ids:
                raise SpecError(f"diff / rate 引用的列 id“{ref}”不存在，已有的 id：{'、'.join(ids) or '无'}",
                                leaf.line)
    if "title" in raw:
        spec.title = _text(raw["title"], "title ", line)
    if "tail" in raw:
        if not isinstance(raw["tail"], list):
            raise SpecError("tail 应为若干行", line)
        for entry in raw["tail"]:
            cells = entry if isinstance(entry, list) else [entry]
            if len(cells) != len(panels):
                raise SpecError(f"tail 的每一行应有 {len(panels)} 栏（每个 panel 一项），实际为 {len(cells)}",
                                _line(entry, line))
            spec.tail.append([_literal(c, vocab) for c in cells])
    total = raw.get("total", {})
    if isinstance(total, str) or total is False:
        total = {"position": total or "none"}
    total = _keys(total, TOTAL_KEYS, "total 中", line)
    spec.total = _name(total.get("position", "top"), ("top", "bottom", "none"), "total 的 position ", line)
    spec.total_label = _text(total.get("label", "合计"), "total 的 label ", line)
    if "align" in total:
        spec.total_align = ALIGNS[_name(total["align"], tuple(ALIGNS), "total 的 align ", line)]
    numbers = raw.get("column_numbers", False)
    if isinstance(numbers, dict):
        numbers = _keys(numbers, NUMBERS_KEYS, "column_numbers 中", line)
        spec.column_numbers, spec.column_numbers_label = True, _text(numbers.get("label", ""), "label ", line)
    else:
        spec.column_numbers = _bool(numbers, "column_numbers ", line)
    amounts = _keys(raw.get("amounts", {}), AMOUNT_KEYS, "amounts 中", line)
    spec.amounts = Amounts(
        unit=_name(amounts.get("unit", "万元"), ("万元", "元"), "amounts 的 unit ", line),
        decimals=_int(amounts["decimals"], "decimals ", line, 0, 2) if "decimals" in amounts else None,
        thousands=_bool(amounts["thousands"], "thousands ", line) if "thousands" in amounts else None,
        zero=_name(str(amounts.get("zero", "")), ZEROS, "amounts 的 zero ", line))
    empty = raw.get("empty", {})
    if empty is False:
        spec.never_empty = True
    else:
        empty = _keys(empty, EMPTY_KEYS, "empty 中", line)
        if "note" in empty:
            spec.empty_note = _text(empty["note"], "empty 的 note ", line)
        spec.empty_rows = _int(empty.get("blank_rows", 0), "blank_rows ", line, 0, 50)
        spec.empty_total = (_bool(empty["total"], "empty 的 total ", line) if "total" in empty
                            else spec.total != "none")
    spec.landscape = _name(raw.get("orientation", "portrait"), ("portrait", "landscape"),
                           "orientation ", line) == "landscape"
    if "font_scale" in raw:
        spec.font_scale = _number(raw["font_scale"], "font_scale ", line, 0.5, 1.5)
    if "repeat_header" in raw:
        spec.repeat_header = _bool(raw["repeat_header"], "repeat_header ", line)
    meta = _keys(raw.get("meta", {}), META_KEYS, "meta 中", line)
    spec.meta = {k: _text(v, f"meta 的 {k} ", line) for k, v in meta.items()}
    return spec

"""Builds the format-neutral document tree from a profile, the model and its figures."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError

from . import kinds, views  # noqa: F401  (kinds: every kind's views are registered)
from .doctree import Chart, Document, Heading, PageBreak, Paragraph, Table, TableOfContents
from .profile import Item, Profile, ProfileError
from .sandbox import DATA_CLOSE, DATA_OPEN, MAX_SIZE, TemplateLimit
from .tables import engine
from .tables.spec import SpecError
from .textfuncs import NumberArgumentError, settle
from .views.common import EMPTY_NOTE, ViewContext

CHART_LINE = re.compile(r"^\[\[chart:(\w+)(?:\|(.*))?\]\]$")
TABLE_LINE = re.compile(r"^\[\[table:(\w+)(?:\|(.*))?\]\]$")  # an unnumbered table in the text
CENTER_LINE = re.compile(r"^\[\[center:(.*)\]\]$")  # a centred paragraph
SUBHEADING = "## "
DATA_MASK = "\ue002"  # stands for one character of data; matches no marker (it is not \w)
_SENTINEL = re.compile(f"([{DATA_OPEN}{DATA_CLOSE}])")
_NOT_NEWLINE = re.compile(r"[^\n]")


def _template_line(exc: BaseException, path) -> int | None:
    """The template line an exception was raised at: Jinja maps its frames to template lines."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if path is not None and tb.tb_frame.f_code.co_filename == str(path):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _template_error(profile: Profile, name: str, exc: Exception) -> ProfileError:
    path = profile.file(f"sections/{name}.j2")
    line = getattr(exc, "lineno", None) or _template_line(exc, path)
    if isinstance(exc, UndefinedError):
        message = exc.message or "使用了不存在的变量"  # in ChineseUndefined's words
    elif isinstance(exc, SecurityError):
        message = f"模板试图访问不允许的内容：{exc}"
    elif isinstance(exc, TemplateSyntaxError):
        message = f"模板语法错误：{exc.message}"
    elif isinstance(exc, TemplateLimit):
        message = f"模板超出限制：{exc}"
    elif isinstance(exc, NumberArgumentError):
        message = f"模板出错：{exc}"
    elif isinstance(exc, RecursionError):
        message = "模板嵌套或递归过深（如宏调用自身、include 自身）"
    elif isinstance(exc, MemoryError):
        message = "模板运行时内存不足"
    else:  # a template's own mistake, e.g. 1/0 or "a" + 1
        message = f"模板出错：{type(exc).__name__}：{exc}"
    return ProfileError(message, path, line)


def render_section(profile: Profile, name: str, context: dict) -> str:
    try:
        return settle(profile.env.render_bounded(f"{name}.j2", context))
    except TemplateNotFound as exc:
        if exc.name != f"{name}.j2":  # an {% include %} or {% import %} inside the section
            path = profile.file(f"sections/{name}.j2")
            raise ProfileError(f"找不到模板“{exc.name}”：只能使用本模板 sections 文件夹中的文件",
                               path, _template_line(exc, path)) from None
        raise ProfileError(f"找不到说明模板 sections/{name}.j2", profile.dirs[0]) from None
    except ProfileError:
        raise
    except Exception as exc:  # anything a template does wrong is the template's error
        raise _template_error(profile, name, exc) from None


def section_lines(text: str) -> list[tuple[str, str]]:
    """Each non-blank line of rendered text as (text, mask). In the mask every character of a
    printed value (data, between the sentinels) is DATA_MASK, so markers match template text
    only; a newline inside a value starts a new line that is still all data."""
    plain, masked, depth = [], [], 0
    for piece in _SENTINEL.split(text):
        if piece == DATA_OPEN:
            depth += 1
        elif piece == DATA_CLOSE:
            depth = max(depth - 1, 0)
        else:
            plain.append(piece)
            masked.append(_NOT_NEWLINE.sub(DATA_MASK, piece) if depth else piece)
    lines = []
    for raw, mask in zip("".join(plain).split("\n"), "".join(masked).split("\n")):
        start, end = len(raw) - len(raw.lstrip()), len(raw.rstrip())
        if start < end:
            lines.append((raw[start:end], mask[start:end]))
    return lines


def _argument(line: str, match: re.Match, group: int) -> str:
    """A marker's argument, matched on the mask, read from the text (data included)."""
    return line[match.start(group):match.end(group)].strip() if match.group(group) else ""


class Assembler:
    def __init__(self, profile: Profile, model, figures, context: dict):
        self.profile = profile
        self.model = model
        self.figures = figures
        self.context = context
        self.values = {"单位名称": model.unit.name, "年度": model.unit.year,
                       "上年度": model.unit.year - 1, "主管部门": model.unit.department}
        self.table_no = 0  # the tables counted for their labels
        self.table_count = 0
        self.text_size = 0  # characters of all sections: each is bounded, and so is the sum
        self.doc = Document(title="", author=model.unit.name, subject="",
                            period=str(model.unit.year),
                            date=model.unit.saved or datetime(min(max(model.unit.year, 1900), 9999), 1, 1,
                                                              tzinfo=timezone.utc))

    def fill(self, text: str, line: int = 0) -> str:
        return self.profile.fill(text, self.values, line=line)

    def number(self, key: str, index: int, title: str) -> str:
        return self.profile.number(key, index, 标题=title)

    def build(self) -> Document:
        p = self.profile
        self.doc.title = self.fill(p.title)
        self.doc.subject = self.doc.title
        for line in p.cover:
            self.doc.add(Paragraph(self.fill(line), "cover_title"))
        if p.cover and p.toc:
            self.doc.add(PageBreak())
        if p.toc:
            self.doc.add(TableOfContents(p.toc_title, p.toc_page_numbers))
        if p.cover or p.toc:
            self.doc.add(PageBreak(starts_body=True))
        section_no = 0
        for i, part in enumerate(p.parts, start=1):
            if p.part_headings:
                if i > 1:
                    self.doc.add(PageBreak())
                self.doc.add(Heading(1, self.number("part", i, self.fill(part.title, part.line)),
                                     anchor=f"p{i}"))
                section_no = 0
            elif part.title:
                # Without a part level a titled part is one more section: "五、预算表".
                section_no += 1
                self.doc.add(Heading(2, self.number("section", section_no,
                                                    self.fill(part.title, part.line)), anchor=f"p{i}"))
            for j, item in enumerate(part.items):
                if item.type == "section":
                    # Untitled sections (e.g. an annex cover) take no number.
                    section_no += bool(item.title)
                    anchor = f"p{i}s{section_no}" if item.title else f"p{i}i{j}"
                    self.section(item, anchor, section_no)
                elif item.type == "table":
                    self.table(item)
                elif item.type == "forms":
                    self.forms(item)
                elif item.type == "glossary":
                    self.glossary()
        keep_landscape_runs(self.doc.blocks)
        return self.doc

    def view_context(self, item: Item) -> ViewContext:
        return ViewContext(self.model, self.figures, item.options)

    def section(self, item: Item, anchor: str, number: int) -> None:
        if item.title:
            self.doc.add(Heading(2, self.number("section", number, self.fill(item.title, item.line)),
                                 anchor=anchor))
        text = render_section(self.profile, item.name, self.context)
        self.text_size += len(text)
        if self.text_size > MAX_SIZE:  # megabytes of text would take the writers minutes
            raise ProfileError(f"各节说明文字合计超过 {MAX_SIZE} 个字符（模板超出限制）",
                               self.profile.file(f"sections/{item.name}.j2"))
        sub = 0
        for line, mask in section_lines(text):
            # Markers are matched on the mask, their arguments taken from the text.
            chart = CHART_LINE.match(mask)
            inline_table = TABLE_LINE.match(mask)
            center = CENTER_LINE.match(mask)
            if mask.startswith(SUBHEADING):
                sub += 1
                self.doc.add(Heading(3, self.number("subsection", sub, line[len(SUBHEADING):].strip()),
                                     anchor=f"{anchor}x{sub}"))
            elif chart:
                self.chart(chart.group(1), _argument(line, chart, 2), item)
            elif inline_table:
                table = self.view_table(inline_table.group(1), item)
                table.title = _argument(line, inline_table, 2)
                self.doc.add(table)
            elif center:
                self.doc.add(Paragraph(_argument(line, center, 1), "center"))
            else:
                self.doc.add(Paragraph(line))

    def chart(self, name: str, caption: str, item: Item) -> None:
        fn = views.CHARTS.get(self.profile.kind, {}).get(name)
        if fn is None:
            raise ProfileError(f"图表“{name}”不存在，可用的有：{'、'.join(views.CHARTS.get(self.profile.kind, {}))}",
                               self.profile.file(f"sections/{item.name}.j2"))
        chart: Chart | None = fn(self.view_context(item))
        if chart is None:  # nothing to draw: no empty picture
            return
        chart.title = caption
        self.doc.add(chart)

    def view_table(self, name: str, item: Item) -> Table:
        if name in self.profile.tables:
            return self.declared_table(name, item)
        fn = views.TABLES.get(self.profile.kind, {}).get(name)
        if fn is None:
            known = [*self.profile.tables, *views.TABLES.get(self.profile.kind, {})]
            raise ProfileError(f"表格“{name}”不存在，可用的有：{'、'.join(known)}",
                               self.profile.outline_path, item.line)
        return fn(self.view_context(item))

    def declared_table(self, name: str, item: Item) -> Table:
        """A table of tables.yaml, rendered by the table engine; its notes from the outline."""
        data = views.TABLE_DATA[self.profile.kind]
        spec = self.profile.table_spec(name, data)
        try:
            table, has_data = engine.render(spec, data(self.model, self.figures, item.options),
                                            lambda text, line: self.profile.fill(text, self.values, spec.path, line))
        except SpecError as exc:
            raise ProfileError(exc.message, spec.path, exc.line) from None
        note = item.options.get("note", "")
        if note and self.model.unit.money_unit == "元":
            note += item.options.get("rounding_note", "")
        if note:
            table.notes.append(note)
        if not has_data:
            table.notes.append(item.options.get("empty_note") or spec.empty_note or EMPTY_NOTE)
        return table

    def table(self, item: Item) -> None:
        table = self.view_table(item.name, item)
        title = self.fill(item.title, item.line)
        table.title = title
        label = item.options.get("label")
        if label is None:  # counted: 预算公开表1, 2 …
            self.table_no += 1
            table.label = self.number("table_label", self.table_no, title) if self.profile.numbering.get("table_label") else ""
            table.toc_text = self.number("table_toc", self.table_no, title)
        else:  # its own label, or none (label: false), outside the count
            table.label = self.fill(str(label), item.line) if label is not False else ""
            table.toc_text = title
        self.table_count += 1
        table.anchor = f"t{self.table_count}"
        declared = (self.profile.table_spec(item.name, views.TABLE_DATA[self.profile.kind])
                    if item.name in self.profile.tables else None)
        meta = {**self.profile.table_meta, **(declared.meta if declared else {}),
                **item.options.get("table_meta", {})}
        table.subtitle = self.fill(meta["subtitle"], item.line)
        table.meta_left = self.fill(meta["left"], item.line)
        table.meta_right = self.fill(meta["right"], item.line)
        if item.options.get("new_page") and not table.landscape:
            self.doc.add(PageBreak())  # a landscape table starts its own page anyway
        self.doc.add(table)

    def forms(self, item: Item) -> None:
        fn = views.FORMS.get(self.profile.kind, {}).get(item.name)
        if fn is None:
            raise ProfileError(f"表单“{item.name}”不存在", self.profile.outline_path, item.line)
        for k, form in enumerate(fn(self.view_context(item)), start=1):
            form.title = self.fill(item.title, item.line)
            form.label = ""
            form.toc_text = ""
            form.anchor = f"f{k}"
            form.subtitle = self.fill(item.subtitle, item.line)
            form.landscape = bool(item.options.get("landscape", False))
            self.doc.add(form)

    def glossary(self) -> None:
        for i, (term, text) in enumerate(self.profile.glossary, start=1):
            self.doc.add(Paragraph(self.profile.number("glossary", i, 名词=term, 解释=text)))


def keep_landscape_runs(blocks: list) -> None:
    """A portrait table between two landscape tables turns landscape too: a run of
    landscape tables is not interrupted by one portrait page the reader must turn."""
    tables = [b for b in blocks if not isinstance(b, PageBreak)]
    for before, block, after in zip(tables, tables[1:], tables[2:]):
        if (isinstance(block, Table) and not block.landscape and isinstance(before, Table)
                and before.landscape and isinstance(after, Table) and after.landscape):
            block.landscape = True


def build_document(profile: Profile, model, figures, context: dict) -> Document:
    return Assembler(profile, model, figures, context).build()

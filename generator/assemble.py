"""Builds the format-neutral document tree from a profile, the model and its figures."""
from __future__ import annotations

import re

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError

from . import views
from .doctree import Chart, Document, Heading, PageBreak, Paragraph, Table, TableOfContents
from .profile import Item, Profile, ProfileError
from .views.common import ViewContext

CHART_LINE = re.compile(r"^\[\[chart:(\w+)(?:\|(.*))?\]\]$")
TABLE_LINE = re.compile(r"^\[\[table:(\w+)(?:\|(.*))?\]\]$")  # an unnumbered table in the text
CENTER_LINE = re.compile(r"^\[\[center:(.*)\]\]$")  # a centred paragraph
SUBHEADING = "## "


def _template_error(profile: Profile, name: str, exc: Exception) -> ProfileError:
    path = profile.file(f"sections/{name}.j2")
    line = getattr(exc, "lineno", None)
    if isinstance(exc, UndefinedError):
        message = f"使用了不存在的变量：{exc.message}"
    elif isinstance(exc, SecurityError):
        message = f"模板试图访问不允许的内容：{exc}"
    elif isinstance(exc, TemplateSyntaxError):
        message = f"模板语法错误：{exc.message}"
    else:
        message = f"模板出错：{exc}"
    return ProfileError(message, path, line)


def render_section(profile: Profile, name: str, context: dict) -> str:
    try:
        template = profile.env.get_template(f"{name}.j2")
        return template.render(context)
    except TemplateNotFound:
        raise ProfileError(f"找不到说明模板 sections/{name}.j2", profile.dirs[0]) from None
    except (TemplateError, SecurityError) as exc:
        raise _template_error(profile, name, exc) from None


class Assembler:
    def __init__(self, profile: Profile, model, figures, context: dict):
        self.profile = profile
        self.model = model
        self.figures = figures
        self.context = context
        self.values = {"单位名称": model.unit.name, "年度": model.unit.year,
                       "上年度": model.unit.year - 1, "主管部门": model.unit.department}
        self.table_no = 0
        self.doc = Document(title="", author=model.unit.name, subject="")

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
        self.doc.add(PageBreak(), TableOfContents(p.toc_title), PageBreak())
        for i, part in enumerate(p.parts, start=1):
            if i > 1:
                self.doc.add(PageBreak())
            self.doc.add(Heading(1, self.number("part", i, self.fill(part.title, part.line)),
                                 anchor=f"p{i}"))
            section_no = 0
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
        sub = 0
        for raw in text.split("\n"):
            line = raw.strip()
            if not line:
                continue
            chart = CHART_LINE.match(line)
            inline_table = TABLE_LINE.match(line)
            center = CENTER_LINE.match(line)
            if line.startswith(SUBHEADING):
                sub += 1
                self.doc.add(Heading(3, self.number("subsection", sub, line[len(SUBHEADING):].strip()),
                                     anchor=f"{anchor}x{sub}"))
            elif chart:
                self.chart(chart.group(1), (chart.group(2) or "").strip(), item)
            elif inline_table:
                table = self.view_table(inline_table.group(1), item)
                table.title = (inline_table.group(2) or "").strip()
                self.doc.add(table)
            elif center:
                self.doc.add(Paragraph(center.group(1).strip(), "center"))
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
        fn = views.TABLES.get(self.profile.kind, {}).get(name)
        if fn is None:
            raise ProfileError(
                f"表格“{name}”不存在，可用的有：{'、'.join(views.TABLES.get(self.profile.kind, {}))}",
                self.profile.outline_path, item.line)
        return fn(self.view_context(item))

    def table(self, item: Item) -> None:
        table = self.view_table(item.name, item)
        self.table_no += 1
        title = self.fill(item.title, item.line)
        table.title = title
        table.label = self.number("table_label", self.table_no, title) if self.profile.numbering.get("table_label") else ""
        table.toc_text = self.number("table_toc", self.table_no, title)
        table.anchor = f"t{self.table_no}"
        meta = {**self.profile.table_meta, **item.options.get("table_meta", {})}
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
    views.load_all()
    return Assembler(profile, model, figures, context).build()

"""Renders a doctree Document as .docx. The only module that knows python-docx.

Tables are written as WordprocessingML directly (gridSpan / vMerge for merged
cells, tblHeader for repeated header rows): faster than cell-by-cell merging
and exactly what Word itself writes.
"""
from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..doctree import (
    CENTER, RIGHT, Chart, Document, Heading, PageBreak, Paragraph, Table, TableOfContents,
)
from .. import __version__
from .common import (
    BRACKET_NOTE, SUBHEADING, deterministic_zip, fit_widths, is_label, render_blocks, style_value,
    wrap_words,
)
from .charts import render_png

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, CENTER: WD_ALIGN_PARAGRAPH.CENTER,
         RIGHT: WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
A4 = (Cm(21.0), Cm(29.7))
# Word resolves a theme font before the named one: with these left in, headings would come
# out in the theme's (Japanese) face instead of 黑体.
THEME_FONT_ATTRS = tuple(qn(f"w:{a}") for a in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme"))
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
GENERATOR = f"disclosure-generator {__version__}"
APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns='
           '"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           f"<Application>{GENERATOR}</Application><DocSecurity>0</DocSecurity></Properties>")
# Rows are kept together where a split would strand this many or fewer body rows.
KEEP_ROWS = 3


def _fonts(rpr, latin: str, east_asia: str) -> None:
    fonts = rpr.get_or_add_rFonts()
    for attr in THEME_FONT_ATTRS:
        fonts.attrib.pop(attr, None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


class DocxWriter:
    def __init__(self, style: dict, reference: Path | None = None):
        """`reference`: a profile's reference.docx, whose page set-up, header, footer and
        styles are kept; fonts and sizes of the styles used here still come from `style`,
        so the .docx and the PDF agree."""
        self.style = style
        self.reference = reference
        self.doc = new_docx(str(reference) if reference else None)
        self.landscape = False
        self._style_ids: dict[str, str] = {}
        self.toc_entries: list[tuple[int, str, str]] = []  # level, text, anchor
        self._toc_paragraph = None
        self._toc_page_numbers = True
        self.bookmark_id = 0
        # Where page 1 is: the cover (which shows no number) or the body after cover and 目录.
        numbering = style.get("page_numbers")
        self.numbers_from_cover = isinstance(numbering, dict) and numbering.get("start_at") == "cover"
        self._body_started = False
        self._setup_styles()
        self._setup_page(self.doc.sections[0], landscape=False)
        if self.numbers_from_cover:
            self._blank_first_page_footer(self.doc.sections[0])

    # -- set-up ------------------------------------------------------------------------------
    def font(self, role: str) -> str:
        return style_value(self.style, "fonts", role)

    def size(self, role: str) -> float:
        return float(style_value(self.style, "sizes", role))

    def _style(self, name: str, font_role: str, size_role: str, bold=False,
               align=None, outline: int | None = None, indent=False, base="Normal"):
        styles = self.doc.styles
        try:
            st = styles[name]
        except KeyError:
            st = styles.add_style(name, 1)
            st.base_style = styles[base]
        st.font.size = Pt(self.size(size_role))
        st.font.bold = bold
        st.font.name = "Times New Roman"
        _fonts(st.element.get_or_add_rPr(), "Times New Roman", self.font(font_role))
        pf = st.paragraph_format
        if align is not None:
            pf.alignment = ALIGN[align]
        if indent:
            pf.first_line_indent = Pt(self.size(size_role) * 2)
        if outline is not None:
            ppr = st.element.get_or_add_pPr()
            lvl = ppr.find(qn("w:outlineLvl"))  # a reference document's style has one already
            if lvl is None:
                lvl = OxmlElement("w:outlineLvl")
                ppr.insert_element_before(lvl, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                                          "w:pPrChange")
            lvl.set(qn("w:val"), str(outline))
        return st

    def _setup_styles(self) -> None:
        self._strip_theme_fonts()
        spacing = float(self.style.get("line_spacing", 1.5))
        normal = self._style("Normal", "body", "body", indent=False)
        normal.paragraph_format.line_spacing = spacing
        normal.paragraph_format.space_after = Pt(0)
        self._style("正文", "body", "body", indent=True, align="justify")
        for name, size_role, level, align in (("Heading 1", "part", 0, CENTER),
                                              ("Heading 2", "section", 1, None),
                                              ("Heading 3", "subsection", 2, None)):
            st = self._style(name, "heading", size_role, bold=True, align=align)
            st.font.color.rgb = None
            st.paragraph_format.space_before = Pt(12)
            st.paragraph_format.space_after = Pt(6)
            st.paragraph_format.keep_with_next = True
            st.paragraph_format.first_line_indent = Pt(self.size("body") * 2) if level else None
        for name, outline in (("表标题", 1), ("表单标题", None)):
            st = self._style(name, "title", "table_title", bold=True, align=CENTER, outline=outline)
            st.paragraph_format.space_before = Pt(12)  # apart from a table just above
            st.paragraph_format.keep_with_next = True
        self._style("表格文字", "table", "table")
        self._table_style_id = self.doc.styles["表格文字"].style_id  # looked up per cell otherwise
        self.doc.styles["表格文字"].paragraph_format.line_spacing = 1.0
        self._style("注释", "table", "note")
        self._style("封面标题", "title", "cover_title", bold=True, align=CENTER)
        self._style("目录标题", "heading", "part", bold=True, align=CENTER)
        for level in (1, 2, 3):
            st = self._style(f"toc {level}", "body", "body")
            st.paragraph_format.left_indent = Pt(self.size("body") * 2 * (level - 1))

    def _strip_theme_fonts(self) -> None:
        """No theme fonts anywhere in styles.xml; the document defaults name the body font
        and Chinese as the East Asian language (spell-checking, line breaking)."""
        root = self.doc.styles.element
        for fonts in root.iter(qn("w:rFonts")):
            for attr in THEME_FONT_ATTRS:
                fonts.attrib.pop(attr, None)
            if not fonts.attrib:
                fonts.getparent().remove(fonts)
        defaults = root.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = OxmlElement("w:docDefaults")
            root.insert(0, defaults)
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = OxmlElement("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_default.append(rpr)
        _fonts(rpr, "Times New Roman", self.font("body"))

    def _setup_page(self, section, landscape: bool) -> None:
        first = self.doc.sections[0]
        # python-docx makes a new Section object on each access: compare the XML elements.
        is_first = section._sectPr is first._sectPr
        if self.reference and not is_first:
            # Landscape sections: the reference document's page turned, its margins kept.
            width, height = first.page_width, first.page_height
            margins = (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)
        elif self.reference:
            self._page_number_footer(section)
            return
        else:
            m = self.style.get("margins", {})
            width, height = A4
            margins = tuple(Cm(float(m.get(k, d))) for k, d in (
                ("top", 2.54), ("bottom", 2.54), ("left", 2.8), ("right", 2.6)))
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = margins
        self._page_number_footer(section)

    def _page_number_footer(self, section) -> None:
        """The first section's footer: a centred PAGE field. Later sections link to it, and a
        centred paragraph is centred between each section's own margins, landscape too."""
        footer = section.footer
        footer.is_linked_to_previous = True
        if section._sectPr is not self.doc.sections[0]._sectPr:
            return
        if any(p.text.strip() for p in footer.paragraphs):  # a reference footer of its own
            return
        p = footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._field(p, "PAGE", "1")
        # The PDF's size, the note size, not the body's 14 pt: set on the style, as
        # LibreOffice sizes a field by its paragraph, not its runs.
        self.doc.styles["Footer"].font.size = Pt(self.size("note"))

    def _blank_first_page_footer(self, section) -> None:
        """The cover is page 1 but shows no number: its section's first page has an empty footer."""
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False

    def _new_section(self):
        """A section starting on a new page. Its header, footer and page numbering continue
        from the one before: python-docx's copy of the previous section's properties would
        restart the numbering, or give its first page the cover's blank footer."""
        sect_pr = self.doc.element.body.add_section_break()
        for old in sect_pr.findall(qn("w:pgNumType")) + sect_pr.findall(qn("w:titlePg")):
            sect_pr.remove(old)
        return self.doc.sections[-1]

    def _start_body(self) -> None:
        """The page after the 目录 starts the body, in a section of its own numbered from 1
        (as the PDF counts); the cover and 目录 before it show no page number."""
        self._body_started = True
        if self.numbers_from_cover:
            self._break()
            return
        body = self.doc.element.body.add_section_break()  # the sectPr of the body's section
        front = self.doc.sections[-2]._sectPr
        # The page-number footer moves to the body; the cover and 目录 section keeps none.
        for ref in front.findall(qn("w:footerReference")):
            front.remove(ref)
            body.insert_element_before(ref, *_sectpr_after("w:footerReference"))
        num = OxmlElement("w:pgNumType")
        num.set(qn("w:start"), "1")
        body.insert_element_before(num, *_sectpr_after("w:pgNumType"))

    # -- fields and bookmarks ----------------------------------------------------------------
    @staticmethod
    def _field_start(paragraph, instruction: str) -> None:
        """Begin a field and its instruction; what follows until _field_end is its result."""
        for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None)):
            run = paragraph.add_run()
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            else:
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = text
            run._r.append(el)

    @staticmethod
    def _field_end(paragraph) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), "end")
        paragraph.add_run()._r.append(el)

    def _field(self, paragraph, instruction: str, result: str) -> None:
        self._field_start(paragraph, instruction)
        paragraph.add_run(result)
        self._field_end(paragraph)

    def _bookmark(self, paragraph, name: str) -> None:
        if not name:
            return
        self.bookmark_id += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.bookmark_id))
        start.set(qn("w:name"), _bookmark_name(name))
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.bookmark_id))
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
        paragraph._p.append(end)

    # -- blocks ------------------------------------------------------------------------------
    def ensure_orientation(self, landscape: bool) -> bool:
        """Start a new section when orientation changes; True when a new page was started."""
        pending, self._break_pending = self._break_pending, False
        if landscape == self.landscape:
            if pending:
                self._break()
            return pending
        self._setup_page(self._new_section(), landscape)
        self.landscape = landscape
        return True

    def add(self, text: str = "", style: str | None = None):
        """A body paragraph; styles are set by id (python-docx's look-up by name scans
        every style on each call, which dominated the writing time)."""
        if self._break_pending:
            self.ensure_orientation(False)
        p = self.doc.add_paragraph(text)
        if style:
            self._set_style(p, style)
        return p

    def _set_style(self, paragraph, style: str) -> None:
        style_id = self._style_ids.get(style)
        if style_id is None:
            style_id = self._style_ids[style] = self.doc.styles[style].style_id
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = style_id

    _break_pending = False

    def page_break(self, block: PageBreak) -> None:
        # After a landscape page the next block decides: a landscape table goes on to a new
        # landscape page, anything else starts a portrait section (itself a new page). Turning
        # portrait at once would leave an empty portrait page between two landscape tables.
        if self.landscape:
            self._break_pending = True
        elif block.starts_body and not self._body_started:
            self._start_body()
        else:
            self._break()

    def _break(self) -> None:
        p = self.doc.add_paragraph()
        p.add_run().add_break(WD_BREAK.PAGE)

    def heading(self, block: Heading) -> None:
        self.ensure_orientation(False)
        p = self.add(block.text, f"Heading {min(block.level, 3)}")
        self._bookmark(p, block.anchor)
        if block.toc and block.anchor:
            self.toc_entries.append((block.level, block.text, block.anchor))

    def paragraph(self, block: Paragraph) -> None:
        style = {"body": "正文", "cover_title": "封面标题", "note": "注释"}.get(block.style, "正文")
        body = self.doc.element.body
        before = body[-2] if len(body) > 1 else None  # the last block, before the final sectPr
        p = self.add(block.text, style)
        if BRACKET_NOTE.fullmatch(block.text.strip()) and before is not None and before.tag == qn("w:p"):
            before.get_or_add_pPr().keepNext_val = True  # the note follows its text
        if block.style == "cover_title":
            p.paragraph_format.space_before = Pt(120 if not self._cover_started else 24)
            self._cover_started = True
        elif block.style in ("center", "right"):
            p.alignment = ALIGN[block.style]
            p.paragraph_format.first_line_indent = None
        elif style == "正文" and SUBHEADING.fullmatch(block.text.strip()):
            p.paragraph_format.keep_with_next = True  # e.g. "1、整体绩效目标" never ends a page

    _cover_started = False

    def toc(self, block: TableOfContents) -> None:
        self.add(block.title, "目录标题")
        self._toc_paragraph = self.doc.add_paragraph()
        self._toc_page_numbers = block.page_numbers

    def fill_toc(self, pages: dict[str, str]) -> None:
        """A TOC field whose result lists every entry as Word would: a link to the heading's
        bookmark, a dot leader to the right margin and the page number, so that readers that
        never update fields (WPS, LibreOffice) show it whole. `pages`: anchor -> page label."""
        if self._toc_paragraph is None:
            return
        # \n omits page numbers (and their leaders) when Word updates the field too.
        instruction = 'TOC \\o "1-3" \\h \\z \\u' + ('' if self._toc_page_numbers else ' \\n "1-3"')
        if self._toc_page_numbers:
            first = self.doc.sections[0]
            usable = first.page_width - first.left_margin - first.right_margin
            for level in (1, 2, 3):
                tabs = self.doc.styles[f"toc {level}"].paragraph_format.tab_stops
                tabs.add_tab_stop(usable, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        paragraph = self._toc_paragraph
        if not self.toc_entries:
            self._field_start(paragraph, instruction)
            self._field_end(paragraph)
            return
        for i, (level, text, anchor) in enumerate(self.toc_entries):
            if i:
                paragraph = self._insert_after(paragraph)
            self._set_style(paragraph, f"toc {min(level, 3)}")
            if i == 0:
                self._field_start(paragraph, instruction)
            page = (f'<w:r><w:tab/></w:r><w:r><w:t>{xml_escape(pages.get(anchor, ""))}</w:t></w:r>'
                    if self._toc_page_numbers else "")
            link = parse_xml(
                f'<w:hyperlink {nsdecls("w")} w:anchor="{_bookmark_name(anchor)}" w:history="1">'
                f'<w:r><w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r>{page}</w:hyperlink>')
            paragraph._p.append(link)
        self._field_end(paragraph)

    def _insert_after(self, paragraph):
        from docx.text.paragraph import Paragraph as DocxParagraph

        new_p = OxmlElement("w:p")
        paragraph._p.addnext(new_p)
        return DocxParagraph(new_p, paragraph._parent)

    def table(self, block: Table) -> None:
        new_page = self.ensure_orientation(block.landscape)
        if not new_page and block.landscape:
            self._break()
        # Label, title, subtitle and 单位 line stay with the table's first rows.
        if block.label:
            p = self.add(block.label, "表格文字")
            p.paragraph_format.keep_with_next = True
        if block.title:
            style = "表标题" if block.toc_text else "表单标题"
            p = self.add(block.title, style)
            self._bookmark(p, block.anchor)
            if block.toc_text and block.anchor:
                self.toc_entries.append((2, block.toc_text, block.anchor))
        if block.subtitle:
            p = self.add(block.subtitle, "表格文字")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
        if block.meta_left or block.meta_right:
            p = self.add(style="表格文字")
            p.paragraph_format.keep_with_next = True
            section = self.doc.sections[-1]
            usable = section.page_width - section.left_margin - section.right_margin
            p.paragraph_format.tab_stops.add_tab_stop(usable, alignment=WD_TAB_ALIGNMENT.RIGHT)
            p.add_run(block.meta_left)
            p.add_run("\t" + block.meta_right)
        self._table_xml(block)
        for note in block.notes:
            self.add(note, "注释")

    def _table_xml(self, block: Table) -> None:
        """The table as WordprocessingML text, parsed once: far faster than building
        thousands of elements one by one. Every cell text is XML-escaped."""
        section = self.doc.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        points = self.size("table") * block.font_scale
        pad = max(1.5, 3 * block.font_scale)  # the PDF's cell padding: the same columns
        # Column widths as the PDF sets them: no header word wider than its column, and
        # label cells broken between words, so Word and LibreOffice never cut "预/算".
        measure = _text_width(points)
        widths = [int(w * 20) for w in fit_widths(block, usable / 12700, measure, pad)]  # pt → twips
        size = str(int(round(points * 2)))
        border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        margin = round(pad * 20)
        xml = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
               f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>',
               *(border.format(side) for side in
                 ("top", "left", "bottom", "right", "insideH", "insideV")),
               '</w:tblBorders><w:tblLayout w:type="fixed"/>'
               f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/>'
               f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>',
               *(f'<w:gridCol w:w="{w}"/>' for w in widths), "</w:tblGrid>"]
        rows = block.header + block.body
        repeat = len(block.header) if block.header_rows_repeat else 0
        # keepNext on a row's paragraphs keeps the row on the page of the next one: the header
        # with the first KEEP_ROWS body rows, and the last KEEP_ROWS body rows together, so a
        # split never leaves a page with a header and one or two rows (e.g. a lone 合计).
        first_body, last = len(block.header), len(rows) - 1
        kept = {r for r in range(last) if r < first_body + KEEP_ROWS - 1 or r >= last - KEEP_ROWS + 1}
        line_chars = [max(1, w // (int(size) * 10)) for w in widths]  # CJK characters per line
        pending: dict[tuple[int, int], int] = {}  # cells covered by a rowspan: (row, col) -> colspan
        for r, row in enumerate(rows):
            keep = r in kept
            # A row of a few lines never splits; a tall one (long 指标 text) may, or Word
            # would push it whole to the next page and leave a gap.
            tall = any(sum(len(t) // line_chars[min(i, len(widths) - 1)] + 1
                           for t in cell.text.split("\n")) > 8 for i, cell in enumerate(row))
            xml.append("<w:tr><w:trPr>" + ("" if tall else "<w:cantSplit/>")
                       + ("<w:tblHeader/>" if r < repeat else "") + "</w:trPr>")
            col = 0
            cells = iter(row)
            while col < len(widths):
                if (r, col) in pending:
                    span = pending.pop((r, col))
                    xml.append(self._tc(widths, col, span, "", None, False, size, keep, "continue"))
                    col += span
                    continue
                cell = next(cells, None)
                if cell is None:
                    xml.append(self._tc(widths, col, 1, "", None, False, size, keep))
                    col += 1
                    continue
                span = max(1, min(cell.colspan, len(widths) - col))
                vmerge = None
                if cell.rowspan > 1:
                    vmerge = "restart"
                    for k in range(1, cell.rowspan):
                        pending[(r + k, col)] = span
                text = cell.text
                room = sum(widths[col:col + span]) / 20 - 2 * pad
                if text and is_label(text) and measure(text) > room:
                    text = wrap_words(text, room, measure)  # between words, not in one ("预算安/排")
                xml.append(self._tc(widths, col, span, text, cell.align or block.columns[col].align,
                                    cell.bold, size, keep, vmerge))
                col += span
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        body = self.doc.element.body
        body.insert(len(body) - 1, parse_xml("".join(xml)))  # before the final sectPr

    def _tc(self, widths, col, span, text, align, bold, size, keep, vmerge=None) -> str:
        props = [f'<w:tcW w:w="{sum(widths[col:col + span])}" w:type="dxa"/>']
        if span > 1:
            props.append(f'<w:gridSpan w:val="{span}"/>')
        if vmerge == "restart":
            props.append('<w:vMerge w:val="restart"/>')
        elif vmerge:
            props.append("<w:vMerge/>")
        props.append('<w:vAlign w:val="center"/>')
        ppr = f'<w:pPr><w:pStyle w:val="{self._table_style_id}"/>'
        if keep:
            ppr += "<w:keepNext/>"
        if align:
            ppr += f'<w:jc w:val="{align}"/>'
        ppr += "</w:pPr>"
        rpr = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/></w:rPr>'
        paragraphs = "".join(
            f"<w:p>{ppr}"
            + (f'<w:r>{rpr}<w:t xml:space="preserve">{xml_escape(line)}</w:t></w:r>' if line else "")
            + "</w:p>"
            for line in (text.split("\n") if text else [""]))
        return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{paragraphs}</w:tc>"

    def chart(self, block: Chart) -> None:
        png = render_png(block, self.style)
        p = self.add(style="表格文字")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = bool(block.title)  # the caption stays with it
        section = self.doc.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        # 14 cm for the usual 1100 px; a wider legend widens the picture, not shrinks the text.
        pixels = int.from_bytes(png[16:20], "big")  # the PNG header's width
        p.add_run().add_picture(io.BytesIO(png), width=min(usable, int(Cm(14) * pixels / 1100)))
        if block.title:
            cap = self.add(block.title, "表格文字")
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER

    # -- document ----------------------------------------------------------------------------
    def render_body(self, document: Document) -> None:
        # Keep only the section properties of the template or reference document.
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        render_blocks(self, document.blocks)

    def finish(self, document: Document, pages: dict[str, str]) -> bytes:
        """The package: the 目录 filled in with `pages` (anchor -> page label), settings and
        properties fixed, zipped byte-stable."""
        self.fill_toc(pages)
        props = self.doc.core_properties
        props.title = document.title
        props.subject = document.subject
        props.language = document.language
        date = document.date or datetime(2000, 1, 1, tzinfo=timezone.utc)
        props.created = props.modified = props.last_printed = date
        return self.package()

    def package(self) -> bytes:
        self._settings()
        props = self.doc.core_properties
        props.author = props.last_modified_by = GENERATOR
        props.comments = ""  # python-docx's template says "generated by python-docx"
        props.revision = 1
        part = self.doc.part
        for rel_id, rel in list(part.rels.items()):
            if rel.reltype == STYLES_WITH_EFFECTS:  # a stale copy of styles.xml
                part.drop_rel(rel_id)
        package = part.package
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype == THUMBNAIL:  # a picture of some other, empty document
                package.rels.pop(rel_id)
            elif rel.reltype == RT.EXTENDED_PROPERTIES:
                rel.target_part._blob = APP_XML.encode()
        out = io.BytesIO()
        self.doc.save(out)
        return deterministic_zip(out.getvalue())

    def _settings(self) -> None:
        """No updateFields: the 目录 is filled in, and Word would ask on opening. Chinese is
        the East Asian language of the theme fonts (Japanese in python-docx's template)."""
        settings = self.doc.settings.element
        for update in settings.findall(qn("w:updateFields")):
            settings.remove(update)
        lang = settings.find(qn("w:themeFontLang"))
        if lang is None:
            lang = OxmlElement("w:themeFontLang")
            settings.insert_element_before(lang, *_SETTINGS_AFTER_THEME_FONT_LANG)
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")


def _text_width(size: float):
    """A text's width in points as Word and LibreOffice set it, a point to spare: CJK
    characters and full-width punctuation one em, the rest in Times New Roman (the documents'
    Latin font) bold, as headers are; a quarter em where Latin meets CJK ("2024 年": both
    space them apart)."""
    def measure(text: str) -> float:
        wide = [ord(ch) >= 0x2E80 for ch in text]
        width = sum(size if w else stringWidth(ch, "Times-Bold", size) for ch, w in zip(text, wide))
        meets = sum(a != b for a, b in zip(wide, wide[1:]))
        return width + meets * size / 4 + 1
    return measure


def _bookmark_name(anchor: str) -> str:
    # A leading underscore hides the bookmark in Word's bookmark list, as Word's own _Toc ones.
    return f"_{anchor}"


# The children of w:sectPr in ECMA-376 order (header/footer references come first, any number).
_SECTPR_ORDER = ("w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type",
                 "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType",
                 "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
                 "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


def _sectpr_after(tag: str) -> tuple[str, ...]:
    """The w:sectPr children that must follow `tag`: an inserted element goes before them."""
    return _SECTPR_ORDER[_SECTPR_ORDER.index(tag) + 1:]


# Children of w:settings that ECMA-376 puts after w:themeFontLang.
_SETTINGS_AFTER_THEME_FONT_LANG = (
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
    "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")


def write_reference_docx(style: dict, path: Path) -> None:
    """An empty document with the styles, page set-up and footer a build would use,
    for a finance office to edit in Word (see docs/定制指南.md)."""
    from ..atomic import atomic_path

    writer = DocxWriter(style)
    writer.add("本文件只用于设定页面、页眉页脚和样式，正文内容不会被使用。", "正文")
    data = writer.package()
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_docx(document: Document, style: dict, path: Path, reference: Path | None = None,
               pages=None) -> None:
    """`pages`: the 目录's page labels by anchor, or a function returning them, called once
    the body is written (so they can come from a PDF laid out meanwhile in another process)."""
    from ..atomic import atomic_path

    writer = DocxWriter(style, reference)
    writer.render_body(document)
    data = writer.finish(document, (pages() if callable(pages) else pages) or {})
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)

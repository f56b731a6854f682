"""Renders a doctree Document as PDF. The only module that knows reportlab.

One pass: each 目录 page number is a form XObject, referenced where the 目录 is
drawn and defined when its heading is laid out (PDF allows the forward reference),
so the document is laid out once, not twice. The page after the 目录 prints 1
(style.yaml page_numbers.start_at: body; `cover` counts from the cover, which is
never numbered). CJK fonts are TrueType subsets, with another installed font for a
character they lack; line breaking is reportlab's CJK wrap with Chinese kinsoku
rules added. Pagination: headings keep with what follows, tables keep three rows
on each side of a page break, a row taller than a page continues in rows below.
"""
from __future__ import annotations

import re
import sys
import zlib
from dataclasses import replace
from functools import cache
from pathlib import Path
from ast import literal_eval
from typing import NamedTuple
from xml.sax.saxutils import escape

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import (
    BaseDocTemplate, CondPageBreak, Flowable, Frame, FrameBreak, KeepTogether, PageBreak as RLPageBreak,
    PageBreakIfNotEmpty,
    PageTemplate, Paragraph as RLParagraph, Table as RLTable, TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.paragraph import FragLine, ParaLines
from reportlab.platypus.tableofcontents import TableOfContents as RLTableOfContents
from reportlab.rl_config import _FUZZ

from ..doctree import (
    CENTER, RIGHT, Cell, Chart, Document, Heading, PageBreak, Paragraph, Table, TableOfContents,
)
from ..findings import LayoutFailure
from .charts import COLORS, pie_labels
from .common import BRACKET_NOTE, SUBHEADING, fit_widths, is_label, render_blocks, style_value, wrap_words
from .fonts import find_font, font_with

def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map with characters beyond U+FFFF (Extension B: 𪚥, 𠀀) as
    UTF-16 surrogate pairs, as PDF prescribes: reportlab writes <2A6A5>, which text
    extraction and search read as another character."""
    cmap = _reportlab_cmap(fontname, subset)
    for i, code in enumerate(subset):
        if code > 0xFFFF:
            cmap = cmap.replace(f"<{i:02X}> <{code:04X}>",
                                f"<{i:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>")
    return cmap


_reportlab_cmap = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap

ALIGN = {"left": TA_LEFT, CENTER: TA_CENTER, RIGHT: TA_RIGHT, "justify": TA_JUSTIFY}
CID_FONT = "STSong-Light"
LEADING = 1.2  # single line spacing, in font sizes
GRID = 0.5  # table rule width, pt
PORTRAIT, LANDSCAPE = "portrait", "landscape"
LONG_CELL = 300  # characters: a cell this long may not fit on one page

# Chinese line-breaking rules (禁则): characters that may not start a line,
# and characters that may not end one.
NO_START = frozenset("，。、；：！？）》」』】〕〉”’％‰℃…—·,.;:!?)]}%")
NO_END = frozenset("（《「『【〔〈“‘([{")


class Mark(NamedTuple):
    """A heading or table title: its outline entry and, maybe, its 目录 entry."""

    level: int  # 0 part, 1 section or table, 2 subsection or form
    text: str
    anchor: str
    in_toc: bool


def markup(text: str) -> str:
    """Plain text as Paragraph markup: user text never reaches the parser unescaped."""
    return escape(text).replace("\n", "<br/>")


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".,%-+/")


def _break_at(chars: list[str], start: int, k: int) -> int:
    """Move a line break before chars[k] back so numbers and words stay whole and no
    line starts with closing punctuation nor ends with opening punctuation."""
    while True:
        moved = k
        if _latin(chars[k]) and _latin(chars[k - 1]):
            j = k - 1
            while j > start and _latin(chars[j - 1]):
                j -= 1
            if j > start:  # a run longer than the line is cut where it must be
                k = j
        while k > start + 1 and (chars[k] in NO_START or chars[k - 1] in NO_END):
            k -= 1
        if k == moved:
            return k


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}  # (font, size) -> char -> width


def _char_widths(text: str, font: str, size: float) -> list[float]:
    table = _WIDTHS.setdefault((font, size), {})
    out = []
    for ch in text:
        w = table.get(ch)
        if w is None:
            w = table[ch] = stringWidth(ch, font, size)
        out.append(w)
    return out


class CJKParagraph(RLParagraph):
    """A Paragraph whose CJK wrap keeps to the kinsoku rules above.

    reportlab's own CJK wrap lets ，；：！？ start a line and hangs other
    punctuation past the right edge, which would cross a table's rule. Lines
    are kept per width: tables wrap a cell several times, multiBuild twice.
    """

    mark: Mark | None = None
    _lines = None  # (widths, ParaLines) of the last wrap

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        if getattr(self, "_splitpara", 0) and hasattr(self, "blPara"):
            return self.blPara  # the lines of a paragraph split across pages
        key = tuple(maxWidths)
        if self._lines is None or self._lines[0] != key:
            self._lines = key, ParaLines(kind=1, lines=self._wrap(maxWidths))
        return self._lines[1]

    def _wrap(self, maxWidths) -> list:
        chars, widths, owners = [], [], []  # one entry a character; "" for a <br/> or a mark
        for f in self.frags:
            text = f.text or ""
            if text:
                chars.extend(text)
                widths.extend(_char_widths(text, f.fontName, f.fontSize))
                owners.extend([f] * len(text))
            else:
                chars.append("")
                widths.append(0.0)
                owners.append(f)
        lines = []
        start, n = 0, len(chars)
        while start < n:
            max_width = maxWidths[min(len(lines), len(maxWidths) - 1)]
            used, i = 0.0, start
            while i < n and not hasattr(owners[i], "lineBreak"):
                if used + widths[i] > max_width + _FUZZ and i > start:
                    break
                used += widths[i]
                i += 1
            forced = i < n and hasattr(owners[i], "lineBreak")
            if i < n and not forced:
                i = _break_at(chars, start, i)
                used = sum(widths[start:i])
            end = i + 1 if forced else i
            lines.append(self._line(chars, owners, start, end, max_width, used, forced))
            start = end
        return lines

    @staticmethod
    def _line(chars, owners, start, end, max_width, used, forced) -> FragLine:
        words, size, ascent, descent = [], 0.0, 0.0, 0.0
        j = start
        while j < end:
            f, k = owners[j], j
            while k < end and owners[k] is f:
                k += 1
            words.append(f.clone(text="".join(chars[j:k])))
            up, down = getAscentDescent(f.fontName, f.fontSize)
            size, ascent, descent = max(size, f.fontSize), max(ascent, up), min(descent, down)
            j = k
        # Every character counts as a word: justification spreads over them (see below).
        return FragLine(kind=1, extraSpace=max_width - used, wordCount=end - start, words=words,
                        fontSize=size, ascent=ascent, descent=descent, maxWidth=max_width,
                        currentWidth=used, lineBreak=forced)

    def beginText(self, x, y):
        return _CharSpacedText(self.canv, x, y)

    def _get_split_blParaFunc(self):
        return _split_lines

    def draw(self):
        if self.mark and self.mark.anchor:
            # A destination at the top of the heading, for bookmarks and 目录 links.
            self.canv.bookmarkHorizontal(self.mark.anchor, 0, self.height)
        super().draw()


def _split_lines(blPara, start: int, stop: int) -> list:
    """The fragments of lines start..stop, for the two halves of a split paragraph.

    reportlab's own version appends a space to each line's last word, for Latin
    text whose words the line break separated; CJK lines break between characters,
    so the space would be drawn inside a word ("保密工 作"). Words are copied so the
    lines kept on the first page are not changed.
    """
    return [word.clone() for line in blPara.lines[start:stop] for word in line.words]


class _CharSpacedText(PDFTextObject):
    """Justifies CJK lines, which have no spaces to stretch.

    reportlab justifies a line by word spacing, slack / (words - 1); CJKParagraph
    counts every character as a word, so the same slack becomes character spacing.
    """

    def setWordSpace(self, wordSpace):
        self.setCharSpace(wordSpace)


class _Grid(RLTable):
    """A table that never leaves a lone row or two on either side of a page break.

    A split keeps at least MIN_ROWS body rows on each page; where it cannot, the
    table moves to the next page. Only at the top of a page, where moving gains
    nothing, does it split as it can, inside a row taller than the page if need be.
    """

    MIN_ROWS = 3
    _relaxed = False

    def _getFirstPossibleSplitRowPosition(self, availHeight, ignoreSpans=0):
        n = super()._getFirstPossibleSplitRowPosition(availHeight, ignoreSpans)
        heights = self._rowHeights
        if self._relaxed or n >= len(heights):
            return n
        head = self.repeatRows
        if len(heights) - n < self.MIN_ROWS:
            keep = max(len(heights) - self.MIN_ROWS, head)
            n = super()._getFirstPossibleSplitRowPosition(sum(heights[:keep]) + _FUZZ, ignoreSpans)
        return n if n - head >= self.MIN_ROWS else 0

    def split(self, availWidth, availHeight):
        self._relaxed = False
        parts = super().split(availWidth, availHeight)
        frame = getattr(self, "_frame", None)
        if parts or frame is None or not frame._atTop:
            return parts
        self._relaxed = True
        return super().split(availWidth, availHeight)


def _unspanned(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The rows with every row span undone: a spanning cell's text stays in its first row,
    the rows below get blank cells in its place."""
    out: list[list[Cell]] = []
    below: dict[tuple[int, int], Cell] = {}  # (row, column) slot -> the cell spanning into it
    for r, row in enumerate(rows):
        col, new = 0, []
        for cell in [*row, None]:
            while (r, col) in below:
                owner = below.pop((r, col))
                new.append(replace(owner, text="", rowspan=1))
                col += owner.colspan
            if cell is None:
                break
            below.update(((r + k, col), cell) for k in range(1, cell.rowspan))
            new.append(replace(cell, rowspan=1))
            col += cell.colspan
        out.append(new)
    return out


class _Keep(KeepTogether):
    """Flowables kept on one page, up to the first rows or lines of the last, `tail`.

    A heading with the paragraph below it; a table with what stands above it (heading,
    label, title, 单位 line) and its notes. The content fits: it stays here. It does
    not: the tail splits so that what stands above it never ends a page alone (a
    paragraph keeps two lines, a table three rows), or everything moves to the next
    page. `whole`: a table that fits on one page moves there rather than split.
    """

    def __init__(self, flowables: list, tail, whole: bool = False):
        super().__init__(flowables)
        self.tail, self.whole = tail, whole

    def split(self, aW, aH):
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        content = list(self._content)
        frame = getattr(self, "_frame", None)
        at_top = frame is None or frame._atTop
        move = content if at_top else [FrameBreak()] + content
        if self._H <= aH + _FUZZ:
            return content
        if self.tail not in content or (self.whole and frame is not None
                                        and self._H <= frame._height):
            return move
        i = content.index(self.tail)
        room = aH - sum(f.wrapOn(self.canv, aW, aH)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                        for f in content[:i])
        self.tail._frame = frame  # a grid splits as it can only at the top of a page
        try:
            parts = self.tail.splitOn(self.canv, aW, room - self.tail.getSpaceBefore()) \
                if room > 0 else []
        finally:
            del self.tail._frame
        if len(parts) < 2:
            return move
        return content[:i] + parts + content[i + 1:]


def _toc_form(key: str) -> str:
    return f"toc-{key}"


class _OnePassTOC(RLTableOfContents):
    """reportlab's 目录 with its page numbers drawn as forms (see the module docstring)."""

    slot_digits = "9999"  # the room kept for a page number at the right margin
    page_numbers = True  # false: each entry ends with its text, no dot leader, no number

    def wrap(self, availWidth, availHeight):
        size = super().wrap(availWidth, availHeight)

        def entry_end(canvas, kind, label):
            _page, level, key = label.split(",", 2)
            key = literal_eval(key)
            if key is None or not self.page_numbers:  # None: the placeholder line of an empty 目录
                return
            style = self.getLevelStyle(int(level))
            font, font_size = style.fontName, style.fontSize
            x, y = canvas._curr_tx_info["cur_x"], canvas._curr_tx_info["cur_y"]
            slot = stringWidth(self.slot_digits, font, font_size)
            dot = " . "
            dots = int((availWidth - x - slot) / stringWidth(dot, font, font_size))
            text = canvas.beginText(availWidth - slot - dots * stringWidth(dot, font, font_size), y)
            text.setFont(font, font_size)
            text.textOut(dots * dot)
            canvas.drawText(text)
            canvas.saveState()
            canvas.translate(availWidth, y)
            canvas.doForm(_toc_form(key))
            canvas.restoreState()

        self.canv.setNamedCB("drawTOCEntryEnd", entry_end)
        return size


def _keeps_with_next(flowable) -> bool:
    return isinstance(flowable, CJKParagraph) and bool(flowable.style.keepWithNext)


class _BodyStart(Flowable):
    """Marks the first page of the body, where page numbering starts at 1."""

    _ZEROSIZE = True

    def frameAction(self, frame):
        self.template.body_start = self.template.page


class _Template(BaseDocTemplate):
    """Sends headings to the 目录 and the outline as they are laid out."""

    toc_font: tuple[str, float] = ("", 0.0)
    toc_keys: tuple[str, ...] = ()
    body_start = 1  # the physical page that prints 1; 0 until the body starts
    has_cover = True  # page 1 is a cover, which never carries a number

    def beforeDocument(self):
        self._outline_level = -1
        self._numbered: set[str] = set()
        self.pages: dict[str, str] = {}  # 目录 anchor -> the page label printed for it
        self.canv.showOutline()

    def label(self, page: int) -> str:
        """The number printed on a physical page: none on the cover, nor before the body."""
        if (page == 1 and self.has_cover) or not self.body_start or page < self.body_start:
            return ""
        return str(page - self.body_start + 1)

    def _number(self, key: str, page: str) -> None:
        self.pages[key] = page
        font, size = self.toc_font
        self.canv.beginForm(_toc_form(key), lowerx=-4 * size, lowery=-size, upperx=size,
                            uppery=2 * size)
        self.canv.setFont(font, size)
        self.canv.drawRightString(0, 0, page)
        self.canv.endForm()
        self._numbered.add(key)

    def handle_keepWithNext(self, flowables):
        """Headings and the flowable after them go together, as a _Keep: the paragraph
        below may split, where reportlab's KeepTogether would move all of it."""
        i = 0
        while i < len(flowables) - 1 and flowables[i].getKeepWithNext():
            flowables[i].keepWithNext = 0
            i += 1
        if i:
            group = flowables[:i + 1]
            tail = group[-1] if isinstance(group[-1], CJKParagraph) else None
            del flowables[:i + 1]
            flowables.insert(0, _Keep(group, tail))

    def _endBuild(self):
        for key in self.toc_keys:  # a heading never laid out must not leave a dangling form
            if key not in self._numbered:
                self._number(key, "")
        super()._endBuild()

    def afterFlowable(self, flowable):
        mark = getattr(flowable, "mark", None)
        if not mark:
            return
        if mark.anchor:
            # Outline levels may not skip one (a form right after a part would).
            level = min(mark.level, self._outline_level + 1)
            self.canv.addOutlineEntry(mark.text, mark.anchor, level=level, closed=level > 0)
            self._outline_level = level
        if mark.in_toc and mark.anchor in self.toc_keys and mark.anchor not in self._numbered:
            self._number(mark.anchor, self.label(self.page))


@cache
def _register_fonts(body: Path | None, heading: Path | None) -> tuple[str, str]:
    """Register the fonts once per process; returns the (body, heading) font names."""
    if body is None and heading is None:
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
        print(f"警告：未找到 TrueType 中文字体，PDF 改用 {CID_FONT}，不嵌入字体，"
              "在未安装该字体的电脑上可能显示异常。请在 style.yaml 的 pdf_fonts 中指定字体文件。",
              file=sys.stderr)
        return CID_FONT, CID_FONT
    return _register_file(body or heading), _register_file(heading or body)


@cache
def _register_file(path: Path) -> str:
    # Two files never share a name, even with the same file name.
    name = f"CJK-{path.stem}-{zlib.crc32(str(path).encode()):08x}"
    pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    return name


@cache
def _glyphs(font: str) -> dict[int, int] | None:
    """A registered font's code point -> glyph map; None for the CID fallback font,
    which maps all of Unicode it knows itself."""
    return getattr(getattr(pdfmetrics.getFont(font), "face", None), "charToGlyph", None)


def load_fonts(style: dict) -> tuple[str, str]:
    """Find and register the PDF fonts of a style; cheap after the first call."""
    configured = style.get("pdf_fonts") or {}
    return _register_fonts(find_font("body", str(configured.get("body") or "")),
                           find_font("heading", str(configured.get("heading") or "")))


class PdfWriter:
    def __init__(self, style: dict):
        self.style = style
        self.body_font, self.heading_font = load_fonts(style)
        margins = style.get("margins") or {}
        self.margins = {side: float(margins.get(side, default)) * cm for side, default in
                        (("top", 2.54), ("bottom", 2.54), ("left", 2.8), ("right", 2.6))}
        self.line_spacing = float(style.get("line_spacing", 1.5))
        self.orientation = PORTRAIT
        self.cover_started = False
        self.story: list = []
        self.toc_flowable: RLTableOfContents | None = None
        self.toc_marks: list[Mark] = []  # in document order
        # style.yaml page_numbers.start_at: "body" (the page after the 目录 prints 1, as in
        # the seeds) or "cover" (pages count from the cover).
        start_at = (style.get("page_numbers") or {}).get("start_at") or "body"
        self.count_from_body = start_at == "body"
        self.body_start: _BodyStart | None = None  # placed after the 目录 when counting from the body
        self._styles: dict = {}
        self.missing: dict[str, str] = {}  # a character no installed font has -> a text with it

    # -- styles ------------------------------------------------------------------------------
    def font(self, role: str) -> str:
        """宋体 and 仿宋 roles use the body file, 黑体 the heading file."""
        name = style_value(self.style, "fonts", role)
        return self.heading_font if "黑" in name else self.body_font

    def size(self, role: str) -> float:
        return float(style_value(self.style, "sizes", role))

    def frame_height(self) -> float:
        height = (landscape(A4) if self.orientation == LANDSCAPE else A4)[1]
        return height - self.margins["top"] - self.margins["bottom"]

    def frame_width(self) -> float:
        width = (landscape(A4) if self.orientation == LANDSCAPE else A4)[0]
        return width - self.margins["left"] - self.margins["right"]

    def pstyle(self, font: str, size: float, align=TA_LEFT, leading: float | None = None,
               **extra) -> ParagraphStyle:
        key = (font, size, align, leading, tuple(sorted(extra.items())))
        st = self._styles.get(key)
        if st is None:
            st = ParagraphStyle(f"s{len(self._styles)}", fontName=font, fontSize=size,
                                leading=leading or size * LEADING, alignment=align,
                                wordWrap="CJK", **extra)
            self._styles[key] = st
        return st

    # -- characters the font lacks -------------------------------------------------------------
    @staticmethod
    def covers(text: str, font: str) -> bool:
        """Whether `font` has a glyph for every character of `text`."""
        glyphs = _glyphs(font)
        return glyphs is None or all(map(glyphs.__contains__, map(ord, text.replace("\n", ""))))

    def markup(self, text: str, font: str) -> str:
        """Paragraph markup for `text` in `font`; a character the font lacks is drawn in
        another installed font that has it, or noted for the 提示 at the end."""
        if self.covers(text, font):
            return markup(text)
        out = []
        for ch in text:
            if ch == "\n" or self.covers(ch, font):
                out.append(markup(ch))
                continue
            path = font_with(ch)
            if path is None:
                self.missing.setdefault(ch, text)
                out.append(escape(ch))
            else:
                out.append(f'<font name="{_register_file(path)}">{escape(ch)}</font>')
        return "".join(out)

    def report_missing(self) -> None:
        for ch, text in self.missing.items():
            where = text if len(text) <= 40 else text[:40] + "…"
            print(f"提示：字符“{ch}”（U+{ord(ch):04X}）在本机已安装的字体中都没有，PDF 中显示为空框，"
                  f"出现在“{where}”。请安装含该字的字体（如 fonts-hanazono）后重新生成，"
                  "或在 style.yaml 的 pdf_fonts 中指定。", file=sys.stderr)

    def para(self, text: str, style: ParagraphStyle, mark: Mark | None = None) -> CJKParagraph:
        p = CJKParagraph(self.markup(text, style.fontName), style)
        p.mark = mark
        if mark and mark.in_toc:
            self.toc_marks.append(mark)
        return p

    def body_style(self, align=TA_JUSTIFY, indent=True, keep_with_next=False) -> ParagraphStyle:
        size = self.size("body")
        return self.pstyle(self.font("body"), size, align, size * LEADING * self.line_spacing,
                           firstLineIndent=size * 2 if indent else 0,
                           keepWithNext=int(keep_with_next))

    # -- orientation -------------------------------------------------------------------------
    def orient(self, wanted: str, fresh_page: bool = False) -> None:
        """Switch page templates; a landscape table always starts a page of its own."""
        if wanted != self.orientation or fresh_page:
            self.story.append(PageBreakIfNotEmpty(wanted))
            self.orientation = wanted

    # -- blocks ------------------------------------------------------------------------------
    def heading(self, block: Heading) -> None:
        self.orient(PORTRAIT)
        level = min(max(block.level, 1), 3)
        size = self.size(("part", "section", "subsection")[level - 1])
        st = self.pstyle(self.heading_font, size, TA_CENTER if level == 1 else TA_LEFT,
                         size * LEADING * 1.2, spaceBefore=12, spaceAfter=6, keepWithNext=1,
                         firstLineIndent=0 if level == 1 else self.size("body") * 2)
        mark = Mark(level - 1, block.text, block.anchor, block.toc)
        if level > 1:
            self.keep_with_next()
        self.story.append(self.para(block.text, st, mark))

    def keep_with_next(self) -> None:
        # keepWithNext cannot hold a heading to a table longer than a page: a heading
        # near the page foot moves to the next page instead of standing alone. A heading
        # right after another stays in its chain (_Template.handle_keepWithNext).
        if not (self.story and _keeps_with_next(self.story[-1])):
            self.story.append(CondPageBreak(self.size("body") * LEADING * 5))

    def paragraph(self, block: Paragraph) -> None:
        self.orient(PORTRAIT)
        if block.style == "cover_title":
            size = self.size("cover_title")
            st = self.pstyle(self.font("title"), size, TA_CENTER, size * LEADING,
                             spaceBefore=24 if self.cover_started else 120)
            self.cover_started = True
        elif block.style == "note":
            st = self.pstyle(self.font("table"), self.size("note"))
        elif block.style in (CENTER, RIGHT):
            st = self.body_style(ALIGN[block.style], indent=False)
        elif SUBHEADING.fullmatch(block.text.strip()):
            self.keep_with_next()
            st = self.body_style(keep_with_next=True)
        else:
            st = self.body_style()
        if BRACKET_NOTE.fullmatch(block.text.strip()) and self.story and isinstance(self.story[-1], CJKParagraph):
            self.story[-1].keepWithNext = 1  # the note follows its text onto the page
        self.story.append(self.para(block.text, st))

    def page_break(self, block: PageBreak | None = None) -> None:
        self.story.append(RLPageBreak(PORTRAIT))
        self.orientation = PORTRAIT
        if self.count_from_body and self.body_start is None and block is not None and block.starts_body:
            self.body_start = _BodyStart()  # the page after the cover and 目录 is the body's first
            self.story.append(self.body_start)

    def toc(self, block: TableOfContents) -> None:
        self.orient(PORTRAIT)
        size = self.size("part")
        self.story.append(self.para(block.title, self.pstyle(
            self.heading_font, size, TA_CENTER, size * LEADING, spaceAfter=size)))
        body = self.size("body")
        levels = [self.pstyle(self.body_font, body,
                              leading=body * LEADING * 1.5, leftIndent=body * 2 * level,
                              rightIndent=body * 2)
                  for level in range(3)]
        # A table cell always sets its font, even under a Paragraph: name ours, not Helvetica.
        cells = TableStyle([("FONT", (0, 0), (-1, -1), self.body_font, body),
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
        self.toc_flowable = _OnePassTOC(levelStyles=levels, dotsMinLevel=0,
                                        rightColumnWidth=body * 2, tableStyle=cells)
        self.toc_flowable.page_numbers = block.page_numbers
        self.story.append(self.toc_flowable)

    def table(self, block: Table) -> None:
        self.orient(LANDSCAPE if block.landscape else PORTRAIT, fresh_page=block.landscape)
        small = self.pstyle(self.font("table"), self.size("table"))
        lead: list = []  # title to notes, on one page when they fit in one
        if block.label:
            lead.append(self.para(block.label, small))
        if block.title:
            size = self.size("table_title")
            # Numbered tables sit beside sections; the others (forms) under the section before.
            mark = Mark(1 if block.toc_text else 2,
                        block.toc_text or block.bookmark or block.title, block.anchor,
                        bool(block.toc_text))
            lead.append(self.para(block.title, self.pstyle(
                self.font("title"), size, TA_CENTER, size * LEADING * 1.2), mark))
        if block.subtitle:
            lead.append(self.para(block.subtitle, self.pstyle(self.font("table"),
                                                              self.size("table"), TA_CENTER)))
        if block.meta_left or block.meta_right:
            meta = RLTable([[self.para(block.meta_left, small),
                             self.para(block.meta_right, self.pstyle(small.fontName, small.fontSize,
                                                                     TA_RIGHT))]],
                           colWidths=[self.frame_width() * 0.7, self.frame_width() * 0.3])
            meta.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), small.fontName, small.fontSize),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                      ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
            lead.append(meta)
        grid = self.grid(block)
        lead.append(grid)
        note_style = self.pstyle(self.font("table"), self.size("note"), spaceBefore=3)
        lead.extend(self.para(note, note_style) for note in block.notes)
        lead[0].spaceBefore = 12  # from the previous table; frames drop it at a page top
        while self.story and _keeps_with_next(self.story[-1]):
            # Headings right above go with the table: keepWithNext alone lets a table
            # that moves to the next page leave its heading behind.
            lead.insert(0, self.story.pop())
        self.story.append(_Keep(lead, grid, whole=True))

    def grid(self, block: Table) -> RLTable:
        """The table proper: cells laid on a grid as the docx writer does, spans as SPAN."""
        ncols = block.width
        size = self.size("table") * block.font_scale
        pad = max(1.5, 3 * block.font_scale)
        bold_width = lambda text: stringWidth(text, self.heading_font, size)  # noqa: E731
        widths = fit_widths(block, self.frame_width(), bold_width, pad)
        rows = block.header + self.split_tall_rows(block.body, widths, size, pad)
        data = [["" for _ in range(ncols)] for _ in rows]
        commands = [("GRID", (0, 0), (-1, -1), GRID, colors.black),
                    # Empty cells are strings sized by these, not by a Paragraph.
                    ("FONT", (0, 0), (-1, -1), self.font("table"), size, size * LEADING),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, -1), pad * 0.6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.6)]
        for c, column in enumerate(block.columns):
            commands.append(("ALIGN", (c, 0), (c, -1), column.align.upper()))
        table_font = self.font("table")
        covered: set[tuple[int, int]] = set()  # grid slots taken by a span from above
        for r, row in enumerate(rows):
            col = 0
            for cell in row:
                while (r, col) in covered:
                    col += 1
                if col >= ncols:
                    break
                span = max(1, min(cell.colspan, ncols - col))
                down = max(1, min(cell.rowspan, len(rows) - r))
                if span > 1 or down > 1:
                    commands.append(("SPAN", (col, r), (col + span - 1, r + down - 1)))
                    covered.update((r + k, col + j) for k in range(1, down) for j in range(span))
                if cell.text:
                    room = sum(widths[col:col + span]) - 2 * pad
                    if (not cell.bold and "\n" not in cell.text
                            and cell.align in (None, block.columns[col].align)
                            and stringWidth(cell.text, table_font, size) <= room
                            and self.covers(cell.text, table_font)):
                        # One line that fits: a plain string, drawn without markup parsing
                        # or line breaking (most cells are amounts and codes).
                        data[r][col] = cell.text
                    else:
                        align = ALIGN[cell.align or block.columns[col].align]
                        font = self.heading_font if cell.bold else table_font
                        text = cell.text
                        if is_label(text):  # between words, not inside one ("预算安/排")
                            text = wrap_words(text, room, lambda t: stringWidth(t, font, size))
                        data[r][col] = CJKParagraph(self.markup(text, font),
                                                    self.pstyle(font, size, align))
                col += span
        repeat = len(block.header) if block.header_rows_repeat else 0
        return _Grid(data, colWidths=widths, repeatRows=repeat, style=TableStyle(commands))

    def split_tall_rows(self, rows: list[list[Cell]], widths: list[float], size: float,
                        pad: float) -> list[list[Cell]]:
        """Rows whose text would stand taller than most of a page, each as several rows:
        a table splits between rows, and a row taller than the page would not fit on any."""
        limit = self.frame_height() * 0.8
        font = self.font("table")
        out: list[list[Cell]] = []
        covered: set[tuple[int, int]] = set()  # (row, column) slots under a span from above
        for r, row in enumerate(rows):
            col, slots = 0, []
            for cell in row:
                while (r, col) in covered:
                    col += 1
                slots.append(col)
                covered.update((r + k, col + j) for k in range(1, cell.rowspan)
                               for j in range(cell.colspan))
                col += cell.colspan
            if sum(len(c.text) for c in row) < LONG_CELL:
                out.append(row)
                continue
            if any(c.rowspan > 1 for c in row) or any(k[0] == r for k in covered):
                # A table never splits inside a row span: undo the spans to cut this row.
                return self.split_tall_rows(_unspanned(rows), widths, size, pad)
            pieces = [self._pieces(cell.text, sum(widths[c:c + cell.colspan]) - 2 * pad, font,
                                   size, limit) for c, cell in zip(slots, row)]
            for k in range(max(map(len, pieces))):
                out.append([replace(cell, text=p[k] if k < len(p) else "")
                            for cell, p in zip(row, pieces)])
        return out

    def _pieces(self, text: str, room: float, font: str, size: float, limit: float) -> list[str]:
        """`text` cut at line ends into pieces no taller than `limit` at width `room`."""
        if len(text) < LONG_CELL:
            return [text]
        para = CJKParagraph(self.markup(text, font), self.pstyle(font, size))
        para.wrap(room, 1e9)
        lines = para.blPara.lines
        per = max(1, int(limit // para.style.leading))
        pieces = []
        for start in range(0, len(lines), per):
            chunk = lines[start:start + per]
            pieces.append("".join("".join(w.text or "" for w in line.words)
                                  + ("\n" if line.lineBreak and line is not chunk[-1] else "")
                                  for line in chunk))
        return pieces

    def chart(self, block: Chart) -> None:
        self.orient(PORTRAIT)
        width = self.frame_width()
        labels = pie_labels(block)
        diameter, gap = 150.0, 30.0
        room = width - 20 - diameter - gap - self.size("note") * 2  # for the longest label
        widest = max(stringWidth(label, self.body_font, 1) for label in labels)
        font_size = min(self.size("note"), room / widest)
        row = font_size * 1.8
        height = max(diameter + 20, row * len(labels) + 20)
        # The drawing's own default font would be Helvetica, which is not embedded.
        drawing = Drawing(width, height, initialFontName=self.body_font)
        pie = Pie()
        pie.width = pie.height = diameter
        pie.x, pie.y = 20, (height - diameter) / 2
        pie.data = [float(v) for v in block.values]
        pie.startAngle, pie.direction = 90, "clockwise"
        pie.slices.strokeColor, pie.slices.strokeWidth = colors.white, 1
        palette = [colors.HexColor(c) for c in COLORS]
        for i in range(len(pie.data)):
            pie.slices[i].fillColor = palette[i % len(palette)]
        legend = Legend()
        legend.x, legend.y = pie.x + diameter + gap, height / 2
        legend.boxAnchor, legend.alignment = "w", "right"
        legend.fontName, legend.fontSize = self.body_font, font_size
        legend.dx = legend.dy = font_size
        legend.deltay, legend.columnMaximum = row, len(labels)
        legend.strokeColor = None
        legend.colorNamePairs = [(palette[i % len(palette)], label)
                                 for i, label in enumerate(labels)]
        drawing.add(pie)
        drawing.add(legend)
        parts = [drawing]
        if block.title:
            caption = self.pstyle(self.font("table"), self.size("table") + 1, TA_CENTER,
                                  spaceAfter=6)
            parts.append(self.para(block.title, caption))
        self.story.append(KeepTogether(parts))

    # -- document ----------------------------------------------------------------------------
    def _footer(self, canvas, doc) -> None:
        # Drawn at the page's end, when the page knows whether the body has started.
        label = doc.label(doc.page)
        if not label:
            return
        canvas.saveState()
        canvas.setFont(self.body_font, self.size("note"))
        # The canvas's own size: doc.pagesize stays portrait on a landscape page.
        canvas.drawCentredString(canvas._pagesize[0] / 2, self.margins["bottom"] / 2, label)
        canvas.restoreState()

    def _templates(self) -> list[PageTemplate]:
        m = self.margins
        templates = []
        for name, size in ((PORTRAIT, A4), (LANDSCAPE, landscape(A4))):
            frame = Frame(m["left"], m["bottom"], size[0] - m["left"] - m["right"],
                          size[1] - m["top"] - m["bottom"], leftPadding=0, rightPadding=0,
                          topPadding=0, bottomPadding=0, id=name)
            templates.append(PageTemplate(name, [frame], onPageEnd=self._footer, pagesize=size))
        return templates

    def render(self, document: Document, path: Path) -> dict[str, str]:
        """Lay out and write the PDF; returns each 目录 anchor's printed page label."""
        render_blocks(self, document.blocks)
        doc = _Template(str(path), pagesize=A4, pageTemplates=self._templates(),
                        title=document.title, author=document.author, subject=document.subject,
                        creator="disclosure-generator", lang=document.language,
                        displayDocTitle=1, invariant=1, initialFontName=self.body_font)
        if self.toc_flowable is not None:
            # Every entry is known before layout; only the page numbers come later.
            marks = [m for m in self.toc_marks if m.anchor]
            self.toc_flowable.addEntries((m.level, self.markup(m.text, self.body_font), 0, m.anchor)
                                         for m in marks)
            self.toc_flowable.beforeBuild()  # what multiBuild would do: entries → this pass
            # Without page numbers no entry needs its page: no forms to draw them in.
            doc.toc_keys = tuple(m.anchor for m in marks) if self.toc_flowable.page_numbers else ()
            doc.toc_font = (self.body_font, self.size("body"))
        if self.body_start is not None:
            self.body_start.template = doc
            doc.body_start = 0
        doc.has_cover = self.cover_started
        try:
            doc.build(self.story)
        except LayoutError as exc:
            found = re.search(r"on page (\d+)", str(exc))
            raise LayoutFailure.on_page(found and int(found.group(1))) from None
        self.report_missing()
        return getattr(doc, "pages", {})


def write_pdf(document: Document, style: dict, path: Path) -> dict[str, str]:
    """Write the PDF; returns each 目录 anchor's page label (the .docx 目录 uses them)."""
    from ..atomic import atomic_path

    with atomic_path(path) as tmp:
        return PdfWriter(style).render(document, tmp)

"""Shared by the writers: style look-ups and byte-stable zip packaging."""
from __future__ import annotations

import io
import re
import zipfile

from ..doctree import Chart, Heading, PageBreak, Paragraph, Table, TableOfContents

DEFAULTS = {
    "fonts": {"body": "仿宋", "heading": "黑体", "table": "宋体", "title": "黑体"},
    "sizes": {"cover_title": 26, "part": 16, "section": 15, "subsection": 14, "body": 14,
              "table": 9, "table_title": 14, "note": 10},
}
FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
# A short numbered line with no closing punctuation, e.g. "1、整体绩效目标", "（二）人员情况":
# a subheading written as a body paragraph, which must not end a page.
SUBHEADING = re.compile(r"(\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)])[^。；;！？，,]{1,30}")
# Each block type and the writer method that renders it.
BLOCK_HANDLERS = {Heading: "heading", Paragraph: "paragraph", PageBreak: "page_break",
                  TableOfContents: "toc", Table: "table", Chart: "chart"}


def render_blocks(writer, blocks) -> None:
    """Call writer.heading(block), writer.table(block), … for each block in order."""
    for block in blocks:
        getattr(writer, BLOCK_HANDLERS[type(block)])(block)


def style_value(style: dict, group: str, key: str):
    return (style.get(group) or {}).get(key) or DEFAULTS[group][key]


def deterministic_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed entry times and order, so equal input gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        # [Content_Types].xml must stay first for some readers.
        for name in sorted(names, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def table_grid(table: Table):
    """Each cell of the header and body rows with its grid slot, for writers that lay a
    table out on a grid: (row, column, colspan, rowspan, cell), spans clipped to the table
    and slots covered by a span from above skipped."""
    rows = table.header + table.body
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            while (r, col) in covered:
                col += 1
            if col >= table.width:
                break
            span = max(1, min(cell.colspan, table.width - col))
            down = max(1, min(cell.rowspan, len(rows) - r))
            covered.update((r + k, col + j) for k in range(1, down) for j in range(span))
            yield r, col, span, down, cell
            col += span


def table_name(table: Table, index: int) -> str:
    """What a table is called outside the document: its label, else its outline entry, else
    its title, else its position (表N)."""
    return table.label or table.bookmark or table.toc_text or table.title or f"表{index}"


# Characters no file or sheet name may hold (Excel's sheet-name rules and file systems').
UNSAFE_IN_NAMES = re.compile(r'[:\\/?*\[\]"<>|\x00-\x1f]')


def safe_name(text: str, limit: int) -> str:
    """`text` (from the untrusted workbook) fit to name a file or sheet: unsafe characters
    replaced, at most `limit` characters."""
    return UNSAFE_IN_NAMES.sub("_", text).strip(" .'")[:limit]


def tables(document) -> list[Table]:
    return [block for block in document.blocks if isinstance(block, Table)]

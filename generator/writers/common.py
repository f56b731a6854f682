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

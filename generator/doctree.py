"""The format-neutral document: what the writers render, knowing nothing of budgets.

Like pandoc's AST: blocks of headings, paragraphs, tables (with merged header
cells), charts and page breaks. Text is plain text; writers escape it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

LEFT, CENTER, RIGHT = "left", "center", "right"


@dataclass
class Heading:
    level: int  # 1 part, 2 section or table, 3 subsection
    text: str
    toc: bool = True
    anchor: str = ""  # stable id for bookmarks and the table of contents


@dataclass
class Paragraph:
    text: str
    style: str = "body"  # body | note | center | right | cover_title | cover_subtitle | label | meta


@dataclass
class PageBreak:
    starts_body: bool = False  # the break after the cover and 目录: body page numbers follow


@dataclass
class TableOfContents:
    title: str
    page_numbers: bool = True  # false: entries only, no dot leaders or page numbers


@dataclass
class Cell:
    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    align: str | None = None  # None: the column's alignment
    bold: bool = False
    value: Decimal | None = None  # the number `text` shows, for writers of data (xlsx, csv)


@dataclass
class Column:
    width: float  # relative weight
    align: str = LEFT


@dataclass
class Table:
    columns: list[Column]
    header: list[list[Cell]]  # header rows, repeated on every page; merged cells by span
    body: list[list[Cell]]
    title: str = ""  # printed centred above the table; listed in the 目录
    subtitle: str = ""  # printed centred below the title, e.g. (2024年度)
    label: str = ""  # e.g. 预算公开表1, printed above the title
    toc_text: str = ""  # the 目录 entry when it differs from the title
    bookmark: str = ""  # the PDF outline entry, when neither toc_text nor title tells tables apart
    anchor: str = ""
    meta_left: str = ""  # e.g. 单位名称：…
    meta_right: str = ""  # e.g. 单位：万元
    notes: list[str] = field(default_factory=list)  # printed below
    landscape: bool = False
    font_scale: float = 1.0  # < 1 for dense tables
    header_rows_repeat: bool = True

    @property
    def width(self) -> int:
        return len(self.columns)


@dataclass
class Chart:
    kind: str  # "pie"
    title: str
    labels: list[str]
    values: list[Decimal]
    value_suffix: str = ""  # shown after each value in the legend, e.g. "万元"
    anchor: str = ""


@dataclass
class Document:
    title: str
    author: str
    subject: str
    blocks: list = field(default_factory=list)
    language: str = "zh-CN"
    period: str = ""  # the time the document covers, e.g. "2024", for data packages
    date: datetime | None = None  # created / modified in the file's properties

    def add(self, *blocks) -> None:
        self.blocks.extend(blocks)

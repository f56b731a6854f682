"""Renders a TableSpec over a kind's TableData into a doctree Table: the one table engine.

Header rows come from the column tree (a group spans its leaves, a leaf reaches down to
the last header row), then the optional column-number row. Body rows come from each
panel's rows; panels stand side by side, a shorter one padded with blank rows, and the
tail rows follow. 行次 run down each panel in turn, the left one first."""
from __future__ import annotations

from decimal import Decimal
from math import ceil
from typing import Callable

from .. import fmt
from ..doctree import CENTER, LEFT, RIGHT, Cell, Column, Table
from .data import Row, TableData
from .spec import ROW_NUMBER, ColumnSpec, LiteralRow, Panel, RowSource, SpecError, TableSpec

CODE_FIELDS = ("编码", "类", "款", "项")
DIMENSION_ARGS = {"source": "sources", "period": "periods", "kind": "kinds"}
HUNDRED = Decimal(100)


def _header_cell(text: str, colspan: int = 1, rowspan: int = 1, align: str = CENTER) -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, align=align, bold=True)


def _blank() -> Cell:
    return Cell("")


class Renderer:
    def __init__(self, spec: TableSpec, data: TableData, fill: Callable[[str, int], str]):
        self.spec, self.data, self.fill = spec, data, fill
        self.style = spec.amounts
        self.arguments: dict[tuple, dict] = {}  # filters -> Amounts.sum's arguments, resolved once

    # -- figures
    def evaluate(self, facts, filters: tuple):
        if facts is None or isinstance(facts, str):
            return facts
        if isinstance(facts, (Decimal, int)):
            return Decimal(facts)  # a single figure: the column's filters do not apply
        args = self.arguments.get(filters)
        if args is None:
            args = self.arguments[filters] = {DIMENSION_ARGS[dim]: self.data.resolve(dim, names)
                                              for dim, names in filters}
        return facts.sum(**args)

    def values(self, leaves: list[ColumnSpec], facts, filters: tuple = (), previous=None) -> list:
        """Each measure leaf's figure for one row: row filters override the column's."""
        by_id: dict[str, object] = {}
        result: list = [None] * len(leaves)
        for i, leaf in enumerate(leaves):
            m = leaf.measure
            if m is None or m.diff or m.rate:
                continue
            if m.previous:
                value = previous
            else:
                chosen = self.data.named(m.facts) if m.facts else facts
                # the row's filters override the column's, dimension by dimension
                merged = m.filters if not filters else tuple({**dict(m.filters), **dict(filters)}.items())
                value = self.evaluate(chosen, merged)
            result[i] = value
            if leaf.id:
                by_id[leaf.id] = value
        for i, leaf in enumerate(leaves):
            m = leaf.measure
            if m and (m.diff or m.rate):
                a, b = (by_id.get(ref) for ref in (m.diff or m.rate))
                result[i] = self.derived(a, b, bool(m.rate))
        return result

    def derived(self, a, b, rate: bool):
        if not isinstance(a, Decimal) or not isinstance(b, Decimal):
            return None
        if not rate:
            return a - b
        shown_b = fmt.shown(b, self.style.unit)
        if shown_b == 0:
            return None
        return ("rate", (fmt.shown(a, self.style.unit) - shown_b) / shown_b * HUNDRED)

    def money(self, value, count: bool = False) -> Cell:
        if value is None:
            return _blank()
        if isinstance(value, str):
            return Cell(value, align=CENTER)
        if isinstance(value, tuple):  # a rate, in percent
            text = fmt.percent(value[1], zero=self.style.zero)
            return Cell(f"{text}%" if text else "", value=Decimal(text) if text else None)
        if count:
            return Cell(fmt.count(value), value=value) if value else _blank()
        s = self.style
        text = fmt.money(value, blank_zero=True, unit=s.unit, places=s.decimals,
                         zero=s.zero or None, grouped=s.thousands)
        number = text.replace(",", "")
        return Cell(text, value=Decimal(number) if number.lstrip("-").replace(".", "").isdigit() else None)

    # -- rows of one panel
    @staticmethod
    def label_span(leaves: list[ColumnSpec], start: int) -> int:
        """A label covers the run of field columns it starts (编码 and 名称 under one 合计)."""
        end = start
        while end < len(leaves) and leaves[end].field and leaves[end].field != ROW_NUMBER:
            end += 1
        return max(end - start, 1)

    def data_cells(self, leaves: list[ColumnSpec], row: Row | None, number: int | None,
                   values: list | None = None) -> list[Cell]:
        if row is None:
            return [Cell(str(number), align=CENTER) if leaf.field == ROW_NUMBER and number else _blank()
                    for leaf in leaves]
        if values is None:
            values = self.values(leaves, row.facts, previous=row.previous)
        cells = []
        for leaf, value in zip(leaves, values):
            if leaf.field == ROW_NUMBER:
                cells.append(Cell(str(number), align=CENTER) if number else _blank())
            elif leaf.field:
                cells.append(Cell(row.fields.get(leaf.field, ""), bold=row.bold))
            else:
                cells.append(self.money(value))
        return cells

    def literal_values(self, leaves: list[ColumnSpec], row: LiteralRow, facts=None) -> list | None:
        """A literal row's figures: of the facts it names, else of the document's totals."""
        if row.text or row.header:
            return None
        if facts is None:
            facts = self.data.named(row.facts) if row.facts else self.data.total()
        return self.values(leaves, facts, row.filters)

    def literal_cells(self, leaves: list[ColumnSpec], row: LiteralRow, number: int | None,
                      values: list | None = None, total_row: bool = False) -> list[Cell]:
        if row.text:
            return [Cell(self.fill(row.text, row.line), colspan=len(leaves), bold=True)]
        if row.header:
            if len(row.header) != len(leaves):
                raise SpecError(f"header 应有 {len(leaves)} 列，实际为 {len(row.header)}", row.line)
            return [_header_cell(self.fill(text, row.line)) for text in row.header]
        label = self.fill(row.label, row.line)
        if values is None:
            values = self.literal_values(leaves, row)
        cells: list[Cell] = []
        labelled, i = False, 0
        while i < len(leaves):
            leaf = leaves[i]
            if leaf.field == ROW_NUMBER:
                shown = row.number if row.number is not None else number
                cells.append(Cell(str(shown), align=CENTER) if shown else _blank())
            elif not labelled and (leaf.field or row.span):
                span = row.span or self.label_span(leaves, i)
                span = min(span, len(leaves) - i)
                cells.append(Cell(label, colspan=span, bold=row.bold,
                                  align=self.spec.total_align if total_row else None))
                labelled = True
                i += span
                continue
            elif leaf.field:
                if total_row:  # every run of field columns carries the label (a two-sided table)
                    span = self.label_span(leaves, i)
                    cells.append(Cell(label, colspan=span, bold=True, align=self.spec.total_align))
                    i += span
                    continue
                cells.append(_blank())
            else:
                cells.append(_blank() if row.blank else self.money(values[i], row.count))
            i += 1
        return cells

    # -- the table
    def panel_rows(self, panel: Panel):
        """(rows, total facts) of a panel, each row with its figures; zero rows left out."""
        leaves = panel.column_set()
        if isinstance(panel.rows, RowSource):
            rows = self.data.rows(panel.rows.name, panel.rows.options)
            kept = [(r, self.values(leaves, r.facts, previous=r.previous)) for r in rows.rows]
            if rows.skip_zero:
                kept = [(r, values) for r, values in kept
                        if any(isinstance(v, Decimal) and v or isinstance(v, str) for v in values)]
            return kept, rows.total
        return [(r, self.literal_values(leaves, r)) for r in panel.rows], self.data.total()

    def render(self) -> tuple[Table, bool]:
        spec = self.spec
        panels = spec.panels
        contents = [self.panel_rows(p) for p in panels]
        bases = [p.column_set() for p in panels]
        height = max((ceil(len(rows) / p.wrap) for p, (rows, _) in zip(panels, contents)), default=0)
        numbers = self.row_numbers(panels, height)
        body: list[list[Cell]] = []
        for r in range(height):
            cells: list[Cell] = []
            for k, (panel, (rows, _)) in enumerate(zip(panels, contents)):
                for w in range(panel.wrap):
                    index = w * height + r if panel.wrap > 1 else r
                    row, values = rows[index] if index < len(rows) else (None, None)
                    number = numbers[k] + r + 1 if numbers[k] is not None else None
                    if isinstance(row, LiteralRow):
                        cells += self.literal_cells(bases[k], row, number, values)
                    else:
                        cells += self.data_cells(bases[k], row, number, values)
            body.append(cells)
        # Whether the table has data: a figure in its body, not in its tail or 合计
        has_data = any(isinstance(v, Decimal) and v for rows, _ in contents for row, values in rows
                       if values and not (isinstance(row, LiteralRow) and row.blank) for v in values)
        for t, entry in enumerate(spec.tail):
            cells = []
            for k, row in enumerate(entry):
                number = numbers[k] + height + t + 1 if numbers[k] is not None else None
                cells += self.literal_cells(panels[k].leaves(), row or LiteralRow(blank=True), number)
            body.append(cells)
        empty = not has_data and not spec.never_empty
        if spec.empty_total if empty else spec.total != "none":
            total = []
            for panel, (_, facts) in zip(panels, contents):
                leaves, row = panel.leaves(), LiteralRow(label=spec.total_label, bold=True)
                total += self.literal_cells(leaves, row, None, self.literal_values(leaves, row, facts),
                                            total_row=True)
            if spec.total == "bottom":
                body.append(total)
            else:
                body.insert(0, total)
        if empty:
            width = len(spec.leaves())
            body += [[_blank() for _ in range(width)] for _ in range(spec.empty_rows)]
        return Table(columns=self.columns(), header=self.header(), body=body,
                     landscape=spec.landscape, font_scale=spec.font_scale,
                     header_rows_repeat=spec.repeat_header), has_data or spec.never_empty

    def row_numbers(self, panels: list[Panel], height: int) -> list[int | None]:
        """The 行次 each panel starts after, or None for a panel without a 行次 column."""
        starts: list[int | None] = []
        next_start = 0
        for panel in panels:
            if any(leaf.field == ROW_NUMBER for leaf in panel.leaves()):
                starts.append(next_start)
                next_start += height + len(self.spec.tail)
            else:
                starts.append(None)
        return starts

    def header(self) -> list[list[Cell]]:
        roots: list[ColumnSpec] = []
        for panel in self.spec.panels:
            if panel.wrap > 1 and len(panel.columns) == 1 and panel.columns[0].children:
                # One group over a wrapped panel spans all its column sets: 公用经费 over three.
                group = panel.columns[0]
                roots.append(ColumnSpec(group.title, children=group.children * panel.wrap,
                                        header_align=group.header_align, line=group.line))
            else:
                roots += panel.columns * panel.wrap
        depth = max(c.depth() for c in roots)
        rows: list[list[Cell]] = [[] for _ in range(depth)]

        def place(col: ColumnSpec, level: int) -> None:
            if col.children:
                rows[level].append(_header_cell(self.fill(col.title, col.line), colspan=len(col.leaves()),
                                                align=col.header_align))
                for child in col.children:
                    place(child, level + 1)
            else:
                rows[level].append(_header_cell(self.fill(col.title, col.line), rowspan=depth - level,
                                                align=col.header_align))

        for col in roots:
            place(col, 0)
        if self.spec.column_numbers:
            rows.append(self.number_row())
        return rows

    def number_row(self) -> list[Cell]:
        label, counter, cells = self.spec.column_numbers_label, 0, []
        for panel in self.spec.panels:
            leaves = panel.leaves()
            i = 0
            while i < len(leaves):
                leaf = leaves[i]
                if label and leaf.field == ROW_NUMBER:
                    cells.append(_header_cell(""))
                elif label and leaf.field:
                    span = self.label_span(leaves, i)
                    cells.append(_header_cell(label, colspan=span))
                    i += span
                    continue
                else:
                    counter += 1
                    cells.append(_header_cell(str(counter)))
                i += 1
        return cells

    def columns(self) -> list[Column]:
        result = []
        for leaf in self.spec.leaves():
            if leaf.field == ROW_NUMBER:
                default = Column(0.7, CENTER)
            elif leaf.field == "编码":
                default = Column(1.3, LEFT)
            elif leaf.field in CODE_FIELDS:  # a 类 / 款 / 项 part: two or three digits, centred
                default = Column(0.7, CENTER)
            elif leaf.field:
                default = Column(3.2, LEFT)
            else:
                default = Column(1.4, RIGHT)
            result.append(Column(leaf.width or default.width, leaf.align or default.align))
        return result


def render(spec: TableSpec, data: TableData,
           fill: Callable[[str, int], str] = lambda text, line: text) -> tuple[Table, bool]:
    """The table and whether it has any figure (else the caller adds its empty note).
    `fill` puts the document's values into the {年度} of titles and labels."""
    return Renderer(spec, data, fill).render()

"""What a kind gives the table engine: rows with their fields and facts, named facts, and
the names a filter may use.

Facts are anything with `sum(sources, periods, kinds)` (the kinds' Amounts), a plain
number, a text shown as it is ("———"), or None (a blank cell)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .spec import Vocabulary


@dataclass
class Row:
    fields: dict[str, str]
    facts: Any
    bold: bool = False
    previous: Decimal | None = None


@dataclass
class Rows:
    rows: list[Row]
    total: Any = None  # the facts of the 合计 row
    skip_zero: bool = False  # leave out a row whose figures are all zero


def row_source(name: str, *options: str):
    """Marks a TableData method as the row source `name`, taking these options."""
    def mark(method):
        method.row_source = (name, options)
        return method

    return mark


class TableData(Vocabulary):
    """One document's figures as its kind's tables see them. The class is its own vocabulary:
    a subclass names its fields, filter names (`groups`) and facts, and marks each row
    source's method with @row_source."""

    # dimension -> name -> the stored keys it stands for (a group stands for several)
    groups: dict[str, dict[str, tuple[str, ...]]] = {}
    _row_methods: dict[str, str] = {}  # row source name -> method name

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        marked = [(method.row_source, attr) for attr, method in vars(cls).items()
                  if hasattr(method, "row_source")]
        cls.row_sources = {name: options for (name, options), _attr in marked}
        cls._row_methods = {name: attr for (name, _options), attr in marked}

    def __init__(self, model, figures, options: dict):
        self.model, self.figures, self.options = model, figures, options

    def rows(self, name: str, options: dict) -> Rows:
        return getattr(self, self._row_methods[name])(**options)

    def named(self, name: str) -> Any:
        raise NotImplementedError

    def total(self) -> Any:
        """The facts of a literal row that names none: the document's totals."""
        raise NotImplementedError

    def resolve(self, dimension: str, names: tuple[str, ...]) -> tuple[str, ...]:
        keys: list[str] = []
        for name in names:
            keys += [k for k in self.groups[dimension][name] if k not in keys]
        return tuple(keys)

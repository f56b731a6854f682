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


class TableData(Vocabulary):
    """One document's figures as its kind's tables see them. A subclass names its row
    sources (each a method taking the source's options), fields, filter names and facts."""

    # dimension -> name -> the stored keys it stands for (a group stands for several)
    groups: dict[str, dict[str, tuple[str, ...]]] = {}

    def __init__(self, model, figures, options: dict):
        self.model, self.figures, self.options = model, figures, options

    @classmethod
    def vocabulary(cls) -> Vocabulary:
        vocab = Vocabulary()
        vocab.row_sources, vocab.fields, vocab.facts = cls.row_sources, cls.fields, cls.facts
        vocab.dimensions = {dim: tuple(names) for dim, names in cls.groups.items()}
        return vocab

    def rows(self, name: str, options: dict) -> Rows:
        method = getattr(self, "rows_" + self.row_methods[name])
        return method(**{self.option_names.get(k, k): v for k, v in options.items()})

    row_methods: dict[str, str] = {}  # row source name -> method suffix
    option_names: dict[str, str] = {}  # Chinese option key -> argument name

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

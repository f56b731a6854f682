"""The disclosure kinds (预算, 决算) in one registry: the only module that knows them all.

Each kind is a package (`budget`, `final`) with its schema, model, reader, compute, checks,
text context and views. The shared stages dispatch on `unit.kind` through PIPELINES; the
kinds import only shared stages, never this module, so imports run one way. Importing it
loads every kind, whose check rules and views register themselves by name.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import checks_text, reader  # noqa: F401  (checks_text registers the text rules of both kinds)
from .budget import checks as budget_checks  # noqa: F401  (registers the budget rules)
from .budget import compute as budget_compute
from .budget import reader as budget_reader
from .budget import schema as budget_schema
from .budget import text as budget_text
from .budget import tabledata as budget_tabledata  # noqa: F401  (registers the budget tables' data)
from .budget import views as budget_views  # noqa: F401  (registers the budget views)
from .final import checks as final_checks  # noqa: F401  (registers the 决算 rules)
from .final import compute as final_compute
from .final import reader as final_reader
from .final import schema as final_schema
from .final import text as final_text
from .final import tabledata as final_tabledata  # noqa: F401  (registers the 决算 tables' data)
from .final import views as final_views  # noqa: F401  (registers the 决算 views)


@dataclass(frozen=True)
class Pipeline:
    sheets: tuple  # the workbook's sheets, in order
    assemble: Callable  # (SheetReader, Unit) -> model
    compute: Callable  # model -> figures
    context: Callable  # (model, figures) -> narrative template variables
    sample_context: Callable  # () -> every variable, for `templates check`
    sample_model: Callable  # () -> a model with no figures, for `templates check`


PIPELINES = {
    "budget": Pipeline(budget_schema.BUDGET_SHEETS, budget_reader.budget, budget_compute.compute_budget,
                       budget_text.context, budget_text.sample_context, budget_text.sample_model),
    "final": Pipeline(final_schema.FINAL_SHEETS, final_reader.final_accounts, final_compute.compute_final,
                      final_text.context, final_text.sample_context, final_text.sample_model),
}
SHEETS_BY_KIND = {kind: p.sheets for kind, p in PIPELINES.items()}


def read(path: Path):
    """Read one workbook of any kind: (model, findings); see `reader.read`."""
    return reader.read(path, SHEETS_BY_KIND, {kind: p.assemble for kind, p in PIPELINES.items()})

"""Doctree → a folder of CSV files and a Frictionless Data Package (datapackage.json).

One CSV per table of the document: one column per table column, named by the header
cells above it; body rows as printed (a merged cell's text in its first slot), amounts
as plain numbers as shown in the document. The package's schema types each column:
number where every filled body cell carries a number, else string.

Workbook text is untrusted and a CSV is often opened in Excel or WPS, which would run a text
starting with = + - @ (or a tab or carriage return before one) as a formula ("CSV injection").
Such a text in a string cell is written with a leading apostrophe, the usual protection;
number cells are never touched. A consumer reading the package as data strips the one
leading "'" of a string cell that starts with "'" followed by one of those characters.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..atomic import atomic_dir
from ..doctree import Document, Table
from .common import safe_name, table_grid, table_name, tables

DESCRIPTOR = "datapackage.json"


def amount_unit(table: Table) -> str:
    """The unit a table states for its amounts (单位：万元 → 万元), or ""."""
    return table.meta_right.replace(":", "：").rsplit("：", 1)[-1].strip()


def grid(table: Table) -> tuple[list[list[str]], list[list]]:
    """Header texts per column (top to bottom) and the body as a rectangular grid of cells
    (None where a span covers the slot)."""
    heads: list[list[str]] = [[] for _ in range(table.width)]
    body: list[list] = [[None] * table.width for _ in table.body]
    for r, col, span, down, cell in table_grid(table):
        if r < len(table.header):
            # Column-number rows (1 2 3 …) label nothing.
            if cell.text and not cell.text.isdigit():
                for j in range(col, col + span):
                    heads[j].append(cell.text)
        else:
            body[r - len(table.header)][col] = cell
    return heads, body


def field_names(heads: list[list[str]]) -> list[str]:
    names: list[str] = []
    for index, texts in enumerate(heads, start=1):
        # A header cell spanning rows appears once per column; repeated texts are merged.
        parts = [t for k, t in enumerate(texts) if k == 0 or texts[k - 1] != t]
        base = "/".join(p.replace("\n", "") for p in parts) or f"列{index}"
        name, n = base, 1
        while name in names:
            n += 1
            name = f"{base}({n})"
        names.append(name)
    return names


def is_number_column(body: list[list], col: int) -> bool:
    filled = [row[col] for row in body if row[col] is not None and row[col].text]
    return bool(filled) and all(cell.value is not None for cell in filled)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """`text` as a spreadsheet will not run it (see the module docstring); a lone "-" stays."""
    return "'" + text if text.startswith(FORMULA_START) and len(text) > 1 else text


def table_csv(table: Table) -> tuple[bytes, list[dict]]:
    heads, body = grid(table)
    names = field_names(heads)
    numeric = [is_number_column(body, c) for c in range(table.width)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in body:
        writer.writerow(["" if cell is None else
                         f"{cell.value:f}" if numeric[c] and cell.value is not None else inert(cell.text)
                         for c, cell in enumerate(row)])
    fields = [{"name": name, "type": "number" if num else "string"}
              for name, num in zip(names, numeric)]
    unit = amount_unit(table)
    if unit:
        for fld in fields:
            if fld["type"] == "number":
                fld["unit"] = unit
    return out.getvalue().encode("utf-8"), fields


def descriptor(document: Document, resources: list[dict]) -> dict:
    units = [r["amountUnit"] for r in resources if r.get("amountUnit")]
    package = {
        "profile": "tabular-data-package",
        "name": f"disclosure-{document.period}" if document.period else "disclosure",
        "title": document.title,
        "organization": document.author,
        "year": document.period,
        "amountUnit": max(set(units), key=units.count) if units else "",
        "language": document.language,
        "resources": resources,
    }
    return package


def write_csv(document: Document, path: Path) -> None:
    """Write the folder `path`: NN-<table name>.csv for each table and datapackage.json;
    the folder appears whole or not at all."""
    files: dict[str, bytes] = {}
    resources = []
    for index, table in enumerate(tables(document), start=1):
        data, fields = table_csv(table)
        filename = f"{index:02d}-{safe_name(table_name(table, index), 60)}.csv"
        files[filename] = data
        resource = {
            "name": f"table-{index:02d}",
            "path": filename,
            "profile": "tabular-data-resource",
            "title": table_name(table, index),
            "description": "\n".join(filter(None, [table.title, table.subtitle, table.meta_left,
                                                   table.meta_right, *table.notes])),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": fields},
        }
        if amount_unit(table):
            resource["amountUnit"] = amount_unit(table)
        resources.append(resource)
    package = descriptor(document, resources)
    files[DESCRIPTOR] = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    with atomic_dir(Path(path)) as tmp:
        for name, data in files.items():
            (tmp / name).write_bytes(data)

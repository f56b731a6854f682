"""Views: one function per table, chart or form set, registered by the name the profile uses.

A view turns computed figures into a format-neutral `doctree` node. Titles,
labels and order come from the profile; the view supplies columns and rows.
"""
from __future__ import annotations

from typing import Callable

TABLES: dict[str, dict[str, Callable]] = {}
CHARTS: dict[str, dict[str, Callable]] = {}
FORMS: dict[str, dict[str, Callable]] = {}
TABLE_DATA: dict[str, type] = {}  # kind -> its tables.TableData, for the tables in tables.yaml


def _register(registry: dict, kind: str, name: str):
    def decorator(fn: Callable) -> Callable:
        registry.setdefault(kind, {})[name] = fn
        return fn

    return decorator


def table(kind: str, name: str):
    return _register(TABLES, kind, name)


def chart(kind: str, name: str):
    return _register(CHARTS, kind, name)


def forms(kind: str, name: str):
    return _register(FORMS, kind, name)



def table_data(kind: str):
    def decorator(cls: type) -> type:
        TABLE_DATA[kind] = cls
        return cls

    return decorator

"""The table engine: tables declared as data in a profile's tables.yaml (`spec`), filled
from a kind's figures through its `TableData` (`data`), rendered to doctree tables (`engine`).

The engine knows rows, columns, measures and formats; what a row or a figure means (a
功能分类 line, 三公经费) is the kind's, named in the YAML by the finance office."""

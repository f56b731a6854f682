"""预决算公开文件生成器: workbook → model → compute → checks → document tree → writers."""

__version__ = "0.1.0"

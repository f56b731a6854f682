"""The Jinja environment narrative templates render in: sandboxed, immutable and bounded.

Templates come from a finance office, not from us, so rendering one may not hang, exhaust
memory or recurse without end: every loop step, call, attribute and operator checks a
deadline, and whatever a template builds (strings, lists, the section's output) has a size
cap. Every value a template prints is wrapped in private-use sentinels, so the line parser
in assemble.py can tell workbook text (data) from template text (structure).
"""
from __future__ import annotations

import functools
import re
import string
import threading
import time
from contextlib import contextmanager

from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace
from jinja2.visitor import NodeTransformer

DATA_OPEN, DATA_CLOSE = "\ue000", "\ue001"
_NO_SENTINELS = str.maketrans("", "", DATA_OPEN + DATA_CLOSE)
RENDER_SECONDS = 5.0  # a section renders in milliseconds; this only stops runaway loops
MAX_SIZE = 2_000_000  # characters of a section's output, or of any string or list it builds
MAX_RANGE = 100_000  # items of range(), widths and counts passed to string functions
MAX_WIDTH = 10_000  # field width or precision in a format string
MAX_POWER_BITS = 100_000
LOOP_GUARD, CONCAT_GUARD = "_bounded_loop", "_bounded_concat"  # filters _parse puts in
# Filters whose extra arguments are values, not widths or counts.
_VALUE_FILTERS = {"format", "default", "d", "replace", "join"}
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class TemplateLimit(Exception):
    """A template went beyond a bound; the message, in Chinese, says which."""


def _printed_size(value, depth: int = 0) -> int:
    """About len(str(value)), without making the string: a list holding one long string
    a thousand times is small in memory but gigabytes once printed."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, Namespace):
        value = object.__getattribute__(value, "_Namespace__attrs")
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = value
    else:
        return 0  # numbers and the objects of textfuncs print short
    if depth > 50:
        raise TemplateLimit("模板中的列表嵌套过深")
    total = 2 + 2 * len(items)
    for item in items:
        if total > MAX_SIZE:
            break
        total += _printed_size(item, depth + 1)
    return total


def _sized(value):
    if _printed_size(value) > MAX_SIZE:
        raise TemplateLimit(f"模板生成的文字或列表超过 {MAX_SIZE} 个字符（项）")
    return value


def as_data(value) -> str:
    """Jinja `finalize`: a printed value is data, whatever characters it holds."""
    return DATA_OPEN + str(_sized(value)).translate(_NO_SENTINELS) + DATA_CLOSE


def _check_number(value) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_RANGE:
        raise TemplateLimit(f"模板中的宽度或次数 {value} 过大（不能超过 {MAX_RANGE}）")


def _check_format(fmt: str) -> None:
    """A str.format pattern: no nested or huge widths and precisions."""
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError as exc:
        raise TemplateLimit(f"格式“{fmt[:50]}”有误：{exc}") from None
    for _literal, _name, spec, _conversion in fields:
        if spec and ("{" in spec or any(int(n) > MAX_WIDTH for n in re.findall(r"\d+", spec))):
            raise TemplateLimit(f"格式“{spec[:50]}”的宽度或精度过大（不能超过 {MAX_WIDTH}）")


def _check_percent(fmt) -> None:
    """A %-format pattern: no * widths and no huge widths or precisions."""
    if not isinstance(fmt, str):
        return
    for width, precision in _PERCENT_SPEC.findall(fmt):
        for n in (width, precision):
            if n == "*" or (n and int(n) > MAX_WIDTH):
                raise TemplateLimit(f"格式“{fmt[:50]}”的宽度或精度过大（不能超过 {MAX_WIDTH}）")


def _check_replace(text, old, new) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        grown = (len(text) + 1 if not old else text.count(old)) * (len(new) - len(old))
        if len(text) + grown > MAX_SIZE:
            raise TemplateLimit(f"replace 的结果超过 {MAX_SIZE} 个字符")


def _joined(separator, items) -> list:
    """The items of a join, materialised, once their joined size is known to be bounded."""
    items = list(items)
    size = len(str(separator)) * len(items) + sum(_printed_size(item) for item in items)
    if size > MAX_SIZE:
        raise TemplateLimit(f"join 的结果超过 {MAX_SIZE} 个字符")
    return items


def _check_power(base, exponent) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 \
            and abs(base) > 1 and base.bit_length() * exponent > MAX_POWER_BITS:
        raise TemplateLimit(f"乘方 {base}**{exponent} 过大")


def _check_repeat(left, right) -> None:
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(count, int) \
                and max(len(seq), _printed_size(seq)) * count > MAX_SIZE:
            raise TemplateLimit(f"重复得到的文字或列表超过 {MAX_SIZE} 个字符（项）")


def _concat(items) -> str:
    """`a ~ b ~ …`, with the size known before the string is made."""
    strings = [str(_sized(item)) for item in items]
    if sum(map(len, strings)) > MAX_SIZE:
        raise TemplateLimit(f"用 ~ 连接的文字超过 {MAX_SIZE} 个字符")
    return "".join(strings)


class _Guards(NodeTransformer):
    """Every loop step passes the deadline; every `~` goes through _concat."""

    def visit_For(self, node):
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, LOOP_GUARD, [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node):
        self.generic_visit(node)
        return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), CONCAT_GUARD, [], [],
                            None, None, lineno=node.lineno)


class _BoundedNamespace(Namespace):
    """namespace(): `{% set ns.x = … %}` in a loop may not grow a value without end."""

    def __setitem__(self, name, value):
        super().__setitem__(name, _sized(value))


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, split=None, **options):
        """`split`: value -> (what prints, a tail printed after it as template text)."""
        def finalize(value):
            body, tail = split(value) if split else (value, "")
            return as_data(body) + tail

        super().__init__(finalize=finalize, undefined=StrictUndefined, **options)
        self._local = threading.local()
        self.globals.pop("lipsum", None)  # generates text in a loop no hook can see
        self.globals.update(range=self._range, namespace=_BoundedNamespace)
        self.filters = {name: self._guarded_filter(name, fn) for name, fn in self.filters.items()}
        self.filters.update({LOOP_GUARD: self._loop, CONCAT_GUARD: _concat})

    # -- the deadline ----------------------------------------------------------------------
    @contextmanager
    def limits(self):
        self._local.deadline = time.monotonic() + RENDER_SECONDS
        try:
            yield
        finally:
            self._local.deadline = None

    def tick(self) -> None:
        deadline = getattr(self._local, "deadline", None)
        if deadline is not None and time.monotonic() > deadline:
            raise TemplateLimit(f"模板运行超过 {RENDER_SECONDS:g} 秒（可能是循环或递归过多）")

    def render_bounded(self, name: str, context: dict) -> str:
        """Render a template within the time and output bounds."""
        with self.limits():
            template = self.get_template(name)
            chunks, size = [], 0
            for chunk in template.generate(context):
                size += len(chunk)
                if size > MAX_SIZE:
                    raise TemplateLimit(f"模板输出超过 {MAX_SIZE} 个字符")
                chunks.append(chunk)
            return "".join(chunks)

    # -- every loop step and concatenation -------------------------------------------------
    def _parse(self, source, name, filename):
        tree = _Guards().visit(super()._parse(source, name, filename))
        tree.set_environment(self)
        return tree

    def _loop(self, iterable):
        for item in iterable:
            self.tick()
            yield item

    def _range(self, *args):
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise TemplateLimit(f"range 的项数 {len(numbers)} 过大（不能超过 {MAX_RANGE}）")
        return numbers

    # -- calls, attributes, operators, filters ---------------------------------------------
    def wrap_str_format(self, value):
        wrapper = super().wrap_str_format(value)  # None unless value is a str's format method
        if wrapper is not None:
            _check_format(value.__self__)
        return wrapper

    def call(self, context, obj, /, *args, **kwargs):
        self.tick()
        for value in (*args, *kwargs.values()):
            _sized(value)
        if isinstance(getattr(obj, "__self__", None), str):
            for value in (*args, *kwargs.values()):
                _check_number(value)
            if obj.__name__ == "replace" and len(args) >= 2:
                _check_replace(obj.__self__, args[0], args[1])
            elif obj.__name__ == "join" and args:
                args = (_joined(obj.__self__, args[0]), *args[1:])
        return _sized(super().call(context, obj, *args, **kwargs))

    def getattr(self, obj, attribute):
        self.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        self.tick()
        return super().getitem(obj, argument)

    def call_binop(self, context, operator, left, right):
        self.tick()
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            _check_repeat(left, right)
        elif operator == "%":
            _check_percent(left)
            _sized(right)
        return _sized(super().call_binop(context, operator, left, right))

    def _guarded_filter(self, name: str, fn):
        first = 1 if getattr(fn, "jinja_pass_arg", None) is not None else 0  # context argument

        @functools.wraps(fn)  # keeps jinja_pass_arg
        def guarded(*args, **kwargs):
            self.tick()
            value, extra = args[first] if len(args) > first else None, args[first + 1:]
            for argument in (value, *extra, *kwargs.values()):
                _sized(argument)  # string, tojson, format… would print it whole
            if name == "format":
                _check_percent(value)
            elif name == "replace" and len(extra) >= 2:
                _check_replace(value, extra[0], extra[1])
            elif name == "join":
                args = (*args[:first], _joined(extra[0] if extra else kwargs.get("d", ""), value),
                        *extra)
            if name not in _VALUE_FILTERS:
                for number in (*extra, *kwargs.values()):
                    _check_number(number)
            return _sized(fn(*args, **kwargs))

        return guarded

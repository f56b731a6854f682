"""Functions the narrative templates call: 金额, 元, 占比, 比较.

Names are Chinese so a finance office reads its templates as prose:
``{{ 金额(支出总计) }}万元，{{ 比较(支出总计, 上年.支出总计).表述 }}``.
"""
from __future__ import annotations

import re
from decimal import Decimal

from . import compute, fmt
from .sandbox import DATA_CLOSE, DATA_OPEN

# Punctuation a typed text may end with, which the template's own may follow.
TRAILING = "。；，,;."
FOLLOWING = "。；，,;.、：:！？!?"
_OPEN, _CLOSE = "\ue003", "\ue004"  # private-use marks (sandbox.py uses \ue000-\ue002) around an inserted text's trailing punctuation
# A marked group, and whether punctuation follows it: perhaps itself marked, perhaps printed
# as a value (inside the sandbox's data sentinels, e.g. a macro's {{ 结尾 }}).
_MARKED = re.compile(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}"
                     f"(?=([{DATA_OPEN}{DATA_CLOSE}]*{_OPEN}?[{re.escape(FOLLOWING)}])?)")
_MARKS = re.compile(f"[{_OPEN}{_CLOSE}]")
_EMPTY = {"none", "null", "nan"}


def typed(value) -> tuple[object, str]:
    """A printed value split into what prints and its trailing 。；，, marked so that settle()
    drops it where the template's punctuation follows; a blank or "None"/"null" prints nothing."""
    if value is None:
        return "", ""
    if isinstance(value, str):
        if value.strip().lower() in _EMPTY:
            return "", ""
        body = value.rstrip(TRAILING)
        if body != value:
            return body, f"{_OPEN}{value[len(body):]}{_CLOSE}"
    return value, ""


def _settle_one(match: re.Match) -> str:
    return "" if match.group(2) else match.group(1)


def settle(text: str) -> str:
    """Rendered text: a marked trailing punctuation goes where template punctuation follows."""
    return _MARKS.sub("", _MARKED.sub(_settle_one, text))


class 变化:
    """A year-on-year change, with the words a sentence needs (never both 增加 and 减少)."""

    def __init__(self, current: Decimal, previous: Decimal, base: str = "上年"):
        self._change = compute.Change(current or Decimal(0), previous or Decimal(0))
        self.基准 = base

    @property
    def 相同(self) -> bool:
        return self._change.direction == "same"

    @property
    def 增加(self) -> bool:
        return self._change.direction == "up"

    @property
    def 减少(self) -> bool:
        return self._change.direction == "down"

    @property
    def 增减(self) -> str:
        return {"up": "增加", "down": "减少", "same": "持平"}[self._change.direction]

    @property
    def 升降(self) -> str:
        return {"up": "增长", "down": "下降", "same": "持平"}[self._change.direction]

    @property
    def 差额(self) -> str:
        return fmt.money(abs(self._change.diff))

    @property
    def 比率(self) -> str:
        rate = self._change.rate
        return "" if rate is None else fmt.percent(rate)

    @property
    def 幅度(self) -> str:
        """"增加92.92万元，增长18.15%"; without the rate when last year was zero."""
        if self.相同:
            return "持平"
        text = f"{self.增减}{self.差额}万元"
        if self._change.rate is not None:
            text += f"，{self.升降}{self.比率}%"
        return text

    @property
    def 表述(self) -> str:
        """"比上年增加92.92万元，增长18.15%" or "与上年相同"."""
        if self.相同:
            return f"与{self.基准}相同"
        return f"比{self.基准}{self.幅度}"

    def __str__(self) -> str:
        return self.表述


def 金额(yuan) -> str:
    """An amount in running text, in 万元 without the unit: "604.81", zero "0"."""
    return fmt.money(yuan)


def 元(yuan) -> str:
    return fmt.money(yuan, unit="元")


def 占比(part, whole) -> str:
    """Share in percent without the sign: "64.84"."""
    return fmt.percent(compute.percent(part or Decimal(0), whole or Decimal(0)))


def 比较(current, previous, 基准: str = "上年") -> 变化:
    return 变化(current, previous, 基准)


def 数量(value) -> str:
    return fmt.count(value)


FUNCTIONS = {"金额": 金额, "元": 元, "占比": 占比, "比较": 比较, "数量": 数量}

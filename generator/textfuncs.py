"""Functions the narrative templates call: 金额, 元, 占比, 比较.

Names are Chinese so a finance office reads its templates as prose:
``{{ 金额(支出总计) }}万元，{{ 比较(支出总计, 上年.支出总计).表述 }}``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .budget import compute
from . import fmt
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

    # What a template may read, in the order `templates check` lists it.
    FIELDS = ("表述", "幅度", "增减", "升降", "差额", "比率", "相同", "增加", "减少", "基准")

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


MAX_PLACES = 6
ZERO_MAX = 10  # characters of the text a zero prints as


class NumberArgumentError(ValueError):
    """A number format argument is wrong; the message, in Chinese, says which."""


def places_arg(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PLACES:
        raise NumberArgumentError(f"{where}位数 应为 0 到 {MAX_PLACES} 的整数，写的是“{value}”")
    return value


def zero_arg(value, where: str) -> str:
    if not isinstance(value, str) or len(value) > ZERO_MAX:
        raise NumberArgumentError(
            f"{where}零 应为加引号的文字（如 \"0.00\"、\"0\"、\"-\"、\"\"），写的是“{value}”")
    return value


def pad_arg(value, where: str) -> bool:
    if not isinstance(value, bool):
        raise NumberArgumentError(f"{where}补零 应为 true 或 false，写的是“{value}”")
    return value


@dataclass(frozen=True)
class NumberStyle:
    """A profile's defaults for 金额 and 占比 (style.yaml `numbers`); these keep the
    published style: 金额 two decimals in 万元, 占比 two decimals, zero "0"."""

    places: int | None = None  # None: as fmt.money (two decimals in 万元)
    zero: str = "0"
    pad: bool = True  # False: "77.80" prints "77.8"

    KEYS = {"位数": "places", "零": "zero", "补零": "pad"}

    @classmethod
    def from_settings(cls, settings: dict) -> "NumberStyle":
        """style.yaml `numbers: {位数: 2, 零: "0.00", 补零: true}` (its keys checked by
        profile.STYLE_KEYS); NumberArgumentError if a value is wrong."""
        where = "numbers 的 "
        return cls(places=places_arg(settings["位数"], where) if "位数" in settings else None,
                   zero=zero_arg(settings.get("零", "0"), where),
                   pad=pad_arg(settings.get("补零", True), where))


def functions(style: NumberStyle = NumberStyle()) -> dict:
    """The template functions, 金额 and 占比 taking their defaults from the profile's style."""

    def options(name: str, 位数, 零, 补零) -> dict:
        where = f"{name}() 的 "
        return {"places": style.places if 位数 is None else places_arg(位数, where),
                "zero": style.zero if 零 is None else zero_arg(零, where),
                "pad": style.pad if 补零 is None else pad_arg(补零, where)}

    def 金额(yuan, 位数=None, 零=None, 补零=None) -> str:
        """An amount in running text, in 万元 without the unit: "604.81", zero "0"."""
        return fmt.money(yuan, **options("金额", 位数, 零, 补零))

    def 占比(part, whole, 位数=None, 零=None, 补零=None) -> str:
        """Share in percent without the sign: "64.84"."""
        chosen = options("占比", 位数, 零, 补零)
        chosen["places"] = 2 if chosen["places"] is None else chosen["places"]
        value = compute.percent(part or Decimal(0), whole or Decimal(0), chosen["places"])
        return fmt.percent(value, **chosen)

    return {"金额": 金额, "元": 元, "占比": 占比, "比较": 比较, "数量": 数量}


def 元(yuan) -> str:
    return fmt.money(yuan, unit="元")


def 比较(current, previous, 基准: str = "上年") -> 变化:
    return 变化(current, previous, 基准)


def 数量(value) -> str:
    return fmt.count(value)


FUNCTIONS = functions()
金额, 占比 = FUNCTIONS["金额"], FUNCTIONS["占比"]

"""The one place figures become text, so a document never mixes styles."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .compute import to_wan

CENT = Decimal("0.01")


def _grouped(value: Decimal, places: int) -> str:
    return f"{value:,.{places}f}"


def money(yuan: Decimal | None, *, blank_zero: bool = False, unit: str = "万元") -> str:
    """Format an amount held in 元.

    unit "万元": two decimals, no thousands separator ("604.81"), as every seed table;
    unit "元": thousands separators, decimals only when there are fen ("35,600").
    Zero is "0" in running text and blank in tables (blank_zero).
    """
    if yuan is None or yuan == 0:
        return "" if blank_zero else "0"
    value = shown(yuan, unit)
    if unit == "元":
        return _grouped(value, 0 if value == value.to_integral_value() else 2)
    return f"{value:.2f}"


def shown(yuan: Decimal, unit: str = "万元") -> Decimal:
    """The amount as `money` prints it, as a number: 万元 or 元, rounded half-up to the fen."""
    if unit == "元":
        return yuan.quantize(CENT, rounding=ROUND_HALF_UP)
    return to_wan(yuan)


def percent(value: Decimal | None) -> str:
    """A percentage already computed to two places: "64.84"; zero or undefined is "0"."""
    if value is None or value == 0:
        return "0"
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):.2f}"


def count(value: int | Decimal | None) -> str:
    if value is None:
        return "0"
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:f}"
    return str(value)

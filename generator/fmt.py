"""The one place figures become text, so a document never mixes styles."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .budget.compute import WAN, to_wan

CENT = Decimal("0.01")


def _digits(value: Decimal, places: int, *, grouped: bool = False, pad: bool = True) -> str:
    """value (already rounded to `places`) as text; pad=False drops trailing zeros: "77.8"."""
    text = f"{value:{',' if grouped else ''}.{places}f}"
    return text.rstrip("0").rstrip(".") if not pad and "." in text else text


def _rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def money(yuan: Decimal | None, *, blank_zero: bool = False, unit: str = "万元",
          places: int | None = None, zero: str | None = None, pad: bool = True,
          grouped: bool | None = None) -> str:
    """Format an amount held in 元.

    unit "万元": two decimals, no thousands separator ("604.81"), as every seed table;
    unit "元": thousands separators, decimals only when there are fen ("35,600").
    Zero is "0" in running text and blank in tables (blank_zero), or `zero` when given.
    `places` rounds once, from 元, to that many decimals; pad=False drops trailing zeros.
    `grouped` sets thousands separators either way (default: in 元 only).
    """
    if yuan is None or yuan == 0:
        return zero if zero is not None else ("" if blank_zero else "0")
    if places is not None:
        value = _rounded(yuan / WAN if unit == "万元" else yuan, places)
    else:
        value = shown(yuan, unit)
        places = 0 if unit == "元" and value == value.to_integral_value() else 2
    return _digits(value, places, grouped=unit == "元" if grouped is None else grouped, pad=pad)


def shown(yuan: Decimal, unit: str = "万元") -> Decimal:
    """The amount as `money` prints it, as a number: 万元 or 元, rounded half-up to the fen."""
    if unit == "元":
        return yuan.quantize(CENT, rounding=ROUND_HALF_UP)
    return to_wan(yuan)


def percent(value: Decimal | None, *, places: int = 2, zero: str = "0", pad: bool = True) -> str:
    """A percentage already computed to `places` decimals: "64.84"; zero or undefined is `zero`."""
    if value is None or value == 0:
        return zero
    return _digits(_rounded(value, places), places, pad=pad)


def count(value: int | Decimal | None) -> str:
    if value is None:
        return "0"
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:f}"
    return str(value)

"""Arithmetic of stated figures: what range of true values a figure as written allows.

GRIM-style: a figure is only as precise as it is written. "37,06%" allows 37.055-37.065,
"37%" allows 36.5-37.5, "705 nghìn" allows 704,500-705,500, a plain count "197 thủ tục" is
exact. Qualifiers widen it one step of the last written non-zero digit: "hơn 87 nghìn" is
87,000-88,000, "gần 395.080 ha" is 395,070-395,080. A check passes when the intervals meet,
so a figure rounded as written is never flagged.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import regex

from ..models import Quantity

_NUMERAL = regex.compile(r"\d(?:[\d.,]*\d)?")
_THOUSANDS = regex.compile(r"\d{1,3}(?:\.\d{3})+")
INF = math.inf


@dataclass(frozen=True)
class Precision:
    decimals: int        # digits written after the decimal comma
    trailing_zeros: int  # zeros ending an integer numeral ("800" → 2)
    scale: float         # scale word multiplied in ("87 nghìn" → 1000)


def _parse_numeral(numeral: str) -> tuple[float, int] | None:
    """(value, decimals) of a numeral as Vietnamese writes it: 9.301 → 9301; 37,06 → 37.06."""
    if "," in numeral:
        whole, _, frac = numeral.rpartition(",")
        whole = whole.replace(".", "").replace(",", "")
        return float(f"{whole or 0}.{frac}"), len(frac)
    if "." in numeral and not _THOUSANDS.fullmatch(numeral):
        whole, _, frac = numeral.rpartition(".")  # an English decimal point ("37.06")
        return float(f"{whole.replace('.', '') or 0}.{frac}"), len(frac)
    return float(numeral.replace(".", "")), 0


def precision(quantity: Quantity) -> Precision | None:
    """How precisely the figure is written, from its span text and value."""
    if quantity.value is None:
        return None
    match = _NUMERAL.search(quantity.span.text)
    parsed = _parse_numeral(match.group()) if match else None
    if not parsed or parsed[0] == 0:
        return Precision(0, 0, 1.0)
    number, decimals = parsed
    scale = quantity.value / number
    if scale > 0 and abs(math.log10(scale) - round(math.log10(scale))) < 1e-9:
        scale = 10.0 ** round(math.log10(scale))
    else:  # a value the span does not spell out (written in words): treat as a plain integer
        scale, decimals = 1.0, 0
    digits = match.group().replace(".", "").replace(",", "")
    zeros = len(digits) - len(digits.rstrip("0")) if decimals == 0 else 0
    return Precision(decimals, zeros, scale)


def interval(quantity: Quantity) -> tuple[float, float] | None:
    """The true values the figure as written allows (lo, hi); None when it has no value."""
    p = precision(quantity)
    if p is None:
        return None
    value = quantity.value
    step = 10.0 ** -p.decimals * p.scale
    zeros = min(p.trailing_zeros, 1) if quantity.kind == "percent" else p.trailing_zeros
    wide = step * 10.0 ** zeros
    qualifier = quantity.qualifier
    if qualifier == "more_than":
        return value, value + wide
    if qualifier == "less_than":
        return value - wide, value
    if qualifier == "at_least":
        return value, INF
    if qualifier == "at_most":
        return 0.0, value
    if qualifier == "about":
        half = max(wide / 2, 0.05 * abs(value))
        return value - half, value + half
    if quantity.kind == "count" and p.decimals == 0 and p.scale == 1:
        return value, value  # a plain count is exact
    return value - step / 2, value + step / 2


def add(intervals: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(lo for lo, _ in intervals), sum(hi for _, hi in intervals)


def share(part: tuple[float, float], whole: tuple[float, float]) -> tuple[float, float] | None:
    """Percentage range part/whole; None when the whole may be zero."""
    if whole[0] <= 0:
        return None
    return 100 * part[0] / whole[1], 100 * part[1] / whole[0]


def meets(a: tuple[float, float], b: tuple[float, float], slack: float = 1e-9) -> bool:
    return a[0] <= b[1] + slack and b[0] <= a[1] + slack


def decimals_of(quantity: Quantity) -> int:
    p = precision(quantity)
    return p.decimals if p else 0


_SCALE_WORDS = {1e3: "nghìn", 1e6: "triệu", 1e9: "tỷ"}


def written(quantity: Quantity, value: float | None = None) -> str:
    """A value as the figure writes it, scale word included: "13,92 tỷ", "87 nghìn", "9.301"."""
    p = precision(quantity)
    value = quantity.value if value is None else value
    if p is None:
        return vn_number(value)
    word = _SCALE_WORDS.get(p.scale)
    if word:
        return f"{vn_number(value / p.scale, p.decimals)} {word}"
    return vn_number(value, p.decimals if p.scale >= 1 else None)


def vn_number(x: float, decimals: int | None = None) -> str:
    """A number as a Vietnamese article writes it: 565.340; 37,056; 91,37."""
    if decimals is None:  # as few decimals as the value needs, at most three
        text = f"{x:,.3f}".rstrip("0").rstrip(".")
    else:
        text = f"{x:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")

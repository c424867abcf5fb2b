"""Figures as written: Vietnamese digits ("9.301", "37,06", "2.379,5"), scale words ("1,5 triệu"),
number words ("mười lăm") and vague amounts ("hàng chục").

Vietnamese writes a thousands DOT and a decimal COMMA, so "9.301" is 9301 and "3.3" is not a
number at all (it is part of a date like "3.3.2025"): a dot must be followed by exactly three
digits. Values are Decimals until the record is built, so "152.639,76 tỷ" stays exact.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from .quantities_rules import QuantityRules

# A run of digits with the punctuation that may join them; never glued to a letter before it
# ("G393762", "U23") nor to a code ("VN-2000", "bn-1-7599"), never a phone's "+84".
DIGIT_RUN = regex.compile(r"(?<![\p{L}\d+])(?<!\p{L}[-.])\d(?:[\d.,/\-–]*\d)?")
_NUMBER = r"(?:0|[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d*)(?:,\d+)?"
NUMBER = regex.compile(_NUMBER)
_FRACTION = regex.compile(rf"(?P<a>{_NUMBER})/(?P<b>{_NUMBER})")
_GLUED_RANGE = regex.compile(rf"(?P<a>{_NUMBER})[-–](?P<b>{_NUMBER})")
_YEAR = regex.compile(r"(?:19|20)\d\d")
# "2.400x65 m", "10 x 20 x 5 m": sides of a size, the unit written once after the last one.
DIMENSIONS = regex.compile(rf"(?P<side>{_NUMBER})(?:[ \t]?[x×][ \t]?(?P<side>{_NUMBER}))+")
# "136 ha/265,372 ha": a part of a whole, same unit on both sides.
PART_OF = regex.compile(rf"[ \t]?/[ \t]?(?P<whole>{_NUMBER})")


def number_value(written: str) -> Decimal:
    """ "9.301" -> 9301, "37,06" -> 37.06, "2.379,5" -> 2379.5 (the text must match NUMBER)."""
    return Decimal(written.replace(".", "").replace(",", "."))


def is_year(written: str) -> bool:
    """A bare 1900-2099: in press text that is a year ("Luật Điện lực 2024"), not a count."""
    return bool(_YEAR.fullmatch(written))


@dataclass
class Figure:
    """The numeric part of a quantity: [start, end) covers the numerals and scale words."""

    start: int
    end: int
    form: str                      # number | fraction | range | words | vague
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    of: Decimal | None = None
    year_like: bool = False
    scaled: bool = False           # a scale word was multiplied in


def read_scales(rules: QuantityRules, key: str, pos: int) -> tuple[Decimal, int]:
    """The product of the scale words right after `pos` ("nghìn tỷ" = 1e12) and where they end."""
    m = rules.scale_run.match(key, pos)
    if not m:
        return Decimal(1), pos
    product = Decimal(1)
    for word in m.group().split():
        product *= rules.scales[word]
    return product, m.end()


def digit_figure(rules: QuantityRules, key: str, start: int, run: str) -> Figure | None:
    """A run of digits read as one number, a fraction "197/197" or a glued range "10-15"."""
    end = start + len(run)
    if NUMBER.fullmatch(run):
        scale, scaled_end = read_scales(rules, key, end)
        return Figure(start, scaled_end, "number", value=number_value(run) * scale,
                      year_like=is_year(run) and scale == 1, scaled=scale != 1)
    if m := _FRACTION.fullmatch(run):
        return Figure(start, end, "fraction", value=number_value(m["a"]), of=number_value(m["b"]))
    if m := _GLUED_RANGE.fullmatch(run):
        return range_figure(rules, key, start, m["a"], m["b"], start + m.start("b"))
    return None  # "3.3.2025", "15/8/2025", "4.2024": dates and the like


def dimensions_figure(key: str, start: int) -> Figure | None:
    """ "2.400x65": two or more sides of a size (read with the unit after the last one)."""
    m = DIMENSIONS.match(key, start)
    if not m or len(m.captures("side")) < 2:
        return None
    return Figure(start, m.end(), "dimensions")


def range_figure(rules: QuantityRules, key: str, start: int, first: str, second: str,
                 second_start: int) -> Figure | None:
    """ "10-15", "từ 5 đến 10 tỷ": a scale written once applies to both ends."""
    second_end = second_start + len(second)
    first_scale, _ = read_scales(rules, key, start + len(first))
    scale, end = read_scales(rules, key, second_end)
    low = number_value(first) * (first_scale if first_scale != 1 else scale)
    high = number_value(second) * scale
    if low >= high or (is_year(first) and is_year(second)):
        return None  # "21-3" is a date, "2021 - 2030" a period
    return Figure(start, end, "range", low=low, high=high, scaled=scale != 1)


def spaced_range(rules: QuantityRules, key: str, figure: Figure) -> Figure | None:
    """ "10 - 15%", "1 – 2 tuần", "5 đến 10 tỷ đồng" after a plain number."""
    link = rules.range_link.match(key, figure.end)
    if not link:
        return None
    second = DIGIT_RUN.match(key, link.end())
    if not second or not NUMBER.fullmatch(second.group()):
        return None
    first_text = key[figure.start:figure.end].split()[0]
    return range_figure(rules, key, figure.start, first_text, second.group(), second.start())


def word_figure(rules: QuantityRules, key: str, start: int, run: str) -> Figure | None:
    """Number words ("hai", "mười lăm", "một trăm linh năm") accepted by a small grammar.

    The grammar cuts the run where a word stops being part of the number: "hai năm" is two
    years, "hai mươi năm" twenty years, "năm mươi" fifty. vn-numberwords then computes the
    value; it returns 0 for what it cannot parse, so 0 means no figure.
    """
    words = run.split()
    kept = _grammatical_prefix(rules, words)
    if not kept or (len(kept) == 1 and kept[0] in rules.words_never_alone):
        return None
    if rules.idioms.match(key, start):
        return None
    from vn_numberwords import words_to_number  # MIT; imported here so digits work without it

    value = words_to_number(" ".join(kept))
    if not value or value <= 0:
        return None
    word_ends = [m.end() for m in regex.finditer(r"\S+", run)]
    return Figure(start, start + word_ends[len(kept) - 1], "words", value=Decimal(value))


def _grammatical_prefix(rules: QuantityRules, words: list[str]) -> list[str]:
    """The longest prefix of `words` that reads as one Vietnamese numeral."""
    kept: list[str] = []
    for i, word in enumerate(words):
        prev = kept[-1] if kept else None
        nxt = words[i + 1] if i + 1 < len(words) else None
        if not _fits(rules, word, prev, nxt):
            break
        kept.append(word)
    while kept and kept[-1] in rules.word_zero_links:
        kept.pop()
    return kept


def _fits(rules: QuantityRules, word: str, prev: str | None, nxt: str | None) -> bool:
    multiplier_next = nxt in rules.word_multipliers
    if word in rules.word_multipliers:
        if prev is None:
            return False
        return word != "mươi" or prev in rules.word_digits
    if word in rules.word_zero_links:
        return prev in ("trăm", "nghìn", "ngàn") and nxt in rules.word_digits
    if word in rules.word_after_tens:
        return prev == "mươi" or (word in ("lăm", "nhăm") and prev == "mười")
    if word in ("năm", "một"):
        # "năm"/"một" start a number only before a multiplier ("năm mươi", "một trăm");
        # after "mươi" or "linh" they end one ("hai mươi một", "một trăm linh năm").
        return (multiplier_next or prev in rules.word_zero_links
                or (word == "một" and prev in ("mươi", "mười")))
    if prev in rules.word_digits or prev in rules.word_after_tens:
        return False  # "hai ba người" is "two or three", not a number
    return word in rules.word_digits or word in rules.word_tens


def vague_figure(rules: QuantityRules, match: regex.Match) -> Figure | None:
    """ "hàng chục" = 10..100, "hàng nghìn tỷ" = 1e12..1e13, "vài" = 2..9: value null."""
    low, high, needs_scale = rules.vague_bounds[" ".join(match["head"].split())]
    scales = match["scales"].split()
    if needs_scale and not scales:
        return None
    product = Decimal(1)
    for word in scales:
        product *= rules.scales[word]
    return Figure(match.start(), match.end(), "vague", low=low * product, high=high * product,
                  scaled=bool(scales))

"""rules/dates.yaml compiled once per process: macros expanded, Vietnamese words folded."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from ..normalize import fold
from ..resources import load_yaml

_PLACEHOLDER = regex.compile(r"\{([A-Za-z_]+)\}")
# A word with a non-ASCII letter in a pattern: folded like the text it is matched against
# ("quý" -> "qúy"); ASCII runs such as \p{L} or \d are left alone.
_VIETNAMESE_WORD = regex.compile(r"\p{L}*[^\x00-\x7f]\p{L}*")


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: regex.Pattern
    prefix: bool = False
    cue: str = "none"
    cue_by_sep: tuple[tuple[str, str], ...] = ()
    guards: tuple[str, ...] = ()       # number_label | lunar | law_title

    def cue_needed(self, sep: str | None) -> str:
        return dict(self.cue_by_sep).get(sep or "", self.cue)


@dataclass(frozen=True)
class Join:
    id: str
    before: regex.Pattern | None
    between: regex.Pattern | None
    after: regex.Pattern | None
    worded: bool = True                # the join's words make both ends dates


@dataclass(frozen=True)
class DateRules:
    atoms: tuple[Rule, ...]
    ranges: tuple[Rule, ...]
    joins: tuple[Join, ...]
    published: tuple[Rule, ...]
    prefix: regex.Pattern
    suffix: regex.Pattern
    relative: dict[str, tuple[str, int]]
    weak_cue: regex.Pattern            # matched at the end of the text before a date
    list_joiner: regex.Pattern         # idem, after a previous date
    number_label: regex.Pattern        # idem
    fraction_follower: regex.Pattern   # matched at the start of the text after a date
    lunar: regex.Pattern               # idem
    future_cue: regex.Pattern          # searched in the sentence of a date
    deadline_cue: regex.Pattern        # at the end of the text before a date
    law_title: regex.Pattern           # at the end of the ORIGINAL text before "năm 2013"
    month_counts: dict[str, int]       # "hai" -> 2 in "hai tháng cuối năm"


def _alternation(words: list[str]) -> str:
    folded = sorted({fold(str(w)) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(regex.escape(w).replace("\\ ", r"\s+") for w in folded) + ")"


def _expander(data: dict):
    parts = data.get("parts", {})
    words = dict(data.get("words", {}))
    words["relative_word"] = list(data.get("relative", {}))

    def expand(pattern: str) -> str:
        def one(match: regex.Match) -> str:
            name = match.group(1)
            if name in parts:
                return expand(parts[name])
            if name in words:
                return _alternation(words[name])
            return match.group(0)  # a regex quantifier such as {1,2}

        folded = _VIETNAMESE_WORD.sub(lambda m: fold(m.group()), pattern)
        return _PLACEHOLDER.sub(one, folded)

    return expand, words


def _compile(pattern: str, expand, flags: int = 0) -> regex.Pattern:
    return regex.compile(expand(pattern), flags)


def _rules(items: list[dict], expand, flags: int = 0) -> tuple[Rule, ...]:
    return tuple(
        Rule(id=item["id"], pattern=_compile(item["pattern"], expand, flags),
             prefix=bool(item.get("prefix")), cue=item.get("cue", "none"),
             cue_by_sep=tuple((item.get("cue_by_sep") or {}).items()),
             guards=tuple(item.get("guards") or ()))
        for item in items
    )


def _joins(items: list[dict], expand) -> tuple[Join, ...]:
    def optional(item: dict, key: str) -> regex.Pattern | None:
        if key not in item:
            return None
        # `before` is searched up to the first date (so "$" is the end of that window);
        # `between` and `after` are matched from a position, so a leading "^" is dropped.
        return _compile((item[key] or "$").replace("$", r"\Z").lstrip("^"), expand)

    return tuple(Join(item["id"], optional(item, "before"), optional(item, "between"), optional(item, "after"),
                      worded=item.get("worded", True))
                 for item in items)


def _at_end(alternation: str) -> regex.Pattern:
    return regex.compile(r"(?<![\p{L}\d])" + alternation + r"\s*\Z")


def _at_start(alternation: str) -> regex.Pattern:
    return regex.compile(r"\s*\(?\s*" + alternation + r"(?![\p{L}\d])")


def _law_title(words: dict) -> regex.Pattern:
    titles = "|".join(regex.escape(w) for w in sorted(words["law_title"], key=len, reverse=True))
    breakers = "|".join(regex.escape(w) for w in words["law_title_breaker"])
    word = rf"(?!(?i:{breakers})(?!\p{{L}}))[\p{{L}}\-]+"
    return regex.compile(rf"(?<!\p{{L}})(?:{titles})(?:\s+{word}){{0,8}}\s+\Z")


@cache
def rules() -> DateRules:
    data = load_yaml("dates.yaml")
    expand, words = _expander(data)
    return DateRules(
        atoms=_rules(data["atoms"], expand),
        ranges=_rules(data["ranges"], expand),
        joins=_joins(data["joins"], expand),
        published=_rules(data["published"], expand, regex.MULTILINE),
        prefix=_compile(data["prefix"].replace("$", r"\Z"), expand),
        suffix=_compile(data["suffix"].lstrip("^"), expand),
        relative={fold(k): (v[0], int(v[1])) for k, v in data["relative"].items()},
        weak_cue=_at_end(_alternation(words["weak_cue"])),
        list_joiner=regex.compile(r"\s*" + _alternation(words["list_joiner"]) + r"\s*\Z"),
        number_label=_at_end(_alternation(words["number_label"]) + r"\s*:?"),
        fraction_follower=_at_start(_alternation(words["fraction_follower"])),
        lunar=_at_start(_alternation(words["lunar"])),
        future_cue=regex.compile(r"(?<!\p{L})" + _alternation(words["future_cue"]) + r"(?!\p{L})"),
        deadline_cue=_at_end(_alternation(words["deadline_cue"])),
        law_title=_law_title(words),
        month_counts={fold(w): i for i, w in enumerate(words["month_count"], start=1)},
    )

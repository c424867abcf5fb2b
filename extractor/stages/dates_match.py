"""Finding date mentions: single dates (atoms), one-pattern ranges, and two dates joined.

Everything is matched on the folded key of the text (same length, so offsets carry over).
A mention keeps what is WRITTEN (`Point`s with missing fields); years are filled in later by
extractor.stages.dates_resolve, which is where every inference happens.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import regex

from ..normalize import fold
from .dates_rules import DateRules, Rule, rules

_WEEKDAYS = {"hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5,
             "2": 0, "3": 1, "4": 2, "5": 3, "6": 4, "7": 5, "chủ nhật": 6}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_CUE_RANK = {None: 0, "none": 0, "weak": 1, "strong": 2}


@dataclass(frozen=True)
class Point:
    """A calendar point as written; the finest field present is its granularity."""
    y: int | None = None
    m: int | None = None
    d: int | None = None

    def filled(self, other: "Point") -> "Point":
        """Missing month/year taken from the other end of the same range (written, not inferred)."""
        return Point(self.y if self.y is not None else other.y,
                     self.m if self.m is not None or self.d is None else other.m, self.d)

    @property
    def granularity(self) -> str:
        return "day" if self.d is not None else "month" if self.m is not None else "year"


@dataclass
class Mention:
    start: int
    end: int
    rule: str
    first: Point
    last: Point | None = None          # the end of a range; None for a single date
    kind: str = "date"                 # date | quarter | relative | until_now
    quarter: int | None = None
    relative: tuple[str, int] | None = None
    year_offset: int | None = None     # "năm ngoái" after a month: published year + offset
    weekday: int | None = None
    cue: str | None = None             # what precedes it: strong | weak | None
    needs: str = "none"                # what it must have to count as a date
    parts: tuple[str, ...] = field(default_factory=tuple)

    def overlaps(self, other: "Mention") -> bool:
        return self.start < other.end and other.start < self.end


def _int(match: regex.Match, name: str) -> int | None:
    value = match.groupdict().get(name)
    return int(value) if value else None


_YEAR_OFFSETS = {fold(word): offset for word, offset in (("nay", 0), ("ngoái", -1), ("trước", -1), ("tới", 1))}


def _year_offset(word: str | None) -> int | None:
    """"năm ngoái" after a month or quarter: a year counted from `published` (matched on the key)."""
    return None if not word else _YEAR_OFFSETS[word]


def _weekday(word: str | None) -> int | None:
    if not word:
        return None
    word = " ".join(word.split())
    return _WEEKDAYS.get(word) if word == "chủ nhật" else _WEEKDAYS.get(word.split()[-1])


def _from_match(rule: Rule, m: regex.Match) -> Mention | None:
    g = m.groupdict()
    common = dict(start=m.start(), end=m.end(), rule=rule.id, year_offset=_year_offset(g.get("yrel")))
    y = _int(m, "y")
    if g.get("rel"):
        return Mention(first=Point(), kind="relative", relative=rules().relative[" ".join(g["rel"].split())], **common)
    if g.get("q"):
        q = _ROMAN.get(g["q"]) or int(g["q"])
        return Mention(first=Point(y, 3 * q - 2), last=Point(y, 3 * q), kind="quarter", quarter=q, **common)
    if g.get("half") or g.get("whole"):  # "6 tháng đầu năm", "10 tháng năm 2025": from January
        n = _int(m, "n") or rules().month_counts.get(" ".join((g.get("nw") or "").split())) or 6
        first_month = 13 - n if g.get("half") == "cuối" else 1
        return Mention(first=Point(y, first_month), last=Point(y, first_month + n - 1), **common)
    if g.get("conn") and not (g.get("from") or g.get("dw")):
        return None  # "5 đến 10/10": a count, unless "từ" or "ngày" says it is a range of days
    if g.get("pair") and not (g.get("dw") and _int(m, "d2") == _int(m, "d") + 1):
        return None  # "ngày 23 và 24/8" is the two days 23-24; "ngày 5 và 20/8" is two dates
    first = Point(y, _int(m, "m"), _int(m, "d"))
    if not any(g.get(k) for k in ("d2", "m2", "y2")):
        return Mention(first=first, needs=rule.cue_needed(g.get("sep")), **common)
    return Mention(first=first, last=Point(_int(m, "y2"), _int(m, "m2"), _int(m, "d2")), **common)


def _extend(mention: Mention, key: str, r: DateRules) -> None:
    """Grow a day mention over "sáng", "thứ Hai, ngày", "lúc 14h" before it and "(thứ Sáu)" after."""
    prefix = r.prefix.search(key, max(0, mention.start - 80), mention.start)
    paren = bool(prefix and prefix.group("paren"))
    suffix = r.suffix.match(key, mention.end)
    if prefix and prefix.start() < mention.start:
        mention.cue = "strong"
        mention.weekday = _weekday(prefix.group("wd"))
        if not paren or (suffix and suffix.group("paren")):
            mention.start = prefix.start()
        else:
            suffix = None
    if suffix and suffix.end() > mention.end and (paren or not suffix.group("paren")):
        mention.end = suffix.end()
        if suffix.group("wd"):
            mention.cue, mention.weekday = "strong", _weekday(suffix.group("wd"))


def _plausible(mention: Mention, rule: Rule, key: str, text: str, r: DateRules) -> bool:
    before = max(0, mention.start - 40)
    if "number_label" in rule.guards and r.number_label.search(key, before, mention.start):
        return False  # "số 15/8", "hẻm 12/3": a house or document number
    if "lunar" in rule.guards and r.lunar.match(key, mention.end):
        return False  # "15/7 âm lịch" is not a Gregorian date
    if "law_title" in rule.guards and r.law_title.search(text, max(0, mention.start - 120), mention.start):
        return False  # "Luật Đất đai năm 2013" names a law (matched on the text: "Luật" is capital)
    if mention.cue is None and r.weak_cue.search(key, before, mention.start):
        mention.cue = "weak"
        if mention.needs == "weak" and r.fraction_follower.match(key, mention.end):
            return False  # "từ 5/10 xã lên 8/10 xã"
    return True


def _real(point: Point) -> bool:
    if point.m is None or point.d is None:
        return True
    try:  # a leap year when none is written, so "29/2" stays possible
        dt.date(point.y or 2024, point.m, point.d)
    except ValueError:
        return False
    return True


def _valid(mention: Mention) -> bool:
    """"31/2" and "30/2/2025" are not dates; a one-pattern range ("1-15/8", "2021-2025") runs
    forward, within 50 years (its shared month or year is written once, so it cannot roll over)."""
    if mention.last is None:
        return _real(mention.first)
    first, last = mention.first.filled(mention.last), mention.last.filled(mention.first)
    if not (_real(first) and _real(last)):
        return False
    low = (first.y or 0, first.m or 0, first.d or 0)
    high = (last.y or 0, last.m or 0, last.d or 0)
    return low <= high and (first.y is None or last.y - first.y <= 50)


def _candidates(text: str, key: str, blocked: Callable[[int, int], bool]) -> list[Mention]:
    r = rules()
    found = []
    for rule in r.atoms + r.ranges:
        for m in rule.pattern.finditer(key):
            mention = _from_match(rule, m)
            if mention is None or not _valid(mention) or blocked(m.start(), m.end()):
                continue
            if rule.prefix and mention.kind in ("date", "relative"):
                _extend(mention, key, r)
            if _plausible(mention, rule, key, text, r):
                found.append(mention)
    return found


def _longest_first(candidates: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions, a longer one winning over what it contains."""
    chosen: list[Mention] = []
    for mention in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if not any(mention.overlaps(other) for other in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda c: c.start)


def _joinable(a: Mention, b: Mention) -> bool:
    if a.kind != "date" or b.kind != "date" or a.last or b.last or a.year_offset or b.year_offset:
        return False
    if a.first.y is None or b.first.y is None:
        return True  # a missing year may roll over: "từ 15/12 đến 15/1/2026"
    first, last = a.first.filled(b.first), b.first.filled(a.first)
    return (first.y, first.m or 1, first.d or 1) <= (last.y, last.m or 12, last.d or 31)


def _join_pair(a: Mention, b: Mention, key: str, r: DateRules) -> Mention | None:
    for join in r.joins:
        if join.between is None or not join.between.match(key, a.end, b.start):
            continue
        before = join.before.search(key, max(0, a.start - 20), a.start)
        if before is None:
            continue
        # "từ"/"đến" make both ends dates; a bare dash only joins dates that are cued already
        worded = join.worded or before.start() < a.start
        cue = max(a.cue, b.cue, "weak" if worded else None, key=_CUE_RANK.get)
        return replace(a, start=before.start(), end=b.end, rule=join.id, last=b.first, cue=cue,
                       needs=max(a.needs, b.needs, key=_CUE_RANK.get), parts=(a.rule, b.rule), weekday=None)
    return None


def _until_now(a: Mention, key: str, r: DateRules) -> Mention | None:
    for join in r.joins:
        if join.after is None or a.kind != "date" or a.last:
            continue
        before = join.before.search(key, max(0, a.start - 20), a.start)
        after = join.after.match(key, a.end)
        if before and after:
            return replace(a, start=before.start(), end=after.end(), rule=join.id, kind="until_now",
                           cue="weak", parts=(a.rule,))
    return None


def _joined(mentions: list[Mention], key: str, r: DateRules) -> list[Mention]:
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        a = mentions[i]
        b = mentions[i + 1] if i + 1 < len(mentions) else None
        pair = _join_pair(a, b, key, r) if b is not None and _joinable(a, b) else None
        if pair is not None:
            out.append(pair)
            i += 2
            continue
        out.append(_until_now(a, key, r) or a)
        i += 1
    return out


def _cued(mentions: list[Mention], key: str, r: DateRules) -> list[Mention]:
    """Drop the bare "1/7" and "20-3" that nothing marks as dates (fractions, scores)."""
    kept: list[Mention] = []
    for mention in mentions:
        previous = kept[-1] if kept else None
        if (previous is not None and mention.cue is None and r.list_joiner.match(key, previous.end, mention.start)
                and not r.fraction_follower.match(key, mention.end)):
            mention.cue = previous.cue  # "ngày 5/9 và 6/9"
        if _CUE_RANK[mention.cue] >= _CUE_RANK[mention.needs]:
            kept.append(mention)
    return kept


def find_mentions(text: str, key: str, blocked: Callable[[int, int], bool]) -> list[Mention]:
    r = rules()
    mentions = _longest_first(_candidates(text, key, blocked))
    return _cued(_joined(mentions, key, r), key, r)

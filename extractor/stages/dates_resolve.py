"""From what a mention writes to ISO dates: the only place where a year is inferred.

A missing year comes from `published` (news reports the past: the latest such date on or
before it, with a short look-ahead, longer when the sentence announces something), else from
the nearest year written in the same paragraph, else in the article. Anything inferred sets
`year_inferred`; `timex` keeps what was written ("XXXX-07-01" for an inferred year).
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .dates_match import Mention, Point
from .dates_rules import rules

LOOK_AHEAD = dt.timedelta(days=31)             # "tháng 9" in late August is this September
ANNOUNCED_LOOK_AHEAD = dt.timedelta(days=183)  # "dự kiến tổ chức vào tháng 12"
_SENTENCE_END = ".!?\n"


@dataclass(frozen=True)
class Resolved:
    start: dt.date | None
    end: dt.date | None
    granularity: str
    year_inferred: bool
    timex: str

    def fields(self) -> dict:
        """Hit fields (`start`/`end` are the hit's offsets, so the dates are `date_start`/`date_end`)."""
        return dict(date_start=self.start, date_end=self.end, granularity=self.granularity,
                    year_inferred=self.year_inferred, timex=self.timex)


class Context:
    """What a year-less mention may be resolved against, for one article."""

    def __init__(self, key: str, published: dt.date | None, mentions: list[Mention]):
        self.key = key
        self.published = published
        # years written in the article (not inferred), by position
        self.years = [(m.start, y) for m in mentions if m.kind in ("date", "quarter", "until_now")
                      for y in (m.first.y, m.last.y if m.last else None) if y is not None]

    def paragraph(self, pos: int) -> tuple[int, int]:
        start = self.key.rfind("\n", 0, pos) + 1
        end = self.key.find("\n", pos)
        return start, len(self.key) if end < 0 else end

    def sentence(self, mention: Mention) -> str:
        start = max(self.key.rfind(c, 0, mention.start) for c in _SENTENCE_END) + 1
        ends = [i for i in (self.key.find(c, mention.end) for c in _SENTENCE_END) if i >= 0]
        return self.key[start:min(ends, default=len(self.key))]

    def nearest_year(self, pos: int) -> int | None:
        start, end = self.paragraph(pos)
        near = [(abs(p - pos), y) for p, y in self.years if start <= p < end] or \
               [(abs(p - pos), y) for p, y in self.years]
        return min(near)[1] if near else None


def _first_day(p: Point, year: int) -> dt.date:
    return dt.date(year, p.m or 1, p.d or 1)


def _last_day(p: Point, year: int) -> dt.date:
    month = p.m or 12
    return dt.date(year, month, p.d or calendar.monthrange(year, month)[1])


def _exists(p: Point, year: int) -> bool:
    """"29/2" exists in leap years only."""
    return p.d is None or p.d <= calendar.monthrange(year, p.m)[1]


def _year_from_published(mention: Mention, first: Point, ctx: Context) -> int | None:
    published = ctx.published
    r = rules()
    announced = r.future_cue.search(ctx.sentence(mention)) or r.deadline_cue.search(
        ctx.key, max(0, mention.start - 20), mention.start)
    ahead = ANNOUNCED_LOOK_AHEAD if announced else LOOK_AHEAD
    # a 29 February looks back up to four years for a leap year
    fitting = [y for y in range(published.year + 1, published.year - 5, -1)
               if _exists(first, y) and _first_day(first, y) <= published + ahead][:2]
    if mention.weekday is not None and first.d is not None:
        # "thứ Hai (25/8)": the weekday picks the year when one of the candidates has it
        matching = [y for y in fitting if _first_day(first, y).weekday() == mention.weekday]
        fitting = matching or fitting
    return fitting[0] if fitting else None


def _infer_year(mention: Mention, first: Point, ctx: Context) -> int | None:
    if mention.year_offset is not None:
        return ctx.published.year + mention.year_offset if ctx.published else None
    if ctx.published is not None and (first.m is None or mention.rule == "months_of_year"):
        # "cuối năm", "hai tháng cuối năm": parts of the year the article is written in, past
        # or planned alike (a look-ahead would push a goal "đến cuối năm" into next year)
        return ctx.published.year
    if ctx.published is not None:
        return _year_from_published(mention, first, ctx)
    return ctx.nearest_year(mention.start)


def _timex_point(p: Point) -> str:
    out = "XXXX" if p.y is None else f"{p.y:04d}"
    if p.m is not None:
        out += f"-{p.m:02d}"
    if p.d is not None:
        out += f"-{p.d:02d}"
    return out


def _finest(a: str, b: str) -> str:
    order = ("year", "month", "day")
    return max(a, b, key=order.index)


def _ends(mention: Mention) -> tuple[Point, Point]:
    """Both ends with what the other end writes; a borrowed year rolls back or over when the
    range would run backwards ("từ 15/12 đến 15/1/2026" starts in 2025)."""
    if mention.last is None:
        return mention.first, mention.first
    first, last = mention.first.filled(mention.last), mention.last.filled(mention.first)
    if first.y is not None and _first_day(first, first.y) > _last_day(last, last.y):
        if mention.first.y is None:
            first = Point(first.y - 1, first.m, first.d)
        elif mention.last.y is None:
            last = Point(last.y + 1, last.m, last.d)
    return first, last


def resolve(mention: Mention, ctx: Context) -> Resolved:
    if mention.kind == "relative":
        return _relative(mention, ctx.published)
    first, last = _ends(mention)
    granularity = _finest(first.granularity, last.granularity)
    if mention.kind == "until_now":
        last, granularity = Point(), "day"
    timex = _timex(mention, first, last, ctx.published)
    written = first.y is not None
    year = first.y if written else _infer_year(mention, first, ctx)
    if year is None or not _exists(first, year):
        return Resolved(None, None, granularity, False, timex)  # no year, or "29/2" in one without it
    start = _first_day(first, year)
    if mention.kind == "until_now":
        end = ctx.published if ctx.published and ctx.published >= start else None
    else:
        end_year = last.y if last.y is not None else year
        if not _exists(last, end_year) or _last_day(last, end_year) < start:
            end_year += 1  # "từ 20/12 đến 10/1": the inferred year rolls over
        if not _exists(last, end_year):
            return Resolved(None, None, granularity, False, timex)
        end = _last_day(last, end_year)
    return Resolved(start, end, granularity, not written, timex)


def _timex(mention: Mention, first: Point, last: Point, published: dt.date | None) -> str:
    if mention.kind == "quarter":
        return f"{_timex_point(Point(first.y))}-Q{mention.quarter}"
    if mention.kind == "until_now":
        return f"{_timex_point(first)}/{published.isoformat() if published else 'PRESENT_REF'}"
    if mention.last is None:
        return _timex_point(first)
    return f"{_timex_point(first)}/{_timex_point(last)}"


_UNKNOWN = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX"}


def _relative(mention: Mention, published: dt.date | None) -> Resolved:
    unit, offset = mention.relative
    granularity = "day" if unit in ("day", "week") else unit
    if published is None:
        return Resolved(None, None, granularity, False, _UNKNOWN[unit])
    if unit == "day":
        day = published + dt.timedelta(days=offset)
        return Resolved(day, day, granularity, True, day.isoformat())
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=offset)
        year, week, _ = monday.isocalendar()
        return Resolved(monday, monday + dt.timedelta(days=6), granularity, True, f"{year}-W{week:02d}")
    if unit == "month":
        index = published.year * 12 + published.month - 1 + offset
        month = Point(index // 12, index % 12 + 1)
        return Resolved(_first_day(month, month.y), _last_day(month, month.y), granularity, True,
                        _timex_point(month))
    year = published.year + offset
    return Resolved(dt.date(year, 1, 1), dt.date(year, 12, 31), granularity, True, f"{year:04d}")

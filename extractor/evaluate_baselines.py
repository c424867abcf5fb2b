"""Baselines: what a user would get without vnie, scored on the same gold by the same rules.

- `baseline:underthesea_ner*`: underthesea `ner()` LOC and ORG entities against gold units.
  PER/MISC are ignored. An entity matches a gold unit when, folded, it equals the gold `name`
  or the gold `text` (its first mention as written), either side also with a leading level
  word taken off ("tỉnh Bình Định" -> "Bình Định"). Gold levels are not compared (NER has
  none). Rows: `_admin` = LOC entities against admin units, `_org` = ORG entities against
  organisations, and the plain row = all LOC/ORG entities against all units with the kind
  ignored (the most favourable reading). One item per distinct entity.
- `baseline:dateparser`: `dateparser.search.search_dates(languages=['vi'])`, with the
  article's published date as RELATIVE_BASE and day-month-year order; each hit is re-read
  with `DateDataParser` to get its period, so a month or a year becomes its first..last day
  like the gold. One item per hit, compared on (start, end).

Both read the article minus the gold's non-caption boilerplate ranges (what the gold
leaves unannotated), one line at a time.
"""
from __future__ import annotations

import calendar
import datetime as dt
import warnings
from collections.abc import Callable, Iterator

import regex

from .evaluate import Score
from .evaluate_gold import GoldDoc
from .evaluate_match import Item, distinct, folded, match_by
from .evaluate_records import unit_item

LEVEL_WORDS = ("thành phố", "tp.", "tp", "tỉnh", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường",
               "đặc khu", "thôn", "ấp", "tổ dân phố", "khu phố", "tdp")
_LEVEL_PREFIX = regex.compile(r"^(?:" + "|".join(regex.escape(w) for w in LEVEL_WORDS) + r")\s+")
_NER_KIND = {"LOC": "admin", "ORG": "org"}


def baseline_rows(golds: list[GoldDoc]) -> tuple[list[Score], list[str]]:
    """The baseline rows, and a note for each baseline that could not run."""
    rows: list[Score] = []
    notes: list[str] = []
    rows += _ner_rows(golds)
    try:
        rows.append(_dateparser_row(golds))
    except ImportError:
        notes.append("baseline:dateparser skipped: dateparser is not installed "
                     "(pip install dateparser, or pip install 'vnie[test]')")
    return rows, notes


def visible_lines(gold: GoldDoc) -> Iterator[str]:
    """The article's lines, boilerplate other than captions blanked out."""
    text = list(gold.text())
    for start, end, *kind in gold.data.get("boilerplate") or []:
        if (kind or ["related"])[0] != "caption":
            text[start:end] = " " * (end - start)
    return (line for line in "".join(text).split("\n") if line.strip())


# --- underthesea ner ---------------------------------------------------------------------

def _ner_rows(golds: list[GoldDoc]) -> list[Score]:
    rows = [Score("baseline:underthesea_ner", "units"), Score("baseline:underthesea_ner_admin", "units_admin"),
            Score("baseline:underthesea_ner_org", "units_org")]
    for gold in golds:
        found = distinct([_entity_item(kind, text) for line in visible_lines(gold) for kind, text in ner_entities(line)])
        expected = [_gold_unit(item) for item in distinct([unit_item(e) for e in gold.records("units")])]
        # `units`: any entity against any unit, kind ignored (the most favourable reading)
        rows[0].add(gold.doc_id, match_by(_names_only(expected), _names_only(found), _same_names))
        for row, kind in ((rows[1], "admin"), (rows[2], "org")):
            keep = [i for i in expected if i.key[0] == kind], [i for i in found if i.key[0] == kind]
            row.add(gold.doc_id, match_by(*keep, _same_names))
    return rows


def ner_entities(line: str) -> list[tuple[str, str]]:
    """(kind, text as written) of the LOC/ORG entities underthesea finds in one line."""
    from underthesea import ner

    entities, current, position = [], None, 0
    for word, *_, tag in ner(line):
        start = line.find(word, position)
        start, end = (position, position) if start < 0 else (start, start + len(word))
        position = max(position, end)
        label = tag[2:] if tag[:2] in ("B-", "I-") else None
        if label and tag.startswith("I-") and current and current[0] == label:
            current[2] = end
            continue
        current = [label, start, end] if label else None
        if current:
            entities.append(current)
    return [(_NER_KIND[label], line[s:e]) for label, s, e in entities if label in _NER_KIND]


def _names(*texts: str) -> frozenset[str]:
    """Folded texts, each also without a leading level word."""
    keys = [folded(t) for t in texts if t]
    return frozenset(keys + [_LEVEL_PREFIX.sub("", k) for k in keys])


def _entity_item(kind: str, text: str) -> Item:
    return Item(key=(kind, _names(text)), text=text, label=f"{kind}: {text}")


def _gold_unit(item: Item) -> Item:
    kind, _level, name = item.key
    return Item(key=(kind, _names(name, item.text)), text=item.text, label=item.label)


def _names_only(items: list[Item]) -> list[Item]:
    return distinct([Item(key=("any", item.key[1]), text=item.text, label=item.label) for item in items])


def _same_names(gold_key: tuple, found_key: tuple) -> bool:
    """Keys (kind, names): the same kind and one name in common."""
    return gold_key[0] == found_key[0] and bool(gold_key[1] & found_key[1])


# --- dateparser --------------------------------------------------------------------------

def _dateparser_row(golds: list[GoldDoc]) -> Score:
    from .evaluate_records import date_item

    search = _date_search()  # ImportError when dateparser is absent
    row = Score("baseline:dateparser", "dates")
    for gold in golds:
        published = dt.date.fromisoformat(gold.published) if gold.published else None
        found = [Item(key=(s.isoformat(), e.isoformat()), text=text, label=f"{s}..{e}")
                 for line in visible_lines(gold) for text, s, e in search(line, published)]
        row.add(gold.doc_id, match_by([date_item(e) for e in gold.records("dates")], found))
    return row


def _date_search() -> Callable[[str, dt.date | None], list[tuple[str, dt.date, dt.date]]]:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    def search(line: str, published: dt.date | None) -> list[tuple[str, dt.date, dt.date]]:
        settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}
        if published:
            settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hits = search_dates(line, languages=["vi"], settings=settings) or []
            parser = DateDataParser(languages=["vi"], settings=settings)
            return [(text, *_period(parser.get_date_data(text), when.date())) for text, when in hits]

    return search


def _period(data, when: dt.date) -> tuple[dt.date, dt.date]:
    day = data.date_obj.date() if data.date_obj else when
    if data.period == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if data.period == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return day, day

"""Record types of the evaluation: what each one is judged on, and how it is matched.

Gold entries (corpus/articles/NAME.gold.json) and predicted records (an `Article` dumped to
JSON) are read by the same functions: both are dicts with the contract's field names. Only
the text differs: gold writes `text`, predictions have a `span` or `mentions`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .evaluate_match import (Item, Matched, distinct, equal, folded, folded_id, match_by,
                             match_by_score, same_quantity)


def _text(entry: dict) -> str:
    if entry.get("text"):
        return entry["text"]
    if entry.get("span"):
        return entry["span"]["text"]
    mentions = entry.get("mentions")
    if isinstance(mentions, list) and mentions:
        return mentions[0]["text"]
    return ""


def _number(value) -> float | None:
    return None if value is None else float(value)


def _show(value: float | None) -> str:
    return "?" if value is None else f"{value:.15g}"


# --- one Item per record -----------------------------------------------------------------

def legal_ref_item(entry: dict) -> Item:
    """By canonical id; a bare number ("Nghị định 179") also by its type; an unnumbered law
    by type + title + year ("Luật Đất đai 2024" and "Luật Đất đai 2013" are two laws)."""
    canonical, doc_type = folded_id(entry.get("canonical")), entry.get("doc_type")
    if canonical and "/" in canonical:
        key, label = ("id", canonical), entry["canonical"]
    elif canonical:
        key, label = ("id", doc_type, canonical), f"{doc_type} {entry['canonical']}"
    else:
        title, year = folded(entry.get("title")), entry.get("year")
        key = ("title", doc_type, title, year, None if title else folded_id(entry.get("number")))
        label = " ".join(str(x) for x in (doc_type, entry.get("title") or entry.get("number"), year) if x)
    return Item(key=key, text=_text(entry), label=label)


def quantity_item(entry: dict) -> Item:
    value, low, high = (_number(entry.get(k)) for k in ("value", "low", "high"))
    unit = folded(entry.get("unit"))
    shown = _show(value) if value is not None or (low is None and high is None) else f"{_show(low)}-{_show(high)}"
    return Item(key=(value, low, high, unit), text=_text(entry), label=f"{shown} {entry.get('unit') or '(no unit)'}")


def date_item(entry: dict) -> Item:
    start, end = (str(entry[k]) if entry.get(k) else None for k in ("start", "end"))
    label = start if start == end else f"{start}..{end}"
    return Item(key=(start, end), text=_text(entry), label=str(label))


def unit_item(entry: dict) -> Item:
    key = (entry.get("kind"), entry.get("level"), folded(entry.get("name")))
    return Item(key=key, text=_text(entry), label=f"{entry.get('kind')}/{entry.get('level')}: {entry.get('name')}")


def recommendation_item(entry: dict) -> Item:
    by = folded(entry.get("by"))
    return Item(key=(entry.get("kind"), by), text=_text(entry), label=f"{entry.get('kind')} by {entry.get('by')}")


def recommendation_items(entries: Iterable[dict]) -> list[Item]:
    """Every enumerated item of every record of the article, pooled: an item is right when
    its words match, whichever record it was attributed to."""
    return [Item(key=text, text=text, label=text) for entry in entries for text in entry.get("items") or []]


# --- the record types --------------------------------------------------------------------

@dataclass(frozen=True)
class RecordType:
    name: str                                 # row name in the report
    field: str                                # Article / gold field it reads
    items: Callable[[list[dict]], list[Item]]
    match: Callable[[list[Item], list[Item]], Matched]
    per_entity: bool = False                  # one item per distinct key (else per mention)

    def judge(self, gold: list[dict], pred: list[dict]) -> Matched:
        gold_items, pred_items = self.items(gold), self.items(pred)
        if self.per_entity:
            gold_items, pred_items = distinct(gold_items), distinct(pred_items)
        return self.match(gold_items, pred_items)


def _each(make: Callable[[dict], Item], keep: Callable[[dict], bool] = lambda e: True):
    return lambda entries: [make(e) for e in entries if keep(e)]


def _matching(same) -> Callable[[list[Item], list[Item]], Matched]:
    return lambda gold, pred: match_by(gold, pred, same)


def _kind(kind: str) -> Callable[[dict], bool]:
    return lambda entry: entry.get("kind") == kind


RECORD_TYPES: dict[str, RecordType] = {t.name: t for t in (
    RecordType("legal_refs", "legal_refs", _each(legal_ref_item), _matching(equal), per_entity=True),
    RecordType("quantities", "quantities", _each(quantity_item), _matching(same_quantity)),
    RecordType("dates", "dates", _each(date_item), _matching(equal)),
    RecordType("units", "units", _each(unit_item), _matching(equal), per_entity=True),
    RecordType("units_admin", "units", _each(unit_item, _kind("admin")), _matching(equal), per_entity=True),
    RecordType("units_org", "units", _each(unit_item, _kind("org")), _matching(equal), per_entity=True),
    RecordType("recommendations", "recommendations", _each(recommendation_item), _matching(equal)),
    RecordType("recommendation_items", "recommendations", recommendation_items, match_by_score),
)}

# The rows summed into the overall micro score and averaged into the macro one: each gold
# record counted once (units_admin/units_org split `units`; `recommendations` is a second
# view of the records whose items are scored).
PRIMARY = ("legal_refs", "quantities", "dates", "units", "recommendation_items")

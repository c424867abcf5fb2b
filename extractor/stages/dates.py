"""Stage `dates`: every date, month, year and period, resolved to ISO; a range is one mention.

Rules are data (rules/dates.yaml, examples in corpus/dates.yaml). The stage runs after
legal_refs: nothing inside a legal reference is a date, and numbers shaped like document
numbers ("132/2025/NĐ-CP") are refused by the patterns themselves as well. A line that only
states when the article was published ("Thứ Hai, 25/8/2025 10:30 (GMT+7)", "Cập nhật:
25/08/2025") sets `published` when none was given (published_source "text") and is not a
mention. Year-less dates are resolved in extractor.stages.dates_resolve, and flagged.
"""
from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from ..hits import add_hit, hits, is_skipped, key_of, text_of
from ..models import DateMention, Span
from .dates_match import find_mentions
from .dates_resolve import Context, resolve
from .dates_rules import rules

NAME = "dates"


def _datelines(key: str) -> list[tuple[int, int, str, dt.date]]:
    """(start, end, rule, date) of every line that states a publication date."""
    found = []
    for rule in rules().published:
        for m in rule.pattern.finditer(key):
            try:
                day = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
            found.append((m.start(), m.end(), rule.id, day))
    return sorted(found)


def _inside_legal_ref(legal: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in legal)


def component(doc: Doc) -> Doc:
    text, key, meta = text_of(doc), key_of(doc), doc._.meta
    lines = [d for d in _datelines(key) if not is_skipped(doc, d[0], d[1])]
    if meta.published is None and lines:
        meta.published, meta.published_source = lines[0][3], "text"
    for start, end, rule, day in lines:
        add_hit(doc, NAME, start, end, rule, dateline=True, published=day)
    legal = [(h.start, h.end) for h in hits(doc, "legal_refs")]

    def blocked(start: int, end: int) -> bool:
        return (is_skipped(doc, start, end) or _inside_legal_ref(legal, start, end)
                or any(s < end and start < e for s, e, _, _ in lines))

    mentions = find_mentions(text, key, blocked)
    context = Context(key, meta.published, mentions)
    for mention in mentions:
        joined = {"parts": list(mention.parts)} if mention.parts else {}  # for `vnie explain`
        add_hit(doc, NAME, mention.start, mention.end, mention.rule, **joined, **resolve(mention, context).fields())
    return doc


def to_records(doc: Doc) -> list[DateMention]:
    text = text_of(doc)
    return [
        DateMention(span=Span.at(text, h.start, h.end), start=h.fields["date_start"],
                    end=h.fields["date_end"],
                    granularity=h.fields["granularity"], year_inferred=h.fields["year_inferred"],
                    timex=h.fields["timex"])
        for h in sorted(hits(doc, NAME), key=lambda h: h.start)
        if not h.fields.get("dateline")
    ]

"""Stage `recommendations`: who asks whom for what, and which difficulties an actor states.

Press reports on government work are built around "kiến nghị", "đề xuất", "đề nghị", "mong
muốn" and "khó khăn, vướng mắc". A record is one recommending (or difficulty-stating) clause:
its trigger as written, the actor (`by`), the addressees (`to`) and the enumerated items, all
substrings of the text. Rules are data (rules/recommendations.yaml, one function per pattern
id in extractor.stages.recommendations_rules); examples in corpus/recommendations.yaml.

Sentence by sentence, in text order, because the previous sentence matters: a request goes on
in the next sentences ("... . Đồng thời, tổ chức tập huấn ..."), a difficulty list goes on in
the next paragraph with its actor carried over, and an elided subject ("Đồng thời đề nghị
huyện Gio Linh ...") is the subject of the sentence before. Sentences without a trigger word
cost one regex search; only sentences with one are POS-tagged.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex
from spacy.tokens import Doc

from ..hits import add_hit, hits, key_of, text_of
from ..models import Recommendation, Span
from .recommendations_lexicon import Lexicon, lexicon
from .recommendations_parts import (
    clause_end, main_subject, segment_start, skip_front, split_items,
)
from .recommendations_rules import (
    Found, listed, occurrences, opinion_need, passive, stated, subject_noun, verb,
)
from .recommendations_speaker import quote_speaker, speaker, theo_source
from .recommendations_text import Sentence, sentences

NAME = "recommendations"
_BULLET = regex.compile(r"[-+•–*]|[a-zđ]\)|\d{1,2}[.)]")
_PER_TRIGGER = (listed, subject_noun, passive, verb)


Range = tuple[int, int]


@dataclass
class Record:
    found: Found
    start: int
    end: int
    sentence: int           # index of the last sentence the record covers
    by: Range | None        # where the actor is written (maybe in an earlier sentence)
    to: list[Range]
    items: list[Range]
    open_list: bool = False  # after "như sau:" with no item yet, or on bullet lines


def component(doc: Doc) -> Doc:
    lex = lexicon()
    text = text_of(doc)
    sents = sentences(doc, text, key_of(doc))
    records: list[Record] = []
    for n, s in enumerate(sents):
        if s.skipped:
            continue
        last = records[-1] if records else None
        found = _analyse(sents, n, lex, last)
        if found is not None:
            records.append(_record(sents, n, lex, found, last))
        elif last is not None and _goes_on(sents, n, lex, last):
            _extend(sents[n], n, lex, last)
    link = unit_linker(doc)
    for r in records:
        # The kind comes from the pattern's declaration (an undeclared rule id fails here).
        add_hit(doc, NAME, r.start, r.end, r.found.rule, kind=lex.patterns[r.found.rule].kind,
                trigger=text[slice(*r.found.trigger)], by=text[slice(*r.by)] if r.by else None,
                to=[text[a:b] for a, b in r.to], items=[text[a:b] for a, b in r.items],
                by_unit=link(r.by), to_units=[link(t) for t in r.to])
    return doc


def unit_linker(doc: Doc):
    """Index into the units records of the entity an actor or addressee names, or None
    ("Đại diện Ủy ban nhân dân xã Lạng Giang" -> the Ủy ban nhân dân xã Lạng Giang)."""
    try:
        from . import units

        records = units.to_records(doc)
    except Exception:  # the units stage failed on this article: it reports that itself
        return lambda where: None

    def link(where: Range | None) -> int | None:
        if where is None:
            return None
        unit = units.find_unit(doc, *where)
        return next((i for i, r in enumerate(records) if r is unit), None)

    return link


def to_records(doc: Doc) -> list[Recommendation]:
    text = text_of(doc)
    return [
        Recommendation(span=Span.at(text, h.start, h.end), kind=h.fields["kind"],
                       trigger=h.fields["trigger"], by=h.fields["by"], to=h.fields["to"],
                       items=h.fields["items"], by_unit=h.fields.get("by_unit"),
                       to_units=h.fields.get("to_units") or [None] * len(h.fields["to"]))
        for h in hits(doc, NAME)
    ]


# --- one sentence -------------------------------------------------------------------------

def _analyse(sents: list[Sentence], n: int, lex: Lexicon, last: Record | None) -> Found | None:
    s = sents[n]
    if lex.any_trigger.search(s.key, s.start, s.end) is None:
        return None
    for occ in occurrences(s, lex):
        for rule in _PER_TRIGGER:
            found = rule(s, lex, occ)
            if found is not None:
                return found
    previous = sents[n - 1] if n > 0 and _same_paragraph(sents, n) else None
    found = opinion_need(s, lex, theo_source(previous, lex) if previous else None)
    if found is not None:
        return found
    return stated(s, lex, chained=_chained(sents, n, last))


def _chained(sents: list[Sentence], n: int, last: Record | None) -> bool:
    """Right after a difficulty: the next sentence, or the first of the next paragraph."""
    if last is None or last.found.kind != "difficulty" or last.sentence != n - 1:
        return False
    return sents[n].paragraph - sents[n - 1].paragraph <= 1


def _same_paragraph(sents: list[Sentence], n: int) -> bool:
    return n > 0 and sents[n - 1].paragraph == sents[n].paragraph and not sents[n - 1].skipped


def _record(sents: list[Sentence], n: int, lex: Lexicon, found: Found, last: Record | None) -> Record:
    s = sents[n]
    by, to = found.by, list(found.to)
    if found.rule == "difficulty.stated" and found.by is None:
        if _chained(sents, n, last):
            by, to = last.by, list(last.to)
    elif found.elided:
        by = _elided_subject(sents, n, lex, found, last)
    by = _speaker(s, lex, found) or by
    return Record(found, s.start, s.end, n, by, to, list(found.items), found.open_list)


def _speaker(s: Sentence, lex: Lexicon, found: Found) -> Range | None:
    """Whoever says the words: the person a quote is attributed to; for a difficulty, also the
    speaker of reported speech ("Theo X, ...", "X nhìn nhận, ..."), who states it, rather
    than the subject of the reported clause, who suffers it."""
    quoted = quote_speaker(s, lex, found.trigger_index)
    if quoted is not None or found.kind != "difficulty":
        return quoted
    return speaker(s, lex, found.trigger_index)


def _elided_subject(sents: list[Sentence], n: int, lex: Lexicon, found: Found, last: Record | None) -> Range | None:
    """"Theo X, ..." in the sentence; else the subject of an earlier clause of the sentence
    ("X đánh giá cao ..., đồng thời mong muốn ..."); else that of the sentence before."""
    s = sents[n]
    seg = segment_start(s, found.trigger_index)
    source = theo_source(s, lex, found.trigger_index) or (main_subject(s, lex, seg - 1) if seg > 0 else None)
    if source is not None:
        return source
    if not _same_paragraph(sents, n):
        return None
    if last is not None and last.sentence == n - 1:
        return last.by
    return main_subject(sents[n - 1], lex)


# --- a request that goes on ---------------------------------------------------------------

def _goes_on(sents: list[Sentence], n: int, lex: Lexicon, last: Record) -> bool:
    """The next sentence adds items: a bullet line of a list opened by "như sau:", or (same
    paragraph, requests only) a sentence with no subject that starts with a verb ("Đồng
    thời, tổ chức tập huấn ...")."""
    s = sents[n]
    if last.sentence != n - 1:
        return False
    if last.open_list:
        return _is_bullet(s)
    if last.found.kind != "recommendation" or not _same_paragraph(sents, n):
        return False
    start = skip_front(s, lex, 0, len(s.words), (lex.connectives,))
    if start >= len(s.words) or s.tag(start) != "V" and s.key[s.words[start].start:s.words[start].end] != "cho":
        return False
    return not _has_main_clause(s, lex, start)


def _has_main_clause(s: Sentence, lex: Lexicon, start: int) -> bool:
    """A later segment with its own subject and auxiliary ("Thực hiện Nghị định ..., tỉnh Bắc
    Ninh đã ban hành ...") makes the first one an adverbial, not a proposal."""
    for b in s.boundaries(start, len(s.words), ","):
        k = skip_front(s, lex, b + 1, len(s.words), (lex.connectives,))
        if k >= len(s.words) or s.tag(k) not in {"N", "Np", "Nc", "Ny", "P"}:
            continue
        end = next(iter(s.boundaries(k, len(s.words), ",")), len(s.words))
        if any(s.match(lex.aux_words, m, end) for m in range(k + 1, end)):
            return True
    return False


def _is_bullet(s: Sentence) -> bool:
    line_start = s.text.rfind("\n", 0, s.start) + 1
    return not s.text[line_start:s.start].strip() and _BULLET.match(s.text, s.start) is not None


def _extend(s: Sentence, n: int, lex: Lexicon, record: Record) -> None:
    start = 0
    if record.open_list:  # "- Bố trí vốn ...;", "a) Hướng dẫn ...": the marker is no part of it
        start = s.index_at(_BULLET.match(s.text, s.start).end())
    start = skip_front(s, lex, start, len(s.words), (lex.connectives,))
    end = clause_end(s, lex, start)
    record.items += split_items(s, lex, start, end, kind=record.found.kind, verb_led=False)
    record.end, record.sentence = s.end, n

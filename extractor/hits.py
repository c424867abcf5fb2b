"""What stages leave on a `Doc`: hits with exact character offsets and the rule that fired.

Records are built from hits once, at the end (extractor.article). A hit that falls in a
skipped range (a related-article block, a duplicated line) is dropped here, centrally, so no
stage can report from a teaser by forgetting to check.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span


@dataclass
class Hit:
    start: int
    end: int
    rule: str
    fields: dict[str, Any] = field(default_factory=dict)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass
class DocMeta:
    """Structure and metadata of one article, set by the tokenizer before any stage runs."""

    title: tuple[int, int] | None = None
    body: tuple[int, int] = (0, 0)
    boilerplate: list[tuple[int, int, str]] = field(default_factory=list)
    skipped: list[tuple[int, int]] = field(default_factory=list)
    published: Any = None  # datetime.date | None
    published_source: str | None = None


def _register_extensions() -> None:
    if not Doc.has_extension("hits"):
        Doc.set_extension("hits", default=None)
        Doc.set_extension("meta", default=None)
        Doc.set_extension("errors", default=None)
        # The text and its folded key, computed once: `doc.text` is rebuilt from the tokens on
        # every access, and every stage matches on the folded key.
        Doc.set_extension("text", default=None)
        Doc.set_extension("key", default=None)
        Span.set_extension("rule", default=None)


_register_extensions()


def text_of(doc: Doc) -> str:
    """The article text, without rebuilding it from the tokens."""
    return doc._.text if doc._.text is not None else doc.text


def key_of(doc: Doc) -> str:
    """The folded matching key of the text (same length: its offsets are the text's)."""
    if doc._.key is None:
        from .normalize import fold

        doc._.key = fold(text_of(doc))
    return doc._.key


def hits(doc: Doc, stage: str) -> list[Hit]:
    """The hits a stage left, in text order of insertion."""
    return doc._.hits.setdefault(stage, [])


def is_skipped(doc: Doc, start: int, end: int) -> bool:
    return any(start < s_end and s_start < end for s_start, s_end in doc._.meta.skipped)


def add_hit(doc: Doc, stage: str, start: int, end: int, rule: str, **fields: Any) -> Hit | None:
    """Record a hit unless it lies in a skipped range; returns it, or None when dropped."""
    if start >= end or is_skipped(doc, start, end):
        return None
    hit = Hit(start, end, rule, fields)
    hits(doc, stage).append(hit)
    return hit


def covered(doc: Doc, stages: tuple[str, ...], start: int, end: int) -> bool:
    """True when [start, end) overlaps a hit of one of `stages` (e.g. a number inside a date)."""
    return any(h.overlaps(start, end) for stage in stages for h in hits(doc, stage))


def to_spacy_spans(doc: Doc, key: str = "vnie") -> list[Span]:
    """All hits as spaCy spans in `doc.spans[key]` (label = stage, `_.rule` = rule id)."""
    spans = []
    for stage, stage_hits in doc._.hits.items():
        for hit in stage_hits:
            span = doc.char_span(hit.start, hit.end, label=stage, alignment_mode="expand")
            if span is not None:
                span._.rule = hit.rule
                spans.append(span)
    doc.spans[key] = spans
    return spans

"""Sentences as the recommendations stage reads them: words with offsets, a folded key, and
part-of-speech tags computed only when a rule asks for them.

The tags come from underthesea's POS model run on the Doc's own words (the tokenizer already
segmented them), so no re-tokenization is needed and tags line up with the words one to one.
The model loads once per process; a sentence is tagged at most once, and only sentences that
hold a trigger (or the sentence before one whose subject is elided) are ever tagged.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache

from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.tokens import Doc

from ..hits import hits, is_skipped
from .recommendations_lexicon import Phrases

VERBISH = frozenset({"V", "R", "A"})


@dataclass
class Word:
    start: int
    end: int
    text: str
    tag: str = ""

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


@cache
def _tagger():
    """underthesea's POS models, called on words we already have. The VLSP 2013 model (the
    one behind `pos_tag(..., model="v2.0")`, a Rust CRF: ~1 ms a sentence) first; the older
    default model if that one is missing; no tags at all (rules then read words only)."""
    try:
        from pathlib import Path

        import underthesea.pipeline.pos_tag as pos_package
        from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

        model = FastCRFSequenceTagger()
        model.load(str(Path(pos_package.__file__).parent / "models" / "pos_crf_vlsp2013_20230303"))
        return lambda words: [_TAG_ALIASES.get(t[2:], t[2:]) for t in model.predict([[w] for w in words])]
    except (ImportError, OSError):
        pass
    try:
        from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

        old = CRFPOSTagPredictor.Instance()
        return lambda words: [tag for _, tag in old.predict(words)]
    except (ImportError, OSError):
        return lambda words: ["X"] * len(words)


# The VLSP 2013 tag set splits conjunctions ("Cc" coordinating); the rules only need "C".
_TAG_ALIASES = {"Cc": "C"}


@dataclass
class Sentence:
    doc: Doc
    text: str                # the document's text (`Doc.text` rebuilds it on every access)
    key: str                 # folded text of the whole document
    start: int
    end: int                 # without trailing spaces and line breaks
    paragraph: int           # index of the paragraph (text between blank lines or line breaks)
    skipped: bool
    words: list[Word] = field(default_factory=list)
    units: list[tuple[int, int]] = field(default_factory=list)  # sorted spans of unit hits
    _tagged: bool = False
    _word_starts: list[int] | None = None

    def tags(self) -> list[str]:
        if not self._tagged:
            self._tagged = True
            if self.words:
                for word, tag in zip(self.words, _tagger()([w.text for w in self.words])):
                    word.tag = tag
        return [w.tag for w in self.words]

    def tag(self, i: int) -> str:
        self.tags()
        return self.words[i].tag if 0 <= i < len(self.words) else ""

    def index_at(self, pos: int) -> int:
        """Index of the first word starting at or after `pos`."""
        return bisect_left(self._starts(), pos)

    def index_of(self, pos: int) -> int:
        """Index of the word containing `pos` (or the next one)."""
        return bisect_left([w.end for w in self.words], pos + 1)

    def _starts(self) -> list[int]:
        if self._word_starts is None:
            self._word_starts = [w.start for w in self.words]
        return self._word_starts

    def match(self, phrases: Phrases, i: int, j: int | None = None) -> int | None:
        """Word index just after a phrase that starts at word i and ends at a word's end
        ("giao" does not match inside the word "Giao thông"), or None."""
        if i >= len(self.words):
            return None
        limit = self.words[j - 1].end if j is not None and j > 0 else self.end
        end = phrases.match(self.key, self.words[i].start, limit)
        return None if end is None else self._after(end)

    def match_raw(self, phrases: Phrases, i: int) -> int | None:
        """As `match`, on the text as written (case-sensitive lists)."""
        if i >= len(self.words):
            return None
        end = phrases.match(self.text, self.words[i].start, self.end)
        return None if end is None else self._after(end)

    def _after(self, end: int) -> int | None:
        k = self.index_at(end)
        return k if k > 0 and self.words[k - 1].end == end else None

    def ending_before(self, phrases: Phrases, i: int, lower: int = 0) -> int | None:
        """Index of the first word of a phrase that ends right before word i, or None (a
        phrase that starts inside a word, "bản" in "văn bản", does not count)."""
        if i <= lower or i > len(self.words):
            return None
        start = phrases.ending_at(self.key, self.words[lower].start, self.words[i - 1].end)
        if start is None:
            return None
        k = self.index_at(start)
        return k if k < len(self.words) and self.words[k].start == start else None

    def is_punct(self, i: int, marks: str = ",;:") -> bool:
        return 0 <= i < len(self.words) and self.words[i].text in tuple(marks)

    def boundaries(self, lower: int = 0, upper: int | None = None, marks: str = ",;:") -> list[int]:
        """Indexes of the marks outside parentheses and quotes, in [lower, upper)."""
        upper = len(self.words) if upper is None else upper
        found, depth = [], 0
        for i in range(lower, upper):
            text = self.words[i].text
            depth += text.count("(") - text.count(")")
            if depth <= 0 and text in tuple(marks):
                found.append(i)
        return found

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Character range of words [i, j)."""
        return self.words[i].start, self.words[j - 1].end

    def in_unit(self, i: int) -> bool:
        """True when the units stage found an entity covering word i (when it ran before)."""
        w = self.words[i]
        k = bisect_right(self.units, (w.start, len(self.text)))
        return any(s <= w.start and w.end <= e for s, e in self.units[max(0, k - 3):k])


def sentences(doc: Doc, text: str, key: str) -> list[Sentence]:
    """The Doc's sentences (the tokenizer never ends one inside a number like "1/2.000")."""
    groups: list[list[Word]] = []
    # One pass over plain arrays: iterating `doc.sents` re-scans the Doc for every sentence,
    # and making a Token object per word costs more than the rest of the stage.
    rows = doc.to_array([IDX, LENGTH, SENT_START, IS_SPACE]).tolist() if len(doc) else []
    for idx, length, sent_start, is_space in rows:
        if sent_start == 1 or not groups:
            groups.append([])
        word = text[idx:idx + length]
        if not is_space and word.strip():
            groups[-1].append(Word(idx, idx + length, word))
    groups = [g for g in groups if g]
    units = sorted((h.start, h.end) for h in hits(doc, "units"))
    out, paragraph, previous_end = [], 0, 0
    for words in groups:
        start, end = words[0].start, words[-1].end
        if "\n" in text[previous_end:start]:
            paragraph += 1
        previous_end = end
        out.append(Sentence(doc, text, key, start, end, paragraph, is_skipped(doc, start, end), words, units))
    return out

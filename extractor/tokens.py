"""underthesea words as the tokens of a spaCy `Doc`, with exact character offsets.

underthesea returns words as strings ("Khoa học và", "132/2025/NĐ-CP" split in pieces) and
may not preserve irregular spacing, so each word is aligned back to the text syllable by
syllable. Whitespace between words that is not a single space becomes a whitespace token,
which is how spaCy keeps `doc.text == text` exactly. Skipped ranges (teaser blocks) are not
sent to underthesea at all: they are split on whitespace, cheaply.
"""
from __future__ import annotations

from functools import cache

import regex
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .hits import DocMeta

_NON_SPACE = regex.compile(r"\S+")
_SENTENCE_END = frozenset(".!?…")
_OPENERS = regex.compile(r"[\p{Lu}\d\"“‘'(\[«-]")


@cache
def _word_tokenize():
    # Imported on first use: the CLI's --help must not pay for loading the model.
    from underthesea import word_tokenize

    return word_tokenize


def _align_words(text: str, start: int, end: int, words: list[str]) -> list[tuple[int, int]]:
    """Character spans of underthesea's words inside text[start:end]."""
    spans, cursor = [], start
    for word in words:
        pieces = []
        for syllable in word.split():
            found = text.find(syllable, cursor, end)
            if found < 0 or text[cursor:found].strip():
                pieces = None
                break
            pieces.append((found, found + len(syllable)))
            cursor = found + len(syllable)
        if not pieces:
            continue
        joined = all(text[a[1]:b[0]] == " " for a, b in zip(pieces, pieces[1:]))
        spans.extend([(pieces[0][0], pieces[-1][1])] if joined else pieces)
    return spans


def _fill_gaps(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Whitespace-split anything underthesea's words did not cover (alignment is best effort)."""
    full, cursor = [], start
    for s, e in spans + [(end, end)]:
        full += [(cursor + m.start(), cursor + m.end()) for m in _NON_SPACE.finditer(text[cursor:s])]
        if s < e:
            full.append((s, e))
        cursor = e
    return full


def _segment(text: str, start: int, end: int, use_model: bool) -> list[tuple[int, int]]:
    if not use_model or not text[start:end].strip():
        return _fill_gaps(text, start, end, [])
    words = _word_tokenize()(text[start:end], use_token_normalize=False)
    return _fill_gaps(text, start, end, _align_words(text, start, end, words))


def _regions(text: str, meta: DocMeta) -> list[tuple[int, int, bool]]:
    """(start, end, use_model) pieces of the text: paragraphs to segment, skipped ranges to split."""
    pieces, cursor = [], 0
    for s, e in sorted(meta.skipped):
        if s > cursor:
            pieces.append((cursor, s, True))
        pieces.append((max(s, cursor), max(e, cursor), False))
        cursor = max(cursor, e)
    pieces.append((cursor, len(text), True))
    out = []
    for s, e, use_model in pieces:
        if not use_model:
            out.append((s, e, False))
            continue
        # One paragraph per underthesea call keeps its sentence logic inside a paragraph.
        para_start = s
        for m in regex.finditer(r"\n+", text[s:e]):
            out.append((para_start, s + m.start(), True))
            para_start = s + m.end()
        out.append((para_start, e, True))
    return [p for p in out if p[0] < p[1]]


def make_doc(vocab: Vocab, text: str, meta: DocMeta) -> Doc:
    spans: list[tuple[int, int]] = []
    for start, end, use_model in _regions(text, meta):
        spans += _segment(text, start, end, use_model)
    words, spaces = _words_and_spaces(text, spans)
    # Sentence starts go in at construction: setting them token by token is quadratic in spaCy.
    doc = Doc(vocab, words=words, spaces=spaces, sent_starts=_sentence_starts(words, spaces) if words else None)
    assert doc.text == text, "tokenizer lost characters"
    return doc


def _words_and_spaces(text: str, spans: list[tuple[int, int]]) -> tuple[list[str], list[bool]]:
    words, spaces, cursor = [], [], 0
    for s, e in spans + [(len(text), len(text))]:
        gap = text[cursor:s]
        if gap == " " and words:
            spaces[-1] = True
        elif gap:
            words.append(gap)
            spaces.append(False)
        if s < e:
            words.append(text[s:e])
            spaces.append(False)
        cursor = e
    return words, spaces


def _sentence_starts(words: list[str], spaces: list[bool]) -> list[bool]:
    """The first word, after a line break, after . ! ? and a space before a capital or a digit
    ("1/1.000" and "TP.HCM" are not sentence ends)."""
    starts, previous_ends = [], True
    for i, word in enumerate(words):
        if not word.strip():
            starts.append(i == 0)
            previous_ends = previous_ends or "\n" in word
            continue
        starts.append(previous_ends)
        spaced = spaces[i] or (i + 1 < len(words) and not words[i + 1].strip())
        previous_ends = word[-1] in _SENTENCE_END and spaced and _next_opens(words, i)
    return starts


def _next_opens(words: list[str], i: int) -> bool:
    for word in words[i + 1:]:
        if word.strip():
            return bool(_OPENERS.match(word))
        if "\n" in word:
            return True
    return True

"""The parts of a request or a difficulty inside one sentence: who (`by`), to whom (`to`) and
what (`items`). Everything works on word indexes of a `Sentence`; results are character ranges.
"""
from __future__ import annotations

from .recommendations_lexicon import Lexicon
from .recommendations_text import VERBISH, Sentence

Range = tuple[int, int]
_TRIM = " \t\n,;:.…-–—+•*"
_OPEN_CLOSE = {"(": ")", "“": "”", '"': '"'}
_QUOTES = {"“": "”", '"': '"'}
_SKIPPED_MARKS = frozenset({",", ":", ";", "-", "–", "+", "•", "*", "“", '"', "‘", "«"})


# --- trimming ----------------------------------------------------------------------------

def skip_front(s: Sentence, lex: Lexicon, i: int, j: int, lists: tuple) -> int:
    """Skip the phrases of `lists` (and the punctuation after them) at the front of [i, j)."""
    moved = True
    while moved and i < j:
        moved = False
        if s.words[i].text in _SKIPPED_MARKS:
            i, moved = i + 1, True
            continue
        for phrases in lists:
            after = s.match(phrases, i, j)
            if after is not None and after > i:
                i, moved = after, True
                break
    return i


def trimmed(s: Sentence, start: int, end: int) -> Range | None:
    """The range without surrounding spaces and punctuation (ellipses included), and without
    quotes or a bracket that open or close outside it; None if empty."""
    text = s.text
    while True:
        before = (start, end)
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        inner = text[start:end]
        closing = _QUOTES.get(inner[:1])
        if closing is not None and len(inner) > 1 and inner.endswith(closing):
            start, end = start + 1, end - 1  # a quoted proposal
        elif closing is not None and closing not in inner[1:]:
            start += 1  # a quote that opens before the item and closes after it
        elif inner[-1:] in _OPEN_CLOSE.values() and not _balanced(inner, inner[-1]):
            end -= 1
        if (start, end) == before:
            return (start, end) if start < end else None


def _balanced(inner: str, closing: str) -> bool:
    opening = next(o for o, c in _OPEN_CLOSE.items() if c == closing)
    if opening == closing:
        return inner.count(closing) % 2 == 0
    return inner.count(opening) >= inner.count(closing)


# --- subject -----------------------------------------------------------------------------

def segment_start(s: Sentence, i: int) -> int:
    """First word of the comma-separated segment that holds word i."""
    marks = s.boundaries(0, i)
    return marks[-1] + 1 if marks else 0


def subject_before(s: Sentence, lex: Lexicon, i: int) -> Range | None:
    """The subject written in the segment before the predicate at word i ("Đại diện UBND xã
    Lạng Giang" before "kiến nghị"), cut at the first auxiliary or reporting verb."""
    lower = segment_start(s, i)
    lower = skip_front(s, lex, lower, i, (lex.connectives,))
    if lower >= i:
        return appositive_before(s, lex, lower)
    if s.match(lex.titles, lower) is not None:
        lower = _person_before(s, lex, lower)
    for k in range(lower, i):
        if k > lower and (s.match(lex.aux_words, k, i) or s.match(lex.predicate_words, k, i)):
            return actor_range(s, lex, lower, k)
    return actor_range(s, lex, lower, i)


def appositive_before(s: Sentence, lex: Lexicon, i: int) -> Range | None:
    """"Ông Nguyễn Văn A, Giám đốc Sở X, kiến nghị ...": the segments before an empty one, when
    they only name a person or a title (no verb of their own)."""
    marks = s.boundaries(0, i)
    if not marks:
        return None
    end = marks[-1]
    start = segment_start(s, end)
    if start >= end or not (s.match(lex.titles, start) or s.match(lex.person_words, start)):
        return None
    if predicate_start(s, lex, start, end) < end:
        return None
    while start > 1:
        previous = segment_start(s, start - 1)
        if previous >= start - 1 or not s.match(lex.person_words, previous):
            break
        start = previous
    return _subject_range(s, start, end)


def _person_before(s: Sentence, lex: Lexicon, title: int) -> int:
    """"ông Nguyễn Văn Thắng, Chủ tịch UBND tỉnh đề nghị": the name before the title."""
    if title < 2 or s.words[title - 1].text != ",":
        return title
    previous = skip_front(s, lex, segment_start(s, title - 2), title - 1, (lex.connectives,))
    if s.match(lex.person_words, previous) is None or predicate_start(s, lex, previous, title - 1) < title - 1:
        return title
    return previous


def _subject_range(s: Sentence, i: int, j: int) -> Range | None:
    if i >= j or not s.words[i].text[:1].isalnum():
        return None
    return trimmed(s, *s.span(i, j))


def actor_range(s: Sentence, lex: Lexicon, i: int, j: int) -> Range | None:
    """An actor as written, without a time word at its end ("doanh nghiệp hiện nay")."""
    found = _subject_range(s, i, j)
    if found is None:
        return None
    cut = lex.actor_trailing.ending_at(s.key, found[0], found[1])
    return trimmed(s, found[0], cut) if cut is not None and cut > found[0] else found


def is_adverbial(s: Sentence, lex: Lexicon, i: int, j: int) -> bool:
    """A segment that sets the scene ("Ngày 14/9/2022", "Để đẩy nhanh tiến độ ...")."""
    if i >= j:
        return True
    if s.match(lex.subject_starters, i, j):
        return False
    if s.match(lex.adverbial_openers, i, j):
        return True
    return s.tag(i) in {"V", "E", "C", "R", "A", "CH"} and not s.match(lex.org_heads, i, j)


def main_subject(s: Sentence, lex: Lexicon, limit: int | None = None) -> Range | None:
    """Subject of the sentence's main clause: the first segment that is not an adverbial,
    up to its first auxiliary or verb (used when a later clause or sentence elides it)."""
    limit = len(s.words) if limit is None else limit
    bounds = s.boundaries(0, limit) + [limit]
    start = 0
    for end in bounds:
        lower = skip_front(s, lex, start, end, (lex.connectives,))
        if not is_adverbial(s, lex, lower, end):
            return _subject_range(s, lower, predicate_start(s, lex, lower, end))
        start = end + 1
    return None


def predicate_start(s: Sentence, lex: Lexicon, i: int, j: int) -> int:
    protected = protected_words(s, lex, i, j)
    k = i + 1
    while k < j:
        if s.match(lex.aux_words, k, j) or s.match(lex.predicate_words, k, j):
            return k
        word = s.words[k]
        if k not in protected and not word.cap and s.tag(k) in VERBISH:
            return k
        k += 1
    return j


def protected_words(s: Sentence, lex: Lexicon, i: int, j: int) -> set[int]:
    """Words inside organisation heads ("Đoàn công tác") or units found by the units stage."""
    inside = set()
    for k in range(i, j):
        after = s.match(lex.org_heads, k, j)
        if after is not None:
            inside.update(range(k, after))
        if s.in_unit(k):
            inside.add(k)
    return inside


# --- addressees --------------------------------------------------------------------------

def addressee_after(s: Sentence, lex: Lexicon, i: int, j: int) -> tuple[list[Range], int]:
    """The addressees right after a request verb ("kiến nghị Bộ KH&CN và Sở KH&CN Bắc Ninh
    thường xuyên ...") and the index where the proposal starts. No addressee: ([], i)."""
    k = i + 1 if s.is_punct(i, ",") else i
    after_prep = s.match(lex.addressee_preps, k, j)
    if after_prep is not None and after_prep < j and looks_like_addressee(s, lex, after_prep, j):
        k = after_prep
    if k >= j or not looks_like_addressee(s, lex, k, j):
        return [], i
    end = _addressee_end(s, lex, k, j)
    if end >= j or s.words[end].text in {",", ";", ":", ".", ")"}:
        return [], i  # nothing after it: the noun phrase is the proposal itself
    return split_addressees(s, lex, k, end), end


def _addressee_end(s: Sentence, lex: Lexicon, k: int, j: int) -> int:
    """The addressee runs over capitalised names, organisation heads and the lowercase words
    that build addressees ("huyện", "bộ, ngành liên quan ở Trung ương", "các doanh nghiệp");
    it ends at the first other word, where the proposal starts (the tagger is not trusted
    here: it often reads "kê khai", "sửa đổi" after a noun as nouns)."""
    protected = protected_words(s, lex, k, j)
    end = s.match(lex.quantifiers, k, j) or k
    while end < j:
        word = s.words[end]
        if end in protected or (word.cap and word.text[:1].isalnum()):
            end += 1
            continue
        if word.text == ",":
            if end + 1 < j and looks_like_addressee(s, lex, end + 1, j):
                end += 1
                continue
            break
        after = s.match(lex.addressee_heads, end, j) or s.match(lex.addressee_continuers, end, j)
        if after is None:
            break
        end = after
    return end


def looks_like_addressee(s: Sentence, lex: Lexicon, i: int, j: int) -> bool:
    k = s.match(lex.quantifiers, i, j) or i
    if k >= j:
        return False
    word = s.words[k]
    if word.cap and word.text[:1].isalpha():
        return True
    return s.match(lex.addressee_heads, k, j) is not None


def split_addressees(s: Sentence, lex: Lexicon, i: int, j: int) -> list[Range]:
    """"Chính phủ, Bộ Công Thương" and "Bộ KH&CN và Sở KH&CN Bắc Ninh" are two addressees;
    "bộ, ngành liên quan" and "Bộ Khoa học và Công nghệ" are one."""
    cuts, start = [], i
    for k in range(i + 1, j - 1):
        if s.words[k].text in {",", "và"} and s.match_raw(lex.addressee_split_heads, k + 1) is not None:
            cuts.append((start, k))
            start = k + 1
    cuts.append((start, j))
    return [r for r in (trimmed(s, *s.span(a, b)) for a, b in cuts if a < b) if r]


def addressee_before(s: Sentence, lex: Lexicon, lower: int, i: int) -> list[Range]:
    """"nộp hồ sơ tại Sở Tài nguyên và Môi trường đề nghị ...": an addressee written between
    the subject and the trigger, after a preposition."""
    for k in range(i - 1, lower, -1):
        after = s.match(lex.addressee_preps_before, k, i)
        if after is not None and after < i and looks_like_addressee(s, lex, after, i):
            return split_addressees(s, lex, after, i)
    return []


# --- items -------------------------------------------------------------------------------

def clause_end(s: Sentence, lex: Lexicon, i: int) -> int:
    """Where the request that starts at word i ends: the sentence end, a comma before
    "nhưng", "song", "tuy nhiên"..., or the closing quote of a quote it is in ("“Chúng tôi
    đề nghị ...”, ông A nói")."""
    close = quote_close(s, i)
    if close is not None:
        return close
    for b in s.boundaries(i, len(s.words), ","):
        if s.match(lex.clause_breaks, b + 1) is not None:
            return b
    return len(s.words)


def quote_close(s: Sentence, i: int) -> int | None:
    """Index of the closing quote of the quote word i is in, or None."""
    opened = sum(w.text.count("“") - w.text.count("”") for w in s.words[:i])
    if opened <= 0:
        return None
    return next((k for k in range(i, len(s.words)) if "”" in s.words[k].text), None)


def list_start(s: Sentence, i: int, j: int) -> int:
    """After a colon that opens a list inside the request ("... một số nội dung sau: a; b");
    `j` when the colon ends the sentence (the list follows on bullet lines)."""
    colons = s.boundaries(i, j, ":")
    return colons[0] + 1 if colons else i


def split_items(s: Sentence, lex: Lexicon, i: int, j: int, *, kind: str, verb_led: bool) -> list[Range]:
    """The enumerated proposals of words [i, j): on ";" first, on "đồng thời", then on "," only
    between verb phrases (requests only, and only when there is no ";")."""
    semis = s.boundaries(i, j, ";")
    parts, start = [], i
    for b in semis + [j]:
        parts.append((start, b))
        start = b + 1
    if verb_led and len(parts) > 1:
        parts = _verb_led_parts(s, lex, parts)
    parts = [p for a, b in parts for p in _split_joiners(s, lex, a, b)]
    if kind == "recommendation" and not semis:
        parts = [p for a, b in parts for p in _split_commas(s, lex, a, b)]
    items = []
    for a, b in parts:
        a = skip_front(s, lex, a, b, (lex.item_lead_ins, lex.connectives))
        if a < b:
            item = trimmed(s, *s.span(a, b))
            if item:
                items.append(item)
    return items


def _verb_led_parts(s: Sentence, lex: Lexicon, parts: list[Range]) -> list[Range]:
    """After a request verb, a ";" part that does not start with a verb is no longer one of the
    proposals ("đề nghị Chính phủ tặng Cờ thi đua; lần thứ 8 liên tiếp đạt ...")."""
    kept = parts[:1]
    for a, b in parts[1:]:
        first = skip_front(s, lex, a, b, (lex.item_lead_ins, lex.connectives))
        if first >= b or s.tag(first) not in VERBISH:
            break
        kept.append((a, b))
    return kept


def _split_joiners(s: Sentence, lex: Lexicon, i: int, j: int) -> list[Range]:
    parts, start = [], i
    for k in range(i + 1, j):
        if s.words[k - 1].text == "," and s.match(lex.item_joiners, k, j) is not None:
            parts.append((start, k - 1))
            start = k
    parts.append((start, j))
    return parts


def _split_commas(s: Sentence, lex: Lexicon, i: int, j: int) -> list[Range]:
    parts, start = [], i
    for b in s.boundaries(i, j, ","):
        if _opens_verb_phrase(s, lex, start, b, j):
            parts.append((start, b))
            start = b + 1
    parts.append((start, j))
    return parts


def _opens_verb_phrase(s: Sentence, lex: Lexicon, start: int, b: int, j: int) -> bool:
    """A comma at word b separates two proposals when both sides are whole verb phrases: the
    word before it is no bare verb ("xem xét, quan tâm hỗ trợ"), the part before has a verb
    and its object ("xem xét giãn, hoãn nợ" is one), and the word after starts a verb phrase
    that is not a purpose or result ("..., tạo không gian sống") nor half of a fixed pair
    ("cá nhân, tổ chức")."""
    before, after = b - 1, b + 1
    if b - start < 3 or after + 1 >= j:
        return False
    if s.tag(before) == "V" and s.ending_before(lex.complete_endings, b, start) is None:
        return False
    if s.match(lex.result_verbs, after, j) is not None:
        return False
    if any(s.match(lex.described_after, k, b) is not None for k in range(segment_start(s, b - 1), b)):
        return False
    for k in range(max(start, before - 3), b):
        end = s.match(lex.fixed_pairs, k, j)
        if end is not None and end > after:
            return False
    first = after + 1 if s.tag(after) == "R" else after
    return s.tag(first) == "V"

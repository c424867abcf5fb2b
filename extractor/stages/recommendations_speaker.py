"""Who SAYS a sentence: the speaker of reported or quoted speech.

A difficulty is stated by whoever reports it, not by the grammatical subject of the reported
clause: in "Theo bà A, Giám đốc Sở X, ngành y tế vẫn còn nhiều khó khăn như: ..." and
"Sở X thẳng thắn nhìn nhận, y tế cơ sở còn nhiều hạn chế: ..." the actor is bà A / Sở X, and
"ngành y tế" / "y tế cơ sở" only suffer the difficulty. Quoted words belong to the person the
quote is attributed to ("“Chúng tôi mong muốn ...”, ông B chia sẻ." -> ông B).
"""
from __future__ import annotations

from .recommendations_lexicon import Lexicon
from .recommendations_parts import (
    Range, actor_range, is_adverbial, looks_like_addressee, segment_start, skip_front,
    subject_before,
)
from .recommendations_text import Sentence

_OPEN_QUOTES = {"“", '"', "«"}
_CLOSE_QUOTES = {"”", '"', "»"}
_AFTER_REPORTING = {",", ":", "rằng", "là"}


def theo_source(s: Sentence, lex: Lexicon, limit: int | None = None) -> Range | None:
    """X in "Theo (ý kiến) X, ..." at the start of a segment before word `limit`."""
    limit = len(s.words) if limit is None else limit
    starts = [0] + [b + 1 for b in s.boundaries(0, limit)]
    for seg in starts:
        k = skip_front(s, lex, seg, limit, (lex.connectives,))
        if k < limit and s.key[s.words[k].start:s.words[k].end] == "đáng chú ý":
            k += 1
        if k >= limit or s.key[s.words[k].start:s.words[k].end] != "theo":
            continue
        k = s.match(lex.opinion_source_heads, k + 1) or k + 1
        stop = next((b for b in s.boundaries(k, limit, ",")), None)
        if stop is None or stop <= k or s.match(lex.not_sources, k) is not None:
            continue
        if s.words[k].cap or looks_like_addressee(s, lex, k, stop) or s.match(lex.subject_starters, k) \
                or s.match(lex.person_words, k) or s.match(lex.titles, k):
            return actor_range(s, lex, k, _title_after(s, lex, stop, limit))
    return None


def _title_after(s: Sentence, lex: Lexicon, comma: int, limit: int) -> int:
    """"Theo ông A, Giám đốc Sở X, ...": the title segment after the name belongs to it."""
    if comma + 1 < limit and s.match(lex.titles, comma + 1) is not None:
        nxt = next((b for b in s.boundaries(comma + 1, limit, ",")), None)
        if nxt is not None:
            return nxt
    return comma


def opinion_subject(s: Sentence, lex: Lexicon, limit: int) -> Range | None:
    """X in "X cho rằng/nhấn mạnh ... cần ..."."""
    for k in range(limit):
        if s.match(lex.opinion_verbs, k, limit) is not None:
            return subject_before(s, lex, k)
    return None


def reported(s: Sentence, lex: Lexicon, limit: int) -> tuple[Range, int] | None:
    """X in "X (thẳng thắn) nhìn nhận, <clause>" / "X cho biết: <clause>" before word `limit`,
    and the index where the reported clause starts. The reporting verb ends its segment (or
    is tagged a verb) and comes right after its subject (only auxiliaries and manner adverbs
    between: "Sở đã tổ chức đánh giá, ..." reports nothing; "hệ thống thông tin còn thiếu" is
    no report), which is no adverbial ("Theo báo cáo, ...", "Tại hội nghị đánh giá, ...")."""
    for k in range(1, limit):
        after = s.match(lex.reporting_verbs, k, limit)
        if after is None or after >= limit:
            continue
        if s.words[after].text not in _AFTER_REPORTING and s.tag(k) != "V":
            continue  # without a mark after it, only a verb reports ("hệ thống thông tin còn thiếu")
        start = _before_manner(s, lex, k)
        by = subject_before(s, lex, start)
        if by is None or not _only_auxiliaries(s, lex, s.index_at(by[1]), start):
            continue
        first = s.index_at(by[0])
        if not is_adverbial(s, lex, first, start):
            return by, after
    return None


def _before_manner(s: Sentence, lex: Lexicon, k: int) -> int:
    """Index of the manner adverb before a reporting verb ("thẳng thắn nhìn nhận"), else k."""
    lower = segment_start(s, k)
    return s.ending_before(lex.manner_adverbs, k, lower) or k


def _only_auxiliaries(s: Sentence, lex: Lexicon, i: int, j: int) -> bool:
    """Words [i, j) are auxiliaries, manner adverbs, or the comma after an appositive ("Bà A,
    Giám đốc Sở X, nhìn nhận")."""
    while i < j:
        if s.is_punct(i, ","):
            i += 1
            continue
        after = s.match(lex.aux_words, i, j) or s.match(lex.manner_adverbs, i, j)
        if after is None:
            return False
        i = after
    return True


def speaker(s: Sentence, lex: Lexicon, limit: int) -> Range | None:
    """Who reports the clause at word `limit`: "Theo X, ..." or "X cho biết, ..."."""
    found = reported(s, lex, limit)
    return theo_source(s, lex, limit) or (found[0] if found else None)


def quote_speaker(s: Sentence, lex: Lexicon, i: int) -> Range | None:
    """The person word i's quote is attributed to: after it ("“...”, ông B chia sẻ.") or
    before it ("Ông B chia sẻ: “...”"); None when word i is not quoted."""
    opening = _opening_quote(s, i)
    if opening is None:
        return None
    close = next((k for k in range(i, len(s.words)) if s.words[k].text in _CLOSE_QUOTES), None)
    if close is not None:
        k = close + 1 + (1 if s.is_punct(close + 1, ",") else 0)
        for v in range(k + 1, min(len(s.words), k + 20)):
            if s.match(lex.quote_verbs, v) is not None:
                return actor_range(s, lex, k, _before_manner(s, lex, v))
            if s.is_punct(v, ";.") or s.words[v].text in _OPEN_QUOTES:
                break
    if opening > 0 and s.is_punct(opening - 1, ":,"):
        verb = s.ending_before(lex.quote_verbs, opening - 1)
        if verb is not None:
            return subject_before(s, lex, _before_manner(s, lex, verb))
    return None


def _opening_quote(s: Sentence, i: int) -> int | None:
    """Index of the quote mark that opens the quote holding word i, or None."""
    opening = None
    for k in range(i):
        text = s.words[k].text
        if text == '"':
            opening = k if opening is None else None
        elif text in _OPEN_QUOTES:
            opening = k
        elif text in _CLOSE_QUOTES:
            opening = None
    return opening

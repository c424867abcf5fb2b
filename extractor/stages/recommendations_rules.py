"""The patterns of rules/recommendations.yaml, one function per pattern id.

Each function reads one sentence around one trigger and returns a `Found` (or None). Who
recommends when the sentence does not say is resolved by the caller (extractor.stages.
recommendations), which knows the sentences before.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .recommendations_lexicon import Lexicon
from .recommendations_parts import (
    Range, addressee_after, addressee_before, clause_end, list_start, looks_like_addressee, quote_close,
    segment_start, skip_front, split_addressees, split_items, subject_before, trimmed,
    actor_range, is_adverbial,
)
from .recommendations_speaker import opinion_subject, reported, theo_source
from .recommendations_text import Sentence

CH_OPENERS = {":"}
_COUNT = regex.compile(r"\d[\d.,]*")
_DATE_LIKE = regex.compile(r"\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?")  # "3.11.2025", "5.9"
# "còn"/"vẫn" that may open a shortfall ("còn thiếu", "vẫn thiếu", "vẫn còn hạn chế")
_CON = regex.compile(r"(?<!\w)(?:còn|vẫn)(?!\w)")


@dataclass
class Found:
    rule: str
    kind: str
    trigger: Range
    by: Range | None
    to: list[Range]
    items: list[Range]
    elided: bool = False            # the subject is not written: the caller resolves `by`
    open_list: bool = False         # ends with ":" and no items: bullet lines may follow
    trigger_index: int = 0


@dataclass(frozen=True)
class Occurrence:
    i: int          # first word of the trigger
    j: int          # word after the trigger (after a coordination "khó khăn, vướng mắc")
    family: str     # "request" | "difficulty"


def occurrences(s: Sentence, lex: Lexicon) -> list[Occurrence]:
    found = []
    for family, lists in (("request", (lex.request_verbs, lex.request_nouns)), ("difficulty", (lex.difficulty_nouns,))):
        for phrases in lists:
            for m in phrases.finditer(s.key, s.start, s.end):
                i, j = s.index_of(m.start()), s.index_at(m.end())
                found.append(Occurrence(i, _coordinated(s, phrases, j), family))
    found.sort(key=lambda o: (o.i, -o.j))
    kept, last_end = [], -1
    for occ in found:
        if occ.i >= last_end:
            kept.append(occ)
            last_end = occ.j
    return kept


def _coordinated(s: Sentence, phrases, j: int) -> int:
    """"khó khăn, vướng mắc", "kiến nghị, đề xuất": one trigger as written."""
    while j + 1 < len(s.words) and s.words[j].text in {",", "và"}:
        after = s.match(phrases, j + 1)
        if after is None:
            break
        j = after
    return j


def noun_context(s: Sentence, lex: Lexicon, occ: Occurrence) -> bool:
    """The trigger names proposals instead of making one ("các kiến nghị", "theo đề xuất của",
    "125 kiến nghị", "nhiều ý kiến đóng góp, đề xuất tâm huyết")."""
    k = occ.i
    while k > 1 and s.words[k - 1].text in {",", "và", "hoặc"}:
        previous = s.ending_before(lex.request_nouns, k - 1) or s.ending_before(lex.difficulty_nouns, k - 1)
        if previous is None:
            break
        k = previous
    if s.ending_before(lex.noun_before, k) is not None or s.match(lex.noun_after, occ.j) is not None:
        return True
    if _word(s, occ.j) == "được" and skip_front(s, lex, segment_start(s, k), k, (lex.connectives,)) == k:
        return True  # "Kiến nghị được gửi tới ...": the trigger noun is the subject
    if k > 0 and _COUNT.fullmatch(s.words[k - 1].text) and not _DATE_LIKE.fullmatch(s.words[k - 1].text):
        return True  # "125 kiến nghị" (a date "ngày 3.11.2025" before it is no count)
    return k > 1 and s.words[k - 1].text == "," and _noun_list_before(s, lex, k - 1)


def _noun_list_before(s: Sentence, lex: Lexicon, comma: int) -> bool:
    """The segment before the comma ends in a quantified noun phrase ("nhiều ý kiến đóng góp")."""
    lower = max(segment_start(s, comma - 1), comma - 4)
    if is_adverbial(s, lex, segment_start(s, comma - 1), comma):
        return False
    return any(s.match(lex.noun_before, m, comma) is not None for m in range(lower, comma))


def _word(s: Sentence, i: int) -> str:
    return s.key[s.words[i].start:s.words[i].end] if 0 <= i < len(s.words) else ""


def _aux_before(s: Sentence, lex: Lexicon, i: int) -> bool:
    return i > 0 and s.ending_before(lex.aux_words, i) is not None


# --- request.listed / difficulty.listed ---------------------------------------------------

def listed(s: Sentence, lex: Lexicon, occ: Occurrence) -> Found | None:
    """"X (đã) nêu một số kiến nghị, trong đó ...", "X nêu một số khó khăn, vướng mắc đối với
    Y như: a; b"."""
    k = occ.i
    quantified = s.ending_before(lex.quantifiers, k)
    if quantified is not None:
        k = quantified
    while k > 0 and (s.tag(k - 1) == "M" or s.words[k - 1].text.isdigit()):
        k -= 1
    verb = s.ending_before(lex.listing_verbs, k)
    if verb is None:
        return None
    opened = _list_opening(s, lex, occ.j)
    if opened is None:
        return None
    start, to = opened
    end = quote_close(s, start) or len(s.words)  # a quoted list ends with the quote
    items = split_items(s, lex, start, end, kind=_kind(occ), verb_led=False) if start < end else []
    by = subject_before(s, lex, verb)
    rule = "request.listed" if occ.family == "request" else "difficulty.listed"
    return Found(rule, _kind(occ), s.span(occ.i, occ.j), by, to, items, elided=by is None,
                 open_list=not items and s.words[-1].text == ":", trigger_index=occ.i)


def _list_opening(s: Sentence, lex: Lexicon, j: int) -> tuple[int, list[Range]] | None:
    """Index where the list starts after the trigger noun, and addressees written before it."""
    to: list[Range] = []
    k = j
    prep = s.match(lex.addressee_preps, k)
    if prep is not None:
        stop = prep
        while stop < len(s.words) and not _opens_list(s, lex, stop) and s.words[stop].text != ";":
            stop += 1
        if stop >= len(s.words) or s.words[stop].text == ";":
            return None
        to = split_addressees(s, lex, prep, stop - (1 if s.words[stop - 1].text == "," else 0))
        k = stop
    if not _opens_list(s, lex, k):
        return None
    return skip_front(s, lex, k, len(s.words), (lex.list_openers,)), to


def _opens_list(s: Sentence, lex: Lexicon, k: int) -> bool:
    if k >= len(s.words):
        return False
    if s.words[k].text in CH_OPENERS:
        return True
    if s.words[k].text == ",":
        k += 1
    return s.match(lex.list_openers, k) is not None


# --- request.subject_noun / difficulty.subject_noun ---------------------------------------

def subject_noun(s: Sentence, lex: Lexicon, occ: Occurrence) -> Found | None:
    """"Nguyện vọng của X là ...", "Khó khăn lớn nhất hiện nay là ..."."""
    seg = segment_start(s, occ.i)
    if skip_front(s, lex, seg, occ.i, (lex.connectives, lex.quantifiers)) != occ.i:
        return None
    k, by = occ.j, None
    limit = min(len(s.words), occ.j + 40)
    while k < limit and s.words[k].text not in {";", "."} and s.key[s.words[k].start:s.words[k].end] not in {"là", ":"}:
        k += 1
    if k >= limit or s.words[k].text in {";", "."}:
        return None
    of = next((m for m in range(occ.j, k) if s.key[s.words[m].start:s.words[m].end] == "của"), None)
    if of is not None and of - occ.j <= 3:
        by = actor_range(s, lex, of + 1, k)
    elif k - occ.j > 4:
        return None
    end = clause_end(s, lex, k + 1)
    items = split_items(s, lex, k + 1, end, kind=_kind(occ), verb_led=False) if k + 1 < end else []
    if not items:
        return None
    rule = "request.subject_noun" if occ.family == "request" else "difficulty.subject_noun"
    return Found(rule, _kind(occ), s.span(occ.i, occ.j), by, [], items, trigger_index=occ.i)


# --- request.passive ----------------------------------------------------------------------

def passive(s: Sentence, lex: Lexicon, occ: Occurrence) -> Found | None:
    """"(Dự án) được đề xuất chia thành hai giai đoạn", "được các cấp đề nghị Chính phủ tặng ..."."""
    if occ.family != "request" or noun_context(s, lex, occ):
        return None
    for k in range(occ.i - 1, max(-1, occ.i - 8), -1):
        word = s.key[s.words[k].start:s.words[k].end]
        if word in {",", ";", ":"}:
            return None
        if word == "được":
            if k + 1 < occ.i and not s.words[k + 1].cap and s.tag(k + 1) == "V":
                return None  # "được thực hiện theo đề xuất": no agent, a verb
            agent = trimmed(s, *s.span(k + 1, occ.i)) if k + 1 < occ.i else None
            return _request_after(s, lex, occ, "request.passive", agent, elided=False)
    return None


# --- request.verb -------------------------------------------------------------------------

def verb(s: Sentence, lex: Lexicon, occ: Occurrence) -> Found | None:
    """"X kiến nghị Y <đề xuất>; <đề xuất>"."""
    if occ.family != "request" or noun_context(s, lex, occ) or _in_directive(s, lex, occ.i):
        return None
    if s.tag(occ.i) not in {"V", "R", "A"} and not _aux_before(s, lex, occ.i):
        lower = segment_start(s, occ.i)
        if not (occ.i > lower and s.tag(occ.i - 1) in {"N", "Np", "Ny", "P"}):
            return None
    by = subject_before(s, lex, occ.i)
    if by is not None and lex.document_nouns.match(s.key, by[0], by[1]) is not None:
        return None  # "Hồ sơ đề nghị cấp phép ...": a request form, not an actor
    return _request_after(s, lex, occ, "request.verb", by, elided=by is None)


def _in_directive(s: Sentence, lex: Lexicon, i: int) -> bool:
    """The trigger is one of the tasks a directive assigns ("giao Sở ... rà soát, đề xuất").
    A directive verb with no object ("Phát biểu chỉ đạo, ...") or a passive or noun one
    ("kế hoạch được giao", "theo chỉ đạo của") assigns nothing."""
    semis = s.boundaries(0, i, ";")
    lower = semis[-1] + 1 if semis else 0
    for k in range(lower, i):
        after = s.match(lex.directive_verbs, k, i)
        if after is None or s.is_punct(after):
            continue
        if s.ending_before(lex.directive_not_after, k, lower) is None:  # not passive, not a noun
            return True
    return False


def _request_after(s: Sentence, lex: Lexicon, occ: Occurrence, rule: str, by: Range | None,
                   *, elided: bool) -> Found | None:
    end = clause_end(s, lex, occ.j)
    to, start = addressee_after(s, lex, occ.j, end)
    listed_after = list_start(s, start, end)
    # Proposals listed after "như sau:" are enumerated as such: each ";" part is one, whatever
    # word it starts with; without the colon a ";" part must start with a verb to be one.
    verb_led = listed_after == start
    start = listed_after
    if not to and by is not None:
        to = addressee_before(s, lex, segment_start(s, occ.i), occ.i)
    items = split_items(s, lex, start, end, kind="recommendation", verb_led=verb_led) if start < end else []
    if not items and s.words[end - 1].text != ":":
        return None
    items = [_nested_request(s, lex, item, to) for item in items]
    return Found(rule, "recommendation", s.span(occ.i, occ.j), by, to, items, elided=elided,
                 open_list=not items, trigger_index=occ.i)


def _nested_request(s: Sentence, lex: Lexicon, item: Range, to: list[Range]) -> Range:
    """"kiến nghị UBND tỉnh chỉ đạo ...; đồng thời đề nghị Sở X hướng dẫn ...": the second item
    repeats the trigger for another addressee, who joins `to`; the item is what follows."""
    i = s.index_at(item[0])
    after = s.match(lex.request_verbs, i)
    if after is None:
        return item
    end = s.index_at(item[1])
    more, start = addressee_after(s, lex, after, end)
    if start >= end:
        return item
    to.extend(r for r in more if r not in to)
    return trimmed(s, s.words[start].start, item[1]) or item


def _kind(occ: Occurrence) -> str:
    return "recommendation" if occ.family == "request" else "difficulty"


# --- request.opinion_need -----------------------------------------------------------------

def opinion_need(s: Sentence, lex: Lexicon, source: Range | None) -> Found | None:
    """"Theo X, ... cần ...": a need stated in an attributed view is X's recommendation.
    `source` is the attribution of the sentence before, when this one has none."""
    for m in lex.need_words.finditer(s.key, s.start, s.end):
        i = s.index_of(m.start())
        if s.match(lex.need_not_after, i + 1) is not None:
            continue
        by = theo_source(s, lex, i) or opinion_subject(s, lex, i) or source
        if by is None:
            return None
        seg = skip_front(s, lex, segment_start(s, i), i, (lex.connectives,))
        end = clause_end(s, lex, i + 1)
        to: list[Range] = []
        if s.key[s.words[seg].start:s.words[seg].end] == "việc":
            start = seg + 1
        else:
            start = i + 1
            if seg < i and looks_like_addressee(s, lex, seg, i):
                to = [r for r in [trimmed(s, *s.span(seg, i))] if r]
        items = split_items(s, lex, start, end, kind="recommendation", verb_led=False) if start < end else []
        if items:
            return Found("request.opinion_need", "recommendation", s.span(i, i + 1), by, to, items, trigger_index=i)
    return None


# --- difficulty.stated --------------------------------------------------------------------

def stated_shortfall(s: Sentence, lex: Lexicon) -> Range | None:
    """The shortfall in "còn thiếu", "còn hạn chế", "vẫn còn nhiều bất cập", "còn 57 xã ...
    chưa thực hiện"; None when the sentence states none."""
    for m in _CON.finditer(s.key, s.start, s.end):
        i = s.index_of(m.start())
        if i > 0 and s.key[s.words[i - 1].start:s.words[i - 1].end] == "không":
            continue
        k = i + 1
        while k < len(s.words) and s.key[s.words[k].start:s.words[k].end] in {"rất", "khá", "quá", "vẫn", "còn"}:
            k += 1
        after = s.match(lex.shortfall_words, k)
        if after is not None:
            return s.span(k, after)
        if k < len(s.words) and (s.words[k].text[:1].isdigit() or s.match(lex.shortfall_counted, k)):
            stop = next(iter(s.boundaries(k, len(s.words), ";")), len(s.words))
            for n in range(k + 1, stop - 1):
                if s.key[s.words[n].start:s.words[n].end] == "chưa":
                    return s.span(n, n + 2)
    return None


def _in_headline(s: Sentence) -> bool:
    """The article's headline states its shortfalls without "Tuy nhiên": "X đạt 94%, Y còn
    thiếu Z" is the headline's short form of "X đạt 94%. Tuy nhiên, Y còn thiếu Z"."""
    title = s.doc._.meta.title if s.doc._.meta is not None else None
    return title is not None and title[0] <= s.start and s.end <= title[1]


def stated(s: Sentence, lex: Lexicon, *, chained: bool) -> Found | None:
    """A shortfall stated after "Tuy nhiên, ...", by a reporting actor ("X cho biết, ..." /
    "Theo X, ..."), or right after another difficulty."""
    trigger = stated_shortfall(s, lex)
    if trigger is None:
        return None
    at = s.index_of(trigger[0])
    start, by = 0, theo_source(s, lex, at)
    report = reported(s, lex, at)
    if report is not None:
        by, start = report
    elif by is not None or _in_headline(s):
        start = segment_start(s, at)  # "Lào Cai: ..., ngành y tế còn thiếu 300 bác sĩ"
    elif not chained and s.match(lex.adversative_openers, 0) is None:
        return None
    start = skip_front(s, lex, start, len(s.words), (lex.connectives, lex.adversative_openers))
    items = split_items(s, lex, start, len(s.words), kind="difficulty", verb_led=False)
    if not items:
        return None
    return Found("difficulty.stated", "difficulty", trigger, by, [], items, elided=by is None,
                 trigger_index=at)


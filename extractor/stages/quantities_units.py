"""What a figure counts or measures: a unit from the rules ("Mbps", "tỷ đồng" -> "đồng", "%"), or
the counted noun, which is the underthesea word right after the number ("9.301 hồ sơ").

The counted noun keeps its case only when it is an abbreviation ("4 TDP"); a capitalised word
after a number is a name ("72 Lạch Tray", "29 Tết"), not something counted.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import regex
from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.tokens import Doc

from ..hits import key_of, text_of
from .quantities_rules import QuantityRules

_WORD = regex.compile(r"\p{L}[\p{L}\- ]*")
_DIGIT_NEXT = regex.compile(r"[ \t]\d")


class TextView:
    """The text, its folded key and underthesea's words, with lookups by character offset.

    Words are kept as offset arrays: making a spaCy Token per word would cost more than this
    whole stage.
    """

    def __init__(self, doc: Doc, rules: QuantityRules):
        self.doc = doc
        self.text = text_of(doc)
        self.key = key_of(doc)
        self.rules = rules
        columns = doc.to_array([IDX, LENGTH, IS_SPACE]).tolist() if len(doc) else []
        words = [(i, start, start + length) for i, (start, length, space) in enumerate(columns) if not space]
        self.word_index = [w[0] for w in words]
        self.starts = [w[1] for w in words]
        self.ends = [w[2] for w in words]

    def token_at(self, pos: int) -> tuple[int, int] | None:
        """[start, end) of the underthesea word that contains character `pos`, or None."""
        i = bisect_right(self.starts, pos) - 1
        if i < 0 or pos >= self.ends[i]:
            return None
        return self.starts[i], self.ends[i]

    def word_at(self, pos: int) -> tuple[int, int] | None:
        """[start, end) of the word starting at `pos` (the rest of it, if underthesea glued it
        to what comes before, as in "một" "trăm hộ")."""
        token = self.token_at(pos)
        return (pos, token[1]) if token else None

    def sentence_starts_at(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and self.starts[i] == pos and bool(self.doc[self.word_index[i]].is_sent_start)


@dataclass
class UnitRead:
    text: str       # the unit as reported
    category: str   # percent | money | measure | duration | count
    start: int
    end: int        # end of the unit, with a "/tháng" rate part


def _after_blank(view: TextView, pos: int) -> int | None:
    """Position of what follows one blank after `pos`; None when punctuation comes first."""
    if pos < len(view.text) and view.text[pos] in " \t":
        return pos + 1
    return None


def read_unit(view: TextView, pos: int) -> UnitRead | None:
    """A percent, money, measure or duration unit glued to the figure or one blank after it."""
    rules, key = view.rules, view.key
    if m := rules.units.match(key, pos):
        return _unit_read(view, pos, m.end(), " ".join(m.group().split()))
    at = _after_blank(view, pos)
    if at is None or not (m := rules.units.match(key, at)):
        return None
    if _inside_longer_word(view, at, m.end()):
        return None  # "3 đồng chí" are comrades, "10 năm học" school years
    return _unit_read(view, at, m.end(), " ".join(m.group().split()))


def _inside_longer_word(view: TextView, start: int, end: int) -> bool:
    """True when underthesea's word goes on past the unit with more letters ("đồng chí");
    a word that only drags punctuation along ("MW.") does not count."""
    token = view.token_at(start)
    if token is None or token[0] != start or token[1] <= end:
        return False
    return view.text[end] == " " or view.text[end].isalpha()


def _unit_read(view: TextView, start: int, end: int, folded: str) -> UnitRead:
    info = view.rules.unit_info[folded]
    if info.category == "percent" and folded in ("%", "phần trăm"):
        written = "%"  # one spelling for shares, whichever way the text writes it
    else:
        written = " ".join(view.text[start:end].split())
        written = written if info.symbol else written.lower()
    if rate := view.rules.rate.match(view.key, end):
        written += "/" + view.text[rate.start():rate.end()].split("/", 1)[1].strip()
        end = rate.end()
    return UnitRead(written, info.category, start, end)


def read_counted_noun(view: TextView, pos: int) -> UnitRead | None:
    """The noun a figure counts: "hồ sơ", "đường truyền" (a compound), "chuyến tàu" (a
    classifier and its noun), "xã, phường, thị trấn" (coordinated admin nouns)."""
    at = _after_blank(view, pos)
    span = view.word_at(at) if at is not None else None
    if span is None or not _is_noun(view, *span):
        return None
    start, end = span
    key, rules = view.key, view.rules
    if (m := rules.compounds.match(key, start)) and m.end() > end:
        end = m.end()
    elif key[start:end] in rules.classifiers:
        following = _next_word(view, end)
        if following and _is_noun(view, *following) and view.text[following[0]].islower():
            end = following[1]
    else:
        end = _lexical_compound_end(view, start, end)
    if rules.coordinable.fullmatch(key, start, end):
        while m := rules.coordination.match(key, end):
            end = m.end()
    written = view.text[start:end]
    unit = written if _is_abbreviation(written) else written.lower()
    if rate := rules.rate.match(key, end):  # "1.200 người/km2" is a density
        per = view.text[rate.start():rate.end()].split("/", 1)[1].strip()
        return UnitRead(f"{unit}/{per}", "measure", start, rate.end())
    if per_end := _per_population_end(view, end):  # "10,2 bác sĩ/vạn dân" is a ratio
        per = " ".join(view.text[end:per_end].split("/", 1)[1].split())
        return UnitRead(f"{unit}/{per}", "ratio", start, per_end)
    return UnitRead(unit, "count", start, end)


def _lexical_compound_end(view: TextView, start: int, end: int) -> int:
    """End of a counted noun that is one word of the dictionary though underthesea split it:
    the head and the words after it make one entry ("phòng" "học"), or the head is followed by
    one multi-syllable entry that closes the phrase ("trạm" "y tế", "trường" "mầm non") after a
    head the dictionary builds compounds on. A modifier of two entries or more is descriptive
    and stays out ("điểm" "hội nghị" "trực tuyến"), as does a one-syllable one ("mới"), one after
    a head that forms no compounds ("dự án" "trọng điểm", "ý kiến" "phát biểu") and one that
    governs a complement, as a verb does ("25 điều" "quy định" "về ...")."""
    lexicon = view.rules.lexicon
    words, at = [], end
    while len(words) < 3 and (word := _next_word(view, at)) and _modifier(view, *word):
        words.append(word)
        at = word[1]
    joined = [w[1] for w in words if _folded(view, start, w[1]) in lexicon]
    if joined:
        return joined[-1]
    if not words or _folded(view, start, end) not in view.rules.compound_heads:
        return end
    modifier = _folded(view, *words[0])
    if " " not in modifier or modifier not in lexicon:
        return end
    closes = len(words) == 1 or _DIGIT_NEXT.match(view.text, words[1][1])
    following = _next_word(view, words[0][1])
    governs = following and _folded(view, *following) in view.rules.verb_complements
    return words[0][1] if closes and not governs else end


def _modifier(view: TextView, start: int, end: int) -> bool:
    return view.text[start].islower() and _is_noun(view, start, end, in_phrase=True)


def _folded(view: TextView, start: int, end: int) -> str:
    return " ".join(view.key[start:end].split())


def _per_population_end(view: TextView, pos: int) -> int | None:
    """End of "/vạn dân", "/1.000 dân", "/100.000 người": a number or scale word, then the
    noun counted in the denominator (one underthesea word)."""
    m = view.rules.per_population.match(view.key, pos)
    word = view.word_at(m.end()) if m else None
    return word[1] if word and _is_noun(view, *word) else None


def read_subject(view: TextView, unit: UnitRead) -> int:
    """End of the noun phrase a count or a share is about: "đường truyền số liệu chuyên dùng",
    "đơn vị xã, phường". Stops at punctuation, function words, verbs and numbers."""
    end, words = unit.end, 0
    last = view.key[unit.start:unit.end]
    while words < view.rules.subject_max_words:
        if view.rules.coordinable.fullmatch(last) and (m := view.rules.coordination.match(view.key, end)):
            end = m.end()
            continue
        following = _next_word(view, end)
        if not following or not _is_noun(view, *following, in_phrase=True):
            break
        if _DIGIT_NEXT.match(view.text, following[1]):
            break  # "tháng 8/2025", "số 5": a word before a number names it
        last = view.key[following[0]:following[1]]
        end, words = following[1], words + 1
    return end


def _next_word(view: TextView, pos: int) -> tuple[int, int] | None:
    at = _after_blank(view, pos)
    return view.word_at(at) if at is not None else None


def _is_abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_noun(view: TextView, start: int, end: int, in_phrase: bool = False) -> bool:
    """Could this word be (part of) what is counted? Rules out names, function words,
    verbs that follow figures, and number words."""
    written = view.text[start:end]
    if not _WORD.fullmatch(written):
        return False
    if written[0].isupper() and not _is_abbreviation(written):
        return False
    folded = " ".join(view.key[start:end].split())
    if folded in view.rules.not_nouns or folded.split()[0] in view.rules.not_nouns:
        return False
    first = folded.split()[0]
    return first not in view.rules.number_words or (in_phrase and first == "một")

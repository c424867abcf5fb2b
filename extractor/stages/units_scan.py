"""What the finders of the units stage share: the scanned text and the mentions they make.

A `Mention` is one place a unit is referred to (word range, char range, the rule that
found it); the resolver (units_resolve) links it to an `Entity`, and every mention of an
entity becomes one hit, so `vnie explain` shows each with its rule.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from ..hits import key_of, text_of
from .units_lexicon import Head, Lexicon, Word, lexicon, words_of


@dataclass(eq=False)
class Mention:
    kind: str                      # admin | org
    rule: str
    w0: int                        # words [w0, w1)
    w1: int
    start: int                     # characters [start, end)
    end: int
    level: str | None = None
    written: str = ""              # admin: the name as written; org: head + name, expanded
    back_ref: bool = False
    candidates: tuple = ()         # admin: gazetteer units the name may be
    unit: Any = None               # admin: the AdminUnit it was linked to
    capital: bool = False          # admin: "Thủ đô" (always Hà Nội)
    head: Head | None = None       # org
    scope: "Mention | None" = None  # org: the admin mention that scopes it
    scope_style: str | None = None  # org: "level" | "bare": how the scope is written
    parent_org: "Mention | None" = None  # org: the body named inside ("Đoàn công tác Bộ ...")
    alias_of: "Mention | None" = None    # org: the full mention a short name stands for
    attach_only: bool = False      # org: named inside another's name; joins, never creates
    members: list = field(default_factory=list)  # org: the bodies of a joint venture
    branch: bool = False           # org: a branch named by its scope as written ("Chi nhánh Đồng Nai")
    short_name_at: int | None = None  # org: word of the "(Agribank)" written inside the mention
    entity: "Entity | None" = None


@dataclass(eq=False)
class Entity:
    kind: str
    level: str
    name: str
    key: tuple
    code: str | None = None
    era: str | None = None
    parent: str | None = None
    head_key: str | None = None    # org: folded head, for back-references ("Sở")
    scope_level: str | None = None  # org: level of the unit it belongs to ("UBND xã" refers to an xã's)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Scan:
    text: str
    words: list[Word]
    lex: Lexicon
    token_starts: frozenset[int]
    token_ends: frozenset[int]
    token_end_at: list[int]        # end char of the underthesea word holding each word
    skipped: list[bool]
    paragraph: list[int]           # paragraph number of every word
    sentence: list[int]            # sentence number of every word
    admin: list[Mention] = field(default_factory=list)
    orgs: list[Mention] = field(default_factory=list)
    admin_at: dict[int, Mention] = field(default_factory=dict)   # by first word

    def add_admin(self, mention: Mention) -> Mention:
        self.admin.append(mention)
        self.admin_at.setdefault(mention.w0, mention)
        return mention

    def span(self, w0: int, w1: int) -> tuple[int, int]:
        return self.words[w0].start, self.words[w1 - 1].end

    def raw(self, w0: int, w1: int) -> str:
        start, end = self.span(w0, w1)
        return " ".join(self.text[start:end].split())

    def token_tail(self, k: int) -> int:
        """Index after word k and the lower-case syllables underthesea joined to it ("Phục vụ")."""
        stop = self.token_end_at[k]
        k += 1
        while k < len(self.words) and self.words[k].end <= stop and not self.words[k].cap:
            k += 1
        return k

    def is_token(self, start: int, end: int) -> bool:
        """True when [start, end) is a whole word of underthesea's segmentation."""
        return start in self.token_starts and end in self.token_ends


def scan(doc: Doc) -> Scan:
    text = text_of(doc)
    words = words_of(text, key_of(doc))
    paragraph, sentence, number, count = [], [], 0, 0
    for word in words:
        number += "\n" in word.gap
        count += "\n" in word.gap or (word.cap and any(c in word.gap for c in ".!?;"))
        paragraph.append(number)
        sentence.append(count)
    tokens = [(int(idx), int(idx + length)) for idx, length, space in doc.to_array(["IDX", "LENGTH", "IS_SPACE"])
              if not space]
    return Scan(
        text=text, words=words, lex=lexicon(),
        token_starts=frozenset(start for start, _ in tokens),
        token_ends=frozenset(end for _, end in tokens),
        token_end_at=_token_ends(tokens, words),
        skipped=_skipped(doc._.meta.skipped, words),
        paragraph=paragraph, sentence=sentence,
    )


def _skipped(ranges: list[tuple[int, int]], words: list[Word]) -> list[bool]:
    """Per word: does it overlap a skipped range (teasers, duplicated lines...)? add_hit's test."""
    flags = [False] * len(words)
    starts = [w.start for w in words]
    for start, end in ranges:
        for n in range(max(bisect_right(starts, start) - 1, 0), len(words)):
            if words[n].start >= end:
                break
            flags[n] = flags[n] or words[n].end > start
    return flags


def _token_ends(tokens: list[tuple[int, int]], words: list[Word]) -> list[int]:
    starts = [start for start, _ in tokens]
    ends = []
    for word in words:
        n = bisect_right(starts, word.start) - 1
        ends.append(tokens[n][1] if n >= 0 and tokens[n][1] >= word.end else word.end)
    return ends


def same_name_gap(word: Word) -> bool:
    """The gap before `word` keeps it in the same name as the word before."""
    return word.gap in (" ", "-", " - ", " – ", "–")

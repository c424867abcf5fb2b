"""The word lists of rules/recommendations.yaml, folded and compiled once per process.

Every list becomes a `Phrases` matcher over the folded text (extractor.normalize.fold), so
"Uỷ ban" and "Ủy ban", "Đề nghị" and "đề nghị" match alike. Phrases match whole words only.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from ..normalize import fold
from ..resources import load_yaml

RULES_FILE = "recommendations.yaml"


class Phrases:
    """A set of phrases matched on folded text at word boundaries; longer phrases first."""

    def __init__(self, phrases: list[str], *, case_sensitive: bool = False):
        self.phrases = tuple(phrases)
        keys = {p if case_sensitive else fold(p) for p in phrases if p.strip()}
        body = "|".join(_phrase_regex(k) for k in sorted(keys, key=len, reverse=True)) or r"(?!x)x"
        self._at = regex.compile(rf"(?:{body})(?!\w)")
        self._search = regex.compile(rf"(?<!\w)(?:{body})(?!\w)")
        self._ending = regex.compile(rf"(?<!\w)(?:{body})\s*$")

    def match(self, key: str, pos: int, endpos: int | None = None) -> int | None:
        """End of the longest phrase starting exactly at `pos`, or None."""
        m = self._at.match(key, pos, len(key) if endpos is None else endpos)
        return m.end() if m else None

    def search(self, key: str, pos: int, endpos: int):
        return self._search.search(key, pos, endpos)

    def finditer(self, key: str, pos: int, endpos: int):
        return self._search.finditer(key, pos, endpos)

    def ending_at(self, key: str, start: int, end: int) -> int | None:
        """Start of a phrase that ends at `end` (trailing spaces allowed), searching from `start`."""
        m = self._ending.search(key, start, end)
        return m.start() if m else None


def _phrase_regex(phrase: str) -> str:
    # Spaces in a phrase match any run of spaces; a comma may have spaces around it.
    parts = [regex.escape(p).replace(",", r"\s*,") for p in phrase.split()]
    return r"\s+".join(parts)


@dataclass(frozen=True)
class Pattern:
    id: str
    kind: str
    what: str


@dataclass(frozen=True)
class Lexicon:
    patterns: dict[str, Pattern]
    request_verbs: Phrases
    request_nouns: Phrases
    difficulty_nouns: Phrases
    noun_before: Phrases
    noun_after: Phrases
    document_nouns: Phrases
    actor_trailing: Phrases
    listing_verbs: Phrases
    quantifiers: Phrases
    list_openers: Phrases
    addressee_preps: Phrases
    addressee_preps_before: Phrases
    directive_verbs: Phrases
    aux_words: Phrases
    predicate_words: Phrases
    adverbial_openers: Phrases
    connectives: Phrases
    subject_starters: Phrases
    person_words: Phrases
    titles: Phrases
    org_heads: Phrases
    addressee_heads: Phrases
    addressee_continuers: Phrases
    addressee_split_heads: Phrases
    item_lead_ins: Phrases
    clause_breaks: Phrases
    result_verbs: Phrases
    fixed_pairs: Phrases
    described_after: Phrases
    complete_endings: Phrases
    item_joiners: Phrases
    need_words: Phrases
    need_not_after: Phrases
    opinion_verbs: Phrases
    opinion_source_heads: Phrases
    not_sources: Phrases
    shortfall_words: Phrases
    shortfall_counted: Phrases
    adversative_openers: Phrases
    reporting_verbs: Phrases
    manner_adverbs: Phrases
    quote_verbs: Phrases
    directive_not_after: Phrases
    # Every trigger-like word: a sentence without one of these is skipped at once.
    any_trigger: Phrases


_CASE_SENSITIVE = {"addressee_split_heads"}


@cache
def lexicon() -> Lexicon:
    data = load_yaml(RULES_FILE)
    lists = {}
    for name in Lexicon.__dataclass_fields__:
        if name in ("patterns", "any_trigger"):
            continue
        lists[name] = Phrases([str(p) for p in data[name]], case_sensitive=name in _CASE_SENSITIVE)
    patterns = {p["id"]: Pattern(p["id"], p["kind"], p["what"]) for p in data["patterns"]}
    trigger_words = (data["request_verbs"] + data["request_nouns"] + data["difficulty_nouns"]
                     + data["need_words"] + ["còn", "vẫn"])
    return Lexicon(patterns=patterns, any_trigger=Phrases(trigger_words), **lists)

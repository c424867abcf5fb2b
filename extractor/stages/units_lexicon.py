"""Words and word lists of the units stage, compiled once per process from rules/.

The stage reads the text as a list of `Word`s: letters and digits (with "&" inside, so
"KH&CN" is one word), each with the raw gap before it. Phrase lists (level words, heads,
fields, names) are folded and split the same way at load time, so "UBND", "Ủy ban nhân
dân" and "Uỷ ban nhân dân" all match by key, and offsets come straight from the words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from extractor.normalize import fold
from extractor.resources import load_yaml

# Letters and digits ("_" is not a letter); stdlib `re` is faster than `regex` for this one.
_WORD = re.compile(r"[^\W_]+(?:&[^\W_]+)*")
# Gaps allowed between the words of one phrase: "TP.HCM", "Văn hóa-Xã hội", "Kinh tế, Hạ tầng".
_PHRASE_GAP = regex.compile(r" ?[-–.,/]? ?|&")


@dataclass(slots=True)
class Word:
    start: int
    end: int
    text: str
    key: str          # folded text (same length)
    gap: str          # raw text between the previous word and this one
    index: int

    @property
    def cap(self) -> bool:
        return self.text[0].isupper()

    @property
    def upper(self) -> bool:
        return len(self.text) > 1 and self.text.isupper()

    @property
    def num(self) -> bool:
        return self.text[0].isdigit()

    @property
    def opens_sentence(self) -> bool:
        """First word of a line, a sentence, a quote or a bracket."""
        stripped = self.gap.strip()
        return self.index == 0 or "\n" in self.gap or (bool(stripped) and stripped[-1] in ".!?:;“\"'(«[…-–")


def words_of(text: str, key: str) -> list[Word]:
    words, previous_end = [], 0
    append = words.append
    for n, m in enumerate(_WORD.finditer(text)):
        start, end = m.span()
        append(Word(start, end, text[start:end], key[start:end], text[previous_end:start], n))
        previous_end = end
    return words


def phrase_keys(phrase: str) -> tuple[str, ...]:
    return tuple(m.group() for m in _WORD.finditer(fold(phrase)))


class PhraseTable:
    """Longest match of folded word sequences at a word index."""

    def __init__(self, entries: list[tuple[str, Any]] = ()):
        self._by_first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        for phrase, payload in entries:
            self.add(phrase, payload)

    def add(self, phrase: str, payload: Any) -> None:
        keys = phrase_keys(phrase)
        if keys:
            bucket = self._by_first.setdefault(keys[0], [])
            bucket.append((keys, payload))
            bucket.sort(key=lambda entry: -len(entry[0]))

    def match(self, words: list[Word], i: int) -> tuple[int, Any] | None:
        """(number of words, payload) of the longest phrase starting at words[i]."""
        if i >= len(words):
            return None
        for keys, payload in self._by_first.get(words[i].key, ()):
            if _matches(words, i, keys):
                return len(keys), payload
        return None

    def starts(self, key: str) -> bool:
        """True when some phrase starts with this folded word (a cheap test before `match`)."""
        return key in self._by_first


def _matches(words: list[Word], i: int, keys: tuple[str, ...]) -> bool:
    if i + len(keys) > len(words):
        return False
    for k, expected in enumerate(keys):
        word = words[i + k]
        if word.key != expected or (k and not _PHRASE_GAP.fullmatch(word.gap)):
            return False
    return True


@dataclass(frozen=True)
class LevelWord:
    level: str
    abbreviated: bool = False
    dot: bool = False
    numbered: bool = False
    capital_of: str | None = None


@dataclass(frozen=True)
class Head:
    rule: str
    level: str
    head: str                      # the head as written in full ("Ủy ban nhân dân")
    name: str                      # field | company | org | orgs | none
    scope: str = "none"            # none | optional | required
    implicit_scope: str | None = None
    scope_style: str = "level"     # level | bare
    back_reference: bool = False
    nested: bool = False
    name_only: bool = False
    field_is_name: bool = False
    unnamed: bool = False
    lower_ok: bool = False         # a lower-case head ("hãng tàu")


@dataclass(frozen=True)
class FixedOrg:
    rule: str
    level: str
    name: str
    branches: bool = False         # provincial branches are named by the scope after it


@dataclass
class Lexicon:
    name_abbreviations: PhraseTable          # abbreviation -> expansion, inside names
    levels: PhraseTable                      # -> LevelWord
    back_reference_levels: frozenset[str]
    generic_before: PhraseTable
    group_introducers: PhraseTable           # "như", "gồm": the members of a group follow
    compounds_after: frozenset[str]
    place_blockers: PhraseTable
    family_names: frozenset[str]
    heads: PhraseTable                       # -> Head
    after_titles: PhraseTable                # -> Head (a lower-case head after a job title)
    fixed: PhraseTable                       # -> FixedOrg
    fields: PhraseTable                      # -> field as written in full
    openers: dict[str, PhraseTable]          # head rule -> lower-case words that may open a name
    name_words: PhraseTable
    name_stops: PhraseTable
    provinces: PhraseTable                   # province names and aliases, both eras


def _abbreviation_variants(phrase: str, abbreviations: dict[str, str]) -> list[str]:
    """The phrase, and the phrase with an abbreviation for a leading part ("UBND", "BCH Đảng bộ")."""
    variants = [phrase]
    keys = phrase_keys(phrase)
    for abbreviation, expansion in abbreviations.items():
        expanded = phrase_keys(expansion)
        if expanded and keys[:len(expanded)] == expanded:
            rest = phrase.split()[len(expansion.split()):]
            variants.append(" ".join([abbreviation, *rest]))
    return variants


def _heads(data: dict, abbreviations: dict[str, str]) -> tuple[PhraseTable, PhraseTable, dict[str, PhraseTable]]:
    heads, titles, openers = PhraseTable(), PhraseTable(), {}
    keys = ("level", "name", "scope", "implicit_scope", "scope_style", "back_reference", "nested", "name_only",
            "field_is_name", "unnamed")
    for rule in data["org_heads"]:
        options = {k: rule[k] for k in keys if k in rule}
        for written in rule["heads"]:
            head = Head(rule=rule["id"], head=written, lower_ok=written[0].islower(), **options)
            for variant in _abbreviation_variants(written, abbreviations):
                heads.add(variant, head)
            for title in rule.get("after_titles", ()):
                titles.add(f"{title} {written}", head)
        openers[rule["id"]] = PhraseTable([(w, w) for w in rule.get("openers", ())])
    return heads, titles, openers


def _fixed(data: dict, abbreviations: dict[str, str]) -> PhraseTable:
    table = PhraseTable()
    for group in data["fixed_orgs"]:
        for entry in group["names"]:
            entry = entry if isinstance(entry, dict) else {"name": entry}
            org = FixedOrg(rule=group["id"], level=group["level"], name=entry["name"],
                           branches=group.get("branches", False))
            for written in [entry["name"], *entry.get("aliases", ())]:
                for variant in _abbreviation_variants(written, abbreviations):
                    table.add(variant, org)
    return table


def _fields(data: dict, abbreviations: dict[str, str]) -> PhraseTable:
    table = PhraseTable([(f, f) for f in data["fields"]])
    folded = {phrase_keys(f): f for f in data["fields"]}
    for abbreviation, expansion in abbreviations.items():
        if phrase_keys(expansion) in folded:
            table.add(abbreviation, folded[phrase_keys(expansion)])
    return table


def _provinces(not_bare: list[str]) -> PhraseTable:
    from extractor import gazetteer

    names = {u.name for era in gazetteer.ERAS for u in gazetteer.provinces(era)}
    aliases = load_yaml("admin_aliases.yaml") or {}
    names |= {alias for forms in aliases.values() for alias in forms}
    excluded = {phrase_keys(name) for name in not_bare}
    return PhraseTable([(name, name) for name in sorted(names) if phrase_keys(name) not in excluded])


def _levels(data: dict) -> PhraseTable:
    table = PhraseTable()
    for entry in data["admin_levels"]:
        spec = LevelWord(**{k: v for k, v in entry.items() if k != "words"})
        for written in entry["words"]:
            table.add(written, spec)
    return table


@cache
def lexicon() -> Lexicon:
    data = load_yaml("units.yaml")
    abbreviations = {str(k): str(v) for k, v in (load_yaml("abbreviations.yaml") or {}).items()}
    level_words = {k for entry in data["admin_levels"] for w in entry["words"] for k in phrase_keys(w)}
    heads, titles, openers = _heads(data, abbreviations)
    words = lambda name: PhraseTable([(w, w) for w in data[name]])  # noqa: E731
    return Lexicon(
        # Level abbreviations ("TP", "TT") expand only where a level word is expected.
        name_abbreviations=PhraseTable([(a, e) for a, e in abbreviations.items()
                                        if phrase_keys(a)[0] not in level_words]),
        levels=_levels(data),
        back_reference_levels=frozenset(data["back_reference_levels"]),
        generic_before=words("generic_before"),
        group_introducers=words("group_introducers"),
        compounds_after=frozenset(fold(w) for w in data["compounds_after"]),
        place_blockers=words("place_blockers"),
        family_names=frozenset(fold(w) for w in data["family_names"]),
        heads=heads,
        after_titles=titles,
        fixed=_fixed(data, abbreviations),
        fields=_fields(data, abbreviations),
        openers=openers,
        name_words=words("name_words"),
        name_stops=words("name_stops"),
        provinces=_provinces(data.get("not_bare", [])),
    )

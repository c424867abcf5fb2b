"""rules/quantities.yaml compiled once per process: phrase lists become anchored regexes.

Every phrase is folded (extractor.normalize.fold) and matched on the folded text, so the
offsets it yields are offsets in the article text. Guards are the exception: document codes
are upper case ("NĐ-CP"), so they run on the original text.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import regex

from ..normalize import fold
from ..resources import load_yaml

_NOT_LETTER_BEFORE = r"(?<![\p{L}\d])"
_NOT_LETTER_AFTER = r"(?![\p{L}\d])"


def _key(phrase: str) -> str:
    """A phrase as it reads in the folded text, with runs of spaces made single."""
    return " ".join(fold(str(phrase)).split())


def _alternation(phrases) -> str:
    """Longest first, so "không vượt quá" wins over "vượt quá"; spaces match any blank run."""
    keys = sorted({_key(p) for p in phrases}, key=len, reverse=True)
    return "|".join(r"[ \t]+".join(regex.escape(part) for part in k.split(" ")) for k in keys)


def _ending_before(phrases) -> regex.Pattern:
    """Matches a phrase that ends the string (the text right before a figure)."""
    return regex.compile(rf"{_NOT_LETTER_BEFORE}(?:{_alternation(phrases)})[ \t]*\Z")


def _at(phrases) -> regex.Pattern:
    """Matches a whole phrase at a position (use `.match(key, pos)`)."""
    return regex.compile(rf"(?:{_alternation(phrases)}){_NOT_LETTER_AFTER}")


@dataclass(frozen=True)
class UnitInfo:
    category: str  # percent | money | measure | duration
    symbol: bool   # reported as written; words are lower-cased


@dataclass(frozen=True)
class QuantityRules:
    rule_ids: frozenset[str]
    scales: dict[str, Decimal]
    scale_run: regex.Pattern            # " triệu", " nghìn tỷ" after a number
    qualifier_before: regex.Pattern
    qualifier_of: dict[str, str]        # folded phrase -> qualifier
    qualifier_after: regex.Pattern
    units: regex.Pattern
    unit_info: dict[str, UnitInfo]
    rate: regex.Pattern
    per_population: regex.Pattern       # "/vạn dân", "/1.000 dân": a count per so many people
    classifiers: frozenset[str]
    compounds: regex.Pattern
    lexicon: frozenset[str]             # folded multi-word entries of underthesea's dictionary
    compound_heads: frozenset[str]      # words that begin many of those entries ("trường", "nhà")
    verb_complements: frozenset[str]    # words after a modifier that make it a verb ("quy định về")
    coordinable: regex.Pattern
    coordination: regex.Pattern         # ", phường" / " và thị trấn" after a coordinable noun
    subject_max_words: int
    not_nouns: frozenset[str]
    names_before: regex.Pattern
    names_exceptions: regex.Pattern
    word_digits: frozenset[str]
    word_tens: frozenset[str]
    word_after_tens: frozenset[str]
    word_multipliers: frozenset[str]
    word_zero_links: frozenset[str]
    words_never_alone: frozenset[str]
    word_run: regex.Pattern
    idioms: regex.Pattern
    vague: regex.Pattern
    vague_bounds: dict[str, tuple[Decimal, Decimal, bool]]
    ratio_before: regex.Pattern
    range_link: regex.Pattern
    range_opener: regex.Pattern
    guards: tuple[tuple[bool, regex.Pattern], ...]
    number_words: frozenset[str]        # every word a spelled-out number is made of


def _units(data: dict) -> tuple[regex.Pattern, dict[str, UnitInfo]]:
    info: dict[str, UnitInfo] = {}
    for category, groups in data.items():
        for symbol in groups.get("symbols", []):
            info[_key(symbol)] = UnitInfo(category, True)
        for word in groups.get("words", []):
            info[_key(word)] = UnitInfo(category, False)
    return _at(info), info


def _qualifiers(data: dict) -> tuple[regex.Pattern, dict[str, str]]:
    of = {_key(p): q for q, phrases in data.items() for p in phrases}
    return _ending_before(of), of


def _number_words(data: dict) -> dict:
    sets = {name: frozenset(_key(w) for w in data[name])
            for name in ("digits", "tens", "after_tens", "multipliers", "zero_links", "never_alone")}
    every = set().union(*(sets[n] for n in ("digits", "tens", "after_tens", "multipliers", "zero_links")))
    word = _alternation(every)
    initials = "".join(sorted({w[0] for w in every}))  # a cheap first test at every position
    run = regex.compile(rf"(?=[{initials}])(?<!\p{{L}})(?:{word})(?:[ \t]+(?:{word}))*(?!\p{{L}})")
    return {**sets, "run": run, "idioms": _at(data["idioms"]), "every": frozenset(every)}


def _vague(data: dict, scales: list[str]) -> tuple[regex.Pattern, dict]:
    bounds = {_key(head): (Decimal(str(v["low"])), Decimal(str(v["high"])), bool(v["needs_scale"]))
              for head, v in data.items()}
    initials = "".join(sorted({_key(h)[0] for h in bounds}))
    pattern = regex.compile(
        rf"(?=[{initials}])(?<!\p{{L}})(?P<head>{_alternation(bounds)})(?P<scales>(?:[ \t]+(?:{_alternation(scales)}))*)(?!\p{{L}})")
    return pattern, bounds


@cache
def _lexicon(name: str) -> frozenset[str]:
    """The multi-syllable words of a dictionary shipped with underthesea (one word a line):
    "y tế", "mầm non", "phòng học". Folded like the text, so lookups are on the key."""
    import underthesea  # only its data directory: no model is loaded

    path = Path(underthesea.__file__).parent / "corpus" / "data" / name
    with path.open(encoding="utf-8") as lines:
        return frozenset(k for k in (_key(line) for line in lines) if " " in k)


def _compound_heads(lexicon: frozenset[str], at_least: int) -> frozenset[str]:
    """Words that begin at least `at_least` dictionary entries: the nouns Vietnamese builds
    compounds on ("trường" begins 67, "nhà" 200), unlike "dự án" or "thủ tục" (none)."""
    begins = Counter(" ".join(parts[:i]) for parts in (e.split(" ") for e in lexicon)
                     for i in range(1, len(parts)))
    return frozenset(head for head, n in begins.items() if n >= at_least)


def _guards(data: list) -> tuple[tuple[bool, regex.Pattern], ...]:
    """(runs on the folded text?, pattern) per guard."""
    return tuple((bool(g.get("folded")), regex.compile(g["pattern"])) for g in data)


@cache
def quantity_rules() -> QuantityRules:
    data = load_yaml("quantities.yaml")
    scales = {_key(w): Decimal(str(v)) for w, v in data["scales"].items()}
    units, unit_info = _units(data["units"])
    qualifier_before, qualifier_of = _qualifiers(data["qualifiers"])
    suffixes = [p for phrases in data["qualifier_suffixes"].values() for p in phrases]
    qualifier_of.update({_key(p): q for q, ps in data["qualifier_suffixes"].items() for p in ps})
    count = data["count"]
    coordinable = _alternation(count["coordinable"])
    links = "|".join(r"[ \t]*,[ \t]*" if c == "," else r"[ \t]*/[ \t]*" if c == "/"
                     else rf"[ \t]+{regex.escape(_key(c))}[ \t]+" for c in count["coordinators"])
    words = _number_words(data["number_words"])
    vague, vague_bounds = _vague(data["vague"], data["vague_scales"])
    return QuantityRules(
        rule_ids=frozenset(r["id"] for r in data["rules"]),
        scales=scales,
        scale_run=regex.compile(rf"(?:[ \t]+(?:{_alternation(scales)})(?!\p{{L}}))+"),
        qualifier_before=qualifier_before,
        qualifier_of=qualifier_of,
        qualifier_after=regex.compile(rf"[ \t]+(?:{_alternation(suffixes)}){_NOT_LETTER_AFTER}"),
        units=units,
        unit_info=unit_info,
        rate=regex.compile(rf"[ \t]?/[ \t]?(?:{_alternation(data['rate_denominators'])}){_NOT_LETTER_AFTER}"),
        per_population=regex.compile(
            rf"[ \t]?/[ \t]?(?:\d[\d.,]*|{_alternation(data['scales'])})[ \t]+(?=\p{{Ll}})"),
        classifiers=frozenset(_key(w) for w in count["classifiers"]),
        compounds=_at(count["compounds"]),
        lexicon=(lexicon := _lexicon(count["lexicon"])),
        compound_heads=_compound_heads(lexicon, int(count["compound_head_entries"])),
        verb_complements=frozenset(_key(w) for w in count["verb_complements"]),
        coordinable=regex.compile(rf"(?:{coordinable}){_NOT_LETTER_AFTER}"),
        coordination=regex.compile(rf"(?:{links})(?:{coordinable}){_NOT_LETTER_AFTER}"),
        subject_max_words=int(count["subject_max_words"]),
        not_nouns=frozenset(_key(w) for w in data["not_nouns"]),
        names_before=_ending_before(data["names_before"]),
        names_exceptions=_ending_before(data["names_before_exceptions"]),
        word_digits=words["digits"],
        word_tens=words["tens"],
        word_after_tens=words["after_tens"],
        word_multipliers=words["multipliers"],
        word_zero_links=words["zero_links"],
        words_never_alone=words["never_alone"],
        word_run=words["run"],
        idioms=words["idioms"],
        vague=vague,
        vague_bounds=vague_bounds,
        ratio_before=_ending_before(data["ratio_prefixes"]),
        range_link=regex.compile(
            r"[ \t]*[-–—][ \t]*|[ \t]+(?:" + _alternation(l for l in data["range_links"] if l[0].isalpha())
            + r")[ \t]+"),
        range_opener=_ending_before(data["range_openers"]),
        guards=_guards(data["guards"]),
        number_words=words["every"],
    )

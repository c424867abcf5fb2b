"""Rules and issuer tables of the legal_refs stage, compiled once per process.

Everything here is built from rules/legal_refs.yaml and rules/issuers.yaml: word lists are
folded with `fold` (so they match `fold(doc.text)`), regex fragments are compiled as given.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import regex

from ..normalize import fold
from ..resources import load_yaml

_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_LEGISLATURE = regex.compile(r"(UBTVQH|QH)(\d{1,2})")


def roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


def proper_d(text: str) -> str:
    """The look-alike "Ð" (U+00D0) written as the Vietnamese "Đ" in normalised fields."""
    return text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")


@dataclass(frozen=True)
class TypeWord:
    folded: str
    doc_type: str
    abbrev: bool
    bare_number: bool
    named: bool
    anaphor: bool
    described: bool
    serial: bool


@dataclass(frozen=True)
class Rules:
    """rules/legal_refs.yaml, compiled. `*_re` on the folded key unless marked raw."""

    type_words: dict[str, TypeWord]          # folded word -> entry
    type_word_re: regex.Pattern
    type_codes: dict[str, str]               # "NĐ" -> "nghi_dinh"
    not_after: dict[str, frozenset[str]]     # folded type word -> words that cancel it
    not_anaphor_after: frozenset[str]
    plural_before: frozenset[str]
    plural_after_re: regex.Pattern           # anchored after a type word
    anaphor_follow_re: regex.Pattern         # anchored after a type word
    not_a_document_re: regex.Pattern         # searched right before "số"
    number_word_re: regex.Pattern            # "số" after a type word
    connector_re: regex.Pattern              # between list items
    bare_stop_re: regex.Pattern              # anchored after a bare number
    document_date_re: regex.Pattern          # anchored after a number
    title_re: regex.Pattern                  # known law titles
    title_proper_re: regex.Pattern           # proper words allowed inside a title
    title_modifier_re: regex.Pattern         # anchored after a title
    phrase_stop_re: regex.Pattern            # anchored at a word of a title or description
    description_lead_re: regex.Pattern       # anchored after a numbered mention
    max_title_words: int
    max_description_words: int
    full_re: regex.Pattern                   # raw: a document number with a code
    bare_re: regex.Pattern                   # raw: a bare number
    serial_re: regex.Pattern                 # raw: a certificate serial
    url_res: tuple[regex.Pattern, ...]       # raw: links and addresses
    first_year: int
    last_year: int


def _alternation(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


_WORD_END = r"(?![\p{L}\d])"


def _phrases(words, before: str = "", after: str = _WORD_END) -> regex.Pattern:
    """One regex for a list of plain-Vietnamese phrases, folded, longest first."""
    return regex.compile(f"{before}(?:{_alternation(fold(w) for w in words)}){after}")


def _full_number(number: str, segment: str) -> regex.Pattern:
    # number [/year] sep code, where code = segment (( ?- ?|/) segment)*; nothing may stick to it.
    return regex.compile(
        rf"(?<![\p{{L}}\d/.\-_])(?P<num>{number})(?:/(?P<year>\d{{4}}))?(?P<sep>[/-])"
        rf"(?P<code>{segment}(?:(?: ?- ?|/){segment})*)(?![\p{{L}}\d&])"
    )


_FLAGS = ("bare_number", "named", "anaphor", "described", "serial")


def _type_words(entries) -> dict[str, TypeWord]:
    type_words = {}
    for entry in entries:
        flags = {name: entry.get(name, False) for name in _FLAGS}
        for word in entry["words"]:
            type_words[fold(word)] = TypeWord(fold(word), entry["doc_type"], abbrev=False, **flags)
        for word in entry.get("abbrev") or []:
            type_words[fold(word)] = TypeWord(fold(word), entry["doc_type"], abbrev=True, **flags)
    return type_words


@cache
def rules() -> Rules:
    data = load_yaml("legal_refs.yaml")
    pats = data["patterns"]
    type_words = _type_words(data["doc_types"])
    # anaphor followers: a listed word, or punctuation / the end closing the phrase
    followers = rf"\s+(?:{_alternation(fold(w) for w in data['anaphor_followers'])}){_WORD_END}"
    return Rules(
        type_words=type_words,
        type_word_re=_phrases(type_words, before=r"(?<![\p{L}\d])"),
        not_after={fold(k): frozenset(fold(w) for w in v) for k, v in data["not_after"].items()},
        type_codes={proper_d(k): v for k, v in data["type_codes"].items()},
        not_anaphor_after=frozenset(fold(w) for w in data["not_anaphor_after"]),
        not_a_document_re=_phrases(data["not_a_document_before_so"], r"(?<![\p{L}\d])", r"\s+$"),
        plural_before=frozenset(fold(w) for w in data["plural_anaphor"]["before"]),
        plural_after_re=_phrases(data["plural_anaphor"]["after"], before=r"\s+"),
        bare_stop_re=_phrases(data["bare_number_stop_words"], before=r"\s*"),
        anaphor_follow_re=regex.compile(rf"(?:{followers}|\s*[,.;:)\]”\"]|\s*$)"),
        title_re=_phrases(data["law_titles"]),
        phrase_stop_re=_phrases(data["phrase_stop_words"]),
        title_modifier_re=_phrases(data["title_modifiers"], before=r"\s+", after=""),
        title_proper_re=_phrases(data["title_proper_words"]),
        max_title_words=int(data["max_title_words"]),
        max_description_words=int(data["max_description_words"]),
        full_re=_full_number(pats["number"], pats["code_segment"]),
        bare_re=regex.compile(rf"(?P<num>{pats['bare_number']})(?![\d]|[/.,:\-]\d|[/\-]\p{{L}})"),
        serial_re=regex.compile(rf"(?P<num>{pats['serial']})(?![\p{{L}}\d/])"),
        number_word_re=regex.compile(pats["number_word"]),
        connector_re=regex.compile(pats["list_connector"]),
        description_lead_re=regex.compile(pats["description_lead"]),
        document_date_re=regex.compile(pats["document_date"]),
        url_res=tuple(regex.compile(p) for p in pats["urls"]),
        first_year=int(data["years"]["first"]),
        last_year=dt.date.today().year + int(data["years"]["after_current"]),
    )


@cache
def issuer_table() -> dict[str, str]:
    """Code as written (with "Đ") -> body; legislature prefixes are handled by `issuer_name`."""
    table = {}
    for group, entries in load_yaml("issuers.yaml").items():
        if group == "legislature":
            continue
        for code, entry in entries.items():
            for spelling in [code, *(entry.get("also") or [])]:
                table[proper_d(str(spelling))] = entry["name"]
    return table


@cache
def legislature_names() -> dict[str, str]:
    return {code: entry["name"] for code, entry in load_yaml("issuers.yaml")["legislature"].items()}


def issuer_name(segment: str) -> str | None:
    segment = proper_d(segment)
    found = issuer_table().get(segment)
    if found:
        return found
    match = _LEGISLATURE.fullmatch(segment)
    if match and int(match.group(2)) > 0:
        return f"{legislature_names()[match.group(1)]} {roman(int(match.group(2)))}"
    return None


def is_legislature(segment: str) -> bool:
    return bool(_LEGISLATURE.fullmatch(segment))

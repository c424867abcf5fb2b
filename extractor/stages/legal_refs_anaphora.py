"""Mentions without a number that point back at a document the article cites with one.

  "Nghị định này", "Theo Nghị định, ..."    -> the decree the article is about
  "Theo các quyết định này"                  -> each decision of the list cited just before
  "quyết định thu hồi đất"                   -> the one decision described as "thu hồi ... đất"

Only explicit mentions (numbered or named) are antecedents, and each pointer needs one clear
antecedent; anything ambiguous is left out rather than guessed.
"""
from __future__ import annotations

from collections import Counter

import regex

from .legal_refs_data import rules
from .legal_refs_numbers import Mention
from .legal_refs_scan import TypeSite, previous_word

_THIS = regex.compile(r"\s+này(?![\p{L}\d])")
_SENTENCE_BREAK = regex.compile(r"\n|[.!?…]\s+\S")
_LIST_REACH = 250


def pointers(text: str, key: str, sites: list[TypeSite], mentions: list[Mention]) -> list[Mention]:
    found = []
    descriptions = _descriptions(mentions)
    for site in sites:
        before = previous_word(key, site.start)
        if before in rules().plural_before and site.word.anaphor:
            found += _plural(text, key, site, mentions)
        elif before not in rules().not_anaphor_after:
            one = _singular(text, key, site, mentions) or _described(text, key, site, descriptions)
            found += [one] if one else []
    return found


def _pointer(text: str, site: TypeSite, end: int, rule: str, target: str) -> Mention:
    return Mention(site.start, end, rule, doc_type=site.word.doc_type,
                   doc_type_text=text[site.start:site.end], key=target)


def _singular(text: str, key: str, site: TypeSite, mentions: list[Mention]) -> Mention | None:
    """"Nghị định này" / "Theo Nghị định, ..." as a mention of the decree cited before it."""
    word = site.word
    if not word.anaphor:
        return None
    this = _THIS.match(key, site.end)
    if this:
        end, rule = this.end(), "anaphor_demonstrative"
    elif not word.abbrev and text[site.start].isupper() and rules().anaphor_follow_re.match(key, site.end):
        end, rule = site.end, "anaphor_bare_type"
    else:
        return None
    target = _antecedent(mentions, word.doc_type, site.start)
    return _pointer(text, site, end, rule, target) if target else None


def _antecedent(mentions: list[Mention], doc_type: str, pos: int) -> str | None:
    """The document of this type cited most often before `pos` (the article's subject: "Nghị
    định này" after "thay thế Nghị định số 47/2020/NĐ-CP" still means the new decree);
    ties go to the one cited first."""
    before = [m for m in mentions if m.start < pos and m.doc_type == doc_type]
    if not before:
        return None
    counts = Counter(m.key for m in before)
    first_seen: dict[str, int] = {}
    for m in before:
        first_seen.setdefault(m.key, m.start)
    return max(counts, key=lambda k: (counts[k], -first_seen[k]))


def _plural(text: str, key: str, site: TypeSite, mentions: list[Mention]) -> list[Mention]:
    """"các quyết định này": every document of the last list of that type (two or more)."""
    pointer = rules().plural_after_re.match(key, site.end)
    if not pointer:
        return []
    run = _last_list([m for m in mentions if m.end <= site.start and m.doc_type == site.word.doc_type], key)
    keys = list(dict.fromkeys(m.key for m in run))
    if len(keys) < 2:
        return []
    return [_pointer(text, site, pointer.end(), "anaphor_plural", k) for k in keys]


def _last_list(before: list[Mention], key: str) -> list[Mention]:
    """The last mention and those chained to it in one sentence, a short clause apart."""
    if not before:
        return []
    run = [before[-1]]
    for m in reversed(before[:-1]):
        gap = key[m.end:run[0].start]
        if len(gap) > _LIST_REACH or _SENTENCE_BREAK.search(gap):
            break
        run.insert(0, m)
    return run


def _descriptions(mentions: list[Mention]) -> dict[tuple[str, str], set[str]]:
    """(doc_type, description) -> keys of the numbered documents described that way."""
    table: dict[tuple[str, str], set[str]] = {}
    for m in mentions:
        if m.description:
            table.setdefault((m.doc_type, m.description), set()).add(m.key)
    return table


def _described(text: str, key: str, site: TypeSite, descriptions) -> Mention | None:
    """"quyết định thu hồi đất" when exactly one decision was described as "thu hồi đất"."""
    if not site.word.described:
        return None
    best = None
    for (doc_type, words), keys in descriptions.items():
        end = site.end + 1 + len(words)
        if (doc_type == site.word.doc_type and len(keys) == 1 and key[site.end:site.end + 1] == " "
                and key.startswith(words, site.end + 1) and not _letter_at(key, end)
                and (best is None or end > best[0])):
            best = (end, next(iter(keys)))
    return _pointer(text, site, best[0], "description_backref", best[1]) if best else None


def _letter_at(key: str, pos: int) -> bool:
    return pos < len(key) and key[pos].isalnum()

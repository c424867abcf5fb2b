"""Finding legal-document mentions in an article's text.

Type words and other words are matched on the folded key (`fold(text)`, same length);
document numbers on the raw text, where capitals matter ("TTg", "QĐ-UBND"). Order matters:
a type word claims the numbers that follow it ("Nghị định số 132, 133 và 150/2025/NĐ-CP"),
then numbers nobody claimed are read on their own ("; số 269/TB-UBND"), and type words that
claimed nothing are kept as possible anaphors ("Nghị định này").
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .legal_refs_data import TypeWord, proper_d, rules
from .legal_refs_numbers import Mention, bare, code_is_plausible, numbered, parse_code, serial, year_ok
from .legal_refs_titles import named_document

_PREVIOUS_WORD = regex.compile(r"(\p{L}+)\s+$")
_SO_BEFORE = regex.compile(r"(?<![\p{L}\d])số\s*:?\s*$")
_CONTINUES_LIST = regex.compile(r"(?:[,;]|(?<![\p{L}])(?:và|hoặc))\s*(?:số\s*:?\s*)?$")
_SENTENCE_BREAK = regex.compile(r"\n|[.!?…]\s+\S")
_CONTINUATION_REACH = 250
_NAMED_BEFORE_SO = regex.compile(r"(?P<name>(?: \p{L}+){0,8}?) số\s*:?\s*")
_DESCRIPTION_TOKEN = regex.compile(r"(?P<word>\p{L}+)|(?P<number>\d[\d.,]*\p{L}*\d*)")


@dataclass
class TypeSite:
    """A type word that claimed no number or title: maybe an anaphor."""

    start: int
    end: int
    word: TypeWord


def previous_word(key: str, pos: int) -> str:
    match = _PREVIOUS_WORD.search(key[max(0, pos - 24):pos])
    return match.group(1) if match else ""


def _type_word_ok(text: str, key: str, match: regex.Match, word: TypeWord) -> bool:
    raw = proper_d(text[match.start():match.end()])
    if word.abbrev and raw != raw.upper():
        return False
    return previous_word(key, match.start()) not in rules().not_after.get(word.folded, ())


def _items(text: str, key: str, pos: int) -> list[tuple[str, regex.Match]]:
    """The numbers of one list after a type word: ("full" | "bare", match) in order."""
    r, items = rules(), []
    while True:
        full = r.full_re.match(text, pos)
        if full and code_is_plausible(parse_code(full["code"])):
            items.append(("full", full))
        elif items and items[-1][0] == "full":
            break  # after a full number only full numbers continue the list
        else:
            one = r.bare_re.match(text, pos)
            if not one or _counts_something(key, one) or _looks_like_year(one["num"]):
                break
            items.append(("bare", one))
        pos = items[-1][1].end()
        connector = r.connector_re.match(key, pos)
        if not connector:
            break
        pos = connector.end()
    return items


def _counts_something(key: str, number: regex.Match) -> bool:
    """"Kế hoạch 5 năm": the number counts; "Quyết định số 15 ngày 3/3/2025": it names."""
    r = rules()
    return bool(r.bare_stop_re.match(key, number.end())) and not r.document_date_re.match(key, number.end())


def _looks_like_year(number: str) -> bool:
    return len(number) == 4 and year_ok(int(number))


def _typed_mentions(text: str, key: str, site: regex.Match, word: TypeWord) -> list[Mention]:
    """Mentions made by a type word followed by one or more numbers, [] when none follow."""
    after = rules().number_word_re.match(key, site.end())
    if not after:
        return []
    items = _items(text, key, after.end())
    wrote_so = "số" in key[site.end():after.end()]
    type_text = text[site.start():site.end()]
    if not (wrote_so or (word.bare_number and type_text[0].isupper())):
        items = _leading_to_full(items)
    mentions, pending = [], []
    for i, (kind, match) in enumerate(items):
        start = site.start() if i == 0 else match.start()
        if kind == "bare":
            pending.append((start, match))
            continue
        mentions += _resolve_pending(pending, match, word, type_text)
        pending = []
        mentions += _full_mention(start, match, word, type_text, first=(i == 0))
    mentions += [bare(s, m.end(), m["num"], word, type_text) for s, m in pending]
    return mentions


def _leading_to_full(items):
    """Without "số" a bare number needs a capitalised type that takes one ("Nghị định 179", not
    "Kế hoạch 5", not the verb in "kết luận 3 ..."): else keep bare numbers only before a code."""
    last_full = max((i for i, (kind, _) in enumerate(items) if kind == "full"), default=-1)
    return items[: last_full + 1]


def _full_mention(start, match, word, type_text, first) -> list[Mention]:
    year = int(match["year"]) if match["year"] else None
    if not year_ok(year):
        return []
    if not first:
        rule = "list_continuation"
    elif match["sep"] == "-":
        rule = "type_party_number"
    else:
        rule = "type_number_year_code" if year else "type_number_code"
    return [numbered(start, match.end(), rule, number=match["num"], year=year, sep=match["sep"],
                     code=parse_code(match["code"]), written=word, type_text=type_text)]


def _resolve_pending(pending, full, word, type_text) -> list[Mention]:
    """Bare numbers before a full one share its year and code: "132, 133 và 150/2025/NĐ-CP"."""
    year = int(full["year"]) if full["year"] else None
    if not pending or not year_ok(year):
        return []
    code = parse_code(full["code"])
    return [numbered(start, m.end(), "elliptical_list", number=m["num"], year=year, sep=full["sep"],
                     code=code, written=word, type_text=type_text) for start, m in pending]


def scan(text: str, key: str, starts: frozenset[int],
         regions: list[tuple[int, int]]) -> tuple[list[Mention], list[TypeSite]]:
    """Every explicit mention in the text, and the type words left over as anaphor candidates.
    `starts` are the token starts (underthesea words): stop words count only as whole words.
    Only `regions` are searched (the rest is skipped boilerplate that may not report)."""
    r = rules()
    blocked = [(m.start(), m.end()) for pattern in r.url_res for m in _find(pattern, text, regions)]
    mentions: list[Mention] = []
    sites: list[TypeSite] = []
    claimed_to = 0
    for match in _find(r.type_word_re, key, regions):
        if match.start() < claimed_to:
            continue
        word = r.type_words[match.group()]
        if not _type_word_ok(text, key, match, word):
            continue
        found = _typed_mentions(text, key, match, word)
        if not found and word.serial:
            found = _serial_mention(text, key, match, word)
        if not found and word.named:
            found = named_document(text, key, match, word, starts)
        if found:
            mentions += found
            claimed_to = max(m.end for m in found)
        else:
            sites.append(TypeSite(match.start(), match.end(), word))
    mentions = [m for m in mentions if not _inside(blocked, m.start, m.end)]
    blocked += [(m.start, m.end) for m in mentions]
    mentions += _loose_numbers(text, key, blocked, sorted(mentions, key=lambda m: m.start), regions)
    mentions.sort(key=lambda m: m.start)
    for mention in mentions:
        if mention.written is not None and mention.written.described and not mention.description:
            mention.description = _description(text, key, mention.end, starts)
    return mentions, [s for s in sites if not _inside(blocked, s.start, s.end)]


def _find(pattern: regex.Pattern, text: str, regions: list[tuple[int, int]]):
    for start, end in regions:
        yield from pattern.finditer(text, start, end)


def _inside(ranges, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in ranges)


def _loose_numbers(text: str, key: str, blocked, typed: list[Mention], regions) -> list[Mention]:
    """Numbers no type word claimed: "theo 132/2025/NĐ-CP", "...; số 269/TB-UBND"."""
    found = []
    for match in _find(rules().full_re, text, regions):
        if _inside(blocked, match.start(), match.end()):
            continue
        mention = _loose_number(text, key, match, _previous(typed + found, match.start()))
        if mention:
            found.append(mention)
    return found


def _previous(mentions: list[Mention], pos: int) -> Mention | None:
    before = [m for m in mentions if m.end <= pos]
    return max(before, key=lambda m: m.end) if before else None


def _loose_number(text: str, key: str, match: regex.Match, previous: Mention | None) -> Mention | None:
    code = parse_code(match["code"])
    year = int(match["year"]) if match["year"] else None
    if not code_is_plausible(code) or not year_ok(year):
        return None
    so = _SO_BEFORE.search(key[max(0, match.start() - 8):match.start()])
    start = match.start() - (len(so.group()) if so else 0)
    parent = _list_parent(key, start, previous)
    if parent is not None:
        return numbered(start, match.end(), "list_continuation", number=match["num"], year=year,
                        sep=match["sep"], code=code, written=parent.written, type_text=parent.doc_type_text)
    if not _stands_alone(code, match, bool(so)):
        return None
    if so and rules().not_a_document_re.search(key[max(0, start - 24):start]):
        return None  # "mẫu số 01/TK-SDDPNN" numbers a form
    type_text = match["code"][: len(code.segments[0])] if code.type_code else ""
    return numbered(start, match.end(), "code_number", number=match["num"], year=year,
                    sep=match["sep"], code=code, written=None, type_text=type_text)


def _list_parent(key: str, start: int, previous: Mention | None) -> Mention | None:
    """The mention whose list this number continues, when only a short clause lies between."""
    if previous is None or previous.written is None or start - previous.end > _CONTINUATION_REACH:
        return None
    gap = key[previous.end:start]
    if _SENTENCE_BREAK.search(gap) or not _CONTINUES_LIST.search(gap):
        return None
    return previous


def _stands_alone(code, match: regex.Match, wrote_so: bool) -> bool:
    """Without a type word a number must say it is a document: by its type code, or after "số"."""
    if match["sep"] == "-":
        return bool(code.type_code) and "/" in code.text
    if code.type_code:
        return True
    return wrote_so and (len(code.segments) >= 2 or code.has_known_part)


def _serial_mention(text: str, key: str, site: regex.Match, word: TypeWord) -> list[Mention]:
    """"Giấy Chứng nhận quyền sử dụng đất số G393762": a name, "số", a serial or a code number."""
    named = _NAMED_BEFORE_SO.match(key, site.end())
    if not named:
        return []
    type_text = text[site.start():site.end()]
    full = rules().full_re.match(text, named.end())
    if full and code_is_plausible(parse_code(full["code"])):
        found = _full_mention(site.start(), full, word, type_text, first=True)
        for mention in found:
            mention.description = named["name"].strip()
        return found
    number = rules().serial_re.match(text, named.end())
    if not number:
        return []
    return [serial(site.start(), number.end(), number["num"], word, type_text, named["name"].strip())]


def _description(text: str, key: str, pos: int, starts: frozenset[int]) -> str:
    """The folded words that say what a numbered decision does, after its date and "về việc":
    "ngày 10/8/2022 thu hồi 6.462,5m2 đất nêu trên" -> "thu hồi đất". Figures are left out, so
    a later "quyết định thu hồi đất" can match; a capital or a stop word ends it."""
    r = rules()
    lead = r.description_lead_re.match(key, pos)
    if not lead:
        return ""
    pos, words = lead.end(), []
    while len(words) < r.max_description_words:
        token = _DESCRIPTION_TOKEN.match(key, pos)
        if not token:
            break
        if token["word"]:
            if text[pos].isupper() or (pos in starts and r.phrase_stop_re.match(key, pos)):
                break
            words.append(token["word"])
        pos = token.end()
        if key[pos:pos + 1] != " ":
            break
        pos += 1
    return " ".join(words) if len(words) >= 2 else ""

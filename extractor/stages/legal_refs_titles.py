"""Named documents: "Luật Đất đai 2024", "Bộ luật Hình sự", "Hiến pháp năm 2013".

A title is found in the list of known titles first (titles hold commas and lower-case words:
"Phòng, chống tham nhũng"), else from its shape: a capitalised word, then lower-case words up
to a stop word ("Luật Dữ liệu phải ..."), a year, a number or punctuation.
"""
from __future__ import annotations

import regex

from ..normalize import fold
from .legal_refs_data import TypeWord, proper_d, rules
from .legal_refs_numbers import Mention, code_is_plausible, numbered, parse_code, year_ok

_YEAR_AFTER = regex.compile(r"\s+(?:năm\s+)?(\d{4})(?![\d/.,\-]?\d)")
_NUMBER_AFTER = regex.compile(r"\s+số\s*:?\s*")
_NEXT_WORD = regex.compile(r" (\p{L}+)")
_WORD = regex.compile(r"\p{L}+")


def named_document(text: str, key: str, site: regex.Match, word: TypeWord,
                   starts: frozenset[int]) -> list[Mention]:
    """`starts` are the token starts: a stop word inside a word ("Phòng không") does not stop."""
    type_text = text[site.start():site.end()]
    if word.doc_type == "hien_phap":
        if not type_text[0].isupper():
            return []
        title, rule, end = None, "constitution", site.end()
    else:
        found = _title(text, key, site.end(), type_text[0].isupper(), starts)
        if found is None:
            return []
        title, rule, end = found
        modifier = rules().title_modifier_re.match(key, end)
        end = modifier.end() if modifier else end
    year = None
    year_match = _YEAR_AFTER.match(key, end)
    if year_match:
        year = int(year_match.group(1))
        if not year_ok(year):
            return []  # "Luật Đất đai 1890": not a year a document can have, keep it out
        end = year_match.end()
    mention = _with_number(text, key, site.start(), end, rule, word, type_text)
    if mention is None:
        mention = Mention(site.start(), end, rule, doc_type=word.doc_type, doc_type_text=type_text,
                          key=f"named:{word.doc_type}:{fold(title or '')}:{year or ''}")
    mention.title = title
    mention.year = mention.year or year
    return [mention]


def _with_number(text, key, start, end, rule, word, type_text) -> Mention | None:
    """"Luật Đất đai số 31/2024/QH15": a title and a number name one document."""
    so = _NUMBER_AFTER.match(key, end)
    full = rules().full_re.match(text, so.end()) if so else None
    if not full or not code_is_plausible(parse_code(full["code"])):
        return None
    year = int(full["year"]) if full["year"] else None
    if not year_ok(year):
        return None
    return numbered(start, full.end(), rule, number=full["num"], year=year, sep=full["sep"],
                    code=parse_code(full["code"]), written=word, type_text=type_text)


def _title(text: str, key: str, pos: int, type_capitalised: bool, starts: frozenset[int]):
    """(title, rule id, end) of the title that starts after one space at `pos`, or None."""
    if text[pos:pos + 1] != " ":
        return None
    start = pos + 1
    known = rules().title_re.match(key, start)
    if known and (type_capitalised or text[start].isupper()):
        return proper_d(text[start:known.end()]), "named_law_known", known.end()
    end = _shaped_title_end(text, key, start, starts) if type_capitalised else None
    if end is None:
        return None
    return proper_d(text[start:end]), "named_law_shape", end


def _shaped_title_end(text: str, key: str, start: int, starts: frozenset[int]) -> int | None:
    r = rules()
    first = _WORD.match(text, start)
    if not first or not first.group()[0].isupper() or first.group().isupper():
        return None  # "Luật sư", "Công ty Luật ABC": not a title
    if start in starts and r.phrase_stop_re.match(key, start):
        return None
    end, words = first.end(), 1
    while words < r.max_title_words:
        nxt = _NEXT_WORD.match(text, end)
        if not nxt or (nxt.start(1) in starts and r.phrase_stop_re.match(key, nxt.start(1))):
            break
        if nxt.group(1)[0].isupper():
            proper = r.title_proper_re.match(key, nxt.start(1))
            if proper is None:
                # "Luật Hà Nội" is a name; in a longer title a capital starts the next phrase
                return None if words == 1 else end
            end, words = proper.end(), words + 1
            continue
        end, words = nxt.end(), words + 1
    return end

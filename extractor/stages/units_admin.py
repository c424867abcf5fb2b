"""Admin-unit mentions: a level word and a name, lists, bare province names, back-references.

Names are read on the words of the text, not on underthesea's tokens (which glue a person's
name to a ward's: "Bạch Mai Ninh Anh"): after a level word, the longest run of capitalised
words that the official lists know at that level is the name, so whatever follows (a
person, another body) is left out. Levels without an official list (thôn, tổ dân phố) take
the capitalised run or the number as written.
"""
from __future__ import annotations

from extractor import gazetteer

from .units_lexicon import LevelWord, Word
from .units_scan import Mention, Scan, same_name_gap

MAX_NAME_WORDS = 5
_NAME_GAPS = (" ", ": ")
_ABBREVIATION_GAPS = (" ", ". ", ".")  # "TP. Hồ Chí Minh", "TP.HCM", "Q.10"
_LISTED_LEVELS = gazetteer.LEVELS


def find_admin(sc: Scan) -> None:
    """Every admin mention with a level word (and the lists they govern), then bare provinces."""
    words, i = sc.words, 0
    levels = sc.lex.levels
    while i < len(words):
        found = levels.match(words, i) if levels.starts(words[i].key) and not sc.skipped[i] else None
        i = _level_mentions(sc, i, *found) if found else i + 1
    taken = {w for m in sc.admin for w in range(m.w0, m.w1)}
    provinces = sc.lex.provinces
    for i in range(len(words)):
        if provinces.starts(words[i].key) and i not in taken and not sc.skipped[i]:
            mention = province_at(sc, i, strict=True)
            if mention:
                sc.add_admin(mention)
                taken.update(range(mention.w0, mention.w1))


def _level_mentions(sc: Scan, i: int, n: int, spec: LevelWord) -> int:
    words = sc.words
    if spec.abbreviated and not words[i].cap:
        return i + 1
    j, bracketed = _skip_bracketed_abbreviation(sc, i + n)
    name_follows = _name_may_follow(words, j, spec, bracketed)
    first = _name_at(sc, j, spec) if name_follows else None
    if first is None and not name_follows and _plural_before(sc, i):
        listed = _group_list(sc, i + n, spec)
        if listed is not None:
            return listed
    if first is None:
        # "Chủ tịch UBND xã Lê Văn Hòa": a person's name after a level word that refers back
        person = name_follows and words[j].key in sc.lex.family_names
        if (not name_follows or person) and (not spec.abbreviated or spec.level == "thanh_pho"):
            _back_reference(sc, i, i + n, spec)
        return i + n
    name_end, candidates = first
    colon = words[j].gap.startswith(":")
    w0 = j if colon else i  # "5 huyện: Tuy Phước, ..." : each name stands alone
    rule = "admin.list_item" if colon else ("admin.capital" if spec.capital_of else
                                             "admin.level_name" if candidates else "admin.unlisted")
    sc.add_admin(_mention(sc, rule, w0, name_end, j, spec, candidates))
    return _list_items(sc, name_end, spec, candidates)


def _plural_before(sc: Scan, i: int) -> bool:
    """"các xã", "những tỉnh", "3 huyện": the level word names a group."""
    return i > 0 and sc.words[i].gap == " " and (sc.words[i - 1].num or _generic_word_before(sc, i))


def _group_list(sc: Scan, k: int, spec: LevelWord, limit: int = 5) -> int | None:
    """"các xã vùng cao như Y Tý, Bát Xát", "3 huyện gồm ...": a group described in a few words,
    then the names of its members. Every name must be one the official lists know at the
    level (a capitalised name, for levels without a list). Returns the word after the list."""
    words, q = sc.words, k
    while q < len(words) and q - k <= limit and words[q].gap == " ":
        found = sc.lex.group_introducers.match(words, q)
        if found:
            q += found[0]
            break
        if sc.lex.name_stops.match(words, q) or sc.lex.levels.match(words, q) or words[q].num:
            return None
        q += 1
    else:
        return None
    if q >= len(words) or words[q].gap not in (" ", ": ") or not _plain_name_start(sc, q) or sc.skipped[q]:
        return None
    found = _name_at(sc, q, spec)
    if found is None or (spec.level in _LISTED_LEVELS and not found[1]):
        return None
    end, candidates = found
    sc.add_admin(_mention(sc, "admin.group_list", q, end, q, spec, candidates))
    return _list_items(sc, end, spec, candidates)


def _name_may_follow(words: list[Word], j: int, spec: LevelWord, bracketed: bool) -> bool:
    if j >= len(words):
        return False
    word = words[j]
    if spec.dot and not word.gap.startswith("."):
        return False
    gaps = _ABBREVIATION_GAPS if spec.abbreviated else _NAME_GAPS
    return (word.gap in gaps or (bracketed and word.gap.strip() == ")")) and (word.cap or word.num)


def _skip_bracketed_abbreviation(sc: Scan, j: int) -> tuple[int, bool]:
    """"tổ dân phố (TDP) 76": the abbreviation in brackets is part of the level word."""
    words = sc.words
    if j + 1 < len(words) and words[j].gap.strip() == "(" and words[j + 1].gap.strip() == ")" \
            and words[j].upper and sc.lex.levels.match(words, j):
        return j + 1, True
    return j, False


def _name_at(sc: Scan, j: int, spec: LevelWord) -> tuple[int, tuple] | None:
    """(end word, official candidates) of the name at word j, or None when there is none."""
    words = sc.words
    if words[j].num:
        if spec.level not in _LISTED_LEVELS:
            return j + 1, ()
        found = tuple(gazetteer.lookup(words[j].text, spec.level))
        return (j + 1, found) if found else None
    run = j + 1
    while run < len(words) and run - j < MAX_NAME_WORDS and words[run].cap and words[run].gap == " ":
        run += 1
    level = spec.level if not spec.capital_of else "thanh_pho"
    for end in range(run, j, -1) if level in _LISTED_LEVELS else ():
        found = tuple(gazetteer.lookup(sc.raw(j, end), level))
        if found:
            return end, found
    if level in _LISTED_LEVELS:
        return None  # a foreign city or a typo: not a unit of the official lists
    return _cut_person(sc, j, run), ()


def _cut_person(sc: Scan, j: int, run: int) -> int:
    """A capitalised run stops where a family name starts a person's name."""
    for k in range(j + 1, run):
        if sc.words[k].key in sc.lex.family_names:
            return k
    return min(run, j + 3)


def _mention(sc: Scan, rule: str, w0: int, w1: int, name_start: int, spec: LevelWord, candidates) -> Mention:
    start, end = sc.span(w0, w1)
    return Mention("admin", rule, w0, w1, start, end, level=spec.level, written=sc.raw(name_start, w1),
                   candidates=candidates, capital=bool(spec.capital_of))


def _list_items(sc: Scan, k: int, spec: LevelWord, first: tuple = ()) -> int:
    """"xã Ân Thạnh, Ân Đức và ...": further names under the same level word. After a
    province-level name ("TP Hồ Chí Minh, Đà Nẵng và Bắc Ninh") the list goes on with
    provinces and cities, whatever their level word would be."""
    words = sc.words
    provinces = bool(first) and all(u.tier == "province" for u in first)
    while k < len(words):
        nxt = k
        if words[k].gap == ", " and words[k].key == "và":
            nxt = k + 1
        elif words[k].key == "và" and words[k].gap == " ":
            nxt = k + 1
        elif words[k].gap != ", ":
            break
        if nxt >= len(words) or (nxt > k and words[nxt].gap != " ") or not _plain_name_start(sc, nxt):
            break
        found = _province_name_at(sc, nxt) if provinces else _name_at(sc, nxt, spec)
        if found is None or (spec.level in _LISTED_LEVELS and not found[1]) or sc.skipped[nxt]:
            break
        end, candidates = found
        sc.add_admin(_mention(sc, "admin.list_item", nxt, end, nxt, spec, candidates))
        k = end
    return k


def _province_name_at(sc: Scan, j: int) -> tuple[int, tuple] | None:
    found = sc.lex.provinces.match(sc.words, j)
    if not found:
        return None
    end = j + found[0]
    units = tuple(gazetteer.find_provinces(sc.raw(j, end)))
    return (end, units) if units else None


def _plain_name_start(sc: Scan, k: int) -> bool:
    word = sc.words[k]
    if not (word.cap or word.num):
        return False
    return not (sc.lex.levels.match(sc.words, k) or sc.lex.heads.match(sc.words, k)
                or sc.lex.fixed.match(sc.words, k))


# ---------------------------------------------------------------- back-references
def _back_reference(sc: Scan, i: int, end: int, spec: LevelWord) -> None:
    if spec.capital_of:
        if sc.words[i].cap:
            sc.add_admin(_mention(sc, "admin.capital", i, end, i, spec, ()))
        return
    if spec.level not in sc.lex.back_reference_levels or _generic(sc, i, end):
        return
    start, stop = sc.span(i, end)
    if not sc.is_token(start, stop):  # "xã hội", "tỉnh lộ": part of another word
        return
    mention = _mention(sc, "admin.back_reference", i, end, i, spec, ())
    mention.back_ref = True
    sc.add_admin(mention)


def _generic(sc: Scan, i: int, end: int) -> bool:
    """A level word that names a group ("các xã", "cấp tỉnh, xã", "xã/phường") or a compound."""
    words, lex = sc.words, sc.lex
    if end < len(words) and words[end].gap == " " and words[end].key in lex.compounds_after:
        return True
    if i > 0 and ((words[i - 1].num and words[i].gap == " ") or _generic_word_before(sc, i)):
        return True
    if words[i].gap.strip() == "/" or (end < len(words) and words[end].gap.strip().startswith("/")):
        return True
    return _level_list_neighbour(sc, i, end)


def _generic_word_before(sc: Scan, i: int) -> bool:
    words = sc.words
    if words[i].gap != " ":
        return False
    for n in (1, 2):
        found = sc.lex.generic_before.match(words, i - n) if i - n >= 0 else None
        if found and found[0] == n:
            return True
    return False


def _level_list_neighbour(sc: Scan, i: int, end: int) -> bool:
    """Level words listed together name kinds of unit: "các huyện, thị xã, thành phố"."""
    words, lex = sc.words, sc.lex
    before = i - 1 if words[i].gap in (", ", " ") else None
    if before is not None and words[before].key == "và":
        before -= 1
    if before is not None and before >= 0 and (words[i].gap == ", " or words[i - 1].key == "và"):
        for n in (1, 2):
            if before - n + 1 >= 0 and (m := lex.levels.match(words, before - n + 1)) and m[0] == n:
                return True
    if end < len(words):
        after = end + 1 if words[end].key == "và" else end
        if after < len(words) and (words[end].gap == ", " or after > end) and lex.levels.match(words, after):
            return True
    return False


# ---------------------------------------------------------------- province names
def province_at(sc: Scan, i: int, *, strict: bool) -> Mention | None:
    """A province name (or alias) starting at word i. `strict`: it must stand on its own as a
    place; otherwise (an organisation's scope, "Sở KH&CN Bắc Ninh") only proper names of
    companies and the like are refused."""
    words = sc.words
    found = sc.lex.provinces.match(words, i)
    if not found or not all(w.cap for w in words[i:i + found[0]]):
        return None
    end = i + found[0]
    if end < len(words) and words[end].cap and words[end].gap == " ":
        if words[end].key not in sc.lex.family_names:
            return None  # "Hà Nội Mới", "Huế Xanh": a longer proper name
    if strict and not _stands_alone(sc, i):
        return None
    if blocked_as_place(sc, i):
        return None
    units = tuple(gazetteer.find_provinces(sc.raw(i, end)))
    if not units:
        return None
    start, stop = sc.span(i, end)
    rule = "admin.bare_province" if strict else "admin.org_scope"
    return Mention("admin", rule, i, end, start, stop, written=sc.raw(i, end), candidates=units)


def _stands_alone(sc: Scan, i: int) -> bool:
    """Not inside a longer capitalised name, except after a sentence's first word ("Tại Hà Nội")."""
    words = sc.words
    if i == 0 or not same_name_gap(words[i]) or not (words[i - 1].cap or words[i - 1].num):
        return True
    before = words[i - 1]
    if not before.opens_sentence or before.key in sc.lex.family_names:
        return False
    lex = sc.lex
    return not (lex.heads.match(words, i - 1) or lex.levels.match(words, i - 1) or lex.fixed.match(words, i - 1))


def blocked_as_place(sc: Scan, i: int, limit: int = 6) -> bool:
    """True when a place name at word i is part of a company's, paper's or port's name."""
    words, lex = sc.words, sc.lex
    for p in range(i - 1, max(i - limit, 0) - 1, -1):
        if not same_name_gap(words[p + 1]) or lex.name_stops.match(words, p):
            return False
        found = lex.place_blockers.match(words, p)
        if found and p + found[0] <= i:
            return True
    return False

"""Lower-case runs inside the names of bodies (units_org).

Names are written in sentence case, so lower-case words may belong to a name. Two runs are
read here without a closed word list: the words describing a school between its kind and its
proper name ("Trường THPT chuyên Nguyễn Tất Thành", "Trường PTDTBT Tiểu học Y Tý"), and the
words between a name's capitalised word and one of its known words (`name_words`: "Trung tâm
Đổi mới sáng tạo quốc gia"). Both stop at a verb or preposition of the sentence
(`name_stops`) or a level word, and both must reach the capital / known word to count.
"""
from __future__ import annotations

from .units_scan import Scan


def modifiers_end(sc: Scan, k: int, limit: int = 4) -> int:
    """Word after the lower-case words (at most `limit`) that lead from a name's opening to its
    capitalised part ("chuyên", "dân tộc bán trú"); `k` itself when there are none or they do
    not reach a capital."""
    words, q = sc.words, k
    while q < len(words) and q - k < limit and words[q].gap == " " and not words[q].cap and not words[q].num:
        if _ends_lower_run(sc, q):
            return k
        q += 1
    return q if q > k and q < len(words) and words[q].cap else k


def _ends_lower_run(sc: Scan, q: int) -> bool:
    """A lower-case word a name never runs through: a verb or preposition of the sentence
    (`name_stops`) or a level word ("xã", the scope)."""
    return bool(sc.lex.name_stops.match(sc.words, q) or sc.lex.levels.match(sc.words, q))


def bridge_end(sc: Scan, k: int, limit: int = 2) -> int | None:
    """End of lower-case words (at most `limit`) that a name runs through, from its capitalised
    word to one of its known words: "Đổi mới sáng tạo quốc gia". Only right after the capital:
    after "quốc gia" the name is complete, and a verb may follow ("... quốc gia hỗ trợ xây dựng")."""
    words, q = sc.words, k
    while q < len(words) and q - k < limit and words[q].gap == " " and not words[q].cap and not words[q].num:
        if _ends_lower_run(sc, q):
            return None
        q += 1
        if q < len(words) and words[q].gap == " " and (found := sc.lex.name_words.match(words, q)):
            return q + found[0]
    return None

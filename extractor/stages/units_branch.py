"""Branches of banks and of national systems: the scope written after a body's own name.

"Ngân hàng Nhà nước chi nhánh tỉnh Quảng Ninh", "Ngân hàng Nông nghiệp và Phát triển nông
thôn (Agribank) Chi nhánh Đồng Tháp", "Agribank Chi nhánh Quảng Ninh", "Kho bạc Nhà nước Nghệ
An": the branch is a body of its own, named by its parent's name and the scope as written
(with or without "chi nhánh", with or without the level word). "chi nhánh" says outright that
a place follows, so a province after it is a scope even where a bank's name would otherwise
make it part of a proper name ("Ngân hàng ... Chi nhánh Đồng Nai").
"""
from __future__ import annotations

from extractor import gazetteer

from .units_admin import blocked_as_place
from .units_scan import Mention, Scan

_BRANCH = ("chi", "nhánh")


def branch_after(sc: Scan, k: int, *, bare_scope: bool) -> tuple[Mention, int, str, str, int | None] | None:
    """(scope, end word, style, "chi nhánh" as written or "", bracket word) of a branch
    written from word k on. `bare_scope`: the scope may follow the name directly ("Kho bạc
    Nhà nước Nghệ An"); otherwise "chi nhánh" must come first."""
    words, bracket = sc.words, None
    if _bracketed(sc, k):  # "(Agribank) Chi nhánh Đồng Tháp"
        bracket, k = k, k + 1
    written = ""
    if k + 1 < len(words) and (words[k].key, words[k + 1].key) == _BRANCH and words[k + 1].gap == " " \
            and (words[k].gap == " " or (bracket is not None and words[k].gap.strip() == ")")):
        written = sc.text[words[k].start:words[k + 1].end]
        k += 2
    elif not bare_scope or bracket is not None:
        return None
    if k >= len(words) or words[k].gap != " ":
        return None
    scope = _scope_at(sc, k, after_branch_word=bool(written))
    if scope is None:
        return None
    admin, style = scope
    return admin, admin.w1, style, written, bracket


def _bracketed(sc: Scan, k: int) -> bool:
    words = sc.words
    return k + 1 < len(words) and words[k].gap.strip() == "(" and words[k].cap \
        and words[k + 1].gap.strip().startswith(")")


def _scope_at(sc: Scan, k: int, after_branch_word: bool) -> tuple[Mention, str] | None:
    admin = sc.admin_at.get(k)
    if admin is not None and admin.rule != "admin.list_item":
        style = "bare" if admin.rule in ("admin.bare_province", "admin.org_scope") else "level"
        return admin, style
    found = sc.lex.provinces.match(sc.words, k)
    if not found or not all(w.cap for w in sc.words[k:k + found[0]]):
        return None
    end = k + found[0]
    if end < len(sc.words) and sc.words[end].cap and sc.words[end].gap == " ":
        return None  # a longer proper name
    if not after_branch_word and blocked_as_place(sc, k):
        return None
    units = tuple(gazetteer.find_provinces(sc.raw(k, end)))
    if not units:
        return None
    start, stop = sc.span(k, end)
    return sc.add_admin(Mention("admin", "admin.org_scope", k, end, start, stop, written=sc.raw(k, end),
                                candidates=units)), "bare"

"""Organisation mentions: a head ("Sở", "UBND", "Trung tâm"...), a name, and a scope.

Vietnamese names of bodies are written in sentence case ("Trung tâm Phục vụ hành chính
công"), so where a name ends is not visible from capitals alone. A name here is: a known
field ("Khoa học và Công nghệ", "KH&CN") or a capitalised word, continued by capitalised
words, by lower-case words that occur in names (rules/units.yaml `name_words`), by "và" +
a capitalised word, and by a comma list closed by "và" ("Kinh tế, Hạ tầng và Đô thị"). It
stops at a level word, another head, a family name or a verb. Lower-case words that lead to
a known word or a capital are read in units_names ("Đổi mới sáng tạo quốc gia", "THPT chuyên
Nguyễn Tất Thành"). The admin unit right after it (or after "của") is its scope; a branch
("Agribank Chi nhánh Đồng Tháp", "Kho bạc Nhà nước Nghệ An") is read in units_branch.
"""
from __future__ import annotations

from .units_admin import province_at
from .units_branch import branch_after
from .units_names import bridge_end, modifiers_end
from .units_lexicon import FixedOrg, Head, phrase_keys
from .units_scan import Mention, Scan

MAX_NAME_WORDS = 14
DASH_GAPS = ("-", " - ", " – ", "–")
_LEGAL_FORMS = ("cổ phần", "trách nhiệm hữu hạn", "một thành viên", "thương mại cổ phần", "cp", "tnhh",
                "mtv", "tmcp")


def find_orgs(sc: Scan) -> None:
    lex, i = sc.lex, 0
    while i < len(sc.words):
        key = sc.words[i].key
        may_start = lex.heads.starts(key) or lex.fixed.starts(key) or lex.after_titles.starts(key)
        mention = parse_org(sc, i) if may_start and not sc.skipped[i] and not _in_code(sc, i) else None
        if mention is None:
            i += 1
            continue
        sc.orgs.append(mention)
        sc.orgs.extend(_named_inside(mention))
        i = mention.w1


def _in_code(sc: Scan, i: int) -> bool:
    """The word is the issuer part of a document number ("02/2023/TT-NHNN", "7215/UBND-KT")."""
    words = sc.words
    return i > 0 and words[i].gap in ("-", "/") and (words[i - 1].upper or words[i - 1].num)


def _named_inside(mention: Mention) -> list[Mention]:
    """Bodies named inside a mention: the Bộ of "Đoàn công tác Bộ ..." (a mention of it, if it
    is named on its own too), the members of a joint venture (entities of their own)."""
    inside = []
    inner = mention.parent_org
    while inner is not None:
        inner.attach_only = True
        inside.append(inner)
        inner = inner.parent_org
    return inside + list(mention.members)


def parse_org(sc: Scan, i: int) -> Mention | None:
    words, lex = sc.words, sc.lex
    titled = lex.after_titles.match(words, i)
    if titled:  # "Trưởng phòng Kinh tế ...": the body starts at "phòng"
        n, head = titled
        start = i + n - len(head.head.split())
        return _headed(sc, start, start + len(head.head.split()), head, titled=True)
    fixed, headed = lex.fixed.match(words, i), lex.heads.match(words, i)
    if fixed and words[i].cap and (not headed or fixed[0] >= headed[0]):
        return _fixed(sc, i, *fixed)
    if headed and (words[i].cap or headed[1].lower_ok):
        return _headed(sc, i, i + headed[0], headed[1])
    return None


def _fixed(sc: Scan, i: int, n: int, org: FixedOrg) -> Mention:
    start, end = sc.span(i, i + n)
    mention = Mention("org", org.rule, i, i + n, start, end, level=org.level, written=org.name)
    branch = branch_after(sc, i + n, bare_scope=True) if org.branches else None
    if branch is not None:
        # A branch keeps its parent's name as written ("Ngân hàng Nhà nước chi nhánh ..."),
        # a brand in full ("Agribank Chi nhánh ..." -> "Ngân hàng Nông nghiệp ...").
        _as_branch(sc, mention, org.name if n == 1 else _written(sc, i + n, [], i), branch)
    return mention


def _as_branch(sc: Scan, mention: Mention, body: str, branch) -> None:
    admin, end, style, written, bracket = branch
    mention.w1, mention.end = end, sc.words[end - 1].end
    mention.written = f"{body} {written}" if written else body
    mention.scope, mention.scope_style, mention.branch, mention.short_name_at = admin, style, True, bracket


def _headed(sc: Scan, i: int, j: int, head: Head, titled: bool = False) -> Mention | None:
    if head.name == "orgs":
        return _joint(sc, i, j, head)
    if head.name == "org" or head.nested:
        inner = _inner_org(sc, j)
        if inner is not None:
            return _org(sc, head, i, inner.w1, head.head, scope=inner.scope, style=inner.scope_style,
                        parent_org=inner)
    name = None
    if head.name == "field":
        name = field_name(sc, j, head)
    elif head.name == "company":
        name = company_name(sc, j, head)
    end, written = name if name else (j, "")
    may_go_unnamed = head.name == "none" or head.unnamed
    scope = _scope_at(sc, end, head) if name or may_go_unnamed else None
    if name is None and scope is None:
        return None if titled else _bare(sc, head, i, j)
    body = written if head.name_only else " ".join(p for p in (_head_text(sc, i, j, head), written) if p)
    if scope is None and head.level == "ngan_hang" and (branch := branch_after(sc, end, bare_scope=False)):
        mention = _org(sc, head, i, end, body)
        _as_branch(sc, mention, body, branch)
        return mention
    if scope is None:
        return _org(sc, head, i, end, body)
    admin, scope_end, style = scope
    return _org(sc, head, i, scope_end, body, scope=admin, style=style)


def _head_text(sc: Scan, i: int, j: int, head: Head) -> str:
    """The head as written ("Ban chỉ đạo"), or in full when abbreviated ("UBND") or lower-case."""
    written = sc.text[sc.words[i].start:sc.words[j - 1].end]
    return written if written[0].isupper() and phrase_keys(written) == phrase_keys(head.head) else head.head


def _org(sc: Scan, head: Head, w0: int, w1: int, body: str, *, scope=None, style=None,
         parent_org=None) -> Mention:
    start, end = sc.span(w0, w1)
    return Mention("org", head.rule, w0, w1, start, end, level=head.level, written=body, head=head,
                   scope=scope, scope_style=style, parent_org=parent_org)


def _joint(sc: Scan, i: int, j: int, head: Head) -> Mention | None:
    """"Liên danh Công ty A và Công ty B": a joint venture of the bodies listed."""
    members, k = [], j
    while (member := _inner_org(sc, k)) is not None and member.head is not None and member.head.name == "company":
        members.append(member)
        k = member.w1
        if k + 1 >= len(sc.words) or sc.words[k].key != "và" or sc.words[k].gap != " ":
            break
        k += 1
    if not members:
        return None
    body = f"{head.head} " + " và ".join(m.written for m in members)
    mention = _org(sc, head, i, members[-1].w1, body)
    mention.members = members
    return mention


def _inner_org(sc: Scan, j: int) -> Mention | None:
    """The body a delegation or office belongs to: "Đoàn công tác (của) Bộ KH&CN"."""
    words = sc.words
    if j < len(words) and words[j].key == "của" and words[j].gap == " ":
        j += 1
    if j >= len(words) or words[j].gap != " ":
        return None
    inner = parse_org(sc, j)
    return inner if inner is not None and not inner.back_ref else None


def _bare(sc: Scan, head: Head, i: int, j: int) -> Mention | None:
    """A head with no name: a back-reference, unless it is part of a longer word or a group."""
    words = sc.words
    start, end = sc.span(i, j)
    if not sc.is_token(start, end):  # "Bộ trưởng", "Sở hữu", "Tỉnh ủy viên"
        return None
    if j < len(words) and words[j].gap == " " and sc.lex.generic_before.match(words, j):
        return None  # "Ủy ban nhân dân các cấp", "UBND cấp xã"
    if j < len(words) and words[j].gap == " " and words[j].num:
        return None
    mention = _org(sc, head, i, j, head.head)
    mention.back_ref = True
    mention.rule = "org.back_reference"
    return mention


# ---------------------------------------------------------------- names
def field_name(sc: Scan, j: int, head: Head) -> tuple[int, str] | None:
    """(end word, name as it goes into the record) of the name after a head, or None."""
    words, lex = sc.words, sc.lex
    if j >= len(words) or words[j].gap != " ":
        return None
    parts: list[str] = []
    k = j
    opener = lex.openers.get(head.rule)
    if opener and (found := opener.match(words, k)):
        parts.append(_written(sc, k + found[0], [], k))  # "THPT" -> "Trung học phổ thông"
        k += found[0]
        # "Trường THPT chuyên Nguyễn Tất Thành": lower-case words describing the school before its name
        proper = modifiers_end(sc, k)
        if proper < len(words) and words[proper].gap == " " and words[proper].cap \
                and not _stops_name(sc, proper, head, first=True):
            # "Trường tiểu học Lý Tự Trọng": the proper name may be a person's
            end = _continue_name(sc, proper, head, first=True)
            return end, _written(sc, end, parts, k)
    elif found := lex.fields.match(words, k):
        if not words[k].cap:
            return None
        written = sc.text[words[k].start:words[k + found[0] - 1].end]
        # An abbreviation ("KH&CN") is written out; a field written in full stays as written.
        parts.append(written if phrase_keys(written) == phrase_keys(found[1]) else found[1])
        k += found[0]
        if head.field_is_name:
            return k, _written(sc, k, parts, k)
    elif not words[k].cap or _stops_name(sc, k, head, first=True):
        return None
    end = _continue_name(sc, k, head, first=not parts)
    if end == j:
        return None
    return end, _written(sc, end, parts, k)






def company_name(sc: Scan, j: int, head: Head) -> tuple[int, str] | None:
    words = sc.words
    if j >= len(words) or words[j].gap != " ":
        return None
    k = _legal_form_end(sc, j)
    if k >= len(words) or words[k].gap != " " or not (words[k].cap or words[k].num):
        return None
    end = _continue_name(sc, k, head, first=True)
    if end == k:
        return None
    if head.name_only:
        return end, sc.raw(k, end)
    return end, _written(sc, end, [], j)


def core_name_start(sc: Scan, mention: Mention) -> int:
    """First word of a company's own name, after its head and legal form."""
    return _legal_form_end(sc, mention.w0 + len(mention.head.head.split()))


def _legal_form_end(sc: Scan, k: int) -> int:
    words = sc.words
    while k < len(words):
        for form in _LEGAL_FORMS:
            n = len(form.split())
            if " ".join(w.key for w in words[k:k + n]) == form and all(w.gap == " " for w in words[k:k + n]):
                k += n
                break
        else:
            return k
    return k


def _continue_name(sc: Scan, k: int, head: Head, first: bool) -> int:
    """End word of a name whose words before `k` are taken; `first`: words[k] opens it."""
    words, lex, start = sc.words, sc.lex, k
    capital_end = -1  # the word after the last capitalised word (with its joined syllables)
    if first:
        k = capital_end = sc.token_tail(k)
    while k < len(words) and k - start < MAX_NAME_WORDS:
        word = words[k]
        if word.gap == " " and (word.cap or word.num and _number_may_follow(words[k - 1])):
            if _stops_name(sc, k, head):
                break
            k = capital_end = sc.token_tail(k)
        elif word.gap == " " and (found := lex.name_words.match(words, k)):
            k += found[0]
        elif word.gap == " " and word.key == "và" and _capital_follows(sc, k, head):
            k += 1
        elif word.gap == " " and head.name != "company" and k == capital_end and (bridge := bridge_end(sc, k)):
            k = bridge
        elif word.gap == " " and _sandwiched(sc, k, head):
            k += 1
        elif word.gap in DASH_GAPS and word.cap:
            tail = _company_tail(sc, k, head)
            if tail:
                k = tail
            elif _stops_name(sc, k, head):
                break
            else:
                k = sc.token_tail(k)
        elif word.gap == ", " and word.cap and _closed_list(sc, k, head):
            k = sc.token_tail(k)
        else:
            break
    return k




def _number_may_follow(word) -> bool:
    """"Chi cục Hải quan ... khu vực 1", "Công ty May số II": a number inside a name."""
    return word.cap or word.key in ("vực", "số")


def _stops_name(sc: Scan, k: int, head: Head, first: bool = False) -> bool:
    words, lex = sc.words, sc.lex
    if lex.levels.match(words, k) or lex.fixed.match(words, k):
        return True
    if words[k].key in lex.family_names and not first:
        return True
    if head.name != "company" and _head_starts(sc, k):
        return True
    if head.scope != "none" and province_at(sc, k, strict=False) is not None:
        return _place_ends_name(sc, k)
    return False


def _head_starts(sc: Scan, k: int) -> bool:
    """Another body starts at word k: a head followed by a capital ("Sở Tài chính"), or an
    abbreviated head ("UBND"); not "Phòng chống thiên tai" inside a name."""
    found = sc.lex.heads.match(sc.words, k)
    if not found:
        return False
    after = k + found[0]
    return sc.words[k].upper or (after < len(sc.words) and sc.words[after].cap and sc.words[after].gap == " ")


def _place_ends_name(sc: Scan, k: int) -> bool:
    """A province name inside a name is its scope unless the name goes on after it."""
    found = sc.lex.provinces.match(sc.words, k)
    after = k + found[0]
    return after >= len(sc.words) or sc.words[after].gap != " " or not sc.lex.name_words.match(sc.words, after)


def _capital_follows(sc: Scan, k: int, head: Head) -> bool:
    nxt = k + 1
    return nxt < len(sc.words) and sc.words[nxt].gap == " " and sc.words[nxt].cap \
        and not _stops_name(sc, nxt, head) and not sc.lex.heads.match(sc.words, nxt)


def _sandwiched(sc: Scan, k: int, head: Head) -> bool:
    """One lower-case word between capitals of a name: "Tân cảng Sài Gòn", "May số II"."""
    words = sc.words
    if sc.lex.name_stops.match(words, k) or sc.lex.levels.match(words, k) or k + 1 >= len(words):
        return False
    nxt = words[k + 1]
    return nxt.gap == " " and (nxt.cap or nxt.num) and words[k - 1].cap and not _stops_name(sc, k + 1, head) \
        and not sc.lex.heads.match(words, k + 1)


def _company_tail(sc: Scan, k: int, head: Head) -> int | None:
    """"Tập đoàn Vingroup - Công ty CP": the legal entity written after a group's name."""
    if head.name != "company":
        return None
    found = sc.lex.heads.match(sc.words, k)
    if not found or found[1].rule != "org.cong_ty":
        return None
    end = _legal_form_end(sc, k + found[0])
    return end if end > k + found[0] else None


def _closed_list(sc: Scan, k: int, head: Head, limit: int = 10) -> bool:
    """", Hạ tầng và Đô thị": a comma inside a name needs a "và" closing the list."""
    words, token_stop = sc.words, 0
    for q in range(k, min(k + limit, len(words) - 1)):
        word = words[q]
        if word.key == "và" and word.gap == " ":
            return _capital_follows(sc, q, head)
        if word.gap not in (" ", ", ") or (q > k and word.gap == ", " and not word.cap):
            return False
        if word.cap:
            if _stops_name(sc, q, head):
                return False
            token_stop = sc.token_end_at[q]
        elif word.end > token_stop:  # a lower-case word outside the name's words
            return False
    return False


def _written(sc: Scan, end: int, parts: list[str], k: int) -> str:
    """The name as written from word k on, after `parts` (a field or opener already read),
    with abbreviations in full ("CP" -> "cổ phần")."""
    out = "".join(parts)
    while k < end:
        word = sc.words[k]
        found = sc.lex.name_abbreviations.match(sc.words, k)
        n, text = (found[0], found[1]) if found and k + found[0] <= end else (1, word.text)
        out += (word.gap if out else "") + text
        k += n
    return out


# ---------------------------------------------------------------- scope
def _scope_at(sc: Scan, k: int, head: Head) -> tuple[Mention, int, str] | None:
    """The admin unit an organisation belongs to, written right after its name."""
    words = sc.words
    if head.scope == "none" or k >= len(words):
        return None
    if words[k].key == "của" and words[k].gap == " ":
        admin = sc.admin_at.get(k + 1)
        if admin is not None and words[k + 1].gap == " " and admin.rule != "admin.bare_province":
            return admin, admin.w1, "level"
        return None
    if words[k].gap != " ":
        return None
    admin = sc.admin_at.get(k)
    if admin is not None and admin.rule not in ("admin.list_item",):
        style = "bare" if admin.rule in ("admin.bare_province", "admin.org_scope") else "level"
        return admin, admin.w1, style
    admin = province_at(sc, k, strict=False)
    if admin is not None:
        sc.add_admin(admin)
        return admin, admin.w1, "bare"
    return None

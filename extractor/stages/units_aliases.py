"""Organisation mentions after the first pass: scopes shared by listed heads, and the
short names a body goes by once it has been named in full."""
from __future__ import annotations

from .units_org import DASH_GAPS, core_name_start
from .units_scan import Mention, Scan


def share_scopes(sc: Scan) -> None:
    """"Đảng ủy, HĐND, UBND phường Bạch Mai": heads listed before one scope all take it."""
    orgs = sorted(sc.orgs, key=lambda m: m.w0)
    for n, m in enumerate(orgs):
        if not _needs_scope(m):
            continue
        chain, previous = [m], m
        for other in orgs[n + 1:]:
            if not _listed_after(sc, previous, other) or not (other.head and other.head.scope == "required"):
                break
            if other.scope is not None:
                for bare in chain:
                    bare.scope, bare.scope_style, bare.back_ref = other.scope, other.scope_style, False
                    bare.rule = "org.shared_scope"
                break
            chain.append(other)
            previous = other


def _needs_scope(m: Mention) -> bool:
    return m.back_ref and m.head is not None and m.head.scope == "required"


def _listed_after(sc: Scan, previous: Mention, other: Mention) -> bool:
    words = sc.words
    if other.w0 == previous.w1:
        return words[other.w0].gap == ", "
    return other.w0 == previous.w1 + 1 and words[previous.w1].key == "và" and words[other.w0].gap == " "


def find_short_names(sc: Scan) -> None:
    """A body named in full may then go by its own name ("Vingroup", "Tân cảng Sài Gòn"), or by
    the short name given in brackets after it ("Ngân hàng TMCP Ngoại thương Việt Nam (Vietcombank)")."""
    words, cores = sc.words, {}
    for m in sc.orgs:
        if m.back_ref or m.alias_of is not None or m.attach_only:
            continue
        if m.head is not None and m.head.name == "company" and not m.head.name_only and not m.branch:
            keys = _core_keys(sc, m)
            if keys and not sc.lex.provinces.match(words, core_name_start(sc, m)):
                cores.setdefault(keys[0], []).append((keys, m))
        short = m.short_name_at if m.short_name_at is not None else m.w1  # "(Agribank)" inside a branch
        if _bracketed_short_name(sc, short):
            cores.setdefault(words[short].key, []).append(((words[short].key,), m))
    if not cores:
        return
    # A brand matched on its own ("Vietcombank") is the same body as the full name it shortens.
    sc.orgs = [m for m in sc.orgs if not (m.head is None and m.w1 - m.w0 == 1 and words[m.w0].key in cores)]
    taken = {k for m in sc.orgs for k in range(m.w0, m.w1)}
    for i, word in enumerate(words):
        if word.key not in cores or i in taken or not word.cap or sc.skipped[i]:
            continue
        for keys, full in cores[word.key]:
            end = i + len(keys)
            if tuple(w.key for w in words[i:end]) == keys and not taken.intersection(range(i, end)) \
                    and (end >= len(words) or not words[end].cap or words[end].gap != " "):
                start, stop = sc.span(i, end)
                sc.orgs.append(Mention("org", "org.short_name", i, end, start, stop, level=full.level,
                                       written=full.written, head=full.head, alias_of=full))
                taken.update(range(i, end))
                break


def _bracketed_short_name(sc: Scan, k: int) -> bool:
    words = sc.words
    return k < len(words) and words[k].gap.strip() == "(" and words[k].cap \
        and (k + 1 == len(words) or words[k + 1].gap.lstrip().startswith(")"))


def _core_keys(sc: Scan, m: Mention) -> tuple[str, ...]:
    start = core_name_start(sc, m)
    end = start
    while end < m.w1 and not (end > start and sc.words[end].gap in DASH_GAPS):
        end += 1
    return tuple(w.key for w in sc.words[start:end])

"""From mentions to entities: link admin names, attach back-references, name organisations.

Order matters and is fixed: explicit admin mentions are linked to the official lists
first; then level words alone ("tỉnh", "của phường") attach to the unit they refer to;
then organisations get their scope (written, referred to, or the article's province for a
provincial department) and their full name; last, heads alone ("Sở", "Đoàn công tác")
attach to a body already named. A back-reference never makes an entity of its own.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import regex

from extractor import gazetteer
from extractor.normalize import fold

from .units_link import date_era, link
from .units_scan import Entity, Mention, Scan

LEVEL_WORDS = {"tinh": "tỉnh", "thanh_pho": "thành phố", "quan": "quận", "huyen": "huyện", "thi_xa": "thị xã",
               "thi_tran": "thị trấn", "phuong": "phường", "xa": "xã", "dac_khu": "đặc khu",
               "to_dan_pho": "tổ dân phố", "khu_pho": "khu phố", "thon": "thôn", "ap": "ấp"}
_PUNCT = regex.compile(r"[\s,.\-–&]+")
_PROVINCE_LEVELS = ("tinh", "thanh_pho")


def resolve(sc: Scan, published) -> list[Entity]:
    entities: dict[tuple, Entity] = {}
    admin = [m for m in sc.admin if not sc.skipped[m.w0]]
    province = _resolve_admin(sc, admin, entities, date_era(published))
    _resolve_orgs(sc, [m for m in sc.orgs if not sc.skipped[m.w0]], admin, entities, province)
    return sorted((e for e in entities.values() if e.mentions), key=lambda e: min(x.start for x in e.mentions))


def _resolve_admin(sc: Scan, admin: list[Mention], entities: dict[tuple, Entity], era: str) -> Entity | None:
    """Link and group the explicit mentions, then attach the back-references; returns the
    article's province."""
    _link_admin(sc, admin, era)
    for m in admin:
        if not m.back_ref and (m.unit is not None or m.level is not None):
            _join(entities, m, *_admin_identity(m))
    province = _article_province(entities)
    places = [e for e in entities.values() if e.kind == "admin"]
    # "UBND tỉnh" in an article of 2025 is the province of 2025, not the merged one the
    # article last named ("tỉnh Tiền Giang cũ"): a level word alone refers to a unit of the
    # article's era when the article names one of that level.
    current = [e for e in places if e.era in (None, era)]
    for m in admin:
        if m.back_ref:
            same_era = [e for e in current if e.level == m.level]
            _attach(sc, m, same_era or places, province, _admin_level_key)
    return province


def _resolve_orgs(sc: Scan, orgs: list[Mention], admin: list[Mention], entities: dict[tuple, Entity],
                  province: Entity | None) -> None:
    for m in orgs:
        if m.head is not None and m.head.implicit_scope == "local" and m.scope is None:
            m.scope = _local_scope(sc, m, admin)
        if m.head is not None and m.head.name == "none" and m.scope is not None and m.scope.entity is None:
            m.back_ref, m.rule = True, "org.back_reference"  # "UBND xã" whose xã is not named
    # Bodies written with their scope first, so a bare "Sở Công Thương" before or after joins them.
    for m in sorted(orgs, key=lambda x: x.scope is None and x.parent_org is None):
        if not m.back_ref and m.alias_of is None and not m.attach_only:
            _join(entities, m, *_org_identity(m, entities, province))
    for m in orgs:
        if m.attach_only and (key := _org_identity(m, entities, province)[0]) in entities:
            _add(entities[key], m)
        elif m.alias_of is not None and m.alias_of.entity is not None:
            _add(m.alias_of.entity, m)
    _finish_orgs(entities)
    bodies = [e for e in entities.values() if e.kind == "org"]
    for m in orgs:
        if m.back_ref and m.head is not None and (m.head.back_reference or m.scope is not None):
            level = m.scope.level if m.scope is not None else None
            same = [e for e in bodies if level is None or e.scope_level == level]
            _attach(sc, m, same, None, lambda e: e.head_key, key=fold(m.head.head))


def _add(entity: Entity, m: Mention) -> None:
    entity.mentions.append(m)
    m.entity = entity


# ---------------------------------------------------------------- admin
def _link_admin(sc: Scan, admin: list[Mention], era: str) -> None:
    by_sentence: dict[int, list[Mention]] = {}
    for m in admin:
        by_sentence.setdefault(sc.sentence[m.w0], []).append(m)
    wide = [u for m in admin for u in m.candidates if u.tier != "commune"]
    hanoi = tuple(gazetteer.find_provinces("Hà Nội"))
    for m in admin:
        if m.back_ref:
            continue
        candidates = m.candidates or (hanoi if m.capital else ())
        if not candidates:
            continue
        others = [other for other in by_sentence[sc.sentence[m.w0]] if other is not m]
        near = [u for other in others for u in other.candidates]
        certain = [other.candidates[0] for other in others if len(other.candidates) == 1]
        m.unit = link(candidates, sentence=near, siblings=certain, article=wide, era=era)


def _admin_identity(m: Mention) -> tuple[tuple, str, str]:
    unit = m.unit
    level = unit.level if unit is not None else m.level
    # An ambiguous name is still written as the lists write it ("Tân Hoà" -> "Tân Hòa").
    name = unit.name if unit is not None else m.candidates[0].name if m.candidates else m.written
    return ("admin", level, fold(name)), level, name


def _admin_level_key(entity: Entity) -> str:
    return entity.level


def _article_province(entities: dict[tuple, Entity]) -> Entity | None:
    """The province-level unit the article is about: named at least twice as often as all the
    other provinces together (an article comparing provinces has none)."""
    counts = Counter({e.key: len(e.mentions) for e in entities.values()
                      if e.kind == "admin" and e.level in _PROVINCE_LEVELS and e.code and len(e.code) == 2})
    ranked = counts.most_common()
    if not ranked or ranked[0][1] < 2 * sum(n for _, n in ranked[1:]):
        return None
    return entities[ranked[0][0]]


# ---------------------------------------------------------------- organisations
def _org_identity(m: Mention, entities: dict[tuple, Entity], province: Entity | None) -> tuple[tuple, str, str]:
    body = m.written if m.parent_org is None else f"{m.head.head} {_inner_name(m.parent_org, province)}"
    scope = _scope_entity(m, province)
    m.scope_style = m.scope_style or (m.head.scope_style if m.head else None)
    key = ("org", m.level, _PUNCT.sub(" ", fold(body)).strip())
    if scope is None and m.head is not None and m.head.scope != "none":
        scoped = [e for k, e in entities.items() if k[:3] == key and len(k) > 3]
        if len(scoped) == 1:  # "Sở Quy hoạch - Kiến trúc" after "Sở Quy hoạch - Kiến trúc Hà Nội"
            return scoped[0].key, m.level, scoped[0].name
    if scope is None or m.parent_org is not None:
        return key + ((scope.key,) if scope else ()), m.level, body
    m.scope = m.scope or _virtual_scope(scope)
    return key + (scope.key,), m.level, body


def _local_scope(sc: Scan, m: Mention, admin: list[Mention]) -> Mention | None:
    """The commune or district named last before `m`, in its paragraph or the one before."""
    before = [a for a in admin if a.entity is not None and a.end <= m.start and _local(a.entity)]
    if not before:
        return None
    last = max(before, key=lambda a: a.start)
    return last if sc.paragraph[m.w0] - sc.paragraph[last.w0] <= 1 else None


def _local(entity: Entity) -> bool:
    return entity.level not in _PROVINCE_LEVELS or (entity.code is not None and len(entity.code) == 3)


def _scope_entity(m: Mention, province: Entity | None) -> Entity | None:
    if m.scope is not None:
        return m.scope.entity
    head = m.head
    if head is None or not head.implicit_scope or province is None:
        return None
    if head.implicit_scope == "own":  # "Tỉnh ủy" is the province's, "Thành ủy" the city's
        own = {"tỉnh ủy": "tinh", "thành ủy": "thanh_pho"}.get(fold(head.head))
        return province if own == province.level else None
    return province


def _virtual_scope(entity: Entity) -> Mention:
    """The scope the text leaves out ("Sở Công Thương" of the article's province)."""
    return Mention("admin", "implicit", 0, 0, 0, 0, level=entity.level, entity=entity)


def _inner_name(inner: Mention, province: Entity | None) -> str:
    if inner.parent_org is not None:
        return f"{inner.head.head} {_inner_name(inner.parent_org, province)}"
    scope = _scope_entity(inner, province)
    return inner.written if scope is None else _scoped_name(inner.written, scope, inner.scope_style or "level")


def _scoped_name(body: str, scope: Entity, style: str) -> str:
    if style == "bare" or scope.level not in LEVEL_WORDS:
        return f"{body} {scope.name}"
    return f"{body} {LEVEL_WORDS[scope.level]} {scope.name}"


def _finish_orgs(entities: dict[tuple, Entity]) -> None:
    """Full name (body and scope, the level word written when any mention writes it) and parent."""
    for entity in entities.values():
        if entity.kind != "org":
            continue
        first = entity.mentions[0]
        scope = next((m.scope.entity for m in entity.mentions if m.scope and m.scope.entity), None)
        if scope is not None and first.parent_org is not None:  # the scope is in the inner name
            entity.parent, entity.scope_level = scope.name, scope.level
        elif scope is not None:
            entity.scope_level = scope.level
            styles = {m.scope_style for m in entity.mentions if m.scope is not None and m.scope.rule != "implicit"}
            style = "level" if "level" in styles else "bare" if styles else (first.scope_style or "level")
            if style == "bare" and _level_word_belongs(entity, scope):
                style = "level"
            entity.name = _scoped_name(entity.name, scope, style)
            entity.parent = scope.name
        entity.head_key = fold(first.head.head) if first.head else None


def _level_word_belongs(entity: Entity, scope: Entity) -> bool:
    """"Sở Y tế Hà Tĩnh" is named "Sở Y tế tỉnh Hà Tĩnh": a department's scope takes its level
    word when the text leaves it out before a province, or writes a city by a short form
    ("Sở Y tế TP.HCM"). A city's own name stays bare, as its departments are named ("Sở Quy
    hoạch - Kiến trúc Hà Nội"); so do bodies named in the bare style ("Tỉnh ủy Nghệ An") and
    branches, whose names keep their scope as written ("Kho bạc Nhà nước Nghệ An")."""
    first = entity.mentions[0]
    if first.head is None or first.head.scope_style != "level" or any(m.branch for m in entity.mentions):
        return False
    if scope.level == "tinh":
        return True
    written = [m.scope.written for m in entity.mentions if m.scope is not None and m.scope_style == "bare"]
    return scope.level == "thanh_pho" and any(fold(w) != fold(scope.name) for w in written)


# ---------------------------------------------------------------- shared
def _join(entities: dict[tuple, Entity], m: Mention, key: tuple, level: str, name: str) -> None:
    entity = entities.get(key)
    if entity is None:
        entity = entities[key] = Entity(m.kind, level, name, key)
    _add(entity, m)
    if m.kind == "admin":
        _set_unit(entity)


def _set_unit(entity: Entity) -> None:
    """Code, era and parent of an admin entity: the unit most of its mentions were linked to."""
    units = Counter(m.unit for m in entity.mentions if m.unit is not None)
    if units:
        unit = units.most_common(1)[0][0]
        entity.code, entity.era = unit.code, unit.era
        entity.parent = unit.province if unit.tier != "province" else None


def _attach(sc: Scan, m: Mention, entities: list[Entity], fallback: Entity | None,
            key_of: Callable[[Entity], str | None], key: str | None = None) -> None:
    """A back-reference joins the last same-kind entity named in its paragraph or the one
    before; failing that the only one in the article; failing that `fallback`."""
    wanted = key if key is not None else m.level
    target = _recent(sc, m, [e for e in entities if key_of(e) == wanted])
    if target is None and fallback is not None and key_of(fallback) == wanted:
        target = fallback
    if target is not None:
        _add(target, m)


def _recent(sc: Scan, m: Mention, same: list[Entity]) -> Entity | None:
    earlier = [(x.start, x.w0, e) for e in same for x in e.mentions if x.start < m.start and not x.back_ref]
    if earlier:
        _, word, entity = max(earlier, key=lambda found: found[0])
        if sc.paragraph[m.w0] - sc.paragraph[word] <= 1:
            return entity
    return same[0] if len(same) == 1 else None

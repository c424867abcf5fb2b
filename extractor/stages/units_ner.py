"""Opt-in candidate source: underthesea's statistical NER (`VNIE_UNITS_NER=1`). Off by default.

underthesea `ner()` tags LOC/ORG spans; here each span the rules did not already cover is
offered to the same checks the rules use: a LOC that is a province name (not inside a
company's name) or a name the official lists know at exactly one level becomes an admin
mention (rule ner.loc); an ORG that starts with an organisation head is read by the org
grammar, and any other ORG span becomes an organisation of level `other` (rule ner.org).

Measured on corpus/articles (9 gold articles, 39 admin units, 72 organisations):
                   admin P / R / F1         org P / R / F1           units stage
    rules only     1.000 / 1.000 / 1.000    1.000 / 1.000 / 1.000    ~10-30 ms/article
    rules + NER    1.000 / 1.000 / 1.000    0.973 / 1.000 / 0.986    ~1-2 s/article
NER finds nothing the rules miss there and adds "Đảng" twice as an organisation; on
corpus/units.yaml it breaks 1 of 150 examples. ner() costs 13-23x word segmentation of the
same text (the pipeline already pays for segmentation once), so the default pipeline does
not run it. The model is loaded once per process, on first use.
"""
from __future__ import annotations

import os
from functools import cache

from extractor import gazetteer

from .units_admin import blocked_as_place, province_at
from .units_org import parse_org
from .units_scan import Mention, Scan

ENV = "VNIE_UNITS_NER"
# Declared in rules/units_ner.yaml: these ids fire only when the option is on.
RULE_LOC, RULE_ORG = "ner.loc", "ner.org"


def enabled() -> bool:
    return os.environ.get(ENV, "") == "1"


@cache
def _ner():
    from underthesea import ner

    return ner


def add_candidates(sc: Scan) -> None:
    for label, w0, w1 in _entity_spans(sc):
        if label == "LOC":
            _loc(sc, w0, w1)
        elif label == "ORG":
            _org(sc, w0, w1)


def _entity_spans(sc: Scan) -> list[tuple[str, int, int]]:
    """(LOC|ORG, first word, end word) of every NER entity outside the skipped ranges."""
    spans, offset = [], 0
    for line in sc.text.split("\n"):
        if line.strip():
            spans += _line_spans(sc, line, offset)
        offset += len(line) + 1
    return spans


def _line_spans(sc: Scan, line: str, offset: int) -> list[tuple[str, int, int]]:
    found, cursor, current = [], 0, None
    for token, _pos, _chunk, tag in _ner()(line):
        start = line.find(token.split()[0], cursor)
        if start < 0:
            continue
        end, cursor = start + len(token), start + len(token)
        if tag.startswith("B-") or (tag.startswith("I-") and (current is None or current[0] != tag[2:])):
            current = [tag[2:], offset + start, offset + end]
            found.append(current)
        elif tag.startswith("I-"):
            current[2] = offset + end
        else:
            current = None
    out = []
    for label, start, end in found:
        words = [w.index for w in sc.words if start <= w.start and w.end <= end]
        if words and not sc.skipped[words[0]]:
            out.append((label, words[0], words[-1] + 1))
    return out


def _covered(mentions: list[Mention], w0: int, w1: int) -> bool:
    return any(m.w0 < w1 and w0 < m.w1 for m in mentions)


def _loc(sc: Scan, w0: int, w1: int) -> None:
    if _covered(sc.admin, w0, w1) or _covered(sc.orgs, w0, w1) or sc.lex.levels.match(sc.words, w0):
        return
    if not all(w.cap for w in sc.words[w0:w1]) or _name_goes_on(sc, w1):
        return
    province = province_at(sc, w0, strict=False)
    if province is not None and province.w1 == w1:
        province.rule = RULE_LOC
        sc.add_admin(province)
        return
    candidates = tuple(gazetteer.lookup(sc.raw(w0, w1)))
    levels = {u.level for u in candidates}
    if len(levels) == 1 and not blocked_as_place(sc, w0):
        start, end = sc.span(w0, w1)
        sc.add_admin(Mention("admin", RULE_LOC, w0, w1, start, end, level=levels.pop(),
                             written=sc.raw(w0, w1), candidates=candidates))


def _name_goes_on(sc: Scan, w1: int) -> bool:
    """"Hà Nội Mới": the span is the start of a longer proper name."""
    return w1 < len(sc.words) and sc.words[w1].cap and sc.words[w1].gap == " "


def _org(sc: Scan, w0: int, w1: int) -> None:
    if _covered(sc.orgs, w0, w1):
        return
    mention = parse_org(sc, w0)
    if mention is None and sc.words[w0].cap:
        start, end = sc.span(w0, w1)
        mention = Mention("org", RULE_ORG, w0, w1, start, end, level="other", written=sc.raw(w0, w1))
    if mention is not None and not mention.back_ref:
        sc.orgs.append(mention)

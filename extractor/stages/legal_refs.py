"""Stage `legal_refs`: every decree, circular, decision and law an article cites, one record per
distinct document with all its mentions.

Rules are data (rules/legal_refs.yaml, rules/issuers.yaml). The work is split:
  legal_refs_scan     explicit mentions: "Nghị định số 132/2025/NĐ-CP", "Nghị định 179",
                      lists "các Nghị định số 132, 133 và 150/2025/NĐ-CP", "; số 269/TB-UBND"
  legal_refs_titles   named documents: "Luật Đất đai 2024", "Hiến pháp năm 2013"
  legal_refs_numbers  what a number says: type code, issuers, canonical "132/2025/NĐ-CP"
  legal_refs_anaphora "Nghị định này", "các quyết định này", "quyết định thu hồi đất"
  here                hits, and records (a bare "Nghị định 179" joins the full
                      "179/2025/NĐ-CP" of the same article).
Each hit spans the whole written reference, number included, so later stages (dates,
quantities) skip the digits of document numbers.
"""
from __future__ import annotations

from spacy.attrs import IDX
from spacy.tokens import Doc

from ..hits import Hit, add_hit, hits, is_skipped, key_of, text_of
from ..models import LegalRef, Span
from .legal_refs_anaphora import pointers
from .legal_refs_scan import scan

NAME = "legal_refs"

_POINTER_RULES = ("anaphor_demonstrative", "anaphor_bare_type", "anaphor_plural", "description_backref")


def component(doc: Doc) -> Doc:
    text, key = text_of(doc), key_of(doc)
    regions = _searched_regions(len(text), doc._.meta.skipped)
    starts = frozenset(doc.to_array(IDX).tolist())  # token starts, without building Tokens
    mentions, sites = scan(text, key, starts, regions)
    mentions = [m for m in mentions if not is_skipped(doc, m.start, m.end)]
    for mention in sorted(mentions + pointers(text, key, sites, mentions), key=lambda m: m.start):
        add_hit(doc, NAME, mention.start, mention.end, mention.rule, **mention.fields())
    return doc


def _searched_regions(length: int, skipped: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The text outside skipped ranges (a related-article block is often most of a page)."""
    regions, cursor = [], 0
    for start, end in sorted(skipped):
        if start > cursor:
            regions.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < length:
        regions.append((cursor, length))
    return regions


def to_records(doc: Doc) -> list[LegalRef]:
    stage_hits = hits(doc, NAME)
    alias = _aliases(stage_hits)
    groups: dict[str, list[Hit]] = {}
    for hit in sorted(stage_hits, key=lambda h: h.start):
        groups.setdefault(alias.get(hit.fields["key"], hit.fields["key"]), []).append(hit)
    text = text_of(doc)
    return [_record(text, group) for group in groups.values()]


def _aliases(stage_hits: list[Hit]) -> dict[str, str]:
    """Keys that name a document written more fully elsewhere in the article: a bare
    "Nghị định 179" and the one "179/2025/NĐ-CP"; a yearless "Luật Đất đai" and the one
    "Luật Đất đai 2024". Ambiguous ones (two full 179s) stay on their own."""
    explicit = [h.fields for h in stage_hits if h.rule not in _POINTER_RULES]
    alias = {}
    for f in explicit:
        k = f["key"]
        if k.startswith("bare:"):
            targets = {g["key"] for g in explicit if g["key"].startswith("num:")
                       and g.get("number") == f["number"] and g["doc_type"] == f["doc_type"]}
        elif k.startswith("named:") and k.endswith(":"):
            targets = {g["key"] for g in explicit if g["key"].startswith(k) and g["key"] != k}
        else:
            continue
        if len(targets) == 1:
            alias[k] = targets.pop()
    return alias


def _rank(fields: dict) -> tuple:
    return ("issuer_code" in fields, "year" in fields, "title" in fields)


def _record(text: str, group: list[Hit]) -> LegalRef:
    explicit = [h for h in group if h.rule not in _POINTER_RULES] or group
    best = max(explicit, key=lambda h: _rank(h.fields)).fields  # max keeps the first of equals
    type_text = next((h.fields["doc_type_text"] for h in explicit if h.fields.get("doc_type_text")), "")
    title = next((h.fields["title"] for h in explicit if h.fields.get("title")), None)
    return LegalRef(
        doc_type=best["doc_type"], doc_type_text=type_text, number=best.get("number"),
        year=best.get("year"), issuer_code=best.get("issuer_code"), issuers=list(best.get("issuers", [])),
        canonical=best.get("canonical"), title=title,
        mentions=[Span.at(text, h.start, h.end) for h in group],
    )

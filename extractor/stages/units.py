"""Stage `units`: administrative units and state organisations, one record per entity.

Gazetteer and rules first (rules/units.yaml, rules/abbreviations.yaml, the official lists
in rules/admin_units.jsonl): admin mentions with a level word, the lists they govern and
bare province names (units_admin); bodies with their head, name and scope (units_org);
then linking, back-references and full names (units_link, units_resolve). underthesea's
statistical NER is an opt-in candidate source (units_ner, off by default: see its note).

For later stages: `find_unit(doc, start, end)` gives the unit record a character range
refers to (the `by`/`to` of a recommendation).
"""
from __future__ import annotations

from spacy.tokens import Doc

from extractor.hits import add_hit, hits, text_of
from extractor.models import Span, Unit

from . import units_ner
from .units_admin import find_admin
from .units_aliases import find_short_names, share_scopes
from .units_org import find_orgs
from .units_resolve import resolve
from .units_scan import scan

NAME = "units"
_RECORDS_KEY = "vnie_units_records"


def component(doc: Doc) -> Doc:
    sc = scan(doc)
    find_admin(sc)
    find_orgs(sc)
    share_scopes(sc)
    find_short_names(sc)
    if units_ner.enabled():
        units_ner.add_candidates(sc)
    for number, entity in enumerate(resolve(sc, doc._.meta.published)):
        for m in sorted(entity.mentions, key=lambda x: (x.start, x.end)):
            add_hit(doc, NAME, m.start, m.end, m.rule, entity=number, kind=entity.kind, level=entity.level,
                    name=entity.name, code=entity.code, era=entity.era, parent=entity.parent)
    doc.user_data.pop(_RECORDS_KEY, None)
    return doc


def to_records(doc: Doc) -> list[Unit]:
    cached = doc.user_data.get(_RECORDS_KEY)
    if cached is not None:
        return cached
    grouped: dict[int, list] = {}
    for hit in hits(doc, NAME):
        grouped.setdefault(hit.fields["entity"], []).append(hit)
    records, text = [], text_of(doc)
    for entity_hits in grouped.values():
        fields = entity_hits[0].fields
        spans = sorted({(h.start, h.end) for h in entity_hits})
        records.append(Unit(kind=fields["kind"], level=fields["level"], name=fields["name"], code=fields["code"],
                            era=fields["era"], parent=fields["parent"],
                            mentions=[Span.at(text, s, e) for s, e in spans]))
    records.sort(key=lambda u: u.mentions[0].start)
    doc.user_data[_RECORDS_KEY] = records
    return records


def find_unit(doc: Doc, start: int, end: int, kind: str | None = None) -> Unit | None:
    """The unit a character range refers to: the one whose mention overlaps it most (an
    organisation before the admin unit inside its name, on a tie the longer mention).
    `kind` ("admin" / "org") restricts the answer. None when no mention overlaps.

    >>> find_unit(doc, by_start, by_end)   # "Sở Khoa học và Công nghệ Bắc Ninh" -> the Sở
    """
    best, best_score = None, (0, 0, 0)
    for unit in to_records(doc):
        if kind is not None and unit.kind != kind:
            continue
        for mention in unit.mentions:
            overlap = min(end, mention.end) - max(start, mention.start)
            score = (overlap, unit.kind == "org", mention.end - mention.start)
            if overlap > 0 and score > best_score:
                best, best_score = unit, score
    return best

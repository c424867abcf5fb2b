"""Stage `checks`: do the article's figures add up?

Reads the quantity records (`extractor.stages.quantities.to_records`, the very list that
becomes `Article.quantities`, so check indices point into it), finds the figures the text
ties together (checks_links) and tests them within their written precision (checks_math):

  percent_of_total  "73 thủ tục (chiếm 37,06%)" of a whole of 197 → 73/197 = 37,056% ≈ 37,06
  sum_of_parts      "197 ... Trong đó, 73 ..., 124 ..." → 73 + 124 = 197
  share_sum_100     the shares of one whole: 37,06% + 62,94% = 100%
  ratio             a part of a whole with no share stated ("9.301 hồ sơ, trong đó 8.498 hồ sơ")
                    → the implied share 91,37%, status ok; "197/197 thủ tục (đạt 100%)" → 100 = 100

Each check is a hit on the figure it judges (the stated share, the stated whole), so `vnie
explain` shows it with its cue rule; the record is rebuilt from the hit at the end.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from ..hits import add_hit, hits, text_of
from ..models import FigureCheck
from . import quantities as quantities_stage
from .checks_links import Fig, Links, Share, Split, find_links
from .checks_math import add, decimals_of, interval, meets, share, vn_number, written

NAME = "checks"


@dataclass
class Draft:
    kind: str
    ok: bool
    figs: list[Fig]
    anchor: Fig       # the figure the check judges; the hit's span
    rule: str
    stated: float | None
    expected: float | None
    message: str


def _v(fig: Fig) -> str:
    return written(fig.q)


def _unit(fig: Fig) -> str:
    return f" {fig.q.unit}" if fig.q.unit and fig.q.unit != "%" else ""


def _percent(x: float, decimals: int) -> str:
    return vn_number(x, decimals) + "%"


def _sum_check(split: Split) -> Draft | None:
    whole, parts = split.whole, split.parts
    intervals = [interval(p.q) for p in parts]
    whole_iv = interval(whole.q)
    if None in intervals or whole_iv is None:
        return None
    total_iv = add(intervals)
    total = round(sum(p.q.value for p in parts), 6)
    ok = meets(total_iv, whole_iv)
    if not ok and split.partial and total_iv[1] < whole_iv[0]:
        return None  # "trong đó có ...": a selection may fall short of the whole
    terms = " + ".join(_v(p) for p in parts)
    shown = written(max(parts, key=lambda p: decimals_of(p.q)).q, total)
    if ok:
        close = "" if total == whole.q.value else " trong phạm vi làm tròn"
        message = f"{terms} = {shown}, khớp với tổng {_v(whole)}{_unit(whole)}{close}"
    else:
        message = f"{terms} = {shown}, nhưng tổng đã nêu là {_v(whole)}{_unit(whole)}"
    return Draft("sum_of_parts", ok, [whole, *parts], whole, split.rule, whole.q.value, total, message)


def _percent_check(part: Fig, whole_value: float, whole_iv, stated: Share, kind: str) -> Draft | None:
    part_iv, stated_iv = interval(part.q), interval(stated.fig.q)
    implied_iv = share(part_iv, whole_iv) if part_iv else None
    if implied_iv is None or stated_iv is None or whole_value <= 0:
        return None
    implied = 100 * part.q.value / whole_value
    decimals = decimals_of(stated.fig.q)
    ok = meets(implied_iv, stated_iv)
    ratio = f"{_v(part)}/{written(part.q, whole_value)} = {_percent(implied, decimals + 1)}"
    stated_text = _percent(stated.fig.q.value, decimals)
    message = (f"{ratio}, khớp với {stated_text} đã nêu" if ok
               else f"{ratio}, nhưng bài viết ghi {stated_text}")
    figs = [part, stated.fig]
    return Draft(kind, ok, figs, stated.fig, stated.rule, stated.fig.q.value, round(implied, decimals), message)


def _implied_ratio(split: Split) -> Draft | None:
    (part,), whole = split.parts, split.whole
    part_iv, whole_iv = interval(part.q), interval(whole.q)
    if not part_iv or not whole_iv or whole.q.value <= 0:
        return None
    implied = 100 * part.q.value / whole.q.value
    ok = part_iv[0] <= whole_iv[1]
    ratio = f"{_v(part)}/{_v(whole)} = {_percent(implied, 2)}"
    message = (f"{ratio} (tỷ lệ suy ra, bài viết không nêu)" if ok
               else f"{ratio}: phần lớn hơn tổng {_v(whole)}{_unit(whole)}")
    return Draft("ratio", ok, [whole, part], part, split.rule, None, round(implied, 2), message)


def _share_sum(shares: list[Share], closed: bool, rule: str) -> Draft | None:
    intervals = [interval(s.fig.q) for s in shares]
    if None in intervals:
        return None
    total_iv = add(intervals)
    decimals = max(decimals_of(s.fig.q) for s in shares)
    total = round(sum(s.fig.q.value for s in shares), decimals + 2)
    terms = " + ".join(_percent(s.fig.q.value, decimals_of(s.fig.q)) for s in shares)
    if meets(total_iv, (100.0, 100.0)):
        ok, message = True, f"{terms} = {_percent(total, decimals)}"
    elif total_iv[0] > 100:
        ok, message = False, f"{terms} = {_percent(total, decimals)}, vượt 100%"
    elif closed:
        ok, message = False, f"{terms} = {_percent(total, decimals)}, không đủ 100% dù đã kể hết các phần"
    else:
        return None
    figs = [s.fig for s in shares]
    return Draft("share_sum_100", ok, figs, figs[-1], rule, total, 100.0, message)


def _split_checks(split: Split, tied: dict[int, Share]) -> list[Draft]:
    drafts: list[Draft | None] = []
    whole_iv = interval(split.whole.q)
    total = None if split.subset or len(split.parts) < 2 else _sum_check(split)
    drafts.append(total)
    shares = [tied.get(p.index) for p in split.parts]
    for part, stated in zip(split.parts, shares):
        if stated is not None and whole_iv is not None:
            drafts.append(_percent_check(part, split.whole.q.value, whole_iv, stated, "percent_of_total"))
    if len(split.parts) == 1 and shares[0] is None:
        drafts.append(_implied_ratio(split))
    if len(split.parts) >= 2 and all(shares):
        closed = bool(total and total.ok and not split.partial) or split.exhaustive
        drafts.append(_share_sum(shares, closed, split.rule))
    return [d for d in drafts if d is not None]


def build_checks(links: Links) -> list[Draft]:
    tied = {s.of.index: s for s in links.shares}
    drafts = [d for split in links.splits for d in _split_checks(split, tied)]
    for stated in links.shares:  # "197/197 thủ tục (đạt 100%)": the fraction against its share
        fraction = stated.of
        if fraction.q.of and fraction.q.value is not None:
            drafts.append(_percent_check(fraction, fraction.q.of, (fraction.q.of, fraction.q.of), stated, "ratio"))
    for group in links.free_shares:
        drafts.append(_share_sum(group, False, group[0].rule))
    drafts = [d for d in drafts if d is not None]
    return sorted(drafts, key=lambda d: (d.anchor.start, d.kind))


def sentence_ranges(doc: Doc, text: str | None = None) -> list[tuple[int, int]]:
    """`doc.sents` as character ranges. Pass `text` when you hold it."""
    from spacy.attrs import IDX, SENT_START

    text = text_of(doc) if text is None else text
    if not len(doc):
        return [(0, len(text))]
    # The token arrays, not `doc.sents`: that builds a Token object per token and costs more
    # than the whole check.
    table = doc.to_array([IDX, SENT_START])
    firsts = table[(table[:, 1] == 1) & (table[:, 0] > 0), 0]
    starts = [0] + [int(i) for i in firsts]
    return list(zip(starts, starts[1:] + [len(text)]))


def component(doc: Doc) -> Doc:
    records = quantities_stage.to_records(doc)
    if not records:
        return doc
    text = text_of(doc)
    for draft in build_checks(find_links(text, sentence_ranges(doc, text), records)):
        add_hit(doc, NAME, draft.anchor.start, draft.anchor.end, draft.rule,
                kind=draft.kind, status="ok" if draft.ok else "mismatch",
                spans=[(f.start, f.end) for f in draft.figs],
                stated=draft.stated, expected=draft.expected, message=draft.message)
    return doc


def to_records(doc: Doc) -> list[FigureCheck]:
    stage_hits = hits(doc, NAME)
    if not stage_hits:
        return []
    # Indices into the very list the article builder puts in `Article.quantities`.
    index = {(q.span.start, q.span.end): i for i, q in enumerate(quantities_stage.to_records(doc))}
    records = []
    for hit in stage_hits:
        figures = [index.get(tuple(span)) for span in hit.fields["spans"]]
        if None in figures:
            continue  # the quantities changed after the check was made: drop it rather than mislead
        records.append(FigureCheck(
            kind=hit.fields["kind"], status=hit.fields["status"], quantities=figures,
            stated=hit.fields["stated"], expected=hit.fields["expected"], message=hit.fields["message"],
        ))
    return records

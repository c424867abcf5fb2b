"""Which figures the text ties together: a whole and its parts, a part and its stated share.

Only explicit ties count (rules/checks.yaml): a cue word in the same sentence ("trong đó",
"trong tổng số", "chiếm", a bracket right after the figure), or "Trong đó, ..." opening the
sentence after the whole. Parts must count the same noun as their whole ("hồ sơ" / "hồ sơ").
Anything less explicit is left unchecked: no check is better than a wrong one.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cache

import regex

from ..models import Quantity
from ..normalize import fold
from ..resources import load_yaml
from .checks_math import interval

AMOUNT_KINDS = ("count", "measure", "money")
_WORDISH = regex.compile(r"[\w\d]")
_DELIMITER = regex.compile(r"[,(]")


@dataclass(frozen=True)
class Fig:
    """One quantity record, with its index in `Article.quantities` and its sentence."""

    index: int
    q: Quantity
    sent: int

    @property
    def start(self) -> int:
        return self.q.span.start

    @property
    def end(self) -> int:
        return self.q.span.end

    @property
    def noun(self) -> str | None:
        return " ".join(fold(self.q.unit).split()) if self.q.unit else None

    @property
    def is_amount(self) -> bool:
        return self.q.kind in AMOUNT_KINDS and self.q.value is not None

    @property
    def is_part(self) -> bool:  # "197/197 thủ tục" can be a whole, never a listed part
        return self.is_amount and self.q.of is None

    @property
    def is_share(self) -> bool:
        return self.q.kind == "percent" and self.q.value is not None


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    group: str  # splits | totals | subsets | shares
    rule: str
    partial: bool = False
    strong: bool = False


@dataclass
class Split:
    whole: Fig
    parts: list[Fig]
    rule: str
    partial: bool = False     # "trong đó có": the parts may be a selection
    subset: bool = False      # tied by a subset cue only: gives the implied share, nothing else
    exhaustive: bool = False  # "còn lại" closes the list


@dataclass(frozen=True)
class Share:
    fig: Fig      # the percentage
    of: Fig       # the figure it is the share of
    rule: str
    strong: bool  # tied by "chiếm" with no figure of its own


@dataclass
class Links:
    splits: list[Split] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)         # a percentage tied to a figure
    free_shares: list[list[Share]] = field(default_factory=list)  # "nam chiếm 55%, nữ chiếm 48%"


def _phrase_regex(phrases: list[str]) -> regex.Pattern:
    keys = sorted({" ".join(fold(p).split()) for p in phrases}, key=len, reverse=True)
    body = "|".join(r"\s+".join(map(regex.escape, k.split())) for k in keys)
    return regex.compile(rf"(?<![\w])(?:{body})(?![\w])")


@cache
def cue_rules() -> dict:
    """rules/checks.yaml compiled: one regex per cue group, and the phrase → rule tables."""
    data = load_yaml("checks.yaml")
    compiled: dict = {"lookup": {}}
    for group in ("splits", "totals", "subsets", "shares"):
        phrases = []
        for rule in data[group]:
            for phrase in rule.get("phrases", []):
                key = " ".join(fold(phrase).split())
                compiled["lookup"][(group, key)] = (rule["id"], bool(rule.get("partial")), bool(rule.get("strong")))
                phrases.append(phrase)
            if rule.get("brackets"):
                compiled["bracket_rule"] = rule["id"]
        compiled[group] = _phrase_regex(phrases)
    compiled["not_a_share"] = regex.compile(_phrase_regex(data["not_a_share"]).pattern.replace("(?<![\\w])", "^", 1))
    compiled["exhaustive"] = _phrase_regex(data["exhaustive"])
    compiled["list_break"] = _phrase_regex(data["list_breaks"])
    compiled["negated"] = regex.compile(_phrase_regex(data["negations"]).pattern + r"\s*$")
    return compiled


def find_cues(folded: str) -> list[Cue]:
    rules, cues = cue_rules(), []
    for group in ("splits", "totals", "subsets"):
        for m in rules[group].finditer(folded):
            if group == "splits" and rules["negated"].search(folded, max(0, m.start() - 12), m.start()):
                continue  # "chưa bao gồm ...": what follows is excluded, not a part
            rule, partial, strong = rules["lookup"][(group, " ".join(m.group().split()))]
            cues.append(Cue(m.start(), m.end(), group, rule, partial, strong))
    return sorted(cues, key=lambda c: c.start)


def same_noun(a: Fig, b: Fig) -> bool:
    """Both count the same thing: equal units, or one a longer form ("thủ tục hành chính")."""
    x, y = a.noun, b.noun
    if not x or not y or a.q.kind != b.q.kind:
        return False
    return x == y or x.startswith(y + " ") or y.startswith(x + " ")


class Passage:
    """The text, its folded key, its sentences and its figures, with the lookups linking needs."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], quantities: list[Quantity]):
        self.text, self.folded = text, fold(text)
        self.sentences = sentences or [(0, len(text))]
        self._starts = [s for s, _ in self.sentences]
        figs = [Fig(i, q, self.sentence_of(q.span.start)) for i, q in enumerate(quantities)]
        self.figs = sorted(figs, key=lambda f: (f.start, f.end))

    def sentence_of(self, pos: int) -> int:
        return max(bisect.bisect_right(self._starts, pos) - 1, 0)

    def in_sentence(self, sent: int) -> list[Fig]:
        return [f for f in self.figs if f.sent == sent]

    def opens_sentence(self, pos: int) -> bool:
        """Nothing but punctuation before `pos` in its sentence ("Trong đó, ...")."""
        start = self.sentences[self.sentence_of(pos)][0]
        return not _WORDISH.search(self.text, start, pos)

    def region_end(self, cue: Cue, cues: list[Cue]) -> int:
        """Where the parts introduced by `cue` stop: sentence end, closing bracket, next cue."""
        end = self.sentences[self.sentence_of(cue.start)][1]
        if self.folded[max(0, cue.start - 8):cue.start].rstrip().endswith("("):
            close = self.text.find(")", cue.end, end)
            end = close if close >= 0 else end
        later = [c.start for c in cues if c.group in ("splits", "totals") and cue.end <= c.start < end]
        found = cue_rules()["list_break"].search(self.folded, cue.end, end)
        return min(later + [found.start()] if found else later, default=end)


def _split_after(passage: Passage, cue: Cue, cues: list[Cue]) -> Split | None:
    """ "<whole>, trong đó <part>, <part>" (the whole may end the previous sentence)."""
    end = passage.region_end(cue, cues)
    region = [f for f in passage.figs if f.is_part and cue.end <= f.start < end]
    sent = passage.sentence_of(cue.start)
    wholes = [f for f in passage.in_sentence(sent) if f.is_amount and f.end <= cue.start]
    if not wholes and sent > 0 and passage.opens_sentence(cue.start):
        wholes = [f for f in passage.in_sentence(sent - 1) if f.is_amount]
    for whole in reversed(wholes):
        parts = [f for f in region if same_noun(f, whole)]
        if parts:
            exhaustive = bool(cue_rules()["exhaustive"].search(passage.folded, cue.end, end))
            return Split(whole, parts, cue.rule, partial=cue.partial, exhaustive=exhaustive)
    return None


def _split_total(passage: Passage, cue: Cue, cues: list[Cue]) -> Split | None:
    """ "<part> và <part> trong tổng số <whole>" or "Trong tổng số <whole>, <part>, <part>"."""
    after = [f for f in passage.figs if f.is_amount and f.start >= cue.end]
    if not after or not regex.fullmatch(r"\s*(?:là|:)?\s*", passage.folded[cue.end:after[0].start]):
        return None
    whole, sent = after[0], passage.sentence_of(cue.start)
    previous_cue = max((c.end for c in cues if c.group in ("splits", "totals") and c.end <= cue.start
                        and passage.sentence_of(c.start) == sent), default=0)
    parts = [f for f in passage.in_sentence(sent)
             if f.is_part and previous_cue <= f.start and f.end <= cue.start and same_noun(f, whole)]
    if not parts and passage.opens_sentence(cue.start):
        end = passage.region_end(cue, cues)
        parts = [f for f in passage.in_sentence(sent)
                 if f.is_part and whole.end <= f.start < end and same_noun(f, whole)]
    return Split(whole, parts, cue.rule) if parts else None


def _subset_splits(passage: Passage, cues: list[Cue], taken: set[int]) -> list[Split]:
    """ "tiếp nhận 9.301 hồ sơ, giải quyết đúng hạn 8.498 hồ sơ": the second is a subset."""
    splits = []
    for cue in (c for c in cues if c.group == "subsets"):
        figs = [f for f in passage.in_sentence(passage.sentence_of(cue.start)) if f.is_part]
        in_clause = [f for f in figs if _same_clause(passage, f, cue)]
        part = min(in_clause, key=lambda f: min(abs(f.start - cue.end), abs(cue.start - f.end)), default=None)
        if part is None or part.index in taken:
            continue
        left = min(cue.start, part.start)
        whole = next((f for f in reversed(figs) if f.end <= left and same_noun(f, part)), None)
        if whole is None or not regex.search(r"[,;]", passage.text[whole.end:left]):
            continue
        part_iv, whole_iv = interval(part.q), interval(whole.q)
        if part_iv and whole_iv and part_iv[0] <= whole_iv[1]:  # resolved > received: not a subset
            splits.append(Split(whole, [part], cue.rule, subset=True))
            taken.add(part.index)
    return splits


def _same_clause(passage: Passage, fig: Fig, cue: Cue) -> bool:
    """No comma, semicolon or bracket between the figure and the cue."""
    a, b = (fig.end, cue.start) if fig.end <= cue.start else (cue.end, fig.start)
    return not regex.search(r"[,;()]", passage.text[a:b])


def find_splits(passage: Passage, cues: list[Cue]) -> list[Split]:
    splits, seen = [], set()
    for cue in cues:
        split = (_split_after(passage, cue, cues) if cue.group == "splits"
                 else _split_total(passage, cue, cues) if cue.group == "totals" else None)
        key = split and (split.whole.index, tuple(p.index for p in split.parts))
        if split and key not in seen and not seen_parts(splits) & {p.index for p in split.parts}:
            seen.add(key)
            splits.append(split)
    return splits + _subset_splits(passage, cues, seen_parts(splits))


def find_shares(passage: Passage) -> tuple[list[Share], list[list[Share]]]:
    """Percentages tied to the figure just before them, and runs of bare "chiếm X%" shares
    (same sentence, same subject, no other figure between them)."""
    tied, groups, run = [], [], []
    for before, fig in zip([None] + passage.figs, passage.figs):
        share = None
        if fig.is_share and fig.q.low is None and not _rate_against_other(passage, fig):
            share = _tie(passage, before, fig)
            if share is not None:
                tied.append(share)
            elif (rule := _strong_cue_before(passage, fig)) is not None:
                free = Share(fig, fig, rule, strong=True)
                if run and (run[-1].fig.sent, run[-1].fig.q.subject) == (fig.sent, fig.q.subject):
                    run.append(free)
                else:
                    groups.append(run := [free])
                continue
        run = []  # any other figure ends a run of bare shares
    return tied, [group for group in groups if len(group) >= 2]


def _tie(passage: Passage, before: Fig | None, fig: Fig) -> Share | None:
    """ "73 thủ tục ... (chiếm 37,06%)", "124 thủ tục ... (62,94%)", "8.498 hồ sơ, đạt 91,37%"."""
    if before is None or not before.is_amount or before.sent != fig.sent:
        return None
    gap = passage.folded[before.end:fig.start]
    if len(gap) > 150 or ";" in gap:
        return None
    rules = cue_rules()
    delimiters = list(_DELIMITER.finditer(gap))
    tail = " ".join(gap[delimiters[-1].end():].split()).rstrip(":").strip() if delimiters else None
    if delimiters and delimiters[-1].group() == "(" and tail == "":
        return Share(fig, before, rules["bracket_rule"], strong=False)
    if tail:
        found = rules["lookup"].get(("shares", tail))
        return Share(fig, before, found[0], strong=False) if found else None
    rule = _strong_cue_before(passage, fig)
    if not delimiters and rule is not None:
        return Share(fig, before, rule, strong=False)
    return None


def _strong_cue_before(passage: Passage, fig: Fig) -> str | None:
    """The rule of a strong share cue ("chiếm") ending right before the percentage."""
    window_start = max(passage.sentences[fig.sent][0], fig.start - 30)
    window = passage.folded[window_start:fig.start]
    rules = cue_rules()
    for m in rules["shares"].finditer(window):
        if not window[m.end():].strip(" :"):
            rule, _, strong = rules["lookup"][("shares", " ".join(m.group().split()))]
            return rule if strong else None
    return None


def _rate_against_other(passage: Passage, fig: Fig) -> bool:
    """ "đạt 95% kế hoạch", "bằng 105% so với cùng kỳ": a rate against a target, not a share."""
    after = passage.folded[fig.end:fig.end + 40].lstrip()
    return bool(cue_rules()["not_a_share"].match(after))


def find_links(text: str, sentences: list[tuple[int, int]], quantities: list[Quantity]) -> Links:
    passage = Passage(text, sentences, quantities)
    cues = find_cues(passage.folded)
    tied, free = find_shares(passage)
    return Links(find_splits(passage, cues), tied, free)


def seen_parts(splits: list[Split]) -> set[int]:
    return {p.index for s in splits for p in s.parts}

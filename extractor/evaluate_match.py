"""Matching for the evaluation harness: normalised keys, one-to-one assignment, token F1.

A gold or predicted record becomes an `Item`: the normalised value it is judged on (`key`),
its text as written (for the miss lists) and a readable form of the key. Offsets play no
part: a prediction is right when its normalised value equals the gold's, wherever it points.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from .normalize import fold, normalise

REL_TOL = 1e-6
ITEM_MIN_F1 = 0.5

_SPACES = regex.compile(r"\s+")
_WORD = regex.compile(r"\w+")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-"})


@dataclass(frozen=True)
class Item:
    key: Any      # what the matcher compares
    text: str     # as written: gold `text` / predicted span text
    label: str    # the key, readable, shown next to a miss or a false alarm


@dataclass
class Matched:
    """Outcome of matching one document's gold items against its predicted items."""

    pairs: list[tuple[Item, Item]]
    missed: list[Item]        # gold with no prediction: false negatives
    spurious: list[Item]      # predictions with no gold: false positives


# --- normalised values -------------------------------------------------------------------

def folded(text: str | None) -> str | None:
    """Case- and tone-folded, NFC, one space between words, no surrounding blanks."""
    if text is None:
        return None
    return _SPACES.sub(" ", fold(normalise(str(text)))).strip()


def folded_id(text: str | None) -> str | None:
    """A document number or code: folded, no spaces, one kind of dash ("58/2025/NÐ-CP")."""
    if text is None:
        return None
    return _SPACES.sub("", fold(normalise(str(text))).translate(_DASHES)) or None


def tokens(text: str) -> list[str]:
    """Lower-cased, tone-folded words (extractor.normalize.fold); punctuation dropped."""
    return _WORD.findall(fold(normalise(text)))


def token_f1(a: str, b: str) -> float:
    """Bag-of-words F1 between two strings (SQuAD style)."""
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    precision, recall = common / sum(tb.values()), common / sum(ta.values())
    return 2 * precision * recall / (precision + recall)


def close(a: float | None, b: float | None) -> bool:
    """Both absent, or equal within a relative tolerance of 1e-6."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)


def same_quantity(a: tuple, b: tuple) -> bool:
    """Keys (value, low, high, unit): same unit, and the same value, or for ranges the same
    (low, high) when neither side has a value."""
    (va, la, ha, ua), (vb, lb, hb, ub) = a, b
    if ua != ub:
        return False
    if va is not None or vb is not None:
        return close(va, vb)
    return close(la, lb) and close(ha, hb)


def equal(a: Any, b: Any) -> bool:
    return a == b


# --- one-to-one assignment ---------------------------------------------------------------

def distinct(items: Sequence[Item]) -> list[Item]:
    """One item per key (the first one): legal refs and units are counted per entity."""
    seen, kept = set(), []
    for item in items:
        if item.key not in seen:
            seen.add(item.key)
            kept.append(item)
    return kept


def match_by(gold: Sequence[Item], pred: Sequence[Item], same: Callable[[Any, Any], bool] = equal) -> Matched:
    """Maximum one-to-one matching of gold to predicted items under `same` (augmenting paths,
    so a tolerant `same` cannot lose a pair to an unlucky greedy choice). Among equally good
    partners a prediction with the same folded text, then the nearest in order, is preferred,
    so the pairs (and the miss lists) read naturally."""
    candidates = [_ranked(i, g, pred, same) for i, g in enumerate(gold)]
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return _outcome(gold, pred, {i: j for j, i in owner.items()})


def _ranked(i: int, g: Item, pred: Sequence[Item], same) -> list[int]:
    text = folded(g.text)
    hits = [j for j, p in enumerate(pred) if same(g.key, p.key)]
    return sorted(hits, key=lambda j: (folded(pred[j].text) != text, abs(j - i), j))


def match_by_score(gold: Sequence[Item], pred: Sequence[Item], score: Callable[[str, str], float] = token_f1,
                   threshold: float = ITEM_MIN_F1) -> Matched:
    """One-to-one by descending score of the keys (greedy; ties by gold then predicted
    order); a pair counts only when its score reaches `threshold`."""
    pairs = _greedy([g.key for g in gold], [p.key for p in pred], score, threshold)
    return _outcome(gold, pred, pairs)


def _greedy(gold: Sequence[str], pred: Sequence[str], score, threshold: float) -> dict[int, int]:
    scored = sorted(
        ((score(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    gold_to_pred: dict[int, int] = {}
    used: set[int] = set()
    for value, i, j in scored:
        if value < threshold:
            break
        if i not in gold_to_pred and j not in used:
            gold_to_pred[i] = j
            used.add(j)
    return gold_to_pred


def _outcome(gold: Sequence[Item], pred: Sequence[Item], gold_to_pred: dict[int, int]) -> Matched:
    used = set(gold_to_pred.values())
    return Matched(
        pairs=[(gold[i], pred[j]) for i, j in sorted(gold_to_pred.items())],
        missed=[g for i, g in enumerate(gold) if i not in gold_to_pred],
        spurious=[p for j, p in enumerate(pred) if j not in used],
    )


def near_misses(missed: Sequence[Item], spurious: Sequence[Item]) -> list[tuple[Item, Item]]:
    """Pairs (miss, false alarm) written with mostly the same words (token F1 >= 0.5) but
    judged different: shown together so a developer sees "found it, wrong value" rather
    than two unrelated lines."""
    pairs = _greedy([m.text for m in missed], [s.text for s in spurious], token_f1, ITEM_MIN_F1)
    return [(missed[i], spurious[j]) for i, j in sorted(pairs.items())]

"""Evaluation harness: vnie's records against hand-made gold files, per record type.

    >>> from extractor.evaluate import evaluate
    >>> report = evaluate("corpus/articles")            # runs the pipeline on every gold article
    >>> report.rows["dates"].f1
    >>> report.to_dict()                                 # what `vnie eval --json` prints

Matching is on normalised values, never on offsets (extractor.evaluate_records says what
each type is judged on; extractor.evaluate_match how pairs are formed). Counts are
true positives (a gold record matched one-to-one by a predicted one), false positives
(predictions left over) and false negatives (gold left over); micro scores sum the counts
over the articles, the macro F1 averages the per-article F1.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .evaluate_gold import EvalInputError, GoldDoc, gold_to_article, load_gold_dir, read_predictions
from .evaluate_match import Item, Matched, near_misses
from .evaluate_records import PRIMARY, RECORD_TYPES

# Rows whose misses are listed: the split rows repeat `units`, whose labels show the kind.
LISTED = ("legal_refs", "quantities", "dates", "units", "recommendations", "recommendation_items")

__all__ = ["evaluate", "evaluate_documents", "prf", "Report", "Score", "Finding", "EvalInputError",
           "load_gold_dir", "read_predictions", "gold_to_article", "RECORD_TYPES", "PRIMARY"]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1. Nothing expected and nothing predicted scores 1.0 (nothing was
    missed); otherwise an empty denominator scores 0.0."""
    if tp + fp + fn == 0:
        return 1.0, 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Score:
    """One row of the report: counts summed over the articles, and per-article F1s."""

    name: str
    against: str                      # the gold record type it is compared with
    tp: int = 0
    fp: int = 0
    fn: int = 0
    doc_f1: dict[str, float] = field(default_factory=dict)

    def add(self, doc_id: str, matched: Matched) -> None:
        tp, fp, fn = len(matched.pairs), len(matched.spurious), len(matched.missed)
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn
        if tp + fp + fn:  # an article with nothing to find and nothing found says nothing
            self.doc_f1[doc_id] = prf(tp, fp, fn)[2]

    @property
    def precision(self) -> float:
        return prf(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float:
        return prf(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float:
        return prf(self.tp, self.fp, self.fn)[2]

    @property
    def macro_f1(self) -> float:
        return sum(self.doc_f1.values()) / len(self.doc_f1) if self.doc_f1 else 1.0

    def to_dict(self) -> dict:
        return {"against": self.against, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "macro_f1": round(self.macro_f1, 4),
                "scored_articles": len(self.doc_f1)}


@dataclass
class Finding:
    """A miss (gold not predicted) or a false alarm (prediction not in gold)."""

    type: str
    doc_id: str
    text: str                          # as written in the article
    value: str                         # the normalised value it was judged on, readable
    near: str | None = None            # same words on the other side, other value

    def to_dict(self) -> dict:
        found = {"type": self.type, "doc_id": self.doc_id, "text": self.text, "value": self.value}
        return found | ({"near": self.near} if self.near is not None else {})


@dataclass
class Report:
    gold_dir: str
    source: str                        # "pipeline" or the prediction file
    documents: list[str]
    rows: dict[str, Score]
    misses: list[Finding] = field(default_factory=list)
    false_alarms: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def overall(self) -> dict:
        """Micro: the PRIMARY rows' counts summed; macro: the mean of their F1s."""
        rows = [self.rows[name] for name in PRIMARY]
        tp, fp, fn = (sum(getattr(r, k) for r in rows) for k in ("tp", "fp", "fn"))
        precision, recall, f1 = prf(tp, fp, fn)
        mean = lambda values: round(sum(values) / len(values), 4)  # noqa: E731
        return {
            "types": list(PRIMARY),
            "micro": {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 4),
                      "recall": round(recall, 4), "f1": round(f1, 4)},
            "macro": {"precision": mean([r.precision for r in rows]), "recall": mean([r.recall for r in rows]),
                      "f1": mean([r.f1 for r in rows])},
        }

    def to_dict(self, *, misses: bool = True) -> dict:
        data = {
            "gold_dir": self.gold_dir,
            "predictions": self.source,
            "articles": self.documents,
            "rows": {name: score.to_dict() for name, score in self.rows.items()},
            "overall": self.overall(),
            "notes": self.notes,
        }
        if misses:
            data["misses"] = [f.to_dict() for f in self.misses]
            data["false_alarms"] = [f.to_dict() for f in self.false_alarms]
        return data


def evaluate(gold_dir: str | Path, *, predictions: str | Path | None = None, baselines: bool = False) -> Report:
    """Score the pipeline (or a JSONL file of Article records) against every gold file of
    `gold_dir`. Raises EvalInputError for an unusable directory or file."""
    golds = load_gold_dir(gold_dir)
    notes: list[str] = []
    if predictions is not None:
        found = read_predictions(predictions)
        preds = {g.doc_id: found.get(g.doc_id) for g in golds}
        notes += [f"{d}: no prediction (all its gold records count as misses)" for d, p in preds.items() if p is None]
        notes += [f"{d}: prediction without a gold file, ignored" for d in sorted(set(found) - set(preds))]
        source = str(predictions)
    else:
        preds = {g.doc_id: _run_pipeline(g, notes) for g in golds}
        source = "pipeline"
    report = evaluate_documents(golds, preds, gold_dir=str(gold_dir), source=source)
    report.notes[:0] = notes
    if baselines:
        from .evaluate_baselines import baseline_rows

        rows, baseline_notes = baseline_rows(golds)
        report.rows.update((row.name, row) for row in rows)
        report.notes += baseline_notes
    return report


def evaluate_documents(golds: list[GoldDoc], preds: dict[str, dict | None], *, gold_dir: str = "",
                       source: str = "") -> Report:
    """The matching itself: gold documents against predicted Article dicts (by doc_id)."""
    rows = {name: Score(name, name) for name in RECORD_TYPES}
    report = Report(gold_dir=gold_dir, source=source, documents=[g.doc_id for g in golds], rows=rows)
    for gold in golds:
        pred = preds.get(gold.doc_id) or {}
        for name, record_type in RECORD_TYPES.items():
            matched = record_type.judge(gold.records(record_type.field), pred.get(record_type.field) or [])
            rows[name].add(gold.doc_id, matched)
            if name in LISTED:
                _collect(report, name, gold.doc_id, matched)
    by_type = lambda finding: LISTED.index(finding.type)  # noqa: E731  (stable: articles stay in order)
    report.misses.sort(key=by_type)
    report.false_alarms.sort(key=by_type)
    return report


def _collect(report: Report, name: str, doc_id: str, matched: Matched) -> None:
    near: dict[int, Item] = {}
    for miss, alarm in near_misses(matched.missed, matched.spurious):
        near[id(miss)], near[id(alarm)] = alarm, miss
    finding = lambda item: Finding(name, doc_id, item.text, item.label, _label(near.get(id(item))))  # noqa: E731
    report.misses += [finding(item) for item in matched.missed]
    report.false_alarms += [finding(item) for item in matched.spurious]


def _label(item: Item | None) -> str | None:
    return None if item is None else item.label


def _run_pipeline(gold: GoldDoc, notes: list[str]) -> dict:
    from . import extract

    article = extract(gold.text(), published=gold.published, doc_id=gold.doc_id)
    notes += [f"{gold.doc_id}: stage {e.stage} failed: {e.message}" for e in article.errors]
    return article.model_dump(mode="json")

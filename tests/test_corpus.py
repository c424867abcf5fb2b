"""Every example in corpus/<stage>.yaml is its own test; every rule in rules/<stage>.yaml has one."""
from __future__ import annotations

from functools import cache

import pytest
import yaml

from extractor import process
from conftest import CORPUS as CORPUS_DIR
from extractor.corpus import compare, load_corpus
from extractor.hits import hits
from extractor.pipeline import STAGES
from extractor.resources import rules_path

CORPUS_FILES = sorted(p for p in CORPUS_DIR.glob("*.yaml") if p.stem in STAGES)
EXAMPLES = [ex for path in CORPUS_FILES for ex in load_corpus(path)]


@cache
def _run(text: str, published):
    return process(text, published=published)


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.stage}:{e.id}" for e in EXAMPLES])
def test_corpus_example(example):
    article, _ = _run(example.text, example.published)
    records = [r.model_dump(mode="json") for r in getattr(article, example.stage)]
    problems = compare(example, records)
    assert not problems, "\n".join(problems)


def _rule_ids(node) -> set[str]:
    if isinstance(node, dict):
        found = {node["id"]} if isinstance(node.get("id"), str) else set()
        return found.union(*(_rule_ids(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_rule_ids(v) for v in node)) if node else set()
    return set()


@pytest.mark.parametrize("stage", STAGES)
def test_rule_file_has_corpus(stage):
    """A rules file without examples is unreviewed data (see dateparser's 'hạng nhì')."""
    rules = rules_path(f"{stage}.yaml")
    corpus = CORPUS_DIR / f"{stage}.yaml"
    assert rules.exists() == corpus.exists(), f"{rules.name} and corpus/{corpus.name} must come together"


@pytest.mark.parametrize("stage", [p.stem for p in CORPUS_FILES])
def test_every_rule_is_exercised(stage):
    declared = _rule_ids(yaml.safe_load(rules_path(f"{stage}.yaml").read_text(encoding="utf-8")))
    fired = set()
    for example in (e for e in EXAMPLES if e.stage == stage and not e.negative):
        fired |= {h.rule for h in hits(_run(example.text, example.published)[1], stage)}
    missing = sorted(declared - fired)
    assert not missing, f"rules with no corpus example that fires them: {missing}"


def test_corpus_sizes_are_reported():
    """Every stage corpus carries negatives: texts that must yield nothing."""
    for path in CORPUS_FILES:
        examples = load_corpus(path)
        assert any(e.negative for e in examples), f"{path.name} has no negatives"

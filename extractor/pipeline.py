"""The pipeline: a spaCy `Language` whose tokenizer is underthesea and whose components are
vnie's stages, declared by name.

A stage is a module in `extractor.stages` with:
  NAME                      the Article field it fills (and its key in `Doc._.hits`)
  component(doc) -> doc     adds hits with `extractor.hits.add_hit`
  to_records(doc) -> list   builds the contract's records from its hits, once, at the end
Stages run in STAGES order; a later stage may read earlier hits (quantities skip numbers
inside dates and legal references). A stage that raises is recorded in `Doc._.errors` and the
others still run.
"""
from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

from spacy.language import Language
from spacy.tokens import Doc

from .hits import DocMeta
from .normalize import normalise
from .structure import analyse
from .tokens import make_doc

STAGES: tuple[str, ...] = ("legal_refs", "dates", "quantities", "units", "recommendations", "checks")


def stage_module(name: str) -> ModuleType:
    return importlib.import_module(f"extractor.stages.{name}")


class VnTokenizer:
    """spaCy tokenizer: structure analysis, then underthesea words (see extractor.tokens)."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        meta = analyse(text)
        doc = make_doc(self.vocab, text, meta)
        doc._.meta = meta
        doc._.text = text
        doc._.hits = {}
        doc._.errors = []
        return doc


def _register(name: str) -> str:
    factory = f"vnie_{name}"
    if factory not in Language.factories:
        module = stage_module(name)
        Language.component(factory, assigns=["doc._.hits"], func=module.component)
    return factory


@cache
def nlp() -> Language:
    """The pipeline, built once per process (models load on first use, then stay)."""
    import spacy

    language = spacy.blank("xx")
    language.tokenizer = VnTokenizer(language.vocab)
    for name in STAGES:
        language.add_pipe(_register(name), name=name)
    return language


def run(text: str, *, published=None, published_source: str | None = None) -> Doc:
    """Normalised text in, `Doc` with every stage's hits out. Never raises for a stage's bug."""
    language = nlp()
    doc = language.make_doc(normalise(text))
    meta: DocMeta = doc._.meta
    meta.published = published
    meta.published_source = published_source if published else None
    for name, component in language.pipeline:
        try:
            doc = component(doc)
        except Exception as exc:  # one stage's failure must not cost the article
            doc._.errors.append({"stage": name, "message": f"{type(exc).__name__}: {exc}"})
    return doc

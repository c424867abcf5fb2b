"""From a processed `Doc` to the contract's `Article` record (built once, at the end)."""
from __future__ import annotations

import hashlib

from spacy.tokens import Doc

from .hits import text_of
from .models import Article, Boilerplate, Range, StageError
from .pipeline import STAGES, stage_module


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_doc_id(text: str) -> str:
    return "sha-" + text_sha256(text)[:16]


def build_article(doc: Doc, *, doc_id: str | None = None, source: str | None = None,
                  title: str | None = None) -> Article:
    meta = doc._.meta
    text = text_of(doc)
    errors = [StageError(**e) for e in doc._.errors]
    records: dict[str, list] = {}
    for name in STAGES:
        try:
            records[name] = stage_module(name).to_records(doc)
        except Exception as exc:  # keep the article; say which stage failed
            records[name] = []
            errors.append(StageError(stage=name, message=f"{type(exc).__name__}: {exc}"))
    if title is None and meta.title:
        title = text[meta.title[0]:meta.title[1]]
    return Article(
        doc_id=doc_id or default_doc_id(text),
        source=source,
        title=title,
        published=meta.published,
        published_source=meta.published_source,
        text_sha256=text_sha256(text),
        body=Range(start=meta.body[0], end=meta.body[1]),
        boilerplate=[Boilerplate(start=s, end=e, kind=k) for s, e, k in meta.boilerplate],
        errors=errors,
        **records,
    )

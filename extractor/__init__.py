"""vnie: facts from Vietnamese press articles as validated, machine-readable records.

    >>> from extractor import extract
    >>> article = extract("Theo Nghị định số 132/2025/NĐ-CP ...", published="2025-08-25")
    >>> article.legal_refs[0].canonical

Heavy imports (spaCy, underthesea) happen on the first call, once per process.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

__version__ = "0.1.0"
SCHEMA_VERSION = "1"

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .models import Article


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def process(text: str, *, published=None, doc_id: str | None = None, source: str | None = None,
            title: str | None = None, published_source: str = "argument") -> tuple["Article", "Doc"]:
    """Run the pipeline; return the Article and the spaCy Doc it was built from."""
    from .article import build_article
    from .pipeline import run

    doc = run(text, published=_as_date(published), published_source=published_source)
    return build_article(doc, doc_id=doc_id, source=source, title=title), doc


def extract(text: str, *, published=None, doc_id: str | None = None, source: str | None = None,
            title: str | None = None) -> "Article":
    """One article's text in, its `Article` record out (offsets index the normalised text)."""
    return process(text, published=published, doc_id=doc_id, source=source, title=title)[0]


def normalise(text: str) -> str:
    """The text every offset indexes: NFC, LF line ends, no BOM or invisible characters."""
    from .normalize import normalise as _normalise

    return _normalise(text)


__all__ = ["extract", "process", "normalise", "SCHEMA_VERSION", "__version__"]

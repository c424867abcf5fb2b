"""Many inputs in, one Article record per input out; a failure is a record, never a crash."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import IO, Iterable, Iterator

from .inputs import InputDoc
from .models import Article, Range, StageError


@dataclass
class Summary:
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def error_article(item: InputDoc, message: str, stage: str = "input") -> Article:
    from .article import text_sha256

    return Article(doc_id=item.doc_id, source=item.source, text_sha256=text_sha256(""),
                   body=Range(start=0, end=0), errors=[StageError(stage=stage, message=message)])


def _published(item: InputDoc, default: dt.date | None) -> tuple[dt.date | None, str | None]:
    if default is not None:
        return default, "argument"
    if item.published:
        try:
            return dt.date.fromisoformat(str(item.published)[:10]), "metadata"
        except ValueError:
            return None, None
    return None, None


def extract_one(item: InputDoc, published: dt.date | None = None) -> Article:
    """The Article for one input: extracted, or an error record saying why not."""
    from . import process

    if item.error:
        return error_article(item, item.error)
    date, source = _published(item, published)
    try:
        article, _ = process(item.text, published=date, published_source=source or "argument",
                             doc_id=item.doc_id, source=item.source, title=item.title)
    except Exception as exc:  # a bug must cost one article, not the batch
        return error_article(item, f"{type(exc).__name__}: {exc}", stage="pipeline")
    if item.note:
        article.errors.insert(0, StageError(stage="input", message=item.note))
    return article


def is_failure(article: Article) -> bool:
    return any(e.stage in ("input", "pipeline") for e in article.errors) and article.text_sha256 == _EMPTY_SHA


_EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def to_json(article: Article, pretty: bool = False) -> str:
    data = article.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2 if pretty else None,
                      separators=None if pretty else (",", ":"))


def run(items: Iterable[InputDoc], out: IO[str], *, published: dt.date | None = None,
        pretty: bool = False, on_error=None) -> Summary:
    """Extract every item and write one whole line per article (flushed: no torn lines)."""
    summary = Summary()
    for item, article in _extract_all(items, published):
        out.write(to_json(article, pretty) + "\n")
        out.flush()
        if is_failure(article):
            summary.failed += 1
            message = article.errors[0].message
            summary.failures.append((item.source or item.doc_id, message))
            if on_error:
                on_error(item.source or item.doc_id, message)
        else:
            summary.ok += 1
    return summary


def _extract_all(items: Iterable[InputDoc], published) -> Iterator[tuple[InputDoc, Article]]:
    for item in items:
        yield item, extract_one(item, published)

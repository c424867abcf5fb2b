"""Many inputs in, one Article record per input out; a failure is a record, never a crash.

`run_batch` is the engine behind `vnie extract`: it skips ids already done (`--resume`),
runs the articles in this process (`jobs=1`, or a batch too small to pay for starting
workers) or in worker processes (`extractor.parallel`), and hands every `Outcome` (the
record as one JSON line) to a sink (`extractor.sinks`) in input order, or as they finish.

Per-article time limit, in-process layer: `time_limit` arms SIGALRM around one article and
raises `ArticleTimeout` (a BaseException, so the pipeline's per-stage `except Exception`
cannot swallow it); the article becomes an error record with stage "timeout". It only
fires between Python bytecodes (a long C call delays it), and only on the main thread;
worker processes add a hard limit on top (see extractor.parallel).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Callable, Iterable, Iterator

from .inputs import InputDoc
from .models import Article, Range, StageError

DEFAULT_TIMEOUT = 60.0
# Below this many articles, starting worker processes (a few seconds each, to load the
# models) costs more than it saves: the batch runs in-process whatever -j says.
SMALL_BATCH = 16
# Stages whose error means the article has no extraction at all (the others cost one stage).
FAILURE_STAGES = ("input", "pipeline", "timeout", "worker", "output")
# An error record holds no text: its text_sha256 is the hash of "".
_EMPTY_SHA = hashlib.sha256(b"").hexdigest()


@dataclass
class Summary:
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    worker_restarts: int = 0
    worker_peak_rss_mb: list[float] = field(default_factory=list)
    duplicate_ids: list[str] = field(default_factory=list)  # ids given by more than one input

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 1 if self.failed else 0

    def line(self) -> str:
        text = f"{self.ok} ok, {self.failed} failed, {self.skipped} skipped in {self.seconds:.1f} s"
        return text + (" (interrupted: run again with --resume to finish)" if self.interrupted else "")


@dataclass
class Outcome:
    """One finished article: its record as JSON, and why it failed (None when extracted)."""
    doc_id: str
    source: str | None
    line: str
    failure: str | None = None


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
    return article.text_sha256 == _EMPTY_SHA and any(e.stage in FAILURE_STAGES for e in article.errors)


def to_json(article: Article, pretty: bool = False) -> str:
    """The record as JSON; NaN/infinity raise (they are not JSON) instead of being written."""
    data = article.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2 if pretty else None,
                      separators=None if pretty else (",", ":"), allow_nan=False)


class ArticleTimeout(BaseException):
    """Raised by SIGALRM inside one article; a BaseException so `except Exception` lets it by."""


@contextmanager
def time_limit(seconds: float | None):
    """Interrupt the block after `seconds` (main thread, POSIX; elsewhere a no-op)."""
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):
        raise ArticleTimeout(f"time limit of {seconds:g} s exceeded")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def warm_up() -> None:
    """Load every model now (a no-op once loaded): an interrupted lazy load is not safe."""
    from . import extract

    extract("Khởi động: Nghị định số 1/2025/NĐ-CP, ngày 1/7/2025, 10 hồ sơ.")


Task = Callable[[InputDoc, "dt.date | None"], Article]


def run_one(item: InputDoc, *, task: Task = extract_one, published: dt.date | None = None,
            timeout: float | None = None, pretty: bool = False) -> Outcome:
    """One article through `task` under the time limit, as an Outcome. Never raises."""
    try:
        with time_limit(timeout):
            article = task(item, published)
    except ArticleTimeout as exc:
        article = error_article(item, str(exc), stage="timeout")
    except Exception as exc:  # `task` is extract_one (which catches) or a caller's function
        article = error_article(item, f"{type(exc).__name__}: {exc}", stage="pipeline")
    return outcome_of(item, article, pretty)


def outcome_of(item: InputDoc, article: Article, pretty: bool = False) -> Outcome:
    try:
        line = to_json(article, pretty)
    except ValueError as exc:
        article = error_article(item, f"record is not valid JSON: {exc}", stage="output")
        line = to_json(article, pretty)
    failure = article.errors[0].message if is_failure(article) else None
    return Outcome(article.doc_id, item.source, line, failure)


def run_batch(items: Iterable[InputDoc], write: Callable[[Outcome], None], *, jobs: int = 1,
              published: dt.date | None = None, timeout: float | None = DEFAULT_TIMEOUT,
              ordered: bool = True, chunk_size: int = 8, skip_ids: frozenset[str] | set[str] = frozenset(),
              pretty: bool = False, task: Task = extract_one, min_parallel: int = SMALL_BATCH,
              grace: float | None = None) -> Summary:
    """Extract every item not in `skip_ids`; `write` gets each Outcome (in input order unless
    `ordered` is False). Ctrl-C stops cleanly: what was written stays whole, the summary says
    `interrupted`. Returns the counts."""
    summary = Summary()
    started = time.perf_counter()

    def counted(outcome: Outcome) -> None:
        write(outcome)
        if outcome.failure is None:
            summary.ok += 1
        else:
            summary.failed += 1
            summary.failures.append((outcome.source or outcome.doc_id, outcome.failure))

    todo = _not_skipped(items, skip_ids, summary)
    head = list(islice(todo, min_parallel)) if jobs > 1 else []
    try:
        if jobs > 1 and len(head) >= min_parallel:
            from .parallel import WorkerPool

            with WorkerPool(jobs, task=task, published=published, timeout=timeout, pretty=pretty,
                            chunk_size=chunk_size, grace=grace) as pool:
                pool.run(_chain(head, todo), counted, ordered=ordered)
                summary.worker_restarts = pool.restarts
            summary.worker_peak_rss_mb = pool.peak_rss_mb
        else:
            warm = not timeout
            for item in _chain(head, todo):
                if not warm and not item.error:
                    warm_up()  # loading models must not count against the first article's limit
                    warm = True
                counted(run_one(item, task=task, published=published, timeout=timeout, pretty=pretty))
    except KeyboardInterrupt:
        summary.interrupted = True
    summary.seconds = time.perf_counter() - started
    return summary


def _chain(head: list[InputDoc], rest: Iterator[InputDoc]) -> Iterator[InputDoc]:
    yield from head
    yield from rest


def _not_skipped(items: Iterable[InputDoc], skip_ids, summary: Summary) -> Iterator[InputDoc]:
    seen: set[str] = set()
    for item in items:
        if item.doc_id in skip_ids:
            summary.skipped += 1
            continue
        if item.doc_id in seen:  # both are extracted; a table output keeps only the last
            summary.duplicate_ids.append(item.doc_id)
        seen.add(item.doc_id)
        yield item


def run(items: Iterable[InputDoc], out: IO[str], *, published: dt.date | None = None,
        pretty: bool = False, on_error=None) -> Summary:
    """Sequential: extract every item and write one whole line per article (flushed)."""
    def write(outcome: Outcome) -> None:
        out.write(outcome.line + "\n")
        out.flush()
        if outcome.failure and on_error:
            on_error(outcome.source or outcome.doc_id, outcome.failure)

    return run_batch(items, write, published=published, pretty=pretty)


def cpu_count() -> int:
    """Cores this process may use (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1

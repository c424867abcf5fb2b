"""Worker processes for `vnie extract -j N`.

- Start method: spawn. Each worker is a fresh interpreter that imports vnie and builds
  `extractor.pipeline.nlp()` once, in its start-up (`_serve`), before it reports ready;
  nothing the parent holds (threads, open databases, a pipeline a test already built) is
  copied into it. Workers ignore Ctrl-C: the parent decides when they stop.
- Work: the parent reads the inputs (an input error never reaches a worker), gives each
  ready worker a chunk of up to `chunk_size` articles over that worker's own pipe, and
  gets one message back per article: the record already serialised, so the parent only
  writes. Results are put back in input order by `_Reorderer` (or passed on as they come).
- Time limit, two layers. Soft: the worker arms SIGALRM around each article
  (`extractor.batch.time_limit`) and returns a "timeout" error record; the worker lives on.
  Hard: the parent knows when each worker's current article started (the chunk's start or
  the previous result); past `timeout + grace` (a C call that never returns to Python, a
  runaway regex without signal checks) it SIGKILLs the worker, writes a "timeout" error
  record for that article, gives the rest of the chunk to another worker and starts a
  replacement (which loads the models again, a few seconds).
- A worker that dies (segfault, out of memory) costs the article it was on: a "worker"
  error record; the rest of its chunk is redone. Workers that die before ever becoming
  ready three times in a row stop the batch with WorkerStartError (a broken install must
  not loop forever).
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from itertools import count
from multiprocessing.connection import wait
from typing import Callable, Iterable, Iterator

from .batch import Outcome, Task, error_article, extract_one, outcome_of, run_one, warm_up
from .inputs import InputDoc

_READY, _RESULT, _STATS = "ready", "result", "stats"
_MAX_START_FAILURES = 3


class WorkerStartError(RuntimeError):
    """Worker processes die before they can load the pipeline."""


def _peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB on Linux


def _serve(conn, task: Task, published, timeout: float | None, pretty: bool) -> None:
    """A worker's life: load the pipeline once, then extract chunks until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        warm_up()
        conn.send((_READY, os.getpid()))
        while True:
            chunk = conn.recv()
            if chunk is None:
                conn.send((_STATS, _peak_rss_mb()))
                return
            for seq, item in chunk:
                outcome = run_one(item, task=task, published=published, timeout=timeout, pretty=pretty)
                conn.send((_RESULT, seq, outcome))
    except (EOFError, BrokenPipeError, ConnectionResetError):
        return  # the parent is gone: nothing left to do


@dataclass(eq=False)
class _Worker:
    proc: mp.process.BaseProcess
    conn: object
    ready: bool = False
    chunk: list[tuple[int, InputDoc]] = field(default_factory=list)
    done: int = 0
    since: float = 0.0  # when the current article started

    @property
    def current(self) -> tuple[int, InputDoc]:
        return self.chunk[self.done]

    def give(self, chunk: list[tuple[int, InputDoc]]) -> None:
        self.chunk, self.done, self.since = chunk, 0, time.monotonic()
        self.conn.send(chunk)


class _Reorderer:
    """Passes outcomes on in sequence order (or at once when not ordered)."""

    def __init__(self, write: Callable[[Outcome], None], ordered: bool):
        self.write, self.ordered = write, ordered
        self.next = 0
        self.waiting: dict[int, Outcome] = {}

    def __call__(self, seq: int, outcome: Outcome) -> None:
        if not self.ordered:
            self.write(outcome)
            return
        self.waiting[seq] = outcome
        while self.next in self.waiting:
            self.write(self.waiting.pop(self.next))
            self.next += 1


class WorkerPool:
    """N worker processes, each with the pipeline loaded once; see the module docstring."""

    def __init__(self, jobs: int, *, task: Task = extract_one, published=None, timeout: float | None = None,
                 pretty: bool = False, chunk_size: int = 8, grace: float | None = None):
        self.jobs, self.task, self.published = jobs, task, published
        self.timeout, self.pretty, self.chunk_size = timeout or None, pretty, max(1, chunk_size)
        self.hard_limit = None if not timeout else timeout + (grace if grace is not None else max(5.0, timeout / 2))
        self.ctx = mp.get_context("spawn")
        self.workers: list[_Worker] = []
        self.restarts = 0
        self.peak_rss_mb: list[float] = []
        self._start_failures = 0
        self._requeued: deque[list[tuple[int, InputDoc]]] = deque()

    def __enter__(self) -> "WorkerPool":
        self.workers = [self._start() for _ in range(self.jobs)]
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(graceful=exc_type is None)

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_serve, args=(child, self.task, self.published, self.timeout, self.pretty),
                                daemon=True, name="vnie-worker")
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def wait_ready(self, timeout: float = 300) -> None:
        """Block until every worker has loaded the pipeline (for benchmarks: time work, not start-up)."""
        deadline = time.monotonic() + timeout
        while not all(w.ready for w in self.workers) and time.monotonic() < deadline:
            self._wait_and_handle(lambda seq, outcome: None)

    def run(self, items: Iterable[InputDoc], write: Callable[[Outcome], None], *, ordered: bool = True) -> None:
        """Extract every item; `write` gets each Outcome, in input order when `ordered`."""
        emit = _Reorderer(write, ordered)
        numbered = zip(count(), items)
        # Ordered output holds finished records behind a slow one; past this many, stop
        # handing out work until the slow one is written (bounded memory).
        backlog = max(256, 32 * self.jobs * self.chunk_size)
        exhausted = False
        while True:
            for worker in self.workers:
                if not worker.ready or worker.chunk:
                    continue
                if self._requeued:  # first what a stopped worker left: it holds the oldest articles
                    worker.give(self._requeued.popleft())
                elif not exhausted and len(emit.waiting) < backlog:
                    chunk = self._next_chunk(numbered, emit)
                    if chunk:
                        worker.give(chunk)
                    else:
                        exhausted = True
            if exhausted and not self._requeued and not any(w.chunk for w in self.workers):
                return
            self._wait_and_handle(emit)

    def _next_chunk(self, numbered: Iterator[tuple[int, InputDoc]], emit) -> list[tuple[int, InputDoc]]:
        chunk = []
        for seq, item in numbered:
            if item.error:  # nothing to extract: the error record is made here
                emit(seq, outcome_of(item, error_article(item, item.error), self.pretty))
                continue
            chunk.append((seq, item))
            if len(chunk) == self.chunk_size:
                break
        return chunk

    def _wait_and_handle(self, emit) -> None:
        by_handle = {}
        for worker in self.workers:
            by_handle[worker.conn] = worker
            by_handle[worker.proc.sentinel] = worker
        for handle in wait(list(by_handle), timeout=self._seconds_to_deadline()):
            worker = by_handle[handle]
            if worker in self.workers:  # not already replaced in this round
                self._drain(worker, emit)
                if not worker.proc.is_alive():
                    self._replace(worker, emit, f"worker process died (exit code {worker.proc.exitcode})", "worker")
        self._enforce_deadlines(emit)

    def _drain(self, worker: _Worker, emit) -> None:
        try:
            while worker.conn.poll():
                message = worker.conn.recv()
                if message[0] == _READY:
                    worker.ready, self._start_failures = True, 0
                elif message[0] == _RESULT:
                    _, seq, outcome = message
                    worker.done += 1
                    worker.since = time.monotonic()
                    if worker.done == len(worker.chunk):
                        worker.chunk = []
                    emit(seq, outcome)
        except (EOFError, OSError):
            pass  # the pipe closed: the sentinel says the worker is gone

    def _seconds_to_deadline(self) -> float | None:
        if self.hard_limit is None:
            return None
        busy = [w.since for w in self.workers if w.chunk]
        if not busy:
            return None
        return max(0.0, min(busy) + self.hard_limit - time.monotonic()) + 0.01

    def _enforce_deadlines(self, emit) -> None:
        if self.hard_limit is None:
            return
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.chunk and now - worker.since > self.hard_limit:
                self._drain(worker, emit)  # a result may have arrived just now
                if worker.chunk and time.monotonic() - worker.since > self.hard_limit:
                    message = f"time limit of {self.timeout:g} s exceeded (worker stopped and restarted)"
                    self._replace(worker, emit, message, "timeout")

    def _replace(self, worker: _Worker, emit, message: str, stage: str) -> None:
        """Stop `worker`, record its current article as an error, redo the rest of its chunk."""
        worker.proc.kill()
        worker.proc.join()
        worker.conn.close()
        if worker.chunk:
            seq, item = worker.current
            emit(seq, outcome_of(item, error_article(item, message, stage=stage), self.pretty))
            if worker.done + 1 < len(worker.chunk):
                self._requeued.appendleft(worker.chunk[worker.done + 1:])
        if not worker.ready:
            self._start_failures += 1
            if self._start_failures >= _MAX_START_FAILURES:
                raise WorkerStartError(f"worker processes keep dying before they are ready "
                                       f"(exit code {worker.proc.exitcode}); try -j 1 to see the error")
        self.restarts += 1
        self.workers[self.workers.index(worker)] = self._start()

    def close(self, graceful: bool = True) -> None:
        """Stop the workers: politely (collecting their peak memory) or, after an error, at once."""
        for worker in self.workers:
            if graceful and worker.proc.is_alive():
                self._collect_stats(worker)
            worker.proc.join(timeout=5 if graceful else 0)
            if worker.proc.is_alive():
                worker.proc.kill()
                worker.proc.join()
            worker.conn.close()
        self.workers = []

    def _collect_stats(self, worker: _Worker) -> None:
        """Tell an idle worker to stop and keep the peak memory it reports."""
        deadline = time.monotonic() + 30  # a worker still loading its models answers after that
        try:
            worker.conn.send(None)
            while worker.conn.poll(max(0.0, deadline - time.monotonic())):
                kind, value = worker.conn.recv()[:2]
                if kind == _STATS:
                    self.peak_rss_mb.append(value)
                    return
        except (EOFError, OSError):
            pass

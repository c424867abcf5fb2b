"""`vnie extract`: inputs in, one record per article out (JSONL, SQLite or Parquet)."""
from __future__ import annotations

import signal
import sqlite3
import threading
from typing import List, Optional

import typer

from .app import app
from .commands import parse_date, say


@app.command()
def extract(
    paths: List[str] = typer.Argument(..., help="Files (.txt, .json, .jsonl, .html), directories (recursive), globs, or - for stdin."),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="JSONL file (default: stdout), sqlite:PATH or parquet:DIR."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for every input."),
    jobs: Optional[int] = typer.Option(None, "-j", "--jobs", min=1, help="Worker processes (default: the number of cores; under 16 articles run in this process)."),
    ordered: bool = typer.Option(True, "--ordered/--streaming", help="Records in input order (default), or as they finish."),
    resume: bool = typer.Option(False, "--resume", help="Skip the ids already in the output; append the rest."),
    timeout: float = typer.Option(60.0, "--timeout", min=0, help="Seconds one article may take before it becomes an error record (0: no limit)."),
    chunk_size: int = typer.Option(8, "--chunk-size", min=1, help="Articles handed to a worker at a time."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress bar and no line per failed input (the summary stays)."),
    pretty: bool = typer.Option(False, "--pretty", help="Indented JSON instead of one line per article (JSONL only)."),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", min=1, help="Refuse inputs (JSONL: lines) larger than this (bytes)."),
):
    """Extract records from articles: one JSON line per article, or tables.

    Example: vnie extract corpus/articles/bac-ninh-chinh-quyen-2-cap.txt --published 2025-08-25

    Example: vnie extract bai-bao/ -j 4 -o sqlite:bai-bao.db --resume

    Ví dụ: vnie extract bai-bao.txt --published 2025-08-25 --pretty   (trích xuất một bài báo)

    Ví dụ: echo "Theo Nghị định số 132/2025/NĐ-CP, từ 1/7 ..." | vnie extract -

    A summary goes to stderr at the end: "vnie: N ok, M failed, K skipped in T s".
    Exit code: 0 all articles extracted, 1 some inputs failed (each has an error record),
    2 usage error, 130 interrupted (what was written is whole: finish with --resume).
    """
    from ..batch import cpu_count, run_batch
    from ..inputs import count_estimate, plan_inputs, read_source
    from ..parallel import WorkerStartError
    from ..progress import Reporter
    from ..sinks import SinkError, open_sink

    date = parse_date(published)
    sources = plan_inputs(paths)
    try:
        sink = open_sink(output, resume=resume, pretty=pretty)
    except (SinkError, OSError, ValueError, sqlite3.DatabaseError) as exc:
        say(f"{output}: {exc}" if not isinstance(exc, SinkError) else str(exc))
        raise typer.Exit(2)
    items = (item for source in sources for item in read_source(source, max_bytes=max_bytes))
    previous = _on_sigterm(_interrupt)
    try:
        with sink:
            done = sink.done_ids() if resume else set()
            if done or _recovered(sink):
                say(f"resuming: {len(done)} records already in {sink.description}{_recovered(sink)}")
            total = count_estimate(sources)
            with Reporter(None if total is None else max(0, total - len(done)), quiet=quiet, say=say) as reporter:
                def write(outcome):
                    sink.write(outcome)
                    reporter.advance(outcome)

                summary = run_batch(items, write, jobs=jobs or cpu_count(), published=date, timeout=timeout or None,
                                    ordered=ordered, chunk_size=chunk_size, skip_ids=done, pretty=pretty)
    except WorkerStartError as exc:
        say(str(exc))
        raise typer.Exit(1)
    except OSError as exc:  # a full disk, a vanished directory: what was written stays whole
        say(f"cannot write to {sink.description}: {exc}")
        raise typer.Exit(1)
    finally:
        _on_sigterm(previous)
    if summary.duplicate_ids:
        say(f"{len(summary.duplicate_ids)} inputs repeat an id already in this run (first: "
            f"{summary.duplicate_ids[0]!r}); SQLite and Parquet keep one record per id")
    say(summary.line())
    raise typer.Exit(summary.exit_code)


def _on_sigterm(handler):
    """Install `handler` for SIGTERM and return the previous one (main thread only)."""
    if threading.current_thread() is not threading.main_thread() or handler is None:
        return None
    return signal.signal(signal.SIGTERM, handler)


def _interrupt(signum, frame):
    """SIGTERM stops a batch as Ctrl-C does: cleanly, everything written stays whole."""
    raise KeyboardInterrupt


def _recovered(sink) -> str:
    notes = []
    if getattr(sink, "dropped_bytes", 0):
        notes.append(f"a torn last line of {sink.dropped_bytes} bytes dropped")
    if getattr(sink, "bad_lines", 0):
        notes.append(f"{sink.bad_lines} lines that are not records ignored")
    return f" ({'; '.join(notes)})" if notes else ""

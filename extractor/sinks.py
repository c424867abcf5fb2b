"""Where records go: JSONL (a file or stdout), SQLite, Parquet; written so nothing is lost.

    open_sink(None | "-")          JSONL on stdout
    open_sink("out.jsonl")         JSONL file ("jsonl:PATH" to be explicit)
    open_sink("sqlite:out.db")     SQLite (also any PATH ending .db, .sqlite, .sqlite3)
    open_sink("parquet:DIR")       Parquet, one file per table (needs pyarrow: vnie[parquet])

Every sink has `done_ids()` (the ids already written, for --resume), `write(outcome)`
and `close()`, and is a context manager.

JSONL loss-free rule: each record is one `write()` system call of a whole line, made at
once (no user-space buffer to lose). A crash can still cut the last line short (a write
interrupted by SIGKILL, a full disk), so `--resume` first truncates the file to its last
newline, then reads the ids of the whole lines and appends the rest.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import IO

import regex

from .batch import Outcome

SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


class SinkError(ValueError):
    """The output cannot be used as asked (a usage error: exit code 2)."""


class Sink:
    description = "output"

    def done_ids(self) -> set[str]:
        return set()

    def write(self, outcome: Outcome) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class StreamSink(Sink):
    """JSONL to an open text stream (stdout); the real stdout gets one os.write per line."""
    description = "stdout"

    def __init__(self, out: IO[str]):
        self.out = out
        self.fd = out.fileno() if out is sys.__stdout__ and _has_fileno(out) else None

    def write(self, outcome: Outcome) -> None:
        if self.fd is not None:
            self.out.flush()
            _write_all(self.fd, (outcome.line + "\n").encode("utf-8"))
        else:
            self.out.write(outcome.line + "\n")
            self.out.flush()


def _has_fileno(out) -> bool:
    try:
        out.fileno()
        return True
    except (OSError, ValueError, AttributeError):
        return False


# Records start {"schema_version":"1","doc_id":"..." (the model's field order): read the id
# without parsing a whole, possibly large, record. Anything else is parsed in full.
_ID_PREFIX = regex.compile(r'\{"schema_version":"[^"]*","doc_id":("(?:[^"\\]|\\.)*")')


def record_id(line: str) -> str:
    match = _ID_PREFIX.match(line)
    if match:
        return json.loads(match.group(1))
    return str(json.loads(line)["doc_id"])


class JsonlSink(Sink):
    """JSONL to a file: overwritten, or with `resume` recovered and appended to."""

    def __init__(self, path: Path, *, resume: bool = False):
        self.path = Path(path)
        self.description = str(self.path)
        self.dropped_bytes = 0
        self.bad_lines = 0
        self._done: set[str] = set()
        if resume and self.path.exists():
            self.dropped_bytes = truncate_torn_tail(self.path)
            self._done, self.bad_lines = read_ids(self.path)
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if resume else os.O_TRUNC)
        self.fd = os.open(self.path, flags, 0o644)

    def done_ids(self) -> set[str]:
        return set(self._done)

    def write(self, outcome: Outcome) -> None:
        _write_all(self.fd, (outcome.line + "\n").encode("utf-8"))

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def truncate_torn_tail(path: Path) -> int:
    """Cut the file after its last newline; return how many bytes were dropped."""
    with path.open("r+b") as fh:
        size = fh.seek(0, os.SEEK_END)
        end = size
        while end > 0:
            start = max(0, end - 65536)
            fh.seek(start)
            block = fh.read(end - start)
            newline = block.rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            end = start
        else:
            keep = 0
        if keep < size:
            fh.truncate(keep)
        return size - keep


def read_ids(path: Path) -> tuple[set[str], int]:
    """The doc ids of the whole JSON lines in `path`, and how many lines were not records."""
    ids, bad = set(), 0
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                ids.add(record_id(line))
            except (ValueError, KeyError, TypeError):
                bad += 1
    return ids, bad


def parse_spec(spec: str | None) -> tuple[str, str | None]:
    """("jsonl" | "sqlite" | "parquet", path or None for stdout) from an -o value."""
    if spec in (None, "", "-"):
        return "jsonl", None
    for kind in ("jsonl", "sqlite", "parquet"):
        if spec.startswith(kind + ":"):
            rest = spec[len(kind) + 1:]
            if not rest:
                raise SinkError(f"-o {spec}: give a path after '{kind}:'")
            return kind, rest
    if spec.lower().endswith(SQLITE_SUFFIXES):
        return "sqlite", spec
    return "jsonl", spec


def open_sink(spec: str | None, *, resume: bool = False, pretty: bool = False, out: IO[str] | None = None) -> Sink:
    """The sink an `-o` value names (see the module docstring). Raises SinkError on misuse."""
    kind, path = parse_spec(spec)
    if resume and path is None:
        raise SinkError("--resume needs -o FILE: it reads the ids already written there")
    if pretty and (resume or kind != "jsonl"):
        raise SinkError("--pretty writes several lines per record: only for JSONL, and not with --resume")
    if kind == "jsonl":
        return StreamSink(out or sys.stdout) if path is None else JsonlSink(Path(path), resume=resume)
    if kind == "sqlite":
        from .sqlite_out import SqliteSink

        return SqliteSink(Path(path))
    try:
        from .parquet_out import ParquetSink
    except ImportError as exc:
        raise SinkError(f"parquet output needs pyarrow ({exc.name} is missing): pip install 'vnie[parquet]'") from None
    return ParquetSink(Path(path), resume=resume)


def copy_jsonl(lines, sink: Sink, *, on_error=None) -> tuple[int, int]:
    """Write the records of JSONL `lines` into `sink` (validated against the contract).
    Returns (records written, lines refused); `on_error(line_number, message)` for each refusal."""
    from pydantic import ValidationError

    from .batch import is_failure
    from .models import Article

    written = refused = 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            article = Article.model_validate_json(line)
        except ValidationError as exc:
            refused += 1
            if on_error:
                first = exc.errors()[0]
                where = ".".join(map(str, first["loc"]))
                on_error(n, f"not a vnie record: {where + ': ' if where else ''}{first['msg']}")
            continue
        failure = article.errors[0].message if is_failure(article) else None
        compact = article.model_dump_json() if "\n" in line.strip() else line.strip()
        sink.write(Outcome(article.doc_id, article.source, compact, failure))
        written += 1
    return written, refused

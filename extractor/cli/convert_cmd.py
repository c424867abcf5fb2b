"""`vnie to-sqlite` and `vnie to-parquet`: an existing JSONL output into tables."""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from .app import app
from .commands import say


def _convert(source: str, spec: str) -> None:
    from ..sinks import SinkError, copy_jsonl, open_sink

    if source != "-" and not Path(source).is_file():
        say(f"{source}: no such file")
        raise typer.Exit(2)
    try:
        sink = open_sink(spec)
    except (SinkError, OSError, ValueError) as exc:
        say(str(exc))
        raise typer.Exit(2)
    lines = sys.stdin if source == "-" else open(source, encoding="utf-8", errors="replace")
    try:
        with sink:
            written, refused = copy_jsonl(lines, sink, on_error=lambda n, msg: say(f"{source}:{n}: {msg}"))
    finally:
        if lines is not sys.stdin:
            lines.close()
    say(f"{written} records written to {sink.description}, {refused} lines refused")
    raise typer.Exit(1 if refused else 0)


@app.command("to-sqlite")
def to_sqlite(
    jsonl: str = typer.Argument(..., help="JSONL written by vnie extract (or - for stdin)."),
    database: Path = typer.Argument(..., help="SQLite database file (created if missing)."),
):
    """Load a JSONL output into SQLite tables (articles, legal_refs, quantities, ...).

    Articles already in the database are replaced (upsert by doc_id), never duplicated.

    Example: vnie to-sqlite out.jsonl out.db && sqlite3 out.db "select count(*) from quantities"

    Ví dụ: vnie to-sqlite ket-qua.jsonl bai-bao.db   (nạp kết quả vào bảng SQLite)
    """
    _convert(jsonl, f"sqlite:{database}")


@app.command("to-parquet")
def to_parquet(
    jsonl: str = typer.Argument(..., help="JSONL written by vnie extract (or - for stdin)."),
    directory: Path = typer.Argument(..., help="Directory for one .parquet file per table."),
):
    """Write a JSONL output as Parquet, one file per table (needs pyarrow: vnie[parquet]).

    Example: vnie to-parquet out.jsonl out-parquet/

    Ví dụ: vnie to-parquet ket-qua.jsonl bang-parquet/   (mỗi loại bản ghi một tệp Parquet)
    """
    _convert(jsonl, f"parquet:{directory}")

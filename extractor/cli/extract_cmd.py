"""`vnie extract`: inputs in, one JSON line per article out."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .app import app
from .commands import parse_date, say


@app.command()
def extract(
    paths: List[str] = typer.Argument(..., help="Files (.txt, .json, .jsonl, .html), directories, globs, or - for stdin."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write JSONL here instead of stdout."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for every input."),
    pretty: bool = typer.Option(False, "--pretty", help="Indented JSON instead of one line per article."),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", min=1, help="Refuse inputs larger than this (bytes)."),
):
    """Extract records from articles and write one JSON line per article.

    Example: vnie extract corpus/articles/bac-ninh-chinh-quyen-2-cap.txt --published 2025-08-25

    Ví dụ: echo "Theo Nghị định số 132/2025/NĐ-CP, từ 1/7 ..." | vnie extract -
    Exit code: 0 all articles extracted, 1 some inputs failed (each has an error record), 2 usage error.
    """
    from ..batch import run
    from ..inputs import iter_inputs

    date = parse_date(published)
    items = iter_inputs(paths, max_bytes=max_bytes)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        summary = run(items, out, published=date, pretty=pretty,
                      on_error=lambda where, msg: say(f"{where}: {msg}"))
    finally:
        if output:
            out.close()
    if summary.failed:
        say(f"{summary.ok} ok, {summary.failed} failed")
    raise typer.Exit(summary.exit_code)

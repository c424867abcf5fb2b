"""vnie's core commands: extract, explain, schema. Each parses, calls the library, prints."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .app import app


def _parse_date(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def _say(message: str) -> None:
    typer.echo(f"vnie: {message}", err=True)


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

    date = _parse_date(published)
    items = iter_inputs(paths, max_bytes=max_bytes)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        summary = run(items, out, published=date, pretty=pretty,
                      on_error=lambda where, msg: _say(f"{where}: {msg}"))
    finally:
        if output:
            out.close()
    if summary.failed:
        _say(f"{summary.ok} ok, {summary.failed} failed")
    raise typer.Exit(summary.exit_code)


@app.command()
def explain(
    text_or_path: str = typer.Argument(..., help="An article file, or the text itself."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD."),
):
    """Show every record with the rule that produced it.

    Example: vnie explain "Từ 1/7, xã Lạng Giang tiếp nhận 9.301 hồ sơ theo Nghị định 179/2025/NĐ-CP"
    """
    from ..explain import explain_table
    from ..inputs import iter_inputs

    path = Path(text_or_path)
    if len(text_or_path) < 4096 and path.is_file():
        item = next(iter_inputs([text_or_path]))
        if item.error:
            _say(f"{text_or_path}: {item.error}")
            raise typer.Exit(1)
        text = item.text
    else:
        text = text_or_path
    explain_table(text, published=_parse_date(published))


@app.command()
def schema(
    out: Path = typer.Option(Path("schemas"), "--out", help="Directory for the JSON Schema files."),
    check: bool = typer.Option(False, "--check", help="Exit 1 if the files in --out differ from the models."),
):
    """Write (or check) the JSON Schema files generated from the Pydantic models.

    Example: vnie schema --out schemas/ --check
    """
    from ..schema import stale_schemas, write_schemas

    if check:
        stale = stale_schemas(out)
        for name in stale:
            _say(f"{out / name} is stale: run vnie schema --out {out}")
        raise typer.Exit(1 if stale else 0)
    for path in write_schemas(out):
        typer.echo(str(path))


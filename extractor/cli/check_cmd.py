"""`vnie check`: do an article's figures add up? A report in the terminal, and a page."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .app import app
from .commands import parse_date, say


def _published(given, metadata) -> tuple:
    """--published wins; else a date from the input's metadata (JSON), if it is one."""
    import datetime as dt

    if given is not None:
        return given, "argument"
    try:
        return dt.date.fromisoformat(str(metadata)[:10]), "metadata"
    except ValueError:
        return None, "argument"


@app.command("check")
def check(
    path: str = typer.Argument(..., help="One article: a .txt/.html/.json file, or - for stdin."),
    html_out: Optional[Path] = typer.Option(None, "--html", help="Also write a self-contained HTML page here."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD."),
):
    """Check that the article's figures add up; list every figure with its check status.

    Example: vnie check bai-bao.txt --html bao-cao.html

    Ví dụ: vnie check corpus/articles/bac-ninh-chinh-quyen-2-cap.txt
    Exit code: 0 when the report was made (whatever it found), 1 when the input cannot be read.
    """
    from ..inputs import iter_inputs

    date = parse_date(published)
    if path != "-" and Path(path).is_dir():
        say(f"{path}: is a directory; vnie check reads one article")
        raise typer.Exit(1)
    items = iter(iter_inputs([path]))
    item, extra = next(items, None), next(items, None)
    if item is None or item.error:
        say(f"{path}: {item.error if item else 'no article found'}")
        raise typer.Exit(1)
    if extra is not None:
        say(f"{path}: holds more than one article; vnie check reads one (vnie extract reads many)")
        raise typer.Exit(1)

    from .. import process
    from ..report import print_report
    from ..stages.checks import sentence_ranges

    when, source = _published(date, item.published)
    article, doc = process(item.text, published=when, published_source=source, doc_id=item.doc_id,
                           source=item.source, title=item.title)
    print_report(article, doc.text, sentence_ranges(doc))
    if html_out is not None:
        from ..report_html import render_html

        try:
            html_out.write_text(render_html(article, doc.text, doc._.meta.title), encoding="utf-8")
        except OSError as exc:
            say(f"{html_out}: cannot write: {exc.strerror or exc}")
            raise typer.Exit(1)
        typer.echo(f"HTML: {html_out}")

"""`vnie explain`: every hit, the rule that fired, and the fields it set."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .hits import text_of
from .pipeline import STAGES


def explain_rows(text: str, published=None) -> list[tuple[str, int, int, str, str, str]]:
    """(stage, start, end, span text, rule id, fields) for every hit, in text order per stage."""
    from . import process

    article, doc = process(text, published=published)
    text = text_of(doc)
    rows = []
    for stage in STAGES:
        for hit in doc._.hits.get(stage, []):
            fields = ", ".join(f"{k}={v}" for k, v in hit.fields.items() if v not in (None, [], ""))
            rows.append((stage, hit.start, hit.end, text[hit.start:hit.end], hit.rule, fields))
    for error in article.errors:
        rows.append(("error", 0, 0, error.stage, "-", error.message))
    return rows


def explain_table(text: str, published=None, console: Console | None = None) -> None:
    table = Table(title="vnie explain: which rule produced which record")
    for column in ("stage", "span", "text", "rule", "fields"):
        table.add_column(column, overflow="fold")
    for stage, start, end, span_text, rule, fields in explain_rows(text, published):
        table.add_row(stage, f"{start}:{end}", span_text, rule, fields)
    (console or Console()).print(table)

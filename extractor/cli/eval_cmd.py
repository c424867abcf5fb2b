"""`vnie eval`: the extractors against the gold files, as a table (or JSON)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .app import app


@app.command("eval")
def eval_command(
    gold_dir: Path = typer.Argument(..., help="Directory with NAME.gold.json files next to NAME.txt."),
    pred: Optional[Path] = typer.Option(None, "--pred", help="JSONL of Article records to score instead of running the pipeline (matched by doc_id)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    misses: bool = typer.Option(True, "--misses/--no-misses", help="List misses and false alarms with their text."),
    baselines: bool = typer.Option(False, "--baselines", help="Add underthesea ner() and dateparser rows (slow)."),
) -> None:
    """Score vnie against hand-made gold files: TP/FP/FN, precision, recall, F1 per record type.

    Matching is on normalised values, not offsets (see the README). Exit code 0 whatever the
    scores (it is a report); 2 when the directory or a file cannot be used.

    Example: vnie eval corpus/articles --json

    Ví dụ: vnie eval corpus/articles --baselines   (so sánh với underthesea và dateparser)
    """
    from rich.console import Console

    from ..evaluate import EvalInputError, evaluate

    try:
        report = evaluate(gold_dir, predictions=pred, baselines=baselines)
    except EvalInputError as exc:
        typer.echo(f"vnie eval: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        import json

        typer.echo(json.dumps(report.to_dict(misses=misses), ensure_ascii=False, indent=2))
    else:
        out = Console(highlight=False, soft_wrap=True)
        if not out.is_terminal:  # a pipe or a file: do not squeeze the table into 80 columns
            out = Console(highlight=False, soft_wrap=True, width=120)
        out.print(_table(report))
        if misses:
            _print_findings(out, report)
    for note in report.notes:
        typer.echo(f"vnie eval: note: {note}", err=True)


def _table(report):
    from rich.table import Table

    own = [row for row in report.rows.values() if not row.name.startswith("baseline:")]
    baselines = [row for row in report.rows.values() if row.name.startswith("baseline:")]
    table = Table(title=f"vnie eval: {len(report.documents)} articles, predictions from {report.source}",
                  caption="all types = " + ", ".join(report.overall()["types"])
                  + "; macro F1 = mean of the per-article F1")
    table.add_column("record type", no_wrap=True)
    if baselines:
        table.add_column("vs gold", no_wrap=True)
    for header in ("TP", "FP", "FN", "P", "R", "F1", "macro F1"):
        table.add_column(header, justify="right", no_wrap=True)
    against = (lambda row: ["" if row.against == row.name else row.against]) if baselines else (lambda row: [])
    for row in own:
        table.add_row(*_cells(row, against(row)), end_section=row is own[-1])
    overall = report.overall()
    micro, macro = overall["micro"], overall["macro"]
    padding = [""] if baselines else []
    table.add_row("micro (all types)", *padding, *map(str, (micro["tp"], micro["fp"], micro["fn"])),
                  *(f"{micro[k]:.3f}" for k in ("precision", "recall", "f1")), "")
    table.add_row("macro (all types)", *padding, "", "", "", *(f"{macro[k]:.3f}" for k in ("precision", "recall", "f1")),
                  "", end_section=True)
    for row in baselines:
        table.add_row(*_cells(row, against(row)))
    return table


def _cells(row, against: list[str]) -> list[str]:
    return [row.name, *against, str(row.tp), str(row.fp), str(row.fn),
            *(f"{v:.3f}" for v in (row.precision, row.recall, row.f1, row.macro_f1))]


def _print_findings(out, report) -> None:
    for title, findings, other in (("Misses (in gold, not predicted)", report.misses, "predicted"),
                                   ("False alarms (predicted, not in gold)", report.false_alarms, "gold")):
        if not findings:
            continue
        out.print(f"\n{title}: {len(findings)}", style="bold", markup=False)
        current = None
        for f in findings:
            if f.type != current:
                current = f.type
                out.print(f"  [{f.type}]", style="bold", markup=False)
            near = f"   ({other}: {f.near})" if f.near else ""
            out.print(f"    {f.doc_id}: {f.text!r} -> {f.value}{near}", markup=False)

"""vnie's core commands: explain, schema. Each parses, calls the library, prints."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from .app import app

def parse_date(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None

def say(message: str) -> None:
    typer.echo(f"vnie: {message}", err=True)

@app.command()
def explain(
    text_or_path: str = typer.Argument(..., help="An article file, or the text itself."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD."),
):
    """Show every record with the rule that produced it.

    Example: vnie explain "Từ 1/7, xã Lạng Giang tiếp nhận 9.301 hồ sơ theo Nghị định 179/2025/NĐ-CP"

    Ví dụ: vnie explain bai-bao.txt   (xem quy tắc nào tạo ra từng bản ghi)
    """
    from ..explain import explain_table
    from ..inputs import iter_inputs

    path = Path(text_or_path)
    if len(text_or_path) < 4096 and path.is_file():
        item = next(iter_inputs([text_or_path]))
        if item.error:
            say(f"{text_or_path}: {item.error}")
            raise typer.Exit(1)
        text = item.text
    else:
        text = text_or_path
    explain_table(text, published=parse_date(published))

@app.command()
def schema(
    out: Path = typer.Option(Path("schemas"), "--out", help="Directory for the JSON Schema files."),
    check: bool = typer.Option(False, "--check", help="Exit 1 if the files in --out differ from the models."),
):
    """Write (or check) the JSON Schema files generated from the Pydantic models.

    Example: vnie schema --out schemas/ --check

    Ví dụ: vnie schema --out schemas/   (ghi lại lược đồ JSON sau khi sửa mô hình dữ liệu)
    """
    from ..schema import stale_schemas, write_schemas

    if check:
        stale = stale_schemas(out)
        for name in stale:
            say(f"{out / name} is stale: run vnie schema --out {out}")
        raise typer.Exit(1 if stale else 0)
    for path in write_schemas(out):
        typer.echo(str(path))

from __future__ import annotations

import typer

app = typer.Typer(
    name="vnie",
    help="Trích xuất dữ kiện từ báo chí tiếng Việt / Facts from Vietnamese press articles.\n\n"
         "Example: vnie extract bai-bao.txt --pretty",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

"""The `vnie` command line: parses options, calls the library, prints. Nothing else."""
from __future__ import annotations

from .app import app
from . import check_cmd, commands, convert_cmd, eval_cmd, extract_cmd  # noqa: F401,E402  (each registers its commands on `app`)


def main() -> None:
    app()

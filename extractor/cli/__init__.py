"""The `vnie` command line: parses options, calls the library, prints. Nothing else."""
from __future__ import annotations

from .app import app
from . import commands  # noqa: F401  (registers the commands on `app`)


def main() -> None:
    app()

"""The `vnie` command line: parses options, calls the library, prints. Nothing else."""
from __future__ import annotations

from .app import app
from . import commands, extract_cmd  # noqa: F401,E402  (each registers its commands on `app`)


def main() -> None:
    app()

"""The README is part of the product: its commands must exist and its promises must hold."""
from __future__ import annotations

import re

from conftest import ROOT
from extractor.cli.app import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    from extractor import cli  # noqa: F401  (registers every command)

    return sorted(c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands)


def test_every_cli_command_is_documented():
    missing = [name for name in _commands() if f"vnie {name}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_readme_opens_with_the_two_setup_commands():
    blocks = re.findall(r"```bash\n(.*?)\n```", README, flags=re.S)
    run, test = blocks[0], blocks[1]
    assert "pip install ." in run and "vnie extract corpus/articles/" in run
    assert "pip install '.[test]'" in test and "pytest" in test
    # .ci/run executes the block between these markers, verbatim
    marked = README.split("<!-- test-command -->")[1].split("<!-- /test-command -->")[0]
    assert test in marked


def test_bundled_article_named_in_the_readme_exists():
    path = re.search(r"vnie extract (corpus/articles/\S+\.txt)", README).group(1)
    assert (ROOT / path).is_file()

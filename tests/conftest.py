from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ARTICLES = CORPUS / "articles"
FOUNDING = ARTICLES / "bac-ninh-chinh-quyen-2-cap.txt"


@pytest.fixture(scope="session")
def founding_text() -> str:
    return FOUNDING.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def founding(founding_text):
    """The founding article's Article and Doc, computed once per test session."""
    from extractor import process

    return process(founding_text, doc_id="bac-ninh-chinh-quyen-2-cap")

"""Stage `legal_refs`: not built yet; the pipeline runs it and it adds nothing."""
from __future__ import annotations

from spacy.tokens import Doc

NAME = "legal_refs"


def component(doc: Doc) -> Doc:
    return doc


def to_records(doc: Doc) -> list:
    return []

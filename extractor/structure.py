"""Document structure: headline, body range and boilerplate (teasers, credits, captions).

Patterns are data (rules/structure.yaml), matched on the folded text so "Xem Thêm" and
"xem thêm" are one rule. Related-article blocks, duplicated lines, credits and file names are
*skipped*: no stage may report a hit inside them (extractor.hits.add_hit enforces it).
Captions are marked but kept: they are part of the article.
"""
from __future__ import annotations

from functools import cache

import regex

from .hits import DocMeta
from .normalize import fold
from .resources import load_yaml

_MAX_TITLE_CHARS = 300


@cache
def _patterns() -> dict[str, list[tuple[str, regex.Pattern]]]:
    data = load_yaml("structure.yaml")
    return {
        group: [(rule["id"], regex.compile(rule["pattern"], regex.MULTILINE)) for rule in rules]
        for group, rules in data.items()
    }


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its newline."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _title(text: str, lines: list[tuple[int, int]]) -> tuple[int, int] | None:
    non_empty = [(s, e) for s, e in lines if text[s:e].strip()]
    if len(non_empty) < 2:
        return None
    start, end = non_empty[0]
    if end - start > _MAX_TITLE_CHARS:
        return None
    stripped = text[start:end]
    lead = len(stripped) - len(stripped.lstrip())
    return start + lead, start + len(stripped.rstrip())


def _related_start(key: str, lines: list[tuple[int, int]]) -> int | None:
    headers = _patterns()["related_headers"]
    for start, end in lines:
        line = key[start:end].strip().rstrip(":").strip()
        if any(pattern.fullmatch(line) for _, pattern in headers):
            return start
    return None


def _find_all(key: str, group: str, line: tuple[int, int]) -> list[tuple[int, int]]:
    start, end = line
    found = []
    for _, pattern in _patterns()[group]:
        found += [(start + m.start(), start + m.end()) for m in pattern.finditer(key[start:end])]
    return found


def _strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    segment = text[start:end]
    if not segment.strip():
        return start, start
    return start + len(segment) - len(segment.lstrip()), end - (len(segment) - len(segment.rstrip()))


def analyse(text: str) -> DocMeta:
    """Title, body and boilerplate of a normalised article text."""
    key = fold(text)
    lines = _lines(text)
    meta = DocMeta(title=_title(text, lines))
    related = _related_start(key, lines)
    body_end = len(text) if related is None else related
    if related is not None:
        meta.boilerplate.append((related, len(text), "related"))
        meta.skipped.append((related, len(text)))
    seen: set[str] = set()
    for line in lines:
        if line[0] >= body_end:
            break
        _mark_line(text, key, line, meta, seen)
    body_start = meta.title[1] if meta.title else 0
    meta.body = _strip_range(text, body_start, body_end)
    meta.boilerplate.sort()
    return meta


def _mark_line(text: str, key: str, line: tuple[int, int], meta: DocMeta, seen: set[str]) -> None:
    start, end = _strip_range(text, *line)
    content = text[start:end]
    if not content:
        return
    found = {kind: _find_all(key, group, (start, end))
             for kind, group in (("related", "inline_related"), ("file_name", "file_names"), ("credit", "credits"))}
    for kind, ranges in found.items():
        for s, e in ranges:
            meta.boilerplate.append((s, e, kind))
            meta.skipped.append((s, e))
    credits = found["credit"]
    is_caption = bool(_find_all(key, "captions", (start, end))) or (
        credits and any(_strip_range(text, start, s)[1] > start for s, _ in credits)
    )
    if content in seen:
        meta.boilerplate.append((start, end, "caption" if is_caption else "other"))
        meta.skipped.append((start, end))
    elif is_caption:
        meta.boilerplate.append((start, end, "caption"))
    seen.add(content)

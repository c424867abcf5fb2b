"""Per-stage example corpora (`corpus/<stage>.yaml`), the Duckling way: the corpus is the test suite.

    stage: quantities
    published: 2025-08-25            # the reference date every example is resolved against
    examples:
      - text: "Tỉnh tiếp nhận 9.301 hồ sơ."
        expect:                      # records of this stage; only the fields given are compared
          - {text: "9.301 hồ sơ", value: 9301, unit: "hồ sơ", kind: count}
        exhaustive: true             # default: no other records of this stage may appear
        published: 2024-05-30        # optional, overrides the file's date
    negatives:                       # texts that must yield no record of this stage
      - "ngày 15/8/2025"

`text` in an expectation is the record's span text (quantities, dates, recommendations) or
one of its mention texts (legal_refs, units). An int given for `mentions` is compared with the
number of mentions.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

@dataclass
class Example:
    stage: str
    id: str
    text: str
    published: dt.date | None
    expect: list[dict[str, Any]] = field(default_factory=list)
    exhaustive: bool = True
    negative: bool = False


def _slug(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def load_corpus(path: Path) -> list[Example]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    stage = data.get("stage", path.stem)
    published = _date(data.get("published"))
    examples = []
    for i, item in enumerate(data.get("examples") or []):
        examples.append(Example(
            stage=stage, id=item.get("id") or f"{i:03d} {_slug(item['text'])}", text=item["text"],
            published=_date(item.get("published", published)), expect=item.get("expect") or [],
            exhaustive=item.get("exhaustive", True),
        ))
    for i, item in enumerate(data.get("negatives") or []):
        text = item if isinstance(item, str) else item["text"]
        examples.append(Example(stage=stage, id=f"neg{i:03d} {_slug(text)}", text=text,
                                published=published, negative=True))
    return examples


def record_texts(record: dict[str, Any]) -> list[str]:
    if "mentions" in record:
        return [m["text"] for m in record["mentions"]]
    if "span" in record:
        return [record["span"]["text"]]
    return []


def field_matches(expected: Any, actual: Any, name: str) -> bool:
    if name == "mentions" and isinstance(expected, int):
        return len(actual) == expected
    if isinstance(expected, float) or isinstance(actual, float):
        if expected is None or actual is None:
            return expected is actual
        return math.isclose(float(expected), float(actual), rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(expected, dt.date):
        return expected.isoformat() == actual
    return expected == actual


def record_matches(expected: dict[str, Any], record: dict[str, Any]) -> bool:
    for name, value in expected.items():
        if name == "text":
            if value not in record_texts(record):
                return False
        elif name not in record or not field_matches(value, record[name], name):
            return False
    return True


def compare(example: Example, records: list[dict[str, Any]]) -> list[str]:
    """Human-readable problems; empty when the records satisfy the example."""
    if example.negative:
        return [f"unexpected record: {_describe(r)}" for r in records]
    problems, unused = [], list(records)
    for expected in example.expect:
        match = next((r for r in unused if record_matches(expected, r)), None)
        if match is None:
            problems.append(f"missing {expected}")
        else:
            unused.remove(match)
    if example.exhaustive:
        problems += [f"unexpected record: {_describe(r)}" for r in unused]
    return problems


def _describe(record: dict[str, Any]) -> str:
    shown = {k: v for k, v in record.items() if k not in ("mentions", "span") and v not in (None, [], "")}
    return f"{record_texts(record)} {shown}"

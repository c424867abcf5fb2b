"""Gold answer keys and prediction files for the evaluation harness.

A gold file is `NAME.gold.json` next to the article `NAME.txt` (format: the annotators'
brief; the contract's field names, `text` as written instead of offsets, `mentions` as a
count). Predictions are a JSONL file of `Article` records, matched to gold by `doc_id`.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

GOLD_SUFFIX = ".gold.json"
RECORD_FIELDS = ("legal_refs", "units", "quantities", "dates", "recommendations")


class EvalInputError(ValueError):
    """A gold directory, gold file or prediction file that cannot be used (one-line message)."""


@dataclass
class GoldDoc:
    doc_id: str               # NAME of NAME.gold.json
    path: Path
    data: dict

    @property
    def published(self) -> str | None:
        return self.data.get("published")

    @property
    def text_path(self) -> Path:
        return self.path.with_name(self.doc_id + ".txt")

    def text(self) -> str:
        if not self.text_path.is_file():
            raise EvalInputError(f"{self.path}: the article {self.text_path.name} is missing next to it")
        return self.text_path.read_text(encoding="utf-8")

    def records(self, field: str) -> list[dict]:
        return self.data.get(field) or []


def load_gold_dir(gold_dir: str | Path) -> list[GoldDoc]:
    """Every NAME.gold.json of a directory, sorted by name."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise EvalInputError(f"gold directory not found: {gold_dir}")
    paths = sorted(gold_dir.glob("*" + GOLD_SUFFIX))
    if not paths:
        raise EvalInputError(f"no *{GOLD_SUFFIX} files in {gold_dir}")
    return [load_gold(path) for path in paths]


def load_gold(path: Path) -> GoldDoc:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalInputError(f"{path}: not a readable JSON file ({exc})") from None
    if not isinstance(data, dict):
        raise EvalInputError(f"{path}: expected a JSON object")
    for field in RECORD_FIELDS:
        if not isinstance(data.get(field) or [], list):
            raise EvalInputError(f"{path}: `{field}` must be a list")
    published = data.get("published")
    try:
        published is None or dt.date.fromisoformat(published)
    except (TypeError, ValueError):
        raise EvalInputError(f"{path}: `published` must be YYYY-MM-DD or null, not {published!r}") from None
    return GoldDoc(doc_id=path.name[: -len(GOLD_SUFFIX)], path=path, data=data)


def read_predictions(path: str | Path) -> dict[str, dict]:
    """doc_id -> the Article record as JSON-ready dict, validated against the contract."""
    from pydantic import ValidationError

    from .models import Article

    path = Path(path)
    if not path.is_file():
        raise EvalInputError(f"prediction file not found: {path}")
    found: dict[str, dict] = {}
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                article = Article.model_validate_json(line)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                raise EvalInputError(f"{path}:{number}: not an Article record ({where}: {first['msg']})") from None
            found[article.doc_id] = article.model_dump(mode="json")
    return found


# --- gold as predictions (the harness's own check: gold must score 1.0 against itself) ----

def gold_to_article(gold: GoldDoc, text: str | None = None):
    """The gold file as an `Article`, spans located by their text (first occurrence; an
    absent text gets an empty span at 0). Used to test the harness and to check gold files."""
    from .article import text_sha256
    from .models import Article, Range

    text = gold.text() if text is None else text
    span = _locator(text)
    data = gold.data
    return Article(
        doc_id=gold.doc_id,
        title=data.get("title"),
        published=data.get("published"),
        text_sha256=text_sha256(text),
        body=Range(start=0, end=len(text)),
        legal_refs=[_legal_ref(e, span) for e in gold.records("legal_refs")],
        units=[_unit(e, span) for e in gold.records("units")],
        quantities=[_quantity(e, span) for e in gold.records("quantities")],
        dates=[_date(e, span) for e in gold.records("dates")],
        recommendations=[_recommendation(e, span) for e in gold.records("recommendations")],
    )


def _locator(text: str):
    from .models import Span

    def span(written: str) -> Span:
        start = text.find(written) if written else -1
        return Span(start=0, end=0, text="") if start < 0 else Span.at(text, start, start + len(written))

    return span


def _legal_ref(e: dict, span):
    from .models import LegalRef

    return LegalRef(doc_type=e["doc_type"], doc_type_text=e.get("text", ""), number=e.get("number"),
                    year=e.get("year"), issuer_code=e.get("issuer_code"), canonical=e.get("canonical"),
                    title=e.get("title"), mentions=[span(e.get("text", ""))])


def _unit(e: dict, span):
    from .models import Unit

    return Unit(kind=e["kind"], level=e["level"], name=e["name"], code=e.get("code"), era=e.get("era"),
                mentions=[span(e.get("text", ""))])


def _quantity(e: dict, span):
    from .models import Quantity

    return Quantity(span=span(e.get("text", "")), value=e.get("value"), low=e.get("low"), high=e.get("high"),
                    of=e.get("of"), unit=e.get("unit"), kind=e["kind"], qualifier=e.get("qualifier") or "exact")


def _date(e: dict, span):
    from .models import DateMention

    start = dt.date.fromisoformat(e["start"]) if e.get("start") else None
    end = dt.date.fromisoformat(e["end"]) if e.get("end") else None
    timex = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[e["granularity"]]
    return DateMention(span=span(e.get("text", "")), start=start, end=end, granularity=e["granularity"],
                       year_inferred=bool(e.get("year_inferred")), timex=start.strftime(timex) if start else "XXXX")


def _recommendation(e: dict, span):
    from .models import Recommendation

    return Recommendation(span=span(e.get("text", "")), kind=e["kind"], trigger=e.get("trigger") or "",
                          by=e.get("by"), to=e.get("to") or [], items=e.get("items") or [])

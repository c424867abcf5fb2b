"""The records as tables, for SQLite and Parquet: the DDL (the one source of truth for both)
and the rows of one Article.

One row per article in `articles` (with the whole record as JSON in `record`, so nothing
the tables leave out is lost, fields added to the contract later included); one row per
item of each list in its own table, keyed by (doc_id, idx) where idx is the item's
position in the article's list (so `checks.quantity_idxs` point at `quantities.idx`);
nested lists (mentions, recommendation items) in child tables keyed by
(doc_id, parent idx, idx). Every table has doc_id, the leading column of its key (which is
the doc_id index). Column names follow the contract except where SQL would need quotes:
span start/end/text -> span_start/span_end/span_text, quantity `of` -> of_value,
recommendation `by` -> actor and `to` -> addressees, check `quantities` -> quantity_idxs,
date start/end -> date_start/date_end. Lists of strings are JSON arrays in TEXT columns.
Dates are ISO text. BOOLEAN columns hold 0/1.
"""
from __future__ import annotations

import json
import sqlite3
from functools import cache

SCHEMA_VERSION = 1  # of these tables (PRAGMA user_version); bump when a column changes

DDL = """
CREATE TABLE IF NOT EXISTS articles (
    doc_id           TEXT PRIMARY KEY,
    schema_version   TEXT NOT NULL,
    source           TEXT,
    title            TEXT,
    published        TEXT,
    published_source TEXT,
    text_sha256      TEXT NOT NULL,
    body_start       INTEGER NOT NULL,
    body_end         INTEGER NOT NULL,
    failed           BOOLEAN NOT NULL,  -- 1: no extraction (bad input, crash, time limit)
    record           TEXT NOT NULL      -- the whole Article as JSON
);
CREATE TABLE IF NOT EXISTS legal_refs (
    doc_id        TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    doc_type      TEXT NOT NULL,
    doc_type_text TEXT NOT NULL,
    number        TEXT,
    year          INTEGER,
    issuer_code   TEXT,
    issuers       TEXT NOT NULL,        -- JSON array
    canonical     TEXT,
    title         TEXT,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS legal_ref_mentions (
    doc_id     TEXT NOT NULL,
    ref_idx    INTEGER NOT NULL,
    idx        INTEGER NOT NULL,
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    span_text  TEXT NOT NULL,
    PRIMARY KEY (doc_id, ref_idx, idx),
    FOREIGN KEY (doc_id, ref_idx) REFERENCES legal_refs(doc_id, idx) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS units (
    doc_id TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    idx    INTEGER NOT NULL,
    kind   TEXT NOT NULL,
    level  TEXT NOT NULL,
    name   TEXT NOT NULL,
    code   TEXT,
    era    TEXT,
    parent TEXT,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS unit_mentions (
    doc_id     TEXT NOT NULL,
    unit_idx   INTEGER NOT NULL,
    idx        INTEGER NOT NULL,
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    span_text  TEXT NOT NULL,
    PRIMARY KEY (doc_id, unit_idx, idx),
    FOREIGN KEY (doc_id, unit_idx) REFERENCES units(doc_id, idx) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS quantities (
    doc_id     TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    span_text  TEXT NOT NULL,
    value      REAL,
    low        REAL,
    high       REAL,
    of_value   REAL,
    unit       TEXT,
    kind       TEXT NOT NULL,
    qualifier  TEXT NOT NULL,
    subject    TEXT,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS dates (
    doc_id        TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    span_text     TEXT NOT NULL,
    date_start    TEXT,
    date_end      TEXT,
    granularity   TEXT NOT NULL,
    year_inferred BOOLEAN NOT NULL,
    timex         TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS recommendations (
    doc_id     TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    span_text  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    trigger    TEXT NOT NULL,
    actor      TEXT,
    addressees TEXT NOT NULL,           -- JSON array
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS recommendation_items (
    doc_id  TEXT NOT NULL,
    rec_idx INTEGER NOT NULL,
    idx     INTEGER NOT NULL,
    item    TEXT NOT NULL,
    PRIMARY KEY (doc_id, rec_idx, idx),
    FOREIGN KEY (doc_id, rec_idx) REFERENCES recommendations(doc_id, idx) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS checks (
    doc_id        TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    status        TEXT NOT NULL,
    quantity_idxs TEXT NOT NULL,        -- JSON array of quantities.idx
    stated        REAL,
    expected      REAL,
    message       TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS errors (
    doc_id  TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    idx     INTEGER NOT NULL,
    stage   TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS legal_refs_canonical ON legal_refs(canonical);
CREATE INDEX IF NOT EXISTS legal_refs_type_year ON legal_refs(doc_type, year);
CREATE INDEX IF NOT EXISTS units_name ON units(kind, level, name);
CREATE INDEX IF NOT EXISTS units_code ON units(code);
CREATE INDEX IF NOT EXISTS quantities_kind_unit ON quantities(kind, unit);
CREATE INDEX IF NOT EXISTS dates_start ON dates(date_start);
CREATE INDEX IF NOT EXISTS recommendations_kind ON recommendations(kind);
CREATE INDEX IF NOT EXISTS checks_status ON checks(status);
CREATE INDEX IF NOT EXISTS errors_stage ON errors(stage);
"""

# Parents before children (insert order); delete runs the other way.
TABLES = ("articles", "legal_refs", "legal_ref_mentions", "units", "unit_mentions", "quantities",
          "dates", "recommendations", "recommendation_items", "checks", "errors")


@cache
def columns() -> dict[str, tuple[tuple[str, str], ...]]:
    """(name, declared type) of every column of every table, read from the DDL itself."""
    db = sqlite3.connect(":memory:")
    db.executescript(DDL)
    out = {t: tuple((row[1], row[2].upper()) for row in db.execute(f"PRAGMA table_info({t})")) for t in TABLES}
    db.close()
    return out


def _span(span: dict) -> dict:
    return {"span_start": span["start"], "span_end": span["end"], "span_text": span["text"]}


def _json(items: list) -> str:
    return json.dumps(items, ensure_ascii=False)


def _article_row(a: dict, failed: bool, record: str) -> dict:
    return {"doc_id": a["doc_id"], "schema_version": a["schema_version"], "source": a.get("source"),
            "title": a.get("title"), "published": a.get("published"),
            "published_source": a.get("published_source"), "text_sha256": a["text_sha256"],
            "body_start": a["body"]["start"], "body_end": a["body"]["end"], "failed": bool(failed),
            "record": record}


def _legal_refs(doc_id: str, refs: list[dict], rows: dict[str, list[dict]]) -> None:
    for i, ref in enumerate(refs):
        rows["legal_refs"].append({
            "doc_id": doc_id, "idx": i, "doc_type": ref["doc_type"], "doc_type_text": ref["doc_type_text"],
            "number": ref.get("number"), "year": ref.get("year"), "issuer_code": ref.get("issuer_code"),
            "issuers": _json(ref.get("issuers", [])), "canonical": ref.get("canonical"), "title": ref.get("title")})
        for j, span in enumerate(ref.get("mentions", [])):
            rows["legal_ref_mentions"].append({"doc_id": doc_id, "ref_idx": i, "idx": j, **_span(span)})


def _units(doc_id: str, units: list[dict], rows: dict[str, list[dict]]) -> None:
    for i, unit in enumerate(units):
        rows["units"].append({"doc_id": doc_id, "idx": i, "kind": unit["kind"], "level": unit["level"],
                              "name": unit["name"], "code": unit.get("code"), "era": unit.get("era"),
                              "parent": unit.get("parent")})
        for j, span in enumerate(unit.get("mentions", [])):
            rows["unit_mentions"].append({"doc_id": doc_id, "unit_idx": i, "idx": j, **_span(span)})


def _quantity(doc_id: str, i: int, q: dict) -> dict:
    return {"doc_id": doc_id, "idx": i, **_span(q["span"]), "value": q.get("value"), "low": q.get("low"),
            "high": q.get("high"), "of_value": q.get("of"), "unit": q.get("unit"), "kind": q["kind"],
            "qualifier": q.get("qualifier", "exact"), "subject": q.get("subject")}


def _date(doc_id: str, i: int, d: dict) -> dict:
    return {"doc_id": doc_id, "idx": i, **_span(d["span"]), "date_start": d.get("start"),
            "date_end": d.get("end"), "granularity": d["granularity"],
            "year_inferred": bool(d.get("year_inferred")), "timex": d["timex"]}


def _recommendations(doc_id: str, recs: list[dict], rows: dict[str, list[dict]]) -> None:
    for i, rec in enumerate(recs):
        rows["recommendations"].append({
            "doc_id": doc_id, "idx": i, **_span(rec["span"]), "kind": rec["kind"], "trigger": rec["trigger"],
            "actor": rec.get("by"), "addressees": _json(rec.get("to", []))})
        for j, item in enumerate(rec.get("items", [])):
            rows["recommendation_items"].append({"doc_id": doc_id, "rec_idx": i, "idx": j, "item": item})


def _check(doc_id: str, i: int, c: dict) -> dict:
    return {"doc_id": doc_id, "idx": i, "kind": c["kind"], "status": c["status"],
            "quantity_idxs": _json(c.get("quantities", [])), "stated": c.get("stated"),
            "expected": c.get("expected"), "message": c["message"]}


def rows_of(article: dict, *, failed: bool, record: str) -> dict[str, list[dict]]:
    """Every table's rows for one article (as `Article.model_dump(mode="json")` gives it)."""
    doc_id = article["doc_id"]
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    rows["articles"].append(_article_row(article, failed, record))
    _legal_refs(doc_id, article.get("legal_refs", []), rows)
    _units(doc_id, article.get("units", []), rows)
    rows["quantities"] = [_quantity(doc_id, i, q) for i, q in enumerate(article.get("quantities", []))]
    rows["dates"] = [_date(doc_id, i, d) for i, d in enumerate(article.get("dates", []))]
    _recommendations(doc_id, article.get("recommendations", []), rows)
    rows["checks"] = [_check(doc_id, i, c) for i, c in enumerate(article.get("checks", []))]
    rows["errors"] = [{"doc_id": doc_id, "idx": i, "stage": e["stage"], "message": e["message"]}
                      for i, e in enumerate(article.get("errors", []))]
    return rows

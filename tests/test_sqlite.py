"""Table outputs: SQLite (queried with plain sqlite3, no vnie code) and Parquet (read with
pyarrow) hold what the JSONL holds; re-runs upsert; to-sqlite converts a JSONL."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import ARTICLES
from extractor.cli import app
from extractor.models import (Article, DateMention, FigureCheck, LegalRef, Quantity, Range, Recommendation,
                              Span, StageError, Unit)
from extractor.tables import TABLES, columns, rows_of

runner = CliRunner()
LISTS = {"legal_refs": "legal_refs", "units": "units", "quantities": "quantities", "dates": "dates",
         "recommendations": "recommendations", "checks": "checks", "errors": "errors"}
TEXT = ("Theo Nghị định số 132/2025/NĐ-CP, từ ngày 1/7/2025 xã Lạng Giang tiếp nhận 483/500 hồ sơ, "
        "đạt 96,6%. Sở Khoa học và Công nghệ kiến nghị Bộ Nội vụ: bổ sung biên chế; nâng cấp đường truyền.")


def _span(fragment: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(fragment, start + 1)
    return Span.at(TEXT, start, start + len(fragment))


def full_article(doc_id: str = "full", n_quantities: int = 2) -> Article:
    """An article with every record type filled, valid against TEXT (independent of stages)."""
    quantities = [Quantity(span=_span("483/500 hồ sơ"), value=483, of=500, unit="hồ sơ", kind="ratio"),
                  Quantity(span=_span("96,6%"), value=96.6, unit="%", kind="percent", qualifier="about")]
    return Article(
        doc_id=doc_id, source="tin.txt", title="Tin", published="2025-08-25", published_source="argument",
        text_sha256="0" * 64, body=Range(start=0, end=len(TEXT)),
        legal_refs=[LegalRef(doc_type="nghi_dinh", doc_type_text="Nghị định", number="132", year=2025,
                             issuer_code="NĐ-CP", issuers=["Chính phủ"], canonical="132/2025/NĐ-CP",
                             mentions=[_span("Nghị định số 132/2025/NĐ-CP")])],
        units=[Unit(kind="admin", level="xa", name="Lạng Giang", parent="Bắc Ninh", mentions=[_span("xã Lạng Giang")]),
               Unit(kind="org", level="bo", name="Bộ Nội vụ", mentions=[_span("Bộ Nội vụ")])],
        quantities=quantities[:n_quantities],
        dates=[DateMention(span=_span("ngày 1/7/2025"), start="2025-07-01", end="2025-07-01",
                           granularity="day", timex="2025-07-01")],
        recommendations=[Recommendation(span=_span("Sở Khoa học"), kind="recommendation", trigger="kiến nghị",
                                        by="Sở Khoa học và Công nghệ", to=["Bộ Nội vụ"],
                                        items=["bổ sung biên chế", "nâng cấp đường truyền"])],
        checks=[FigureCheck(kind="ratio", status="ok", quantities=[0, 1], stated=96.6, expected=96.6,
                            message="483/500 = 96,6%")],
        errors=[StageError(stage="units", message="ví dụ")],
    )


def _query(db: Path, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(db) as con:  # plain sqlite3: no vnie code between the test and the file
        return con.execute(sql, args).fetchall()


def _extract(*args) -> object:
    return runner.invoke(app, ["extract", *map(str, args)])


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The dev articles and one bad input, extracted once to JSONL and once to SQLite."""
    tmp = tmp_path_factory.mktemp("tables")
    bad = tmp / "bad.txt"
    bad.write_bytes(b"\x00binary")
    inputs = [*sorted(ARTICLES.glob("*.txt")), bad]
    jsonl, db = tmp / "out.jsonl", tmp / "out.db"
    assert _extract(*inputs, "-j", "1", "-o", jsonl).exit_code == 1
    result = _extract(*inputs, "-j", "1", "-o", f"sqlite:{db}")
    assert result.exit_code == 1 and "ok, 1 failed" in result.stderr
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    return inputs, records, db, tmp


def test_sqlite_counts_per_article_equal_the_jsonl(extracted):
    _, records, db, _ = extracted
    assert _query(db, "SELECT count(*), sum(failed) FROM articles") == [(len(records), 1)]
    for table, field in LISTS.items():
        counts = dict(_query(db, f"SELECT a.doc_id, count(t.doc_id) FROM articles a "
                                 f"LEFT JOIN {table} t ON t.doc_id = a.doc_id GROUP BY a.doc_id"))
        assert counts == {r["doc_id"]: len(r[field]) for r in records}, table
    mentions = dict(_query(db, "SELECT doc_id, count(*) FROM legal_ref_mentions GROUP BY doc_id"))
    assert mentions == {r["doc_id"]: sum(len(x["mentions"]) for x in r["legal_refs"])
                        for r in records if r["legal_refs"]}
    spans = _query(db, "SELECT a.record, q.span_start, q.span_end, q.span_text FROM quantities q "
                       "JOIN articles a USING (doc_id)")
    for record, start, end, text in spans[:50]:
        assert json.loads(record)["quantities"]  # the record column holds the whole article
        assert end > start and text
    assert [json.loads(r) for (r,) in _query(db, "SELECT record FROM articles ORDER BY rowid")] == records


def test_sqlite_has_keys_indexes_and_foreign_keys(extracted):
    db = extracted[2]
    assert _query(db, "PRAGMA journal_mode") == [("wal",)]
    assert _query(db, "PRAGMA foreign_key_check") == []
    indexes = {name for (name,) in _query(db, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"articles_published", "legal_refs_canonical", "quantities_kind_unit", "dates_start"} <= indexes
    fks = _query(db, "SELECT \"table\" FROM pragma_foreign_key_list('legal_ref_mentions')")
    assert fks == [("legal_refs",), ("legal_refs",)]  # (doc_id, ref_idx) -> legal_refs(doc_id, idx)
    assert _query(db, "SELECT \"table\" FROM pragma_foreign_key_list('quantities')") == [("articles",)]
    plan = " ".join(str(row) for row in _query(db, "EXPLAIN QUERY PLAN SELECT * FROM quantities WHERE doc_id = 'x'"))
    assert "USING INDEX" in plan or "USING PRIMARY KEY" in plan


def test_rerun_upserts_by_doc_id_and_resume_skips(extracted):
    inputs, records, db, _ = extracted
    before = {t: _query(db, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}
    assert _extract(*inputs[:3], "-j", "1", "-o", f"sqlite:{db}").exit_code == 0
    assert {t: _query(db, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES} == before
    result = _extract(*inputs, "-j", "1", "-o", f"sqlite:{db}", "--resume")
    assert f"0 ok, 0 failed, {len(records)} skipped" in result.stderr and result.exit_code == 0


def test_to_sqlite_writes_every_record_type_and_replaces_on_rerun(tmp_path):
    jsonl, db = tmp_path / "in.jsonl", tmp_path / "out.db"
    jsonl.write_text(full_article().model_dump_json() + "\n" + full_article("other").model_dump_json() + "\n",
                     encoding="utf-8")
    result = runner.invoke(app, ["to-sqlite", str(jsonl), str(db)])
    assert result.exit_code == 0 and "2 records written" in result.stderr
    assert _query(db, "SELECT span_text, value, of_value, unit, kind, qualifier FROM quantities "
                      "WHERE doc_id = 'full' ORDER BY idx") == [
        ("483/500 hồ sơ", 483.0, 500.0, "hồ sơ", "ratio", "exact"), ("96,6%", 96.6, None, "%", "percent", "about")]
    assert _query(db, "SELECT canonical, issuers, year FROM legal_refs") == [("132/2025/NĐ-CP", '["Chính phủ"]', 2025)] * 2
    assert _query(db, "SELECT span_text FROM legal_ref_mentions WHERE doc_id = 'full'") == [("Nghị định số 132/2025/NĐ-CP",)]
    assert _query(db, "SELECT u.name, m.span_text FROM units u JOIN unit_mentions m "
                      "ON m.doc_id = u.doc_id AND m.unit_idx = u.idx WHERE u.doc_id = 'full' ORDER BY u.idx") == [
        ("Lạng Giang", "xã Lạng Giang"), ("Bộ Nội vụ", "Bộ Nội vụ")]
    assert _query(db, "SELECT date_start, granularity, year_inferred FROM dates WHERE doc_id = 'full'") == [
        ("2025-07-01", "day", 0)]
    assert _query(db, "SELECT actor, addressees, trigger FROM recommendations WHERE doc_id = 'full'") == [
        ("Sở Khoa học và Công nghệ", '["Bộ Nội vụ"]', "kiến nghị")]
    assert _query(db, "SELECT item FROM recommendation_items WHERE doc_id = 'full' ORDER BY idx") == [
        ("bổ sung biên chế",), ("nâng cấp đường truyền",)]
    assert _query(db, "SELECT q.span_text FROM checks c, json_each(c.quantity_idxs) j JOIN quantities q "
                      "ON q.doc_id = c.doc_id AND q.idx = j.value WHERE c.doc_id = 'full'") == [
        ("483/500 hồ sơ",), ("96,6%",)]
    assert _query(db, "SELECT stage, message FROM errors WHERE doc_id = 'full'") == [("units", "ví dụ")]
    # the same id again, with one quantity fewer: replaced, not duplicated
    jsonl.write_text(full_article(n_quantities=1).model_dump_json() + "\n", encoding="utf-8")
    assert runner.invoke(app, ["to-sqlite", str(jsonl), str(db)]).exit_code == 0
    assert _query(db, "SELECT doc_id, count(*) FROM quantities GROUP BY doc_id ORDER BY doc_id") == [("full", 1), ("other", 2)]
    assert _query(db, "SELECT count(*) FROM articles") == [(2,)]
    assert _query(db, "PRAGMA foreign_key_check") == []


def test_to_sqlite_refuses_lines_that_are_not_records(tmp_path):
    jsonl, db = tmp_path / "in.jsonl", tmp_path / "out.db"
    jsonl.write_text(full_article().model_dump_json() + "\n{\"doc_id\": 1}\n" + '{"schema_version":"1","doc', encoding="utf-8")
    result = runner.invoke(app, ["to-sqlite", str(jsonl), str(db)])
    assert result.exit_code == 1
    assert "1 records written" in result.stderr and "2 lines refused" in result.stderr
    assert f"{jsonl}:2: not a vnie record" in result.stderr
    assert runner.invoke(app, ["to-sqlite", str(tmp_path / "nope.jsonl"), str(db)]).exit_code == 2


def test_rows_match_the_ddl_columns():
    article = full_article().model_dump(mode="json")
    rows = rows_of(article, failed=False, record="{}")
    for table in TABLES:
        assert rows[table], table  # the full article fills every table
        for row in rows[table]:
            assert list(row) == [name for name, _ in columns()[table]], table
            assert row["doc_id"] == "full"


def test_parquet_one_file_per_table_with_doc_id(extracted, tmp_path):
    inputs, records, _, _ = extracted
    directory = tmp_path / "pq"
    assert _extract(*inputs[:4], "-j", "1", "-o", f"parquet:{directory}").exit_code == 0
    assert sorted(p.name for p in directory.iterdir()) == sorted(f"{t}.parquet" for t in TABLES)
    for table in TABLES:
        data = pq.read_table(directory / f"{table}.parquet")
        assert data.column_names == [name for name, _ in columns()[table]] and "doc_id" in data.column_names
    quantities = pq.read_table(directory / "quantities.parquet").column("doc_id").to_pylist()
    assert {d: quantities.count(d) for d in set(quantities)} == {
        r["doc_id"]: len(r["quantities"]) for r in records[:4] if r["quantities"]}
    # resume keeps the rows already there and adds the rest
    result = _extract(*inputs, "-j", "1", "-o", f"parquet:{directory}", "--resume")
    assert result.exit_code == 1 and "4 skipped" in result.stderr
    articles = pq.read_table(directory / "articles.parquet")
    assert articles.column("doc_id").to_pylist() == [r["doc_id"] for r in records]
    assert articles.column("failed").to_pylist() == [bool(r["errors"] and r["errors"][0]["stage"] == "input")
                                                     for r in records]
    assert not list(directory.glob(".*.tmp"))


def test_to_parquet_converts_a_jsonl(tmp_path):
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(full_article().model_dump_json() + "\n", encoding="utf-8")
    result = runner.invoke(app, ["to-parquet", str(jsonl), str(tmp_path / "pq")])
    assert result.exit_code == 0, result.output
    items = pq.read_table(tmp_path / "pq" / "recommendation_items.parquet").to_pylist()
    assert [row["item"] for row in items] == ["bổ sung biên chế", "nâng cấp đường truyền"]

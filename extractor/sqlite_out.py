"""SQLite output (`-o sqlite:PATH`, `vnie to-sqlite`): the tables of extractor.tables.

Standard-library sqlite3 only. WAL journal (readers are never blocked by the writer),
foreign keys ON, one transaction per chunk of articles (COMMIT every `commit_every`
articles or `commit_seconds`, and on close): a crash loses at most the open chunk, never
part of an article, and `--resume` redoes that chunk. Writing an article that is already
there replaces it: the `articles` row is upserted (`INSERT ... ON CONFLICT(doc_id) DO
UPDATE`) and its child rows are deleted and inserted again, so re-runs never duplicate.
"""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from .batch import Outcome
from .sinks import Sink
from .tables import DDL, SCHEMA_VERSION, TABLES, columns, rows_of

_CHILDREN_LAST_FIRST = tuple(reversed(TABLES[1:]))


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection with vnie's pragmas and tables (created when missing)."""
    db = sqlite3.connect(str(path), isolation_level=None)  # transactions are explicit
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version not in (0, SCHEMA_VERSION):
        db.close()
        raise ValueError(f"{path}: tables of version {version}, this vnie writes version {SCHEMA_VERSION}")
    db.executescript(DDL)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    return db


def _upsert_sql() -> str:
    names = [name for name, _ in columns()["articles"]]
    updates = ", ".join(f"{n}=excluded.{n}" for n in names if n != "doc_id")
    return (f"INSERT INTO articles ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
            f"ON CONFLICT(doc_id) DO UPDATE SET {updates}")


def _insert_sql(table: str) -> str:
    names = [name for name, _ in columns()[table]]
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


class SqliteSink(Sink):
    def __init__(self, path: Path, *, commit_every: int = 64, commit_seconds: float = 2.0):
        self.path = Path(path)
        self.description = f"sqlite:{self.path}"
        self.commit_every, self.commit_seconds = commit_every, commit_seconds
        self.db = connect(self.path)
        self._sql = {t: _insert_sql(t) for t in TABLES[1:]} | {"articles": _upsert_sql()}
        self._order = {t: [name for name, _ in columns()[t]] for t in TABLES}
        self._pending = 0
        self._since = 0.0

    def done_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT doc_id FROM articles")}

    def write(self, outcome: Outcome) -> None:
        self.write_record(json.loads(outcome.line), failed=outcome.failure is not None, record=outcome.line)

    def write_record(self, article: dict, *, failed: bool, record: str | None = None) -> None:
        """One article (a dict as in the JSON output) into the tables, replacing any earlier one."""
        if not self._pending:
            self.db.execute("BEGIN")
            self._since = time.monotonic()
        record = record if record is not None and "\n" not in record else json.dumps(
            article, ensure_ascii=False, separators=(",", ":"))
        rows = rows_of(article, failed=failed, record=record)
        for table in _CHILDREN_LAST_FIRST:
            self.db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (article["doc_id"],))
        for table in TABLES:
            if rows[table]:
                order = self._order[table]
                self.db.executemany(self._sql[table], [tuple(row[c] for c in order) for row in rows[table]])
        self._pending += 1
        if self._pending >= self.commit_every or time.monotonic() - self._since >= self.commit_seconds:
            self.commit()

    def commit(self) -> None:
        if self._pending:
            self.db.execute("COMMIT")
            self._pending = 0

    def close(self) -> None:
        if self.db is not None:
            self.commit()
            self.db.close()
            self.db = None

"""Parquet output (`-o parquet:DIR`, needs pyarrow: `pip install 'vnie[parquet]'`).

One file per table of extractor.tables (`DIR/articles.parquet`, `DIR/quantities.parquet`,
...), same columns and keys as the SQLite tables, every file with a doc_id column; column
types come from the DDL (TEXT -> string, INTEGER -> int64, REAL -> float64,
BOOLEAN -> bool). Rows are written in row groups as they come, to `DIR/.TABLE.parquet.tmp`,
and each file is renamed into place when the run closes (also after Ctrl-C): a reader never
sees half a file. A run killed with SIGKILL leaves the previous files untouched (its own
work is lost: for long runs where that matters, write JSONL or SQLite, which keep every
finished article, and convert with `vnie to-parquet`). `--resume` keeps the rows of the
existing files and adds the new articles; without it the files are replaced.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .batch import Outcome
from .sinks import Sink
from .tables import TABLES, columns, rows_of

_TYPES = {"TEXT": pa.string(), "INTEGER": pa.int64(), "REAL": pa.float64(), "BOOLEAN": pa.bool_()}


def schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(name, _TYPES[kind]) for name, kind in columns()[table]])


def _conform(data: pa.Table, target: pa.Schema) -> pa.Table:
    """An earlier file's rows in today's columns (a column added since is null there)."""
    arrays = [data.column(f.name).cast(f.type) if f.name in data.column_names else pa.nulls(len(data), f.type)
              for f in target]
    return pa.Table.from_arrays(arrays, schema=target)


class ParquetSink(Sink):
    def __init__(self, directory: Path, *, resume: bool = False, row_group: int = 1000):
        self.dir = Path(directory)
        self.description = f"parquet:{self.dir}"
        self.row_group = row_group
        self.dir.mkdir(parents=True, exist_ok=True)
        self.schemas = {t: schema(t) for t in TABLES}
        self.buffers: dict[str, list[dict]] = {t: [] for t in TABLES}
        self._pending = 0
        self._done: set[str] = set()
        self.writers = {t: pq.ParquetWriter(self._tmp(t), self.schemas[t]) for t in TABLES}
        if resume:
            self._keep_existing()

    def _final(self, table: str) -> Path:
        return self.dir / f"{table}.parquet"

    def _tmp(self, table: str) -> Path:
        return self.dir / f".{table}.parquet.tmp"

    def _keep_existing(self) -> None:
        for table in TABLES:
            if self._final(table).exists():
                data = _conform(pq.read_table(self._final(table)), self.schemas[table])
                self.writers[table].write_table(data)
                if table == "articles":
                    self._done = set(data.column("doc_id").to_pylist())

    def done_ids(self) -> set[str]:
        return set(self._done)

    def write(self, outcome: Outcome) -> None:
        rows = rows_of(json.loads(outcome.line), failed=outcome.failure is not None,
                       record=outcome.line if "\n" not in outcome.line else json.dumps(
                           json.loads(outcome.line), ensure_ascii=False, separators=(",", ":")))
        for table in TABLES:
            self.buffers[table].extend(rows[table])
        self._pending += 1
        if self._pending >= self.row_group:
            self._flush()

    def _flush(self) -> None:
        for table in TABLES:
            if self.buffers[table]:
                data = pa.Table.from_pylist(self.buffers[table], schema=self.schemas[table])
                self.writers[table].write_table(data)
                self.buffers[table] = []
        self._pending = 0

    def close(self) -> None:
        if self.writers is None:
            return
        self._flush()
        for table, writer in self.writers.items():
            writer.close()
            os.replace(self._tmp(table), self._final(table))
        self.writers = None

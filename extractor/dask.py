"""The pipeline over a Dask bag, for collections past one machine (`pip install 'vnie[dask]'`).

    import dask.bag as db
    from distributed import Client
    from extractor.dask import extract_bag, preload

    client = Client("tcp://scheduler:8786")        # or LocalCluster() on one machine
    preload(client)                                  # every worker builds the pipeline now, once
    articles = db.read_text("data/*.jsonl").map(json.loads)   # {"id", "text", "title"?, "published"?, "url"?}
    extract_bag(articles).to_textfiles("out/*.jsonl")          # one JSON line per article

Items may be dicts as in vnie's JSONL input, `InputDoc`s, or plain strings (text with an id
derived from the text). Each item becomes the same JSON line `vnie extract` writes for it
(`extract_lines`) or the record as a dict (`extract_records`); a bad item becomes an error
record, never a failed task. The pipeline is built once per worker process (it is cached in
the process: `preload` only moves that cost before the first task). A dataframe goes
through `ddf.to_bag(index=False, format="dict")` first.

The per-article time limit of `vnie extract` is not applied here (Dask runs tasks in
threads, where SIGALRM cannot reach); Dask's own worker restarts deal with a stuck worker.
"""
from __future__ import annotations

import datetime as dt
import json

import dask.bag  # the real Dask package (absolute import), not this module

from .batch import error_article, extract_one, outcome_of
from .inputs import InputDoc, record_doc, text_doc


def as_input(item) -> InputDoc:
    """An InputDoc from a bag item: an InputDoc, a JSONL-style dict, or the text itself.
    Without an id, the id is "sha-" and a prefix of the text's SHA-256 (stable)."""
    from .article import default_doc_id

    if isinstance(item, InputDoc):
        return item
    if isinstance(item, str):
        return text_doc(default_doc_id(item), None, item)
    text = item.get("text") if isinstance(item, dict) else None
    return record_doc(item, default_doc_id(text) if isinstance(text, str) else "item", None)


def extract_line(item, published: dt.date | None = None) -> str:
    """One bag item -> the JSON line `vnie extract` writes for it."""
    try:
        doc = as_input(item)
    except Exception as exc:  # an item of an unexpected shape costs only itself
        doc = InputDoc("item", None, error=f"cannot read bag item: {type(exc).__name__}: {exc}")
        return outcome_of(doc, error_article(doc, doc.error)).line
    return outcome_of(doc, extract_one(doc, published)).line


def extract_lines(bag: dask.bag.Bag, published: dt.date | None = None) -> dask.bag.Bag:
    """A bag of articles -> a bag of JSON lines, in the same order."""
    return bag.map(extract_line, published=published)


def extract_records(bag: dask.bag.Bag, published: dt.date | None = None) -> dask.bag.Bag:
    """A bag of articles -> a bag of record dicts (`Article.model_dump(mode="json")`)."""
    return extract_lines(bag, published).map(json.loads)


extract_bag = extract_lines


def from_inputs(paths: list[str], *, npartitions: int | None = None, max_bytes: int | None = None) -> dask.bag.Bag:
    """A bag of the articles `vnie extract` would read from `paths` (read here, on the client:
    on a real cluster prefer `dask.bag.read_text` on storage every worker can see)."""
    from .inputs import DEFAULT_MAX_BYTES, iter_inputs

    items = list(iter_inputs(paths, max_bytes=max_bytes or DEFAULT_MAX_BYTES))
    return dask.bag.from_sequence(items, npartitions=npartitions or max(1, min(len(items), 32)))


def _build_pipeline() -> None:
    from .batch import warm_up

    warm_up()


def preload(client) -> None:
    """Build the pipeline on every worker of a `distributed.Client` now (and on workers that
    join later), so no task pays for loading models."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class PreloadPipeline(WorkerPlugin):
        name = "vnie-preload-pipeline"

        def setup(self, worker) -> None:
            _build_pipeline()

    client.register_plugin(PreloadPipeline())

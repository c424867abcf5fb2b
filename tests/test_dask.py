"""The pipeline on a Dask LocalCluster (2 worker processes) gives exactly the single-process output."""
from __future__ import annotations

import json

import dask.bag as db
import pytest
from distributed import Client, LocalCluster

from conftest import ARTICLES
from extractor.batch import run_one
from extractor.dask import as_input, extract_lines, extract_records, from_inputs, preload
from extractor.inputs import InputDoc, iter_inputs


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None)
    dask_client = Client(cluster)
    try:
        yield dask_client
    finally:
        dask_client.close()
        cluster.close()


def _articles() -> list[dict]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))[:3]]
    items = [{"id": f"dev-{i}", "text": text, "published": "2025-08-25"} for i, text in enumerate(texts)]
    items += [{"id": f"short-{i}", "text": f"Tin {i}\n\nNgày {i + 1}/7/2025, xã Lạng Giang tiếp nhận {483 + i} hồ sơ, "
               f"theo Quyết định số {i + 10}/QĐ-UBND."} for i in range(6)]
    items += [{"id": "empty", "text": "  "}, {"id": "no-text"}]
    return items


def test_local_cluster_output_equals_single_process(client):
    preload(client)
    items = _articles()
    bag = db.from_sequence(items, npartitions=4)
    distributed = extract_lines(bag).compute()
    single = [run_one(as_input(item)).line for item in items]
    assert distributed == single
    workers = client.run(lambda: __import__("extractor.pipeline").pipeline.nlp.cache_info().currsize)
    assert sorted(workers.values()) == [1, 1]  # each worker built the pipeline once
    errors = {json.loads(line)["doc_id"]: json.loads(line)["errors"] for line in distributed}
    assert errors["empty"][0]["stage"] == "input" and errors["item"][0]["stage"] == "input"


def test_from_inputs_and_records(client, tmp_path):
    (tmp_path / "a.txt").write_text("Tiêu đề\n\nTheo Nghị định số 132/2025/NĐ-CP.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00")
    bag = from_inputs([str(tmp_path)], npartitions=2)
    records = extract_records(bag).compute()
    assert [r["doc_id"] for r in records] == ["a", "b"]
    assert records == [json.loads(run_one(item).line) for item in iter_inputs([str(tmp_path)])]
    assert as_input("Chỉ có văn bản.").doc_id.startswith("sha-")
    assert as_input(InputDoc("x", None, text="t")).doc_id == "x"

"""Batch throughput in one run: articles/s with 1 and 2 jobs, the ratio to bare underthesea
word_tokenize, peak RSS per worker, and what writing SQLite costs.

    python bench/batch_bench.py [--articles 306] [--repeat 1] [ARTICLE.txt ...]

The bundled dev articles (or the files given) are repeated up to --articles. Every rate is
measured with the models already loaded (warm-up and worker start-up are timed apart and
reported on their own line), so the rates compare work with work. A benchmark, never a
test: nothing here asserts a time. The machine's other load shows in the numbers: run it
on an idle machine, and with --repeat N each rate is the best of N runs.
"""
from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _items(paths: list[str], n: int):
    from extractor.inputs import InputDoc

    files = [Path(p) for p in paths] or sorted((ROOT / "corpus" / "articles").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    return [InputDoc(f"a{i:05d}", f"{files[i % len(files)].name}", text=texts[i % len(texts)]) for i in range(n)]


def _bare_rate(items) -> float:
    from underthesea import word_tokenize

    word_tokenize(items[0].text)
    start = time.perf_counter()
    for item in items:
        word_tokenize(item.text)
    return len(items) / (time.perf_counter() - start)


def _in_process(items) -> tuple[float, list]:
    from extractor.batch import run_batch, warm_up

    warm_up()
    got: list = []
    summary = run_batch(items, got.append, jobs=1)
    return len(items) / summary.seconds, got


def _workers(items, jobs: int) -> tuple[float, float, list[float]]:
    from extractor.parallel import WorkerPool

    got: list = []
    started = time.perf_counter()
    with WorkerPool(jobs, timeout=60) as pool:
        pool.wait_ready()
        ready = time.perf_counter()
        pool.run(items, got.append)
        rate = len(items) / (time.perf_counter() - ready)
    assert len(got) == len(items)
    return rate, ready - started, pool.peak_rss_mb


def _sink_seconds(outcomes, make_sink) -> float:
    start = time.perf_counter()
    with make_sink() as sink:
        for outcome in outcomes:
            sink.write(outcome)
    return time.perf_counter() - start


def _write_costs(outcomes) -> tuple[float, float]:
    from extractor.sinks import JsonlSink
    from extractor.sqlite_out import SqliteSink

    with tempfile.TemporaryDirectory() as tmp:
        jsonl = _sink_seconds(outcomes, lambda: JsonlSink(Path(tmp) / "out.jsonl"))
        sqlite = _sink_seconds(outcomes, lambda: SqliteSink(Path(tmp) / "out.db"))
    return 1000 * jsonl / len(outcomes), 1000 * sqlite / len(outcomes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="*")
    parser.add_argument("--articles", dest="n", type=int, default=306)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    items = _items(args.articles, args.n)
    bare = one = one_worker = two = 0.0
    for _ in range(args.repeat):  # interleaved, so a burst of other load hits all alike
        bare = max(bare, _bare_rate(items))
        rate, outcomes = _in_process(items)
        one = max(one, rate)
        rate, start_1, rss_1 = _workers(items, 1)
        one_worker = max(one_worker, rate)
        rate, start_2, rss_2 = _workers(items, 2)
        two = max(two, rate)
    parent_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    jsonl_ms, sqlite_ms = _write_costs(outcomes)
    chars = sum(len(i.text) for i in items) / len(items)
    print(f"{len(items)} articles, {chars:.0f} characters on average, best of {args.repeat}\n")
    rows = [("underthesea word_tokenize, bare, 1 process", bare, ""),
            ("vnie extract -j 1 (in-process)", one, f"{one / bare:.2f}x bare"),
            ("vnie extract, 1 worker process", one_worker, f"{one_worker / bare:.2f}x bare"),
            ("vnie extract -j 2 (2 worker processes)", two, f"{two / one_worker:.2f}x 1 worker")]
    print(f"| {'run':<44} | {'articles/s':>10} | {'ratio':>13} |")
    print(f"|{'-' * 46}|{'-' * 12}|{'-' * 15}|")
    for name, rate, ratio in rows:
        print(f"| {name:<44} | {rate:>10.1f} | {ratio:>13} |")
    print(f"\nworker start-up (spawn, import, load models; not in the rates): {start_1:.1f} s for 1, {start_2:.1f} s for 2")
    print(f"peak RSS per worker: {', '.join(f'{mb:.0f} MB' for mb in rss_2)} (1-worker run: "
          f"{', '.join(f'{mb:.0f} MB' for mb in rss_1)}); in-process run: {parent_rss:.0f} MB")
    per_article_ms = 1000 / one
    print(f"writing: JSONL {jsonl_ms:.2f} ms/article, SQLite {sqlite_ms:.2f} ms/article "
          f"= {100 * sqlite_ms / per_article_ms:.1f}% of the {per_article_ms:.0f} ms an article takes to extract")


if __name__ == "__main__":
    main()

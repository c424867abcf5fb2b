"""Throughput of the vnie pipeline against bare underthesea word segmentation, in one run.

    python bench/bench.py [--repeat 5] [ARTICLE.txt ...]

Both sides see the same articles (the bundled corpus by default) after one warm-up pass, so
model loading is excluded from both. Prints articles/s, the ratio and peak RSS. A benchmark,
never a test: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _articles(paths: list[str]) -> list[str]:
    files = [Path(p) for p in paths] or sorted((ROOT / "corpus" / "articles").glob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def _rate(func, texts: list[str], repeat: int) -> float:
    func(texts[0])  # warm-up: load models outside the timing
    start = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            func(text)
    return repeat * len(texts) / (time.perf_counter() - start)


def _bare(text: str) -> None:
    from underthesea import word_tokenize

    word_tokenize(text)


def _pipeline(text: str) -> None:
    from extractor import extract

    extract(text).model_dump_json()


def _stage_shares(texts: list[str]) -> dict[str, float]:
    """Seconds spent per stage over one pass (tokenizer included), to see where time goes."""
    from extractor.article import build_article
    from extractor.normalize import normalise
    from extractor.pipeline import nlp

    language = nlp()
    spent: dict[str, float] = {"tokenize": 0.0, "records": 0.0}
    for text in texts:
        t0 = time.perf_counter()
        doc = language.make_doc(normalise(text))
        spent["tokenize"] += time.perf_counter() - t0
        for name, component in language.pipeline:
            t0 = time.perf_counter()
            doc = component(doc)
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - t0
        t0 = time.perf_counter()
        build_article(doc).model_dump_json()
        spent["records"] += time.perf_counter() - t0
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="*")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = _articles(args.articles)
    bare = _rate(_bare, texts, args.repeat)
    full = _rate(_pipeline, texts, args.repeat)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(texts)} articles x {args.repeat}, {sum(map(len, texts)) / len(texts):.0f} chars on average\n")
    print(f"| {'run':<34} | {'articles/s':>10} |")
    print(f"|{'-' * 36}|{'-' * 12}|")
    print(f"| {'underthesea word_tokenize (bare)':<34} | {bare:>10.1f} |")
    print(f"| {'vnie extract (full pipeline)':<34} | {full:>10.1f} |")
    print(f"\npipeline / bare throughput: {full / bare:.2f}x   peak RSS: {rss_mb:.0f} MB\n")
    shares = _stage_shares(texts)
    total = sum(shares.values())
    print("time per stage over one pass:")
    for name, seconds in shares.items():
        print(f"  {name:<16} {1000 * seconds / len(texts):7.1f} ms/article  {100 * seconds / total:5.1f}%")


if __name__ == "__main__":
    main()

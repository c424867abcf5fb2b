"""Property test: `extractor.extract` on arbitrary text never raises, no stage fails, every
span is the text at its offsets, every record validates, and the output is deterministic."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor import extract, normalise
from extractor.batch import to_json
from extractor.models import Article

FRAGMENTS = [
    "Nghị định", "số", "NĐ-CP", "QĐ-TTg", "Quyết định", "Luật Đất đai", "ngày", "tháng", "năm", "từ",
    "đến", "xã", "phường", "tỉnh", "Bắc Ninh", "UBND", "Sở", "hồ sơ", "tỷ đồng", "triệu", "nghìn",
    "hơn", "khoảng", "gần", "đạt", "kiến nghị", "đề xuất", "đề nghị", "khó khăn, vướng mắc", "Có thể bạn quan tâm",
    "Ảnh:", "Thủ tướng", "Chính phủ", "Uỷ ban", "hoà", "Ðồng", "km", "ha", "m2", "Mbps", "người", "quý I",
]
SEPARATORS = ["/", ".", ",", "%", "\n", "\n\n", " ", " ", " ", "-", ":", "(", ")", "\u00a0", "\r\n"]
NUMBERS = st.integers(min_value=0, max_value=3_000_000).map(str) | st.sampled_from(
    ["1/7", "01/07/2025", "132/2025/NĐ-CP", "1.234,5", "96,6", "2024", "10 - 15", "197/197", "0", "00"])

vietnamese_like = st.lists(st.sampled_from(FRAGMENTS) | st.sampled_from(SEPARATORS) | NUMBERS,
                           max_size=60).map("".join)
any_unicode = st.text(max_size=300)

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _spans(node):
    """Every {start, end, text} dict in a record (the contract's Span)."""
    if isinstance(node, dict):
        if {"start", "end", "text"} <= node.keys() and isinstance(node["start"], int):
            yield node
        for value in node.values():
            yield from _spans(value)
    elif isinstance(node, list):
        for value in node:
            yield from _spans(value)


def _check(raw: str) -> None:
    text = normalise(raw)
    article = extract(raw, published="2025-08-25")
    assert article.errors == [], article.errors  # no stage raised (the pipeline catches and records)
    line = to_json(article)
    data = Article.model_validate_json(line, context={"text": text}).model_dump(mode="json")
    for span in _spans(data):
        assert 0 <= span["start"] <= span["end"] <= len(text)
        assert text[span["start"]:span["end"]] == span["text"]
    assert 0 <= data["body"]["start"] <= data["body"]["end"] <= len(text)
    for item in data["boilerplate"]:
        assert 0 <= item["start"] <= item["end"] <= len(text)
    for quantity_ids in (check["quantities"] for check in data["checks"]):
        assert all(0 <= i < len(data["quantities"]) for i in quantity_ids)
    assert to_json(extract(raw, published="2025-08-25")) == line  # byte-identical the second time


@FUZZ
@given(any_unicode)
def test_arbitrary_unicode(raw):
    _check(raw)


@FUZZ
@given(vietnamese_like)
def test_vietnamese_fragments_with_digits_and_punctuation(raw):
    _check(raw)

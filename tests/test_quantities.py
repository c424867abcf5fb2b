"""Stage `quantities`: the founding article's figures, the guards on their own, and the pieces."""
from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from extractor.corpus import compare, load_corpus
from extractor.hits import hits
from extractor.models import Article
from extractor.pipeline import run
from extractor.stages import quantities
from extractor.stages.quantities_numbers import NUMBER, number_value, word_figure
from extractor.stages.quantities_rules import quantity_rules

CORPUS_FILE = Path(__file__).resolve().parent.parent / "corpus" / "quantities.yaml"

# (span text, value, unit, qualifier) the issue asks for on the founding article.
FOUNDING_FIGURES = [
    ("9.301 hồ sơ", 9301, "hồ sơ", "exact"),
    ("8.498 hồ sơ", 8498, "hồ sơ", "exact"),
    ("tối thiểu 100 Mbps", 100, "Mbps", "at_least"),
    ("229 đường truyền số liệu chuyên dùng", 229, "đường truyền", "exact"),
    ("99 đơn vị xã, phường", 99, "đơn vị", "exact"),
    ("22 đường truyền", 22, "đường truyền", "exact"),
    ("112 điểm hội nghị trực tuyến", 112, "điểm", "exact"),
    ("hơn 87 nghìn văn bản đi", 87000, "văn bản", "more_than"),
    ("705 nghìn văn bản", 705000, "văn bản", "exact"),
    ("197/197 thủ tục hành chính", 197, "thủ tục", "exact"),
    ("73 thủ tục trực tuyến toàn trình", 73, "thủ tục", "exact"),
    ("37,06%", 37.06, "%", "exact"),
    ("124 thủ tục trực tuyến một phần", 124, "thủ tục", "exact"),
    ("62,94%", 62.94, "%", "exact"),
    ("95 thủ tục", 95, "thủ tục", "exact"),
    ("483 hồ sơ", 483, "hồ sơ", "exact"),
    ("203 hồ sơ", 203, "hồ sơ", "exact"),
    ("74 hồ sơ", 74, "hồ sơ", "exact"),
]


@pytest.fixture(scope="module")
def founding_quantities(founding):
    article, _ = founding
    return [q.model_dump(mode="json") for q in article.quantities]


@pytest.mark.parametrize("text,value,unit,qualifier", FOUNDING_FIGURES, ids=[f[0] for f in FOUNDING_FIGURES])
def test_founding_article_figure(founding_quantities, text, value, unit, qualifier):
    found = [q for q in founding_quantities if q["span"]["text"] == text]
    assert found, f"{text!r} not found"
    assert found[0]["value"] == pytest.approx(value)
    assert (found[0]["unit"], found[0]["qualifier"]) == (unit, qualifier)


def test_founding_article_shares_and_subjects(founding_quantities):
    shares = [q for q in founding_quantities if q["kind"] == "percent" and q["value"] == 100]
    assert [q["subject"] for q in shares] == ["cán bộ", None]  # "100% cán bộ", "(đạt 100%)"
    fraction = next(q for q in founding_quantities if q["span"]["text"].startswith("197/197"))
    assert (fraction["of"], fraction["kind"], fraction["subject"]) == (197, "count", "thủ tục hành chính")
    assert next(q for q in founding_quantities if q["value"] == 229)["subject"] == "đường truyền số liệu chuyên dùng"


def test_founding_article_nothing_from_teasers_dates_or_decrees(founding, founding_quantities):
    article, _ = founding
    teaser_start = article.boilerplate[-1].start
    assert article.boilerplate[-1].kind == "related"
    assert all(q["span"]["end"] <= teaser_start for q in founding_quantities)
    values = {q["value"] for q in founding_quantities}
    assert not values & {2379, 800, 461, 132, 133, 150, 179, 2025, 15, 23, 18}
    # "chính quyền (địa phương) 2 cấp" names the reform; it counts nothing.
    assert not [q for q in founding_quantities if q["unit"] == "cấp"]
    assert len(founding_quantities) == 21


def test_founding_records_validate_against_the_text(founding):
    article, doc = founding
    data = article.model_dump(mode="json")
    Article.model_validate(data, context={"text": doc.text})
    declared = quantity_rules().rule_ids
    assert {h.rule for h in hits(doc, "quantities")} <= declared


@cache
def _records_alone(text: str) -> tuple:
    """Quantities read with the legal_refs and dates stages switched off (defence in depth)."""
    doc = run(text)
    for stage in ("legal_refs", "dates", "quantities"):
        doc._.hits[stage] = []
    quantities.component(doc)
    return tuple(quantities.to_records(doc))


def _alone(text: str) -> tuple:
    return tuple((q.span.text, q.value, q.unit) for q in _records_alone(text))


EXAMPLES = load_corpus(CORPUS_FILE)
NEGATIVES = [e.text for e in EXAMPLES if e.negative]
POSITIVES = [e for e in EXAMPLES if not e.negative]


@pytest.mark.parametrize("example", POSITIVES, ids=[e.id for e in POSITIVES])
def test_positive_without_dates_or_legal_refs(example):
    records = [r.model_dump(mode="json") for r in _records_alone(example.text)]
    assert not compare(example, records)


@pytest.mark.parametrize("text", NEGATIVES, ids=[t[:40] for t in NEGATIVES])
def test_negative_without_dates_or_legal_refs(text):
    assert _alone(text) == ()


@pytest.mark.parametrize("text", [
    "Theo Nghị định 132/2025/NĐ-CP, ngày 23/8/2025 và ngày 3.3.2025 là các mốc quan trọng.",
    "Tập huấn dự kiến tổ chức vào tháng 9/2025, năm 2025 là năm bản lề.",
    "Báo cáo tháng 4.2024 cho thấy năm học 2025-2026 sẽ khó khăn.",
])
def test_issue_guards_without_other_stages(text):
    assert _alone(text) == ()


def test_guards_keep_the_figures_next_to_them():
    found = _alone("Ngày 23/8/2025, theo Nghị định 132/2025/NĐ-CP, tỉnh đã tiếp nhận 9.301 hồ sơ.")
    assert found == (("9.301 hồ sơ", 9301.0, "hồ sơ"),)


@pytest.mark.parametrize("written,value", [
    ("9.301", "9301"), ("1.200.000", "1200000"), ("37,06", "37.06"), ("0,1", "0.1"),
    ("2.379,5", "2379.5"), ("483", "483"), ("152.639,76", "152639.76"),
])
def test_vietnamese_number_format(written, value):
    assert NUMBER.fullmatch(written)
    assert number_value(written) == Decimal(value)


@pytest.mark.parametrize("written", ["3.3", "4.2024", "09", "1.5", "12.34"])
def test_dot_groups_of_other_than_three_digits_are_not_numbers(written):
    assert not NUMBER.fullmatch(written)


@pytest.mark.parametrize("run_text,value", [
    ("hai", 2), ("mười lăm", 15), ("một trăm", 100), ("một nghìn hai trăm", 1200),
    ("hai mươi mốt", 21), ("một trăm linh năm", 105), ("năm mươi", 50),
])
def test_number_words(run_text, value):
    figure = word_figure(quantity_rules(), run_text, 0, run_text)
    assert figure is not None and figure.value == value and figure.end == len(run_text)


@pytest.mark.parametrize("run_text,kept", [("hai năm", "hai"), ("hai mươi năm", "hai mươi"), ("mười năm", "mười")])
def test_number_words_stop_before_the_unit(run_text, kept):
    figure = word_figure(quantity_rules(), run_text, 0, run_text)
    assert run_text[figure.start:figure.end] == kept


@pytest.mark.parametrize("run_text", ["một", "năm", "tư", "trăm", "chục", "hai bên", "hai ba"])
def test_number_words_that_state_no_figure(run_text):
    figure = word_figure(quantity_rules(), run_text, 0, run_text)
    assert figure is None or run_text[figure.start:figure.end] != run_text


def test_compound_lexicon_is_underthesea_dictionary():
    """The counted-noun compounds come from underthesea's dictionary, read from the package:
    entries of two syllables or more, and the heads that begin many of them."""
    rules = quantity_rules()
    assert {"y tế", "mầm non", "phòng học", "trung học cơ sở"} <= rules.lexicon
    assert "trạm y tế" not in rules.lexicon  # why the head + one closing entry rule exists
    assert {"trường", "trạm", "nhà", "phòng"} <= rules.compound_heads
    assert not {"dự án", "thủ tục", "ý kiến", "giai đoạn"} & rules.compound_heads

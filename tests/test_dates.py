"""The dates stage on the founding article and on what the corpus format cannot express
(the publication date taken from the text, the legal_refs guard, rule ids)."""
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import yaml

from extractor import process
from extractor.hits import add_hit, hits
from extractor.resources import rules_path
from extractor.stages import dates

D = dt.date


def _found(article):
    return [(d.span.text, d.start, d.end, d.granularity, d.year_inferred, d.timex) for d in article.dates]


def test_founding_article_dates(founding):
    article, _ = founding
    assert article.published is None
    assert _found(article) == [
        ("từ 1/7 đến 18/8", D(2025, 7, 1), D(2025, 8, 18), "day", True, "XXXX-07-01/XXXX-08-18"),
        ("15/8", D(2025, 8, 15), D(2025, 8, 15), "day", True, "XXXX-08-15"),
        ("Từ 1/7 đến 15/8", D(2025, 7, 1), D(2025, 8, 15), "day", True, "XXXX-07-01/XXXX-08-15"),
        ("tháng 9/2025", D(2025, 9, 1), D(2025, 9, 30), "month", False, "2025-09"),
        ("ngày 23/8/2025", D(2025, 8, 23), D(2025, 8, 23), "day", False, "2025-08-23"),
    ]


def test_founding_article_teasers_give_no_dates(founding, founding_text):
    article, _ = founding
    related = founding_text.index("Có thể bạn quan tâm")
    assert all(d.span.end <= related for d in article.dates)
    assert not any(d.start and d.start.year == 2026 for d in article.dates)


def test_founding_article_with_a_publication_date(founding_text):
    article, _ = process(founding_text, published="2025-08-25")
    assert [(d.span.text, d.start, d.end) for d in article.dates][:3] == [
        ("từ 1/7 đến 18/8", D(2025, 7, 1), D(2025, 8, 18)),
        ("15/8", D(2025, 8, 15), D(2025, 8, 15)),
        ("Từ 1/7 đến 15/8", D(2025, 7, 1), D(2025, 8, 15)),
    ]


DATELINE = "Bắc Ninh họp bàn dự án\n\nThứ Hai, 25/8/2025 10:30 (GMT+7)\n\nHôm qua, UBND tỉnh họp bàn."


def test_a_dateline_sets_the_publication_date():
    article, doc = process(DATELINE)
    assert (article.published, article.published_source) == (D(2025, 8, 25), "text")
    assert _found(article) == [("Hôm qua", D(2025, 8, 24), D(2025, 8, 24), "day", True, "2025-08-24")]
    assert [h.rule for h in hits(doc, "dates")] == ["published.dateline", "relative"]


def test_an_argument_wins_over_the_dateline():
    article, _ = process(DATELINE, published="2025-09-02")
    assert (article.published, article.published_source) == (D(2025, 9, 2), "argument")
    assert article.dates[0].start == D(2025, 9, 1)


def test_a_time_of_day_is_part_of_the_span_not_an_item():
    article, _ = process("Sáng 28/1/2026, lúc 9h30 ngày 29/1/2026 và tối 30/1, đoàn làm việc.", published="2026-02-01")
    assert [d.span.text for d in article.dates] == ["Sáng 28/1/2026", "lúc 9h30 ngày 29/1/2026", "tối 30/1"]


def test_nothing_inside_a_legal_reference_is_a_date():
    text = "Theo văn bản 01/7/2025 của UBND tỉnh, từ ngày 1/8/2025 xã tiếp nhận hồ sơ."
    article, doc = process(text)
    assert len(article.dates) == 2
    doc._.hits["dates"] = []
    start = text.index("01/7/2025")
    add_hit(doc, "legal_refs", start - len("văn bản "), start + len("01/7/2025"), "test.legal")
    dates.component(doc)
    assert [d.span.text for d in dates.to_records(doc)] == ["ngày 1/8/2025"]


@pytest.mark.parametrize("text", [
    "Nghị định số 132/2025/NĐ-CP", "Quyết định số 15/8/2025/QĐ-UBND", "Thông tư 10/2025/TT-BKHCN",
])
def test_document_numbers_are_not_dates(text):
    assert process(f"Theo {text}, xã triển khai thực hiện.")[0].dates == []


def test_every_hit_rule_is_declared():
    declared = {item["id"] for group in ("atoms", "ranges", "joins", "published")
                for item in yaml.safe_load(rules_path("dates.yaml").read_text(encoding="utf-8"))[group]}
    _, doc = process("Từ 1/7 đến nay, tháng 9/2025, quý I, 1-15/8 và năm học 2025-2026.", published="2025-08-25")
    fired = {h.rule for h in hits(doc, "dates")}
    assert fired and fired <= declared


PIECES = ["ngày ", "từ ", " đến ", "tháng ", "năm ", "quý ", "sáng ", "thứ Hai ", "(", ")", "/", "-", ".",
          " ", ", ", "và ", "hôm qua ", "đến nay", "29", "31", "2", "12", "13", "0", "2025", "1999", "âm lịch"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=14), st.sampled_from([None, "2024-02-29", "2025-12-31"]))
def test_any_text_gives_valid_mentions(pieces, published):
    text = "".join(pieces)
    article, _ = process(text, published=published)
    assert article.errors == []
    for mention in article.dates:
        assert text[mention.span.start:mention.span.end] == mention.span.text
        assert mention.end is None or (mention.start is not None and mention.start <= mention.end)

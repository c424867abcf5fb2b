"""Figure checks: the arithmetic, the linking on hand-made quantities, the founding article,
the planted-error passages (corpus/checks/planted.yaml) and the dev articles."""
from __future__ import annotations

from functools import cache

import pytest
import yaml

from conftest import ARTICLES, CORPUS
from extractor import process
from extractor.models import Quantity, Span
from extractor.stages.checks import build_checks
from extractor.stages.checks_links import find_links
from extractor.stages.checks_math import interval, vn_number

PLANTED = yaml.safe_load((CORPUS / "checks" / "planted.yaml").read_text(encoding="utf-8"))


def q(text: str, written: str, value, kind="count", unit=None, qualifier="exact", of=None, nth=0) -> Quantity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(written, start + 1)
    return Quantity(span=Span.at(text, start, start + len(written)), value=value, of=of,
                    unit=unit or ("%" if kind == "percent" else None), kind=kind, qualifier=qualifier)


# --- the arithmetic: GRIM-style tolerance from the written precision -----------------------

@pytest.mark.parametrize("written, value, kind, qualifier, expected", [
    ("37,06%", 37.06, "percent", "exact", (37.055, 37.065)),
    ("37%", 37.0, "percent", "exact", (36.5, 37.5)),
    ("197 thủ tục", 197.0, "count", "exact", (197.0, 197.0)),
    ("705 nghìn văn bản", 705000.0, "count", "exact", (704500.0, 705500.0)),
    ("hơn 87 nghìn văn bản", 87000.0, "count", "more_than", (87000.0, 88000.0)),
    ("gần 395.080 ha", 395080.0, "measure", "less_than", (395070.0, 395080.0)),
    ("135,56 ha", 135.56, "measure", "exact", (135.555, 135.565)),
    ("hơn 13,92 tỷ đồng", 13.92e9, "money", "more_than", (13.92e9, 13.93e9)),
])
def test_interval_follows_written_precision(written, value, kind, qualifier, expected):
    quantity = Quantity(span=Span.at(written, 0, len(written)), value=value, kind=kind, qualifier=qualifier)
    lo, hi = interval(quantity)
    assert lo == pytest.approx(expected[0]) and hi == pytest.approx(expected[1])


def test_vietnamese_number_format():
    assert vn_number(565340) == "565.340"
    assert vn_number(37.0558, 3) == "37,056"
    assert vn_number(91.37) == "91,37"


# --- linking, on quantities made by hand (independent of the quantities stage) -------------

FOUNDING_LIKE = ("Đến 15/8, toàn bộ 197/197 thủ tục đã được cung cấp dịch vụ công trực tuyến (đạt 100%). "
                 "Trong đó, 73 thủ tục trực tuyến toàn trình (chiếm 37,06%), 124 thủ tục trực tuyến một phần (62,94%).")


def _checks(text, quantities, sentences=None):
    if sentences is None:
        cut = text.find(". ") + 2 if ". " in text else len(text)
        sentences = [(0, cut), (cut, len(text))] if cut < len(text) else [(0, len(text))]
    return build_checks(find_links(text, sentences, quantities))


def _founding_like(share_124=62.94, count_124=124.0):
    t = FOUNDING_LIKE.replace("62,94", vn_number(share_124, 2)).replace("124 thủ", f"{int(count_124)} thủ")
    return t, [
        q(t, "197/197 thủ tục", 197.0, unit="thủ tục", of=197.0),
        q(t, "100%", 100.0, "percent"),
        q(t, "73 thủ tục", 73.0, unit="thủ tục"),
        q(t, "37,06%", 37.06, "percent"),
        q(t, f"{int(count_124)} thủ tục", count_124, unit="thủ tục"),
        q(t, vn_number(share_124, 2) + "%", share_124, "percent"),
    ]


def test_linked_checks_on_hand_made_quantities():
    text, quantities = _founding_like()
    found = {(d.kind, tuple(f.index for f in d.figs)): d for d in _checks(text, quantities)}
    assert set(found) == {("ratio", (0, 1)), ("sum_of_parts", (0, 2, 4)), ("percent_of_total", (2, 3)),
                          ("percent_of_total", (4, 5)), ("share_sum_100", (3, 5))}
    assert all(d.ok for d in found.values())
    assert found[("percent_of_total", (2, 3))].message == "73/197 = 37,056%, khớp với 37,06% đã nêu"


def test_a_wrong_share_and_parts_that_do_not_sum_are_flagged():
    text, quantities = _founding_like(share_124=72.94, count_124=134.0)
    flagged = {d.kind for d in _checks(text, quantities) if not d.ok}
    assert flagged == {"sum_of_parts", "percent_of_total", "share_sum_100"}  # 37,06 + 72,94 = 110


def test_figures_of_different_nouns_or_without_a_cue_are_not_paired():
    text = "Sở tiếp nhận 483 hồ sơ, nhiều nhất ở lĩnh vực đo lường (203 hồ sơ) và khoa học (74 hồ sơ) với 12 cán bộ."
    quantities = [q(text, "483 hồ sơ", 483.0, unit="hồ sơ"), q(text, "203 hồ sơ", 203.0, unit="hồ sơ"),
                  q(text, "74 hồ sơ", 74.0, unit="hồ sơ"), q(text, "12 cán bộ", 12.0, unit="cán bộ")]
    assert _checks(text, quantities) == []
    text = "Xã tiếp nhận 9.301 hồ sơ, trong đó có 20 cán bộ tham gia."
    quantities = [q(text, "9.301 hồ sơ", 9301.0, unit="hồ sơ"), q(text, "20 cán bộ", 20.0, unit="cán bộ")]
    assert _checks(text, quantities) == []


def test_a_growth_rate_in_brackets_is_not_a_share():
    text = "Tổng vốn 500 tỷ đồng, trong đó 300 tỷ đồng vốn tỉnh (tăng 9%) và 200 tỷ đồng vốn xã hội hóa."
    quantities = [q(text, "500 tỷ đồng", 500e9, "money", "đồng"), q(text, "300 tỷ đồng", 300e9, "money", "đồng"),
                  q(text, "9%", 9.0, "percent"), q(text, "200 tỷ đồng", 200e9, "money", "đồng")]
    assert [(d.kind, d.ok) for d in _checks(text, quantities)] == [("sum_of_parts", True)]


# --- the founding article, through the whole pipeline ---------------------------------------

def _numerals(article, check) -> tuple[str, ...]:
    """The figures a check names, by their numerals as written ("73", "37,06%")."""
    return tuple(article.quantities[i].span.text.split()[0] for i in check.quantities)


def test_founding_article_figures_add_up(founding):
    article, _ = founding
    found = {(c.kind, _numerals(article, c)): c for c in article.checks}
    wanted = {
        ("sum_of_parts", ("197/197", "73", "124")): (197.0, 197.0),
        ("share_sum_100", ("37,06%", "62,94%")): (100.0, 100.0),
        ("percent_of_total", ("73", "37,06%")): (37.06, 37.06),
        ("percent_of_total", ("124", "62,94%")): (62.94, 62.94),
        ("ratio", ("9.301", "8.498")): (None, 91.37),
        ("ratio", ("197/197", "100%")): (100.0, 100.0),
    }
    for key, (stated, expected) in wanted.items():
        assert key in found, f"missing {key}; found {sorted(found)}"
        assert (found[key].status, found[key].stated, found[key].expected) == ("ok", stated, expected)
    assert set(found) == set(wanted)  # nothing else is paired in this article
    assert found[("percent_of_total", ("73", "37,06%"))].message == "73/197 = 37,056%, khớp với 37,06% đã nêu"


# --- planted errors: every one flagged, no consistent passage flagged ----------------------

@cache
def _run(text):
    return process(text, published=PLANTED["published"])[0]


def _verdict(passage) -> tuple[bool, list[str], list[str]]:
    article = _run(passage["text"])
    flagged = sorted({c.kind for c in article.checks if c.status == "mismatch"})
    passed = sorted({c.kind for c in article.checks if c.status == "ok"})
    if passage["planted"]:
        good = bool(flagged) and set(passage["flags"]) <= set(flagged)
    else:
        good = not flagged and set(passage.get("ok", [])) <= set(passed)
    return good, flagged, passed


@pytest.mark.parametrize("passage", PLANTED["passages"], ids=[p["id"] for p in PLANTED["passages"]])
def test_planted_passage(passage):
    good, flagged, passed = _verdict(passage)
    article = _run(passage["text"])
    assert good, "\n".join([f"planted={passage['planted']} flagged={flagged} ok={passed}"]
                           + [f"{c.kind} {c.status}: {c.message}" for c in article.checks])


def test_planted_error_table(capsys):
    """The table a reader of the issue asked for; run with -s to see it."""
    rows = [(p["id"], "planted" if p["planted"] else "consistent", *_verdict(p)) for p in PLANTED["passages"]]
    with capsys.disabled():
        print(f"\n{'passage':32} {'text':11} {'flagged (mismatch)':38} {'ok checks':42} result")
        for pid, kind, good, flagged, passed in rows:
            print(f"{pid:32} {kind:11} {', '.join(flagged) or '-':38} {', '.join(passed) or '-':42} "
                  f"{'pass' if good else 'FAIL'}")
    planted = [r for r in rows if r[1] == "planted"]
    assert len(rows) >= 15 and 2 * len(planted) >= len(rows) - 1
    assert all(r[2] for r in rows)


# --- the dev articles are consistent: nothing may be flagged there --------------------------

@pytest.mark.parametrize("path", sorted(ARTICLES.glob("*.txt")), ids=lambda p: p.stem)
def test_no_mismatch_in_dev_articles(path):
    article, _ = process(path.read_text(encoding="utf-8"))
    assert [c.message for c in article.checks if c.status == "mismatch"] == []

"""The evaluation harness: its matchers, its counts on deliberately wrong predictions, the
`vnie eval` command, and the regression floors on the dev corpus (corpus/floors.json)."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.cli import eval_cmd  # noqa: F401  (registers `eval` even before commands.py imports it)
from extractor.evaluate import EvalInputError, evaluate, gold_to_article, load_gold_dir, prf
from extractor.evaluate_match import (Item, close, folded, folded_id, match_by, match_by_score,
                                      same_quantity, token_f1, tokens)
from extractor.evaluate_records import RECORD_TYPES, legal_ref_item, quantity_item, unit_item

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "corpus" / "articles"
FLOORS = json.loads((ROOT / "corpus" / "floors.json").read_text(encoding="utf-8"))

# --- a tiny gold directory of our own (the unit tests do not depend on the annotators' files)

ARTICLE_A = (
    "Bình Định cấp 1.200 hồ sơ địa chính\n\n"
    "Ngày 3/3/2025, theo Nghị định số 58/2025/NĐ-CP, UBND tỉnh Bình Định đã cấp 1.200 hồ sơ, đạt 95%. "
    "Tháng 4/2025, Sở Tài nguyên và Môi trường tỉnh Bình Định chi hơn 5 tỷ đồng cho 1.200 hồ sơ khác.\n"
    "Sở đề nghị Bộ Tài nguyên và Môi trường hỗ trợ kinh phí đo đạc; bổ sung nhân lực cho các huyện."
)
GOLD_A = {
    "doc_id": "a", "published": "2025-03-24", "title": "Bình Định cấp 1.200 hồ sơ địa chính", "boilerplate": [],
    "legal_refs": [{"text": "Nghị định số 58/2025/NĐ-CP", "doc_type": "nghi_dinh", "number": "58", "year": 2025,
                    "issuer_code": "NĐ-CP", "canonical": "58/2025/NĐ-CP", "title": None, "mentions": 1}],
    "units": [
        {"text": "tỉnh Bình Định", "kind": "admin", "level": "tinh", "name": "Bình Định", "code": "52", "mentions": 2},
        {"text": "UBND tỉnh Bình Định", "kind": "org", "level": "uy_ban",
         "name": "Ủy ban nhân dân tỉnh Bình Định", "code": None, "mentions": 1},
        {"text": "Sở Tài nguyên và Môi trường tỉnh Bình Định", "kind": "org", "level": "so",
         "name": "Sở Tài nguyên và Môi trường tỉnh Bình Định", "code": None, "mentions": 2},
        {"text": "Bộ Tài nguyên và Môi trường", "kind": "org", "level": "bo",
         "name": "Bộ Tài nguyên và Môi trường", "code": None, "mentions": 1},
    ],
    "quantities": [
        {"text": "1.200 hồ sơ", "value": 1200, "low": None, "high": None, "of": None, "unit": "hồ sơ",
         "kind": "count", "qualifier": "exact"},
        {"text": "1.200 hồ sơ", "value": 1200, "low": None, "high": None, "of": None, "unit": "hồ sơ",
         "kind": "count", "qualifier": "exact"},
        {"text": "95%", "value": 95, "low": None, "high": None, "of": None, "unit": "%", "kind": "percent",
         "qualifier": "exact"},
        {"text": "hơn 5 tỷ đồng", "value": 5000000000, "low": None, "high": None, "of": None, "unit": "đồng",
         "kind": "money", "qualifier": "more_than"},
        {"text": "1.200 hồ sơ", "value": 1200, "low": None, "high": None, "of": None, "unit": "hồ sơ",
         "kind": "count", "qualifier": "exact"},
    ],
    "dates": [
        {"text": "Ngày 3/3/2025", "start": "2025-03-03", "end": "2025-03-03", "granularity": "day",
         "year_inferred": False},
        {"text": "Tháng 4/2025", "start": "2025-04-01", "end": "2025-04-30", "granularity": "month",
         "year_inferred": False},
    ],
    "recommendations": [
        {"text": "Sở đề nghị Bộ Tài nguyên và Môi trường hỗ trợ kinh phí đo đạc; bổ sung nhân lực cho các huyện.",
         "kind": "recommendation", "trigger": "đề nghị", "by": "Sở", "to": ["Bộ Tài nguyên và Môi trường"],
         "items": ["hỗ trợ kinh phí đo đạc", "bổ sung nhân lực cho các huyện"]},
    ],
}
ARTICLE_B = "Hà Nội lấy ý kiến\n\nTừ ngày 10 đến 30-3-2026, phường lấy ý kiến của hơn 100 hộ dân."
GOLD_B = {
    "doc_id": "b", "published": "2026-03-21", "title": "Hà Nội lấy ý kiến", "boilerplate": [],
    "legal_refs": [], "recommendations": [],
    "units": [{"text": "Hà Nội", "kind": "admin", "level": "thanh_pho", "name": "Hà Nội", "code": "01", "mentions": 1}],
    "quantities": [{"text": "hơn 100 hộ dân", "value": 100, "low": None, "high": None, "of": None, "unit": "hộ dân",
                    "kind": "count", "qualifier": "more_than"}],
    "dates": [{"text": "Từ ngày 10 đến 30-3-2026", "start": "2026-03-10", "end": "2026-03-30",
               "granularity": "day", "year_inferred": False}],
}
GOLD_COUNTS = {"legal_refs": 1, "quantities": 6, "dates": 3, "units": 5, "units_admin": 2, "units_org": 3,
               "recommendations": 1, "recommendation_items": 2}


@pytest.fixture(scope="module")
def gold_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("gold")
    for name, text, gold in (("a", ARTICLE_A, GOLD_A), ("b", ARTICLE_B, GOLD_B)):
        for record in (r for field in ("legal_refs", "units", "quantities", "dates", "recommendations")
                       for r in gold[field]):
            assert record["text"] in text, record["text"]
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return folder


def _articles(folder: Path) -> list[dict]:
    return [gold_to_article(g).model_dump(mode="json") for g in load_gold_dir(folder)]


def _write(path: Path, articles: list[dict]) -> Path:
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return path


def _counts(report) -> dict[str, tuple[int, int, int]]:
    return {name: (row.tp, row.fp, row.fn) for name, row in report.rows.items()}


# --- matchers ------------------------------------------------------------------------------

def test_values_match_within_a_relative_tolerance_of_one_millionth():
    assert close(5_800_000_000_000, 5_800_000_000_000 * (1 + 9e-7))
    assert not close(5_800_000_000_000, 5_800_000_000_000 * (1 + 2e-6))
    assert close(37.06, 37.06000001)
    assert not close(37.06, 37.07)
    assert close(None, None) and not close(None, 0.0)


def test_quantity_units_are_case_and_tone_folded():
    gold = quantity_item({"value": 483, "unit": "hồ sơ", "text": "483 hồ sơ"})
    assert same_quantity(gold.key, quantity_item({"value": 483.0, "unit": "Hồ sơ", "span": {"text": "483 Hồ sơ"}}).key)
    assert same_quantity(gold.key, quantity_item({"value": 483, "unit": "hồ  sơ "}).key)
    assert not same_quantity(gold.key, quantity_item({"value": 483, "unit": "hồ sơ địa chính"}).key)
    assert not same_quantity(gold.key, quantity_item({"value": 484, "unit": "hồ sơ"}).key)
    # old and new tone placement, look-alike Ð
    assert folded("Thuỷ lợi") == folded("thủy lợi")
    assert folded("Hoà Bình") == folded("Hòa Bình")
    assert folded_id("58/2025/NÐ-CP") == folded_id("58/2025/NĐ-CP")


def test_ranges_match_on_low_and_high():
    gold = quantity_item({"value": None, "low": 10, "high": 15, "unit": "%"})
    assert same_quantity(gold.key, quantity_item({"low": 10.0, "high": 15.0, "unit": "%"}).key)
    assert not same_quantity(gold.key, quantity_item({"low": 10, "high": 20, "unit": "%"}).key)
    assert not same_quantity(gold.key, quantity_item({"value": 10, "low": 10, "high": 15, "unit": "%"}).key)


def test_legal_refs_match_by_canonical_id_or_type_title_and_year():
    key = lambda **e: legal_ref_item(e).key  # noqa: E731
    assert key(doc_type="nghi_dinh", canonical="58/2025/NÐ-CP") == key(doc_type="nghi_dinh", canonical="58/2025/nđ-cp")
    assert key(doc_type="luat", title="Đất đai", year=2024) == key(doc_type="luat", title="đất  đai", year=2024)
    assert key(doc_type="luat", title="Đất đai", year=2024) != key(doc_type="luat", title="Đất đai", year=2013)
    assert key(doc_type="nghi_dinh", canonical="179") != key(doc_type="quyet_dinh", canonical="179")


def test_units_match_on_kind_level_and_folded_name():
    gold = unit_item({"kind": "org", "level": "uy_ban", "name": "Ủy ban nhân dân tỉnh Hoà Bình"}).key
    assert gold == unit_item({"kind": "org", "level": "uy_ban", "name": "Uỷ ban nhân dân tỉnh Hòa Bình"}).key
    assert gold != unit_item({"kind": "org", "level": "so", "name": "Ủy ban nhân dân tỉnh Hoà Bình"}).key


def test_token_f1_on_folded_words():
    assert tokens("Hỗ trợ KINH PHÍ, đo đạc.") == ["hỗ", "trợ", "kinh", "phí", "đo", "đạc"]
    assert token_f1("hỗ trợ kinh phí", "Hỗ trợ kinh phí") == 1.0
    # 3 words in common, 4 gold and 6 predicted: P 1/2, R 3/4, F1 0.6
    assert token_f1("hỗ trợ kinh phí", "hỗ trợ kinh nghiệm quản lý") == pytest.approx(0.6)
    assert token_f1("bổ sung nhân lực", "hỗ trợ kinh phí") == 0.0


def test_items_are_assigned_one_to_one_at_token_f1_half():
    item = lambda text: Item(key=text, text=text, label=text)  # noqa: E731
    gold = [item("hỗ trợ kinh phí"), item("hỗ trợ kinh phí đo đạc")]
    # both gold items reach 0.5 with the one prediction; it goes to the better one only
    matched = match_by_score(gold, [item("Hỗ trợ kinh phí đo đạc")])
    assert [(g.text, p.text) for g, p in matched.pairs] == [("hỗ trợ kinh phí đo đạc", "Hỗ trợ kinh phí đo đạc")]
    assert [g.text for g in matched.missed] == ["hỗ trợ kinh phí"]
    # 2 of 3 and 2 of 4 words: F1 0.571 is a match; 2 of 5 and 2 of 4: F1 0.444 is not
    assert len(match_by_score(gold[:1], [item("cấp kinh phí")]).pairs) == 1
    assert match_by_score(gold[:1], [item("kinh phí đo đạc bản")]).pairs == []


def test_one_to_one_matching_is_maximum_not_greedy():
    # gold 100 could take either prediction; a greedy choice of the first would lose a pair
    item = lambda value, unit: quantity_item({"value": value, "unit": unit})  # noqa: E731
    gold = [item(100, "ha"), item(100.00000001, "ha")]
    pred = [item(100.00000001, "ha"), item(100, "ha"), item(100, "ha")]
    matched = match_by(gold, pred, same_quantity)
    assert (len(matched.pairs), len(matched.missed), len(matched.spurious)) == (2, 0, 1)


def test_scores_of_empty_and_partial_rows():
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert prf(0, 0, 5) == (0.0, 0.0, 0.0)
    assert prf(3, 1, 2) == pytest.approx((0.75, 0.6, 2 * 0.75 * 0.6 / 1.35))


# --- the harness on prediction files --------------------------------------------------------

def test_gold_as_predictions_scores_perfectly(gold_dir, tmp_path):
    report = evaluate(gold_dir, predictions=_write(tmp_path / "pred.jsonl", _articles(gold_dir)))
    assert _counts(report) == {name: (n, 0, 0) for name, n in GOLD_COUNTS.items()}
    assert all(row.f1 == 1.0 and row.macro_f1 == 1.0 for row in report.rows.values())
    assert report.misses == [] and report.false_alarms == [] and report.notes == []


def test_deliberately_wrong_predictions_lower_exactly_the_right_counts(gold_dir, tmp_path):
    perfect = _counts(evaluate(gold_dir, predictions=_write(tmp_path / "perfect.jsonl", _articles(gold_dir))))
    articles = _articles(gold_dir)
    date = articles[0]["dates"][0]  # "Ngày 3/3/2025"
    date["start"] = date["end"] = (dt.date.fromisoformat(date["start"]) + dt.timedelta(days=1)).isoformat()
    dropped = articles[0]["quantities"].pop(2)  # "95%"
    assert dropped["span"]["text"] == "95%"
    report = evaluate(gold_dir, predictions=_write(tmp_path / "wrong.jsonl", articles))
    counts = _counts(report)

    tp, fp, fn = perfect["dates"]
    assert counts["dates"] == (tp - 1, fp + 1, fn + 1)
    tp, fp, fn = perfect["quantities"]
    assert counts["quantities"] == (tp - 1, fp, fn + 1)
    assert {k: v for k, v in counts.items() if k not in ("dates", "quantities")} == \
           {k: v for k, v in perfect.items() if k not in ("dates", "quantities")}
    # the developer sees the texts, the values, and that the date was found with a wrong value
    misses = [(f.type, f.doc_id, f.text, f.value, f.near) for f in report.misses]
    alarms = [(f.type, f.doc_id, f.text, f.value, f.near) for f in report.false_alarms]
    assert misses == [("quantities", "a", "95%", "95 %", None),
                      ("dates", "a", "Ngày 3/3/2025", "2025-03-03", "2025-03-04")]
    assert alarms == [("dates", "a", "Ngày 3/3/2025", "2025-03-04", "2025-03-03")]
    assert report.rows["dates"].doc_f1 == {"a": 0.5, "b": 1.0}
    assert report.rows["dates"].macro_f1 == 0.75


def test_duplicate_entities_are_not_false_alarms_and_missing_articles_are_misses(gold_dir, tmp_path):
    (first, _second) = _articles(gold_dir)
    first["units"].append(dict(first["units"][0]))  # the same admin unit twice: one entity
    report = evaluate(gold_dir, predictions=_write(tmp_path / "pred.jsonl", [first]))
    assert (report.rows["units"].tp, report.rows["units"].fp, report.rows["units"].fn) == (4, 0, 1)
    assert (report.rows["dates"].tp, report.rows["dates"].fn) == (2, 1)
    assert report.notes == ["b: no prediction (all its gold records count as misses)"]


@pytest.mark.parametrize("setup, message", [
    (lambda d: d / "absent", "gold directory not found"),
    (lambda d: d, "no *.gold.json files in"),
    (lambda d: (d / "x.gold.json").write_text("{oops", encoding="utf-8") and d, "x.gold.json: not a readable JSON file"),
    (lambda d: (d / "x.gold.json").write_text('{"published": "30/5/2024"}', encoding="utf-8") and d,
     "x.gold.json: `published` must be YYYY-MM-DD or null, not '30/5/2024'"),
])
def test_unusable_gold_is_one_clear_error(tmp_path, setup, message):
    with pytest.raises(EvalInputError, match=message.replace("*", r"\*")):
        evaluate(setup(tmp_path), predictions=tmp_path / "none.jsonl")


def test_an_invalid_prediction_line_names_its_line(gold_dir, tmp_path):
    pred = _write(tmp_path / "pred.jsonl", _articles(gold_dir))
    pred.write_text(pred.read_text(encoding="utf-8") + '{"doc_id": "c"}\n', encoding="utf-8")
    with pytest.raises(EvalInputError, match=r"pred.jsonl:3: not an Article record \(text_sha256: Field required\)"):
        evaluate(gold_dir, predictions=pred)


# --- baselines ------------------------------------------------------------------------------

def test_baselines_are_rows_against_the_gold_they_replace(gold_dir, tmp_path):
    report = evaluate(gold_dir, predictions=_write(tmp_path / "p.jsonl", _articles(gold_dir)), baselines=True)
    against = {name: row.against for name, row in report.rows.items() if name.startswith("baseline:")}
    assert against == {"baseline:underthesea_ner": "units", "baseline:underthesea_ner_admin": "units_admin",
                       "baseline:underthesea_ner_org": "units_org", "baseline:dateparser": "dates"}
    for name, row in report.rows.items():
        if name.startswith("baseline:"):
            assert row.tp + row.fn == GOLD_COUNTS[row.against], name
    counts = {name: counts for name, counts in _counts(report).items() if name.startswith("baseline:")}
    # dateparser gets "Ngày 3/3/2025" and "Tháng 4/2025" (the whole month) right, reads "95%"
    # as the year 1995, and the range "Từ ngày 10 đến 30-3-2026" as two days
    assert counts["baseline:dateparser"] == (2, 3, 1)
    # underthesea tags as LOC "tỉnh Bình Định", "Hà Nội", "Sở Tài nguyên và Môi trường tỉnh Bình
    # Định" (right only in the kind-blind row), "hồ sơ địa chính", "Tháng 4/2025", ...; no ORG
    assert counts["baseline:underthesea_ner_admin"] == (2, 6, 0)
    assert counts["baseline:underthesea_ner_org"] == (0, 0, 3)
    assert counts["baseline:underthesea_ner"] == (3, 5, 2)


def test_dateparser_is_optional(gold_dir, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "dateparser", None)
    monkeypatch.setitem(sys.modules, "dateparser.search", None)
    monkeypatch.setitem(sys.modules, "dateparser.date", None)
    report = evaluate(gold_dir, predictions=_write(tmp_path / "p.jsonl", _articles(gold_dir)), baselines=True)
    assert "baseline:dateparser" not in report.rows
    assert "baseline:underthesea_ner" in report.rows
    assert report.notes == ["baseline:dateparser skipped: dateparser is not installed "
                            "(pip install dateparser, or pip install 'vnie[test]')"]


# --- the command ----------------------------------------------------------------------------

runner = CliRunner()


def test_eval_json_on_predictions(gold_dir, tmp_path):
    pred = _write(tmp_path / "pred.jsonl", _articles(gold_dir))
    result = runner.invoke(app, ["eval", str(gold_dir), "--pred", str(pred), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == ["a", "b"]
    assert {name: (r["tp"], r["fp"], r["fn"], r["f1"]) for name, r in data["rows"].items()} == \
           {name: (n, 0, 0, 1.0) for name, n in GOLD_COUNTS.items()}
    assert data["overall"]["micro"] == {"tp": 17, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert data["misses"] == [] and data["false_alarms"] == []


def test_eval_json_runs_the_pipeline(gold_dir):
    result = runner.invoke(app, ["eval", str(gold_dir), "--json", "--no-misses"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["rows"]) == set(RECORD_TYPES)
    assert data["predictions"] == "pipeline"
    assert {name: r["tp"] + r["fn"] for name, r in data["rows"].items()} == GOLD_COUNTS
    assert "misses" not in data


def test_eval_table_lists_misses_with_their_text(gold_dir, tmp_path):
    articles = _articles(gold_dir)
    articles[1]["quantities"] = []
    result = runner.invoke(app, ["eval", str(gold_dir), "--pred", str(_write(tmp_path / "p.jsonl", articles))])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in lines if line.startswith("│")]
    assert ["quantities", "5", "0", "1", "1.000", "0.833", "0.909", "0.500"] in rows
    assert "Misses (in gold, not predicted): 1" in lines
    assert "    b: 'hơn 100 hộ dân' -> 100 hộ dân" in lines


@pytest.mark.parametrize("args, message", [
    (["eval", "/nonexistent/gold"], "vnie eval: gold directory not found: /nonexistent/gold\n"),
    (["eval", "{tmp}"], "vnie eval: no *.gold.json files in {tmp}\n"),
    (["eval", "{gold}", "--pred", "{tmp}/absent.jsonl"], "vnie eval: prediction file not found: {tmp}/absent.jsonl\n"),
])
def test_eval_usage_errors_exit_2_with_one_line(gold_dir, tmp_path, args, message):
    fill = lambda s: s.format(tmp=tmp_path, gold=gold_dir)  # noqa: E731
    result = runner.invoke(app, [fill(a) for a in args])
    assert result.exit_code == 2
    assert result.stderr == fill(message)
    assert result.stdout == ""


def test_eval_help_has_an_example():
    result = runner.invoke(app, ["eval", "--help"])
    assert result.exit_code == 0
    assert "vnie eval corpus/articles --json" in result.stdout


# --- the dev corpus: gold files are usable, and no score falls below its floor ------------------

@pytest.fixture(scope="module")
def corpus_report():
    return evaluate(ARTICLES)


def test_corpus_gold_scores_itself_perfectly(tmp_path):
    golds = load_gold_dir(ARTICLES)
    pred = _write(tmp_path / "gold.jsonl", [gold_to_article(g).model_dump(mode="json") for g in golds])
    report = evaluate(ARTICLES, predictions=pred)
    assert {name: (row.fp, row.fn) for name, row in report.rows.items()} == {name: (0, 0) for name in RECORD_TYPES}


@pytest.mark.parametrize("record_type", sorted(FLOORS))
def test_f1_floor(corpus_report, record_type):
    row = corpus_report.rows[record_type]
    assert row.f1 >= FLOORS[record_type], (
        f"{record_type}: F1 {row.f1:.3f} is below its floor {FLOORS[record_type]} "
        f"(TP {row.tp}, FP {row.fp}, FN {row.fn}); run `vnie eval corpus/articles` for the misses"
    )

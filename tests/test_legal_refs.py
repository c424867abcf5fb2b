"""Stage legal_refs beyond the corpus: the founding article, issuers, spans other stages rely on."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml
from conftest import ARTICLES

from extractor import extract, process
from extractor.hits import covered, hits
from extractor.resources import rules_path
from extractor.stages.legal_refs_data import issuer_name, roman


FOUNDING_REFS = {
    # canonical: (doc_type, issuers, number of mentions)
    "132/2025/NĐ-CP": ("nghi_dinh", ["Chính phủ"], 2),
    "133/2025/NĐ-CP": ("nghi_dinh", ["Chính phủ"], 3),
    "150/2025/NĐ-CP": ("nghi_dinh", ["Chính phủ"], 1),
    "10/2025/TT-BKHCN": ("thong_tu", ["Bộ Khoa học và Công nghệ"], 1),
    "179/2025/NĐ-CP": ("nghi_dinh", ["Chính phủ"], 1),
}


def test_founding_article_has_exactly_its_five_documents(founding):
    article, _ = founding
    found = {r.canonical: (r.doc_type, r.issuers, len(r.mentions)) for r in article.legal_refs}
    assert found == FOUNDING_REFS
    assert [r.canonical for r in article.legal_refs] == list(FOUNDING_REFS)  # order of first mention


def test_founding_article_mentions_are_in_text_order_and_exact(founding, founding_text):
    article, _ = founding
    ref_132 = next(r for r in article.legal_refs if r.number == "132")
    assert [m.text for m in ref_132.mentions] == ["Nghị định số 132/2025/NĐ-CP", "Nghị định 132/2025/NĐ-CP"]
    for ref in article.legal_refs:
        starts = [m.start for m in ref.mentions]
        assert starts == sorted(starts)
        assert all(founding_text[m.start:m.end] == m.text for m in ref.mentions)


def test_nothing_comes_from_the_related_article_block(founding, founding_text):
    _, doc = founding
    related_start = founding_text.index("Có thể bạn quan tâm")
    assert all(h.end <= related_start for h in hits(doc, "legal_refs"))


def test_hits_cover_the_digits_of_document_numbers(founding, founding_text):
    """dates and quantities skip numbers inside legal_refs hits: "2025" of 132/2025 is no year."""
    _, doc = founding
    for needle in ("132/2025/NĐ-CP", "10/2025/TT-BKHCN", "179/2025/NĐ-CP"):
        start = founding_text.index(needle)
        assert covered(doc, ("legal_refs",), start, start + len(needle))
    date = founding_text.index("15/8")
    assert not covered(doc, ("legal_refs",), date, date + 4)


def test_every_hit_rule_is_declared():
    rules = yaml.safe_load(rules_path("legal_refs.yaml").read_text(encoding="utf-8"))
    declared = {r["id"] for r in rules["rules"]}
    for path in sorted(ARTICLES.glob("*.txt")):
        _, doc = process(path.read_text(encoding="utf-8"))
        assert {h.rule for h in hits(doc, "legal_refs")} <= declared, path.name


@pytest.mark.parametrize("code, body", [
    ("CP", "Chính phủ"), ("TTg", "Thủ tướng Chính phủ"), ("QH15", "Quốc hội khóa XV"),
    ("QH14", "Quốc hội khóa XIV"), ("UBTVQH15", "Ủy ban Thường vụ Quốc hội khóa XV"),
    ("TW", "Ban Chấp hành Trung ương"), ("TU", "Tỉnh ủy"), ("UBND", "Ủy ban nhân dân"),
    ("BKHCN", "Bộ Khoa học và Công nghệ"), ("BTTTT", "Bộ Thông tin và Truyền thông"),
    ("BNNMT", "Bộ Nông nghiệp và Môi trường"), ("BTNMT", "Bộ Tài nguyên và Môi trường"),
    ("BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn"), ("BTC", "Bộ Tài chính"),
    ("BKHĐT", "Bộ Kế hoạch và Đầu tư"), ("BCT", "Bộ Công Thương"), ("BNV", "Bộ Nội vụ"),
    ("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"), ("BYT", "Bộ Y tế"),
    ("BGDĐT", "Bộ Giáo dục và Đào tạo"), ("BTP", "Bộ Tư pháp"), ("BCA", "Bộ Công an"),
    ("BQP", "Bộ Quốc phòng"), ("NHNN", "Ngân hàng Nhà nước Việt Nam"),
    ("BNN&PTNT", "Bộ Nông nghiệp và Phát triển nông thôn"), ("BGDÐT", "Bộ Giáo dục và Đào tạo"),
])
def test_issuer_codes_resolve(code, body):
    assert issuer_name(code) == body


def test_issuer_file_merged_ministries_point_at_existing_ones():
    data = yaml.safe_load(rules_path("issuers.yaml").read_text(encoding="utf-8"))
    current = set(data["ministries_2025"])
    for code, entry in data["ministries_pre2025"].items():
        assert entry["merged_into"] in current, code


def test_roman_numerals_for_legislatures():
    numbers = (1, 4, 9, 11, 13, 14, 15, 16)
    assert [roman(n) for n in numbers] == ["I", "IV", "IX", "XI", "XIII", "XIV", "XV", "XVI"]


def test_years_outside_the_range_keep_the_mention_out():
    this_year = dt.date.today().year
    ok = extract(f"Theo Nghị định số 12/{this_year + 1}/NĐ-CP, các xã báo cáo hằng quý.")
    assert [r.canonical for r in ok.legal_refs] == [f"12/{this_year + 1}/NĐ-CP"]
    for year in (1944, this_year + 2):
        article = extract(f"Theo Nghị định số 12/{year}/NĐ-CP, các xã báo cáo hằng quý.")
        assert article.legal_refs == []


def test_lookalike_letter_is_normalised_in_fields_not_in_spans():
    text = "Chính phủ ban hành Nghị định số 58/2025/NÐ-CP; Luật Ðiện lực 2024 cũng vậy."
    refs = extract(text).legal_refs
    decree, law = refs
    assert (decree.canonical, decree.issuer_code) == ("58/2025/NĐ-CP", "NĐ-CP")
    assert decree.mentions[0].text == "Nghị định số 58/2025/NÐ-CP"
    assert (law.title, law.mentions[0].text) == ("Điện lực", "Luật Ðiện lực 2024")


def test_bare_number_joins_the_full_mention_written_earlier():
    text = ("Nghị định 179/2025/NĐ-CP quy định chế độ cho cán bộ chuyển đổi số. "
            "Nhiều xã chưa áp dụng Nghị định 179 vì thiếu hướng dẫn.")
    (ref,) = extract(text).legal_refs
    assert ref.canonical == "179/2025/NĐ-CP"
    assert [m.text for m in ref.mentions] == ["Nghị định 179/2025/NĐ-CP", "Nghị định 179"]


def test_bare_number_stays_alone_when_two_full_numbers_share_it():
    text = ("Quyết định 179/QĐ-UBND và Quyết định 179/QĐ-SNV được ban hành cùng ngày. "
            "Quyết định 179 gây nhầm lẫn.")
    canonicals = [r.canonical for r in extract(text).legal_refs]
    assert canonicals == ["179/QĐ-UBND", "179/QĐ-SNV", "179"]


def test_dev_article_02_lists_pointers_and_descriptions():
    text = (ARTICLES / "02-hai-phong-cuong-che-dat-may-hai.txt").read_text(encoding="utf-8")
    refs = {r.canonical or f"{r.title} {r.year}": r for r in extract(text, published="2024-10-31").legal_refs}
    assert refs["269/TB-UBND"].doc_type == "thong_bao"
    assert refs["269/TB-UBND"].doc_type_text == "văn bản"
    assert refs["6521/VP-ĐC2"].doc_type == "van_ban"
    assert refs["188/CV-VPĐKQSDĐ"].doc_type == "cong_van"
    assert len(refs["3325/QĐ-UB"].mentions) == len(refs["264/QĐ-UB"].mentions) == 2
    assert len(refs["2592/QĐ-UBND"].mentions) == 7
    assert len(refs["3986/QĐ-UBND"].mentions) == 2
    assert len(refs["G393762"].mentions) == 2
    assert {"Đất đai None", "Đất đai 2013", "Đất đai 2024"} <= set(refs)


def test_dev_article_06_points_back_at_its_decree():
    text = (ARTICLES / "06-nghi-dinh-278-ket-noi-chia-se-du-lieu.txt").read_text(encoding="utf-8")
    refs = {r.canonical or r.title: r for r in extract(text).legal_refs}
    assert set(refs) == {"278/2025/NĐ-CP", "47/2020/NĐ-CP", "Dữ liệu"}
    assert len(refs["278/2025/NĐ-CP"].mentions) == 14
    assert len(refs["47/2020/NĐ-CP"].mentions) == 1

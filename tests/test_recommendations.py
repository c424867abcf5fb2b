"""Stage `recommendations` on the founding article (issue 8), and properties of the stage."""
from __future__ import annotations

import pytest

from conftest import CORPUS
from extractor.corpus import load_corpus
from extractor.normalize import fold
from extractor.stages import recommendations_text
from extractor.stages.recommendations_lexicon import lexicon


@pytest.fixture(scope="module")
def records(founding):
    article, _ = founding
    return article.recommendations


def _by(records, by, kind="recommendation"):
    found = [r for r in records if r.by == by and r.kind == kind]
    assert found, f"no {kind} by {by!r}: {[(r.kind, r.by) for r in records]}"
    return found


def test_vo_cuong_ward_requests(records):
    (r,) = _by(records, "Đại diện lãnh đạo Ủy ban nhân dân phường Võ Cường")
    assert r.trigger == "kiến nghị"
    assert r.to == []
    assert r.items == [
        "tổ chức tập huấn, đào tạo kỹ năng quản lý và công nghệ số",
        "ban hành quy định xác định vị trí việc làm cho cán bộ chuyển đổi số được hưởng chế độ theo "
        "Nghị định 179/2025/NĐ-CP",
        "xây dựng định mức kinh phí đào tạo các khóa học chuyên sâu về chuyển đổi số",
        "có cơ chế hỗ trợ hoạt động cho Tổ công nghệ số cộng đồng và trang bị công cụ làm việc để "
        "hướng dẫn người dân",
    ]


def test_lang_giang_commune_requests_two_addressees(records):
    (r,) = _by(records, "Đại diện Ủy ban nhân dân xã Lạng Giang")
    assert r.to == ["Bộ Khoa học và Công nghệ", "Sở Khoa học và Công nghệ Bắc Ninh"]
    assert r.items == [
        "thường xuyên hướng dẫn cụ thể việc triển khai các nhiệm vụ phân cấp, phân quyền",
        "tổ chức tập huấn trực tiếp cho công chức cấp xã",
        "ban hành khung tiêu chí và phương pháp đánh giá mức độ chuyển đổi số cấp xã phù hợp với "
        "mô hình chính quyền 2 cấp",
    ]


def test_bac_ninh_department_requests_the_ministry(records):
    (r,) = _by(records, "Sở Khoa học và Công nghệ Bắc Ninh")
    assert r.to == ["Bộ Khoa học và Công nghệ"]  # not "Chính phủ": the Bộ is asked to advise it
    assert r.items[0].startswith("tham mưu Chính phủ sớm ban hành văn bản hướng dẫn chi tiết")
    assert r.items[1:] == [
        "hỗ trợ đào tạo, tập huấn cán bộ cấp tỉnh, xã",
        "hướng dẫn hoạt động tổ công nghệ số cộng đồng",
        "nâng cấp hạ tầng Cổng dịch vụ công quốc gia, bảo đảm liên thông dữ liệu",
        "thống nhất hệ thống báo cáo ngành khoa học và công nghệ từ Trung ương đến cơ sở",
        "có cơ chế tài chính rõ ràng, đặc thù cho khoa học và công nghệ, đổi mới sáng tạo, chuyển đổi số",
    ]


def test_difficulties_of_the_department_and_the_next_paragraph(records):
    listed, further, rates = _by(records, "Sở Khoa học và Công nghệ", kind="difficulty")
    assert listed.trigger == "khó khăn, vướng mắc"
    assert listed.to == ["Đoàn công tác"]
    assert listed.items == [
        "Thiếu nhân lực, đặc biệt nhân sự công nghệ thông tin và chuyển đổi số",
        "một số xã/phường bố trí cán bộ công nghệ thông tin chưa đúng chuyên môn, còn lúng túng khi "
        "xử lý hồ sơ điện tử",
        "hệ thống kỹ thuật, đường truyền, phần mềm dịch vụ công quốc gia và phần mềm ngành dọc (hộ tịch, "
        "đăng ký kinh doanh…) còn lỗi, nghẽn, chưa đồng bộ",
    ]
    # The next paragraph goes on with the list: actor and addressee carried over.
    assert further.to == rates.to == ["Đoàn công tác"]
    assert further.items[0].startswith("các quy định mới về khoa học và công nghệ")
    assert further.items[0].endswith("còn thiếu hướng dẫn chi tiết cho nên địa phương khó triển khai")
    assert rates.items == [
        "Tỷ lệ số hóa hồ sơ và tỷ lệ hồ sơ trực tuyến cấp xã còn thấp",
        "một số thủ tục đất đai còn vướng mắc về ủy quyền",
    ]


def test_the_delegations_wish_and_no_meta_mention(records, founding_text):
    (wish,) = _by(records, "Đoàn công tác")
    assert wish.trigger == "mong muốn"
    meta = founding_text.index("Với các kiến nghị, đề xuất vượt thẩm quyền")
    assert not [r for r in records if r.span.start <= meta < r.span.end]
    assert len(records) == 7


def test_records_are_substrings(records, founding_text):
    for r in records:
        assert founding_text[r.span.start:r.span.end] == r.span.text
        assert all(item in r.span.text for item in r.items)
        assert r.by is None or r.by in founding_text
        assert all(to in founding_text for to in r.to)


def test_nothing_from_the_related_articles_block(records, founding_text):
    related = founding_text.index("Có thể bạn quan tâm")
    assert all(r.span.end <= related for r in records)


def test_only_sentences_with_a_trigger_word_are_tagged(founding):
    """Sentences without a trigger word cost one regex search: never POS-tagged."""
    _, doc = founding
    text = doc.text
    sents = recommendations_text.sentences(doc, text, fold(text))
    from extractor.stages.recommendations import _analyse

    for n, _sentence in enumerate(sents):
        _analyse(sents, n, lexicon(), None)
    triggerless = [s for s in sents if lexicon().any_trigger.search(s.key, s.start, s.end) is None]
    assert triggerless and not any(s._tagged for s in triggerless)


def test_corpus_has_enough_examples_and_negatives():
    examples = load_corpus(CORPUS / "recommendations.yaml")
    negatives = [e for e in examples if e.negative]
    assert len(examples) >= 40 and len(negatives) >= 15


def test_actor_and_addressees_link_to_unit_records(founding):
    """Hits carry `by_unit` / `to_units`: indexes into the units records (the contract's
    Recommendation has no such field yet), pointing at an entity named inside the text."""
    article, doc = founding
    hit = next(h for h in doc._.hits["recommendations"] if h.fields["by"] == "Đại diện Ủy ban nhân dân xã Lạng Giang")
    by_unit = article.units[hit.fields["by_unit"]]
    assert any(m.text in hit.fields["by"] for m in by_unit.mentions)
    assert len(hit.fields["to_units"]) == 2
    for to, index in zip(hit.fields["to"], hit.fields["to_units"]):
        assert any(m.text in to for m in article.units[index].mentions)


def test_actors_and_addressees_link_to_unit_records_in_the_output(founding):
    article, _ = founding
    linked = [r for r in article.recommendations if r.by_unit is not None]
    assert linked, "no recommendation linked to a unit record"
    for record in article.recommendations:
        assert len(record.to_units) == len(record.to)
        for index in [record.by_unit, *record.to_units]:
            assert index is None or 0 <= index < len(article.units)
    by_names = {article.units[r.by_unit].name for r in linked}
    assert "Sở Khoa học và Công nghệ tỉnh Bắc Ninh" in by_names

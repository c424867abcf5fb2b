import pytest

from extractor.normalize import normalise
from extractor.structure import analyse


def _kinds(text):
    meta = analyse(text)
    return meta, [(k, text[s:e]) for s, e, k in meta.boilerplate]


def test_founding_article_title_and_related_block(founding_text):
    meta, _ = _kinds(founding_text)
    assert founding_text[slice(*meta.title)] == "Tháo gỡ vướng mắc vận hành chính quyền 2 cấp tại Bắc Ninh"
    related = [(s, e) for s, e, k in meta.boilerplate if k == "related"]
    assert len(related) == 1
    start, end = related[0]
    assert founding_text[start:].startswith("Có thể bạn quan tâm")
    assert end == len(founding_text)
    assert meta.body[1] <= start


def test_founding_article_credits_file_name_and_duplicate_caption(founding_text):
    meta, kinds = _kinds(founding_text)
    assert ("credit", "(Ảnh: MAI HÀ)") in kinds
    assert ("file_name", "bn-1-7599.jpg") in kinds
    caption = "Đoàn công tác Bộ Khoa học và Công nghệ vừa có buổi làm việc tại tỉnh Bắc Ninh. (Ảnh: MAI HÀ)"
    captions = [(s, e) for s, e, k in meta.boilerplate if k == "caption" and founding_text[s:e] == caption]
    assert len(captions) == 2
    # the first copy is kept for extraction, the duplicate is skipped
    assert captions[0] not in meta.skipped and captions[1] in meta.skipped


def test_inline_teaser_and_trailing_credit():
    text = normalise("Tiêu đề bài\n\nĐoạn một có 5 xã.\nXem thêm: Hà Nội công bố 126 xã mới\nẢnh đẹp. Ảnh: T.H\nĐoạn cuối.")
    meta, kinds = _kinds(text)
    assert ("related", "Xem thêm: Hà Nội công bố 126 xã mới") in kinds
    assert ("credit", "Ảnh: T.H") in kinds
    assert meta.body[1] == len(text)


def test_tin_lien_quan_header_runs_to_end():
    text = "Tiêu đề\n\nThân bài.\n\nTin liên quan\n\nBài khác 1\nBài khác 2"
    meta, kinds = _kinds(text)
    assert kinds[-1] == ("related", "Tin liên quan\n\nBài khác 1\nBài khác 2")


def test_single_line_has_no_title():
    assert analyse("Chỉ một dòng văn bản.").title is None


STRUCTURE_EXAMPLES = [
    # (rule id, text, boilerplate kind, text of the boilerplate range)
    ("related.co_the_ban_quan_tam", "Tiêu đề\n\nThân.\nCó thể bạn quan tâm\nBài khác", "related", "Có thể bạn quan tâm\nBài khác"),
    ("related.tin_lien_quan", "Tiêu đề\n\nThân.\nTIN LIÊN QUAN:\nBài khác", "related", "TIN LIÊN QUAN:\nBài khác"),
    ("related.bai_lien_quan", "Tiêu đề\n\nThân.\nBài viết liên quan\nBài khác", "related", "Bài viết liên quan\nBài khác"),
    ("related.xem_them", "Tiêu đề\n\nThân.\nXem thêm\nBài khác", "related", "Xem thêm\nBài khác"),
    ("related.doc_them", "Tiêu đề\n\nThân.\nĐọc thêm:\nBài khác", "related", "Đọc thêm:\nBài khác"),
    ("related.tin_cung_chuyen_muc", "Tiêu đề\n\nThân.\nTin cùng chuyên mục\nBài khác", "related", "Tin cùng chuyên mục\nBài khác"),
    ("related.tin_khac", "Tiêu đề\n\nThân.\nCác tin khác\nBài khác", "related", "Các tin khác\nBài khác"),
    ("related.inline", "Tiêu đề\n\nThân.\nĐọc thêm: Bắc Ninh có 99 xã\nHết.", "related", "Đọc thêm: Bắc Ninh có 99 xã"),
    ("credit.paren", "Tiêu đề\n\nLễ ký kết. (Ảnh: MAI HÀ)\nHết.", "credit", "(Ảnh: MAI HÀ)"),
    ("credit.trailing", "Tiêu đề\n\nLễ ký kết. Ảnh: Linh Chi\nHết.", "credit", "Ảnh: Linh Chi"),
    ("caption.trong_anh", "Tiêu đề\n\n- Trong ảnh: Lễ ký kết\nHết.", "caption", "- Trong ảnh: Lễ ký kết"),
    ("caption.photo_prefix", "Tiêu đề\n\n[Ảnh] Lễ ký kết\nHết.", "caption", "[Ảnh] Lễ ký kết"),
    ("file_name.image", "Tiêu đề\n\nbn-1-7599.jpg\nHết.", "file_name", "bn-1-7599.jpg"),
]


@pytest.mark.parametrize("rule, text, kind, expected", STRUCTURE_EXAMPLES, ids=[e[0] for e in STRUCTURE_EXAMPLES])
def test_structure_rule(rule, text, kind, expected):
    _, kinds = _kinds(text)
    assert (kind, expected) in kinds


def test_every_structure_rule_has_an_example():
    from extractor.resources import load_yaml

    declared = {rule["id"] for rules in load_yaml("structure.yaml").values() for rule in rules}
    assert declared == {e[0] for e in STRUCTURE_EXAMPLES}


@pytest.mark.parametrize("text", [
    "Tiêu đề\n\nThủ tướng yêu cầu xem thêm các phương án.\nHết.",
    "Tiêu đề\n\nẢnh hưởng của bão số 3 rất lớn.\nHết.",
    "Tiêu đề\n\nTin liên quan đến vụ việc đã được công bố.\nHết.",
])
def test_structure_negatives(text):
    assert analyse(text).boilerplate == []


@pytest.mark.parametrize("text", ["\n", " ", "Tiêu đề\n\n  \n"])
def test_blank_body_is_an_empty_range_not_a_reversed_one(text):
    start, end = analyse(text).body
    assert 0 <= start <= end <= len(text)

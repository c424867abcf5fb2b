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

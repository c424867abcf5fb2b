import pytest

from extractor import process
from extractor.hits import DocMeta
from extractor.pipeline import nlp
from extractor.tokens import make_doc


@pytest.mark.parametrize("text", [
    "Nghị định số 132/2025/NĐ-CP có hiệu lực từ 1/7.",
    "Sở  Khoa học\tvà Công nghệ\n\n\ntỉnh Bắc Ninh",   # irregular whitespace
    "  leading and trailing  ",
    "Khoa\nhọc và công nghệ",                          # a line break inside a would-be word
    "",
])
def test_doc_text_is_the_text(text):
    doc = make_doc(nlp().vocab, text, DocMeta())
    assert doc.text == text
    for token in doc:
        assert text[token.idx:token.idx + len(token.text)] == token.text


def test_tokens_are_underthesea_words():
    doc = process("Đoàn công tác Bộ Khoa học và Công nghệ làm việc tại tỉnh Bắc Ninh.")[1]
    words = [t.text for t in doc if not t.is_space]
    assert "Bắc Ninh" in words and "công tác" in words


def test_skipped_ranges_are_split_on_whitespace_only():
    text = "Thân bài ở đây.\nKhoa học và Công nghệ"
    meta = DocMeta(skipped=[(16, len(text))])
    doc = make_doc(nlp().vocab, text, meta)
    assert [t.text for t in doc if t.idx >= 16] == ["Khoa", "học", "và", "Công", "nghệ"]


def test_sentences_split_at_line_breaks_and_full_stops():
    doc = process("Tiêu đề\n\nCâu một. Câu hai có 3 xã.\nCâu ba")[1]
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences == ["Tiêu đề", "Câu một.", "Câu hai có 3 xã.", "Câu ba"]


def test_a_dot_inside_a_number_does_not_end_a_sentence():
    doc = process("Bản đồ tỷ lệ 1/1.000 được lập. Xong.")[1]
    assert [s.text.strip() for s in doc.sents] == ["Bản đồ tỷ lệ 1/1.000 được lập.", "Xong."]

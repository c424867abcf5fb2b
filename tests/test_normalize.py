import pytest
from hypothesis import given, strategies as st

from extractor.normalize import fold, normalise


@pytest.mark.parametrize("raw, expected", [
    ("a\r\nb\rc", "a\nb\nc"),
    ("\ufeffTiêu đề", "Tiêu đề"),
    ("9.301\u00a0hồ sơ", "9.301 hồ sơ"),
    ("Bắc\u200b Ninh\u200d", "Bắc Ninh"),
    ("Nghi\u0323 đi\u0323nh", "Nghị định"),  # decomposed marks -> NFC
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize("old, new", [
    ("Uỷ ban", "Ủy ban"), ("hoà", "hòa"), ("Thuỷ", "Thủy"), ("khoẻ", "khỏe"),
    ("Hoà Bình", "Hòa Bình"), ("NÐ-CP", "NĐ-CP"), ("ÐIỆN LỰC", "điện lực"),
])
def test_fold_unifies_tone_placement_and_lookalikes(old, new):
    assert fold(old) == fold(new)


@pytest.mark.parametrize("a, b", [("Hà Nội", "Hà Nôi"), ("Bắc Ninh", "Bac Ninh"), ("hòa", "hoa")])
def test_fold_keeps_diacritics(a, b):
    assert fold(a) != fold(b)


@given(st.text())
def test_fold_keeps_length_so_offsets_carry_over(text):
    assert len(fold(normalise(text))) == len(normalise(text))

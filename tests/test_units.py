"""Stage `units`: the founding article's units and organisations, linking, find_unit, the
opt-in NER candidate source, and the rule ids of the hits."""
from __future__ import annotations

import pytest
import yaml

from extractor import process
from extractor.hits import hits
from extractor.resources import rules_path
from extractor.stages import units, units_ner


def _by_name(article) -> dict[tuple[str, str], object]:
    return {(u.kind, u.name): u for u in article.units}


@pytest.fixture(scope="module")
def founding_units(founding):
    article, _ = founding
    return _by_name(article)


@pytest.mark.parametrize("name, level, code", [
    ("Bắc Ninh", "tinh", "24"),
    ("Võ Cường", "phuong", "09190"),
    ("Kinh Bắc", "phuong", "09187"),
    ("Hạp Lĩnh", "phuong", "09325"),
    ("Lạng Giang", "xa", "07375"),
])
def test_founding_admin_units(founding_units, name, level, code):
    unit = founding_units[("admin", name)]
    assert (unit.level, unit.code, unit.era) == (level, code, "2025")


def test_founding_communes_have_their_province(founding_units):
    assert founding_units[("admin", "Võ Cường")].parent == "Bắc Ninh"
    assert founding_units[("admin", "Lạng Giang")].parent == "Bắc Ninh"
    assert founding_units[("admin", "Bắc Ninh")].parent is None


@pytest.mark.parametrize("name, level, parent", [
    ("Bộ Khoa học và Công nghệ", "bo", None),
    ("Sở Khoa học và Công nghệ tỉnh Bắc Ninh", "so", "Bắc Ninh"),
    ("Ủy ban nhân dân phường Võ Cường", "uy_ban", "Võ Cường"),
    ("Ủy ban nhân dân xã Lạng Giang", "uy_ban", "Lạng Giang"),
    ("Ủy ban nhân dân tỉnh Bắc Ninh", "uy_ban", "Bắc Ninh"),
    ("Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh", "trung_tam", "Bắc Ninh"),
    ("Trung tâm Phục vụ hành chính công phường Võ Cường", "trung_tam", "Võ Cường"),
    ("Trung tâm Phục vụ hành chính công xã Lạng Giang", "trung_tam", "Lạng Giang"),
    ("Đoàn công tác Bộ Khoa học và Công nghệ", "doan", None),
    ("Phòng Văn hóa-Xã hội phường Võ Cường", "phong", "Võ Cường"),
    ("Văn phòng Ủy ban nhân dân tỉnh Bắc Ninh", "van_phong", "Bắc Ninh"),
    ("Chính phủ", "other", None),
])
def test_founding_organisations(founding_units, name, level, parent):
    unit = founding_units[("org", name)]
    assert (unit.level, unit.parent, unit.code) == (level, parent, None)


def test_founding_department_gathers_its_mentions(founding_units):
    """"Sở KH&CN Bắc Ninh", "... tỉnh Bắc Ninh", "Sở Khoa học và Công nghệ" and "Sở" are one body."""
    texts = {m.text for m in founding_units[("org", "Sở Khoa học và Công nghệ tỉnh Bắc Ninh")].mentions}
    assert texts == {"Sở Khoa học và Công nghệ Bắc Ninh", "Sở Khoa học và Công nghệ tỉnh Bắc Ninh",
                     "Sở Khoa học và Công nghệ", "Sở"}


def test_founding_has_nothing_from_the_teasers(founding):
    article, doc = founding
    teaser = doc.text.index("Có thể bạn quan tâm")
    assert all(m.start < teaser for u in article.units for m in u.mentions)
    names = {u.name for u in article.units}
    assert not names & {"Ứng Thiên", "Hải Phòng", "Ninh Bình", "Hưng Yên", "Quảng Ninh", "Hà Nội",
                        "Tập đoàn Điện lực Việt Nam", "Quốc hội"}


def test_founding_counts(founding_units):
    kinds = [kind for kind, _ in founding_units]
    assert kinds.count("admin") == 5
    assert kinds.count("org") == 12


def test_back_references_never_make_an_entity():
    article, _ = process("Sở đã gửi giấy mời. Đoàn công tác làm việc với phường.", published="2025-08-25")
    assert article.units == []


@pytest.mark.parametrize("text, published, name, code, era", [
    ("Người dân phường Võ Cường đến làm thủ tục.", "2024-03-01", "Võ Cường", "09190", "pre2025"),
    ("Người dân phường Võ Cường đến làm thủ tục.", "2025-08-01", "Võ Cường", "09190", "2025"),
    ("Người dân phường Kinh Bắc đến làm thủ tục.", "2024-03-01", "Kinh Bắc", "09172", "pre2025"),
    ("Người dân phường Kinh Bắc đến làm thủ tục.", None, "Kinh Bắc", "09187", "2025"),
    ("Mưa lớn tại tỉnh Bình Định.", "2025-08-01", "Bình Định", "52", "pre2025"),
])
def test_the_date_picks_the_official_list(text, published, name, code, era):
    article, _ = process(text, published=published)
    (unit,) = article.units
    assert (unit.name, unit.code, unit.era) == (name, code, era)


def test_context_picks_the_unit_of_an_ambiguous_name():
    alone, _ = process("Người dân xã Cẩm Giàng chuẩn bị đón Tết.", published="2025-12-01")
    placed, _ = process("Người dân xã Cẩm Giàng, thành phố Hải Phòng chuẩn bị đón Tết.", published="2025-12-01")
    assert alone.units[0].code is None and alone.units[0].era is None
    assert placed.units[0].code == "10903" and placed.units[0].parent == "Hải Phòng"


def test_find_unit_prefers_the_organisation_over_the_place_in_its_name():
    text = "Sở Khoa học và Công nghệ Bắc Ninh kiến nghị Bộ Khoa học và Công nghệ sớm ban hành hướng dẫn."
    _, doc = process(text, published="2025-08-25")
    by = text.index("Sở")
    found = units.find_unit(doc, by, by + len("Sở Khoa học và Công nghệ Bắc Ninh"))
    assert (found.kind, found.name) == ("org", "Sở Khoa học và Công nghệ tỉnh Bắc Ninh")
    place = units.find_unit(doc, by, by + 40, kind="admin")
    assert (place.name, place.code) == ("Bắc Ninh", "24")
    to = text.index("Bộ")
    assert units.find_unit(doc, to, to + 3).name == "Bộ Khoa học và Công nghệ"
    assert units.find_unit(doc, text.index("sớm"), len(text)) is None


def _declared_rules() -> set[str]:
    declared = set()
    for name, key in (("units.yaml", "id"), ("units_ner.yaml", "rule")):
        data = yaml.safe_load(rules_path(name).read_text(encoding="utf-8"))
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                declared |= {node[key]} if isinstance(node.get(key), str) else set()
                stack += node.values()
            elif isinstance(node, list):
                stack += node
    return declared


def test_every_hit_rule_is_declared(founding):
    _, doc = founding
    fired = {h.rule for h in hits(doc, "units")}
    assert fired and fired <= _declared_rules()


def test_ner_is_off_by_default(monkeypatch):
    monkeypatch.delenv(units_ner.ENV, raising=False)
    assert not units_ner.enabled()
    _, doc = process("Hàng trăm hộ dân ở Gio Mai đã nhận tiền bồi thường.", published="2024-05-30")
    assert hits(doc, "units") == []


def test_ner_adds_a_commune_named_without_its_level_word(monkeypatch):
    monkeypatch.setenv(units_ner.ENV, "1")
    article, doc = process("Hàng trăm hộ dân ở Gio Mai đã nhận tiền bồi thường.", published="2024-05-30")
    assert [(h.rule, h.fields["name"], h.fields["code"]) for h in hits(doc, "units")] == \
        [("ner.loc", "Gio Mai", "19543")]
    assert article.units[0].level == "xa"


def test_ner_organisation_without_a_head_gets_level_other(monkeypatch):
    tagged = [("Hội Nông dân", "Np", "B-NP", "B-ORG"), ("tổ chức", "V", "B-VP", "O"), ("đại hội", "N", "B-NP", "O")]
    monkeypatch.setenv(units_ner.ENV, "1")
    monkeypatch.setattr(units_ner, "_ner", lambda: (lambda line: tagged))
    article, doc = process("Hội Nông dân tổ chức đại hội", published="2025-08-25")
    assert [(h.rule, h.fields["level"], h.fields["name"]) for h in hits(doc, "units")] == \
        [("ner.org", "other", "Hội Nông dân")]
    assert _declared_rules() >= {"ner.loc", "ner.org"}


def test_branch_keeps_its_bracketed_brand_for_later_mentions():
    """"(Agribank)" written inside a branch's name is the short name the branch goes by after."""
    text = ("Ngân hàng Nông nghiệp và Phát triển nông thôn (Agribank) Chi nhánh Long An đã giải ngân 500 tỷ đồng. "
            "Agribank cho biết sẽ tiếp tục giảm lãi suất.")
    article, _ = process(text, published="2024-04-02")
    banks = [u for u in article.units if u.level == "ngan_hang"]
    assert [(u.name, len(u.mentions), u.parent) for u in banks] == [
        ("Ngân hàng Nông nghiệp và Phát triển nông thôn Chi nhánh Long An", 2, "Long An")]


def test_back_reference_prefers_the_unit_of_the_articles_era():
    """After a merger the province named last may be the old one; "UBND tỉnh" is the new one's."""
    text = ("Tỉnh Ninh Bình triển khai kế hoạch chống hạn. Tại các xã thuộc tỉnh Nam Định cũ, "
            "UBND tỉnh đã bố trí 50 tỷ đồng nạo vét kênh mương.")
    before = _by_name(process(text, published="2025-10-01")[0])
    assert ("org", "Ủy ban nhân dân tỉnh Ninh Bình") in before
    assert before[("admin", "Nam Định")].era == "pre2025"

"""The administrative-unit gazetteer: real values from the official lists."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from extractor import gazetteer as gz
from extractor.resources import rules_path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("underthesea", "vietnamadminunits")


def communes(era: str) -> list[gz.AdminUnit]:
    return [u for u in gz.units(era) if u.tier == "commune"]


# ---------------------------------------------------------------- known values
def test_bac_ninh_province_2025():
    [unit] = gz.lookup("Bắc Ninh", level="tinh", era="2025")
    assert (unit.code, unit.era, unit.province_code) == ("24", "2025", "24")
    assert gz.find_provinces("tỉnh Bắc Ninh", era="2025") == [unit]


def test_bac_ninh_and_bac_giang_before_2025_went_into_bac_ninh():
    [bac_ninh] = gz.lookup("Bắc Ninh", level="tinh", era="pre2025")
    [bac_giang] = gz.lookup("Bắc Giang", level="tinh", era="pre2025")
    assert (bac_ninh.code, bac_giang.code) == ("27", "24")
    assert [u.code for u in gz.successors(bac_ninh)] == ["24"]
    assert [u.code for u in gz.successors(bac_giang)] == ["24"]


def test_phuong_vo_cuong():
    [unit] = gz.lookup("Võ Cường", level="phuong", province="Bắc Ninh", era="2025")
    assert unit.code == "09190"
    assert unit.province == "Bắc Ninh"
    before = {u.name for u in gz.predecessors(unit)}
    assert {"Võ Cường", "Đại Phúc", "Phong Khê"} <= before


def test_xa_lang_giang():
    [unit] = gz.lookup("Lạng Giang", level="xa", province="Bắc Ninh", era="2025")
    assert unit.code == "07375"
    # Before 2025 Lạng Giang was a district of Bắc Giang (code 217).
    [district] = gz.lookup("Lạng Giang", level="huyen", era="pre2025")
    assert (district.code, district.province) == ("217", "Bắc Giang")


def test_pre2025_commune_carries_district_and_successor():
    [vo_cuong] = gz.lookup("Võ Cường", era="pre2025")
    assert (vo_cuong.code, vo_cuong.district, vo_cuong.district_code) == ("09190", "Bắc Ninh", "256")
    assert vo_cuong.level == "phuong" and vo_cuong.province == "Bắc Ninh"
    assert [u.code for u in gz.successors(vo_cuong)] == ["09190"]


def test_island_district_became_special_zone():
    [con_dao] = gz.lookup("Côn Đảo", level="huyen", era="pre2025")
    [zone] = gz.successors(con_dao)
    assert (zone.level, zone.name, zone.province) == ("dac_khu", "Côn Đảo", "Hồ Chí Minh")
    assert con_dao in gz.predecessors(zone)


# ---------------------------------------------------------------- counts
def test_province_counts():
    assert len(gz.provinces("2025")) == 34
    assert len(gz.provinces("pre2025")) == 63
    assert Counter(u.level for u in gz.provinces("2025")) == {"tinh": 28, "thanh_pho": 6}
    assert Counter(u.level for u in gz.provinces("pre2025")) == {"tinh": 57, "thanh_pho": 6}


def test_commune_counts_2025():
    found = communes("2025")
    assert 3300 <= len(found) <= 3330
    assert len(found) == 3321
    assert Counter(u.level for u in found) == {"xa": 2621, "phuong": 687, "dac_khu": 13}


def test_counts_pre2025():
    found = communes("pre2025")
    assert len(found) == 10035
    assert Counter(u.level for u in found) == {"xa": 7692, "phuong": 1726, "thi_tran": 617}
    districts = [u for u in gz.units("pre2025") if u.tier == "district"]
    assert len(districts) == 696


def test_meta_matches_data_and_names_sources():
    meta = json.loads(rules_path("admin_units.meta.json").read_text(encoding="utf-8"))
    assert {s["package"] for s in meta["sources"]} == set(SOURCES)
    assert all(s["version"] and "GPL" not in s["license"].upper() for s in meta["sources"])
    assert sum(meta["counts"]["2025"].values()) == len(gz.units("2025"))
    assert sum(meta["counts"]["pre2025"].values()) == len(gz.units("pre2025"))


# ---------------------------------------------------------------- data hygiene
def test_names_are_clean():
    level_words = tuple(w + " " for w in gz.LEVEL_WORDS)
    for u in gz.units():
        assert u.name == unicodedata.normalize("NFC", u.name) == u.name.strip()
        # The one real name that starts with a level word: "Phường Phường Đúc" (Huế).
        assert not u.name.lower().startswith(level_words) or u.name == "Phường Đúc", u
        assert u.level in gz.LEVELS
        assert len(u.code) in (2, 3, 5) and u.code.isdigit()


def test_every_unit_is_linked_across_eras():
    for u in gz.units("pre2025"):
        if u.tier != "district":
            assert u.new_codes and all(gz.by_code(c) for c in u.new_codes), u
    for u in gz.units("2025"):
        assert gz.predecessors(u), u


def test_file_is_small_sorted_and_compact():
    path = rules_path("admin_units.jsonl")
    assert path.stat().st_size < 3_000_000
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    keys = [(r["era"], len(r["code"]), r["code"]) for r in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert all(line == json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
               for line, r in zip(lines, rows))


# ---------------------------------------------------------------- folding
@pytest.mark.parametrize("a, b", [
    ("Hoà", "Hòa"), ("Thuỷ", "Thủy"), ("Uỷ", "Ủy"), ("Khoẻ", "Khỏe"),
    ("Thanh Hoá", "Thanh Hóa"), ("\u00d0à Nẵng", "Đà Nẵng"), ("ĐÀ  NẴNG", "đà nẵng"),
    ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"),
    (unicodedata.normalize("NFD", "Võ Cường"), "Võ Cường"),
])
def test_fold_equal(a, b):
    assert gz.fold(a) == gz.fold(b)


@pytest.mark.parametrize("a, b", [
    ("Hòa", "Hoa"), ("Hoàng", "Hoang"), ("Đà", "Da"), ("Cẩm Giang", "Cẩm Giàng"),
])
def test_fold_keeps_diacritics(a, b):
    assert gz.fold(a) != gz.fold(b)


def test_fold_is_idempotent_and_keeps_proper_placement():
    for u in gz.units("2025"):
        assert gz.fold(gz.fold(u.name)) == gz.fold(u.name)
    assert gz.fold("Hoàng Quốc Việt") == "hoàng quốc việt"


def test_fold_accepts_keys_of_the_text_normaliser():
    normalize = pytest.importorskip("extractor.normalize")
    if not hasattr(normalize, "fold"):
        pytest.skip("extractor.normalize has no fold() yet")
    for u in gz.units("2025"):
        assert gz.fold(normalize.fold(u.name)) == gz.fold(u.name), u


def test_lookup_ignores_tone_placement():
    [old_style] = gz.lookup("Khánh Hoà", level="tinh", era="2025")
    assert gz.lookup("Khánh Hòa", level="tinh", era="2025") == [old_style]


# ---------------------------------------------------------------- lookups
def test_ambiguous_name_gives_several_candidates():
    found = gz.lookup("Tân Thành", era="2025")
    assert len({u.province for u in found}) >= 3
    narrowed = gz.lookup("Tân Thành", era="2025", province=found[0].province)
    assert narrowed and len(narrowed) < len(found)


def test_lookup_by_district_before_2025():
    # Two Kỳ Anh districts (huyện and thị xã) in Hà Tĩnh: district_code tells them apart.
    assert len(gz.lookup("Kỳ Anh", era="pre2025", level=["huyen", "thi_xa"])) == 2
    found = gz.lookup("Vôi", era="pre2025", district="Lạng Giang")
    assert [(u.level, u.code) for u in found] == [("thi_tran", "07375")]


@pytest.mark.parametrize("alias", ["TP.HCM", "TPHCM", "TP HCM", "TP. Hồ Chí Minh", "TP Hồ Chí Minh",
                                   "Thành phố Hồ Chí Minh", "Hồ Chí Minh", "Sài Gòn", "tp.hcm"])
def test_hcm_aliases(alias):
    assert gz.is_province_name(alias)
    assert [u.code for u in gz.find_provinces(alias, era="2025")] == ["79"]


def test_other_province_names():
    assert [u.code for u in gz.find_provinces("Huế", era="2025")] == ["46"]
    assert [u.code for u in gz.find_provinces("Thừa Thiên - Huế", era="2025")] == ["46"]
    assert gz.is_province_name("Hà Nội") and gz.is_province_name("thành phố Hà Nội")
    assert gz.is_province_name("Bà Rịa - Vũng Tàu") and not gz.is_province_name("BR-VT", era="2025")
    assert gz.is_province_name("Bắc Giang", era="pre2025")
    assert not gz.is_province_name("Bắc Giang", era="2025")
    # "TP Bắc Ninh" was the district-level city, not the province.
    for not_province in ("TP Bắc Ninh", "tỉnh Hà Nội", "Bắc", "", "Võ Cường"):
        assert not gz.is_province_name(not_province), not_province


def test_province_filter_accepts_alias_and_code():
    [ward] = gz.lookup("Sài Gòn", level="phuong", province="TP.HCM")
    assert ward.code == "26740"
    by_name = gz.lookup("Võ Cường", province="Bắc Ninh", era="2025")
    assert gz.lookup("Võ Cường", province="24", era="2025") == by_name
    assert gz.lookup("Võ Cường", province="Không Có") == []


def test_level_words():
    assert gz.level_of("Phường") == "phuong" and gz.level_of("TP.") == "thanh_pho"
    assert gz.level_of("đặc khu") == "dac_khu" and gz.level_of("ấp") is None


def test_bad_arguments_raise():
    with pytest.raises(ValueError):
        gz.lookup("Võ Cường", era="2024")
    with pytest.raises(ValueError):
        gz.lookup("Võ Cường", level="ward")


def test_lookup_is_fast():
    gz.lookup("Võ Cường")  # load outside the timing
    names = [u.name for u in gz.units("2025")][:1000]
    start = time.perf_counter()
    for name in names:
        gz.lookup(name, era="2025")
    # ~10 us each here; the bound only catches a lost index (a scan is ~1000x slower).
    assert time.perf_counter() - start < 1.0


# ---------------------------------------------------------------- build
def test_runtime_needs_only_the_generated_files():
    code = ("import sys; sys.modules['vietnamadminunits'] = None; sys.modules['underthesea'] = None\n"
            "from extractor import gazetteer as gz\n"
            "assert gz.lookup('Võ Cường', era='2025')[0].code == '09190'")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_build_reproduces_committed_files(tmp_path):
    missing = [name for name in SOURCES if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"source package(s) not installed (build-time only): {', '.join(missing)}")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--out-dir", str(tmp_path)],
                   check=True, capture_output=True)
    for name in ("admin_units.jsonl", "admin_units.meta.json"):
        fresh, committed = (tmp_path / name).read_bytes(), rules_path(name).read_bytes()
        assert fresh == committed, f"rules/{name} is stale: re-run scripts/build_gazetteer.py"

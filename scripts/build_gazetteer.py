#!/usr/bin/env python
"""Build rules/admin_units.jsonl and rules/admin_units.meta.json.

The gazetteer is generated, never hand-typed, from the official lists that two
installed packages ship (build-time / dev dependencies only; the runtime reads
the generated files):

* vietnamadminunits (MIT): ``data/dataset.db``, a SQLite file with both
  eras and the official codes (tables ``admin_units`` = 34 provinces after
  2025-07-01, ``admin_units_legacy`` = 63 provinces before).
* underthesea (Apache-2.0): ``address/data/mapping.json``, the old -> new
  commune mapping that underthesea derived from vietnamadminunits.  Its rows
  are joined to the SQLite rows through the vietnamadminunits keys, not through
  its display names: those are wrong for ~40 rows whose accent-stripped keys
  collide (e.g. "Cẩm Giang" / "Cẩm Giàng" in Hải Phòng).

Output is sorted and contains no timestamp, so re-running reproduces the
files byte for byte.  Usage::

    python scripts/build_gazetteer.py [--out-dir DIR]
"""
from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import sqlite3
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNITS_FILE = "admin_units.jsonl"
META_FILE = "admin_units.meta.json"

# Level word as written before the name -> compact level id.  Order matters
# only for readability: no prefix here is a prefix of another.
LEVEL_WORDS = {
    "tỉnh": "tinh",
    "thành phố": "thanh_pho",
    "quận": "quan",
    "huyện": "huyen",
    "thị xã": "thi_xa",
    "thị trấn": "thi_tran",
    "phường": "phuong",
    "xã": "xa",
    "đặc khu": "dac_khu",
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def split_level(full_name: str) -> tuple[str, str]:
    """'Phường Võ Cường' -> ('phuong', 'Võ Cường').

    The level is read from the full name rather than from the type column,
    because a few type cells disagree with the name (see meta "anomalies") and
    the name is what the press writes.  Case-insensitive: the source has
    'Thành Phố Bắc Kạn', 'Thị Trấn Ái Tử'.
    """
    full = nfc(full_name)
    low = full.lower()
    for word, level in LEVEL_WORDS.items():
        if low.startswith(word + " "):
            return level, full[len(word) + 1:].strip()
    raise ValueError(f"no level word in {full_name!r}")


def package_dir(name: str) -> Path:
    # find_spec on a top-level name locates the package without importing it.
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"build_gazetteer: package {name!r} is not installed")
    return Path(list(spec.submodule_search_locations)[0])


def source_info(name: str, files: list[str]) -> dict:
    meta = importlib.metadata.metadata(name)
    lic = meta.get("License-Expression") or ""
    if not lic:
        lic = next((c.rsplit("::", 1)[1].strip() for c in meta.get_all("Classifier") or []
                    if c.startswith("License ::")), "unknown")
    if "GPL" in lic.upper():
        raise SystemExit(f"build_gazetteer: {name} is {lic}; no GPL source allowed")
    return {"files": files, "license": lic, "package": name, "version": meta["Version"]}


def read_table(db: Path, sql: str) -> list[dict]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql)]


def compact(obj: dict) -> dict:
    """Drop empty fields so the shipped file stays small."""
    return {k: v for k, v in obj.items() if v not in (None, "", [])}


def check_type(era: str, code: str, full: str, type_cell: str | None, notes: list[str]) -> None:
    level, _ = split_level(full)
    if type_cell and LEVEL_WORDS.get(nfc(type_cell).lower()) != level:
        notes.append(f"{era} {code} {full!r}: type column says {type_cell!r}; level taken from the name")


def province_rows(rows: list[dict], era: str, new_codes: dict[str, list[str]]) -> list[dict]:
    seen: dict[str, dict] = {}
    for r in rows:
        code = r["provinceCode"]
        if code in seen:
            continue
        level, name = split_level(r["province"])
        seen[code] = compact({"code": code, "era": era, "level": level, "name": name,
                              "province": name, "province_code": code,
                              "new_codes": new_codes.get(code)})
    return list(seen.values())


def rows_2025(db: Path, notes: list[str]) -> list[dict]:
    rows = read_table(db, "SELECT province, provinceCode, ward, wardType, wardCode FROM admin_units")
    out = province_rows(rows, "2025", {})
    for r in rows:
        check_type("2025", r["wardCode"], r["ward"], r["wardType"], notes)
        level, name = split_level(r["ward"])
        out.append({"code": r["wardCode"], "era": "2025", "level": level, "name": name,
                    "province": split_level(r["province"])[1], "province_code": r["provinceCode"]})
    return out


def load_mapping(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def successor_codes(mapping: dict, db: Path) -> dict[tuple, list[str]]:
    """(old province key, old district key, old ward key) -> new commune codes.

    For a divided commune the source's default successor comes first, the
    others follow in code order.  Island districts without communes map with
    an empty ward key.
    """
    new_code = {(r["provinceKey"], r["wardKey"]): r["wardCode"]
                for r in read_table(db, "SELECT provinceKey, wardKey, wardCode FROM admin_units")}
    targets: dict[tuple, set[str]] = defaultdict(set)
    default: dict[tuple, str] = {}
    for m in mapping["ward_mapping"]:
        old = (m["old_province_key"], m["old_district_key"], m["old_ward_key"] or "")
        code = new_code[(m["new_province_key"], m["new_ward_key"])]
        targets[old].add(code)
        if m.get("is_default"):
            default[old] = code
    return {old: sorted(codes, key=lambda c: (c != default.get(old), c))
            for old, codes in targets.items()}


def rows_pre2025(db: Path, mapping: dict, notes: list[str]) -> list[dict]:
    legacy = read_table(db, "SELECT * FROM admin_units_legacy")
    succ = successor_codes(mapping, db)
    new_prov_code = {k: v["code"] for k, v in mapping["province_names"].items()}
    prov_succ = {r["provinceCode"]: [new_prov_code[mapping["province_mapping"][r["provinceKey"]]]]
                 for r in legacy}
    out = province_rows(legacy, "pre2025", prov_succ)
    districts: dict[str, dict] = {}
    for r in legacy:
        province = split_level(r["province"])[1]
        check_type("pre2025", r["districtCode"], r["district"], r["districtType"], notes)
        d_level, d_name = split_level(r["district"])
        districts.setdefault(r["districtCode"], compact({
            "code": r["districtCode"], "era": "pre2025", "level": d_level, "name": d_name,
            "province": province, "province_code": r["provinceCode"],
            "new_codes": succ.get((r["provinceKey"], r["districtKey"], ""))}))
        if not r["ward"]:  # island districts (Côn Đảo, Lý Sơn...) list no commune
            continue
        check_type("pre2025", r["wardCode"], r["ward"], r["wardType"], notes)
        level, name = split_level(r["ward"])
        out.append(compact({
            "code": r["wardCode"], "district": d_name, "district_code": r["districtCode"],
            "era": "pre2025", "level": level, "name": name, "province": province,
            "province_code": r["provinceCode"],
            "new_codes": succ.get((r["provinceKey"], r["districtKey"], r["wardKey"]))}))
    return out + list(districts.values())


def check_provinces(db: Path, mapping: dict) -> None:
    """Both packages must agree on province names and codes, else stop."""
    for table, key in (("admin_units", "province_names"), ("admin_units_legacy", "old_province_names")):
        ours = {(r["province"], r["provinceCode"])
                for r in read_table(db, f"SELECT DISTINCT province, provinceCode FROM {table}")}
        theirs = {(v["name"], v["code"]) for v in mapping[key].values()}
        if ours != theirs:
            raise SystemExit(f"build_gazetteer: province lists differ ({table}): {ours ^ theirs}")


def build_rows(db: Path, mapping: dict) -> tuple[list[dict], list[str]]:
    check_provinces(db, mapping)
    notes: list[str] = []
    rows = rows_2025(db, notes) + rows_pre2025(db, mapping, notes)
    keys = Counter((r["era"], r["code"]) for r in rows)
    dups = [k for k, n in keys.items() if n > 1]
    if dups:
        raise SystemExit(f"build_gazetteer: duplicate codes {dups[:5]}")
    rows.sort(key=lambda r: (r["era"], len(r["code"]), r["code"]))
    unmapped = sum(1 for r in rows if r["era"] == "pre2025" and len(r["code"]) == 5
                   and not r.get("new_codes"))
    if unmapped:
        notes.append(f"pre2025: {unmapped} communes have no successor in the mapping")
    return rows, sorted(notes)


def counts(rows: list[dict]) -> dict:
    out: dict[str, dict[str, int]] = defaultdict(dict)
    tier = {2: "province", 3: "district", 5: "commune"}
    for (era, t, level), n in sorted(Counter(
            (r["era"], tier[len(r["code"])], r["level"]) for r in rows).items()):
        out[era][f"{t}:{level}"] = n
    return dict(out)


def meta_for(rows: list[dict], notes: list[str], mapping: dict) -> dict:
    src_meta = mapping.get("metadata", {})
    return {
        "description": "Vietnamese administrative units, before and after the 2025-07-01 "
                       "reorganisation; one JSON object per line in " + UNITS_FILE,
        "effective_date_2025": src_meta.get("effective_date", "2025-07-01"),
        "fields": {
            "code": "official code: 2 digits province, 3 district, 5 commune",
            "era": "'2025' (34 provinces, 2 levels) or 'pre2025' (63 provinces, 3 levels)",
            "level": "tinh, thanh_pho, quan, huyen, thi_xa, thi_tran, phuong, xa, dac_khu "
                     "(thanh_pho is both a province and a district level: see code length)",
            "name": "NFC name without the level word ('Phường 1' -> '1')",
            "province": "province name without the level word",
            "province_code": "code of the province in the same era",
            "district": "pre2025 communes: district name without the level word",
            "district_code": "pre2025 communes: district code",
            "new_codes": "pre2025 only: codes of the successor units in era 2025; for a "
                         "divided commune the source's default successor comes first",
        },
        "counts": counts(rows),
        "anomalies": notes,
        "sources": [
            source_info("vietnamadminunits", ["vietnamadminunits/data/dataset.db"]),
            {**source_info("underthesea", ["underthesea/address/data/mapping.json"]),
             "derived_from": f"{src_meta.get('source', '?')} {src_meta.get('version', '?')}"},
        ],
        "generator": "scripts/build_gazetteer.py",
    }


def write(out_dir: Path, rows: list[dict], meta: dict) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / UNITS_FILE).open("w", encoding="utf-8", newline="\n") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
    with (out_dir / META_FILE).open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=1) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out-dir", type=Path, default=ROOT / "rules")
    args = parser.parse_args(argv)
    db = package_dir("vietnamadminunits") / "data" / "dataset.db"
    mapping = load_mapping(package_dir("underthesea") / "address" / "data" / "mapping.json")
    rows, notes = build_rows(db, mapping)
    write(args.out_dir, rows, meta_for(rows, notes, mapping))
    print(f"wrote {len(rows)} units to {args.out_dir / UNITS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

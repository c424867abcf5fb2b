"""Linking an admin mention to one unit of the official lists, and its era.

The candidates are the units of the name's level in both lists. They are narrowed by the
units named in the same sentence ("xã Ứng Thiên, Hà Nội", "(huyện Gio Linh)"), by the
province of the certain units listed with it ("các huyện Vân Canh, Vĩnh Thạnh"), then by the
provinces the article names, then by the article's date (the 2025 list from 2025-07-01 on,
the pre-2025 list before; the 2025 list when the date is unknown). Each step applies only
if it leaves a candidate, so a unit that exists in one list only (Bình Định, a huyện) is
found whatever the date. A name that stays ambiguous is not guessed: no unit, code null.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from extractor.gazetteer import AdminUnit

REFORM_DATE = dt.date(2025, 7, 1)


def date_era(published: dt.date | None) -> str:
    if published is None or published >= REFORM_DATE:
        return "2025"
    return "pre2025"


def link(candidates: Iterable[AdminUnit], *, sentence: Iterable[AdminUnit], siblings: Iterable[AdminUnit] = (),
         article: Iterable[AdminUnit], era: str) -> AdminUnit | None:
    """The one unit the mention refers to, or None when it stays ambiguous. `sentence`: the
    candidates of the other units named in the sentence; `siblings`: those of them that are
    certain ("các huyện Vân Canh, Vĩnh Thạnh": Vĩnh Thạnh is in Vân Canh's province)."""
    units = _distinct(candidates)
    if len(units) > 1:
        units = _narrow(units, lambda u: _inside(u, sentence))
    if len(units) > 1:
        units = _narrow(units, lambda u: any(s.era == u.era and s.tier == u.tier and s.province_code == u.province_code
                                             for s in siblings))
    if len(units) > 1:
        units = _narrow(units, lambda u: _inside(u, article))
    if len(units) > 1:
        units = _narrow(units, lambda u: u.era == era)
    return units[0] if len(units) == 1 else None


def _distinct(units: Iterable[AdminUnit]) -> list[AdminUnit]:
    return list(dict.fromkeys(units))


def _narrow(units: list[AdminUnit], keep) -> list[AdminUnit]:
    kept = [u for u in units if keep(u)]
    return kept or units


def _inside(unit: AdminUnit, context: Iterable[AdminUnit]) -> bool:
    """True when a context unit contains `unit` (its province, or its pre-2025 district)."""
    for other in context:
        if other is unit or other.era != unit.era or len(other.code) >= len(unit.code):
            continue
        if other.code == unit.province_code or (unit.district_code and other.code == unit.district_code):
            return True
    return False

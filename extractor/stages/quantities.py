"""Stage `quantities`: every figure with its value, what it counts, and how sure the text is.

Figures are found on the folded text: digit runs ("9.301", "197/197", "10-15"), number words
("hai", "mười lăm") and vague amounts ("hàng chục"). Each is then read left to right:
scale words ("triệu", "tỷ") multiply into the value, a unit from rules/quantities.yaml or the
counted noun (an underthesea word) says what it is, and the words before it give the
qualifier ("hơn" -> more_than).

Not quantities (defence in depth: the same holds when legal_refs and dates found nothing):
numbers inside earlier stages' hits or inside a guard match (document numbers, dates, times,
phone numbers, sizes), numbers right after a naming word ("Điều 5", "năm 2025", "lần thứ 8",
"TDP 76"), numbers glued to letters ("72A", "10h30"), and bare years used as counts.
"""
from __future__ import annotations

from decimal import Decimal

from spacy.tokens import Doc

from ..hits import add_hit, covered, hits, text_of
from ..models import Quantity, Span
from .quantities_numbers import (DIGIT_RUN, DIMENSIONS, NUMBER, PART_OF, Figure, digit_figure,
                                 dimensions_figure, number_value, read_scales, spaced_range, vague_figure,
                                 word_figure)
from .quantities_rules import QuantityRules, quantity_rules
from .quantities_units import TextView, UnitRead, read_counted_noun, read_subject, read_unit

NAME = "quantities"
EARLIER_STAGES = ("legal_refs", "dates")
_WINDOW = 40  # characters looked at before a figure for its qualifier or naming word
_KIND = {"percent": "percent", "money": "money", "measure": "measure", "duration": "measure",
         "count": "count", "ratio": "ratio"}
_SINGLE_RULE = {"percent": "percent", "money": "money", "measure": "measure",
                "duration": "measure_duration", "count": "count", "ratio": "ratio_per_population"}
_RANGE_RULE = {"percent": "percent_range", "money": "money_range", "measure": "measure_range",
               "duration": "measure_range", "count": "count_range", "ratio": "ratio_per_population"}
_RULES_USED = {*_SINGLE_RULE.values(), *_RANGE_RULE.values(), "count_fraction", "count_words",
               "count_vague", "ratio_scale", "measure_dimensions"}


class _Reader:
    """One pass over one document; remembers where the last record ended."""

    def __init__(self, doc: Doc, rules: QuantityRules):
        self.doc = doc
        self.rules = rules
        self.view = TextView(doc, rules)
        self.key = self.view.key
        self.blocked = _guard_mask(self.view, rules)
        self.cursor = 0
        self.last_ratio_end: int | None = None

    def run(self) -> None:
        for start, form, match in _candidates(self.view, self.rules):
            if start < self.cursor or not self._free(match.start(), match.end()):
                continue
            figure = self._figure(form, match)
            if figure is None:
                continue
            for fields in self._read(figure, form):
                self._add(fields, match.start(), match.end())

    def _add(self, fields: dict, numerals_start: int, numerals_end: int) -> None:
        start, end, rule = fields.pop("_start"), fields.pop("_end"), fields.pop("_rule")
        core_end = fields.pop("_core_end", end)
        start, end = self._clear_of_earlier(start, end, numerals_start, numerals_end)
        if end < core_end:
            return  # the unit itself is part of a date or a legal reference
        if subject := fields.pop("_subject", None):  # a count's subject runs from its noun on
            subject_end = self._trimmed_end(subject[0], min(subject[1], end))
            fields["subject"] = self.view.text[subject[0]:subject_end] if subject_end > core_end else None
        if add_hit(self.doc, NAME, start, end, rule, **fields):
            self.cursor = end
            self.last_ratio_end = end if rule == "ratio_scale" else None

    def _clear_of_earlier(self, start: int, end: int, numerals_start: int, numerals_end: int) -> tuple[int, int]:
        """Cut a qualifier or a subject that runs into a date or a legal reference: no record
        may overlap another stage's record ("5 hộ dân ngày 15/8" keeps "5 hộ dân")."""
        for stage in EARLIER_STAGES:
            for hit in hits(self.doc, stage):
                if hit.overlaps(start, end):
                    if hit.start >= numerals_end:
                        end = min(end, hit.start)
                    elif hit.end <= numerals_start:
                        start = max(start, hit.end)
        while start < end and self.view.text[start] in " \t":
            start += 1
        return start, self._trimmed_end(start, end)

    def _trimmed_end(self, start: int, end: int) -> int:
        while end > start and self.view.text[end - 1] in " \t,;:(":
            end -= 1
        return end

    def _free(self, start: int, end: int) -> bool:
        """The numerals are not inside a date, a legal reference or a guard match."""
        if self.blocked.find(1, start, end) != -1:
            return False
        if covered(self.doc, EARLIER_STAGES, start, end):
            return False
        window = self.key[max(0, start - _WINDOW):start]
        return bool(self.rules.names_exceptions.search(window)) or not self.rules.names_before.search(window)

    def _figure(self, form: str, match) -> Figure | None:
        if form == "vague":
            return vague_figure(self.rules, match)
        if form == "words":
            return self._word_figure(match)
        after = self.key[match.end():match.end() + 2]
        if after[:1] in ("/", "-") and after[1:].isalpha():
            return None  # "2148/QĐ-TTg", "15-CT/TW": a document code
        if sides := dimensions_figure(self.key, match.start()):
            return sides
        if after[:1].isalpha() and not self.rules.units.match(self.key, match.end()):
            return None  # "72A", "10h30", "U23x": glued to letters that are no unit
        return digit_figure(self.rules, self.key, match.start(), match.group())

    def _word_figure(self, match) -> Figure | None:
        text, view = self.view.text, self.view
        if text[match.start()].isupper() and not view.sentence_starts_at(match.start()):
            return None  # "Hai Bà Trưng", "Ba Đình": names
        figure = word_figure(self.rules, self.key, match.start(), match.group())
        if figure is None:
            return None
        first, last = view.token_at(figure.start), view.token_at(figure.end - 1)
        if first is None or last is None or first[0] < figure.start:
            return None  # inside a longer word
        last_word = self.key[figure.start:figure.end].split()[-1]
        if last[1] > figure.end and last_word not in self.rules.word_multipliers:
            return None  # "ba lô" is a backpack
        return figure

    def _read(self, figure: Figure, form: str) -> list[dict]:
        if figure.form == "dimensions":
            return self._dimensions(figure)
        if figure.form == "fraction":
            fields = self._fraction(figure)
        else:  # "10 - 15%" is read as a range first, "10" alone if no unit follows the range
            wider = spaced_range(self.rules, self.key, figure) if figure.form == "number" else None
            fields = (wider and self._measured(wider, form)) or self._measured(figure, form)
        return [fields] if fields else []

    def _dimensions(self, figure: Figure) -> list[dict]:
        """ "2.400x65 m": each side is a measure in the unit written after the last one."""
        unit = read_unit(self.view, figure.end)
        if unit is None or unit.category != "measure":
            return []
        sides = DIMENSIONS.match(self.key, figure.start)
        out = []
        for i, (start, end) in enumerate(sides.spans("side")):
            last = i == len(sides.spans("side")) - 1
            out.append(_fields(start, unit.end if last else end, "measure_dimensions",
                               value=number_value(self.key[start:end]), kind="measure", unit=unit.text,
                               qualifier="exact"))
        return out

    def _fraction(self, figure: Figure) -> dict | None:
        window = self.key[max(0, figure.start - _WINDOW):figure.start]
        prefix = self.rules.ratio_before.search(window)
        listed = self.last_ratio_end is not None and _only_links(self.key[self.last_ratio_end:figure.start])
        if prefix or listed:
            start = figure.start - (len(window) - prefix.start()) if prefix else figure.start
            return _fields(start, figure.end, "ratio_scale", value=figure.value, of=figure.of,
                           kind="ratio", unit=None, qualifier="exact")
        if figure.value > figure.of:
            return None  # "15/8" is a date
        unit = read_unit(self.view, figure.end) or read_counted_noun(self.view, figure.end)
        if unit is None:
            return None
        end = read_subject(self.view, unit) if unit.category == "count" else unit.end
        return self._with_qualifier(figure.start, end, "count_fraction", unit, figure, value=figure.value,
                                    of=figure.of)

    def _measured(self, figure: Figure, form: str) -> dict | None:
        unit = read_unit(self.view, figure.end) or read_counted_noun(self.view, figure.end)
        if unit is None or (unit.category == "count" and figure.year_like):
            return None
        end, of = unit.end, None
        if unit.category == "count":
            end = read_subject(self.view, unit)
        elif figure.form == "number" and (spread := self._unit_range(figure, unit)):
            figure, end = spread
        elif figure.form == "number" and (whole := self._same_unit_whole(unit)):
            end, of = whole
        if figure.form == "range":
            rule, start = _RANGE_RULE[unit.category], self._range_start(figure.start)
        else:
            rule, start = _SINGLE_RULE[unit.category], figure.start
            if unit.category == "count" and form in ("words", "vague"):
                rule = "count_words" if form == "words" else "count_vague"
        fields = self._with_qualifier(start, end, rule, unit, figure, value=figure.value,
                                      low=figure.low, high=figure.high, of=of)
        if unit.category == "percent":  # "100% cán bộ": the share is of the phrase after it
            subject_end = read_subject(self.view, _share_of(self.view, unit))
            if subject_end > unit.end + 1:
                fields["subject"] = self.view.text[unit.end + 1:subject_end]
        return fields

    def _unit_range(self, figure: Figure, unit: UnitRead) -> tuple[Figure, int] | None:
        """ "từ 0,5% đến 1%", "5 ha - 7 ha": a range with the unit written on both ends."""
        link = self.rules.range_link.match(self.key, unit.end)
        second = link and DIGIT_RUN.match(self.key, link.end())
        if not second or not NUMBER.fullmatch(second.group()):
            return None
        scale, scaled_end = read_scales(self.rules, self.key, second.end())
        again = read_unit(self.view, scaled_end)
        high = number_value(second.group()) * scale
        if again is None or again.text != unit.text or high <= figure.value:
            return None
        return Figure(figure.start, again.end, "range", low=figure.value, high=high), again.end

    def _same_unit_whole(self, unit: UnitRead) -> tuple[int, Decimal] | None:
        """ "136 ha/265,372 ha": the part is the value, the whole goes to `of`."""
        m = PART_OF.match(self.key, unit.end)
        if not m:
            return None
        second = read_unit(self.view, m.end())
        if second is None or second.text != unit.text:
            return None
        return second.end, number_value(m["whole"])

    def _range_start(self, start: int) -> int:
        window = self.key[max(0, start - _WINDOW):start]
        opener = self.rules.range_opener.search(window)
        return start - (len(window) - opener.start()) if opener else start

    def _with_qualifier(self, start: int, end: int, rule: str, unit: UnitRead, figure: Figure,
                        **numbers) -> dict:
        window = self.key[max(self.cursor, start - _WINDOW):start]
        qualifier = "about" if figure.form == "vague" else "exact"
        if m := self.rules.qualifier_before.search(window):
            qualifier = self.rules.qualifier_of[" ".join(m.group().split())]
            start -= len(window) - m.start()
        counted_to = end
        if m := self.rules.qualifier_after.match(self.key, end):
            qualifier = self.rules.qualifier_of[" ".join(m.group().split())]
            end = m.end()
        fields = _fields(start, end, rule, kind=_KIND[unit.category], unit=unit.text,
                         qualifier=qualifier, subject=None, **numbers)
        fields["_core_end"] = unit.end
        if unit.category == "count" and counted_to > unit.end:
            fields["_subject"] = (unit.start, counted_to)
        return fields


def _share_of(view: TextView, unit: UnitRead) -> UnitRead:
    """A zero-width 'unit' right after a percent sign, so the subject reader can start there."""
    return UnitRead(unit.text, "percent", unit.end, unit.end)


def _only_links(between: str) -> bool:
    return between.strip(" \t,;") in ("", "và", "hoặc")


def _fields(start: int, end: int, rule: str, **fields) -> dict:
    numbers = {k: (float(v) if isinstance(v, Decimal) else v) for k, v in fields.items()}
    return {"_start": start, "_end": end, "_rule": rule, **numbers}


def _guard_mask(view: TextView, rules: QuantityRules) -> bytearray:
    """1 for every character inside a guard match (a date, a document number, a time...)."""
    mask = bytearray(len(view.text))
    for folded, pattern in rules.guards:
        for m in pattern.finditer(view.key if folded else view.text):
            mask[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def _candidates(view: TextView, rules: QuantityRules) -> list:
    found = [(m.start(), "digits", m) for m in DIGIT_RUN.finditer(view.key)]
    found += [(m.start(), "words", m) for m in rules.word_run.finditer(view.key)]
    found += [(m.start(), "vague", m) for m in rules.vague.finditer(view.key)]
    found.sort(key=lambda item: item[0])
    return found


def component(doc: Doc) -> Doc:
    rules = quantity_rules()
    missing = _RULES_USED - rules.rule_ids
    assert not missing, f"rules/quantities.yaml does not declare {sorted(missing)}"
    _Reader(doc, rules).run()
    return doc


def to_records(doc: Doc) -> list[Quantity]:
    text = text_of(doc)
    return [Quantity(span=Span.at(text, h.start, h.end), **h.fields) for h in hits(doc, NAME)]

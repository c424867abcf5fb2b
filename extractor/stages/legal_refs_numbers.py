"""Document numbers: what "132/2025/NĐ-CP" says (type code, issuers, canonical form).

A number is "<số>/<năm>/<loại>-<cơ quan>" (state), "<số>-<loại>/<cơ quan>" (Party) or
"<số>/<cơ quan>-<đơn vị>" (a công văn, which has no type code). Only the first segment decides
which shape it is; issuers are looked up in rules/issuers.yaml.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .legal_refs_data import TypeWord, issuer_name, proper_d, rules

_SEGMENT_SPLIT = regex.compile(r"[-/]")
_UPPER = regex.compile(r"\p{Lu}")
_HIT_FIELDS = ("doc_type", "doc_type_text", "number", "year", "issuer_code", "issuers", "canonical", "title", "key")


@dataclass
class Mention:
    """One place a document is referred to, with what that place says about it."""

    start: int
    end: int
    rule: str
    doc_type: str
    doc_type_text: str
    number: str | None = None
    year: int | None = None
    issuer_code: str | None = None
    issuers: list[str] = field(default_factory=list)
    canonical: str | None = None
    title: str | None = None
    key: str = ""
    written: TypeWord | None = None   # the type word that governs it, for list continuations
    description: str = ""             # folded words that describe it ("thu hồi đất"), if any

    def fields(self) -> dict:
        """What the hit keeps (shown by `vnie explain`): the set fields only."""
        return {n: getattr(self, n) for n in _HIT_FIELDS if getattr(self, n) not in (None, [], "")}


@dataclass(frozen=True)
class Code:
    """The code part of a document number, normalised ("NĐ-CP" with a proper "Đ", no spaces)."""

    text: str
    segments: tuple[str, ...]
    type_code: str | None       # enum value of the type segment, if the first segment is one

    @property
    def issuers(self) -> list[str]:
        # Typed codes: every body after the type ("TTLT-BCA-BQP" is joint). Untyped codes
        # (công văn "UBND-KT", laws "QH15"): the first segment issues, the rest draft.
        bodies = self.segments[1:] if self.type_code else self.segments[:1]
        names = [issuer_name(s) for s in bodies]
        return list(dict.fromkeys(n for n in names if n))

    @property
    def has_known_part(self) -> bool:
        return bool(self.type_code) or any(issuer_name(s) for s in self.segments)


def parse_code(raw: str) -> Code:
    text = proper_d(raw).replace(" ", "")
    segments = tuple(s for s in _SEGMENT_SPLIT.split(text) if s)
    return Code(text, segments, rules().type_codes.get(segments[0]) if segments else None)


def code_is_plausible(code: Code) -> bool:
    """At least two capitals ("CP", "QĐ-UB"): a single letter after a slash is a house number."""
    return len(_UPPER.findall(code.text)) >= 2


def year_ok(year: int | None) -> bool:
    r = rules()
    return year is None or r.first_year <= year <= r.last_year


def numbered(start: int, end: int, rule: str, *, number: str, year: int | None, sep: str,
             code: Code, written: TypeWord | None, type_text: str) -> Mention:
    """A mention of a numbered document."""
    canonical = f"{number}/{year}/{code.text}" if year else f"{number}{sep}{code.text}"
    return Mention(
        start, end, rule, doc_type=_doc_type(written, code), doc_type_text=type_text,
        number=number, year=year, issuer_code=code.text, issuers=code.issuers,
        canonical=canonical, key=f"num:{canonical}", written=written,
    )


def _doc_type(written: TypeWord | None, code: Code) -> str:
    """The type letters of the code are the official marking ("văn bản số 188/CV-..." is a
    công văn); without them the written word decides ("văn bản số 6521/VP-ĐC2" stays van_ban)."""
    if code.type_code:
        return code.type_code
    return written.doc_type if written is not None else "van_ban"


def bare(start: int, end: int, number: str, written: TypeWord, type_text: str) -> Mention:
    """"Nghị định 179": canonical "179" until it is resolved to a full mention."""
    return Mention(start, end, "type_bare_number", doc_type=written.doc_type,
                   doc_type_text=type_text, number=number, canonical=number,
                   key=f"bare:{written.doc_type}:{number}", written=written)


def serial(start: int, end: int, number: str, written: TypeWord, type_text: str, name: str) -> Mention:
    """A certificate or permit by its serial ("Giấy chứng nhận ... số G393762"): no issuer code."""
    number = number.replace(" ", "")
    return Mention(start, end, "serial_number", doc_type=written.doc_type, doc_type_text=type_text,
                   number=number, canonical=number, key=f"num:{number}", written=written,
                   description=name)

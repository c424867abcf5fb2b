"""The output contract (schema_version "1"): the single source of truth for `schemas/`.

Field names and meanings follow ../shared/CONTRACT.md; fields may be added, never renamed.
Spans are validated against the article text when it is passed as validation context:
`Article.model_validate(data, context={"text": text})`.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationInfo, model_validator

SCHEMA_VERSION = "1"

DocType = Literal[
    "hien_phap", "luat", "bo_luat", "phap_lenh", "lenh", "nghi_quyet", "nghi_dinh",
    "thong_tu", "thong_tu_lien_tich", "quyet_dinh", "chi_thi", "cong_van", "cong_dien",
    "ke_hoach", "thong_bao", "ket_luan", "huong_dan", "bao_cao", "to_trinh",
    "van_ban_hop_nhat", "van_ban",
]
AdminLevel = Literal[
    "tinh", "thanh_pho", "xa", "phuong", "dac_khu", "huyen", "quan", "thi_xa", "thi_tran",
    "thon", "ap", "to_dan_pho", "khu_pho",
]
OrgLevel = Literal[
    "bo", "so", "uy_ban", "trung_tam", "cuc", "phong", "van_phong", "doan", "thanh_tra",
    "hoi_dong", "cong_ty", "ngan_hang", "truong", "benh_vien", "other",
]
BoilerplateKind = Literal["related", "caption", "credit", "file_name", "other"]
QuantityKind = Literal["count", "percent", "money", "measure", "ratio"]
Qualifier = Literal["exact", "more_than", "less_than", "about", "at_least", "at_most"]
Granularity = Literal["day", "month", "year"]
RecommendationKind = Literal["recommendation", "difficulty"]
CheckKind = Literal["percent_of_total", "sum_of_parts", "share_sum_100", "ratio", "other"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Span(Record):
    start: StrictInt = Field(ge=0)
    end: StrictInt = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _points_into_text(self, info: ValidationInfo) -> "Span":
        if self.end < self.start:
            raise ValueError(f"span end {self.end} before start {self.start}")
        text = (info.context or {}).get("text") if info else None
        if text is not None and text[self.start:self.end] != self.text:
            raise ValueError(f"span {self.start}:{self.end} does not match the text: {self.text!r}")
        return self

    @classmethod
    def at(cls, text: str, start: int, end: int) -> "Span":
        return cls(start=start, end=end, text=text[start:end])


class Range(Record):
    start: StrictInt = Field(ge=0)
    end: StrictInt = Field(ge=0)


class Boilerplate(Range):
    kind: BoilerplateKind


class StageError(Record):
    stage: str
    message: str


class LegalRef(Record):
    doc_type: DocType
    doc_type_text: str
    number: str | None = None
    year: int | None = None
    issuer_code: str | None = None
    issuers: list[str] = []
    canonical: str | None = None
    title: str | None = None
    mentions: list[Span]


class Unit(Record):
    kind: Literal["admin", "org"]
    level: AdminLevel | OrgLevel
    name: str
    code: str | None = None
    era: Literal["2025", "pre2025"] | None = None
    parent: str | None = None
    mentions: list[Span]


class Quantity(Record):
    span: Span
    value: float | None = None
    low: float | None = None
    high: float | None = None
    of: float | None = None
    unit: str | None = None
    kind: QuantityKind
    qualifier: Qualifier = "exact"
    subject: str | None = None


class DateMention(Record):
    span: Span
    start: dt.date | None = None
    end: dt.date | None = None
    granularity: Granularity
    year_inferred: bool = False
    timex: str


class Recommendation(Record):
    span: Span
    kind: RecommendationKind
    trigger: str
    by: str | None = None
    to: list[str] = []
    items: list[str] = []
    # Links to the unit records the actor and addressees name: indexes into `Article.units`
    # (`to_units` runs parallel to `to`); null where the text names no known unit.
    by_unit: int | None = None
    to_units: list[int | None] = []


class FigureCheck(Record):
    kind: CheckKind
    status: Literal["ok", "mismatch"]
    quantities: list[int]
    stated: float | None = None
    expected: float | None = None
    message: str


class Article(Record):
    schema_version: Literal["1"] = SCHEMA_VERSION
    doc_id: str
    source: str | None = None
    title: str | None = None
    published: dt.date | None = None
    published_source: Literal["argument", "metadata", "text"] | None = None
    text_sha256: str
    body: Range
    boilerplate: list[Boilerplate] = []
    legal_refs: list[LegalRef] = []
    units: list[Unit] = []
    quantities: list[Quantity] = []
    dates: list[DateMention] = []
    recommendations: list[Recommendation] = []
    checks: list[FigureCheck] = []
    errors: list[StageError] = []


# Schema files written by `vnie schema`: one per top-level record, named as in the contract.
SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "article": Article,
    "legal_ref": LegalRef,
    "unit": Unit,
    "quantity": Quantity,
    "date_mention": DateMention,
    "recommendation": Recommendation,
    "figure_check": FigureCheck,
}

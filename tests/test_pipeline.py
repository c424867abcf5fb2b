import pytest

from extractor import extract, process
from extractor.models import Article
from extractor.pipeline import STAGES, nlp


def test_stages_are_named_components_in_order():
    assert tuple(nlp().pipe_names) == STAGES


def test_founding_article_is_a_valid_article(founding, founding_text):
    article, _ = founding
    assert article.title == "Tháo gỡ vướng mắc vận hành chính quyền 2 cấp tại Bắc Ninh"
    related = [b for b in article.boilerplate if b.kind == "related"]
    assert founding_text[related[0].start:].startswith("Có thể bạn quan tâm")
    Article.model_validate(article.model_dump(), context={"text": founding_text})


def test_a_failing_stage_is_recorded_and_the_others_run(monkeypatch):
    language = nlp()
    index = [name for name, _ in language.pipeline].index("dates")

    def broken(doc):
        raise RuntimeError("boom")

    name, original = language.pipeline[index]
    monkeypatch.setattr(language, "_components", list(language._components))
    language._components[index] = (name, broken)
    article = extract("Tỉnh Bắc Ninh tiếp nhận 9.301 hồ sơ từ ngày 1/7/2025.")
    assert {"stage": "dates", "message": "RuntimeError: boom"} in [e.model_dump() for e in article.errors]
    assert article.dates == []


def test_same_input_same_json():
    text = "Theo Nghị định 132/2025/NĐ-CP, xã Lạng Giang tiếp nhận 483 hồ sơ."
    assert extract(text).model_dump_json() == extract(text).model_dump_json()


def test_offsets_index_the_normalised_text():
    raw = "\ufeffTiêu đề\r\n\r\nXã\u00a0Lạng Giang tiếp nhận 483 hồ sơ."
    article, doc = process(raw)
    assert doc.text == "Tiêu đề\n\nXã Lạng Giang tiếp nhận 483 hồ sơ."
    assert article.title == "Tiêu đề"


def test_span_validation_rejects_a_span_that_is_not_in_the_text():
    from pydantic import ValidationError

    from extractor.models import Span

    with pytest.raises(ValidationError):
        Span.model_validate({"start": 0, "end": 3, "text": "abc"}, context={"text": "xyz"})

import json

import jsonschema

from extractor.resources import schemas_path
from extractor.schema import stale_schemas


def test_committed_schemas_match_the_models():
    assert stale_schemas(schemas_path()) == [], "run: vnie schema --out schemas/"


def test_founding_article_validates_against_the_schema(founding):
    article, _ = founding
    schema = json.loads(schemas_path("article.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(article.model_dump_json()), schema)


def test_schema_rejects_a_wrong_enum(founding):
    article, _ = founding
    schema = json.loads(schemas_path("article.json").read_text(encoding="utf-8"))
    data = json.loads(article.model_dump_json())
    data["boilerplate"][0]["kind"] = "advert"
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        assert "advert" in exc.message
    else:
        raise AssertionError("an unknown boilerplate kind validated")

"""The CLI on good and bad input: one clear line per problem, an error record, the batch goes on."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import FOUNDING
from extractor.cli import app
from extractor.cli.app import app as typer_app

runner = CliRunner()


def _records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def _extract(*args, input=None):
    return runner.invoke(app, ["extract", *map(str, args)], input=input)


def _assert_no_traceback(result):
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_extract_founding_article(tmp_path):
    result = _extract(FOUNDING)
    assert result.exit_code == 0
    (record,) = _records(result.stdout)
    assert record["doc_id"] == "bac-ninh-chinh-quyen-2-cap"
    assert record["title"] == "Tháo gỡ vướng mắc vận hành chính quyền 2 cấp tại Bắc Ninh"


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "empty input"),
    ("blank.txt", b"  \n\n ", "empty input"),
    ("latin1.txt", "Hà Nội".encode("utf-8") + b" \xe9t\xe9", "invalid byte 0xe9 at byte offset 10"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL byte at offset 8)"),
    ("nul.txt", "Xã Lạng Giang\x00".encode("utf-8"), "NUL byte"),
    ("bad.jsonl", b'{"id": "a", "text": 5}\n', "without a string 'text'"),
])
def test_bad_input_gives_one_line_an_error_record_and_exit_1(tmp_path, name, content, message):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Tiêu đề\n\nXã Lạng Giang tiếp nhận 483 hồ sơ.", encoding="utf-8")
    result = _extract(bad, good)
    _assert_no_traceback(result)
    assert result.exit_code == 1
    assert message in result.stderr
    records = _records(result.stdout)
    assert len(records) == 2  # the bad one as an error record, and the good one
    assert records[0]["errors"][0]["stage"] == "input" and message in records[0]["errors"][0]["message"]
    assert records[1]["errors"] == [] and records[1]["title"] == "Tiêu đề"


def test_missing_path_and_empty_directory(tmp_path):
    (tmp_path / "empty").mkdir()
    result = _extract(tmp_path / "nope.txt", tmp_path / "empty")
    _assert_no_traceback(result)
    assert result.exit_code == 1
    assert "no such file or directory" in result.stderr
    assert "no articles" in result.stderr
    assert len(_records(result.stdout)) == 2


def test_huge_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:  # sparse: 50 MB on paper, nothing on disk
        fh.truncate(50 * 1024 * 1024)
    result = _extract(huge)
    assert result.exit_code == 1
    assert "file too large: 52428800 bytes" in result.stderr


def test_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Tiêu đề\n\nXã Lạng Giang.".encode("utf-16"))
    result = _extract(path)
    assert result.exit_code == 0
    assert _records(result.stdout)[0]["title"] == "Tiêu đề"


def test_html_is_converted_and_noted_never_extracted_as_markup(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html><head><title>Tin Bắc Ninh</title><style>p{color:red}</style>"
                    "<script>var x = '9.301 hồ sơ';</script></head><body><p>Xã Lạng Giang tiếp nhận"
                    " 483 hồ sơ.</p><p>Đoạn hai.</p></body></html>", encoding="utf-8")
    result = _extract(page)
    assert result.exit_code == 0
    (record,) = _records(result.stdout)
    assert record["title"] == "Tin Bắc Ninh"
    assert "HTML" in record["errors"][0]["message"]
    assert record["body"]["end"] < 60  # the text is the paragraphs, not the markup


def test_jsonl_input_with_ids_and_stdin():
    lines = "\n".join(json.dumps({"id": f"a{i}", "text": f"Tiêu đề {i}\n\nNội dung {i}.",
                                  "published": "2025-08-25"}, ensure_ascii=False) for i in range(3))
    result = _extract("-", input=lines)
    assert result.exit_code == 0
    records = _records(result.stdout)
    assert [r["doc_id"] for r in records] == ["a0", "a1", "a2"]
    assert records[0]["published"] == "2025-08-25" and records[0]["published_source"] == "metadata"


def test_plain_text_on_stdin_and_published_option():
    result = _extract("-", "--published", "2025-08-25", input="Tiêu đề\n\nNội dung.")
    assert result.exit_code == 0
    record = _records(result.stdout)[0]
    assert record["doc_id"] == "stdin" and record["published"] == "2025-08-25"


def test_usage_errors_exit_2():
    assert _extract("x.txt", "--published", "25/8/2025").exit_code == 2
    assert runner.invoke(app, ["extract"]).exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2


def test_output_file_and_pretty(tmp_path):
    out = tmp_path / "out.jsonl"
    result = _extract("-", "-o", out, input="Tiêu đề\n\nNội dung.")
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "Tiêu đề"
    pretty = _extract("-", "--pretty", input="Tiêu đề\n\nNội dung.")
    assert pretty.stdout.startswith("{\n")


def test_explain_shows_rule_ids_table():
    from extractor.explain import explain_rows

    rows = explain_rows("Theo Nghị định số 132/2025/NĐ-CP, xã Lạng Giang tiếp nhận 483 hồ sơ.")
    stages = {row[0] for row in rows}
    assert {"legal_refs", "quantities"} <= stages
    assert all(row[4] for row in rows)  # every hit names its rule
    result = runner.invoke(app, ["explain", "Theo Nghị định số 132/2025/NĐ-CP, xã Lạng Giang."])
    assert result.exit_code == 0
    assert "legal_refs" in result.stdout


def test_schema_check_passes_on_committed_schemas():
    from extractor.resources import schemas_path

    result = runner.invoke(app, ["schema", "--out", str(schemas_path()), "--check"])
    assert result.exit_code == 0, result.output


def test_every_command_has_help_with_an_example():
    for command in typer_app.registered_commands:
        name = command.name or command.callback.__name__
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0
        assert "Ví dụ: vnie " + name in " ".join(result.stdout.split()), f"{name}: no Vietnamese example"


def test_help_does_not_load_the_models():
    """`vnie --help` must answer at once: spaCy and underthesea load on first extraction only."""
    import subprocess
    import sys

    code = ("import sys; from typer.testing import CliRunner; from extractor.cli import app; "
            "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0; "
            "print(sorted(m for m in ('spacy', 'underthesea') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

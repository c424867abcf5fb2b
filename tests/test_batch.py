"""Batch runs: parallel and in order, bad inputs as error records, time limits, resume after
SIGKILL, inputs of every kind. Asserts structure and counts, never what the stages find."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ARTICLES, ROOT
from extractor.batch import Outcome, extract_one, run_batch
from extractor.cli import app
from extractor.inputs import InputDoc, count_estimate, iter_inputs, plan_inputs, read_stdin
from extractor.progress import Reporter
from extractor.sinks import JsonlSink, open_sink, read_ids, truncate_torn_tail

runner = CliRunner()
DEV_TEXTS = sorted(ARTICLES.glob("*.txt"))


def short_article(i: int) -> str:
    return (f"Tin số {i}\n\nNgày 1/7/2025, xã Lạng Giang tiếp nhận {100 + i} hồ sơ trực tuyến, "
            f"đạt {i % 100}%. Theo Nghị định số 1{i % 90}/2025/NĐ-CP, UBND tỉnh đề nghị các sở hoàn thành.")


def lines_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


BAD_INPUTS = [b"", b"   \n\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Hà Nội".encode() + b" \xe9t\xe9",
              b"\xff\xfe\x00", bytes(range(1, 9)) * 40, b"\x00" * 64, "Xã".encode() + b"\xc3\x28",
              b"\n", b"\x7fELF\x02\x01\x01\x00\x00"]


def test_200_inputs_10_bad_give_190_records_10_error_records_and_exit_1(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad_ids = set()
    for i in range(200):
        path = folder / f"a{i:03d}.txt"
        if i % 20 == 7:
            path.write_bytes(BAD_INPUTS[i // 20])
            bad_ids.add(path.stem)
        else:
            path.write_text(short_article(i), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(folder), "-j", "2", "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "vnie: 190 ok, 10 failed, 0 skipped in " in result.stderr
    records = lines_of(out)
    assert [r["doc_id"] for r in records] == [f"a{i:03d}" for i in range(200)]  # ordered
    failed = [r for r in records if r["errors"] and r["errors"][0]["stage"] == "input"]
    assert {r["doc_id"] for r in failed} == bad_ids and len(failed) == 10
    assert all(r["text_sha256"] != failed[0]["text_sha256"] for r in records if r["doc_id"] not in bad_ids)
    # the same inputs in this process (-j 1) give byte-identical output
    single = tmp_path / "single.jsonl"
    assert runner.invoke(app, ["extract", str(folder), "-j", "1", "-o", str(single)]).exit_code == 1
    assert single.read_bytes() == out.read_bytes()


# --- time limits and dying workers: tasks the spawned workers import from this module ---

def misbehaving_task(item: InputDoc, published):
    text = item.text or ""
    if "LOOP" in text:  # pure Python: the soft limit (SIGALRM in the worker) stops it
        while True:
            pass
    if "STUCK" in text:  # deaf to SIGALRM: only the parent's hard limit stops it
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(300)
    if "DIE" in text:
        os._exit(3)
    return extract_one(item, published)


def _items(markers: dict[int, str], n: int) -> list[InputDoc]:
    return [InputDoc(f"d{i:02d}", f"d{i:02d}.txt", text=markers.get(i, "") + short_article(i)) for i in range(n)]


def _collect(items, **options) -> tuple[list[Outcome], object]:
    got: list[Outcome] = []
    summary = run_batch(items, got.append, task=misbehaving_task, **options)
    return got, summary


def test_workers_time_limits_and_crashes_cost_one_article_each():
    # STUCK is first of the last chunk: the article after it is redone after the input ran out
    items = _items({3: "LOOP ", 9: "DIE ", 12: "STUCK "}, 14)
    got, summary = _collect(items, jobs=2, min_parallel=1, chunk_size=2, timeout=2.0, grace=1.5)
    assert [o.doc_id for o in got] == [f"d{i:02d}" for i in range(14)]
    errors = {o.doc_id: json.loads(o.line)["errors"][0] for o in got if o.failure}
    assert set(errors) == {"d03", "d09", "d12"}
    assert errors["d03"] == {"stage": "timeout", "message": "time limit of 2 s exceeded"}
    assert errors["d12"]["stage"] == "timeout" and "worker stopped and restarted" in errors["d12"]["message"]
    assert errors["d09"] == {"stage": "worker", "message": "worker process died (exit code 3)"}
    assert (summary.ok, summary.failed, summary.worker_restarts) == (11, 3, 2)
    assert len(summary.worker_peak_rss_mb) == 2 and all(mb > 50 for mb in summary.worker_peak_rss_mb)


def test_in_process_time_limit():
    items = _items({1: "LOOP "}, 4)
    got, summary = _collect(items, jobs=1, timeout=1.5)
    assert [o.doc_id for o in got] == ["d00", "d01", "d02", "d03"]
    assert json.loads(got[1].line)["errors"] == [{"stage": "timeout", "message": "time limit of 1.5 s exceeded"}]
    assert (summary.ok, summary.failed) == (3, 1)


def test_ordered_output_waits_for_the_slow_one_streaming_does_not():
    from extractor.parallel import _Reorderer

    for ordered, expected in ((True, ["a", "b", "c", "d"]), (False, ["b", "d", "a", "c"])):
        written: list[str] = []
        emit = _Reorderer(lambda outcome: written.append(outcome.doc_id), ordered)
        for seq, doc_id in ((1, "b"), (3, "d"), (0, "a"), (2, "c")):
            emit(seq, Outcome(doc_id, None, "{}"))
        assert written == expected and not emit.waiting


def test_ctrl_c_stops_cleanly_with_whole_lines(tmp_path):
    out = tmp_path / "out.jsonl"
    with JsonlSink(out) as sink:
        def write(outcome):
            sink.write(outcome)
            if outcome.doc_id == "d02":
                raise KeyboardInterrupt
        summary = run_batch(_items({}, 6), write, jobs=1)
    assert summary.interrupted and summary.exit_code == 130 and "--resume" in summary.line()
    assert [r["doc_id"] for r in lines_of(out)] == ["d00", "d01", "d02"]


# --- kill -9 in the middle, then --resume ---

def test_sigkill_midway_then_resume_gives_every_id_exactly_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):  # real articles (~0.1 s each), so there is a middle to kill in
        (folder / f"n{i:02d}.txt").write_bytes(DEV_TEXTS[i % len(DEV_TEXTS)].read_bytes())
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-c", "from extractor.cli import main; main()", "extract", str(folder),
               "-o", str(out), "-j", "2", "--chunk-size", "2"]
    proc = subprocess.Popen(command, cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 6):
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the parent and its workers, as a crash would
    proc.wait()
    data = out.read_bytes()
    written = data.count(b"\n")
    assert 6 <= written < 40, "the run was not killed midway"
    torn = b'{"schema_version":"1","doc_id":"n39","sour'
    with out.open("ab") as fh:  # and a torn line, as a write cut short by the kill would leave
        fh.write(torn)
    torn_bytes = len(data) - (data.rfind(b"\n") + 1) + len(torn)
    resumed = subprocess.run(command + ["--resume"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming: {written} records already in" in resumed.stderr
    assert f"torn last line of {torn_bytes} bytes dropped" in resumed.stderr
    assert f"{40 - written} ok, 0 failed, {written} skipped" in resumed.stderr
    records = lines_of(out)  # every line valid JSON
    assert sorted(r["doc_id"] for r in records) == [f"n{i:02d}" for i in range(40)]


def test_resume_in_process_skips_done_ids(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"id": f"j{i}", "text": short_article(i)}, ensure_ascii=False)
                                for i in range(5)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"schema_version": "1", "doc_id": "j1"}) + "\n" + '{"schema_version":"1","doc_id":"j3"')
    result = runner.invoke(app, ["extract", str(source), "-o", str(out), "--resume"])
    assert result.exit_code == 0, result.output
    assert "4 ok, 0 failed, 1 skipped" in result.stderr
    assert [r["doc_id"] for r in lines_of(out)] == ["j1", "j0", "j2", "j3", "j4"]


def test_resume_and_pretty_usage_errors(tmp_path):
    assert runner.invoke(app, ["extract", "-", "--resume"], input="x").exit_code == 2
    result = runner.invoke(app, ["extract", "-", "--pretty", "-o", f"sqlite:{tmp_path / 'x.db'}"], input="x")
    assert result.exit_code == 2 and "--pretty" in result.stderr


def test_torn_tail_is_truncated_and_ids_read(tmp_path):
    path = tmp_path / "o.jsonl"
    path.write_bytes(b'{"schema_version":"1","doc_id":"a\\"b"}\n{"doc_id":"c","x":1}\nnot json\n{"doc_')
    assert truncate_torn_tail(path) == 6
    assert path.read_bytes().endswith(b"not json\n")
    assert read_ids(path) == ({'a"b', "c"}, 1)
    empty = tmp_path / "e.jsonl"
    empty.write_bytes(b'{"torn')
    assert truncate_torn_tail(empty) == 6 and empty.read_bytes() == b""


# --- inputs ---

def test_ids_are_stable_for_directories_globs_and_jsonl(tmp_path):
    (tmp_path / "d" / "2025").mkdir(parents=True)
    (tmp_path / "d" / "2025" / "x.txt").write_text("Tiêu đề\n\nNội dung.", encoding="utf-8")
    (tmp_path / "d" / "y.html").write_text("<p>Nội dung một.</p>" * 3, encoding="utf-8")
    (tmp_path / "d" / "list.jsonl").write_text(
        '{"id": 7, "text": "A", "url": "https://vd.vn/a", "title": "T", "published": "2025-08-25"}\n\n'
        '{"text": "B"}\n', encoding="utf-8")
    ids = [doc.doc_id for doc in iter_inputs([str(tmp_path / "d")])]
    assert ids == ["2025/x", "7", "list:3", "y"]
    by_glob = [doc.doc_id for doc in iter_inputs([str(tmp_path / "d" / "**" / "*.txt")])]
    assert by_glob == ["2025/x"]
    first = next(iter_inputs([str(tmp_path / "d" / "list.jsonl")]))
    assert (first.source, first.title, first.published) == ("https://vd.vn/a", "T", "2025-08-25")
    assert count_estimate(plan_inputs([str(tmp_path / "d")])) == 4
    assert count_estimate(plan_inputs(["-"])) is None


def test_jsonl_is_streamed_and_limited_per_line(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join([json.dumps({"id": "small", "text": "Ngắn."}),
                               json.dumps({"id": "big", "text": "x" * 500}),
                               '{"id": "broken", ',
                               json.dumps({"id": "after", "text": "Sau."})]), encoding="utf-8")
    docs = list(iter_inputs([str(path)], max_bytes=200))
    assert [d.doc_id for d in docs] == ["small", "big:2", "big:3", "after"]
    assert docs[1].error == "line 2 too large: over the --max-bytes limit of 200"
    assert docs[2].error.startswith("invalid JSON on line 3")


def test_stdin_jsonl_is_streamed_line_by_line():
    import io

    stream = io.BytesIO(b"\n" + b"\n".join(json.dumps({"id": f"s{i}", "text": "Văn bản."}).encode() for i in range(3)))
    assert [d.doc_id for d in read_stdin(100, stream)] == ["s0", "s1", "s2"]
    plain = list(read_stdin(1000, io.BytesIO("Tiêu đề\n\n{không phải JSON}".encode())))
    assert [(d.doc_id, d.error) for d in plain] == [("stdin", None)]
    too_big = list(read_stdin(10, io.BytesIO(b"x" * 50)))
    assert too_big[0].error.startswith("stdin too large")


def test_output_spec_parsing(tmp_path):
    from extractor.sinks import SinkError, parse_spec

    assert parse_spec(None) == ("jsonl", None) and parse_spec("-") == ("jsonl", None)
    assert parse_spec("out.db") == ("sqlite", "out.db") and parse_spec("sqlite:x") == ("sqlite", "x")
    assert parse_spec("parquet:dir") == ("parquet", "dir") and parse_spec("a.jsonl") == ("jsonl", "a.jsonl")
    with pytest.raises(SinkError):
        parse_spec("sqlite:")
    with pytest.raises(SinkError):
        open_sink(None, resume=True)


def test_progress_bar_only_on_a_terminal(monkeypatch, capsys):
    quiet = Reporter(10)  # pytest's stderr is not a terminal
    assert quiet.progress is None
    monkeypatch.setattr("extractor.progress._stderr_is_terminal", lambda: True)
    with Reporter(3) as reporter:
        for i in range(3):
            reporter.advance(Outcome(f"d{i}", None, "{}", "boom" if i == 1 else None))
    err = capsys.readouterr().err
    assert "3/3" in err and "articles/s" in err and "1 failed" in err and "vnie: d1: boom" in err
    assert Reporter(3, quiet=True).progress is None


def test_repeated_ids_are_reported(tmp_path):
    path = tmp_path / "same.txt"
    path.write_text(short_article(1), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), str(path), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 0
    assert "1 inputs repeat an id already in this run (first: 'same')" in result.stderr


def test_sigterm_stops_like_ctrl_c(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"id": f"t{i}", "text": DEV_TEXTS[i % len(DEV_TEXTS)].read_text(
        encoding="utf-8")}, ensure_ascii=False) for i in range(200)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-c", "from extractor.cli import main; main()", "extract",
                             str(source), "-o", str(out), "-j", "1"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 2):
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "interrupted: run again with --resume to finish" in stderr
    assert out.read_bytes().endswith(b"\n")
    assert len(lines_of(out)) >= 2

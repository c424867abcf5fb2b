"""Reading articles from files, directories, globs, JSON/JSONL and stdin, without losing any.

Every input becomes an `InputDoc`: either text to extract from, or an `error` saying, in
one line, what is wrong with it (missing, empty, binary, not UTF-8 at byte N, too large).
Nothing here raises for a user's mistake; the batch goes on.
"""
from __future__ import annotations

import glob
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .htmltext import html_to_text, looks_like_html

DEFAULT_MAX_BYTES = 5_000_000
ARTICLE_SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm")
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))


@dataclass
class InputDoc:
    doc_id: str
    source: str | None
    text: str | None = None
    title: str | None = None
    published: str | None = None
    error: str | None = None
    note: str | None = None  # a non-fatal remark kept in the record's errors (e.g. HTML converted)


class InputError(Exception):
    """A user-facing problem with one input; the message is the whole story."""


def decode(data: bytes) -> str:
    """UTF-8 (BOM allowed), else UTF-16 with a BOM; otherwise say which byte is wrong."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 at byte offset {exc.start}") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"binary file (NUL byte at offset {nul}), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8: invalid byte 0x{data[exc.start]:02x} at byte offset {exc.start}") from None
    sample = data[:4096]
    if sample and sum(sample.count(b) for b in _CONTROL_BYTES) > len(sample) // 20:
        raise InputError("binary file (control bytes), not text")
    return text


def _read_limited(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"file too large: {size} bytes, over the --max-bytes limit of {max_bytes}")
    with path.open("rb") as fh:
        return fh.read(max_bytes + 1)


def _text_doc(doc_id: str, source: str, text: str, title=None, published=None) -> InputDoc:
    note = None
    if looks_like_html(text):
        html_title, text = html_to_text(text)
        title = title or html_title
        note = "input was HTML: converted to text with an HTML parser before extraction"
    if not text.strip():
        return InputDoc(doc_id, source, error="empty input: no text to extract from")
    return InputDoc(doc_id, source, text=text, title=title, published=published, note=note)


def _record_doc(obj, fallback_id: str, source: str) -> InputDoc:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return InputDoc(fallback_id, source, error="JSON record without a string 'text' field")
    doc_id = str(obj.get("id") or obj.get("doc_id") or fallback_id)
    return _text_doc(doc_id, obj.get("url") or source, obj["text"], obj.get("title"), obj.get("published"))


def _from_json_text(text: str, stem: str, source: str) -> Iterator[InputDoc]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            yield InputDoc(stem, source, error=f"invalid JSON: {exc.msg} at line {exc.lineno}")
            return
        for i, obj in enumerate(items, 1):
            yield _record_doc(obj, f"{stem}:{i}", source)
        return
    lines = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    if not lines:
        yield InputDoc(stem, source, error="empty input: no JSON records")
    for n, line in lines:
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputDoc(f"{stem}:{n}", f"{source}:{n}", error=f"invalid JSON on line {n}: {exc.msg}")
            continue
        yield _record_doc(obj, f"{stem}:{n}" if len(lines) > 1 else stem, source)


def read_file(path: Path, doc_id: str, max_bytes: int) -> Iterator[InputDoc]:
    source = str(path)
    try:
        text = decode(_read_limited(path, max_bytes))
    except InputError as exc:
        yield InputDoc(doc_id, source, error=str(exc))
        return
    except OSError as exc:
        yield InputDoc(doc_id, source, error=f"cannot read: {exc.strerror or exc}")
        return
    if path.suffix.lower() in (".json", ".jsonl"):
        yield from _from_json_text(text, doc_id, source)
    else:
        yield _text_doc(doc_id, source, text)


def _dir_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                  and not p.name.endswith(".gold.json"))


def _path_id(path: Path, root: Path | None) -> str:
    if root is None:
        return path.stem
    return path.relative_to(root).with_suffix("").as_posix()


def read_stdin(max_bytes: int) -> Iterator[InputDoc]:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield InputDoc("stdin", "-", error=f"stdin too large: over the --max-bytes limit of {max_bytes}")
        return
    try:
        text = decode(data)
    except InputError as exc:
        yield InputDoc("stdin", "-", error=str(exc))
        return
    if text.lstrip().startswith(("{", "[")):
        yield from _from_json_text(text, "stdin", "-")
    else:
        yield _text_doc("stdin", "-", text)


def iter_inputs(paths: list[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[InputDoc]:
    """Every article named by `paths`, in order; problems come back as error docs."""
    for raw in paths:
        if raw == "-":
            yield from read_stdin(max_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            files = _dir_files(path)
            if not files:
                yield InputDoc(path.name or raw, raw, error=f"no articles ({', '.join(ARTICLE_SUFFIXES)}) in directory")
            for file in files:
                yield from read_file(file, _path_id(file, path), max_bytes)
        elif path.is_file():
            yield from read_file(path, _path_id(path, None), max_bytes)
        elif glob.has_magic(raw):
            matches = sorted(Path(p) for p in glob.glob(raw, recursive=True) if Path(p).is_file())
            if not matches:
                yield InputDoc(raw, raw, error="no file matches this pattern")
            for file in matches:
                yield from read_file(file, _path_id(file, None), max_bytes)
        else:
            yield InputDoc(path.stem or raw, raw, error="no such file or directory")

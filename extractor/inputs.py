"""Reading articles from files, directories, globs, JSON/JSONL and stdin, without losing any.

Every input becomes an `InputDoc`: either text to extract from, or an `error` saying, in
one line, what is wrong with it (missing, empty, binary, not UTF-8 at byte N, too large).
Nothing here raises for a user's mistake; the batch goes on.

Ids are stable across runs (`--resume` depends on it): the record's `id` (or `doc_id`) when
a JSON record gives one; otherwise derived from the path: a directory's files get their
path below the directory without suffix ("2025/08/bai-1"), a glob's files their path below
the glob's fixed prefix, a named file its stem; a JSONL line without id gets "STEM:LINE".

Reading is two steps so a batch can count before it reads: `plan_inputs` lists the sources
(cheap: no file is opened), `read_source` yields a source's articles. JSONL (files and
stdin) is streamed line by line and `--max-bytes` applies to each line, so a collection of
any size can be fed as JSONL; a .json array is read whole and the limit applies to the file.
"""
from __future__ import annotations

import glob
import json
import sys
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from .htmltext import html_to_text, looks_like_html

DEFAULT_MAX_BYTES = 5_000_000
ARTICLE_SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm")
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class InputDoc:
    doc_id: str
    source: str | None
    text: str | None = None
    title: str | None = None
    published: str | None = None
    error: str | None = None
    note: str | None = None  # a non-fatal remark kept in the record's errors (e.g. HTML converted)


@dataclass(frozen=True)
class Source:
    """One thing to read: a file (with the id its path gives), stdin, or an error to report."""
    raw: str                      # as the user named it (or the file found for it)
    doc_id: str
    path: Path | None = None      # None for stdin and for errors
    error: str | None = None

    @property
    def is_jsonl(self) -> bool:
        return self.path is not None and self.path.suffix.lower() == ".jsonl"


class InputError(Exception):
    """A user-facing problem with one input; the message is the whole story."""


def decode(data: bytes) -> str:
    """UTF-8 (BOM allowed), else UTF-16 with a BOM; otherwise say which byte is wrong."""
    if data[:2] in _UTF16_BOMS:
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
        hint = " (a JSONL file is limited per line, not per file)" if path.suffix.lower() == ".json" else ""
        raise InputError(f"file too large: {size} bytes, over the --max-bytes limit of {max_bytes}{hint}")
    with path.open("rb") as fh:
        return fh.read(max_bytes + 1)


def text_doc(doc_id: str, source: str | None, text: str, title=None, published=None) -> InputDoc:
    """An article's text as an InputDoc: HTML converted (and noted), blank text an error."""
    note = None
    if looks_like_html(text):
        html_title, text = html_to_text(text)
        title = title or html_title
        note = "input was HTML: converted to text with an HTML parser before extraction"
    if not text.strip():
        return InputDoc(doc_id, source, error="empty input: no text to extract from")
    return InputDoc(doc_id, source, text=text, title=title, published=published, note=note)


def record_doc(obj, fallback_id: str, source: str | None) -> InputDoc:
    """A JSON record {"id", "text", "title"?, "published"?, "url"?} as an InputDoc."""
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return InputDoc(fallback_id, source, error="JSON record without a string 'text' field")
    given = obj.get("id", obj.get("doc_id"))
    doc_id = str(given) if given not in (None, "") else fallback_id
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    published = obj.get("published") if isinstance(obj.get("published"), str) else None
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    return text_doc(doc_id, url or source, obj["text"], title, published)


def _from_json_array(text: str, stem: str, source: str) -> Iterator[InputDoc]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputDoc(stem, source, error=f"invalid JSON: {exc.msg} at line {exc.lineno}")
        return
    if not isinstance(items, list):
        yield record_doc(items, stem, source)
        return
    if not items:
        yield InputDoc(stem, source, error="empty input: no JSON records")
    for i, obj in enumerate(items, 1):
        yield record_doc(obj, f"{stem}:{i}", source)


def _binary_lines(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each non-blank line; bytes is None for a line over the limit."""
    n = 0
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        n += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # skip the remainder of the oversized line
            yield n, None
        elif line.strip():
            yield n, line


def _jsonl_line(n: int, line: bytes | None, doc_id: str, source: str, max_bytes: int) -> InputDoc:
    if line is None:
        return InputDoc(doc_id, f"{source}:{n}", error=f"line {n} too large: over the --max-bytes limit of {max_bytes}")
    try:
        text = decode(line)
    except InputError as exc:
        return InputDoc(doc_id, f"{source}:{n}", error=f"line {n}: {exc}")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return InputDoc(doc_id, f"{source}:{n}", error=f"invalid JSON on line {n}: {exc.msg}")
    return record_doc(obj, doc_id, source)


def _from_jsonl(fh: BinaryIO, stem: str, source: str, max_bytes: int) -> Iterator[InputDoc]:
    """Stream a JSONL file; a file of one line keeps the bare stem as fallback id."""
    lines = _binary_lines(fh, max_bytes)
    first = next(lines, None)
    if first is None:
        yield InputDoc(stem, source, error="empty input: no JSON records")
        return
    second = next(lines, None)
    if second is None:
        yield _jsonl_line(first[0], first[1], stem, source, max_bytes)
        return
    for n, line in chain([first, second], lines):
        yield _jsonl_line(n, line, f"{stem}:{n}", source, max_bytes)


def _read_jsonl_file(path: Path, doc_id: str, max_bytes: int) -> Iterator[InputDoc]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield InputDoc(doc_id, str(path), error=f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        yield from _from_jsonl(fh, doc_id, str(path), max_bytes)


def read_file(path: Path, doc_id: str, max_bytes: int) -> Iterator[InputDoc]:
    if path.suffix.lower() == ".jsonl":
        yield from _read_jsonl_file(path, doc_id, max_bytes)
        return
    source = str(path)
    try:
        text = decode(_read_limited(path, max_bytes))
    except InputError as exc:
        yield InputDoc(doc_id, source, error=str(exc))
        return
    except OSError as exc:
        yield InputDoc(doc_id, source, error=f"cannot read: {exc.strerror or exc}")
        return
    if path.suffix.lower() == ".json":
        yield from _from_json_array(text, doc_id, source)
    else:
        yield text_doc(doc_id, source, text)


def read_stdin(max_bytes: int, stream: BinaryIO | None = None) -> Iterator[InputDoc]:
    """JSONL (first non-blank line starts with "{") is streamed; anything else is one article."""
    fh = stream or sys.stdin.buffer
    head = fh.readline(max_bytes + 1)
    while head and not head.strip() and len(head) <= max_bytes:
        more = fh.readline(max_bytes + 1)
        if not more:
            break
        head += more
    if head.lstrip().startswith(b"{") and head[:2] not in _UTF16_BOMS:
        yield from _from_jsonl(_Prepended(head, fh), "stdin", "-", max_bytes)
        return
    data = head + fh.read(max_bytes + 1 - len(head)) if len(head) <= max_bytes else head
    if len(data) > max_bytes:
        yield InputDoc("stdin", "-", error=f"stdin too large: over the --max-bytes limit of {max_bytes}")
        return
    try:
        text = decode(data)
    except InputError as exc:
        yield InputDoc("stdin", "-", error=str(exc))
        return
    if text.lstrip().startswith("["):
        yield from _from_json_array(text, "stdin", "-")
    else:
        yield text_doc("stdin", "-", text)


class _Prepended:
    """A binary stream with some already-read bytes put back in front (for readline)."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._rest = head, rest

    def readline(self, limit: int = -1) -> bytes:
        if not self._head:
            return self._rest.readline(limit)
        cut = self._head.find(b"\n") + 1 or len(self._head)
        if 0 <= limit < cut:
            cut = limit
        line, self._head = self._head[:cut], self._head[cut:]
        if not line.endswith(b"\n") and not self._head and (limit < 0 or len(line) < limit):
            line += self._rest.readline(limit - len(line) if limit >= 0 else -1)
        return line


def _dir_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                  and not p.name.endswith(".gold.json"))


def _path_id(path: Path, root: Path | None) -> str:
    if root is None:
        return path.stem
    return path.relative_to(root).with_suffix("").as_posix()


def _glob_root(pattern: str) -> Path:
    """The directory a glob's matches are named relative to: its part before the first wildcard."""
    parts = Path(pattern).parts
    fixed = [p for p in parts[:next(i for i, p in enumerate(parts) if glob.has_magic(p))]]
    return Path(*fixed) if fixed else Path(".")


def _plan_one(raw: str) -> list[Source]:
    if raw == "-":
        return [Source(raw, "stdin")]
    path = Path(raw)
    if path.is_dir():
        files = _dir_files(path)
        if not files:
            return [Source(raw, path.name or raw, error=f"no articles ({', '.join(ARTICLE_SUFFIXES)}) in directory")]
        return [Source(str(f), _path_id(f, path), f) for f in files]
    if path.is_file():
        return [Source(raw, _path_id(path, None), path)]
    if glob.has_magic(raw):
        matches = sorted(Path(p) for p in glob.glob(raw, recursive=True) if Path(p).is_file())
        if not matches:
            return [Source(raw, raw, error="no file matches this pattern")]
        root = _glob_root(raw)
        return [Source(str(f), _path_id(f, root), f) for f in matches]
    return [Source(raw, path.stem or raw, error="no such file or directory")]


def plan_inputs(paths: Iterable[str]) -> list[Source]:
    """Every source named by `paths`, in order; no file is opened."""
    return [source for raw in paths for source in _plan_one(raw)]


def read_source(source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[InputDoc]:
    if source.error:
        yield InputDoc(source.doc_id, source.raw, error=source.error)
    elif source.path is None:
        yield from read_stdin(max_bytes)
    else:
        yield from read_file(source.path, source.doc_id, max_bytes)


def count_estimate(sources: list[Source]) -> int | None:
    """How many articles `sources` hold, for a progress bar: JSONL lines are counted (bytes
    only, no parsing), a .json array counts as one; None when stdin is among them."""
    total = 0
    for source in sources:
        if source.path is None and not source.error:
            return None
        total += _count_lines(source.path) if source.is_jsonl else 1
    return total


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as fh:
            return max(1, sum(1 for line in fh if line.strip()))
    except OSError:
        return 1


def iter_inputs(paths: list[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[InputDoc]:
    """Every article named by `paths`, in order; problems come back as error docs."""
    for source in plan_inputs(paths):
        yield from read_source(source, max_bytes=max_bytes)

"""`vnie check` in the terminal: do the article's figures add up?

Two tables, mismatches first in both: the checks (what was compared, stated against
computed, one line of explanation) and the article's figures (each with its sentence, value,
unit, qualifier and check status). The words are Vietnamese: the reader is a journalist.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .models import Article, FigureCheck, Quantity

CHECK_KINDS = {
    "percent_of_total": "tỷ lệ trên tổng",
    "sum_of_parts": "tổng các phần",
    "share_sum_100": "các tỷ lệ cộng lại 100%",
    "ratio": "tỷ lệ",
    "other": "khác",
}
QUALIFIERS = {"exact": "", "more_than": "hơn", "less_than": "dưới", "about": "khoảng",
              "at_least": "tối thiểu", "at_most": "tối đa"}
QUANTITY_KINDS = {"count": "đếm", "percent": "phần trăm", "money": "tiền", "measure": "đo lường", "ratio": "tỷ số"}
STATUS_TEXT = {"mismatch": "✗ sai lệch", "ok": "✓ khớp", None: "—"}
STATUS_STYLE = {"mismatch": "bold red", "ok": "green", None: "dim"}
_CONTEXT = 70  # characters of the sentence shown on each side of a figure


@dataclass
class FigureRow:
    index: int
    quantity: Quantity
    status: str | None  # mismatch | ok | None (not checked)
    sentence: tuple[int, int]


def quantity_status(article: Article) -> dict[int, str]:
    """Each checked figure's worst status: a figure in any mismatch is a mismatch."""
    status: dict[int, str] = {}
    for check in article.checks:
        for i in check.quantities:
            if status.get(i) != "mismatch":
                status[i] = check.status
    return status


def ordered_checks(article: Article) -> list[tuple[int, FigureCheck]]:
    """(number, check), mismatches first, each group in text order."""
    numbered = list(enumerate(article.checks, 1))
    return sorted(numbered, key=lambda nc: nc[1].status != "mismatch")


def figure_rows(article: Article, sentences: list[tuple[int, int]], text: str) -> list[FigureRow]:
    """The figures in text order, those in a mismatch first."""
    status = quantity_status(article)
    starts = [s for s, _ in sentences]
    rows = []
    for i, quantity in enumerate(article.quantities):
        k = max(bisect.bisect_right(starts, quantity.span.start) - 1, 0)
        sentence = sentences[k] if sentences else (0, len(text))
        rows.append(FigureRow(i, quantity, status.get(i), sentence))
    return sorted(rows, key=lambda r: r.status != "mismatch")


def compact(x: float | None) -> str:
    """A number for a narrow column: 1.250 tỷ rather than 1.250.000.000.000."""
    from .stages.checks_math import vn_number

    if x is None:
        return "—"
    for scale, word in ((1e9, "tỷ"), (1e6, "triệu")):
        if abs(x) >= scale:
            return f"{vn_number(x / scale)} {word}"
    return vn_number(x)


def value_text(quantity: Quantity) -> str:
    if quantity.low is not None or quantity.high is not None:
        return f"{compact(quantity.low)}–{compact(quantity.high)}"
    if quantity.value is None:
        return "?"
    shown = compact(quantity.value)
    return f"{shown}/{compact(quantity.of)}" if quantity.of is not None else shown


def sentence_context(text: str, sentence: tuple[int, int], quantity: Quantity) -> Text:
    """The figure's sentence, cut around the figure, the figure in bold."""
    start, end = quantity.span.start, quantity.span.end
    left = max(sentence[0], start - _CONTEXT)
    right = min(sentence[1], end + _CONTEXT)
    if left > sentence[0]:  # cut between words, not inside one
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    if right < sentence[1]:
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    before = " ".join(text[left:start].split())
    after = " ".join(text[end:right].split())
    out = Text("… " if left > sentence[0] else "")
    out.append(before + (" " if text[left:start][-1:].isspace() else ""))
    out.append(text[start:end], style="bold underline")
    out.append((" " if text[end:right][:1].isspace() else "") + after)
    out.append(" …" if right < sentence[1] else "")
    return out


def checks_table(article: Article) -> Table:
    table = Table(title="Kiểm tra số liệu (sai lệch trước)", title_justify="left", expand=True)
    for name, options in (("#", {"justify": "right"}), ("kết quả", {"no_wrap": True}), ("phép kiểm tra", {}),
                          ("số liệu", {"justify": "right"}), ("bài nêu", {"justify": "right"}),
                          ("tính được", {"justify": "right"}), ("giải thích", {"ratio": 3})):
        table.add_column(name, overflow="fold", **options)
    for number, check in ordered_checks(article):
        table.add_row(
            str(number), Text(STATUS_TEXT[check.status], style=STATUS_STYLE[check.status]),
            CHECK_KINDS.get(check.kind, check.kind), ", ".join(f"#{i}" for i in check.quantities),
            compact(check.stated), compact(check.expected), check.message,
        )
    return table


def figures_table(article: Article, sentences: list[tuple[int, int]], text: str) -> Table:
    table = Table(title="Số liệu trong bài (sai lệch trước, rồi theo thứ tự trong bài)",
                  title_justify="left", expand=True)
    for name, options in (("#", {"justify": "right"}), ("số liệu", {}), ("giá trị", {"justify": "right"}),
                          ("đơn vị", {}), ("loại", {}), ("định lượng", {}), ("kiểm tra", {"no_wrap": True}),
                          ("câu", {"ratio": 3})):
        table.add_column(name, overflow="fold", **options)
    for row in figure_rows(article, sentences, text):
        q = row.quantity
        table.add_row(
            str(row.index), q.span.text, value_text(q), q.unit or "", QUANTITY_KINDS.get(q.kind, q.kind),
            QUALIFIERS.get(q.qualifier, q.qualifier), Text(STATUS_TEXT[row.status], style=STATUS_STYLE[row.status]),
            sentence_context(text, row.sentence, q),
        )
    return table


def summary_line(article: Article) -> str:
    bad = sum(c.status == "mismatch" for c in article.checks)
    ok = len(article.checks) - bad
    return (f"{len(article.quantities)} số liệu, {len(article.checks)} phép kiểm tra: "
            f"{ok} khớp, {bad} sai lệch")


def print_report(article: Article, text: str, sentences: list[tuple[int, int]],
                 console: Console | None = None) -> None:
    console = console or Console()
    title = article.title or article.doc_id
    console.print(Text(f"vnie check — {title}", style="bold"))
    console.print(Text(summary_line(article), style="bold red" if any(
        c.status == "mismatch" for c in article.checks) else "bold green"))
    for error in article.errors:
        console.print(Text(f"lỗi ở bước {error.stage}: {error.message}", style="yellow"))
    if article.checks:
        console.print(checks_table(article))
    else:
        console.print("Không có cặp số liệu nào được bài viết gắn với nhau để kiểm tra.")
    if article.quantities:
        console.print(figures_table(article, sentences, text))

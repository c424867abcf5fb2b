"""The journalist's report: `vnie check` in the terminal, the HTML page, and the page in a real
headless browser (Debian's chromium driven by Playwright; no browser download)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from conftest import FOUNDING
from extractor import process
from extractor.cli import app
from extractor.report import figure_rows, print_report, sentence_context
from extractor.report_html import render_html
from extractor.stages.checks import sentence_ranges

CHROMIUM = Path("/usr/bin/chromium")
PLANTED = ("Thu hút đầu tư năm 2025\n\n"
           "Năm 2025, tỉnh cấp mới giấy chứng nhận đăng ký đầu tư cho 240 dự án. Trong đó, 36 dự án có vốn "
           "đầu tư nước ngoài (chiếm 18%), 204 dự án đầu tư trong nước (85%). Theo <script>alert(1)</script> "
           "báo cáo của UBND tỉnh Bắc Ninh ngày 15/8/2025.\n")


def _terminal(article, doc) -> str:
    console = Console(record=True, width=160, color_system=None)
    print_report(article, doc.text, sentence_ranges(doc), console=console)
    return console.export_text()


def _page(article, doc) -> str:
    return render_html(article, doc.text, doc._.meta.title)


# --- terminal ---------------------------------------------------------------------------------

def test_terminal_report_on_the_founding_article(founding):
    article, doc = founding
    out = _terminal(article, doc)
    assert f"{len(article.quantities)} số liệu, 6 phép kiểm tra: 6 khớp, 0 sai lệch" in out
    assert "73/197 = 37,056%, khớp với 37,06% đã nêu" in out
    assert "8.498/9.301 = 91,37%" in out
    rows = figure_rows(article, sentence_ranges(doc), doc.text)
    assert [r.index for r in rows] == list(range(len(article.quantities)))  # no mismatch: text order
    context = sentence_context(doc.text, rows[0].sentence, rows[0].quantity).plain
    assert "tiếp nhận 9.301 hồ sơ, trong đó 8.498 hồ sơ" in context  # each figure with its sentence


def test_terminal_report_puts_mismatches_first():
    article, doc = process(PLANTED)
    out = _terminal(article, doc)
    assert "sai lệch" in out
    status_column = [line for line in out.splitlines() if "✗" in line or "✓" in line]
    first_ok = next(i for i, line in enumerate(status_column) if "✓" in line)
    assert all("✗" in line for line in status_column[:first_ok]) and first_ok > 0
    assert "36/240 = 15,0%, nhưng bài viết ghi 18%" in out


# --- HTML, as text --------------------------------------------------------------------------

def test_html_escapes_the_article_text_and_needs_nothing_external():
    article, doc = process(PLANTED)
    page = _page(article, doc)
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//|<link|@import|url\(", page)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="vi">' in page


def test_every_record_is_highlighted_with_its_fields(founding):
    article, doc = founding
    page = _page(article, doc)
    for i, q in enumerate(article.quantities):
        assert f'id="q{i}"' in page and f'id="tip-q{i}"' in page, q.span.text
    mentions = sum(len(r.mentions) for r in article.legal_refs)
    assert len(re.findall(r'id="tip-l\d+-\d+"', page)) == mentions
    assert len(re.findall(r'id="tip-d\d+"', page)) == len(article.dates)
    assert len(re.findall(r'<li class="check ', page)) == len(article.checks)
    assert 'role="tooltip"' in page and "aria-describedby=" in page and 'tabindex="0"' in page
    assert "Có thể bạn quan tâm" not in page  # the related-article block is not the article


# --- HTML, in a real browser ------------------------------------------------------------------

@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium "
                    "(apt-get install chromium; .ci/run installs it when run as root)")
def test_html_page_in_headless_chromium(founding, tmp_path):
    from playwright.sync_api import sync_playwright

    article, doc = founding
    page_file = tmp_path / "bao-cao.html"
    page_file.write_text(_page(article, doc), encoding="utf-8")
    shot = tmp_path / "bao-cao.png"
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=args, headless=True,
            viewport={"width": 1400, "height": 1000})
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            assert page.locator("mark.hl").count() > 0
            assert page.locator("mark.quantities").count() == len(article.quantities)
            assert page.locator("li.check").count() == len(article.checks)
            figure = page.locator("#q13").locator("xpath=ancestor::mark")
            tip = page.locator("#tip-q13")
            assert not tip.is_visible()
            figure.focus()  # keyboard focus shows the record's fields
            assert tip.is_visible() and "37,06%" in tip.inner_text()
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    data = shot.read_bytes()
    assert len(data) > 10_000 and data.startswith(b"\x89PNG")
    print(f"\nscreenshot: {shot}")


# --- the command ------------------------------------------------------------------------------

runner = CliRunner()


def test_vnie_check_writes_the_report_and_the_page(tmp_path):
    out = tmp_path / "bao-cao.html"
    result = runner.invoke(app, ["check", str(FOUNDING), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert "6 phép kiểm tra: 6 khớp, 0 sai lệch" in result.stdout
    assert out.read_text(encoding="utf-8").count('<li class="check ok">') == 6


@pytest.mark.parametrize("name, content, message", [
    ("missing.txt", None, "missing.txt"),
    ("", None, "is a directory"),
    ("empty.txt", b"", "empty input"),
    ("latin1.txt", b"H\xe0 N\xf4i", "not UTF-8"),
    ("two.jsonl", '{"text": "Xã tiếp nhận 9 hồ sơ."}\n{"text": "Phường tiếp nhận 5 hồ sơ."}\n'.encode(), "more than one"),
])
def test_vnie_check_on_bad_input_says_one_line_and_exits_1(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1

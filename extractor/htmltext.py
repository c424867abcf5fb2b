"""HTML given where text was expected: detected, and turned into text by a real parser.

Extraction never runs on markup: tags, scripts and styles would be read as words.
"""
from __future__ import annotations

from html.parser import HTMLParser

import regex

_HTML_START = regex.compile(r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<meta\b|<div\b|<p\b|<article\b)", regex.I)
_TAG = regex.compile(r"</?(?:p|div|span|a|br|img|h[1-6]|article|section|ul|li|table|td|tr|strong|em)\b[^>]*>", regex.I)
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section",
           "header", "footer", "figcaption", "blockquote", "ul", "ol", "table", "title"}
_SKIP = {"script", "style", "noscript", "template", "svg"}


def looks_like_html(text: str) -> bool:
    head = text[:2000]
    return bool(_HTML_START.match(head)) or len(_TAG.findall(head)) >= 5


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._skip:
            return
        (self.title if self._in_title else self.parts).append(data)


def html_to_text(html: str) -> tuple[str | None, str]:
    """(title, text): block elements become paragraphs, scripts and styles vanish."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n\n".join(line for line in lines if line)
    title = " ".join("".join(parser.title).split()) or None
    return title, text

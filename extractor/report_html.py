"""`vnie check --html`: one self-contained page, the article with every record highlighted.

spaCy's displaCy span visualiser lays out the highlights (one coloured bar per record under
its words, stacked where records overlap, a label where each starts). It is fed per
paragraph in its "manual" form: tokens are the article's words, cut at record boundaries, so
that punctuation keeps its spacing (a private-use sentinel after each token says whether a
space followed; the renderer's own trailing space is dropped). Its templates are replaced by
ours so that each highlight is a `<mark>` that takes keyboard focus and is described, for
hover, focus and screen readers, by a `role="tooltip"` element listing the record's fields.
The article text only ever reaches the page through displaCy's escaping or `html.escape`.
A side list gives every figure check, mismatches first, linked to its figures.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .models import Article
from .report import CHECK_KINDS, QUALIFIERS, QUANTITY_KINDS, ordered_checks, quantity_status, summary_line

TYPES = {  # record type: (label on the page, highlight colour)
    "legal_refs": ("văn bản", "#ffd166"),
    "units": ("đơn vị", "#9bc4ff"),
    "quantities": ("số liệu", "#9be3a1"),
    "dates": ("thời gian", "#f4b3f0"),
    "recommendations": ("kiến nghị", "#ffcf99"),
}
MISMATCH_COLOR = "#ff7b7b"
_SPACE, _GLUED = "\ue000", "\ue001"  # token sentinels: a space followed / nothing followed
_WORD = re.compile(r"\S+")
_WHOLE_TOKEN = 60  # characters: a record piece up to this long is one highlight
_TEMPLATES = {
    "span": '<mark class="hl" style="height: {total_height}px">{text}'
            '<span class="bars" aria-hidden="true">{span_slices}{span_starts}</span></mark>',
    "slice": '<span class="bar" style="background: {bg}; top: {top_offset}px"></span>',
    "start": '<span class="bar bar-start" style="background: {bg}; top: {top_offset}px">'
             '<span class="badge" style="background: {bg}" data-rec="{label}"></span></span>',
}


@dataclass
class Highlight:
    rid: str          # unique id on the page: q3, l0-1, u2-0, d1, r0
    stage: str
    start: int
    end: int
    badge: str        # the label shown where it starts
    fields: list[tuple[str, str]]
    mismatch: bool = False


def _join(values) -> str:
    return ", ".join(str(v) for v in values if v not in (None, "", []))


def _quantity_fields(article: Article, i: int, q) -> list[tuple[str, str]]:
    from .report import value_text

    checks = [c for c in article.checks if i in c.quantities]
    fields = [("giá trị", value_text(q)), ("đơn vị", q.unit or "—"), ("loại", QUANTITY_KINDS.get(q.kind, q.kind)),
              ("định lượng", QUALIFIERS.get(q.qualifier) or "chính xác")]
    if q.subject:
        fields.append(("đối tượng", q.subject))
    for c in checks:
        fields.append(("kiểm tra", f"{'✗ sai lệch' if c.status == 'mismatch' else '✓ khớp'}: {c.message}"))
    return fields


def highlights(article: Article) -> list[Highlight]:
    status = quantity_status(article)
    out: list[Highlight] = []
    for i, ref in enumerate(article.legal_refs):
        fields = [("loại", ref.doc_type_text), ("số hiệu", ref.canonical or "—"), ("cơ quan ban hành", _join(ref.issuers) or "—"),
                  ("tên", ref.title or "—"), ("số lần nhắc", str(len(ref.mentions)))]
        out += [Highlight(f"l{i}-{m}", "legal_refs", s.start, s.end, TYPES["legal_refs"][0], fields)
                for m, s in enumerate(ref.mentions)]
    for i, unit in enumerate(article.units):
        fields = [("tên", unit.name), ("loại", f"{unit.kind} / {unit.level}"), ("mã", unit.code or "—"),
                  ("trực thuộc", unit.parent or "—")]
        out += [Highlight(f"u{i}-{m}", "units", s.start, s.end, TYPES["units"][0], fields)
                for m, s in enumerate(unit.mentions)]
    for i, q in enumerate(article.quantities):
        mark = {"mismatch": " ✗", "ok": " ✓"}.get(status.get(i), "")
        out.append(Highlight(f"q{i}", "quantities", q.span.start, q.span.end, f"#{i}{mark}",
                             _quantity_fields(article, i, q), mismatch=status.get(i) == "mismatch"))
    for i, d in enumerate(article.dates):
        fields = [("từ", str(d.start or "—")), ("đến", str(d.end or "—")), ("độ chi tiết", d.granularity),
                  ("năm suy ra", "có" if d.year_inferred else "không"), ("timex", d.timex)]
        out.append(Highlight(f"d{i}", "dates", d.span.start, d.span.end, TYPES["dates"][0], fields))
    for i, r in enumerate(article.recommendations):
        fields = [("loại", "kiến nghị" if r.kind == "recommendation" else "khó khăn"), ("từ khóa", r.trigger),
                  ("người nêu", r.by or "—"), ("gửi tới", _join(r.to) or "—"), ("số nội dung", str(len(r.items)))]
        label = "kiến nghị" if r.kind == "recommendation" else "khó khăn"
        out.append(Highlight(f"r{i}", "recommendations", r.span.start, r.span.end, label, fields))
    return [h for h in out if h.end > h.start]


def _tokens(text: str, start: int, end: int, marks: list[Highlight]) -> list[tuple[int, int]]:
    """The displaCy tokens of text[start:end]: cut at every record boundary; a piece inside a
    short record stays whole (one focusable highlight), other text is cut into words so that
    lines wrap as usual."""
    cuts = sorted({start, end} | {c for h in marks for c in (h.start, h.end) if start < c < end})
    tokens = []
    for a, b in zip(cuts, cuts[1:]):
        piece = text[a:b]
        short = any(h.start <= a and b <= h.end and h.stage != "recommendations" for h in marks)
        if short and len(piece) <= _WHOLE_TOKEN and piece.strip():
            tokens.append((a + len(piece) - len(piece.lstrip()), a + len(piece.rstrip())))
        else:
            tokens += [(m.start(), m.end()) for m in _WORD.finditer(text, a, b)]
    return tokens


def _paragraph_markup(text: str, start: int, end: int, marks: list[Highlight]) -> str:
    from spacy import displacy

    tokens = _tokens(text, start, end, marks)
    if not tokens:
        return ""
    words = [text[s:e] + (_SPACE if e < len(text) and text[e].isspace() else _GLUED) for s, e in tokens]
    starts = [s for s, _ in tokens]
    spans = []
    for h in marks:
        first = next((k for k, s in enumerate(starts) if s >= h.start), None)
        last = next((k for k, s in enumerate(starts) if s >= h.end), len(tokens))
        if first is not None and first < last:
            spans.append({"start_token": first, "end_token": last, "label": h.rid})
    colors = {h.rid: MISMATCH_COLOR if h.mismatch else TYPES[h.stage][1] for h in marks}
    options = {"template": _TEMPLATES, "colors": colors, "top_offset": 30, "span_label_offset": 16,
               "top_offset_step": 10}
    data = {"text": text[start:end], "tokens": words, "spans": spans, "settings": {"lang": "vi", "direction": "ltr"}}
    markup = displacy.render([data], style="span", manual=True, options=options, jupyter=False)
    markup = re.sub(r'^\s*<div class="spans"[^>]*>|</div>\s*$', "", markup)
    markup = markup.replace(_SPACE + " ", " ").replace(_GLUED + " ", "")  # text outside highlights
    markup = re.sub(f"{_SPACE}(.*?</mark>)", r"\1 ", markup, flags=re.S)  # a space inside a mark goes after it
    return re.sub(f"{_GLUED}(.*?</mark>)", r"\1", markup, flags=re.S).strip()


def _tip(h: Highlight) -> str:
    rows = "".join(f"<span class=\"f\"><b>{html.escape(k)}:</b> {html.escape(v)}</span>" for k, v in h.fields)
    head = html.escape(f"{TYPES[h.stage][0].capitalize()} — {h.badge}" if h.stage == "quantities"
                       else TYPES[h.stage][0].capitalize())
    return f'<span class="tip" role="tooltip" id="tip-{h.rid}"><span class="f"><b>{head}</b></span>{rows}</span>'


def _finish_marks(markup: str, by_id: dict[str, Highlight]) -> str:
    """Give each highlight that starts a record its label, its tooltip, focus and anchor."""
    def badge(m: re.Match) -> str:
        h = by_id[m.group(2)]
        return f'{m.group(1)} id="{h.rid}">{html.escape(h.badge)}</span>'

    def mark(m: re.Match) -> str:
        body = re.sub(r'(<span class="badge" style="[^"]*") data-rec="([^"]+)"></span>', badge, m.group(2))
        rids = re.findall(r'<span class="badge" style="[^"]*" id="([^"]+)"', body)
        if not rids:
            return f"<mark{m.group(1)}>{body}</mark>"
        hs = [by_id[r] for r in rids]
        classes = " ".join(["hl"] + sorted({h.stage for h in hs}) + (["mismatch"] if any(h.mismatch for h in hs) else []))
        described = " ".join(f"tip-{r}" for r in rids)
        attrs = m.group(1).replace('class="hl"', f'class="{classes}"')
        tips = "".join(_tip(h) for h in hs)
        return f'<mark{attrs} tabindex="0" aria-describedby="{described}">{body}{tips}</mark>'

    return re.sub(r"<mark( class=\"hl\"[^>]*)>(.*?)</mark>", mark, markup, flags=re.S)


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            spans.append((cursor, cursor + len(line)))
        cursor += len(line) + 1
    return spans


def _checks_list(article: Article) -> str:
    items = []
    for number, check in ordered_checks(article):
        figures = ", ".join(f'<a href="#q{i}">{html.escape(article.quantities[i].span.text)}</a>'
                            for i in check.quantities if i < len(article.quantities))
        status = "✗ Sai lệch" if check.status == "mismatch" else "✓ Khớp"
        items.append(
            f'<li class="check {check.status}"><p class="head"><strong>{status}</strong> · '
            f'{html.escape(CHECK_KINDS.get(check.kind, check.kind))} <span class="n">#{number}</span></p>'
            f'<p class="msg">{html.escape(check.message)}</p><p class="figs">Số liệu: {figures}</p></li>')
    if not items:
        return '<p>Bài viết không gắn cặp số liệu nào với nhau để kiểm tra.</p>'
    return f'<ol class="checks">{"".join(items)}</ol>'


def _legend(marks: list[Highlight]) -> str:
    counts = {stage: sum(h.stage == stage for h in marks) for stage in TYPES}
    items = "".join(f'<li><span class="swatch" style="background: {color}" aria-hidden="true"></span>'
                    f'{html.escape(label)} ({counts[stage]})</li>' for stage, (label, color) in TYPES.items())
    return (f'<ul class="legend" aria-label="Chú giải màu">{items}<li><span class="swatch" style="background: '
            f'{MISMATCH_COLOR}" aria-hidden="true"></span>số liệu sai lệch</li></ul>')


def render_html(article: Article, text: str, title_range: tuple[int, int] | None = None) -> str:
    """The whole page, as a string: no scripts, no external assets."""
    marks = highlights(article)
    by_id = {h.rid: h for h in marks}
    blocks = []
    boiler = [(b.start, b.end) for b in article.boilerplate if b.kind != "related"]
    if title_range:
        inner = [h for h in marks if title_range[0] <= h.start and h.end <= title_range[1]]
        blocks.append(f"<h1>{_paragraph_markup(text, *title_range, inner)}</h1>")
    else:
        blocks.append(f"<h1>{html.escape(article.title or article.doc_id)}</h1>")
    for s, e in _paragraphs(text, article.body.start, article.body.end):
        if title_range and s < title_range[1] and title_range[0] < e:
            continue
        inner = [h for h in marks if s <= h.start and h.end <= e]
        aside = any(bs <= s and e <= be for bs, be in boiler)
        opening = '<p class="boilerplate">' if aside else "<p>"
        blocks.append(f"{opening}{_paragraph_markup(text, s, e, inner)}</p>")
    body = _finish_marks("\n".join(blocks), by_id)
    page_title = html.escape(f"vnie check — {article.title or article.doc_id}")
    return PAGE.format(title=page_title, summary=html.escape(summary_line(article)), article=body,
                       checks=_checks_list(article), legend=_legend(marks), css=CSS)


CSS = """
body { font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
.layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(18rem, 1.2fr); gap: 2rem; max-width: 84rem; margin: 0 auto; padding: 1.5rem; }
@media (max-width: 60rem) { .layout { grid-template-columns: 1fr; } }
header.top { grid-column: 1 / -1; border-bottom: 1px solid #ddd; padding-bottom: .5rem; }
header.top p { margin: .25rem 0; }
article { background: #fff; padding: 1rem 1.5rem; border: 1px solid #e4e4e4; border-radius: 6px; }
article h1 { font-size: 1.5rem; line-height: 2.6; }
article p { line-height: 2.7; margin: 0 0 1rem; }
article p.boilerplate { color: #666; font-size: .9rem; }
mark.hl { background: none; color: inherit; font-weight: 500; line-height: 1.6; display: inline-block; position: relative; }
h1 mark.hl { font-weight: inherit; }
mark.hl:focus { outline: 3px solid #1f5fbf; outline-offset: 2px; }
mark.hl.mismatch { color: #a00000; }
.bars .bar { position: absolute; left: -1px; width: calc(100% + 2px); height: 4px; }
.bars .bar-start { border-top-left-radius: 3px; border-bottom-left-radius: 3px; }
.badge { position: absolute; top: -0.55em; left: 0; z-index: 5; padding: 1px 3px; font-size: .6rem; font-weight: 700;
         line-height: 1; border-radius: 3px; color: #111; white-space: nowrap; }
.tip { display: none; position: absolute; z-index: 30; top: calc(100% + 4px); left: 0; width: max-content; max-width: 24rem;
       background: #1e2430; color: #fff; padding: .5rem .7rem; border-radius: 6px; font-size: .8rem; font-weight: 400;
       line-height: 1.45; white-space: normal; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.tip .f { display: block; }
mark.hl:hover > .tip, mark.hl:focus > .tip { display: block; }
aside { align-self: start; position: sticky; top: 1rem; }
aside h2 { font-size: 1.15rem; margin: 0 0 .5rem; }
ol.checks { list-style: none; padding: 0; margin: 0; }
li.check { background: #fff; border: 1px solid #e4e4e4; border-left: 6px solid #2e8b57; border-radius: 4px; padding: .5rem .75rem; margin-bottom: .6rem; }
li.check.mismatch { border-left-color: #c40000; background: #fff5f5; }
li.check p { margin: .2rem 0; }
li.check .n { color: #666; font-size: .8rem; }
li.check.mismatch strong { color: #a00000; }
li.check.ok strong { color: #1d6b40; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1rem; margin: .5rem 0 0; font-size: .85rem; }
.swatch { display: inline-block; width: 1rem; height: .5rem; margin-right: .3rem; border-radius: 2px; vertical-align: middle; }
a { color: #1f5fbf; }
"""

PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<div class="layout">
<header class="top">
<p><strong>vnie check</strong> — {summary}</p>
<p>Di chuột hoặc dùng phím Tab trên một chỗ tô màu để xem các trường của bản ghi.</p>
{legend}
</header>
<main>
<article aria-label="Bài viết, các bản ghi được tô màu">
{article}
</article>
</main>
<aside aria-labelledby="checks-title">
<h2 id="checks-title">Kiểm tra số liệu</h2>
{checks}
</aside>
</div>
</body>
</html>
"""

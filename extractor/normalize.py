"""Input normalisation (once, at the input) and a folded key for matching.

`normalise` may rewrite the text: it defines the text every offset indexes.
`fold` never rewrites the text: it builds a same-length key, so an offset found in the
key is an offset in the text. Diacritics are kept in both.
"""
from __future__ import annotations

import unicodedata

import regex

# Spaces that read as a plain space; zero-width characters that read as nothing.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u3000"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_NORMALISE_TABLE = {**_SPACES, **_INVISIBLE}


def normalise(raw: str) -> str:
    """NFC, one line-ending style, no BOM, no invisible characters, plain spaces."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_NORMALISE_TABLE)
    return unicodedata.normalize("NFC", text)


# Look-alike letters seen in real articles: Icelandic eth for Vietnamese dd.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0111", "\u00f0": "\u0111", "\u0189": "\u0111"})

# Old ("hoà", "thuỷ") and new ("hòa", "thủy") tone placement on oa/oe/uy: the key always
# puts the tone on the first vowel. Both sides of a match are folded, so the choice only
# has to be consistent.
_TONES = {"\u0300": 0, "\u0301": 1, "\u0309": 2, "\u0303": 3, "\u0323": 4}


def _toned(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def _build_tone_pairs() -> dict[str, str]:
    pairs = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            pairs[first + _toned(second, tone)] = _toned(first, tone) + second
    return pairs


_TONE_PAIRS = _build_tone_pairs()
_TONE_RE = regex.compile("|".join(sorted(_TONE_PAIRS, key=len, reverse=True)))


def _lower_keep_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def fold(text: str) -> str:
    """Matching key of the same length as `text`: lower case, one tone placement, no look-alikes."""
    key = _lower_keep_length(text).translate(_LOOKALIKES)
    return _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group()], key)

"""Sentence segmentation of normalised text.

A sentence ends at a paragraph break ("\\n", see normalise.py) or after '.', '!',
'?' or '…' (with any closing quotes or brackets) when whitespace and an upper-case
letter, a digit, an opening quote, a bracket or a list dash follow. It never ends
at an abbreviation from patterns/lexicons/abbreviations.yaml ("XIX ғ.", "т.б.")
nor at a single-letter initial ("Қ. Тоқаев"). Given the document's blocks
(pipeline/text/structure.py), a sentence never runs across a block: a list item, a
table cell, a heading or a dateline is a sentence boundary even where the normaliser
joined its line to the next.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

import regex

from ..patterns.lexicons import abbreviations
from ..patterns.order import longest_first


@cache
def _boundary() -> regex.Pattern:
    return regex.compile(
        r"""(?P<para>\n+)
        |(?<=[.!?…]+["'»)\]]*)(?P<space>[^\S\n]+)(?=[\p{Lu}\d"«(\[–-])""",
        regex.VERBOSE,
    )


@cache
def _no_end() -> regex.Pattern:
    abbr = "|".join(regex.escape(a) for a in longest_first(abbreviations()) if a.endswith("."))
    return regex.compile(rf"(?:(?<![\p{{L}}.])(?:{abbr})|(?<![\p{{L}}.])\p{{Lu}}\.)$")


def split_sentences(text: str, blocks: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Return [start, end) spans of the sentences of `text`, whitespace trimmed; with
    `blocks` ([start, end) spans in order), sentences stay inside them."""
    if not blocks:
        return _split(text, 0, len(text))
    out: list[tuple[int, int]] = []
    pos = 0
    for a, b in blocks:
        if a > pos:
            out.extend(_split(text, pos, a))
        out.extend(_split(text, a, b))
        pos = max(pos, b)
    out.extend(_split(text, pos, len(text)))
    return out


def _split(text: str, begin: int, finish: int) -> list[tuple[int, int]]:
    spans = []
    start = begin
    no_end = _no_end()
    for m in _boundary().finditer(text, begin, finish):
        if m.lastgroup == "space" and no_end.search(text, max(start, m.start() - 12), m.start()):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, finish))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def sentence_of(start: int, end: int, starts: list[int], sentences: list[tuple[int, int]]) -> int | None:
    """The index of the sentence that holds [start, end), or None when no one sentence
    does; `starts` are the sentences' starts."""
    i = bisect_right(starts, start) - 1
    return i if i >= 0 and end <= sentences[i][1] else None


def inside_one_sentence(start: int, end: int, starts: list[int], sentences: list[tuple[int, int]]) -> bool:
    """Whether [start, end) lies inside one sentence; `starts` are the sentences' starts."""
    return sentence_of(start, end, starts, sentences) is not None

"""The time a number holds: the DATE that anchors it.

In order: a date in its own sentence (the nearest before it, else the first after it), in
the lines introducing its list or table ("2024 жылға келесі көлемдерде бекітілсін:"), in
the heading above it, the nearest date before it in its paragraph (the paragraph continues
its time frame), the lead's date (a dateline, or the first paragraph of the text, which
frames what follows), else the document's date. A date followed by a comparison cue ("2021
жылмен салыстырғанда"), a cited act ("... № 5 шешімі") or a birth is no anchor, nor is a
duration ("P3M") or a date inside quotation marks (the title of an act); a date in brackets
holds inside its brackets only."""

from __future__ import annotations

from collections.abc import Iterable

from .context import DocView, Placed
from .cues import ClaimCues
from .scope import Scope

_AFTER = 3  # words after a date in which a not-anchor cue counts
QUOTE_REACH = 300  # characters before a date searched for an open quotation mark


def is_anchor(view: DocView, date: Placed, cues: ClaimCues) -> bool:
    if date.fact.value.startswith("P") or _quoted(view, date):
        return False
    first = view.word_range(date.end, len(view.text)).start
    if (
        first < len(view.words)
        and view.words[first] in cues.act_numbers
        and date.fact.text.lower().endswith(cues.attributive_endings)
    ):
        return False  # "2025 жылғы 24 желтоқсандағы № 278 шешімі": the date of a cited act
    return not any(
        cues.not_anchor_index.any_at(view.words, i) for i in range(first, min(first + _AFTER, len(view.words)))
    )


def _quoted(view: DocView, date: Placed) -> bool:
    """Whether the date stands inside quotation marks in its sentence."""
    before = view.text[max(view.sentence(date.start)[0], date.start - QUOTE_REACH) : date.start]
    return before.count("«") > before.count("»") or before.count('"') % 2 == 1


def _bracketed_apart(view: DocView, date: Placed, start: int) -> bool:
    """Whether the date stands in brackets that do not hold the number at `start`
    ("7,6% (сәуірде – 7,6%), азық-түлік 5,5%": April holds inside the brackets only)."""
    opened = view.text.rfind("(", max(date.start - QUOTE_REACH, 0), date.start)
    if opened < 0 or view.text.find(")", opened, date.start) >= 0:
        return False
    closed = view.text.find(")", date.end, date.end + QUOTE_REACH)
    return closed >= 0 and not opened < start < closed


def _first_anchor(view: DocView, dates: Iterable[Placed], cues: ClaimCues) -> Placed | None:
    return next((d for d in dates if is_anchor(view, d, cues)), None)


def find_when(view: DocView, scope: Scope, start: int, cues: ClaimCues) -> tuple[str, str]:
    """(when, when_source) of the number at normalised `start`."""
    in_sentence = [d for d in view.dates_in(*scope.sentence) if not _bracketed_apart(view, d, start)]
    found = _first_anchor(view, reversed([d for d in in_sentence if d.end <= start]), cues)
    found = found or _first_anchor(view, (d for d in in_sentence if d.start >= start), cues)
    if found:
        return found.fact.value, "sentence"
    for intro in scope.intros:
        found = _first_anchor(view, reversed(view.dates_in(intro.start, intro.end)), cues)
        if found:
            return found.fact.value, "list"
    heading = view.heading_before(start)
    if heading is not None:
        found = _first_anchor(view, reversed(view.dates_in(heading.start, heading.end)), cues)
        if found:
            return found.fact.value, "heading"
    if scope.block is not None:
        earlier = view.dates_in(scope.block.start, scope.sentence[0])
        found = _first_anchor(view, reversed([d for d in earlier if not _bracketed_apart(view, d, start)]), cues)
        if found:
            return found.fact.value, "passage"
    found = _first_anchor(view, reversed([d for d in view.lead_dates if d.end <= start]), cues)
    if found:
        return found.fact.value, "passage"
    date = view.document.date[:10]
    return (date, "document") if date else ("", "")

"""The time a number holds: the DATE that anchors it.

In order: a date in its own sentence (the nearest before it, else the first after it), in
the lines introducing its list or table ("2024 жылға келесі көлемдерде бекітілсін:"), the
nearest date before it in its paragraph (the paragraph continues its time frame), the
lead's date (a dateline, or the first paragraph of the text, which frames what follows),
else the document's date. A date followed by a comparison cue ("2021 жылмен
салыстырғанда"), a cited act ("... № 5 шешімі") or a birth is no anchor, nor is a
duration ("P3M") or a date inside quotation marks (the title of an act)."""

from __future__ import annotations

from .context import DocView, Placed
from .cues import ClaimCues, matches_at
from .scope import Scope

_AFTER = 2  # words after a date in which a not-anchor cue counts


def is_anchor(view: DocView, date: Placed, cues: ClaimCues) -> bool:
    value = date.fact.value
    if value.startswith("P") or _quoted(view, date):
        return False
    after = view.word_range(date.end, len(view.text))
    for i in range(after.start, min(after.start + _AFTER, len(view.words))):
        if any(matches_at(view.words, i, c) for c in cues.not_anchor_after):
            return False
    return True


def _quoted(view: DocView, date: Placed) -> bool:
    """Whether the date stands inside quotation marks in its sentence."""
    before = view.text[view.sentence(date.start)[0] : date.start]
    return before.count("«") > before.count("»") or before.count('"') % 2 == 1


def _anchors(view: DocView, start: int, end: int, cues: ClaimCues) -> list[Placed]:
    return [d for d in view.dates_in(start, end) if is_anchor(view, d, cues)]


def find_when(view: DocView, scope: Scope, start: int, cues: ClaimCues) -> tuple[str, str]:
    """(when, when_source) of the number at normalised `start`."""
    in_sentence = _anchors(view, *scope.sentence, cues)
    before = [d for d in in_sentence if d.end <= start]
    if before:
        return before[-1].fact.value, "sentence"
    if in_sentence:
        return in_sentence[0].fact.value, "sentence"
    for intro in scope.intros:
        listed = _anchors(view, intro.start, intro.end, cues)
        if listed:
            return listed[-1].fact.value, "list"
    heading = view.heading_before(start)
    if heading is not None:
        headed = _anchors(view, heading.start, heading.end, cues)
        if headed:
            return headed[-1].fact.value, "heading"
    if scope.block is not None:
        earlier = _anchors(view, scope.block.start, scope.sentence[0], cues)
        if earlier:
            return earlier[-1].fact.value, "passage"
    lead = [d for d in view.lead_dates() if d.end <= start and is_anchor(view, d, cues)]
    if lead:
        return lead[-1].fact.value, "passage"
    date = view.document.date[:10]
    return (date, "document") if date else ("", "")

"""The time a number holds: the DATE that anchors it.

In order: a date in its own sentence (the nearest before it, else the first after it), in
the line introducing its list or table ("2024 жылға келесі көлемдерде бекітілсін:"), the
nearest date before it in the text (a passage continues its time frame), else the
document's date. A date followed by a comparison cue ("2021 жылмен салыстырғанда"), a
cited act ("... № 5 шешімі") or a birth is no anchor, nor is a duration ("P3M")."""

from __future__ import annotations

from .context import DocView, Placed
from .cues import ClaimCues, matches_at
from .scope import Scope

_AFTER = 2  # words after a date in which a not-anchor cue counts


def is_anchor(view: DocView, date: Placed, cues: ClaimCues) -> bool:
    value = date.fact.value
    if value.startswith("P"):
        return False
    after = view.word_range(date.end, len(view.text))
    for i in range(after.start, min(after.start + _AFTER, len(view.words))):
        if any(matches_at(view.words, i, c) for c in cues.not_anchor_after):
            return False
    return True


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
    if scope.listed and scope.intro is not None:
        listed = _anchors(view, scope.intro.start, scope.intro.end, cues)
        if listed:
            return listed[-1].fact.value, "list"
    earlier = _anchors(view, 0, scope.sentence[0], cues)
    if earlier:
        heading = view.heading_before(start)
        source = "heading" if heading and heading.start <= earlier[-1].start < heading.end else "passage"
        return earlier[-1].fact.value, source
    date = view.document.date[:10]
    return (date, "document") if date else ("", "")

"""The subject of a number: the GPE, ORGANISATION or PERSON it is about.

Kazakh puts the subject before the number ("Ақмола облысы бойынша – 41,3%", "Астанада 19
учаске"), so the nearest entity before the number in its clause is taken; of several
coordinated entities sharing it ("А мен Б облыстарында 5%"), the first. An entity that is
a source or speaker (followed by a reporting cue or a role: "комиссиясының мүшесі",
"мәліметінше") or a time zone ("Астана уақыты бойынша") is none. A list item or table
row without one takes the entity of the lines introducing it (a budget decision's
"Х ауылдық округінің бюджеті ... бекітілсін:", then "1) кірістер – ...:"); a clause
opening with an anaphor ("Онда ...") continues the previous sentence's subject."""

from __future__ import annotations

from functools import cache

import regex

from ..patterns.lexicons import coordinators
from .context import DocView, Placed
from .cues import ClaimCues
from .scope import Scope

_REPORT_WINDOW = 3  # words after an entity in which a reporting cue makes it a source
_TRIED = 12  # entities tried, nearest first


def is_source(view: DocView, entity: Placed, cues: ClaimCues) -> bool:
    """Whether the entity is cited as a source or speaker, or names a time zone."""
    first = view.word_range(entity.end, len(view.text)).start
    words = view.words
    if first < len(words) and cues.not_subject_index.any_at(words, first):
        return True
    sentence_end = view.sentence(entity.start)[1]
    for i in range(first, min(first + _REPORT_WINDOW, len(words))):
        if view.spans[i][0] >= sentence_end:
            break
        if cues.reporting_index.any_at(words, i):
            return True
    return False


@cache
def _coordination() -> regex.Pattern:
    """A comma or a coordinator (lexicons/conjunctions.yaml) between two entities."""
    return regex.compile(rf"\s*(?:,|{'|'.join(map(regex.escape, coordinators()))})\s*")


def _first_coordinated(view: DocView, entities: list[Placed], k: int) -> Placed:
    """The first of the entities coordinated with entities[k] ("А, Б және В облыстарында")."""
    while k > 0 and _coordination().fullmatch(view.text, entities[k - 1].end, entities[k].start):
        k -= 1
    return entities[k]


def _nearest_before(view: DocView, start: int, end: int, cues: ClaimCues) -> Placed | None:
    found = view.entities_in(start, end)
    for k in range(len(found) - 1, max(len(found) - 1 - _TRIED, -1), -1):
        if not is_source(view, found[k], cues):
            return _first_coordinated(view, found, k)
    return None


def find_subject(view: DocView, scope: Scope, number_start: int, cues: ClaimCues) -> Placed | None:
    """The entity the number at `number_start` is about, or None."""
    own = _nearest_before(view, scope.start, number_start, cues)
    if own:
        return own
    for intro in scope.intros:
        found = _nearest_before(view, intro.start, intro.end, cues)
        if found:
            return found
    opening = view.word_range(scope.sentence[0], number_start)
    if opening and cues.anaphor_index.any_at(view.words, opening.start):
        s_start = scope.sentence[0]
        if s_start > 0:
            prev_start, _ = view.sentence(s_start - 1)
            return _nearest_before(view, prev_start, s_start, cues)
    return None

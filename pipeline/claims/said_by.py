"""The source a number is cited from: the ORGANISATION or PERSON next to a reporting cue
("Бұл туралы Ұлттық банк хабарлады", "... деп хабарлады ҚР Қаржы министрлігі",
"Статистика бюросының мәліметінше"), in the number's sentence, else in the next sentence
(which often opens with "Бұл туралы"), else in the lines introducing its list."""

from __future__ import annotations

from .context import DocView, Placed
from .cues import ClaimCues
from .scope import Scope

WINDOW = 6  # words between a reporting cue and its source
REACH = 40  # words around the number (or from a sentence's start) searched for a cue
SOURCE_TYPES = ("ORGANISATION", "PERSON")


def _source_in(view: DocView, words: range, cues: ClaimCues) -> Placed | None:
    if not words:
        return None
    start, end = view.spans[words.start][0], view.spans[words.stop - 1][1]
    entities = [e for e in view.entities_in(start, end) if e.fact.type in SOURCE_TYPES]
    if not entities:
        return None
    best: tuple[int, Placed] | None = None
    for i in words:
        if not cues.reporting_index.any_at(view.words, i):
            continue
        cue_at = view.spans[i][0]
        for e in entities:
            gap = len(view.word_range(min(e.end, cue_at), max(e.start, cue_at)))
            if gap <= WINDOW and (best is None or gap < best[0]):
                best = (gap, e)
    return best[1] if best else None


def find_said_by(view: DocView, scope: Scope, start: int, cues: ClaimCues) -> str:
    """The value of the cited source's fact, '' when the text cites none."""
    searched = [view.around(*scope.sentence, start, REACH)]
    following = view.sentence_index(scope.sentence[0]) + 1
    if following < len(view.sentences):
        a, b = view.sentences[following]
        searched.append(view.around(a, b, a, REACH))
    searched += [view.around(b.start, b.end, b.end, REACH) for b in scope.intros]
    for words in searched:
        found = _source_in(view, words, cues)
        if found:
            return found.fact.value
    return ""

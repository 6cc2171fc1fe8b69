"""The source a number is cited from: the ORGANISATION or PERSON next to a reporting cue
("Бұл туралы Ұлттық банк хабарлады", "... деп хабарлады ҚР Қаржы министрлігі",
"Статистика бюросының мәліметінше"), in the number's sentence, else in the next sentence
(which often opens with "Бұл туралы"), else in the line introducing its list."""

from __future__ import annotations

from .context import DocView, Placed
from .cues import ClaimCues, matches_at
from .scope import Scope

WINDOW = 6  # words between a reporting cue and its source
SOURCE_TYPES = ("ORGANISATION", "PERSON")


def _source_in(view: DocView, start: int, end: int, cues: ClaimCues) -> Placed | None:
    entities = [e for e in view.entities_in(start, end) if e.fact.type in SOURCE_TYPES]
    if not entities:
        return None
    best: tuple[int, Placed] | None = None
    for i in view.word_range(start, end):
        if not any(matches_at(view.words, i, c) for c in cues.reporting):
            continue
        cue_at = view.spans[i][0]
        for e in entities:
            gap = len(view.word_range(min(e.end, cue_at), max(e.start, cue_at)))
            if gap <= WINDOW and (best is None or gap < best[0]):
                best = (gap, e)
    return best[1] if best else None


def find_said_by(view: DocView, scope: Scope, cues: ClaimCues) -> str:
    """The value of the cited source's fact, '' when the text cites none."""
    s_start, s_end = scope.sentence
    spans = [(s_start, s_end)]
    following = view.sentence_index(s_start) + 1
    if following < len(view.sentences):
        spans.append(view.sentences[following])
    spans += [(b.start, b.end) for b in scope.intros]
    for start, end in spans:
        found = _source_in(view, start, end, cues)
        if found:
            return found.fact.value
    return ""

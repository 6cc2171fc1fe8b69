"""The measure of a number: what it counts or measures, as stems.

A cue of the lexicon (patterns/lexicons/claims.yaml `measures`) nearest to the number in
its clause wins: the measured noun stands before the number ("орташа жалақы 285 мың
теңге", "инфляция 8,5%") or right after it ("6 кандидат", "10 050 учаскеде", "51 пайызы
дауыс берді"). A list item or table row without one takes the cue of the line that
introduces it ("азаматтардың келуі мынадай:"), else of the heading above it, else of its
sentence. With no
cue anywhere, the nearest content words before and after the number, without their
endings, stand in ("машина жасау 36%" -> "машина")."""

from __future__ import annotations

from ..patterns.morphology import strip_suffix
from .context import DocView
from .cues import ClaimCues, matches_at
from .scope import Scope

AFTER_WORDS = 3  # words after the number where its counted noun may stand
MIN_STEM = 3


def _cue_in(
    view: DocView, words: range, number_word: int, cues: ClaimCues, own: tuple[int, int] = (-1, -1)
) -> str | None:
    """The measure of the cue nearest to the word index `number_word` among `words`; a cue
    right after another number is that number's counted noun ("4 баласы бар отбасыларға –
    69 330 теңге": "бала" is counted by 4), not ours (`own`: our number's span)."""
    best: tuple[int, int, int, str] | None = None
    for i in words:
        for measure in cues.measures:
            for cue in measure.cues:
                if not matches_at(view.words, i, cue):
                    continue
                last = i + len(cue) - 1
                a, b = view.spans[i][0], view.spans[last][1]
                if view.inside_entity(a, b) or view.counted_by_other(a, own):
                    continue
                distance = number_word - last if last < number_word else i - number_word
                key = (abs(distance), 0 if last < number_word else 1, -len(cue), measure.measure)
                if best is None or key < best:
                    best = key
    return best[3] if best else None


def _content_stem(view: DocView, i: int, cues: ClaimCues) -> str | None:
    word = view.words[i]
    a, b = view.spans[i]
    if word in cues.stop_words or len(word) < MIN_STEM or not word.isalpha() and "-" not in word:
        return None
    if view.inside_entity(a, b) or any(d.start <= a and b <= d.end for d in view.dates):
        return None
    return strip_suffix(word, MIN_STEM)


def find_measure(view: DocView, scope: Scope, start: int, end: int, cues: ClaimCues) -> str:
    """The measure of the number at normalised [start, end), '' when nothing names it."""
    before = view.word_range(scope.start, start)
    own = view.word_range(start, end)
    after = view.word_range(end, scope.end)
    after = range(after.start, min(after.stop, after.start + AFTER_WORDS))
    number_word = own.start if own else before.stop
    window = range(before.start, after.stop)
    found = _cue_in(view, window, number_word, cues, (start, end))
    if found:
        return found
    for block in (*scope.intros, view.heading_before(scope.start)):
        if block is not None:
            found = _cue_in(view, view.word_range(block.start, block.end), len(view.words), cues)
            if found:
                return found
    found = _cue_in(view, view.word_range(scope.sentence[0], scope.sentence[1]), number_word, cues, (start, end))
    if found:
        return found
    stems = []
    for i in reversed(before):
        stem = _content_stem(view, i, cues)
        if stem:
            stems.append(stem)
            break
    for i in after:
        stem = _content_stem(view, i, cues)
        if stem:
            stems.append(stem)
            break
    return " ".join(dict.fromkeys(stems))

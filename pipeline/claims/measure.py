"""The measure of a number: what it counts or measures, as stems.

A cue of the lexicon (patterns/lexicons/claims.yaml `measures`) nearest to the number in
its clause wins: the measured noun stands before the number ("орташа жалақы 285 мың
теңге", "инфляция 8,5%") or right after it ("6 кандидат", "10 050 учаскеде", "51 пайызы
дауыс берді"); a cue right after another number is that number's counted noun ("4 баласы
бар отбасыларға – 69 330 теңге": "бала" is counted by 4). A list item or table row
without one takes the cue of the lines that introduce it ("азаматтардың келуі мынадай:"),
else the heading above it, else its sentence. With no cue anywhere, the nearest content
words before and after the number, without their endings, stand in ("машина жасау 36%"
-> "машина")."""

from __future__ import annotations

from functools import cache

import regex

from ..patterns.morphology import suffix_regex
from .context import DocView
from .cues import ClaimCues
from .scope import Scope

BEFORE_WORDS = 12  # words of the clause before the number searched for a cue
AFTER_WORDS = 3  # words after the number where its counted noun may stand
LINE_WORDS = 30  # words at the end of an intro line or heading searched
SENTENCE_WORDS = 25  # words on each side searched in the sentence
MIN_STEM = 3
STEM_KEEP = 5  # letters a stem keeps
HEADED = ("heading", "list_item", "table_cell", "caption", "furniture", "dateline")  # may stand under a heading


def _cue_in(
    view: DocView, words: range, number_word: int, cues: ClaimCues, own: tuple[int, int] = (-1, -1)
) -> str | None:
    """The measure of the cue nearest to the word index `number_word` among `words`
    (`own`: the number's span, whose counted noun a cue may be)."""
    best: tuple | None = None
    for i in words:
        for cue, measure in cues.measure_index.at(view.words, i):
            last = min(i + len(cue), len(view.words)) - 1
            a, b = view.spans[i][0], view.spans[last][1]
            if view.inside_name(a, b) or view.counted_by_other(a, own):
                continue
            distance = number_word - last if last < number_word else i - number_word
            if measure.counted and not (last >= number_word and distance <= 1):
                continue
            key = (abs(distance), 0 if last < number_word else 1, -len(cue), measure.measure)
            if best is None or key < best:
                best = key
    return best[3] if best else None


def _heading_above(view: DocView, scope: Scope):
    """The heading right above the number's block or list (no paragraph between them)."""
    heading = view.heading_before(scope.start)
    if heading is None:
        return None
    inner = view.blocks_between(heading, scope.block.start if scope.block is not None else scope.start)
    return heading if all(b.kind in HEADED for b in inner) else None


def _content_stem(view: DocView, i: int, cues: ClaimCues) -> str | None:
    word = view.words[i]
    a, b = view.spans[i]
    if word in cues.stop_words or len(word) < MIN_STEM or not word.replace("-", "").isalpha():
        return None
    if view.inside_entity(a, b) or view.inside_value(a, b):
        return None
    return light_stem(word)


@cache
def _endings() -> regex.Pattern:
    return regex.compile(f"(?:{suffix_regex()})")


def light_stem(word: str) -> str:
    """The word without its endings, cut as little as reads as an ending of two letters or
    more and never below STEM_KEEP letters ("жасауда" -> "жасау", "локомотивтер" ->
    "локомотив"; "машина" stays: "-на" would leave too short a stem)."""
    for cut in range(max(len(word) - 6, STEM_KEEP), len(word) - 1):
        if _endings().fullmatch(word, cut):
            return word[:cut]
    return word


def find_measure(view: DocView, scope: Scope, start: int, end: int, cues: ClaimCues) -> str:
    """The measure of the number at normalised [start, end), '' when nothing names it."""
    before = view.word_range(scope.start, start)
    before = range(max(before.start, before.stop - BEFORE_WORDS), before.stop)
    own = view.word_range(start, end)
    after = view.word_range(end, scope.end)
    after = range(after.start, min(after.stop, after.start + AFTER_WORDS))
    number_word = own.start if own else before.stop
    found = _cue_in(view, range(before.start, after.stop), number_word, cues, (start, end))
    if found:
        return found
    for block in (*scope.intros, _heading_above(view, scope)):
        if block is not None:
            line = view.word_range(block.start, block.end)
            line = range(max(line.start, line.stop - LINE_WORDS), line.stop)
            found = _cue_in(view, line, line.stop, cues)
            if found:
                return found
    stems = _content_stems(view, before, after, cues)
    if any(view.spans[i][0] >= scope.start for i in before) and stems:
        return " ".join(stems)
    sentence = view.around(*scope.sentence, start, SENTENCE_WORDS)
    found = _cue_in(view, sentence, number_word, cues, (start, end))
    if found:
        return found
    index = view.sentence_index(scope.sentence[0])
    if index > 0:  # an elliptical follow-up continues the previous sentence's measure
        a, b = view.sentences[index - 1]
        previous = view.around(a, b, b, SENTENCE_WORDS)
        found = _cue_in(view, previous, previous.stop, cues)
        if found:
            return found
    return " ".join(stems)


def _content_stems(view: DocView, before: range, after: range, cues: ClaimCues) -> list[str]:
    """The nearest content words before the number (at most two) and after it (one)."""
    stems: list[str] = []
    for i in reversed(before):
        stem = _content_stem(view, i, cues)
        if stem:
            stems.insert(0, stem)
            if len(stems) == 2:
                break
    for i in after:
        stem = _content_stem(view, i, cues)
        if stem:
            stems.append(stem)
            break
    return list(dict.fromkeys(stems))

"""The claims of one processed document: one per CARDINAL, PERCENTAGE, MONEY or QUANTITY
fact, and one per dated event (a DATE that anchors a clause with enough content words)."""

from __future__ import annotations

from ..document import Document, Fact
from ..patterns.morphology import strip_suffix
from ..text.normalise import NormalisedText
from ..text.script import latin_tables
from ..text.structure import Structure
from .context import DocView, Placed
from .cues import ClaimCues, CueHits, claim_cues
from .measure import MIN_STEM, find_measure
from .records import CLAIM_TYPES, EVENT_TYPE, Claim
from .said_by import find_said_by
from .scope import Scope, scope_of
from .subject import find_subject
from .when import find_when, is_anchor

EVENT_STEMS = 8  # key words kept for an event
EVENT_REACH = 40  # words around a date (or number) read for its event words and occasion
NO_EVENTS = ("heading", "dateline", "furniture", "caption", "table_cell")


def build_claims(
    document: Document,
    norm: NormalisedText,
    structure: Structure | None,
    sentences: list[tuple[int, int]],
    facts: list[Fact],
    cues: ClaimCues | None = None,
) -> list[Claim]:
    """The claims of a document, in the order of its facts."""
    cues = cues or claim_cues()
    view = DocView(document, norm, structure, sentences, facts)
    alphabet = latin_tables().alphabets[norm.alphabet] if norm.alphabet else None
    occasions = CueHits(view.words, cues.occasion_index)
    out = []
    for placed in view.facts:
        fact = placed.fact
        if fact.type in CLAIM_TYPES:
            claim = _number_claim(view, placed, cues, occasions)
        elif fact.type == EVENT_TYPE:
            claim = _event_claim(view, placed, cues, occasions)
        else:
            continue
        if claim is None:
            continue
        if alphabet and any(a <= placed.start < b for a, b in norm.latin):
            claim.measure = alphabet.to_latin(claim.measure)
        out.append(claim)
    return out


def _claim(view: DocView, placed: Placed, scope: Scope, cues: ClaimCues, occasions: CueHits, **columns) -> Claim:
    fact = placed.fact
    subject = find_subject(view, scope, placed.start, cues)
    return Claim(
        claim_id=f"c{fact.fact_id}",
        doc_id=fact.doc_id,
        fact_id=fact.fact_id,
        text=fact.text,
        start=fact.start,
        end=fact.end,
        type=fact.type,
        value=fact.value,
        unit=fact.unit,
        qualifier=fact.qualifier,
        subject=subject.fact.value if subject else "",
        subject_fact_id=subject.fact.fact_id if subject else "",
        said_by=find_said_by(view, scope, placed.start, cues),
        occasion=_occasion(view, scope, placed.start, occasions) or occasions.first() or "",
        block=fact.block,
        group=scope.block.group if scope.block is not None and scope.block.group is not None else -1,
        sentence_id=fact.sentence_id,
        **columns,
    )


def _number_claim(view: DocView, placed: Placed, cues: ClaimCues, occasions: CueHits) -> Claim:
    scope = scope_of(view, placed.start, placed.end)
    when, source = find_when(view, scope, placed.start, cues)
    measure = find_measure(view, scope, placed.start, placed.end, cues)
    return _claim(view, placed, scope, cues, occasions, measure=measure, when=when, when_source=source)


def _event_claim(view: DocView, placed: Placed, cues: ClaimCues, occasions: CueHits) -> Claim | None:
    """A dated event: a DATE anchoring a sentence (or list item) with enough content words."""
    if placed.fact.block in NO_EVENTS or not placed.fact.value or not is_anchor(view, placed, cues):
        return None
    scope = scope_of(view, placed.start, placed.end)
    stems = event_stems(view, view.around(*scope.sentence, placed.start, EVENT_REACH), cues)
    if len(stems) < cues.event_min_shared:
        return None
    return _claim(
        view, placed, scope, cues, occasions, measure=" ".join(stems), when=placed.fact.value, when_source="self"
    )


def event_stems(view: DocView, words: range, cues: ClaimCues) -> list[str]:
    """The content words (`words`: their indices) of an event's sentence, without endings,
    dates and numbers."""
    stems: list[str] = []
    for i in words:
        a, b = view.spans[i]
        word = view.words[i]
        if word in cues.stop_words or len(word) < MIN_STEM + 1 or not word.replace("-", "").isalpha():
            continue
        if view.inside_value(a, b):
            continue
        stem = strip_suffix(word, MIN_STEM + 1)
        if stem not in stems:
            stems.append(stem)
    return stems[:EVENT_STEMS]


def _occasion(view: DocView, scope: Scope, start: int, occasions: CueHits) -> str:
    """The occasion named in the number's sentence or the lines introducing it."""
    spans = [view.around(*scope.sentence, start, EVENT_REACH)]
    spans += [view.around(b.start, b.end, b.end, EVENT_REACH) for b in scope.intros]
    for words in spans:
        found = occasions.first(words)
        if found:
            return found
    return ""

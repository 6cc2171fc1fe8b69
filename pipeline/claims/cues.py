"""The claims lexicon, patterns/lexicons/claims.yaml, and how its stems match words."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from ..patterns.loader import load_patterns

FILE = "lexicons/claims.yaml"
WORD = regex.compile(r"[\p{L}\p{M}№]+(?:-[\p{L}\p{M}]+)*")

Cue = tuple[str, ...]  # the stems of a cue, one per word


@dataclass(frozen=True)
class Measure:
    id: str
    measure: str
    cues: tuple[Cue, ...]


@dataclass(frozen=True)
class ClaimCues:
    measures: tuple[Measure, ...]
    reporting: tuple[Cue, ...]
    not_subject_after: tuple[Cue, ...]
    anaphors: tuple[Cue, ...]
    not_anchor_after: tuple[Cue, ...]
    occasions: tuple[Cue, ...]
    stop_words: frozenset[str]
    event_min_shared: int
    examples: tuple[dict, ...]


def _cues(words: list[str]) -> tuple[Cue, ...]:
    return tuple(tuple(w.lower().split()) for w in words)


@cache
def claim_cues(root: Path | None = None) -> ClaimCues:
    """The lexicon (validated by the one patterns loader)."""
    data = load_patterns(root).data(FILE)
    return ClaimCues(
        measures=tuple(Measure(m["id"], m["measure"], _cues(m["cues"])) for m in data.get("measures", [])),
        reporting=_cues(data.get("reporting", [])),
        not_subject_after=_cues(data.get("not_subject_after", [])),
        anaphors=_cues(data.get("anaphors", [])),
        not_anchor_after=_cues(data.get("not_anchor_after", [])),
        occasions=_cues(data.get("occasions", [])),
        stop_words=frozenset(w.lower() for w in data.get("stop_words", [])),
        event_min_shared=int(data.get("event_min_shared", 3)),
        examples=tuple(dict(e) for e in data.get("examples", [])),
    )


def matches_at(words: list[str], i: int, cue: Cue) -> bool:
    """Whether the lower-case `words` from index i begin with the stems of `cue`."""
    return i + len(cue) <= len(words) and all(words[i + k].startswith(stem) for k, stem in enumerate(cue))


def first_match(words: list[str], cues: tuple[Cue, ...]) -> tuple[int, Cue] | None:
    """The first (index, cue) of `cues` matching in `words`."""
    for i in range(len(words)):
        for cue in cues:
            if matches_at(words, i, cue):
                return i, cue
    return None

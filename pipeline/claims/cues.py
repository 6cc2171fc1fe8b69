"""The claims lexicon, patterns/lexicons/claims.yaml, and how its stems match words."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from ..patterns.loader import load_patterns

FILE = "lexicons/claims.yaml"
WORD = regex.compile(r"[\p{L}\p{M}№]+(?:-[\p{L}\p{M}]+)*")

Cue = tuple[str, ...]  # the stems of a cue, one per word


class CueIndex:
    """Cues by their first stem, so that the cues matching at a word are found by looking up
    the word's beginnings (cost: the word's length, not the lexicon's size), once per
    distinct word (up to WORDS_KEPT of them)."""

    WORDS_KEPT = 10_000

    def __init__(self, entries: list[tuple[Cue, object]]):
        self._by_first: dict[str, list[tuple[Cue, object]]] = {}
        for cue, payload in entries:
            self._by_first.setdefault(cue[0], []).append((cue, payload))
        self._lengths = sorted({len(first) for first in self._by_first})
        # the first letters of every first stem, as many as the shortest has: a word without
        # them starts no cue (most words), known without a look-up of its own
        self._shortest = self._lengths[0] if self._lengths else 0
        self._openings = {first[: self._shortest] for first in self._by_first}
        self._starting: dict[str, tuple[tuple[Cue, object], ...]] = {}

    def starting(self, word: str) -> tuple[tuple[Cue, object], ...]:
        """The (cue, payload) pairs whose first stem begins `word`, shorter stems first."""
        found = self._starting.get(word)
        if found is None:
            if word[: self._shortest] not in self._openings:
                return ()
            if len(self._starting) >= self.WORDS_KEPT:
                self._starting.clear()
            found = self._starting[word] = tuple(
                entry for n in self._lengths if n <= len(word) for entry in self._by_first.get(word[:n], ())
            )
        return found

    def at(self, words: list[str], i: int) -> list[tuple[Cue, object]]:
        """The (cue, payload) pairs matching the words from index i."""
        return [
            (cue, payload) for cue, payload in self.starting(words[i]) if len(cue) == 1 or matches_at(words, i, cue)
        ]

    def any_at(self, words: list[str], i: int) -> bool:
        return bool(self.at(words, i))


@dataclass(frozen=True)
class Measure:
    id: str
    measure: str
    cues: tuple[Cue, ...]
    counted: bool = False  # a cue counts only right after the number


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
    act_numbers: frozenset[str] = frozenset()
    attributive_endings: tuple[str, ...] = ()
    national_subjects: frozenset[str] = frozenset()  # lower case: the country as a whole

    def __post_init__(self) -> None:
        index = {
            "measure_index": [(cue, m) for m in self.measures for cue in m.cues],
            "reporting_index": [(cue, None) for cue in self.reporting],
            "not_subject_index": [(cue, None) for cue in self.not_subject_after],
            "anaphor_index": [(cue, None) for cue in self.anaphors],
            "not_anchor_index": [(cue, None) for cue in self.not_anchor_after],
            "occasion_index": [(cue, cue[0]) for cue in self.occasions],
        }
        for name, entries in index.items():
            object.__setattr__(self, name, CueIndex(entries))


def _cues(words: list[str]) -> tuple[Cue, ...]:
    return tuple(tuple(w.lower().split()) for w in words)


@cache
def claim_cues(root: Path | None = None) -> ClaimCues:
    """The lexicon (validated by the one patterns loader)."""
    data = load_patterns(root).data(FILE)
    return ClaimCues(
        measures=tuple(
            Measure(m["id"], m["measure"], _cues(m["cues"]), bool(m.get("counted"))) for m in data.get("measures", [])
        ),
        reporting=_cues(data.get("reporting", [])),
        not_subject_after=_cues(data.get("not_subject_after", [])),
        anaphors=_cues(data.get("anaphors", [])),
        not_anchor_after=_cues(data.get("not_anchor_after", [])),
        occasions=_cues(data.get("occasions", [])),
        stop_words=frozenset(w.lower() for w in data.get("stop_words", [])),
        event_min_shared=int(data.get("event_min_shared", 3)),
        examples=tuple(dict(e) for e in data.get("examples", [])),
        act_numbers=frozenset(data.get("act_numbers", [])),
        attributive_endings=tuple(data.get("attributive_endings", [])),
        national_subjects=frozenset(" ".join(w.lower().split()) for w in data.get("national_subjects", [])),
    )


def matches_at(words: list[str], i: int, cue: Cue) -> bool:
    """Whether the lower-case `words` from index i begin with the stems of `cue`."""
    return i + len(cue) <= len(words) and all(words[i + k].startswith(stem) for k, stem in enumerate(cue))


class CueHits:
    """Where the cues of an index match in a list of words, found in one pass: the first
    match in any range of them is then a look-up."""

    def __init__(self, words: list[str], index: CueIndex):
        self.places: list[int] = []
        self.payloads: list[object] = []
        starting = {word: index.starting(word) for word in set(words)}
        for i, word in enumerate(words):
            for cue, payload in starting[word]:
                if len(cue) == 1 or matches_at(words, i, cue):
                    self.places.append(i)
                    self.payloads.append(payload)
                    break

    def first(self, within: range | None = None) -> object | None:
        """The payload of the first cue matching at the indices `within` (default: all)."""
        if within is None:
            return self.payloads[0] if self.payloads else None
        k = bisect_left(self.places, within.start)
        return self.payloads[k] if k < len(self.places) and self.places[k] < within.stop else None

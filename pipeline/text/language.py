"""Russian sentences inside Kazakh text: a light detector reading Kazakh letters and
Russian function words (patterns/lexicons/russian.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from ..paths import patterns_dir
from ..patterns.loader import pattern_data
from ..patterns.regexcache import cached_compiles
from ..patterns.yamlfile import PatternFileError, line_of

_WORD = regex.compile(r"\p{Cyrillic}+")


@dataclass(frozen=True)
class RussianDetector:
    kazakh_letters: frozenset[str]
    function_words: frozenset[str]
    min_words: int
    short: int

    def is_russian(self, sentence: str) -> bool:
        """Whether the sentence is Russian: no Kazakh letter and enough Russian function words."""
        if any(c in self.kazakh_letters for c in sentence):
            return False
        words = [w.lower() for w in _WORD.findall(sentence)]
        hits = sum(1 for w in words if w in self.function_words)
        return hits >= self.min_words or (hits >= 1 and len(words) <= self.short)


@lru_cache(maxsize=4)
@cached_compiles
def russian_detector(root: Path | None = None) -> RussianDetector:
    """The detector of lexicons/russian.yaml, its examples and negatives checked."""
    path = (root or patterns_dir()) / "lexicons" / "russian.yaml"
    data = pattern_data(path, root)
    detector = RussianDetector(
        frozenset(data.get("kazakh_letters") or ""),
        frozenset(w.lower() for w in data.get("function_words") or ()),
        int(data.get("min_words") or 2),
        int(data.get("short") or 0),
    )
    for key, expected in (("examples", True), ("negatives", False)):
        items = data.get(key) or []
        for i, text in enumerate(items):
            if detector.is_russian(text) != expected:
                raise PatternFileError(
                    path,
                    line_of(items, line_of(data, 1, key)),
                    f"{key} {i + 1}: {text!r} reads as {'Kazakh' if expected else 'Russian'}",
                )
    return detector

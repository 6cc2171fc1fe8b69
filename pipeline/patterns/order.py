"""The order of the words in an alternation: longest first (a regex alternation takes the
first alternative that matches), ties in alphabetical order, so that an expression built
from a set is the same string in every process (the compiled-expression cache keys on it)."""

from __future__ import annotations

from collections.abc import Iterable


def longest_first(words: Iterable[str]) -> list[str]:
    """`words` longest first, equal lengths in alphabetical order."""
    return sorted(words, key=lambda w: (-len(w), w))

"""The order of the words in an alternation: longest first (a regex alternation takes the
first alternative that matches), ties in alphabetical order, so that an expression built
from a set is the same string in every process (the compiled-expression cache keys on it);
or a set of words factored into a trie of their prefixes."""

from __future__ import annotations

from collections.abc import Iterable

import regex


def longest_first(words: Iterable[str]) -> list[str]:
    """`words` longest first, equal lengths in alphabetical order."""
    return sorted(words, key=lambda w: (-len(w), w))


def trie_pattern(words: Iterable[str]) -> str:
    """A regex for a set of plain words, factored by common prefixes (faster to scan); a
    shorter word is optional after its prefix, so it matches the longest word it can."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [regex.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie) or "(?!)"

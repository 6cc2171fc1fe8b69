"""Cue words of the name types (patterns/lexicons/name_cues.yaml), a feature of the NER model.

`load_cues().label_of("министрінің")` -> "POSITION"; `label_of("алматылықтар")` -> "NORP"
(a demonym of a registry place). Words match in any inflected form via the shared suffix
table; the file is validated and its errors name the file and line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import regex

from ..document import LABELS
from ..paths import patterns_dir
from ..patterns.loader import pattern_data
from ..patterns.morphology import VOICED, derivational_endings, inflected, literal_prefix, suffix_regex
from ..patterns.order import longest_first
from ..patterns.regexcache import cached_compiles
from ..patterns.yamlfile import PatternErrors, PatternFileError, line_of
from ..registry.gazetteer import load_gazetteer

FILE = Path("lexicons") / "name_cues.yaml"
_PLACE_TYPES = {"GPE", "LOCATION"}
PREFIX = 3  # letters of a word looked up before its expression is tried


class Starts:
    """How the words that the stems' inflected forms match begin: their first PREFIX letters,
    or a literal part shorter than that ("шу"). A word that begins otherwise needs no
    expression tried: on news text a word's look-up costs a quarter of what trying them all did."""

    def __init__(self, stems: list[str]):
        literal = {literal_prefix(stem)[:PREFIX] for stem in stems}
        self.prefixes = frozenset(p for p in literal if len(p) == PREFIX)
        self.short = tuple(sorted(p for p in literal if len(p) < PREFIX))

    def __contains__(self, word: str) -> bool:
        return word[:PREFIX] in self.prefixes or word.startswith(self.short)


class NameCues:
    """Word -> label lookup for the cue words and the demonyms of registry places."""

    def __init__(self, words: dict[str, str], demonym_label: str | None, places: list[str], root: Path | None):
        by_label: dict[tuple[bool, str], list[str]] = {}
        for word, label in words.items():
            by_label.setdefault((word[:1].isupper(), label), []).append(word)
        # one expression per case, a named group per label in label order: the first label
        # whose words match the whole word wins, as when each label's words were tried in turn
        self._patterns: list[tuple[bool, Starts, regex.Pattern, list[tuple[str, str]]]] = []
        for capital in (False, True):
            labels = sorted(label for cap, label in by_label if cap == capital)
            if labels:
                groups = [(f"cue{i}", label) for i, label in enumerate(labels)]
                alternatives = (
                    f"(?P<{group}>"
                    + "|".join(inflected(w, hyphen=False, root=root) for w in longest_first(by_label[capital, label]))
                    + ")"
                    for group, label in groups
                )
                stems = [w for label in labels for w in by_label[capital, label]]
                self._patterns.append((capital, Starts(stems), regex.compile("|".join(alternatives)), groups))
        self._demonym = None
        if demonym_label and places:
            adj = "|".join(e[:-1] + f"[{e[-1]}{VOICED.get(e[-1], '')}]" for e in derivational_endings(root)["adj"])
            names = "|".join(regex.escape(p) for p in longest_first(places))
            self._demonym = (
                demonym_label,
                Starts(places),
                regex.compile(f"(?:{names})(?:{adj})(?:{suffix_regex(root)})"),
            )

    def label_of(self, word: str) -> str:
        """The cue label of one word ("" when it is no cue)."""
        lower = word.lower()
        capitalised = word[:1] + lower[1:]
        for capital, starts, pattern, groups in self._patterns:
            subject = capitalised if capital else lower
            if subject not in starts:
                continue
            found = pattern.fullmatch(subject)
            if found:
                return next(label for group, label in groups if found.group(group) is not None)
        if self._demonym:
            label, starts, pattern = self._demonym
            if lower in starts and pattern.fullmatch(lower):
                return label
        return ""


def load_cues(root: Path | None = None) -> NameCues:
    """The validated cue lexicon of `root` (default: the patterns/ folder); cached.
    A malformed file raises PatternErrors naming the file and line."""
    try:
        return _cached((root or patterns_dir()).resolve())
    except PatternFileError as exc:
        raise PatternErrors([exc]) from None


@cache
@cached_compiles
def _cached(root: Path) -> NameCues:
    path = root / FILE
    data = pattern_data(path, root)  # its sections already checked by the loader's schema
    cues = data.get("cues")
    if not isinstance(cues, dict) or not cues:
        raise PatternFileError(path, line_of(data, 1), "'cues' must be a mapping label -> list of words")
    words: dict[str, str] = {}
    for label, items in cues.items():
        if label not in LABELS:
            raise PatternFileError(
                path, line_of(cues, key=label), f"'{label}' is not a KazNERD label; known: {sorted(LABELS)}"
            )
        if not isinstance(items, list) or not all(
            isinstance(w, str) and w.strip() and " " not in w.strip() for w in items
        ):
            raise PatternFileError(path, line_of(cues, key=label), f"'{label}' must be a list of single words")
        for word in items:
            word = word.strip()
            word = word if word[:1].isupper() else word.lower()
            if words.get(word, label) != label:
                raise PatternFileError(
                    path, line_of(cues, key=label), f"'{word}' is a cue of both {words[word]} and {label}"
                )
            words[word] = label
    demonym_label = data.get("demonyms")
    if demonym_label is not None and demonym_label not in LABELS:
        raise PatternFileError(
            path, line_of(data, 1), f"'demonyms' must be a KazNERD label or null, got {demonym_label!r}"
        )
    places = sorted(
        {
            name.lower()
            for entry in load_gazetteer(root).entries.values()
            if entry.type in _PLACE_TYPES
            for name in (entry.name, *entry.aliases)
            if " " not in name
        }
    )
    return NameCues(words, demonym_label, places, root)

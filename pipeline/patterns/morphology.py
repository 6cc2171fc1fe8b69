"""Kazakh morphology in one place: the suffix chain from patterns/lexicons/suffixes.yaml
as a regex (shared by every rule) and a suffix stripper (shared by the name matchers)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import regex

from ..paths import patterns_dir
from .loader import pattern_data
from .order import longest_first
from .yamlfile import PatternFileError, line_of


@cache
def suffix_slots(root: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Slot name -> endings (longest first), in attachment order."""
    path = (root or patterns_dir()) / "lexicons" / "suffixes.yaml"
    data = pattern_data(path, root)
    slots = data.get("slots") if isinstance(data, dict) else None
    if not isinstance(slots, dict) or not slots:
        raise PatternFileError(path, line_of(data, 1), "needs a non-empty mapping 'slots'")
    out = {}
    for name, endings in slots.items():
        if not isinstance(endings, list) or not all(isinstance(e, str) and e for e in endings):
            raise PatternFileError(path, line_of(slots), f"slot '{name}' must be a list of non-empty strings")
        out[str(name)] = tuple(longest_first(set(endings)))
    return out


@dataclass(frozen=True)
class Vowels:
    """The vowel letters of suffixes.yaml: back, front and neutral (у, ю)."""

    back: frozenset[str]
    front: frozenset[str]
    neutral: frozenset[str]

    @property
    def all(self) -> frozenset[str]:
        return self.back | self.front | self.neutral


@cache
def vowels(root: Path | None = None) -> Vowels:
    """The vowel classes of lexicons/suffixes.yaml."""
    path = (root or patterns_dir()) / "lexicons" / "suffixes.yaml"
    data = pattern_data(path, root)
    table = data.get("vowels") if isinstance(data, dict) else None
    if not isinstance(table, dict) or set(table) != {"back", "front", "neutral"}:
        raise PatternFileError(path, line_of(data, 1), "needs 'vowels' with exactly 'back', 'front' and 'neutral'")
    return Vowels(*(frozenset(ch.lower() for ch in table[k]) for k in ("back", "front", "neutral")))


def is_back(word: str, root: Path | None = None) -> bool:
    """Vowel harmony: does the word's last back or front vowel call for back-vowel endings?"""
    table = vowels(root)
    for ch in reversed(word.lower()):
        if ch in table.back:
            return True
        if ch in table.front:
            return False
    return True


@cache
def derivational_endings(root: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Name -> word-forming endings ('adj': лық, лік ...), from the same suffix table."""
    path = (root or patterns_dir()) / "lexicons" / "suffixes.yaml"
    data = pattern_data(path, root)
    table = data.get("derivational", {}) if isinstance(data, dict) else {}
    if not isinstance(table, dict):
        raise PatternFileError(path, line_of(data, 1), "'derivational' must be a mapping name -> list of endings")
    out = {}
    for name, endings in table.items():
        if not isinstance(name, str) or not name.isidentifier() or not name.islower():
            raise PatternFileError(path, line_of(table), f"derivational name {name!r} must be a lower-case identifier")
        if not isinstance(endings, list) or not endings or not all(isinstance(e, str) and e for e in endings):
            raise PatternFileError(
                path, line_of(table), f"derivational '{name}' must be a non-empty list of non-empty strings"
            )
        out[name] = tuple(longest_first(set(endings)))
    return out


@cache
def latin_slots(root: Path | None = None) -> dict[str, tuple[str, ...]]:
    """The suffix table spelled in the Latin alphabet (patterns/registry/latin.yaml)."""
    from .latin import to_latin

    return {
        name: tuple(longest_first({to_latin(e, root) for e in endings})) for name, endings in suffix_slots(root).items()
    }


def suffix_regex(root: Path | None = None, latin: bool = False) -> str:
    """A regex fragment matching any (possibly empty) chain of endings, in slot order;
    with `latin`, the endings as the Latin alphabet spells them ("oblysynda")."""
    slots = latin_slots(root) if latin else suffix_slots(root)
    return "".join(f"(?:{'|'.join(endings)})?" for endings in slots.values())


@cache
def _chain(root: Path | None) -> regex.Pattern:
    """An ending chain that runs to the text's end (for `fullmatch` at a cut, or `search`)."""
    return regex.compile(rf"(?:{suffix_regex(root)})\Z", regex.IGNORECASE)


@lru_cache(maxsize=16_384)  # the claims' event words and the model's features repeat, Zipf-like
def strip_suffix(word: str, min_stem: int = 2, root: Path | None = None, keep: frozenset[str] = frozenset()) -> str:
    """Remove the longest ending chain that leaves a stem of at least `min_stem` letters.

    "комиссиясының" -> "комиссия", "мәслихатына" -> "мәслихат", "%-ке" -> "%".
    With `keep` (lower-case words the registry and the lexicons know), a known word is
    never cut below itself: the longest known stem the word begins with, followed by an
    ending chain, is the stem ("Алматыда" -> "Алматы", not "Алмат"; "Қазақстанның" ->
    "Қазақстан", not "Қазақс").
    """
    base = word.rstrip("-")
    if "-" in base:
        head, _, tail = base.rpartition("-")
        if _chain(root).fullmatch(tail):
            return head
    pattern = _chain(root)
    if keep:
        low = base.lower()
        for cut in range(len(base), min_stem - 1, -1):
            if low[:cut] in keep and (cut == len(base) or pattern.fullmatch(base, cut)):
                return base[:cut]
    # the leftmost place from which a non-empty chain runs to the word's end: one search
    # rather than a full match tried at each cut
    found = pattern.search(base, min_stem)
    return base[: found.start()] if found and found.start() < len(base) else base


# Final consonants that voice before a vowel-initial ending ("Қазақ" -> "Қазағы"),
# in both alphabets ("Qazaq" -> "Qazaǵy").
VOICED = {"п": "б", "к": "г", "қ": "ғ"}
LATIN_VOICED = {"p": "b", "k": "g", "q": "ǵ"}


def voicing_stem(word: str) -> str:
    """A regex for `word` whose final п/к/қ may be voiced when letters follow
    ("қыркүйек" -> "қыркүйег(інде)"); the caller decides that the word may voice."""
    voiced = {**VOICED, **LATIN_VOICED}[word[-1].lower()]
    return f"{regex.escape(word[:-1])}(?:{regex.escape(word[-1])}|{voiced}(?=\\p{{L}}))"


def voices(stem: str, latin: bool = False) -> bool:
    """Whether `inflected` lets the stem's final п/к/қ (p/k/q) voice: not in an acronym or a short word."""
    return stem[-1:].lower() in (LATIN_VOICED if latin else VOICED) and len(stem) > 2 and not stem.isupper()


def literal_prefix(stem: str) -> str:
    """The part of `stem` that `inflected(stem)` matches letter for letter, in either alphabet:
    all of it, or all but a final letter that may voice ("қазақ" -> "қаза")."""
    return stem[:-1] if voices(stem) or voices(stem, latin=True) else stem


def inflected(stem: str, hyphen: bool | None = None, root: Path | None = None, latin: bool = False) -> str:
    """A regex fragment: `stem` followed by any (possibly empty) chain of endings.

    The stem is taken as written, so a possessive stem keeps its buffer letter for
    the case endings of the table: "облысы" matches "облысында", "облысының";
    "комиссиясы" matches "комиссиясына"; a bare stem takes the possessive from the
    table ("облыс" -> "облысы" -> "облысында"). A final п/к/қ may voice (б/г/ғ).
    With `hyphen` (default: when the stem is an acronym or ends in a digit) the
    chain may follow a hyphen ("ОСК-ның", "АҚШ-тың"). With `latin`, the endings are
    spelled in the Latin alphabet ("oblysy" matches "oblysynda"). No boundaries are added.
    """
    if hyphen is None:
        hyphen = stem[-1:].isdigit() or (len(stem) > 1 and stem.isupper())
    if voices(stem, latin):
        body = voicing_stem(stem)
    else:
        body = regex.escape(stem)
    chain = suffix_regex(root, latin)
    return f"{body}(?:{'-?' if hyphen else ''}{chain})"

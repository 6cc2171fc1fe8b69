"""Kazakh morphology in one place: the suffix chain from patterns/lexicons/suffixes.yaml
as a regex (shared by every rule) and a suffix stripper (shared by the name matchers)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import regex

from .paths import patterns_dir
from .yamlfile import PatternFileError, line_of, load_yaml


@lru_cache(maxsize=None)
def suffix_slots(root: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Slot name -> endings (longest first), in attachment order."""
    path = (root or patterns_dir()) / "lexicons" / "suffixes.yaml"
    data = load_yaml(path)
    slots = data.get("slots") if isinstance(data, dict) else None
    if not isinstance(slots, dict) or not slots:
        raise PatternFileError(path, line_of(data, 1), "needs a non-empty mapping 'slots'")
    out = {}
    for name, endings in slots.items():
        if not isinstance(endings, list) or not all(isinstance(e, str) and e for e in endings):
            raise PatternFileError(path, line_of(slots), f"slot '{name}' must be a list of non-empty strings")
        out[str(name)] = tuple(sorted(set(endings), key=len, reverse=True))
    return out


def suffix_regex(root: Path | None = None) -> str:
    """A regex fragment matching any (possibly empty) chain of endings, in slot order."""
    return "".join(f"(?:{'|'.join(endings)})?" for endings in suffix_slots(root).values())


@lru_cache(maxsize=None)
def _chain(root: Path | None) -> regex.Pattern:
    return regex.compile(rf"(?:{suffix_regex(root)})$", regex.IGNORECASE)


def strip_suffix(word: str, min_stem: int = 2, root: Path | None = None) -> str:
    """Remove the longest ending chain that leaves a stem of at least `min_stem` letters.

    "комиссиясының" -> "комиссия", "мәслихатына" -> "мәслихат", "%-ке" -> "%".
    """
    base = word.rstrip("-")
    if "-" in base:
        head, _, tail = base.rpartition("-")
        if _chain(root).fullmatch(tail):
            return head
    pattern = _chain(root)
    for cut in range(min_stem, len(base)):
        if pattern.fullmatch(base, cut):
            return base[:cut]
    return base

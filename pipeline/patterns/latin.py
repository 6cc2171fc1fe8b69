"""Cyrillic Kazakh to the Latin alphabet of Kazakh news sites (patterns/registry/latin.yaml),
so that the registry and the suffix table can be matched in Latin-script text.

    to_latin("Қарағанды облысы") -> "Qaraǵandy oblysy"
    to_latin("ОСК") -> "OSK"
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..paths import patterns_dir
from .loader import pattern_data
from .yamlfile import PatternErrors, PatternFileError, line_of

LATIN_FILE = "latin.yaml"


@cache
def latin_letters(root: Path | None = None) -> dict[str, str]:
    """Lower-case Cyrillic letter -> Latin spelling; the file's examples are checked."""
    path = (root or patterns_dir()) / "registry" / LATIN_FILE
    try:
        data = pattern_data(path, root)
    except PatternFileError as exc:
        raise PatternErrors([exc]) from None
    top = line_of(data, 1)
    if not isinstance(data, dict) or set(data) - {"letters", "examples"}:
        raise PatternErrors([PatternFileError(path, top, "the file must be a mapping with 'letters' and 'examples'")])
    letters = data.get("letters")
    if not isinstance(letters, dict) or not all(
        isinstance(k, str) and len(k) == 1 and k.islower() and isinstance(v, str) for k, v in letters.items()
    ):
        raise PatternErrors(
            [PatternFileError(path, line_of(letters, top), "'letters' must map one lower-case letter to a string")]
        )
    table = {k: v for k, v in letters.items()}
    errors = []
    for ex in data.get("examples") or []:
        if not isinstance(ex, dict) or not isinstance(ex.get("cyrillic"), str) or not isinstance(ex.get("latin"), str):
            errors.append(PatternFileError(path, line_of(ex, top), "an example needs 'cyrillic' and 'latin' strings"))
            continue
        got = _convert(ex["cyrillic"], table)
        if got != ex["latin"]:
            errors.append(
                PatternFileError(
                    path, line_of(ex, top), f"example {ex['cyrillic']!r} gives {got!r}, expected {ex['latin']!r}"
                )
            )
    if errors:
        raise PatternErrors(errors)
    return table


def _convert(text: str, table: dict[str, str]) -> str:
    out = []
    for word in text.split(" "):
        letters = []
        for ch in word:
            low = ch.lower()
            if low not in table:
                letters.append(ch)
                continue
            spelled = table[low]
            if ch != low:  # "Ш" -> "Sh"; in an acronym too ("ШҚО" -> "ShQO"), as the sites write it
                spelled = spelled[:1].upper() + spelled[1:]
            letters.append(spelled)
        out.append("".join(letters))
    return " ".join(out)


def to_latin(text: str, root: Path | None = None) -> str:
    """`text` with every Cyrillic Kazakh letter spelled in the Latin alphabet."""
    return _convert(text, latin_letters(root))


def has_cyrillic(text: str) -> bool:
    """Whether `text` has a Cyrillic letter (then it has a distinct Latin spelling)."""
    return any("\u0400" <= ch <= "\u04ff" for ch in text)

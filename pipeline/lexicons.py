"""Typed, validated access to patterns/lexicons/*.yaml (language knowledge as data)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .paths import patterns_dir
from .yamlfile import PatternFileError, line_of, load_yaml

NUMBER_SECTIONS = ("zero", "units", "tens", "hundreds", "scales", "fractions")


@dataclass(frozen=True)
class NumberWords:
    """Kazakh number words: section name -> {word: value}, plus ordinal endings."""

    sections: dict[str, dict[str, float]]
    ordinal_suffixes: tuple[str, ...]

    def value_of(self, word: str) -> float | None:
        for table in self.sections.values():
            if word in table:
                return table[word]
        return None

    def all_words(self) -> list[str]:
        return [w for table in self.sections.values() for w in table]


def _require_mapping(data, path: Path, what: str) -> dict:
    if not isinstance(data, dict):
        raise PatternFileError(path, line_of(data, 1), f"{what} must be a mapping")
    return data


@lru_cache(maxsize=None)
def abbreviations(root: Path | None = None) -> tuple[str, ...]:
    """Abbreviations ('ғ.', 'т.б.', 'ҚР') from lexicons/abbreviations.yaml."""
    path = (root or patterns_dir()) / "lexicons" / "abbreviations.yaml"
    data = _require_mapping(load_yaml(path), path, "the file")
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise PatternFileError(path, line_of(data, 1), "'entries' must be a list")
    out = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("abbr"), str) or not entry["abbr"].strip():
            raise PatternFileError(path, line_of(entry, line_of(data)), "each entry needs a non-empty 'abbr'")
        unknown = set(entry) - {"abbr", "expansion"}
        if unknown:
            raise PatternFileError(path, line_of(entry), f"unknown field(s) {sorted(unknown)}")
        out.append(entry["abbr"])
    return tuple(out)


@lru_cache(maxsize=None)
def number_words(root: Path | None = None) -> NumberWords:
    """Number words from lexicons/number_words.yaml."""
    path = (root or patterns_dir()) / "lexicons" / "number_words.yaml"
    data = _require_mapping(load_yaml(path), path, "the file")
    unknown = set(data) - set(NUMBER_SECTIONS) - {"ordinal_suffixes"}
    if unknown:
        raise PatternFileError(path, line_of(data, 1), f"unknown section(s) {sorted(unknown)}")
    sections: dict[str, dict[str, float]] = {}
    for name in NUMBER_SECTIONS:
        table = _require_mapping(data.get(name, {}), path, f"section '{name}'")
        for word, value in table.items():
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise PatternFileError(path, line_of(table), f"'{word}' in '{name}' needs a number, got {value!r}")
        sections[name] = {str(w): v for w, v in table.items()}
    suffixes = data.get("ordinal_suffixes", [])
    if not isinstance(suffixes, list) or not all(isinstance(s, str) for s in suffixes):
        raise PatternFileError(path, line_of(data, 1), "'ordinal_suffixes' must be a list of strings")
    return NumberWords(sections, tuple(sorted(suffixes, key=len, reverse=True)))

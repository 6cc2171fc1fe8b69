"""Read every file under patterns/ once and check it against the schema table.

    files = load_patterns()            # or load_patterns(Path("my-patterns"))
    files.data("lexicons/months.yaml")  # the parsed, shape-checked YAML

All errors of all files are collected before anything is raised (one PatternErrors naming
each file and line), so a user fixing a folder sees every problem at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..paths import patterns_dir
from .buildcache import built_once
from .schema import ANY, BOOL, INT, LIST, NUMBER, STR, WORDS, Either, Fields, Map, Records, schema_of
from .yamlfile import PatternErrors, PatternFileError, line_of, load_yaml


@dataclass(frozen=True)
class PatternFiles:
    """The parsed files of one patterns/ folder, by path relative to it ("registry/places.yaml")."""

    root: Path
    files: Mapping[str, Any]

    def data(self, relative: str) -> Any:
        return self.files[relative]

    def __reduce__(self):  # a mapping proxy does not pickle (buildcache.py): its dict does
        return _pattern_files, (self.root, dict(self.files))


def _pattern_files(root: Path, files: dict[str, Any]) -> PatternFiles:
    return PatternFiles(root, MappingProxyType(files))


def load_patterns(root: Path | None = None) -> PatternFiles:
    """Every YAML file under `root` (default: the patterns folder), shape-checked; raises
    PatternErrors listing every broken file and line. Read once per state of the folder (a
    file edited since is read again)."""
    root = Path(root) if root else patterns_dir()
    return _load(root, _fingerprint(root))


def pattern_data(path: Path, root: Path | None = None) -> Any:
    """The parsed, shape-checked data of the file `path` of the patterns folder `root`
    (default: the shipped one), as `load_patterns` read it with the whole folder: a broken
    file anywhere in it is reported, with every other error, before any data is used."""
    root = Path(root) if root else patterns_dir()
    files = load_patterns(root)
    relative = Path(path).relative_to(root).as_posix()
    if relative not in files.files:
        raise PatternErrors([PatternFileError(Path(path), None, "missing: the patterns folder needs this file")])
    return files.data(relative)


def _fingerprint(root: Path) -> tuple:
    """The folder's YAML files with their sizes and times of change."""
    out = []
    for path in sorted(root.rglob("*.yaml")):
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append((path.relative_to(root).as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


@lru_cache(maxsize=8)
def _load(root: Path, fingerprint: tuple) -> PatternFiles:
    return _read(root)


@built_once("patternfiles")
def _read(root: Path) -> PatternFiles:
    files: dict[str, Any] = {}
    errors: list[PatternFileError] = []
    for path in sorted(root.rglob("*.yaml")):
        relative = path.relative_to(root).as_posix()
        sections = schema_of(relative)
        if sections is None:
            errors.append(
                PatternFileError(
                    path,
                    None,
                    "not a known pattern file (the known ones are listed in "
                    "pipeline/patterns/schema.py; rule files go in rules/)",
                )
            )
            continue
        try:
            data = load_yaml(path)
        except PatternFileError as exc:
            errors.append(exc)
            continue
        errors += check_sections(path, data, sections)
        files[relative] = data
    if errors:
        raise PatternErrors(errors)
    return PatternFiles(root, MappingProxyType(files))


def check_sections(path: Path, data: Any, sections: dict[str, object]) -> list[PatternFileError]:
    """Errors of a file's top-level mapping against its sections."""
    if not isinstance(data, dict):
        return [PatternFileError(path, line_of(data, 1), "the file must be a mapping of sections")]
    errors = []
    for key, value in data.items():
        line = line_of(data, 1, key)
        if key not in sections:
            errors.append(
                PatternFileError(path, line, f"unknown section {key!r} (known: {', '.join(sorted(sections))})")
            )
            continue
        errors += [
            PatternFileError(path, at or line, f"'{key}' {problem}")
            for at, problem in _problems(value, sections[key], line)
        ]
    return errors


def _problems(value: Any, kind: object, line: int | None) -> list[tuple[int | None, str]]:
    """(line, problem) pairs of `value` against `kind`."""
    if isinstance(kind, Either):
        found = [_problems(value, k, line) for k in kind.kinds]
        return [] if any(not f for f in found) else found[-1]
    if isinstance(kind, Map):
        if not isinstance(value, dict):
            return [(line, "must be a mapping")]
        out = []
        for key, item in value.items():
            at = line_of(value, line, key)
            if not isinstance(key, str) or not key.strip():
                out.append((at, f"has a key {key!r} that is not a non-empty string"))
            else:
                out += [(a, f"{key!r}: {p}") for a, p in _problems(item, kind.value, at)]
        return out
    if isinstance(kind, Records):
        if not isinstance(value, list):
            return [(line, "must be a list of entries")]
        out = []
        for i, item in enumerate(value, 1):
            out += [(a, f"entry {i}: {p}") for a, p in _problems(item, kind.fields, line_of(item, line))]
        return out
    if isinstance(kind, Fields):
        if not isinstance(value, dict):
            return [(line, "must be a mapping")]
        out = [
            (line_of(value, line, k), f"has an unknown field {k!r} (allowed: {', '.join(sorted(kind.allowed))})")
            for k in value
            if k not in kind.allowed
        ]
        missing = sorted(kind.required - set(value))
        if missing:
            out.append((line, f"lacks the field(s) {', '.join(missing)}"))
        return out
    ok = {
        WORDS: lambda v: isinstance(v, list) and all(isinstance(w, str) and w.strip() for w in v),
        INT: lambda v: isinstance(v, int) and not isinstance(v, bool),
        NUMBER: lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        STR: lambda v: isinstance(v, str),
        BOOL: lambda v: isinstance(v, bool),
        LIST: lambda v: isinstance(v, list),
        ANY: lambda v: True,
    }[kind](value)
    what = {
        WORDS: "a list of non-empty strings",
        INT: "an integer",
        NUMBER: "a number",
        STR: "a string",
        BOOL: "true or false",
        LIST: "a list",
        ANY: "anything",
    }[kind]
    return [] if ok else [(line, f"must be {what}, not {value!r}"[:200])]

"""Loading user-editable YAML files with line numbers, so errors can point at file and line."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml


def display_path(path: Path | str) -> str:
    """The path relative to the working folder when it lies inside it (cached: every
    registry match names its file in its derivation)."""
    return _display_path(str(path), os.getcwd())


@lru_cache(maxsize=4096)
def _display_path(path: str, cwd: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(cwd))
    except ValueError:
        return path


class PatternFileError(ValueError):
    """A pattern or lexicon file is malformed; the message names the file and line."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path, self.line, self.message = display_path(path), line, message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class LineDict(dict):
    """A mapping that remembers the line it started on and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]  # set by the loader


class YamlError(ValueError):
    """A YAML text that cannot be read safely (syntax, an alias, nesting too deep)."""

    def __init__(self, message: str, line: int | None = None):
        self.message, self.line = message, line
        super().__init__(message)


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's where installed: about 10x faster


class _NoAliasLoader(_SafeLoader):
    """A safe loader that refuses aliases ("*name"): an alias bomb cannot blow up memory."""

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:  # a node met twice: an alias
            raise yaml.constructor.ConstructorError(
                None, None, "aliases (*name) are not allowed (the anchor is here)", node.start_mark
            )
        return super().construct_object(node, deep)


class _LineLoader(_NoAliasLoader):
    """A safe, alias-free loader whose mappings are LineDicts."""


def _construct_map(loader: _LineLoader, node: yaml.MappingNode):
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    yield mapping
    mapping.update(loader.construct_mapping(node, deep=True))
    mapping.key_lines = {}
    for key_node, _ in node.value:
        key = loader.constructed_objects[key_node]
        if key in mapping.key_lines:  # YAML would let the last one win silently
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {mapping.key_lines[key]})", key_node.start_mark
            )
        mapping.key_lines[key] = key_node.start_mark.line + 1


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; syntax errors become PatternFileError with the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PatternFileError(path, None, f"not UTF-8 ({exc.reason})") from None
    try:
        return _load(text, _LineLoader)
    except YamlError as exc:
        raise PatternFileError(path, exc.line, exc.message) from None


def load_yaml_text(text: str) -> Any:
    """Parse YAML text safely (no aliases); YamlError(message, line) when it cannot be read."""
    return _load(text, _NoAliasLoader)


def _load(text: str, loader: type) -> Any:
    try:
        return yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        plain = exc.problem.startswith(("duplicate key", "aliases"))
        raise YamlError(exc.problem if plain else f"YAML syntax: {exc.problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML: {exc}", None) from None
    except RecursionError:
        raise YamlError("YAML nested too deeply", None) from None


def line_of(node: Any, default: int | None = None, key: Any = None) -> int | None:
    """The line a loaded mapping started on, or that of its `key` when given; if known."""
    if key is not None and key in getattr(node, "key_lines", {}):
        return node.key_lines[key]
    return getattr(node, "line", default) or default


class PatternErrors(ValueError):
    """One or more broken pattern files; str() lists every error with file and line."""

    def __init__(self, errors: list[PatternFileError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))

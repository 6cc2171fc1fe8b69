"""Loading user-editable YAML files with line numbers, so errors can point at file and line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def display_path(path: Path | str) -> str:
    """The path relative to the working folder when it lies inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


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


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe loader (libyaml's where installed: about 10x faster) whose mappings are LineDicts."""


def _construct_map(loader: _LineLoader, node: yaml.MappingNode):
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    yield mapping
    mapping.update(loader.construct_mapping(node, deep=True))
    mapping.key_lines = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping.key_lines:  # YAML would let the last one win silently
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {mapping.key_lines[key]})", key_node.start_mark)
        mapping.key_lines[key] = key_node.start_mark.line + 1


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; syntax errors become PatternFileError with the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PatternFileError(path, None, f"not UTF-8 ({exc.reason})") from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        problem = exc.problem if exc.problem.startswith("duplicate key") else f"YAML syntax: {exc.problem}"
        raise PatternFileError(path, line, problem) from None


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

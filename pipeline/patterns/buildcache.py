"""A disk cache of what the pattern files are built into: the parsed files, the grammar, the registry.

Building them reads the YAML, expands the macros and makes thousands of expressions, about
0.45 s of every start. A builder decorated with `built_once(name)` has its result
pickled into the folder of the compiled-expression cache (regexcache.py: $KAZFACTS_CACHE_DIR,
`off` turns both off), under a key that hashes the package's code, the bytes of every file of
the patterns folder, the folder's path, the working folder (paths in derivations are shown
relative to it) and the Python and regex versions: an edited pattern file, a new release or
another folder is a new key, built afresh. Only a build that succeeded is kept, so a broken file
is reported with its line on every run. The KEEP most recent files of each builder are kept.
Anything unexpected (a result that does not pickle, an unreadable file) falls back to building."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import regex

from ..paths import code_digest, folder_digest
from .regexcache import cache_file, write_quietly

KEEP = 4  # cached builds per builder (pattern folders, working folders, releases)
_T = TypeVar("_T")


def built_once(name: str) -> Callable[[Callable[[Path], _T]], Callable[[Path], _T]]:
    """Decorate a builder of one argument, the patterns folder, with the disk cache."""

    def decorate(build: Callable[[Path], _T]) -> Callable[[Path], _T]:
        @functools.wraps(build)
        def wrapper(root: Path) -> _T:
            path = _cached_path(name, root)
            if path is not None:
                found = _load(path)
                if found is not None:
                    return found
            result = build(root)
            if path is not None:
                _save(path, result)
            return result

        return wrapper

    return decorate


def _cached_path(name: str, root: Path) -> Path | None:
    store = cache_file()
    if store is None:
        return None
    try:
        key = _key(name, Path(root))
    except OSError:  # a file of the folder that cannot be read: the builder will say which
        return None
    return store.parent / f"built-{name}-{key}.pickle"


def _key(name: str, root: Path) -> str:
    digest = hashlib.sha256(
        "\0".join((name, sys.version, regex.__version__, str(root.resolve()), os.getcwd())).encode()
    )
    digest.update(code_digest())
    digest.update(folder_digest(root))
    return digest.hexdigest()[:24]


def _load(path: Path):
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # none yet, or one this code cannot read: built afresh (and written over)
        return None


def _save(path: Path, result) -> None:
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # something in it does not pickle: nothing is kept
        return
    if write_quietly(path, data):
        _forget_old(path)


def _forget_old(path: Path) -> None:
    """Remove all but the KEEP newest cached builds of the same builder."""
    prefix = path.name.rsplit("-", 1)[0] + "-"
    try:
        others = sorted(path.parent.glob(f"{prefix}*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in others[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass

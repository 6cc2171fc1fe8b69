"""A disk cache of compiled regular expressions.

Most of a run's start-up is the `regex` module compiling the expressions built from the
pattern files (the grammar, the registry), and `regex` parses and optimises in Python. The
cache keeps, per (expression, flags), what that compiler hands to regex's C core, so a later
process builds the same Pattern object directly. An expression is its own key, so an edited
pattern file misses only for the expressions it changed. The file lives in
$KAZFACTS_CACHE_DIR (default: $XDG_CACHE_HOME/kazfacts, i.e. ~/.cache/kazfacts), is named by
the regex and Python versions, and is written atomically; `KAZFACTS_CACHE_DIR=off` turns it
off. Anything unexpected (a regex release with other internals, an unreadable file) falls
back to plain compiling."""

from __future__ import annotations

import functools
import os
import pickle
import sys
import tempfile
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import regex
from regex import _main as _regex_main

MAX_ENTRIES = 50_000  # beyond this, the expressions this process did not use are dropped
_T = TypeVar("_T")
# the store is read once per process: (expression, flags) -> the C core's arguments, the
# compiled code as an array of 32-bit words (a few MB, not a list of Python ints)
_state: dict = {"depth": 0, "store": None, "used": set(), "dirty": False}


def cache_file() -> Path | None:
    """Where the cache lives, or None when it is off."""
    where = os.environ.get("KAZFACTS_CACHE_DIR")
    if where == "off":
        return None
    base = Path(where) if where else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kazfacts"
    return base / f"regex-{regex.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}.pickle"


def cached_compiles(build: Callable[..., _T]) -> Callable[..., _T]:
    """Decorate a builder: while it runs, regex.compile goes through the cache."""

    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        _enter()
        try:
            return build(*args, **kwargs)
        finally:
            _leave()

    return wrapper


def _enter() -> None:
    if _state["depth"] == 0:
        if _state["store"] is None:
            _state["store"] = _load()
        regex.compile = _compile
    _state["depth"] += 1


def _leave() -> None:
    _state["depth"] -= 1
    if _state["depth"] == 0:
        regex.compile = _regex_main.compile
        if _state["dirty"]:
            _save(_state["store"], _state["used"])
            _state["dirty"] = False


def _compile(pattern, flags=0, ignore_unused=False, cache_pattern=None, **kwargs):
    if kwargs or not isinstance(pattern, str) or not isinstance(flags, int):
        return _regex_main.compile(pattern, flags, ignore_unused, cache_pattern, **kwargs)
    key = (pattern, flags)
    store = _state["store"]
    _state["used"].add(key)
    args = store.get(key)
    if args is not None:
        try:
            return _regex_main._regex.compile(args[0], args[1], args[2].tolist(), *args[3:])
        except Exception:  # an entry this regex cannot take: compile afresh
            store.pop(key, None)
    recorder = _Recorder(_regex_main._regex)
    _regex_main._regex = recorder
    try:
        compiled = _regex_main._compile(pattern, flags, ignore_unused, {}, False)
    finally:
        _regex_main._regex = recorder.core
    if recorder.args is not None and recorder.args[0] is pattern:
        try:
            code = array("I", recorder.args[2])
        except (TypeError, OverflowError):
            return compiled
        store[key] = (*recorder.args[:2], code, *recorder.args[3:])
        _state["dirty"] = True
    return compiled


class _Recorder:
    """Stands for regex's C core during one compile and keeps what its `compile` was given."""

    def __init__(self, core):
        self.core, self.args = core, None

    def __getattr__(self, name):
        return getattr(self.core, name)

    def compile(self, *args):
        self.args = args
        return self.core.compile(*args)


def _load() -> dict:
    path = cache_file()
    if path is None or not path.is_file():
        return {}
    try:
        with open(path, "rb") as handle:
            store = pickle.load(handle)
        return store if isinstance(store, dict) else {}
    except Exception:
        return {}


def _save(store: dict, used: set) -> None:
    path = cache_file()
    if path is None:
        return
    if len(store) > MAX_ENTRIES:
        store = {k: v for k, v in store.items() if k in used}
    write_quietly(path, pickle.dumps(store, protocol=pickle.HIGHEST_PROTOCOL))


def write_quietly(path: Path, data: bytes) -> bool:
    """Write a cache file atomically (a temporary name, then renamed); False where it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:
        return False  # a read-only home: no cache
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return False
    return True

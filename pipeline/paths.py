"""Where the project's data lives (the user-editable patterns/ folder, the shipped model), and
hashes of what is there (the pipeline version of a run, the keys of cached builds)."""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
MODEL_DIR = PACKAGE_DIR / "ner" / "model"
INSTALLED_PATTERNS = Path(sys.prefix) / "share" / "kazfacts" / "patterns"  # a non-editable install's copy


def patterns_dir() -> Path:
    """The patterns/ folder: $KAZFACTS_PATTERNS if set, else the one beside the package (a
    checkout or an editable install), else the copy a wheel installed under the prefix."""
    env = os.environ.get("KAZFACTS_PATTERNS")
    path = Path(env) if env else REPO_DIR / "patterns"
    if not env and not path.is_dir():
        path = INSTALLED_PATTERNS
    if not path.is_dir():
        raise FileNotFoundError(
            f"patterns folder not found at {path}: install the project with "
            "'pip install -e .' from its checkout, or set KAZFACTS_PATTERNS"
        )
    return path


@cache
def code_digest() -> bytes:
    """A hash of the package's code (read once per process)."""
    digest = hashlib.sha256()
    for path in _files(PACKAGE_DIR, "*.py"):
        _add_file(digest, path, PACKAGE_DIR)
    return digest.digest()


def folder_digest(root: Path) -> bytes:
    """A hash of the names and bytes of every file under `root`."""
    digest = hashlib.sha256()
    for path in _files(root, "*"):
        _add_file(digest, path, root)
    return digest.digest()


def _files(root: Path, glob: str) -> list[Path]:
    return sorted(p for p in root.rglob(glob) if p.is_file() and "__pycache__" not in p.parts)


def _add_file(digest, path: Path, root: Path) -> None:
    digest.update(path.relative_to(root).as_posix().encode() + b"\0")
    digest.update(hashlib.sha256(path.read_bytes()).digest())

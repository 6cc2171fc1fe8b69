"""Where the project's data lives: the user-editable patterns/ folder and the shipped model."""

from __future__ import annotations

import os
import sys
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

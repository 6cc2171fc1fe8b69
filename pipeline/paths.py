"""Where the project's data lives: the user-editable patterns/ folder and the shipped model."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
MODEL_DIR = PACKAGE_DIR / "ner" / "model"


def patterns_dir() -> Path:
    """The patterns/ folder: $KAZFACTS_PATTERNS if set, else the one beside the package."""
    env = os.environ.get("KAZFACTS_PATTERNS")
    path = Path(env) if env else REPO_DIR / "patterns"
    if not path.is_dir():
        raise FileNotFoundError(
            f"patterns folder not found at {path}: install the project with "
            "'pip install -e .' from its checkout, or set KAZFACTS_PATTERNS"
        )
    return path

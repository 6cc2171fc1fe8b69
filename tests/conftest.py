"""Shared test helpers: the repository, corpus and ../shared data locations."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason printed."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs development data at {path} (../shared is absent on this machine)")
    return path

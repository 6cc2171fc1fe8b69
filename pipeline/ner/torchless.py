"""Importing spaCy without torch: thinc imports torch only because it is installed (1.4-2 s
and ~180 MiB of a run's start-up), and the shipped model never uses it. Stanza, which does,
imports torch itself later, unhindered."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def torch_kept_out() -> Iterator[None]:
    """While active, `import torch` fails as if torch were not installed (unless it is loaded already)."""
    if "torch" in sys.modules or "thinc.compat" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # an import of it raises ImportError
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]

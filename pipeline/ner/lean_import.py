"""Importing spaCy for a run: without torch and without spaCy's command line.

- thinc imports torch only because it is installed (1.4-2 s and ~180 MiB of start-up), and
  the shipped model never uses it. Stanza, which does, imports torch itself later, unhindered.
- spaCy's package imports its command line (`spacy.cli`: typer, requests, weasel and some
  260 modules, 0.3-0.6 s) only to export `spacy.info`. While spaCy is imported here,
  `spacy.cli` is a placeholder whose `info` loads the real one when called; afterwards the
  placeholder is gone, so `import spacy.cli` gets spaCy's own."""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager

_CLI = "spacy.cli"


@contextmanager
def lean_spacy_import() -> Iterator[None]:
    """While active, `import torch` fails as if torch were not installed (unless it is loaded
    already) and a first `import spacy` skips spaCy's command line."""
    keep_torch_out = "torch" not in sys.modules and "thinc.compat" not in sys.modules
    defer_cli = "spacy" not in sys.modules and _CLI not in sys.modules
    if keep_torch_out:
        sys.modules["torch"] = None  # type: ignore[assignment]  # an import of it raises ImportError
    placeholders = _cli_placeholders() if defer_cli else {}
    sys.modules.update(placeholders)
    try:
        yield
    finally:
        if keep_torch_out and sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        spacy = sys.modules.get("spacy")
        if placeholders and getattr(spacy, "cli", None) is placeholders[_CLI]:
            delattr(spacy, "cli")


def _cli_placeholders() -> dict[str, types.ModuleType]:
    package = types.ModuleType(_CLI, "Placeholder of spaCy's command line while spaCy is imported.")
    package.__path__ = []
    info = types.ModuleType(f"{_CLI}.info")
    info.info = _info
    package.info = info
    return {_CLI: package, f"{_CLI}.info": info}


def _info(*args, **kwargs):
    """`spacy.info`: spaCy's own, its command line imported on the first call."""
    return importlib.import_module(f"{_CLI}.info").info(*args, **kwargs)

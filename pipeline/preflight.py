"""The check before a run: every pattern file read, shape-checked and built into what the
stages use (grammar, registry, name rules, name cues, layout lexicon), with every error of every file
collected, so that `kazfacts run` stops with exit 2 before it reads any document."""

from __future__ import annotations

from pathlib import Path

from .grammar import load_grammar
from .ner.cues import load_cues
from .patterns.loader import load_patterns
from .patterns.yamlfile import PatternErrors, PatternFileError
from .registry.gazetteer import load_gazetteer
from .registry.names import name_rules
from .text.language import russian_detector
from .text.layout import layout
from .text.script import latin_tables


def check_patterns(root: Path | None = None) -> None:
    """Raise PatternErrors listing every problem of the patterns folder (default: the shipped one).

    Shape errors (unknown sections, wrong kinds, duplicate keys) of all files come first; only
    a folder without them is built, and the errors of every builder are collected."""
    load_patterns(root)
    errors: list[PatternFileError] = []
    for build in (load_grammar, load_gazetteer, name_rules, load_cues, layout, latin_tables, russian_detector):
        try:
            build(root)
        except PatternErrors as exc:
            errors += exc.errors
        except PatternFileError as exc:
            errors.append(exc)
    if errors:
        raise PatternErrors(list({str(e): e for e in errors}.values()))

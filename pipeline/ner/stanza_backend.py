"""Stanza as an optional NER backend (its Kazakh NER model is trained on KazNERD).

Stanza is imported only when asked for, and never downloads anything here:
`load_stanza()` builds `stanza.Pipeline("kk", processors="tokenize,ner",
download_method=None)` from models already on disk (STANZA_RESOURCES_DIR, or
stanza's default folder), and raises StanzaUnavailable, saying how to get them,
when stanza or its Kazakh models are missing.

    nlp = load_stanza()
    candidates = stanza_entities(nlp(text))          # source "model:stanza"
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..document import LABELS as KAZNERD_LABELS
from ..document import Candidate, Source
from .errors import BackendUnavailable

SOURCE = Source("model", "stanza")
INSTALL_HINT = (
    'install it with `pip install kazfacts[stanza]` (or `pip install "stanza>=1.9,<2"`), then, on a '
    "machine with internet, `python -c \"import stanza; stanza.download('kk')\"` and copy the models "
    "folder here, or set STANZA_RESOURCES_DIR to a folder that holds them"
)

# Stanza's Kazakh NER (the kazNERD package) uses KazNERD's 25 label names; a few
# spellings used by other Stanza NER models are mapped onto them, anything else is dropped.
LABEL_ALIASES = {
    "ORG": "ORGANISATION",
    "ORGANIZATION": "ORGANISATION",
    "LOC": "LOCATION",
    "PER": "PERSON",
    "MISC": "MISCELLANEOUS",
    "FAC": "FACILITY",
    "PERCENT": "PERCENTAGE",
    "WORK_OF_ART": "ART",
}


class StanzaUnavailable(BackendUnavailable):
    """Stanza or its Kazakh models are not installed; the message says how to get them."""


def resources_dir() -> Path:
    """Where stanza looks for models: $STANZA_RESOURCES_DIR, else stanza's default."""
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        return Path(env)
    try:
        from stanza.resources.common import DEFAULT_MODEL_DIR
    except ImportError:
        return Path.home() / "stanza_resources"
    return Path(DEFAULT_MODEL_DIR)


def load_stanza(lang: str = "kk", resources: Path | str | None = None):
    """A stanza Pipeline for tokenize+ner in `lang`, from models on disk only."""
    try:
        import stanza
    except ImportError as exc:
        raise StanzaUnavailable(f"the Stanza NER backend needs the 'stanza' package ({exc}): {INSTALL_HINT}") from None
    folder = Path(resources) if resources is not None else resources_dir()
    if not (folder / "resources.json").is_file() or not (folder / lang).is_dir():
        raise StanzaUnavailable(
            f"no Stanza models for '{lang}' in {folder} (resources.json and {lang}/ are needed): {INSTALL_HINT}"
        )
    try:
        return stanza.Pipeline(
            lang, dir=str(folder), processors="tokenize,ner", download_method=None, logging_level="WARN"
        )
    except Exception as exc:  # stanza raises several kinds for missing or partial models
        raise StanzaUnavailable(
            f"Stanza could not load its '{lang}' models from {folder} ({type(exc).__name__}: {exc}): {INSTALL_HINT}"
        ) from None


def map_label(label: str) -> str | None:
    """A Stanza NER label as a KazNERD label, or None when it has none."""
    label = label.upper()
    label = LABEL_ALIASES.get(label, label)
    return label if label in KAZNERD_LABELS else None


def stanza_entities(doc, offset: int = 0) -> list[Candidate]:
    """The entities of a stanza Document as Candidates (offsets + `offset`, when the
    document was made from a slice of the text)."""
    out = []
    for ent in doc.ents:
        label = map_label(ent.type)
        if label is None or ent.start_char is None or ent.end_char is None:
            continue
        out.append(
            Candidate(
                offset + ent.start_char, offset + ent.end_char, label, (SOURCE,), derivation=[f"{SOURCE}: {ent.type}"]
            )
        )
    return sorted(out, key=lambda c: (c.start, c.end))


def stanza_sentence_entities(nlp, sentences: Sequence[str]) -> list[list[Candidate]]:
    """Run the pipeline over each sentence; Candidates in offsets of their sentence."""
    return [stanza_entities(nlp(text)) for text in sentences]

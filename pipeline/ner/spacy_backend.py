"""The shipped spaCy NER model: loading it and turning its entities into candidates."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from ..document import Candidate
from ..paths import MODEL_DIR
from .errors import BackendUnavailable

SOURCE = "model:kk_ner"


class ModelUnavailable(BackendUnavailable):
    """The NER model is not where it should be."""


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_DIR) -> Language:
    """Load the trained pipeline shipped in the package (no download)."""
    if not (path / "meta.json").is_file():
        raise ModelUnavailable(
            f"no NER model at {path}: retrain it with 'kazfacts train' (needs ../shared/data/kaznerd), "
            "or run with --no-model for the rules alone"
        )
    return spacy.load(path)


def model_entities(nlp: Language, text: str, sentences: list[tuple[int, int]]) -> list[Candidate]:
    """Entities of each sentence of `text`, in `text` offsets."""
    out = []
    for (start, end), doc in zip(sentences, nlp.pipe(text[a:b] for a, b in sentences)):
        for ent in doc.ents:
            out.append(Candidate(start + ent.start_char, start + ent.end_char, ent.label_, SOURCE,
                                 derivation=[f"{SOURCE}: {ent.label_}"]))
    return out

"""The shipped spaCy NER model: loading it and turning its entities into candidates."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from ..document import Candidate, Source
from ..paths import MODEL_DIR
from .errors import BackendUnavailable
from .lean_import import lean_spacy_import

with lean_spacy_import():
    import spacy
    from spacy.attrs import IDS
    from spacy.language import Language
    from thinc.api import use_ops

    from . import rule_features  # noqa: F401  (registers the kk_rule_features factory the model uses)

SOURCE = Source("model", "kk_ner")
BATCH_SIZE = 128  # sentences per model batch: the fastest on one core (benchmarks/pipeline_speed.py)
Hint = tuple[int, int, str]  # (start, end, label) of a rule or registry match in a sentence


class ModelUnavailable(BackendUnavailable):
    """The NER model is not where it should be."""


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_DIR) -> Language:
    """Load the trained pipeline shipped in the package (no download).

    Its matrix products go to numpy's BLAS rather than thinc's default, blis: on CPUs
    whose kernels blis does not recognise (this project's machines) blis falls back to
    generic code about three times slower. The results are the same (`kazfacts evaluate`)."""
    if not (path / "meta.json").is_file():
        raise ModelUnavailable(
            f"no NER model at {path}: retrain it with 'kazfacts train' (needs ../shared/data/kaznerd), "
            "or run with --no-model for the rules alone"
        )
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(path)
    _reads_only_what_it_uses(nlp)
    return nlp


# lexical attributes kept whatever the configuration says: the NER's transitions never start
# an entity on a space (IS_SPACE); a word's normal and lower-case forms, which spaCy's
# embedding architectures read by default (NORM, LOWER)
_ALWAYS_READ = {"IS_SPACE", "NORM", "LOWER"}


def _reads_only_what_it_uses(nlp: Language) -> None:
    """A new word's lexeme gets only the lexical attributes the model reads: those its
    configuration names (the embedding's NORM, PREFIX, SUFFIX, SHAPE, LIKE_NUM) and
    _ALWAYS_READ. The flags nothing reads (IS_STOP, LIKE_URL, IS_CURRENCY ...) cost some
    8 µs of a word's 18, paid for every new word (and again after each renewal below);
    the entities are the same."""
    named = _ALWAYS_READ | set(_strings(nlp.config))
    kept = {IDS[name] for name in named if name in IDS}
    nlp.vocab.lex_attr_getters = {attr: get for attr, get in nlp.vocab.lex_attr_getters.items() if attr in kept}


def _strings(node) -> Iterator[str]:
    """Every string value in a (nested) configuration."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _strings(value)


VOCAB_LIMIT = 25_000  # lexemes a loaded model may gather before it is loaded afresh (some 25 MB)


class RenewedModel:
    """A loaded model that is loaded afresh once its vocabulary holds VOCAB_LIMIT lexemes.

    spaCy keeps every new word it meets (its lexeme, its string, the tokenizer's cache of it)
    for the life of the pipeline, so on a large corpus memory grows with the number of
    distinct words. The entities do not depend on what the vocabulary has gathered, so a
    fresh copy finds the same ones, and memory stays bounded (the reload takes about 0.1 s)."""

    def __init__(self, path: Path = MODEL_DIR, limit: int = VOCAB_LIMIT):
        self.path, self.limit = path, limit
        self.nlp = _fresh(path)

    def current(self) -> Language:
        """The model, loaded afresh first when its vocabulary has grown past the limit."""
        if len(self.nlp.vocab) > self.limit:
            gc.unfreeze()  # the old copy may sit among the objects frozen at start-up
            self.nlp = None
            gc.collect()
            self.nlp = _fresh(self.path)
            gc.freeze()
        return self.nlp


def _fresh(path: Path) -> Language:
    """A copy of the model of its own (not load_model's cached one, which would stay alive)."""
    return load_model.__wrapped__(path)


class SpacyFinder:
    """A spaCy model as the pipeline's entity finder (stages.Finder)."""

    def __init__(self, path: Path = MODEL_DIR):
        self.model = RenewedModel(path)

    @property
    def reads_rules(self) -> bool:
        """Whether the model takes the rule matches as features (then its decisions are final)."""
        return "rule_features" in self.model.nlp.pipe_names

    def __call__(
        self, sentences: Sequence[str], hints: Sequence[Sequence[Hint]] | None = None
    ) -> list[list[Candidate]]:
        return sentence_entities(self.model.current(), sentences, hints)


def sentence_entities(
    nlp: Language, sentences: Sequence[str], hints: Sequence[Sequence[Hint]] | None = None
) -> list[list[Candidate]]:
    """The model's entities in each sentence, in offsets of that sentence.

    `hints` (one list per sentence) are the rule and registry matches already found there:
    they feed the model's rule features, which otherwise run the rules themselves."""
    docs = [nlp.make_doc(text) for text in sentences]
    if hints is not None and "rule_features" in nlp.pipe_names:
        for doc, spans in zip(docs, hints):
            doc.user_data[rule_features.SPANS_KEY] = list(spans)
    return [
        [
            Candidate(ent.start_char, ent.end_char, ent.label_, (SOURCE,), derivation=[f"{SOURCE}: {ent.label_}"])
            for ent in doc.ents
        ]
        for doc in nlp.pipe(docs, batch_size=BATCH_SIZE)
    ]

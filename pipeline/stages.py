"""The stages of the pipeline. Each declares what it requires and provides;
`build_pipeline` checks that every requirement is met by an earlier stage."""
from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from .document import Candidate, Document, Fact
from .grammar import Grammar
from .merge import merge
from .normalise import NormalisedText, normalise
from .segment import split_sentences


class PipelineError(ValueError):
    """The stages do not fit together."""


@dataclass
class DocState:
    """What the stages know about one document so far."""

    document: Document
    normalised: NormalisedText | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)
    merged: list[Candidate] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


class Stage:
    name = "stage"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()

    def __call__(self, state: DocState) -> None:
        raise NotImplementedError


class Normalise(Stage):
    name, requires, provides = "normalise", ("document",), ("normalised",)

    def __call__(self, state: DocState) -> None:
        state.normalised = normalise(state.document.text)


class Segment(Stage):
    name, requires, provides = "segment", ("normalised",), ("sentences",)

    def __call__(self, state: DocState) -> None:
        state.sentences = split_sentences(state.normalised.text)


class Rules(Stage):
    name, requires, provides = "rules", ("normalised", "sentences"), ("candidates",)

    def __init__(self, grammar: Grammar):
        self.grammar = grammar

    def __call__(self, state: DocState) -> None:
        state.candidates["rules"] = self.grammar.extract(state.normalised.text, state.sentences, state.document.date)


class Registry(Stage):
    """Institutions, places and laws from patterns/registry/, with canonical values."""

    name, requires, provides = "registry", ("normalised", "sentences"), ("candidates",)

    def __init__(self):
        from .gazetteer import load_gazetteer

        self.gazetteer = load_gazetteer()

    def __call__(self, state: DocState) -> None:
        state.candidates["registry"] = self.gazetteer.find(state.normalised.text, state.sentences)


class Model(Stage):
    """Entities from a statistical NER model (the shipped spaCy model, or Stanza)."""

    name, requires, provides = "model", ("normalised", "sentences"), ("candidates",)

    def __init__(self, find: Callable[[str, list[tuple[int, int]]], list[Candidate]]):
        self.find = find

    def __call__(self, state: DocState) -> None:
        from .merge import RULE_OWNED
        from .names import canonical_name

        text = state.normalised.text
        found = self.find(text, state.sentences)
        for cand in found:
            if cand.type not in RULE_OWNED:
                cand.value = canonical_name(text[cand.start:cand.end], cand.type)
        state.candidates["model"] = found


class Merge(Stage):
    name, requires, provides = "merge", ("candidates",), ("merged",)

    def __call__(self, state: DocState) -> None:
        state.merged = merge(state.candidates)


class Facts(Stage):
    """Map spans back to the original text and attach sentence and provenance."""

    name, requires, provides = "facts", ("merged", "sentences"), ("facts",)

    def __call__(self, state: DocState) -> None:
        doc, norm = state.document, state.normalised
        facts = []
        sentence_index = 0
        for cand in sorted(state.merged, key=lambda c: (c.start, c.end)):
            while sentence_index + 1 < len(state.sentences) and state.sentences[sentence_index][1] <= cand.start:
                sentence_index += 1
            s_start, s_end = state.sentences[sentence_index]
            start, end = norm.to_original(cand.start, cand.end)
            key = f"{doc.doc_id}|{start}|{end}|{cand.type}".encode()
            facts.append(Fact(
                fact_id=hashlib.sha1(key).hexdigest()[:12], doc_id=doc.doc_id, type=cand.type,
                text=doc.text[start:end], start=start, end=end, value=cand.value, unit=cand.unit,
                qualifier=cand.qualifier, sentence_id=sentence_index, sentence=norm.text[s_start:s_end],
                source=cand.source,
            ))
        state.facts = facts


def build_pipeline(stages: list[Stage]) -> list[Stage]:
    """Check that each stage's requirements are provided by an earlier one."""
    available = {"document"}
    for stage in stages:
        missing = [r for r in stage.requires if r not in available]
        if missing:
            raise PipelineError(f"stage '{stage.name}' requires {missing}, which no earlier stage provides")
        available.update(stage.provides)
    return stages


def resolve_backend(ner: str | None) -> str | None:
    """'auto' means the shipped spaCy model where it is installed, else the rules alone."""
    if ner != "auto":
        return ner
    from .paths import MODEL_DIR

    if (MODEL_DIR / "meta.json").is_file():
        return "spacy"
    print(f"note: no NER model at {MODEL_DIR}; running the rules alone (see 'kazfacts train')", file=sys.stderr)
    return None


def model_finder(ner: str) -> Callable[[str, list[tuple[int, int]]], list[Candidate]]:
    """The entity finder of an NER backend: 'spacy' (the shipped model) or 'stanza'."""
    if ner == "spacy":
        from .ner.spacy_backend import load_model, model_entities

        nlp = load_model()
        return lambda text, sentences: model_entities(nlp, text, sentences)
    if ner == "stanza":
        from .ner.stanza_backend import load_stanza, stanza_sentence_entities

        nlp = load_stanza()
        return lambda text, sentences: stanza_sentence_entities(nlp, text, sentences)
    raise PipelineError(f"unknown NER backend {ner!r}: use 'spacy' or 'stanza'")


def default_stages(grammar: Grammar | None = None, ner: str | None = "auto") -> list[Stage]:
    """normalise -> segment -> rules -> registry -> model (unless ner is None) -> merge -> facts.

    `ner`: "spacy", "stanza", "auto" (the shipped model if installed) or None (rules alone)."""
    from .grammar import load_grammar

    ner = resolve_backend(ner)
    stages: list[Stage] = [Normalise(), Segment(), Rules(grammar or load_grammar()), Registry()]
    if ner:
        stages.append(Model(model_finder(ner)))
    return build_pipeline([*stages, Merge(), Facts()])


def process(document: Document, stages: list[Stage]) -> DocState:
    """Run the stages over one document."""
    state = DocState(document)
    for stage in stages:
        stage(state)
    return state

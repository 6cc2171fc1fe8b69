"""The stages of the pipeline. Each declares what it requires and provides;
`build_pipeline` checks that every requirement is met by an earlier stage."""

from __future__ import annotations

import gc
import hashlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import regex

from .claims.build import build_claims
from .claims.records import Claim
from .document import VALUE_TYPES, Candidate, Document, Fact
from .grammar import Grammar
from .merge import POLICIES, RULE_OWNED, MergeInput, inside_spans
from .paths import MODEL_DIR
from .patterns.lexicons import abbreviations as _abbreviations
from .settle import settle
from .text.language import russian_detector
from .text.normalise import NormalisedText, normalise
from .text.script import latin_tables
from .text.segment import sentence_of, split_sentences
from .text.structure import Structure as DocumentStructure
from .text.structure import find_structure, sentence_breaks

# An NER backend: sentence texts (+ per sentence, the rule matches in it as (start, end, label)
# hints) -> the entities of each sentence, in sentence offsets.
Finder = Callable[[Sequence[str], Sequence[Sequence[tuple[int, int, str]]] | None], list[list[Candidate]]]


class PipelineError(ValueError):
    """The stages do not fit together."""


@dataclass
class DocState:
    """What the stages know about one document so far: one field per named layer, which
    the stages declare they require and provide (checked by `build_pipeline`)."""

    document: Document
    normalised: NormalisedText | None = None
    structure: DocumentStructure | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    rule_matches: list[Candidate] = field(default_factory=list)
    registry_matches: list[Candidate] = field(default_factory=list)
    model_matches: list[Candidate] = field(default_factory=list)
    unread: list[tuple[int, int]] = field(default_factory=list)  # sentences the model was not given
    merged: list[Candidate] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def matches(self) -> dict[str, list[Candidate]]:
        """The candidate layers found so far, by source ("rules", "registry", "model")."""
        found = {"rules": self.rule_matches, "registry": self.registry_matches, "model": self.model_matches}
        return {name: cands for name, cands in found.items() if cands}


LAYERS = tuple(f.name for f in fields(DocState))


class Stage:
    """One step over a document's state: it reads the layers it `requires` and fills the
    layers it `provides` (names of DocState fields)."""

    name = "stage"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()

    def __call__(self, state: DocState) -> None:
        raise NotImplementedError

    def run_all(self, states: list[DocState]) -> None:
        """Run over several documents at once (stages that gain from batching override this)."""
        for state in states:
            self(state)


class Normalise(Stage):
    name, requires, provides = "normalise", ("document",), ("normalised",)

    def __call__(self, state: DocState) -> None:
        state.normalised = normalise(state.document.text)


class Structure(Stage):
    """The document's blocks (pipeline/text/structure.py). Where the metadata gives no
    date, the first dateline at the top of the page becomes the document's date, so that
    the rules resolve relative and year-less dates against it; `date_source` says which."""

    name, requires, provides = "structure", ("normalised",), ("structure",)

    def __call__(self, state: DocState) -> None:
        doc = state.document
        state.structure = find_structure(doc.text, state.normalised)
        if doc.date:
            state.document = replace(doc, date_source="metadata")
        elif state.structure.date:
            state.document = replace(doc, date=state.structure.date, date_source="dateline")
        else:
            state.document = replace(doc, date_source="none")


class Segment(Stage):
    """Sentences, inside the blocks where the structure stage ran."""

    name, requires, provides = "segment", ("normalised", "structure"), ("sentences",)

    def __call__(self, state: DocState) -> None:
        state.sentences = split_sentences(state.normalised.text, sentence_breaks(state.structure))


class Rules(Stage):
    name, requires, provides = "rules", ("normalised", "sentences"), ("rule_matches",)

    def __init__(self, grammar: Grammar):
        self.grammar = grammar

    def __call__(self, state: DocState) -> None:
        state.rule_matches = self.grammar.extract(state.normalised.text, state.sentences, state.document.date)


class Registry(Stage):
    """Institutions, places and laws from patterns/registry/, with canonical values."""

    name, requires, provides = "registry", ("normalised", "sentences"), ("registry_matches",)

    def __init__(self):
        from .registry.gazetteer import load_gazetteer

        self.gazetteer = load_gazetteer()

    def __call__(self, state: DocState) -> None:
        state.registry_matches = self.gazetteer.find(state.normalised.text, state.sentences)


class Model(Stage):
    """Entities from a statistical NER model (the shipped spaCy model, or Stanza).

    The sentences of all documents in a batch go to the model together; the rule and
    registry matches found so far go with them as hints (the model's rule features).
    A line in capitals only (a page heading or menu item: "ЖАҢАЛЫҚТАР", "ЖАЛПЫ АРХИВ") is
    not given to the model, which reads capitals as an acronym's and has seen no such
    text in KazNERD; the rules and the registry still read it. Nor is a Russian sentence
    (text/language.py). A GPE the model finds
    before a position word ("Абай облысының әкімі") or naming a road ("Орал-Атырау жолында") is
    dropped, as the registry drops it."""

    name = "model"
    requires = ("normalised", "structure", "sentences", "rule_matches", "registry_matches")
    provides = ("model_matches", "unread")

    def __init__(self, find: Finder):
        self.find = find

    def __call__(self, state: DocState) -> None:
        self.run_all([state])

    def run_all(self, states: list[DocState]) -> None:
        from .registry.gazetteer import load_gazetteer
        from .registry.names import canonical_name

        registry = load_gazetteer()
        russian = russian_detector()

        texts, hints, owners = [], [], []
        for state in states:
            text = state.normalised.text
            for (start, end), spans in zip(state.sentences, _hints_by_sentence(state)):
                if (
                    _CAPITALS_ONLY.fullmatch(text, start, end)
                    or _furniture(state, start)
                    or russian.is_russian(text[start:end])
                ):
                    state.unread.append((start, end))
                    continue
                texts.append(text[start:end])
                hints.append(spans)
                owners.append((state, start))
            state.model_matches = []
        for (state, offset), found in zip(owners, self.find(texts, hints)):
            text = state.normalised.text
            for cand in found:
                start, end = _trimmed(text, cand.start + offset, cand.end + offset)
                if start == end:
                    continue
                cand = replace(cand, start=start, end=end)
                if cand.type == "GPE" and registry.place_is_no_fact(text, start, end):
                    continue  # "Абай облысының әкімі", "Орал-Атырау жолы": a place inside them is no fact
                if cand.type not in RULE_OWNED:
                    cand.value = canonical_name(text[cand.start : cand.end], cand.type)
                state.model_matches.append(cand)


def _furniture(state: DocState, pos: int) -> bool:
    """Whether the sentence at `pos` stands in page furniture (or a photo credit)."""
    block = state.structure.block_at(pos) if state.structure else None
    return block is not None and block.drops_facts


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A model span without stray punctuation at its edges ("институты (" -> "институты";
    a final period unless it ends an abbreviation or an initial: no KazNERD span ends a
    sentence), cut before a bracket that opens with a capital ("институты (ҚСЗИ) өз
    есебінде" -> "институты"): in KazNERD only lower-case speech fillers ("(і)") stand
    inside a span."""
    bracket = _CAPITAL_BRACKET.search(text, start, end)
    if bracket:
        end = bracket.start()
    while end > start and (text[end - 1] in _TRAILING or (text[end - 1] == "." and not _abbreviated(text, start, end))):
        end -= 1
    while start < end and text[start] in _LEADING:
        start += 1
    return start, end


def _abbreviated(text: str, start: int, end: int) -> bool:
    """Whether the period ending text[start:end] belongs to an abbreviation or an initial."""
    word = _LAST_WORD.search(text, start, end)
    return bool(word) and (word.group().lower() in _abbreviations() or _INITIAL.fullmatch(word.group()) is not None)


_LAST_WORD = regex.compile(r"[\p{L}.]+\Z")
_INITIAL = regex.compile(r"(?:\p{Lu}\.)+")
_CAPITAL_BRACKET = regex.compile(r"\s*\(\p{Lu}")
_CAPITALS_ONLY = regex.compile(r"[^\p{Ll}]*\p{Lu}[^\p{Ll}]*")
_CITATION = regex.compile(r"\[\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*\]")
_TRAILING = " \n\t([{«–—-,;:"
_LEADING = " \n\t)]}»–—,;:"


def _hints_by_sentence(state: DocState) -> list[list[tuple[int, int, str]]]:
    """The rule and registry matches of each sentence, in sentence offsets."""
    starts = [start for start, _ in state.sentences]
    out: list[list[tuple[int, int, str]]] = [[] for _ in starts]
    for layer in (state.rule_matches, state.registry_matches):
        for c in layer:
            i = sentence_of(c.start, c.end, starts, state.sentences)
            if i is not None:
                out[i].append((c.start - starts[i], c.end - starts[i], c.type))
    return out


class Merge(Stage):
    """Arbitrate between the sources by a merge policy named in `merge.POLICIES`:
    `model_first` for a model that reads the rules as features (its spans are final; a
    value-type span whose value no rule gave exactly gets it from the grammar run on the
    span's own text), `rules_own_values` otherwise (pipeline/merge.py says how each decides).
    Nothing inside a reference marker ("[6]", "[6, 7]", "[2-4]") is kept: it cites a source."""

    name, provides = "merge", ("merged",)

    def __init__(self, policy: str = "rules_own_values", grammar: Grammar | None = None):
        if policy not in POLICIES:
            raise PipelineError(f"unknown merge policy {policy!r}: one of {', '.join(POLICIES)}")
        self.policy, self.grammar = policy, grammar
        self.requires = ("normalised", "rule_matches", "registry_matches")
        if policy == "model_first":
            self.requires += ("model_matches", "unread")

    def __call__(self, state: DocState) -> None:
        def value_of(cand: Candidate) -> Candidate:
            return self._valued(cand, state)

        merged = POLICIES[self.policy](MergeInput(state.matches(), state.unread, value_of))
        markers = [m.span() for m in _CITATION.finditer(state.normalised.text)]
        starts = [a for a, _ in markers]
        state.merged = [c for c in merged if not inside_spans(c, starts, markers)]

    def _valued(self, cand: Candidate, state: DocState) -> Candidate:
        text = state.normalised.text[cand.start : cand.end]
        found = [c for c in self.grammar.extract(text, None, state.document.date) if c.type == cand.type]
        if len(found) != 1:
            return cand
        [rule] = found
        return replace(
            cand,
            value=rule.value,
            unit=rule.unit,
            qualifier=rule.qualifier,
            derivation=[*cand.derivation, f"value from {rule.source} on the model's span", *rule.derivation],
        )


class Facts(Stage):
    """Settle the merged spans against the document's structure (pipeline/settle.py:
    no structural numbers, no value-type facts without a value, a list's unit given to its
    bare numbers), map them back to the original text and attach sentence, its language,
    block and provenance. Facts in furniture are left out unless `keep_furniture`; a numeric
    range is two facts and a value-type span without a value is dropped, unless `contract` is
    off (KazNERD, which the evaluation scores against, tags a range as one span and keeps
    value words without a value). A named
    value (not a value type) found in Latin-script Kazakh is written in the document's
    Latin alphabet ("Қарағанды облысы" -> "Qaraǵandy oblysy")."""

    name, requires, provides = "facts", ("normalised", "structure", "sentences", "merged"), ("facts",)

    def __init__(self, keep_furniture: bool = False, contract: bool = True):
        self.keep_furniture, self.contract = keep_furniture, contract

    def __call__(self, state: DocState) -> None:
        doc, norm = state.document, state.normalised
        russian = russian_detector()
        alphabet = latin_tables().alphabets[norm.alphabet] if norm.alphabet else None
        facts = []
        sentence_index = 0
        languages: dict[int, str] = {}  # per sentence, read once (a long one holds many facts)
        for cand in sorted(
            settle(state.merged, state.structure, norm.text, self.contract), key=lambda c: (c.start, c.end)
        ):
            block = state.structure.block_at(cand.start) if state.structure else None
            if block is not None and block.drops_facts and not self.keep_furniture:
                continue
            while sentence_index + 1 < len(state.sentences) and state.sentences[sentence_index][1] <= cand.start:
                sentence_index += 1
            s_start, s_end = state.sentences[sentence_index]
            if sentence_index not in languages:
                languages[sentence_index] = "ru" if russian.is_russian(norm.text[s_start:s_end]) else "kk"
            start, end = norm.to_original(cand.start, cand.end)
            key = f"{doc.doc_id}|{start}|{end}|{cand.type}".encode()
            value = cand.value
            if alphabet and cand.type not in VALUE_TYPES and any(a <= cand.start < b for a, b in norm.latin):
                value = alphabet.to_latin(value)
            facts.append(
                Fact(
                    fact_id=hashlib.sha1(key).hexdigest()[:12],
                    doc_id=doc.doc_id,
                    type=cand.type,
                    text=doc.text[start:end],
                    start=start,
                    end=end,
                    value=value,
                    unit=cand.unit,
                    qualifier=cand.qualifier,
                    sentence_id=sentence_index,
                    sentence=sentence_excerpt(norm.text, s_start, s_end, cand.start, cand.end),
                    source=cand.source,
                    block=block.kind if block else "paragraph",
                    lang=languages[sentence_index],
                    page=doc.page_at(start),
                )
            )
        state.facts = facts


class Claims(Stage):
    """What each number of the document is about: subject, measure, time, source
    (pipeline/claims/), read off its facts, sentences and blocks."""

    name, requires, provides = "claims", ("normalised", "structure", "sentences", "facts"), ("claims",)

    def __call__(self, state: DocState) -> None:
        state.claims = build_claims(state.document, state.normalised, state.structure, state.sentences, state.facts)


SENTENCE_MAX = 1000  # characters of the `sentence` column


def sentence_excerpt(text: str, s_start: int, s_end: int, start: int, end: int) -> str:
    """The sentence [s_start, s_end) of `text`; one longer than SENTENCE_MAX is cut to the
    SENTENCE_MAX characters around the fact [start, end), with "…" where it was cut (so
    a text without full stops cannot make every row carry all of it)."""
    if s_end - s_start <= SENTENCE_MAX:
        return text[s_start:s_end]
    lo = max(s_start, min(start - (SENTENCE_MAX - (end - start)) // 2, s_end - SENTENCE_MAX))
    hi = max(min(s_end, lo + SENTENCE_MAX), end)
    return ("…" if lo > s_start else "") + text[lo:hi] + ("…" if hi < s_end else "")


def build_pipeline(stages: list[Stage]) -> list[Stage]:
    """Check that each stage's layers are DocState fields and that what it requires is
    provided by an earlier stage."""
    available = {"document"}
    for stage in stages:
        unknown = [layer for layer in (*stage.requires, *stage.provides) if layer not in LAYERS]
        if unknown:
            raise PipelineError(f"stage '{stage.name}' names {unknown}, which are no layers: {', '.join(LAYERS)}")
        missing = [r for r in stage.requires if r not in available]
        if missing:
            raise PipelineError(f"stage '{stage.name}' requires {missing}, which no earlier stage provides")
        available.update(stage.provides)
    return stages


def resolve_backend(ner: str | None) -> str | None:
    """'auto' means the shipped spaCy model where it is installed, else the rules alone."""
    if ner != "auto":
        return ner
    if (MODEL_DIR / "meta.json").is_file():
        return "spacy"
    print(f"note: no NER model at {MODEL_DIR}; running the rules alone (see 'kazfacts train')", file=sys.stderr)
    return None


def model_finder(ner: str, model_dir: Path | None = None) -> Finder:
    """The entity finder of an NER backend: 'spacy' (the shipped model, or the spaCy model
    in `model_dir`) or 'stanza'."""
    if ner == "spacy":
        from .ner.spacy_backend import SpacyFinder

        return SpacyFinder(model_dir or MODEL_DIR)
    if ner == "stanza":
        from .ner.stanza_backend import load_stanza, stanza_sentence_entities

        nlp = load_stanza()
        return lambda texts, hints=None: stanza_sentence_entities(nlp, texts)
    raise PipelineError(f"unknown NER backend {ner!r}: use 'spacy' or 'stanza'")


def default_stages(
    grammar: Grammar | None = None,
    ner: str | None = "auto",
    model_dir: Path | None = None,
    keep_furniture: bool = False,
    contract: bool = True,
) -> list[Stage]:
    """normalise -> structure -> segment -> rules -> registry -> model (unless ner is None) -> merge -> facts
    -> claims.

    `ner`: "spacy", "stanza", "auto" (the shipped model if installed) or None (rules alone);
    `model_dir`: a spaCy model to use instead of the shipped one (one `kazfacts train --out` wrote);
    `keep_furniture`: keep the facts found in page furniture; `contract`: the value contract's
    conventions (ranges as two facts, no value-type fact without a value); off for scoring
    against KazNERD's conventions."""
    from .grammar import load_grammar

    ner = "spacy" if model_dir and ner == "auto" else resolve_backend(ner)
    grammar = grammar or load_grammar()
    stages: list[Stage] = [Normalise(), Structure(), Segment(), Rules(grammar), Registry()]
    if ner:
        finder = model_finder(ner, model_dir)
        stages.append(Model(finder))
    policy = "model_first" if ner and getattr(finder, "reads_rules", False) else "rules_own_values"
    stages = build_pipeline([*stages, Merge(policy, grammar), Facts(keep_furniture, contract), Claims()])
    gc.freeze()  # the loaded model and patterns live as long as the process: collections need not walk them
    return stages


def process(document: Document, stages: list[Stage]) -> DocState:
    """Run the stages over one document; a stage's error is raised."""
    outcome = process_many([document], stages)[0]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def process_many(documents: list[Document], stages: list[Stage]) -> list[DocState | Exception]:
    """Run the stages over a batch of documents, stage by stage, so that the model sees all
    their sentences at once. A document that makes a stage fail gets the exception in its
    place (with a note naming the stage); the others go on. When a stage fails on the batch,
    every document is put back as it was before that stage and run through it alone, so
    one document's failure is never another's."""
    states = [DocState(document) for document in documents]
    failed: dict[int, Exception] = {}
    for stage in stages:
        live = [i for i in range(len(states)) if i not in failed]
        before = {i: _snapshot(states[i]) for i in live}
        try:
            stage.run_all([states[i] for i in live])
        except Exception:  # find the failing document(s) one by one
            for i in live:
                states[i] = _snapshot(before[i])
                try:
                    stage(states[i])
                except Exception as exc:
                    exc.add_note(f"in stage '{stage.name}'")
                    failed[i] = exc
    return [failed.get(i, state) for i, state in enumerate(states)]


def _snapshot(state: DocState) -> DocState:
    """A copy of a document's state whose lists a stage can change without touching the original."""
    copied = object.__new__(DocState)
    copied.__dict__.update({name: _copied(value) for name, value in vars(state).items()})
    return copied


def _copied(value):
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return {k: list(v) if isinstance(v, list) else v for k, v in value.items()}
    return value

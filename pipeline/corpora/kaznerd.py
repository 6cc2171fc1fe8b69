"""KazNERD reading, train/dev split, and alignment onto the project's `kk` tokenizer.

KazNERD is pre-tokenised (`token TAG` per line, IOB2). The model must see the tokens the
`kk` tokenizer produces on real text, so each sentence is detokenised into plain text, its
entities become character spans, and the text is re-tokenised with `spacy.blank("kk")`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example

from ..paths import REPO_DIR
from ..text.normalise import normalise

SEED = 20240601
DEV_FRACTION = 0.1
FILES = ("kaznerd_valid.iob2", "kaznerd_test_part.iob2")

CharSpan = tuple[int, int, str]

_NO_SPACE_BEFORE = {",", ".", ")", "]", "»", "?", "!", ":", ";", "%", "…", "/"}
_NO_SPACE_AFTER = {"(", "[", "«", "/"}
_DIGIT_END = re.compile(r"\d$")
_DIGIT_START = re.compile(r"^\d")


@dataclass(frozen=True)
class Sentence:
    """One KazNERD sentence: its tokens and their IOB2 tags."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]


def kaznerd_dir() -> Path:
    """The KazNERD folder in the repository's sibling `shared/` checkout."""
    return REPO_DIR.parent / "shared" / "data" / "kaznerd"


def read_iob2(lines: Iterable[str]) -> list[Sentence]:
    """Parse `token TAG` lines, blank line between sentences; a missing tag reads as O."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in [*lines, ""]:
        parts = line.split()
        if parts:
            tokens.append(parts[0])
            tags.append(parts[1] if len(parts) > 1 else "O")
        elif tokens:
            sentences.append(Sentence(tuple(tokens), tuple(tags)))
            tokens, tags = [], []
    return sentences


def load_sentences(data_dir: Path | None = None) -> list[Sentence]:
    """Both KazNERD files, in file order, exact duplicate sentences dropped."""
    data_dir = data_dir or kaznerd_dir()
    seen: set[Sentence] = set()
    unique: list[Sentence] = []
    for name in FILES:
        with open(data_dir / name, encoding="utf8") as handle:
            for sentence in read_iob2(handle):
                if sentence not in seen:
                    seen.add(sentence)
                    unique.append(sentence)
    return unique


def split(
    sentences: Sequence[Sentence], seed: int = SEED, dev_fraction: float = DEV_FRACTION
) -> tuple[list[Sentence], list[Sentence]]:
    """Shuffle with `seed` and cut into (train, dev); dev gets round(n * dev_fraction)."""
    order = list(range(len(sentences)))
    random.Random(seed).shuffle(order)
    n_dev = round(len(sentences) * dev_fraction)
    return [sentences[i] for i in order[n_dev:]], [sentences[i] for i in order[:n_dev]]


def token_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity token spans [start, end) from IOB2 tags; a stray I- opens a new entity."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, name = tag.partition("-")
        if label and (prefix != "I" or name != label):
            spans.append((start, i, label))
            label = ""
        if prefix == "B" or (prefix == "I" and not label):
            start, label = i, name
    return spans


def detokenise(sentence: Sentence) -> tuple[str, list[CharSpan]]:
    """Plain text for a sentence and its entities as character spans (start, end, label).

    No space before closing punctuation, "%-ке", or a "-ге" suffix after a number or "»";
    none after opening brackets;
    a decimal comma inside one entity ("20 , 7") is rejoined as "20,7".
    """
    tokens, tags = sentence.tokens, sentence.tags
    starts: list[int] = []
    text = ""
    for i, token in enumerate(tokens):
        if i and space_before(tokens, tags, i):
            text += " "
        starts.append(len(text))
        text += token
    spans = [(starts[s], starts[e - 1] + len(tokens[e - 1]), label) for s, e, label in token_spans(tags)]
    return text, spans


def space_before(tokens: Sequence[str], tags: Sequence[str], i: int) -> bool:
    token, prev = tokens[i], tokens[i - 1]
    if token in _NO_SPACE_BEFORE or token.startswith(("%-", "»-")) or prev in _NO_SPACE_AFTER:
        return False
    if token[:1] == "-" and token[1:2].isalpha() and (prev == "»" or prev[-1].isdigit()):
        return False
    decimal = (
        prev == ","
        and i >= 2
        and _DIGIT_END.search(tokens[i - 2])
        and _DIGIT_START.match(token)
        and tags[i - 1].startswith("I-")
        and tags[i].startswith("I-")
    )
    return not decimal


def gold_char_spans(sentences: Iterable[Sentence]) -> list[set[CharSpan]]:
    """Gold entities per sentence as sets of (start_char, end_char, label)."""
    return [set(detokenise(sentence)[1]) for sentence in sentences]


def to_doc(nlp: Language, sentence: Sentence) -> tuple[Doc, int]:
    """Re-tokenised Doc with gold entities set, and how many entities did not align exactly.

    The text is normalised as `kazfacts run` normalises it before the model reads it (em
    dashes, look-alike Latin letters, ...), so that training and use see the same tokens.
    A span that cuts a token is expanded to whole tokens (counted as misaligned);
    one overlapping an entity already placed is dropped (also counted).
    """
    text, char_spans = detokenise(sentence)
    norm = normalise(text)
    doc = nlp.make_doc(norm.text)
    ents: list[Span] = []
    taken: set[int] = set()
    misaligned = 0
    for start, end, label in char_spans:
        span = doc.char_span(*norm.from_original(start, end), label=label, alignment_mode="expand")
        if span is None or taken.intersection(range(span.start, span.end)):
            misaligned += 1
            continue
        if (span.start_char, span.end_char) != (start, end):
            misaligned += 1
        taken.update(range(span.start, span.end))
        ents.append(span)
    doc.ents = ents
    return doc, misaligned


def to_docs(nlp: Language, sentences: Iterable[Sentence]) -> tuple[list[Doc], int]:
    """Docs for many sentences and the total number of misaligned entities."""
    docs: list[Doc] = []
    misaligned = 0
    for sentence in sentences:
        doc, bad = to_doc(nlp, sentence)
        docs.append(doc)
        misaligned += bad
    return docs, misaligned


def to_examples(nlp: Language, sentences: Iterable[Sentence]) -> list[Example]:
    """Training Examples (untagged predicted Doc, gold reference Doc)."""
    docs, _ = to_docs(nlp, sentences)
    return [Example(nlp.make_doc(doc.text), doc) for doc in docs]

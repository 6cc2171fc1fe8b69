"""How often the kk tokenizer's tokens agree with a gold tokenisation.

Agreement is measured on character spans: a gold token agrees when the tokenizer
produces a token with exactly its start and end. Reported as recall (gold tokens
reproduced), precision (our tokens that are gold tokens) and the share of
sentences tokenised identically."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import regex
import spacy

_NUMBER_ENDING = regex.compile(r"^([0-9][0-9.,]*%?)(-\p{L}+)$")


@dataclass
class Agreement:
    sentences: int = 0
    identical: int = 0
    gold: int = 0
    ours: int = 0
    matched: int = 0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.ours if self.ours else 0.0

    def __str__(self) -> str:
        return (
            f"{self.sentences} sentences, {self.gold} gold tokens: token recall {self.recall:.4f}, "
            f"precision {self.precision:.4f}, identical sentences {self.identical / max(self.sentences, 1):.4f}"
        )


def split_number_endings(text: str, gold: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Gold spans with a number's hyphenated ending split off, as the kk tokenizer documents."""
    out = set()
    for start, end in gold:
        m = _NUMBER_ENDING.match(text[start:end])
        if m and not m.group(1).endswith("%"):
            cut = start + len(m.group(1))
            out.update({(start, cut), (cut, end)})
        else:
            out.add((start, end))
    return out


def measure(pairs: Iterable[tuple[str, list[tuple[int, int]]]], documented_split: bool = False) -> Agreement:
    """Compare the kk tokenizer with gold (text, token char spans) pairs; with
    `documented_split`, gold number endings ("1416-сы") count as split the kk way."""
    tokenizer = spacy.blank("kk").tokenizer
    result = Agreement()
    for text, gold in pairs:
        ours = {(t.idx, t.idx + len(t)) for t in tokenizer(text) if not t.is_space}
        gold_set = split_number_endings(text, gold) if documented_split else set(gold)
        result.sentences += 1
        result.gold += len(gold_set)
        result.ours += len(ours)
        result.matched += len(ours & gold_set)
        result.identical += ours == gold_set
    return result


def conllu_pairs(path: Path) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """(text, surface token spans) per sentence of a CoNLL-U file; multiword tokens count once."""
    text, tokens, skip_to = None, [], 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("# text = "):
                text = line[len("# text = ") :]
            elif not line and text is not None:
                yield text, _locate(text, tokens)
                text, tokens, skip_to = None, [], 0
            elif line and not line.startswith("#"):
                cols = line.split("\t")
                if "-" in cols[0]:
                    skip_to = int(cols[0].split("-")[1])
                    tokens.append(cols[1])
                elif "." not in cols[0] and int(cols[0]) > skip_to:
                    tokens.append(cols[1])
    if text is not None and tokens:
        yield text, _locate(text, tokens)


def _locate(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for token in tokens:
        start = text.find(token, pos)
        if start < 0:
            continue
        spans.append((start, start + len(token)))
        pos = start + len(token)
    return spans


def iob2_pairs(path: Path) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """KazNERD sentences: the tokens joined by the project's detokeniser, with their spans."""
    from ..corpora.kaznerd import read_iob2, space_before

    with open(path, encoding="utf-8") as handle:
        sentences = read_iob2(handle)
    for sentence in sentences:
        text, spans = "", []
        for i, token in enumerate(sentence.tokens):
            if i and space_before(sentence.tokens, sentence.tags, i):
                text += " "
            spans.append((len(text), len(text) + len(token)))
            text += token
        yield text, spans

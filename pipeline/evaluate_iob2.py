"""Scoring the extractors on a KazNERD-format (IOB2) file, side by side per label.

Each sentence is detokenised (pipeline/ner/kaznerd.py), run through normalisation and
the extractors, and compared with the gold entities as exact character spans."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from .document import Candidate
from .evaluation import MICRO, score
from .grammar import Grammar
from .ner.kaznerd import Sentence, detokenise, read_iob2
from .normalise import normalise

Extractor = Callable[[str, list[tuple[int, int]]], list[Candidate]]
RULE_LABELS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENTAGE", "MONEY", "QUANTITY")


def read_file(path: Path) -> list[Sentence]:
    with open(path, encoding="utf-8") as handle:
        return read_iob2(handle)


def rules_extractor(grammar: Grammar) -> Extractor:
    def extract(text: str, sentences: list[tuple[int, int]]) -> list[Candidate]:
        return grammar.extract(text, sentences)
    return extract


def predict(sentences: Sequence[Sentence], extractor: Extractor,
            labels: set[str] | None) -> tuple[list[set], list[set]]:
    """Gold and predicted (start, end, label) sets per sentence, in original offsets."""
    gold_sets, pred_sets = [], []
    for sentence in sentences:
        text, gold = detokenise(sentence)
        norm = normalise(text)
        found = extractor(norm.text, [(0, len(norm.text))])
        pred = {(*norm.to_original(c.start, c.end), c.type) for c in found}
        gold_sets.append({g for g in gold if labels is None or g[2] in labels})
        pred_sets.append({p for p in pred if labels is None or p[2] in labels})
    return gold_sets, pred_sets


def side_by_side(results: dict[str, dict[str, dict[str, float]]]) -> str:
    """One row per label, P/R/F1 of each system in columns."""
    names = list(results)
    labels = sorted({label for r in results.values() for label in r} - {MICRO}) + [MICRO]
    head = f"{'label':<14}{'gold':>6}" + "".join(f"{n + ' P':>12}{'R':>7}{'F1':>7}" for n in names)
    rows = [head]
    for label in labels:
        first = next((r[label] for r in results.values() if label in r), None)
        row = f"{label:<14}{int(first['gold']) if first else 0:>6}"
        for name in names:
            s = results[name].get(label)
            row += f"{s['p']:>12.3f}{s['r']:>7.3f}{s['f']:>7.3f}" if s else f"{'-':>12}{'-':>7}{'-':>7}"
        rows.append(row)
    return "\n".join(rows)


def evaluate(sentences: Sequence[Sentence], systems: dict[str, Extractor],
             labels: set[str] | None) -> dict[str, dict[str, dict[str, float]]]:
    out = {}
    for name, extractor in systems.items():
        gold, pred = predict(sentences, extractor, labels)
        out[name] = score(gold, pred)
    return out

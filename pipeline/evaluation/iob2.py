"""Scoring the extractors on KazNERD-format (IOB2) files, side by side per label.

Each sentence is detokenised (pipeline/corpora/kaznerd.py) into a one-sentence document and
run through the real stages; predictions and gold entities are compared as exact
character spans. Systems: the rules alone, the model alone, and the merged pipeline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..corpora.kaznerd import Sentence, detokenise, read_iob2
from ..document import Document
from ..text.normalise import normalise
from .scoring import MICRO, score

Spans = set[tuple[int, int, str]]
System = Callable[[Sequence[str]], list[Spans]]  # sentence texts -> spans found in each


def read_file(path: Path) -> list[Sentence]:
    with open(path, encoding="utf-8") as handle:
        return read_iob2(handle)


def stages_system(process: Callable[[list[Document]], list]) -> System:
    """A system that runs the pipeline (`process`: documents -> their states or exceptions,
    as `stages.process_many` with its stages) over each sentence as one document, in one batch."""

    def predict(texts: Sequence[str]) -> list[Spans]:
        out = []
        for outcome in process([Document(f"s{i}", t) for i, t in enumerate(texts)]):
            if isinstance(outcome, Exception):
                raise outcome
            out.append({(f.start, f.end, f.type) for f in outcome.facts})
        return out

    return predict


def model_system(find: Callable) -> System:
    """The model alone: its entities on the normalised sentences, mapped back."""

    def predict(texts: Sequence[str]) -> list[Spans]:
        norms = [normalise(t) for t in texts]
        return [
            {(*norm.to_original(c.start, c.end), c.type) for c in found}
            for norm, found in zip(norms, find([n.text for n in norms]))
        ]

    return predict


def evaluate(
    sentences: Sequence[Sentence], systems: dict[str, System], labels: set[str] | None = None
) -> dict[str, dict[str, dict[str, float]]]:
    """Scores per system; only `labels` are counted (all when None)."""
    texts, gold = [], []
    for sentence in sentences:
        text, spans = detokenise(sentence)
        texts.append(text)
        gold.append({g for g in spans if labels is None or g[2] in labels})
    return {
        name: score(gold, [{p for p in found if labels is None or p[2] in labels} for found in predict(texts)])
        for name, predict in systems.items()
    }


def side_by_side(results: dict[str, dict[str, dict[str, float]]]) -> str:
    """One row per label, P/R/F1 of each system in columns."""
    names = list(results)
    labels = sorted({label for r in results.values() for label in r} - {MICRO}) + [MICRO]
    rows = [f"{'label':<14}{'gold':>6}" + "".join(f"{n + ' P':>14}{'R':>7}{'F1':>7}" for n in names)]
    for label in labels:
        first = next((r[label] for r in results.values() if label in r), None)
        row = f"{label:<14}{int(first['gold']) if first else 0:>6}"
        for name in names:
            s = results[name].get(label)
            row += f"{s['p']:>14.3f}{s['r']:>7.3f}{s['f']:>7.3f}" if s else f"{'-':>14}{'-':>7}{'-':>7}"
        rows.append(row)
    return "\n".join(rows)

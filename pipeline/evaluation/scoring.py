"""Entity-level exact-match scoring on character spans: precision, recall, F1 per label and micro."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

Entity = tuple[int, int, str]
MICRO = "MICRO"


def score(gold: Sequence[set[Entity]], pred: Sequence[set[Entity]]) -> dict[str, dict[str, float]]:
    """Per-label and micro scores; gold[i] and pred[i] are one sentence's (start, end, label) sets.

    Returns {label: {"p", "r", "f", "tp", "gold", "pred"}}, with the micro average under "MICRO".
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted")
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for g, p in zip(gold, pred):
        n_gold.update(label for _, _, label in g)
        n_pred.update(label for _, _, label in p)
        tp.update(label for _, _, label in g & p)
    result = {label: _prf(tp[label], n_gold[label], n_pred[label]) for label in sorted(n_gold | n_pred)}
    result[MICRO] = _prf(sum(tp.values()), sum(n_gold.values()), sum(n_pred.values()))
    return result


def _prf(tp: int, n_gold: int, n_pred: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "gold": n_gold, "pred": n_pred}


def format_table(scores: dict[str, dict[str, float]]) -> str:
    """A fixed-width text table: one row per label, the micro average last."""
    rows = [f"{'label':<15}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}"]
    for label in [*(k for k in scores if k != MICRO), MICRO]:
        s = scores[label]
        rows.append(f"{label:<15}{s['p']:>7.3f}{s['r']:>7.3f}{s['f']:>7.3f}{s['gold']:>7}{s['pred']:>7}")
    return "\n".join(rows)

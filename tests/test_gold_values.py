"""The gold set of expressions with their normalised values (tests/gold/values.tsv):
at least 98% must come out exactly right (type, span, value, unit, qualifier) through
`pipeline.extract(text, date=...)`. The misses are printed."""

import csv
import inspect
from pathlib import Path

import pytest

import pipeline

GOLD = Path(__file__).parent / "gold" / "values.tsv"
COLUMNS = ["text", "doc_date", "type", "span", "value", "unit", "qualifier"]
THRESHOLD = 0.98


def load_gold() -> list[dict[str, str]]:
    with open(GOLD, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == COLUMNS, f"{GOLD} must have the columns {COLUMNS}"
        return [{k: (v or "") for k, v in row.items()} for row in reader]


def _extract(text: str, date: str):
    # the rules' values are what is scored: the statistical model (if the pipeline has one) is left out
    kwargs = {"ner": None} if "ner" in inspect.signature(pipeline.extract).parameters else {}
    return pipeline.extract(text, date=date or None, **kwargs)


def check(row: dict[str, str]) -> str:
    """'' when the row's fact is found exactly, else what was found instead."""
    facts = _extract(row["text"], row["doc_date"])
    same_span = facts[facts["text"] == row["span"]]
    for _, fact in same_span.iterrows():
        got = (fact["type"], str(fact["value"]), str(fact["unit"]), str(fact["qualifier"]))
        if got == (row["type"], row["value"], row["unit"], row["qualifier"]):
            return ""
    found = (
        "; ".join(
            f"{f['text']!r} {f['type']} value={f['value']!r} unit={f['unit']!r} qualifier={f['qualifier']!r}"
            for _, f in facts.iterrows()
        )
        or "nothing"
    )
    return found


def test_gold_file_is_well_formed():
    rows = load_gold()
    assert len(rows) >= 300
    for i, row in enumerate(rows, start=2):
        assert row["span"] and row["span"] in row["text"], f"{GOLD}:{i}: span {row['span']!r} is not in the text"
        assert row["type"] in {"CARDINAL", "ORDINAL", "DATE", "TIME", "PERCENTAGE", "MONEY", "QUANTITY"}, f"{GOLD}:{i}"


def test_gold_values_accuracy(capsys):
    rows = load_gold()
    misses = []
    for i, row in enumerate(rows, start=2):
        found = check(row)
        if found:
            misses.append(
                f"{GOLD.name}:{i}: {row['type']} {row['span']!r} want value={row['value']!r} "
                f"unit={row['unit']!r} qualifier={row['qualifier']!r} (date {row['doc_date']!r}); found {found}"
            )
    accuracy = 1 - len(misses) / len(rows)
    with capsys.disabled():
        print(f"\ngold values: {len(rows) - len(misses)}/{len(rows)} exactly right ({accuracy:.1%})")
        for miss in misses:
            print("  MISS", miss)
    assert accuracy >= THRESHOLD, f"{len(misses)} misses of {len(rows)}"


if __name__ == "__main__":
    pytest.main([__file__, "-q", "-s"])

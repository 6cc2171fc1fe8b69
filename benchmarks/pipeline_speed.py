"""Words per second per stage and overall, and peak memory, on a synthetic corpus.

    python benchmarks/pipeline_speed.py [--mb 1.0] [--no-model | --model DIR]

The synthetic corpus repeats the documents of corpus/ (each copy its own document)
until it holds at least --mb megabytes of UTF-8 text."""

from __future__ import annotations

import argparse
import resource
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from pipeline.document import Document
from pipeline.run import BATCH_DOCUMENTS
from pipeline.stages import DocState, default_stages
from pipeline.text.ingest import iter_documents

REPO = Path(__file__).resolve().parents[1]


def synthetic_corpus(megabytes: float) -> list[Document]:
    seeds = [d for d in iter_documents([REPO / "corpus"]) if isinstance(d, Document)]
    docs, size, i = [], 0, 0
    while size < megabytes * 1_000_000:
        seed = seeds[i % len(seeds)]
        docs.append(replace(seed, doc_id=f"{seed.doc_id}-{i}"))
        size += len(seed.text.encode("utf-8"))
        i += 1
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--no-model", action="store_true", help="rules only")
    parser.add_argument("--model", type=Path, help="a retrained spaCy model folder instead of the shipped one")
    args = parser.parse_args()
    docs = synthetic_corpus(args.mb)
    words = sum(len(d.text.split()) for d in docs)
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    stages = default_stages(ner=None if args.no_model else "spacy", model_dir=args.model)
    spent: dict[str, float] = defaultdict(float)
    facts = 0
    total_start = time.perf_counter()
    for first in range(0, len(docs), BATCH_DOCUMENTS):  # batched as pipeline.run does
        states = [DocState(doc) for doc in docs[first : first + BATCH_DOCUMENTS]]
        for stage in stages:
            t = time.perf_counter()
            stage.run_all(states)
            spent[stage.name] += time.perf_counter() - t
        facts += sum(len(state.facts) for state in states)
    total = time.perf_counter() - total_start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {len(docs)} documents, {size / 1e6:.2f} MB, {words} words, {facts} facts")
    for name, seconds in spent.items():
        print(f"  {name:<10} {seconds:7.2f} s  {words / seconds:>12,.0f} words/s")
    print(f"  {'overall':<10} {total:7.2f} s  {words / total:>12,.0f} words/s")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()

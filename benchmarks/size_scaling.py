"""Time and memory of one document as it grows: is the cost linear in its size?

    python benchmarks/size_scaling.py [--model] [--text corpus|numbers] [--sizes 50000 200000 ...]

Each size runs in a fresh process: one document of that many characters (corpus/'s texts
repeated; `--text numbers`: "1 1 1 ..." without a full stop, the worst case for the rules
and the sentence column) goes through every stage. Printed per size: seconds, seconds
per 100k characters, its ratio to the smallest size's (1.00 = linear), facts, and the
memory the document added to the loaded pipeline (peak RSS minus RSS before it)."""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SIZES = [50_000, 200_000, 800_000, 3_200_000]


def _document_text(size: int, kind: str) -> str:
    from pipeline.document import Document
    from pipeline.text.ingest import iter_documents

    if kind == "numbers":
        seed = "1 "
    else:
        seed = "\n\n".join(d.text for d in iter_documents([REPO / "corpus"]) if isinstance(d, Document))
    return (seed * (size // len(seed) + 1))[:size]


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(size: int, kind: str, model: bool) -> dict:
    """Run one document of `size` characters; what the parent prints."""
    from pipeline.document import Document
    from pipeline.stages import default_stages, process

    stages = default_stages(ner="spacy" if model else None)
    process(Document("warm", "2022 жылы 80 пайыз."), stages)
    text = _document_text(size, kind)
    before = _rss_mb()
    start = time.perf_counter()
    facts = len(process(Document("big", text), stages).facts)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"size": size, "seconds": seconds, "facts": facts, "memory_mb": max(0.0, peak - before)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", action="store_true", help="with the shipped NER model (default: the rules alone)")
    parser.add_argument("--text", choices=["corpus", "numbers"], default="corpus")
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.text, args.model)))
        return
    print(
        f"one document of corpus/ text{' (numbers)' if args.text == 'numbers' else ''}, "
        f"{'rules + model' if args.model else 'rules alone'}"
    )
    print(f"{'chars':>10} {'seconds':>8} {'s/100k':>7} {'ratio':>6} {'facts':>8} {'memory':>9}")
    base = None
    for size in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(size), "--text", args.text, *(["--model"] if args.model else [])]
        row = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()[-1])
        per = row["seconds"] / size * 100_000
        base = base or per
        print(
            f"{size:>10,} {row['seconds']:>8.2f} {per:>7.3f} {per / base:>6.2f} {row['facts']:>8,} "
            f"{row['memory_mb']:>6.0f} MB"
        )


if __name__ == "__main__":
    main()

"""The pipeline against spaCy's tokenizer on real Kazakh text, at several sizes, as whole processes.

    python benchmarks/scale.py [--sizes 2 8 24] [--raw ../shared/data/raw_kk] [--jobs N] [--repeat N]

Input: the lines of ../shared/data/raw_kk (24 MB of unlabelled Kazakh: reviews, government
news, Wikipedia, translated news ...), 20 lines to a document, the documents of the files
interleaved, as one JSONL file per size (MB of text). Each configuration runs as its own
process on each input: spaCy's `kk` tokenizer alone (the project's Kazakh language data,
spaCy imported without torch as the pipeline does; the texts read line by line and tokenised), `kazfacts run --no-model` on all cores, `kazfacts run --jobs 1` (with the NER
model) and `kazfacts run` on all cores. Printed per run: seconds, words per second (words:
whitespace-separated, the same count for every configuration), the ratio to the tokenizer's
speed on the same input, the CPU seconds of the process and its workers, and peak memory: the largest process's peak RSS and the peak of the
summed PSS of the process and its workers (shared pages counted once). Start-up is the
wall time of the same command on one short document (the compiled-expression cache warm),
the fastest of 2 x --repeat runs. Each pipeline run writes its outputs into a new folder
(removed after it, untimed), as a first run into an empty --out does.

With --repeat N each size runs every configuration N times, the configurations taking
turns, and the fastest run of each is printed (its CPU time with it; memory: the largest
peak of the N), so that a moment's load on a shared machine does not decide a ratio.
Python's bytecode is cached in a folder of the benchmark's own (as an installed package
has it), also where the environment says not to write it."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RAW = REPO.parent / "shared" / "data" / "raw_kk"
LINES_PER_DOCUMENT = 20
PYCACHE = Path(tempfile.gettempdir()) / "kazfacts-bench-pycache"  # compiled once, by the warm-up runs
TOKENIZE = """
import json, sys
from pipeline.ner.lean_import import lean_spacy_import
with lean_spacy_import():  # as the pipeline imports spaCy: without torch or its command line
    from pipeline.lang.kk import Kazakh
nlp = Kazakh()
with open(sys.argv[1], encoding="utf-8") as handle:
    texts = (json.loads(line)["text"] for line in handle)
    tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=256))
print(tokens, file=sys.stderr)
"""


def documents(raw: Path) -> list[str]:
    """The texts of the raw files, LINES_PER_DOCUMENT lines each, the files interleaved."""
    per_file = []
    for path in sorted(raw.glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        per_file.append(
            ["\n".join(lines[i : i + LINES_PER_DOCUMENT]) for i in range(0, len(lines), LINES_PER_DOCUMENT)]
        )
    out = []
    for i in range(max(len(docs) for docs in per_file)):
        out.extend(docs[i] for docs in per_file if i < len(docs))
    return out


def write_input(texts: list[str], megabytes: float, path: Path) -> tuple[int, int]:
    """The first `megabytes` MB of text as JSONL; (documents, words)."""
    limit, size, words, n = megabytes * 1_000_000, 0, 0, 0
    with open(path, "w", encoding="utf-8") as handle:
        for text in texts:
            if size >= limit:
                break
            handle.write(json.dumps({"id": f"d{n:06d}", "text": text}, ensure_ascii=False) + "\n")
            size += len(text.encode("utf-8"))
            words += len(text.split())
            n += 1
    return n, words


def measure(command: list[str]) -> dict:
    """Run `command`; its wall seconds, the largest process's peak RSS and the tree's peak PSS (MB)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": str(PYCACHE)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    peak_pss = 0.0
    while True:  # wait4 rather than poll: the child's own resource usage comes with it
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak_pss = max(peak_pss, _tree_pss(process.pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code
    errors.seek(0)
    stderr = errors.read().decode("utf-8", "replace")
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({code}):\n{stderr[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime  # the process and the workers it waited for
    return {"seconds": seconds, "cpu": cpu, "rss_mb": usage.ru_maxrss / 1024, "pss_mb": peak_pss}


def _tree_pss(pid: int) -> float:
    """The summed PSS (MB) of `pid` and its descendants."""
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) / 1024
                        break
            with open(f"/proc/{current}/task/{current}/children") as children:
                todo.extend(int(c) for c in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def configurations(jobs: int) -> dict[str, list[str]]:
    kazfacts = [sys.executable, "-m", "pipeline.cli", "run", "--quiet"]
    return {
        "tokenizer": [sys.executable, "-c", TOKENIZE],
        "rules, all cores": [*kazfacts, "--no-model", "--jobs", str(jobs)],
        "full, --jobs 1": [*kazfacts, "--jobs", "1"],
        f"full, --jobs {jobs}": [*kazfacts, "--jobs", str(jobs)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=[2, 8, 24], help="MB of text")
    parser.add_argument("--raw", type=Path, default=RAW)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)), help="all cores: the default")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each configuration per size (the fastest counts)"
    )
    args = parser.parse_args()
    texts = documents(args.raw)
    configs = configurations(args.jobs)
    with tempfile.TemporaryDirectory(prefix="kazfacts-bench-") as tmp:
        tmp = Path(tmp)
        one = tmp / "one.jsonl"
        write_input(texts[:1], 1, one)
        print(f"start-up (one short document, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}):")
        for name, command in configs.items():
            run_once(command, one, tmp)  # warm the caches
            runs = 2 * args.repeat  # a short command: more of its runs, the fastest counts
            seconds = [run_once(command, one, tmp)["seconds"] for _ in range(runs)]
            print(f"  {name:18} {min(seconds):6.2f} s")
        print()
        header = f"{'MB':>4} {'documents':>9} {'words':>9}  {'run':18} {'seconds':>8} {'CPU s':>7} {'words/s':>9} {'ratio':>6} {'RSS MB':>7} {'PSS MB':>7}"
        print(header)
        for size in args.sizes:
            source = tmp / f"in-{size:g}.jsonl"
            count, words = write_input(texts, size, source)
            runs: dict[str, list[dict]] = {name: [] for name in configs}
            for _ in range(args.repeat):
                for name, command in configs.items():
                    runs[name].append(run_once(command, source, tmp))
            tokenizer_speed = None
            for name in configs:
                found = min(runs[name], key=lambda run: run["seconds"])
                found = {
                    **found,
                    "rss_mb": max(r["rss_mb"] for r in runs[name]),
                    "pss_mb": max(r["pss_mb"] for r in runs[name]),
                }
                speed = words / found["seconds"]
                tokenizer_speed = tokenizer_speed or speed
                print(
                    f"{size:4g} {count:9,} {words:9,}  {name:18} {found['seconds']:8.1f} {found['cpu']:7.1f} {speed:9,.0f} "
                    f"{speed / tokenizer_speed:6.3f} {found['rss_mb']:7.0f} {found['pss_mb']:7.0f}",
                    flush=True,
                )
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")


def run_once(command: list[str], source: Path, tmp: Path) -> dict:
    """`measure` the command on `source`; a pipeline run writes into a new output folder, removed
    after it (replacing the outputs of the run before, some other configuration's, is not timed)."""
    out = tmp / "out"
    found = measure([*command, str(source), *(["--out", str(out)] if "pipeline.cli" in command else [])])
    shutil.rmtree(out, ignore_errors=True)
    return found


if __name__ == "__main__":
    main()

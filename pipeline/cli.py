"""The `kazfacts` command line."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from .ner.errors import BackendUnavailable
from .output.parquet import ParquetUnavailable
from .output.table import OutputError
from .patterns.yamlfile import PatternErrors

EXIT_OK, EXIT_DOCUMENTS_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _cmd_run(args: argparse.Namespace) -> int:
    from .output.parquet import require_pyarrow
    from .output.table import check_out, table_files
    from .preflight import check_patterns
    from .progress import progress_bar
    from .run import run

    check_out(args.out)  # a bad --out stops the run before any work
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    table_files({}, formats)  # and so does an unknown format
    if "parquet" in formats:
        require_pyarrow()  # or a missing extra
    check_patterns()  # a broken pattern file stops the run before any document is read
    engine = None
    if args.engine == "dask":
        from .distributed import DaskEngine

        engine = DaskEngine(
            args.scheduler,
            ner=None if args.no_model else args.ner,
            model_dir=args.model,
            keep_furniture=args.keep_furniture,
        )
    with progress_bar(quiet=args.quiet) as progress:
        result = run(
            args.paths,
            out=args.out,
            ner=None if args.no_model else args.ner,
            model_dir=args.model,
            keep_furniture=args.keep_furniture,
            jobs=args.jobs,
            resume=args.resume,
            keep=False,  # streamed: the rows are in the files, not in memory
            engine=engine,
            formats=formats,
            progress=progress,
            report=args.report,
        )
    counts = result.counts
    where = (
        args.out
        if result.written
        else f"nothing written: no input could be read, the tables in {args.out} were left as they were"
    )
    reused = f" ({counts['reused']} unchanged, reused)" if args.resume else ""
    ok = counts["documents"] - counts["failed"]
    if not args.quiet:
        print(f"{ok} document(s) ok{reused}, {counts['failed']} failed, {counts['facts']} facts -> {where}")
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    return EXIT_DOCUMENTS_FAILED if result.failed else EXIT_OK


def _cmd_patterns_check(args: argparse.Namespace) -> int:
    from .grammar import load_grammar
    from .grammar.check import check_all
    from .preflight import check_patterns
    from .text.structure import check_layout

    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        print(f"error: no such pattern file: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    check_patterns()  # every file of the folder is read and validated, not only the rule files
    grammar = load_grammar()
    files = {str(Path(f).resolve()) for f in args.files} if args.files else None
    results = check_all(grammar, files)
    failed = [str(r) for r in results if not r.ok]
    runs = len(results)
    if files is None or any(f.endswith("layout.yaml") for f in files):
        layout_runs, layout_failed = check_layout()
        runs, failed = runs + layout_runs, failed + layout_failed
    for r in failed:
        print(r)
    print(
        f"{len(grammar.rules)} rules, {runs} examples, negatives and probes: "
        f"{runs - len(failed)} passed, {len(failed)} failed"
    )
    return 1 if failed else 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from .explain import explain
    from .preflight import check_patterns
    from .stages import default_stages

    check_patterns()
    stages = default_stages(ner=None if args.no_model else args.ner)
    for line in explain(args.text, stages, args.date or ""):
        print(line)
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .corpora import kaznerd
    from .document import VALUE_TYPES
    from .evaluation.iob2 import evaluate, model_system, read_file, side_by_side, stages_system
    from .grammar import load_grammar
    from .stages import default_stages, model_finder, process_many

    if args.dev:
        sentences = kaznerd.split(kaznerd.load_sentences())[1]
        where = f"the dev split of {kaznerd.kaznerd_dir()} (seed {kaznerd.SEED})"
    elif args.files:
        sentences = [s for path in args.files for s in read_file(path)]
        where = ", ".join(map(str, args.files))
    else:
        raise SystemExit("kazfacts evaluate: give IOB2 files or --dev")
    grammar = load_grammar()
    # scored in KazNERD's conventions (a range one span, a value word without a value kept), not the table's
    systems = {"rules": stages_system(partial(process_many, stages=default_stages(grammar, ner=None, contract=False)))}
    if not args.no_model:
        systems = {
            "model": model_system(model_finder(args.ner, args.model)),
            **systems,
            "merged": stages_system(
                partial(process_many, stages=default_stages(grammar, args.ner, args.model, contract=False))
            ),
        }
    labels = set(args.labels) if args.labels else (set(VALUE_TYPES) if args.no_model else None)
    results = evaluate(sentences, systems, labels)
    print(f"{len(sentences)} sentences from {where}; exact-match entity scores")
    print(side_by_side(results))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .review.report import write_report

    print(f"-> {write_report(args.dir)}")
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    from .review.diff import diff_folders, render_html, render_text
    from .review.tables import write_page

    diff = diff_folders(args.old, args.new)
    sys.stdout.write(render_text(diff))
    if args.html:
        write_page(args.html, render_html(diff, str(args.old), str(args.new)))
        print(f"-> {args.html}")
    return 1 if diff.any else 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kazfacts", description="Extract facts from Kazakh texts.")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run the pipeline on files and folders, write facts.csv and documents.csv")
    r.add_argument("paths", nargs="+", type=Path, help=".txt/.md, .jsonl, .html/.htm, .pdf or .docx files, or folders")
    r.add_argument("--out", type=Path, default=Path("outputs"), help="output folder (default: outputs)")
    r.add_argument("--no-model", action="store_true", help="rules alone, no NER model")
    r.add_argument(
        "--ner",
        choices=["auto", "spacy", "stanza"],
        default="auto",
        help="NER backend: the shipped spaCy model (auto: where installed) or Stanza's Kazakh model",
    )
    r.add_argument(
        "--model",
        type=Path,
        help="a spaCy model folder to use instead of the shipped one (e.g. one 'kazfacts train --out DIR' wrote)",
    )
    r.add_argument(
        "--keep-furniture",
        action="store_true",
        help="keep the facts found in page furniture (menus, counters, photo credits)",
    )
    r.add_argument(
        "--format",
        default="csv",
        help="table formats, comma-separated: csv, parquet (the parquet extra); default csv",
    )
    r.add_argument("--quiet", action="store_true", help="no progress bar and no summary line (errors still shown)")
    r.add_argument(
        "--report",
        action="store_true",
        help="also write DIR/report.html (a folder that has one gets it rewritten by every run)",
    )
    r.add_argument(
        "--jobs",
        type=int,
        default=0,
        help="worker processes, each loading the pipeline once (default 0: one per core)",
    )
    r.add_argument(
        "--resume",
        action="store_true",
        help="reuse the rows of documents whose content and pipeline (code, patterns, model, options) "
        "are unchanged since the last run into --out, or a killed one",
    )
    r.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="where the batches run: this machine's cores, or a Dask cluster (--scheduler; pip install 'kazfacts[dask]')",
    )
    r.add_argument("--scheduler", help="the Dask scheduler's address, e.g. tcp://10.0.0.5:8786 (with --engine dask)")
    r.set_defaults(func=_cmd_run)
    pat = sub.add_parser("patterns", help="pattern file tools")
    pat_sub = pat.add_subparsers(dest="patterns_command", required=True)
    c = pat_sub.add_parser("check", help="validate pattern files and run their examples and negatives")
    c.add_argument("files", nargs="*", help="only these rule files (default: all)")
    c.set_defaults(func=_cmd_patterns_check)
    e = sub.add_parser(
        "explain",
        help="run every stage on a text and show, per fact, which rule, registry entry or "
        "model proposed it, how its value was built and what the merge decided",
    )
    e.add_argument("text")
    e.add_argument("--date", help="document date for relative expressions, e.g. 2026-06-22")
    e.add_argument("--no-model", action="store_true", help="rules and registry alone, no NER model")
    e.add_argument("--ner", choices=["auto", "spacy", "stanza"], default="auto", help="NER backend")
    e.set_defaults(func=_cmd_explain)
    v = sub.add_parser("evaluate", help="precision, recall and F1 per label on KazNERD-format IOB2 files")
    v.add_argument("files", nargs="*", type=Path)
    v.add_argument("--dev", action="store_true", help="score on the project's KazNERD dev split (../shared)")
    v.add_argument("--labels", nargs="+", help="labels to score (default: all; the rule labels with --no-model)")
    v.add_argument("--no-model", action="store_true", help="score the rules alone")
    v.add_argument("--ner", choices=["spacy", "stanza"], default="spacy", help="NER backend")
    v.add_argument("--model", type=Path, help="a spaCy model folder to score instead of the shipped one")
    v.set_defaults(func=_cmd_evaluate)
    rep = sub.add_parser("report", help="write DIR/report.html, a page to review the run whose tables are in DIR")
    rep.add_argument("dir", type=Path, help="a run's output folder")
    rep.set_defaults(func=_cmd_report)
    d = sub.add_parser(
        "diff",
        help="facts added, removed and changed between two runs' output folders; exit 1 when any changed",
    )
    d.add_argument("old", type=Path, help="the earlier run's output folder")
    d.add_argument("new", type=Path, help="the later run's output folder")
    d.add_argument("--html", type=Path, metavar="FILE", help="also write the diff as a page to FILE")
    d.set_defaults(func=_cmd_diff)
    sub.add_parser("train", help="retrain the NER model on ../shared/data/kaznerd (see 'kazfacts train --help')")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:  # Ctrl-C while the modules load
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(argv: list[str]) -> int:
    if argv[:1] == ["train"]:  # the trainer owns its options
        from .train import main as train_main

        return train_main(argv[1:])
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted: the outputs are those of the last run that finished", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except PatternErrors as exc:
        print(f"pattern files are broken, nothing was run:\n{exc}", file=sys.stderr)
        return EXIT_USAGE
    except (FileNotFoundError, BackendUnavailable, ParquetUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())

"""Reproduce the shipped NER model from ../shared/data/kaznerd: `kazfacts train`.

Steps: read both KazNERD files, split 90/10 with a fixed seed, align onto the `kk`
tokenizer, write spaCy DocBins to a work folder, train with `config.cfg` under a
wall-clock limit, keep the best dev checkpoint, score it on dev by exact character spans,
and copy it to the output folder (default: pipeline/ner/model/).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.schemas import ConfigSchemaTraining
from spacy.tokens import DocBin
from spacy.training.initialize import init_nlp
from spacy.training.loop import (
    create_evaluation_callback,
    create_train_batches,
    train_while_improving,
    update_meta,
)
from spacy.training.pretrain import pretrain
from spacy.util import fix_random_seed, load_config, registry, resolve_dot_names

from .corpora import kaznerd
from .evaluation.iob2 import evaluate as evaluate_systems
from .evaluation.iob2 import model_system
from .evaluation.scoring import format_table
from .ner import rule_features  # noqa: F401  (registers kk_rule_features)
from .ner.spacy_backend import sentence_entities
from .paths import MODEL_DIR, REPO_DIR
from .text.normalise import normalise

CONFIG = Path(__file__).parent / "ner" / "config.cfg"
WORK_DIR = REPO_DIR / "training"
META = {
    "name": "kazfacts_ner",
    "version": "0.1.0",
    "description": "Kazakh NER, 25 KazNERD labels, trained on KazNERD validation + part of test",
    "license": "CC BY 4.0 (training data)",
    "sources": [
        {
            "name": "KazNERD",
            "url": "https://github.com/IS2AI/KazNERD",
            "license": "CC BY 4.0",
            "author": "Yeshpanov, Khassanov, Varol (LREC 2022)",
        }
    ],
}


def prepare_corpus(work_dir: Path, data_dir: Path | None = None, seed: int = kaznerd.SEED) -> dict[str, Any]:
    """Write train.spacy and dev.spacy into `work_dir`; return split sizes and misalignments."""
    nlp = spacy.blank("kk")
    train_set, dev_set = kaznerd.split(kaznerd.load_sentences(data_dir), seed=seed)
    work_dir.mkdir(parents=True, exist_ok=True)
    stats: dict[str, Any] = {"seed": seed}
    for name, sentences in (("train", train_set), ("dev", dev_set)):
        docs, misaligned = kaznerd.to_docs(nlp, sentences)
        DocBin(docs=docs, store_user_data=False).to_disk(work_dir / f"{name}.spacy")
        n_ents = sum(len(kaznerd.token_spans(s.tags)) for s in sentences)
        stats[name] = {"sentences": len(sentences), "entities": n_ents, "misaligned": misaligned}
    return stats


def write_raw_text(path: Path, sentences: Iterable[kaznerd.Sentence], ud_dir: Path | None = None) -> int:
    """JSONL of training texts (never dev) plus UD Kazakh `# text` lines; returns the line count."""
    texts = [normalise(kaznerd.detokenise(s)[0]).text for s in sentences]
    for conllu in sorted((ud_dir or kaznerd.kaznerd_dir().parent / "ud_kazakh_ktb").glob("*.conllu")):
        texts += [
            line[9:].strip() for line in conllu.read_text(encoding="utf8").splitlines() if line.startswith("# text = ")
        ]
    path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf8")
    return len(texts)


def pretrain_tok2vec(config_path: Path, work_dir: Path, data_dir: Path | None, seed: int, epochs: int) -> Path:
    """Pretrain tok2vec (spaCy's characters objective) on the training texts; return the weights file."""
    train_set = kaznerd.split(kaznerd.load_sentences(data_dir), seed=seed)[0]
    work_dir.mkdir(parents=True, exist_ok=True)
    raw = work_dir / "raw.jsonl"
    write_raw_text(raw, train_set, data_dir.parent / "ud_kazakh_ktb" if data_dir else None)
    out = work_dir / "pretrain"
    config = load_config(
        config_path,
        overrides={"paths.raw_text": str(raw), "system.seed": seed, "pretraining.max_epochs": epochs},
        interpolate=True,
    )
    out.mkdir(exist_ok=True)
    pretrain(config, out, silent=False)
    return out / "model-last.bin"


def evaluate(nlp: Language, sentences: Sequence[kaznerd.Sentence]) -> dict[str, dict[str, float]]:
    """Exact-match scores of `nlp`, reading the normalised text as in use, against the gold
    character spans of the detokenised sentences."""
    model = model_system(lambda texts: sentence_entities(nlp, texts))
    return evaluate_systems(sentences, {"model": model})["model"]


def train(
    output_dir: Path = MODEL_DIR,
    *,
    data_dir: Path | None = None,
    work_dir: Path = WORK_DIR / "run",
    config_path: Path = CONFIG,
    seed: int = kaznerd.SEED,
    max_minutes: float = 55.0,
    pretrain_epochs: int = 0,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Train from scratch, copy the best checkpoint to `output_dir`, return a report dict.

    `pretrain_epochs` > 0 first pretrains tok2vec on the training texts (counted in the time).
    `overrides` are spaCy config overrides ({"components.tok2vec.model.encode.width": 128}).
    The report holds split stats, training seconds, model size and dev scores.
    """
    started = time.monotonic()
    corpus = prepare_corpus(work_dir, data_dir, seed)
    if pretrain_epochs:
        weights = pretrain_tok2vec(config_path, work_dir, data_dir, seed, pretrain_epochs)
        overrides = {"paths.init_tok2vec": str(weights), **(overrides or {})}
    config = load_config(
        config_path,
        overrides={
            "paths.train": str(work_dir / "train.spacy"),
            "paths.dev": str(work_dir / "dev.spacy"),
            "system.seed": seed,
            **(overrides or {}),
        },
        interpolate=False,
    )
    nlp = init_nlp(config)
    nlp.meta.update(META)
    best_dir = work_dir / "model-best"
    shutil.rmtree(best_dir, ignore_errors=True)
    _train_loop(nlp, best_dir, started + max_minutes * 60)
    seconds = time.monotonic() - started
    if not (best_dir / "meta.json").is_file():
        raise RuntimeError(f"no checkpoint was saved within {max_minutes} minutes; {output_dir} left as it was")
    if output_dir.exists():
        shutil.rmtree(output_dir)
    shutil.copytree(best_dir, output_dir)
    dev = kaznerd.split(kaznerd.load_sentences(data_dir), seed=seed)[1]
    report = {
        "corpus": corpus,
        "train_seconds": round(seconds),
        "size_mb": round(sum(f.stat().st_size for f in output_dir.rglob("*") if f.is_file()) / 2**20, 2),
        "overrides": overrides or {},
        "dev": evaluate(spacy.load(output_dir), dev),
    }
    (work_dir / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return report


def _train_loop(nlp: Language, best_dir: Path, deadline: float) -> None:
    """spaCy's training loop, stopped at `deadline`; saves each new best checkpoint."""
    config = nlp.config.interpolate()
    fix_random_seed(config["training"]["seed"])
    T = registry.resolve(config["training"], schema=ConfigSchemaTraining)
    train_corpus, dev_corpus = resolve_dot_names(config, [T["train_corpus"], T["dev_corpus"]])
    optimizer = T["optimizer"]
    steps = train_while_improving(
        nlp,
        optimizer,
        _until(create_train_batches(nlp, train_corpus, T["batcher"], T["max_epochs"]), deadline),
        create_evaluation_callback(nlp, dev_corpus, T["score_weights"]),
        dropout=T["dropout"],
        accumulate_gradient=T["accumulate_gradient"],
        patience=T["patience"],
        max_steps=T["max_steps"],
        eval_frequency=T["eval_frequency"],
        exclude=T["frozen_components"],
        annotating_components=T["annotating_components"],
        before_update=T["before_update"],
    )
    log_step, finalize = T["logger"](nlp, sys.stdout, sys.stderr)
    for _, info, is_best in steps:
        if is_best is None:
            continue
        log_step(info)
        if is_best:
            update_meta(T, nlp, info)
            with nlp.use_params(optimizer.averages):
                nlp.to_disk(best_dir)
    finalize()


def _until(batches: Iterable[Any], deadline: float) -> Iterator[Any]:
    for item in batches:
        if time.monotonic() > deadline:
            return
        yield item


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: `kazfacts train [--out DIR] [--max-minutes N] [--data DIR] [--seed N] [--pretrain-epochs N]`."""
    parser = argparse.ArgumentParser(prog="kazfacts train", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where the model goes")
    parser.add_argument("--max-minutes", type=float, default=55.0, help="training time limit")
    parser.add_argument("--data", type=Path, default=None, help="KazNERD folder (../shared/data/kaznerd)")
    parser.add_argument("--work-dir", type=Path, default=WORK_DIR / "run", help="scratch folder")
    parser.add_argument("--seed", type=int, default=kaznerd.SEED)
    parser.add_argument("--pretrain-epochs", type=int, default=0, help="pretrain tok2vec first (off: it did not help)")
    args = parser.parse_args(argv)
    report = train(
        args.out,
        data_dir=args.data,
        work_dir=args.work_dir,
        seed=args.seed,
        max_minutes=args.max_minutes,
        pretrain_epochs=args.pretrain_epochs,
    )
    print(json.dumps(report["corpus"], ensure_ascii=False))
    print(f"trained {report['train_seconds']} s, model {report['size_mb']} MB -> {args.out}")
    print(format_table(report["dev"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

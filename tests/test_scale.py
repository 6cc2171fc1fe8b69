"""Scale: --jobs, streamed tables, lazy input, --resume (a killed run picks up), the Dask engine."""

import importlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc

import pytest

from pipeline.cli import main
from pipeline.document import Document
from pipeline.resume import JOURNAL
from pipeline.text.ingest import iter_documents

from .conftest import REPO

run_module = importlib.import_module("pipeline.run")  # the attribute `pipeline.run` is the function


def _records() -> list[dict]:
    """The paragraphs of corpus/ as documents, some dated, one broken line, one duplicate id."""
    paragraphs = [
        p.strip()
        for doc in iter_documents([REPO / "corpus"])
        if isinstance(doc, Document)
        for p in doc.text.split("\n\n")
        if len(p.strip()) > 40
    ]
    records = [
        {"id": f"p{i:03d}", "text": p, **({"date": "2024-05-01"} if i % 3 == 0 else {})}
        for i, p in enumerate(paragraphs)
    ]
    assert len(records) > 2 * run_module.BATCH_DOCUMENTS  # enough batches for two workers
    return records


def _jsonl(path, records, broken: bool = True):
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    if broken:
        lines[5:5] = ["{not json", json.dumps(records[7], ensure_ascii=False)]  # a bad line, a duplicate id
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _tables(out) -> dict[str, bytes]:
    """The tables of a run, and its saved texts."""
    texts = {f"texts/{p.name}": p.read_bytes() for p in (out / "texts").iterdir()}
    return {name: (out / name).read_bytes() for name in ("facts.csv", "documents.csv")} | texts


def _cli(tmp_path, *args) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return [sys.executable, "-m", "pipeline.cli", *args], env


def test_jobs_give_the_same_bytes_as_one_process(tmp_path):
    source = _jsonl(tmp_path / "in.jsonl", _records())
    assert main(["run", str(source), "--out", str(tmp_path / "one"), "--jobs", "1"]) == 1  # the bad line fails
    assert main(["run", str(source), "--out", str(tmp_path / "two"), "--jobs", "2"]) == 1
    one, two = _tables(tmp_path / "one"), _tables(tmp_path / "two")
    assert one == two and one["facts.csv"].count(b"\n") > 100
    ids = [line.split(",")[0] for line in one["documents.csv"].decode().splitlines()[1:]]
    assert ids[:8] == ["p000", "p001", "p002", "p003", "p004", "in.jsonl:6", "p007", "p005"]  # input order


def test_tables_are_written_while_the_run_goes(tmp_path, monkeypatch):
    source, out = _jsonl(tmp_path / "in.jsonl", _records(), broken=False), tmp_path / "out"
    sizes = []

    def watched(documents, stages):  # the staged facts.csv before each batch
        [staged] = tmp_path.glob(".out.kazfacts-*")
        sizes.append((staged / "facts.csv").stat().st_size)
        return document_rows(documents, stages)

    document_rows = run_module.document_rows
    monkeypatch.setattr(run_module, "document_rows", watched)
    assert main(["run", str(source), "--out", str(out), "--no-model", "--jobs", "1"]) == 0
    assert len(sizes) >= 3 and sizes[0] < sizes[1] < sizes[2]  # rows reach the file batch by batch
    assert not list(tmp_path.glob(".out.kazfacts-*"))


def test_a_big_jsonl_is_read_line_by_line(tmp_path):
    text = "Астанада 2024 жылы 12 пайыз өсім болды. " * 250  # ~10 kB
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(800):  # ~8 MB
            handle.write(json.dumps({"id": f"d{i}", "text": text}, ensure_ascii=False) + "\n")
    tracemalloc.start()
    count = sum(1 for doc in iter_documents([path]) if isinstance(doc, Document))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 800 and peak < 2_000_000  # one line at a time, not the file


def test_resume_reuses_exactly_the_unchanged_documents(tmp_path):
    records = _records()
    source, out = _jsonl(tmp_path / "in.jsonl", records, broken=False), tmp_path / "out"
    first = run_module.run([source], out=out, ner=None, keep=False)
    before = _tables(out)
    again = run_module.run([source], out=out, ner=None, resume=True, keep=False)
    assert again.counts["reused"] == len(records) and _tables(out) == before
    assert again.counts["facts"] == first.counts["facts"]
    records[3] = {**records[3], "text": records[3]["text"] + " Бұл 2025 жылы 40 пайызға жетті."}
    records.append({"id": "new", "text": "Алматыда 2023 жылы 5 мектеп ашылды."})
    _jsonl(source, records, broken=False)
    grown = run_module.run([source], out=out, ner=None, resume=True, keep=False)
    assert grown.counts["reused"] == len(records) - 2  # the edited one and the new one are run
    fresh = tmp_path / "fresh"
    run_module.run([source], out=fresh, ner=None, keep=False)
    assert _tables(out) == _tables(fresh)


def test_a_changed_pattern_file_invalidates_every_document(tmp_path, monkeypatch):
    source, out = _jsonl(tmp_path / "in.jsonl", _records()[:40], broken=False), tmp_path / "out"
    patterns = tmp_path / "patterns"
    shutil.copytree(REPO / "patterns", patterns)
    monkeypatch.setenv("KAZFACTS_PATTERNS", str(patterns))
    run_module.run([source], out=out, ner=None, keep=False)
    assert run_module.run([source], out=out, ner=None, resume=True, keep=False).counts["reused"] == 40
    rules = patterns / "rules" / "percentage.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert run_module.run([source], out=out, ner=None, resume=True, keep=False).counts["reused"] == 0
    assert (
        run_module.run([source], out=out, ner=None, keep_furniture=True, resume=True, keep=False).counts["reused"] == 0
    )  # another option, another pipeline


def _run_until(tmp_path, args, ready, sig) -> subprocess.CompletedProcess:
    """Start the CLI, wait until `ready()` holds, send `sig`; the finished process."""
    command, env = _cli(tmp_path, *args)
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not ready() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be stopped"
    process.send_signal(sig)
    stdout, stderr = process.communicate(timeout=60)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _journal_lines(tmp_path) -> int:
    """Lines in the journals of the runs at work in tmp_path/out."""
    lines = 0
    for folder in tmp_path.glob(".out.kazfacts-*"):
        try:
            lines += (folder / JOURNAL).read_bytes().count(b"\n")
        except OSError:  # a probe, or a folder not yet (or no longer) there
            pass
    return lines


def test_a_killed_run_is_resumed_where_it_stopped(tmp_path):
    records = _records() * 3
    records = [{**r, "id": f"{r['id']}-{i}"} for i, r in enumerate(records)]
    source, out = _jsonl(tmp_path / "in.jsonl", records, broken=False), tmp_path / "out"
    args = ["run", str(source), "--out", str(out), "--no-model", "--jobs", "1", "--resume"]
    killed = _run_until(tmp_path, args, lambda: _journal_lines(tmp_path) > 40, signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL and not out.exists()
    command, env = _cli(tmp_path, *args)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    reused = int(re.search(r"\((\d+) unchanged", done.stdout).group(1))
    assert 40 <= reused < len(records)
    assert not list(tmp_path.glob(".out.kazfacts-*"))  # the killed run's folder is gone
    assert main(["run", str(source), "--out", str(tmp_path / "fresh"), "--no-model", "--jobs", "1"]) == 0
    assert _tables(out) == _tables(tmp_path / "fresh")


def test_ctrl_c_with_workers_keeps_the_earlier_tables(tmp_path):
    records = [{**r, "id": f"{r['id']}-{i}"} for i, r in enumerate(_records() * 3)]
    source, out = _jsonl(tmp_path / "in.jsonl", records, broken=False), tmp_path / "out"
    assert main(["run", str(REPO / "corpus"), "--out", str(out), "--no-model"]) == 0
    before = _tables(out)
    args = ["run", str(source), "--out", str(out), "--no-model", "--jobs", "2"]
    stopped = _run_until(tmp_path, args, lambda: _journal_lines(tmp_path) > 40, signal.SIGINT)
    assert stopped.returncode == 130 and "Traceback" not in stopped.stderr
    assert _tables(out) == before and not list(tmp_path.glob(".out.kazfacts-*"))


def test_dask_engine_on_a_local_cluster_finds_the_same_facts(tmp_path):
    distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")
    from pipeline.distributed import DaskEngine

    source = _jsonl(tmp_path / "in.jsonl", _records())
    assert main(["run", str(source), "--out", str(tmp_path / "local"), "--jobs", "1"]) == 1
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, processes=True
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = run_module.run([source], out=tmp_path / "dask", engine=DaskEngine(client), keep=False)
        assert result.counts["failed"] == 2  # the bad line and the duplicate id
        code = main(
            [
                "run",
                str(source),
                "--out",
                str(tmp_path / "cli"),
                "--engine",
                "dask",
                "--scheduler",
                cluster.scheduler_address,
            ]
        )
    assert code == 1
    assert _tables(tmp_path / "dask") == _tables(tmp_path / "local") == _tables(tmp_path / "cli")


def test_a_carriage_return_inside_a_cell_survives_the_read_back(tmp_path):
    """csv and pandas write a lone \\r unquoted (the line end is \\n): rows are read back at \\n only."""
    (tmp_path / "a.txt").write_text("2022\r0 жылы 5 пайыз.", encoding="utf-8", newline="")
    result = run_module.run([tmp_path / "a.txt"], out=tmp_path / "out", ner=None)
    assert (result.documents.status == "ok").all() and "\r" in "".join(result.facts.sentence) + "".join(
        result.facts.text
    )


def _spans(found: list) -> list:
    """(start, end, type) of the candidates found in each sentence."""
    return [[(c.start, c.end, c.type) for c in sentence] for sentence in found]


def test_a_model_loaded_afresh_finds_the_same_entities():
    """The model is loaded anew when its vocabulary outgrows the limit (bounded memory on a
    large corpus); the entities are those of one model that saw everything."""
    from pipeline.ner.spacy_backend import RenewedModel, load_model, sentence_entities

    texts = [line for d in iter_documents([REPO / "corpus"]) for line in d.text.splitlines() if len(line) > 40]
    whole = sentence_entities(load_model(), texts)
    renewed = RenewedModel(limit=len(RenewedModel().nlp.vocab) + 200)
    first = renewed.nlp
    pieces = [
        found for i in range(0, len(texts), 10) for found in sentence_entities(renewed.current(), texts[i : i + 10])
    ]
    assert renewed.nlp is not first
    assert len(renewed.nlp.vocab) < len(first.vocab) + 1_000
    assert _spans(pieces) == _spans(whole) and any(whole)


def test_the_model_computes_only_the_lexical_attributes_it_reads():
    """New words get only the attributes the model reads (cheaper lexemes); spaCy's full set
    of lexical attributes finds the same entities on every line of corpus/."""
    import spacy
    from thinc.api import use_ops

    from pipeline.ner.spacy_backend import load_model, sentence_entities
    from pipeline.paths import MODEL_DIR

    trimmed = load_model.__wrapped__(MODEL_DIR)
    with use_ops("numpy", use_blis=False):
        full = spacy.load(MODEL_DIR)
    names = {spacy.attrs.NAMES[attr] for attr in trimmed.vocab.lex_attr_getters}
    assert {"NORM", "PREFIX", "SUFFIX", "SHAPE", "LIKE_NUM", "IS_SPACE"} <= names
    assert "IS_STOP" not in names and len(names) < len(full.vocab.lex_attr_getters)
    texts = [line for d in iter_documents([REPO / "corpus"]) for line in d.text.splitlines() if line.strip()]
    assert _spans(sentence_entities(trimmed, texts)) == _spans(sentence_entities(full, texts))

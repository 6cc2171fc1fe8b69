"""End to end on corpus/: the fact table, its offsets, the CLI and the committed outputs."""

import pandas as pd

import pipeline
from pipeline.cli import main
from pipeline.document import DOCUMENT_COLUMNS, FACT_COLUMNS
from pipeline.text.ingest import iter_documents

from .conftest import REPO

CORPUS = REPO / "corpus"
NER = "auto"  # the corpus tables are made as `kazfacts run corpus --out outputs` makes them
NER_FLAGS: list[str] = []


def test_corpus_facts_point_into_original_text():
    facts, documents = pipeline.run([CORPUS], ner=NER)
    assert list(facts.columns) == FACT_COLUMNS and list(documents.columns) == DOCUMENT_COLUMNS
    assert (documents.status == "ok").all() and len(documents) == 2
    texts = {d.doc_id: d.text for d in iter_documents([CORPUS])}
    for row in facts.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    article = facts[facts.doc_id == "000_d4f2c8ff7b5a92e0"]
    percents = article[article.type == "PERCENTAGE"].set_index("text")
    assert percents.loc["90,9%", "value"] == "90.9" and percents.loc["90,9%", "unit"] == "%"
    assert percents.loc["90,7%", "value"] == "90.7"
    assert percents.loc["80 пайызды", "value"] == "80"
    assert "Жамбыл облысы – 90,7%" in percents.loc["90,7%", "sentence"]


def test_extract_api_matches_columns():
    frame = pipeline.extract("Екі аймақта 90 пайыздан асып түсті.", date="2022", ner=None)
    assert list(frame.columns) == FACT_COLUMNS
    [row] = frame[frame.type == "PERCENTAGE"].itertuples()
    assert (row.type, row.value, row.unit, row.qualifier, row.source) == (
        "PERCENTAGE",
        "90",
        "%",
        "more_than",
        "rule:percentage.digits",
    )


def test_lines_in_capitals_are_read_by_the_rules_only():
    text = "ЖАҢАЛЫҚТАР\n\nЕрлан Қарин Астанада 2026 жылы сөйледі.\n\nЖАЛПЫ АРХИВ\n\nАСТАНА"
    facts = pipeline.extract(text, ner="spacy")
    rows = set(zip(facts.type, facts.text))
    assert {("PERSON", "Ерлан Қарин"), ("GPE", "Астанада"), ("GPE", "АСТАНА")} <= rows
    assert not {t for t in facts.text if t in ("ЖАҢАЛЫҚТАР", "АРХИВ", "ЖАЛПЫ АРХИВ")}


def test_fact_ids_stable_across_runs():
    first = pipeline.run([CORPUS], ner=NER).facts.fact_id.tolist()
    assert first == pipeline.run([CORPUS], ner=NER).facts.fact_id.tolist()
    assert len(set(first)) == len(first)


def test_cli_run_writes_tables_and_exit_code(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("80 пайыз.", encoding="utf-8")
    assert main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-model"]) == 0
    (tmp_path / "in" / "b.txt").write_text("", encoding="utf-8")
    assert main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-model"]) == 1
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False)
    assert docs.status.tolist() == ["ok", "error"]
    assert not list((tmp_path / "out").glob(".*tmp"))


def test_cli_run_with_a_missing_model_folder_says_so_and_runs_nothing(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("80 пайыз.", encoding="utf-8")
    code = main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--model", str(tmp_path / "nomodel")])
    assert code == 2 and f"no NER model at {tmp_path / 'nomodel'}" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_committed_outputs_are_current(tmp_path, monkeypatch):
    """outputs/ must be what `kazfacts run corpus --out outputs` makes now (report.html
    included: a run rewrites the report of a folder that has one, as --report writes it)."""
    monkeypatch.chdir(REPO)
    main(["run", "corpus", "--out", str(tmp_path), "--report", *NER_FLAGS])
    for name in ("facts.csv", "documents.csv", "report.html"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (REPO / "outputs" / name).read_text(encoding="utf-8"), (
            f"outputs/{name} is stale: run 'kazfacts run corpus --out outputs'"
        )
    made = sorted(p.name for p in (tmp_path / "texts").iterdir())
    assert made == sorted(p.name for p in (REPO / "outputs" / "texts").iterdir()), "outputs/texts is stale"
    for name in made:
        assert (tmp_path / "texts" / name).read_bytes() == (REPO / "outputs" / "texts" / name).read_bytes()

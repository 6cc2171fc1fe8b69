"""KazNERD reader, aligner, split and exact-match scoring; the shipped model loads and runs."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from pipeline.corpora import kaznerd
from pipeline.corpora.kaznerd import Sentence
from pipeline.evaluation.scoring import MICRO, format_table, score
from pipeline.paths import MODEL_DIR

SHARED = Path(__file__).parents[2] / "shared"
KAZNERD = SHARED / "data" / "kaznerd"


def sent(pairs: str) -> Sentence:
    tokens, tags = zip(*(line.split() for line in pairs.strip().splitlines()))
    return Sentence(tuple(tokens), tuple(tags))


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("kk")


def test_read_iob2_blank_lines_and_missing_tag():
    lines = ["Астана B-GPE\n", "қаласы I-GPE\n", "\n", "\n", "Иә\n", ". O\n"]
    sentences = kaznerd.read_iob2(lines)
    assert sentences == [
        Sentence(("Астана", "қаласы"), ("B-GPE", "I-GPE")),
        Sentence(("Иә", "."), ("O", "O")),
    ]


def test_token_spans_label_change_and_stray_inside():
    tags = ["B-GPE", "I-GPE", "I-ORGANISATION", "O", "I-DATE", "B-DATE", "I-DATE"]
    assert kaznerd.token_spans(tags) == [(0, 2, "GPE"), (2, 3, "ORGANISATION"), (4, 5, "DATE"), (5, 7, "DATE")]


def test_detokenise_spacing_and_char_spans():
    s = sent(
        """
        Олардың O
        арасында O
        « O
        Әміре B-ART
        » O
        , O
        ( O
        ыыы O
        ) O
        25 B-PERCENTAGE
        %-ға I-PERCENTAGE
        өсті O
        . O
        """
    )
    text, spans = kaznerd.detokenise(s)
    assert text == "Олардың арасында «Әміре», (ыыы) 25%-ға өсті."
    assert [(text[a:b], label) for a, b, label in spans] == [("Әміре", "ART"), ("25%-ға", "PERCENTAGE")]


def test_decimal_comma_rejoined_only_inside_an_entity():
    inside = sent("74 B-PERCENTAGE\n, I-PERCENTAGE\n9 I-PERCENTAGE\nпайызы I-PERCENTAGE")
    assert kaznerd.detokenise(inside) == ("74,9 пайызы", [(0, 11, "PERCENTAGE")])
    listed = sent("5000 B-CARDINAL\n, O\n6000 B-CARDINAL\nбала O")
    assert kaznerd.detokenise(listed)[0] == "5000, 6000 бала"


def test_to_doc_aligns_onto_kk_tokens(nlp):
    s = sent("1416-сы B-DATE\nжылы I-DATE\nАстанада B-GPE\n. O")
    doc, misaligned = kaznerd.to_doc(nlp, s)
    assert misaligned == 0
    assert [t.text for t in doc] == ["1416", "-сы", "жылы", "Астанада", "."]
    assert [(e.text, e.label_) for e in doc.ents] == [("1416-сы жылы", "DATE"), ("Астанада", "GPE")]


def test_to_doc_reads_the_text_as_the_pipeline_normalises_it(nlp):
    s = sent("Жобаны O\nұсынған O\n— O\nAстана B-ORGANISATION\nХаб I-ORGANISATION\n. O")
    doc, misaligned = kaznerd.to_doc(nlp, s)
    assert misaligned == 0
    assert doc.text == "Жобаны ұсынған – Астана Хаб."  # en dash, Cyrillic А
    assert [(e.text, e.label_) for e in doc.ents] == [("Астана Хаб", "ORGANISATION")]


def test_to_doc_counts_entity_inside_a_token(nlp):
    s = sent("« O\nМЕГА B-ORGANISATION\n»-дан O\nшықты O")
    doc, misaligned = kaznerd.to_doc(nlp, s)
    assert doc.text == "«МЕГА»-дан шықты"
    assert misaligned == 1


def test_split_is_seeded_and_disjoint():
    sentences = [Sentence((str(i),), ("O",)) for i in range(100)]
    train, dev = kaznerd.split(sentences, seed=7)
    assert (len(train), len(dev)) == (90, 10)
    assert set(train).isdisjoint(dev)
    assert kaznerd.split(sentences, seed=7) == (train, dev)
    assert kaznerd.split(sentences, seed=8) != (train, dev)


def test_score_exact_match():
    gold = [{(0, 5, "GPE"), (10, 14, "DATE")}, {(0, 3, "PERSON")}]
    pred = [{(0, 5, "GPE"), (10, 13, "DATE")}, {(0, 3, "PERSON"), (5, 7, "GPE")}]
    s = score(gold, pred)
    assert s["GPE"]["p"] == 0.5 and s["GPE"]["r"] == 1.0
    assert s["DATE"]["f"] == 0.0
    assert s[MICRO]["tp"] == 2 and s[MICRO]["p"] == 0.5 and s[MICRO]["r"] == 2 / 3
    assert format_table(s).splitlines()[-1].startswith(MICRO)


def test_kaznerd_loads_splits_and_aligns(nlp):
    if not KAZNERD.is_dir():
        pytest.skip(f"KazNERD not found at {KAZNERD} (the repo's sibling ../shared checkout)")
    sentences = kaznerd.load_sentences(KAZNERD)
    train, dev = kaznerd.split(sentences)
    assert (len(train), len(dev)) == (15161, 1685)
    _, misaligned = kaznerd.to_docs(nlp, dev)
    n_ents = sum(len(kaznerd.token_spans(s.tags)) for s in dev)
    assert misaligned / n_ents < 0.005


def test_shipped_model_loads_and_tags():
    if not (MODEL_DIR / "meta.json").is_file():
        pytest.skip(f"no trained model at {MODEL_DIR}: run 'kazfacts train'")
    model = spacy.load(MODEL_DIR)
    assert model.pipe_names[-1] == "ner"
    docs = list(model.pipe(["Қасым-Жомарт Тоқаев 2020 жылы Алматыға барды.", ""]))
    assert {e.label_ for e in docs[0].ents} >= {"PERSON"}
    assert len(docs[1]) == 0


def test_backend_runs_the_model_on_numpy_blas_with_the_same_entities():
    if not (MODEL_DIR / "meta.json").is_file():
        pytest.skip(f"no trained model at {MODEL_DIR}: run 'kazfacts train'")
    from pipeline.ner.spacy_backend import load_model

    fast, plain = load_model(MODEL_DIR), spacy.load(MODEL_DIR)
    assert not fast.get_pipe("ner").model.ops.use_blis and plain.get_pipe("ner").model.ops.use_blis
    text = (Path(__file__).parents[1] / "corpus" / "000_d4f2c8ff7b5a92e0.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if len(line) > 40][:80]
    ents = [
        [(e.start_char, e.end_char, e.label_) for e in doc.ents] for nlp in (fast, plain) for doc in nlp.pipe(lines)
    ]
    assert sum(map(len, ents)) > 25
    assert ents[: len(lines)] == ents[len(lines) :]


def test_to_examples_pairs_untagged_text_with_gold(nlp):
    (example,) = kaznerd.to_examples(nlp, [sent("Алматыда B-GPE\nболды O\n. O")])
    assert example.predicted.text == example.reference.text == "Алматыда болды."
    assert not example.predicted.ents
    assert [(e.text, e.label_) for e in example.reference.ents] == [("Алматыда", "GPE")]

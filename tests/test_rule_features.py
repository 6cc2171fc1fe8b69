"""The rules as model features (kk_rule_features) and the batched model stage."""

import shutil
from pathlib import Path

import pytest
import spacy

import pipeline.ner.rule_features  # noqa: F401  (registers the factory)
from pipeline.document import Document
from pipeline.ner.cues import Starts, load_cues
from pipeline.ner.rule_features import SPANS_KEY
from pipeline.patterns.yamlfile import PatternErrors
from pipeline.stages import DocState, Normalise, Segment, Stage, default_stages, process, process_many

REPO = Path(__file__).resolve().parents[1]

SENTENCE = "2021 жылғы 25 шілдеде Орталық сайлау комиссиясының 90 пайыздан астам дауысы"


def _nlp(stems: bool = False):
    nlp = spacy.blank("kk")
    nlp.add_pipe("kk_rule_features", config={"stems": stems})
    return nlp


def test_rule_and_registry_labels_go_on_tokens():
    doc = _nlp()(SENTENCE)
    tags = {t.text: t.tag_ for t in doc}
    assert [tags[w] for w in ("2021", "жылғы", "шілдеде")] == ["B-DATE", "I-DATE", "I-DATE"]
    assert [tags[w] for w in ("Орталық", "комиссиясының")] == ["B-ORGANISATION", "I-ORGANISATION"]
    assert tags["90"] == "B-PERCENTAGE" and tags["дауысы"] == ""


def test_precomputed_spans_are_used_instead_of_running_the_rules():
    nlp = _nlp()
    doc = nlp.make_doc(SENTENCE)
    doc.user_data[SPANS_KEY] = [(0, 4, "CARDINAL")]
    doc = nlp(doc)
    assert [t.tag_ for t in doc[:3]] == ["B-CARDINAL", "", ""]
    assert SPANS_KEY not in doc.user_data


def test_stems_drop_case_and_possessive_endings():
    doc = _nlp(stems=True)("комиссиясының мәслихатына 1416-сы")
    assert [t.lemma_ for t in doc] == ["комиссия", "мәслихат", "1416", ""]


class _FailOn(Stage):
    """A stage that breaks on one document, to check that the others survive."""

    name, requires, provides = "fail", ("sentences",), ()

    def __init__(self, doc_id: str):
        self.doc_id = doc_id

    def __call__(self, state: DocState) -> None:
        if state.document.doc_id == self.doc_id:
            raise ValueError("broken")


def test_a_failing_document_leaves_the_batch_intact():
    docs = [Document(f"d{i}", "Екі аймақта 90 пайыз. Тағы бір сөйлем.") for i in range(3)]
    out = process_many(docs, [Normalise(), Segment(), _FailOn("d1")])
    assert isinstance(out[1], ValueError)
    assert [o.document.doc_id for o in (out[0], out[2])] == ["d0", "d2"] and out[0].sentences


def test_batched_model_stage_gives_the_facts_of_one_by_one():
    stages = default_stages(ner="spacy")
    texts = [
        "Қасым-Жомарт Тоқаев Астанада 2021 жылы 25 шілдеде сөз сөйледі. Орталық сайлау комиссиясы 730 әкімді атады.",
        "Мәжіліс депутаты Ерлан Қарин Алматы облысына барды.",
        "Ауыл әкімдерінің 90 пайызы сайланды.",
    ]
    docs = [Document(f"d{i}", t) for i, t in enumerate(texts)]
    together = [state.facts for state in process_many(docs, stages)]
    alone = [process(doc, stages).facts for doc in docs]
    assert together == alone
    assert any(f.type == "PERSON" for f in together[1])


def test_cue_words_and_demonyms_mark_tokens_outside_rule_spans():
    nlp = spacy.blank("kk")
    nlp.add_pipe("kk_rule_features", config={"cues": True})
    doc = nlp(
        "Сауда және интеграция министрі алматылық кәсіпкерлермен «Нұр Отан» партиясының Орталық сайлау комиссиясында"
    )
    tags = {t.text: t.tag_ for t in doc}
    assert tags["министрі"] == "cue-POSITION"
    assert tags["алматылық"] == "cue-NORP"
    assert tags["партиясының"] == "cue-ORGANISATION"
    assert tags["Сауда"] == "" and tags["кәсіпкерлермен"] == ""
    # a registry span keeps its rule label even where a word of it is a cue ("комиссия")
    assert tags["комиссиясында"] == "I-ORGANISATION"


def test_cue_lookup_takes_endings_but_not_other_words():
    cues = load_cues()
    assert cues.label_of("Төрағасының") == "POSITION"
    assert cues.label_of("өзенінің") == "LOCATION"
    assert cues.label_of("қазақстандықтар") == "NORP"
    assert cues.label_of("тауар") == "" and cues.label_of("министрлігі") == "ORGANISATION"
    # a cue written with a capital (a given name that is also a word) needs the capital
    assert cues.label_of("Бақыттың") == "PERSON" and cues.label_of("бақыттың") == ""
    # the words are looked up by how they begin: a place name shorter than the lookup's
    # prefix ("Шу" -> "шулықтар") still matches
    assert cues.label_of("шулықтар") == "NORP" and cues.label_of("шулар") == ""


def test_cue_starts_cover_voiced_and_short_stems():
    starts = Starts(["қазақ", "шу", "министр"])
    assert "қазағы" in starts and "шулық" in starts and "министрі" in starts
    assert "тауар" not in starts and "ш" not in starts


@pytest.mark.parametrize(
    "text, message",
    [
        ("cues:\n  PERSON: [Болат]\n  POSITON: [министр]\n", "name_cues.yaml:3: 'POSITON' is not a KazNERD label"),
        (
            "cues:\n  POSITION: [министр]\n  ORGANISATION: [министр]\n",
            "name_cues.yaml:3: 'министр' is a cue of both POSITION and ORGANISATION",
        ),
        (
            "cues:\n  PERSON: [Болат]\n  POSITION: [бас санитар]\n",
            "name_cues.yaml:3: 'POSITION' must be a list of single words",
        ),
        ("cue:\n  POSITION: [министр]\n", "name_cues.yaml:1: unknown section 'cue' (known: cues, demonyms)"),
    ],
)
def test_a_broken_cue_file_is_reported_with_file_and_line(tmp_path, text, message):
    root = tmp_path / "patterns"
    shutil.copytree(REPO / "patterns", root)
    (root / "lexicons" / "name_cues.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PatternErrors) as err:
        load_cues(root)
    assert message in str(err.value)


def test_model_spans_stop_before_a_bracket_that_opens_with_a_capital():
    from pipeline.stages import _trimmed

    text = "Зерттеулер институты (ҚСЗИ) өз есебінде"
    assert text[slice(*_trimmed(text, 0, len(text)))] == "Зерттеулер институты"
    filler = "11000 (і) астам"
    assert _trimmed(filler, 0, len(filler)) == (0, len(filler))

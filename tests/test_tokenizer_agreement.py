"""The kk tokenizer against the gold tokenisations in ../shared (skipped where absent)."""

from pipeline.evaluation.tokenizer_agreement import conllu_pairs, iob2_pairs, measure

from .conftest import shared_path


def test_agrees_with_kaznerd_tokens():
    result = measure(iob2_pairs(shared_path("data", "kaznerd", "kaznerd_test_part.iob2")), documented_split=True)
    print(result)
    assert result.recall > 0.99 and result.precision > 0.99


def test_agrees_with_ud_kazakh_tokens():
    result = measure(conllu_pairs(shared_path("data", "ud_kazakh_ktb", "kk_ktb-ud-test.conllu")))
    print(result)
    assert result.recall > 0.98 and result.precision > 0.98

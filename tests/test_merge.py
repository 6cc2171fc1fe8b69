"""The merge policy between rules and model, on hand-made candidates."""
from pipeline.document import Candidate
from pipeline.merge import merge


def c(start, end, label, source, value=""):
    return Candidate(start, end, label, source, value)


def test_rules_win_value_types_and_source_says_both():
    rule = c(10, 20, "PERCENTAGE", "rule:percentage.digits", "90.9")
    model = c(10, 15, "PERCENTAGE", "model:kk_ner")
    [out] = merge({"rules": [rule], "model": [model]})
    assert (out.start, out.end, out.value, out.source) == (10, 20, "90.9", "rule:percentage.digits+model:kk_ner")


def test_model_wins_name_boundaries_and_keeps_registry_value():
    rule = c(0, 8, "ORGANISATION", "rule:registry:osk", "Орталық сайлау комиссиясы")
    model = c(0, 30, "ORGANISATION", "model:kk_ner", "ОСК мәліметтері")
    [out] = merge({"rules": [rule], "model": [model]})
    assert (out.start, out.end, out.value, out.source) == (
        0, 30, "Орталық сайлау комиссиясы", "rule:registry:osk+model:kk_ner")


def test_single_source_spans_are_kept_and_owner_beats_non_owner():
    rules = [c(0, 4, "CARDINAL", "rule:cardinal.digits", "2021"), c(40, 45, "GPE", "rule:registry:astana", "Астана")]
    model = [c(0, 9, "DATE", "model:kk_ner"), c(20, 30, "PERSON", "model:kk_ner")]
    out = merge({"rules": rules, "model": model})
    assert [(o.start, o.end, o.type) for o in out] == [(0, 4, "CARDINAL"), (20, 30, "PERSON"), (40, 45, "GPE")]


def test_two_owners_longer_wins():
    rules = [c(5, 9, "CARDINAL", "rule:cardinal.digits", "5")]
    model = [c(0, 20, "ORGANISATION", "model:kk_ner")]
    [out] = merge({"rules": rules, "model": model})
    assert out.type == "ORGANISATION"

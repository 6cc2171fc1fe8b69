"""A numeric range outside DATE is two facts in the fact table (the value contract), one span
in KazNERD's convention (what `kazfacts evaluate` scores)."""

import pytest

from pipeline.document import Document
from pipeline.stages import default_stages, process

CASES = [
    ("Инфляция 4-4,5% деңгейінде болады.", [("4", "4"), ("4,5%", "4.5")], "PERCENTAGE", "%"),
    ("Бағасы 3–7 пайызға өсті.", [("3", "3"), ("7 пайызға", "7")], "PERCENTAGE", "%"),
    ("Жалақысы 200-250 мың теңге.", [("200", "200000"), ("250 мың теңге", "250000")], "MONEY", "KZT"),
]


@pytest.mark.parametrize("text,parts,type_,unit", CASES)
def test_a_range_is_two_facts(text, parts, type_, unit):
    facts = [f for f in process(Document("d", text), default_stages(ner=None)).facts if f.type == type_]
    assert [(f.text, f.value, f.unit) for f in facts] == [(t, v, unit) for t, v in parts]
    assert all(text[f.start : f.end] == f.text for f in facts)


def test_a_date_range_stays_one_fact():
    facts = process(Document("d", "2020-2022 жылдары салынды."), default_stages(ner=None)).facts
    assert [(f.type, f.value) for f in facts] == [("DATE", "2020/2022")]


def test_kaznerds_convention_keeps_one_span():
    facts = process(Document("d", CASES[0][0]), default_stages(ner=None, contract=False)).facts
    assert [(f.text, f.value) for f in facts if f.type == "PERCENTAGE"] == [("4-4,5%", "4/4.5")]

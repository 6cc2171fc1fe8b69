"""Every example and negative carried by every rule file is a test case of its own."""

import pytest

from pipeline.grammar import load_grammar
from pipeline.grammar.check import check_example, check_negative

GRAMMAR = load_grammar()
CASES = [pytest.param(rule, ex, id=f"{rule.id}:example:{ex.text}") for rule in GRAMMAR.rules for ex in rule.examples]
NEGATIVES = [
    pytest.param(rule, text, line, id=f"{rule.id}:negative:{text}")
    for rule in GRAMMAR.rules
    for text, line in rule.negatives
]


@pytest.mark.parametrize("rule,example", CASES)
def test_example(rule, example):
    result = check_example(GRAMMAR, rule, example)
    assert result.ok, str(result)


@pytest.mark.parametrize("rule,text,line", NEGATIVES)
def test_negative(rule, text, line):
    result = check_negative(GRAMMAR, rule, text, line)
    assert result.ok, str(result)

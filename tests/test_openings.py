"""Openings: a rule is skipped at a position only where it certainly cannot match there."""

import pytest
import regex

from pipeline.grammar import load_grammar
from pipeline.grammar.openings import letters_at, opening_of, relax
from pipeline.paths import REPO_DIR
from pipeline.text.ingest import iter_documents


@pytest.mark.parametrize(
    "pattern,relaxed",
    [
        (r"(?<![\p{L}\d])\d+(?!\d)", r"(?:)\d+(?:)"),
        (r"\bай\B", r"(?:)ай(?:)"),
        (r"^(?=\d)x$", r"(?:)(?:)x(?:)"),
        (r"a(?=b){2}c", r"a(?:){2}c"),  # a quantifier after an assertion keeps an operand
        (r"[(?<=\]]x(?P<n>y(?<!z))", r"[(?<=\]]x(?P<n>y(?:))"),  # a set and a group stay
        (r"(?<=(?<!q)жас\s)\d", r"(?:)\d"),  # a lookaround goes with what it holds
        (r"\(?\d(?#note)", r"\(?\d"),
    ],
)
def test_relax_drops_assertions_only(pattern, relaxed):
    assert relax(pattern) == relaxed


def test_unreadable_patterns_get_no_opening():
    assert opening_of(regex.compile(r"(?x) a b")) is None
    assert opening_of(regex.compile(r"(?(?=a)ab|c)")) is None
    with pytest.raises(ValueError):
        relax("[abc")


def test_opening_refuses_only_what_cannot_start_a_match():
    opening = opening_of(regex.compile(r"(?<=сағат\s)(?:[01]?\d|2[0-4])(?!\d)"))
    positions = [0, 1, 2]
    letters = ["10-", "ағат", "x"]
    assert opening.allowed_at(positions, letters, set(letters)) == [0]


def test_every_rule_match_in_the_corpus_and_examples_is_allowed():
    """The openings' promise over the shipped corpus and every rule's examples: wherever a rule
    matches, at any position, its opening lets it be tried there."""
    grammar = load_grammar()
    texts = [d.text for d in iter_documents([REPO_DIR / "corpus"]) if hasattr(d, "text")]
    texts += [example.text for rule in grammar.rules for example in rule.examples]
    checked = 0
    for text in texts:
        for rule in grammar.rules:
            if rule.opening is None:
                continue
            found = [m.start() for m in rule.compiled.finditer(text, overlapped=True) if m.end() > m.start()]
            letters = letters_at(text, found)
            assert rule.opening.allowed_at(found, letters, set(letters)) == found, rule.id
            checked += len(found)
    assert checked > 500


def test_every_rule_has_an_opening():
    assert [r.id for r in load_grammar().rules if r.opening is None] == []

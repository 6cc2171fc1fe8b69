"""The rule engine: loads patterns/, compiles rules, matches them and builds values."""

from .engine import Grammar, load_grammar
from .rules import Rule

__all__ = ["Grammar", "Rule", "load_grammar"]

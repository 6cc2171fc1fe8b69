"""Scoring: entity-level precision/recall/F1, the IOB2 evaluation of systems, tokenizer agreement."""

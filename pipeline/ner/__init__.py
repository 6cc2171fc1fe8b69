"""Kazakh named-entity recognition: a spaCy model trained on KazNERD (25 labels).

`kaznerd` reads and aligns the data, `train` reproduces the shipped model in `model/`.
"""

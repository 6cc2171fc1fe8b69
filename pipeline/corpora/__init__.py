"""Readers of annotated corpora (KazNERD) used for training and evaluation."""

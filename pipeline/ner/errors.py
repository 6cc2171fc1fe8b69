"""Errors shared by the NER backends."""


class BackendUnavailable(RuntimeError):
    """An NER backend cannot run here; the message says how to get it or how to run without it."""

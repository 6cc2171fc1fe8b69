"""Tokens the Kazakh tokenizer never splits: abbreviations from patterns/lexicons."""

from spacy.lang.tokenizer_exceptions import BASE_EXCEPTIONS
from spacy.symbols import ORTH
from spacy.util import update_exc

from ...patterns.lexicons import abbreviations


def _build() -> dict:
    exc: dict = {}
    for abbr in abbreviations():
        for form in {abbr, abbr[0].upper() + abbr[1:]}:
            exc[form] = [{ORTH: form}]
    return update_exc(BASE_EXCEPTIONS, exc)


TOKENIZER_EXCEPTIONS = _build()

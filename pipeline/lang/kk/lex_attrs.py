"""Lexical attributes for Kazakh: `like_num` knows cardinal and ordinal number words."""

from functools import cache

from spacy.attrs import LIKE_NUM

from ...patterns.lexicons import number_words

_ROMAN = set("IVXLCDM")


def like_num(text: str) -> bool:
    """True for digits ("2 500", "17,6", "1998"), number words ("тоғыз", "мың")
    and ordinals ("екінші", "тоқсаныншы", "2-ші")."""
    text = text.replace(" ", "").replace(",", "").replace(".", "").lstrip("+-±~")
    if not text:
        return False
    if text.isdigit():
        return True
    if text.count("/") == 1:
        num, denom = text.split("/")
        return num.isdigit() and denom.isdigit()
    words, suffixes, stems = _vocabulary()
    low = text.lower()
    if low in words:
        return True
    stem, dash, ending = low.partition("-")
    if dash and stem.isdigit() and ending in suffixes:
        return True
    return any(low.endswith(suffix) and low[: -len(suffix)] in stems for suffix in suffixes)


@cache
def _vocabulary() -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    """The number words, the ordinal suffixes, and the stems an ordinal suffix may follow:
    a number word, or one less its final vowel, which merges with the suffix's
    ("бесінші" -> "бес", "жетінші" -> "жеті", "алтыншы" -> "алты")."""
    numbers = number_words()
    words = frozenset(numbers.all_words())
    return words, tuple(numbers.ordinal_suffixes), words | {w[:-1] for w in words if w}


LEX_ATTRS = {LIKE_NUM: like_num}

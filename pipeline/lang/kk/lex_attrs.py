"""Lexical attributes for Kazakh: `like_num` knows cardinal and ordinal number words."""

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
    words = number_words()
    low = text.lower()
    if low in words.all_words():
        return True
    stem, dash, ending = low.partition("-")
    if dash and stem.isdigit() and ending in words.ordinal_suffixes:
        return True
    for suffix in words.ordinal_suffixes:
        if low.endswith(suffix) and _ordinal_stem(low[: -len(suffix)], words.all_words()):
            return True
    return False


def _ordinal_stem(stem: str, vocabulary: list[str]) -> bool:
    # "бесінші" -> "бес", "жетінші" -> "жеті" (the stem's final vowel merges), "алтыншы" -> "алты"
    return stem in vocabulary or any(w.startswith(stem) and len(w) == len(stem) + 1 for w in vocabulary)


LEX_ATTRS = {LIKE_NUM: like_num}

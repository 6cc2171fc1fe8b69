"""Numbers: parsing digit strings, composing number words ("екі мың жиырма бірінші"),
mixtures ("19 млн 944 мың 726", "4,8 миллиард") and formatting values as plain decimals."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import regex

from ..patterns.lexicons import number_words
from ..patterns.morphology import derivational_endings, suffix_regex
from ..patterns.order import longest_first

_SPACED = regex.compile(r"(\d+) ?, (\d+)")
_GROUPS = regex.compile(r"(\d{1,3}(?:[ ]\d{3})+)([.,]\d+)?")
_DOTTED = regex.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_TYPO = regex.compile(r"(?<=\d)(?::|,\.|\.,)(?=\d)")


def parse_digits(text: str) -> Decimal:
    """'2 500' -> 2500, '17,6' -> 17.6, '20 , 7' -> 20.7, '1.000.000' -> 1000000."""
    s = text.strip().replace("\u00a0", " ")
    s = _TYPO.sub(".", s)  # "18:56", "24,.08" (mistyped decimals before "%")
    spaced = _SPACED.fullmatch(s)
    if spaced:
        s = f"{spaced.group(1)}.{spaced.group(2)}"
    m = _GROUPS.fullmatch(s)
    if m:
        s = m.group(1).replace(" ", "") + (m.group(2) or "").replace(",", ".")
    elif _DOTTED.fullmatch(s):
        s = s.replace(".", "")
    else:
        s = s.replace(",", ".")
    try:
        return Decimal(s)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None


def format_decimal(value: Decimal | int | float) -> str:
    """Plain decimal with '.', no exponent, no trailing zeros: 17600000000, 90.9."""
    d = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


# --- number words -------------------------------------------------------------------------


@dataclass
class Word:
    """One analysed token of a number phrase."""

    value: Decimal
    kind: str  # unit, ten, hundred, scale, fraction, digits, point, denominator
    ordinal: bool = False
    approx: bool = False  # "жүздей", "мыңдаған"
    text: str = ""


@dataclass
class ParsedNumber:
    value: Decimal
    ordinal: bool = False
    approx: bool = False
    steps: list[str] = field(default_factory=list)


@cache
def _tables(root: Path | None = None):
    nw = number_words(root)
    forms: dict[str, tuple[float, str, bool]] = {}
    kinds = {
        "zero": "unit",
        "units": "unit",
        "tens": "ten",
        "hundreds": "hundred",
        "scales": "scale",
        "fractions": "fraction",
    }
    for section, table in nw.sections.items():
        for word, value in table.items():
            forms[word] = (value, kinds[section], False)
    for word, value in (nw.scale_abbreviations or {}).items():
        forms[word] = (value, "scale", False)
    for word, value in nw.ordinal_forms().items():
        forms[word] = (
            value,
            "scale" if value >= 1000 else "hundred" if value == 100 else "ten" if value >= 10 else "unit",
            True,
        )
    for word, value in (nw.collectives or {}).items():
        forms[word] = (value, "ten" if value >= 10 else "unit", False)
    stems = longest_first(forms)
    der = derivational_endings(root)
    chain = suffix_regex(root)
    approx_end = "|".join(der.get("sim", ()) + der.get("many", ()))
    rest = regex.compile(
        rf"(?P<approx>{approx_end})?(?:{'|'.join(der.get('adj', ()))})?{chain}" if approx_end else chain,
        regex.IGNORECASE,
    )
    ordinal_sfx = "|".join(nw.ordinal_suffixes)
    coll_sfx = "|".join(nw.collective_suffixes) or "(?!)"
    hyphen_tail = regex.compile(
        rf"(?P<ord>{ordinal_sfx})?(?P<coll>{coll_sfx})?(?P<approx>{approx_end})?{chain}"
        rf"(?:-?(?:{'|'.join(der.get('only', ()))}))?",
        regex.IGNORECASE,
    )
    return forms, stems, rest, hyphen_tail


def analyse_word(word: str, root: Path | None = None) -> Word | None:
    """A number word with any ending: 'миллионға' -> 1000000 scale, 'екінші' -> 2 ordinal,
    'екеуі' -> 2, 'жүздей' -> 100 approx. None when the word is no number word."""
    low = word.lower()
    nw = number_words(root)
    if low in nw.decimal_points or low in nw.decimal_particles:  # "он бүтін бес", "төрт те сегіз"
        return Word(Decimal(0), "point", text=word)
    if low in nw.denominators:  # "бес бүтін оннан тоғыз" = 5.9
        return Word(Decimal(str(nw.denominators[low])), "denominator", text=word)
    forms, stems, rest, _ = _tables(root)
    for stem in stems:
        if low.startswith(stem):
            m = rest.fullmatch(low, len(stem))
            if m:
                value, kind, ordinal = forms[stem]
                return Word(
                    Decimal(str(value)),
                    kind,
                    ordinal,
                    bool(m.group("approx")) if "approx" in m.re.groupindex else False,
                    word,
                )
    return None


_TOKEN = regex.compile(
    r"(?P<d>\d{1,3}(?:[ \u00a0]\d{3})+(?:[.,]\d+)?(?!\d)|\d+ ?, \d+|\d+(?:[.,]\d+)?)|(?P<tail>-\p{L}+(?:-\p{L}+)?)"
    r"|(?P<w>\p{L}+\.?)|(?P<dash>[–-])"
)


def tokens(text: str, root: Path | None = None) -> list[Word]:
    out: list[Word] = []
    _, _, _, hyphen_tail = _tables(root)
    for m in _TOKEN.finditer(_TYPO.sub(".", text)):
        if m.group("d"):
            out.append(Word(parse_digits(m.group("d")), "digits", text=m.group("d")))
        elif m.group("tail"):
            if not out:
                raise ValueError(f"an ending without a number in {text!r}")
            t = hyphen_tail.fullmatch(m.group("tail")[1:].lower())
            if t is None:
                raise ValueError(f"unknown ending {m.group('tail')!r} in {text!r}")
            out[-1].ordinal = out[-1].ordinal or bool(t.group("ord"))
            out[-1].approx = out[-1].approx or bool(t.group("approx"))
        elif m.group("w"):
            w = m.group("w").rstrip(".")
            word = analyse_word(w, root)
            if word is None:
                raise ValueError(f"{w!r} is not a number word")
            out.append(word)
        else:
            raise ValueError(f"a dash inside a number: {text!r}")
    if not out:
        raise ValueError(f"no number in {text!r}")
    return out


def _compose(words: list[Word], text: str) -> Decimal:
    """Integer-style composition: 'екі мың жиырма бір' -> 2021, '19 млн 944 мың 726' -> 19944726."""
    total, group, last_scale = Decimal(0), Decimal(0), None
    seen_group = False
    for w in words:
        v = w.value
        if w.kind == "scale":
            if last_scale is not None and v >= last_scale:
                raise ValueError(f"scales out of order in {text!r}")
            total += (group if seen_group else Decimal(1)) * v
            group, seen_group, last_scale = Decimal(0), False, v
        elif w.kind == "hundred":
            if group >= 100 or (group and group != group.to_integral_value()):
                raise ValueError(f"misplaced hundred in {text!r}")
            group = (group if seen_group else Decimal(1)) * v
            seen_group = True
        elif w.kind == "fraction":
            group += v
            seen_group = True
        elif w.kind == "digits":
            if seen_group and group % 1000 != 0:
                raise ValueError(f"two numbers side by side in {text!r}")
            if last_scale is not None and v >= last_scale:
                raise ValueError(f"{v} after a larger scale in {text!r}")
            group += v
            seen_group = True
        else:  # unit, ten
            step = 10 if w.kind == "unit" else 100
            if seen_group and group % step != 0:
                raise ValueError(f"number words side by side in {text!r}")
            group += v
            seen_group = True
    return total + group


def parse_number(text: str, root: Path | None = None) -> ParsedNumber:
    """The value of a number phrase in digits, words or both, with decimals
    ("он бүтін бес" = 10.5, "нөл бүтін жүзден сексен алты" = 0.86, "төрт те сегіз" = 4.8)."""
    words = tokens(text, root)
    ordinal = words[-1].ordinal
    approx = any(w.approx for w in words)
    points = [i for i, w in enumerate(words) if w.kind == "point"]
    if not points:
        value = _compose(words, text)
        steps = [f"number {text!r} -> {format_decimal(value)}"]
    else:
        if len(points) > 1 or points[0] == 0 or points[0] == len(words) - 1:
            raise ValueError(f"a misplaced decimal point in {text!r}")
        p = points[0]
        whole = _compose(words[:p], text)
        frac = words[p + 1 :]
        denominator = None
        if frac and frac[0].kind == "denominator":
            denominator, frac = frac[0].value, frac[1:]
        scale_at = next((i for i, w in enumerate(frac) if w.kind == "scale"), len(frac))
        numerator = _compose(frac[:scale_at], text) if scale_at else None
        if numerator is None:
            raise ValueError(f"no digits after the decimal point in {text!r}")
        if denominator is None:
            denominator = Decimal(10) ** len(format_decimal(numerator))
        if numerator >= denominator:
            raise ValueError(f"fraction {numerator}/{denominator} is not below one in {text!r}")
        value = whole + numerator / denominator
        scale = Decimal(1)
        for w in frac[scale_at:]:
            if w.kind != "scale":
                raise ValueError(f"words after the scale in {text!r}")
            scale *= w.value
        value *= scale
        steps = [
            f"decimal {text!r}: {format_decimal(whole)} + {format_decimal(numerator)}/{format_decimal(denominator)}"
            f"{f' × {format_decimal(scale)}' if scale != 1 else ''} -> {format_decimal(value)}"
        ]
    if ordinal:
        steps.append("ordinal ending")
    if approx:
        steps.append("ending -дай/-деген -> approx")
    return ParsedNumber(value, ordinal, approx, steps)

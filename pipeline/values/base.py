"""What every value builder shares: the Context it may consult, the Value it returns, the
registry of builders by name (each declaring the slots it needs and may take), and small
readers of words (a table key an inflected word starts with, a qualifier, a roman numeral).

A builder takes the match's named slots and a Context and returns a Value with the
steps it took (shown by `kazfacts explain`). Builders are pure: the document's date
arrives in the Context, never from the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..patterns.morphology import VOICED, strip_suffix


@dataclass
class Context:
    """What builders may consult: qualifier words, the document's date, the patterns folder."""

    qualifiers_before: dict[str, str]
    qualifiers_after: dict[str, str]
    doc_date: str = ""
    root: Path | None = None


@dataclass
class Value:
    value: str
    unit: str = ""
    qualifier: str = ""
    steps: list[str] = field(default_factory=list)


Builder = Callable[[dict[str, str], Context], Value]
BUILDERS: dict[str, Builder] = {}
# per builder, the slots a rule's pattern must have: a name, or a tuple of names of which one
NEEDS: dict[str, tuple[str | tuple[str, ...], ...]] = {}
# per builder, every slot it reads (a rule's slot no builder reads is a typo)
TAKES: dict[str, frozenset[str]] = {}


def builder(name: str, needs: tuple = (), takes: tuple[str, ...] = ()) -> Callable[[Builder], Builder]:
    """Register a builder under `name`, with the slots it `needs` (a name, or a tuple of
    names one of which must be there) and the others it `takes`."""

    def register(fn: Builder) -> Builder:
        BUILDERS[name] = fn
        NEEDS[name] = needs
        TAKES[name] = frozenset(takes) | {s for need in needs for s in ((need,) if isinstance(need, str) else need)}
        return fn

    return register


def missing_slots(name: str, slots: set[str]) -> list[str]:
    """The needs of builder `name` that a pattern with these slots does not meet ("unit",
    "one of year, month, day")."""
    out = []
    for need in NEEDS[name]:
        choices = (need,) if isinstance(need, str) else need
        if not slots & set(choices):
            out.append(need if isinstance(need, str) else "one of " + ", ".join(choices))
    return out


def normalised_words(text: str) -> str:
    return " ".join(text.lower().split())


def lookup_prefix(word: str, table) -> str:
    """The longest key of `table` that the (inflected) word or phrase starts with; '' if none.
    A key's final п/к/қ may be voiced in the word ("қыркүйегінде" -> "қыркүйек")."""
    low = normalised_words(word)
    best = ""
    for key in table:
        if len(key) > len(best) and (
            low.startswith(key) or (len(key) > 3 and key[-1] in VOICED and low.startswith(key[:-1] + VOICED[key[-1]]))
        ):
            best = key
    return best


# the slots `qualifier_of` reads (and `dates.open_qualifier`: "open", бастап / дейін / бері)
QUALIFIER_SLOTS = ("qual_before", "qual_after", "or_more", "open")


def qualifier_of(slots: dict[str, str], ctx: Context) -> tuple[str, list[str]]:
    """The qualifier named by a `qual_before` or `qual_after` slot, if any; an `or_more`
    slot ("4 және одан көп") is at_least."""
    if slots.get("or_more"):
        return "at_least", [f"{slots['or_more']!r}: that many or more -> at_least"]
    for slot, table in (("qual_before", ctx.qualifiers_before), ("qual_after", ctx.qualifiers_after)):
        word = normalised_words(slots.get(slot) or "")
        if not word:
            continue
        key = word if word in table else strip_suffix(word)
        if key not in table:
            key = lookup_prefix(word, table)
        if key:
            return table[key], [f"qualifier {word!r} -> {table[key]}"]
    return "", []


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(text: str) -> int:
    text = text.upper().rstrip(".").translate(str.maketrans("ІХ", "IX"))  # Cyrillic look-alikes
    if not text or any(ch not in _ROMAN for ch in text):
        raise ValueError(f"not a roman numeral: {text!r}")
    total = 0
    for i, ch in enumerate(text):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(text) and _ROMAN[text[i + 1]] > v else v
    if _to_roman(total) != text:
        raise ValueError(f"malformed roman numeral: {text!r}")
    return total


def _to_roman(n: int) -> str:
    out = ""
    for v, s in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= v:
            out, n = out + s, n - v
    return out

"""The registry of value builders named by rules' `value:` field.

A builder takes the match's named slots and a Context and returns a Value with the
steps it took (shown by `kazfacts explain`)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..morphology import strip_suffix
from .numbers import format_decimal, parse_digits


@dataclass
class Context:
    """What builders may consult: qualifier words and the document's date."""

    qualifiers_before: dict[str, str]
    qualifiers_after: dict[str, str]
    doc_date: str = ""


@dataclass
class Value:
    value: str
    unit: str = ""
    qualifier: str = ""
    steps: list[str] = field(default_factory=list)


Builder = Callable[[dict[str, str], Context], Value]
BUILDERS: dict[str, Builder] = {}


def builder(name: str) -> Callable[[Builder], Builder]:
    def register(fn: Builder) -> Builder:
        BUILDERS[name] = fn
        return fn
    return register


def qualifier_of(slots: dict[str, str], ctx: Context) -> tuple[str, list[str]]:
    """The qualifier named by a `qual_before` or `qual_after` slot, if any."""
    for slot, table in (("qual_before", ctx.qualifiers_before), ("qual_after", ctx.qualifiers_after)):
        word = (slots.get(slot) or "").lower()
        if not word:
            continue
        key = word if word in table else strip_suffix(word)
        if key not in table:
            key = next((k for k in sorted(table, key=len, reverse=True) if word.startswith(k)), "")
        if key:
            return table[key], [f"qualifier {word!r} -> {table[key]}"]
    return "", []


@builder("number")
def number(slots: dict[str, str], ctx: Context) -> Value:
    num = parse_digits(slots["num"])
    qual, steps = qualifier_of(slots, ctx)
    return Value(format_decimal(num), "", qual, [f"digits {slots['num']!r} -> {format_decimal(num)}", *steps])


@builder("percentage")
def percentage(slots: dict[str, str], ctx: Context) -> Value:
    value = number(slots, ctx)
    value.unit = "%"
    value.steps.append(f"unit {slots.get('unit', '%')!r} -> %")
    return value


@builder("year")
def year(slots: dict[str, str], ctx: Context) -> Value:
    return Value(slots["year"], "", "", [f"year {slots['year']}"])

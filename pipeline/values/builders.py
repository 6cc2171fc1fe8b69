"""The registry of value builders named by rules' `value:` field: every builder module,
loaded (amounts, dates, times, contacts), and what they share (values/base.py)."""

from __future__ import annotations

from . import amounts, contacts, dates, times  # noqa: F401  (each registers its builders)
from .base import BUILDERS, NEEDS, TAKES, Builder, Context, Value, builder, missing_slots
from .numbers import format_decimal, parse_digits, parse_number

__all__ = [
    "BUILDERS",
    "NEEDS",
    "TAKES",
    "Builder",
    "Context",
    "Value",
    "builder",
    "format_decimal",
    "missing_slots",
    "parse_digits",
    "parse_number",
]

"""Numbers: parsing digit strings and formatting values as plain decimals."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

import regex

_GROUPED = regex.compile(r"\d{1,3}(?:([ \u00a0.,])\d{3})(?:\1\d{3})*")


def parse_digits(text: str) -> Decimal:
    """'2 500' -> 2500, '17,6' -> 17.6, '20 , 7' -> 20.7, '1.000.000' -> 1000000."""
    s = text.strip().replace("\u00a0", " ")
    if regex.fullmatch(r"\d+ , \d+", s):
        s = s.replace(" , ", ".")
    m = regex.match(r"(\d{1,3}(?:[ ]\d{3})+)([.,]\d+)?$", s)
    if m:
        s = m.group(1).replace(" ", "") + (m.group(2) or "").replace(",", ".")
    elif regex.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", s):
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

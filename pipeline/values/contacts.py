"""Contact builder: e-mail addresses, web addresses and phone numbers, normalised
("mailto:Asem.Silam@mail,ru" -> asem.silam@mail.ru, unit "email"; "khabar . kz" ->
khabar.kz, unit "url"; "8 (7172) 74-31-46" -> +77172743146, unit "phone")."""

from __future__ import annotations

import regex

from .base import Context, Value, builder

_SPACED_DOT = regex.compile(r"\s*\.\s*")


@builder("contact", needs=(("email", "url", "phone"),))
def contact(slots: dict[str, str], ctx: Context) -> Value:
    """Slots: email, url or phone (exactly one)."""
    if slots.get("email"):
        local, _, domain = slots["email"].partition("@")
        value = f"{local}@{domain.replace(',', '.')}".lower()
        return Value(value, "email", steps=[f"e-mail {slots['email']!r} -> {value}"])
    if slots.get("url"):
        address = _SPACED_DOT.sub(".", slots["url"]).rstrip("/")
        scheme, sep, rest = address.partition("://")
        if not sep:
            scheme, rest = "", address
        host, slash, path = rest.partition("/")
        value = scheme.lower() + sep + host.lower() + slash + path
        return Value(value, "url", steps=[f"web address {slots['url']!r} -> {value}"])
    digits = regex.sub(r"\D", "", slots["phone"])
    if len(digits) == 11 and digits[0] in "78":
        digits = "7" + digits[1:]
    value = "+" + digits if len(digits) == 11 else digits
    return Value(value, "phone", steps=[f"phone {slots['phone']!r} -> {value}"])

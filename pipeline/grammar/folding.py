"""Case-insensitive rules matched case-sensitively on the lower-cased text, with the same results.

The `regex` module's case-insensitive matching costs most in the long word alternations of
the `needs` scans (months, currencies, units) and in the rules' match attempts: on the text
lower-cased once, a case-sensitive twin of such an expression finds the same matches some
30 % faster. The twin is used only where that is exact:

- the text's letters that have a case are all in TEXT_RANGES (Latin, Cyrillic, punctuation
  and symbols; lower-casing keeps the text's length, so offsets stay), and none is one of
  NEVER_FOLDED;
- the expression (`twin`) has no upper-case letter, no inline flag, no character range
  holding an upper-case letter and no class escape but the case-blind ones of CASE_BLIND;
- a letter of the expression that some other letter matches case-insensitively without
  lower-casing to it (BREAKS: the dotless ı matches I, which lower-cases to i) rules the twin
  out for texts holding that other letter.

tests/test_folding.py checks these tables against `regex` itself, letter by letter.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

TEXT_RANGES = ((0x0000, 0x02FF), (0x0400, 0x052F), (0x1E00, 0x1EFF), (0x2000, 0x2BFF))
NEVER_FOLDED = "\u0130\u017f\u1e9b"  # İ (lower-cases to two characters), ſ and ẛ (match s and ṡ)
BREAKS = {"\u0131": "I"}  # ı matches I, which lower-cases to i
CASE_BLIND = ("\\p{L}", "\\P{L}", "\\p{Latin}", "\\P{Latin}", *(f"\\{c}" for c in "dDsSwWbBmMntr"))
_BREAKERS = frozenset(BREAKS.values())
_GROUP_OPENINGS = ("(?:", "(?=", "(?!", "(?<=", "(?<!")
_NAMED_GROUP = regex.compile(r"\(\?P?<\w+>")
_CONDITION = regex.compile(r"\(\?\(\w+\)")  # on whether a group matched: "(?(day)...)"
_CODE = regex.compile(r"\\u([0-9a-fA-F]{4})")  # a character by its code: "\u00a0"
_RANGES = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in TEXT_RANGES)
# a character outside the ranges that has a case (or is changed by one) or one of NEVER_FOLDED;
# those without a case (digits, emoji, CJK) match nothing but themselves either way
_OUTSIDE = regex.compile(rf"[[\p{{Cased}}\p{{CWCM}}\p{{CWCF}}]--[{_RANGES}]]|[{NEVER_FOLDED}]", regex.V1)


@dataclass(frozen=True)
class Twin:
    """The case-sensitive twin of a case-insensitive expression, for lower-cased text."""

    pattern: regex.Pattern
    breaks: frozenset[str]  # letters whose presence in a text rules the twin out


class Folded:
    """A text lower-cased, and which letters of BREAKS's values it holds."""

    __slots__ = ("text", "present")

    def __init__(self, text: str, present: frozenset[str]):
        self.text, self.present = text, present

    def fits(self, t: Twin | None) -> bool:
        """Whether the twin gives the original expression's matches on this text."""
        return t is not None and not (t.breaks & self.present)


def folded(text: str) -> Folded | None:
    """The text lower-cased, or None where no twin's matches on it are sure to be the same."""
    if _OUTSIDE.search(text):
        return None
    return Folded(text.lower(), frozenset(c for c in _BREAKERS if c in text))


def twin(pattern: regex.Pattern | None) -> Twin | None:
    """The case-sensitive twin of `pattern`, or None where it would not be exact."""
    if pattern is None or not pattern.flags & regex.IGNORECASE or pattern.flags & (regex.VERBOSE | regex.VERSION1):
        return None
    letters = _literals(pattern.pattern)
    if letters is None or any(c != c.lower() or not _inside(c) for c in letters):
        return None
    breaks = frozenset(BREAKS[c] for c in letters if c in BREAKS)
    return Twin(regex.compile(pattern.pattern, pattern.flags & ~regex.IGNORECASE), breaks)


def _inside(c: str) -> bool:
    return c not in NEVER_FOLDED and any(a <= ord(c) <= b for a, b in TEXT_RANGES)


def _literals(source: str) -> set[str] | None:
    """The characters `source` matches literally (outside and inside character sets), or None
    where it holds a construct whose case behaviour the twin cannot keep."""
    out: set[str] = set()
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c == "\\":
            read = _escape(source, i)
            if read is None:
                return None
            escaped, i = read
            if escaped:
                out.add(escaped)
        elif c == "(" and source.startswith("(?", i):
            named = _NAMED_GROUP.match(source, i) or _CONDITION.match(source, i)
            opening = named.group() if named else next((g for g in _GROUP_OPENINGS if source.startswith(g, i)), None)
            if opening is None:  # an inline flag, a condition, a comment ...
                return None
            i += len(opening)
        elif c == "[":
            end = _set(source, i, out)
            if end is None:
                return None
            i = end
        else:
            out.add(c)
            i += 1
    return out


def _escape(source: str, i: int) -> tuple[str, int] | None:
    r"""The escape at `i`: the character it matches literally ("" for a case-blind class such
    as \d) and the index after it; None where the twin cannot keep it (\x, \N, \p{Lu},
    back-references, a character with a case written by its code)."""
    blind = next((e for e in CASE_BLIND if source.startswith(e, i)), None)
    if blind:
        return "", i + len(blind)
    code = _CODE.match(source, i)
    if code:  # a character that has no case ("\u00a0") matches itself alone either way
        char = chr(int(code.group(1), 16))
        return (char, code.end()) if char.lower() == char == char.upper() else None
    escaped = source[i + 1 : i + 2]
    if not escaped or escaped.isalnum():
        return None
    return escaped, i + 2


def _set(source: str, start: int, out: set[str]) -> int | None:
    """Adds a character set's members to `out` and returns the index after it; None for a
    POSIX class, an unknown escape or a range holding an upper-case letter."""
    i = start + 1
    if source.startswith("^", i):
        i += 1
    first = True
    while i < len(source):
        c = source[i]
        if c == "]" and not first:
            return i + 1
        first = False
        if source.startswith("[:", i):
            return None
        if c == "\\":
            read = _escape(source, i)
            if read is None:
                return None
            c, i = read
            if not c:  # a case-blind class such as \d
                continue
        else:
            i += 1
        if source.startswith("-", i) and i + 1 < len(source) and source[i + 1] != "]":
            high = source[i + 1]
            if high == "\\":
                return None
            span = [chr(k) for k in range(ord(c), ord(high) + 1)]
            if any(x != x.lower() for x in span):
                return None
            out.update(span)
            i += 2
        else:
            out.add(c)
    return None

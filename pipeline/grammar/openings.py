"""Which text positions a rule can start at, judged from the first letters there.

A rule is tried at every trigger position (a digit, a number or month word ...), but most
rules can start at few of them: a weekday rule only at a weekday word. The probe of a rule
is its pattern with every zero-width assertion taken out (lookarounds, word boundaries,
anchors): it matches wherever the rule does, and more, and it needs no text around it. So
when the probe, matching partially, fails on the first OPENING_LETTERS characters at a
position, the rule cannot match there. The verdict depends on those characters alone and
is kept per rule (`Probe.allows`); a rule whose pattern the relaxing cannot read safely
(verbose mode, a lookaround as a condition, a backreference into a lookaround) gets no opening and is tried
everywhere, as before.
"""

from __future__ import annotations

from sys import intern

import regex

OPENING_LETTERS = 3  # characters a verdict is taken from
_ASSERTION_ESCAPES = set("bBmMAZG")  # \b \B \m \M \A \Z \G: they consume nothing
_LOOKAROUNDS = ("(?<=", "(?<!", "(?=", "(?!")
# verbose mode, a condition that is a lookaround, branch reset: left without an opening (a condition on a
# group is kept: the groups consume what they did)
_UNSAFE = ("(?x", "(?(?", "(?|")
_EMPTY = "(?:)"  # what an assertion leaves, so that a quantifier after it still has its operand
_VERDICTS_KEPT = 10_000  # per rule; then forgotten and learnt again


class Opening:
    """A rule's relaxed pattern and the verdicts it has given, by the text's first letters."""

    def __init__(self, pattern: regex.Pattern):
        self.pattern = pattern
        self.allowed: set[str] = set()
        self.refused: set[str] = set()

    def allowed_at(self, positions: list[int], letters: list[str], distinct: set[str]) -> list[int]:
        """The positions where the rule may match (`letters`: the text's first OPENING_LETTERS
        characters at each; `distinct`: the set of them); only those where it cannot are left out."""
        new = distinct - self.allowed - self.refused
        if len(self.allowed) + len(self.refused) + len(new) > _VERDICTS_KEPT:
            self.allowed, self.refused = set(), set()
            new = distinct
        for start in new:
            (self.allowed if self.pattern.match(start, partial=True) else self.refused).add(start)
        allowed = self.allowed
        return [p for p, start in zip(positions, letters) if start in allowed]


def letters_at(text: str, positions: list[int]) -> list[str]:
    """The first OPENING_LETTERS characters of `text` at each position, interned: the
    verdicts of every rule then keep one string per distinct beginning, not one per text
    it came from (on a large corpus those copies were most of what the verdicts grew by)."""
    return [intern(text[p : p + OPENING_LETTERS]) for p in positions]


def opening_of(pattern: regex.Pattern) -> Opening | None:
    """The opening of a compiled rule pattern, or None where relaxing it is not safe."""
    if pattern.flags & (regex.VERBOSE | regex.VERSION1) or any(u in pattern.pattern for u in _UNSAFE):
        return None  # (version 1 nests character sets, which `relax` does not read)
    try:
        return Opening(regex.compile(relax(pattern.pattern), pattern.flags))
    except (regex.error, ValueError):
        return None


def relax(source: str) -> str:
    """`source` without its zero-width assertions: lookaround groups (with what they hold),
    \\b \\B \\m \\M \\A \\Z \\G, ^ and $, each left as an empty group. What the pattern consumes is
    left as written, so the result matches every string the pattern matches. ValueError where the pattern does not
    parse (an unclosed group or set)."""
    out: list[str] = []
    i = 0
    depth_of_lookaround = None  # the group depth where a dropped lookaround opened
    depth = 0
    n = len(source)
    while i < n:
        c = source[i]
        keep = depth_of_lookaround is None
        if c == "\\":
            escaped = source[i + 1 : i + 2]
            if not escaped:
                raise ValueError("pattern ends in a backslash")
            if keep:
                out.append(_EMPTY if escaped in _ASSERTION_ESCAPES else source[i : i + 2])
            i += 2
        elif c == "[":
            end = _set_end(source, i)
            if keep:
                out.append(source[i:end])
            i = end
        elif c == "(":
            if source.startswith("(?#", i):
                i = source.index(")", i) + 1
                continue
            depth += 1
            if keep and source.startswith(_LOOKAROUNDS, i):
                depth_of_lookaround = depth
                out.append(_EMPTY)
            elif keep:
                out.append(c)
            i += 1
        elif c == ")":
            if depth == 0:
                raise ValueError("unbalanced parenthesis")
            if depth_of_lookaround == depth:
                depth_of_lookaround = None
            elif keep:
                out.append(c)
            depth -= 1
            i += 1
        else:
            if keep:
                out.append(_EMPTY if c in "^$" else c)
            i += 1
    if depth:
        raise ValueError("unclosed group")
    return "".join(out)


def _set_end(source: str, start: int) -> int:
    """The index after the character set opening at `start` (a ']' first in it is a letter;
    POSIX classes like [:alpha:] may sit inside)."""
    i = start + 1
    if source.startswith("^", i):
        i += 1
    if source.startswith("]", i):
        i += 1
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
        elif c == "[" and source.startswith("[:", i) and ":]" in source[i:]:
            i = source.index(":]", i) + 2
        elif c == "]":
            return i + 1
        else:
            i += 1
    raise ValueError("unclosed character set")

"""Text normalisation that keeps a map back to the original offsets.

One regex pass finds every edit; edits never overlap, so the map is built once.
What is fixed (documented in the README):
- Unicode NFC (composed letters);
- Latin look-alike letters inside a Cyrillic word ("тiкелей" -> "тікелей");
- hard-wrapped lines: a line break is joined with a space when the next line
  starts in lower case, or the previous line is long and does not end a sentence;
  otherwise it becomes a paragraph break ("\\n"). A short line with no final
  punctuation, a figure or table caption ("5 Сурет ...") and a line before an
  indented one stay on their own;
- a hyphen at a line end is kept and the break removed ("қоғамның-\\nсаяси" ->
  "қоғамның-саяси"): in Kazakh a line-end hyphen is normally a compound's own
  hyphen. It is dropped only when the document elsewhere writes the joined word
  without a hyphen and never with one (then it was a soft hyphenation);
- non-breaking, thin and other special spaces become a plain space, runs of
  spaces one space; zero-width characters and soft hyphens are removed;
- curly quotes become '"', long dashes and minus signs become '–';
- a missing space after a comma between letters ("ауыл,кент", not in an e-mail
  address: "mail,ru"), after a sentence
  period ("белгілі.Бұл") or after an abbreviation ("ғ.басындағы") is inserted;
- lines in Latin-script Kazakh (text/script.py) are read in Cyrillic, letter by letter
  ("saılaýda" -> "сайлауда"), so every later stage sees Cyrillic.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache
from heapq import merge

import regex

from ..patterns.lexicons import abbreviations
from ..patterns.order import longest_first
from .layout import layout
from .script import ScriptInfo, detect, transliteration_edits

HEADING_MAX = 60
TERMINAL = ".!?…"
CLOSERS = "\"'»)]”"

LOOKALIKES = str.maketrans(
    {
        "a": "а",
        "c": "с",
        "e": "е",
        "i": "і",
        "o": "о",
        "p": "р",
        "x": "х",
        "y": "у",
        "k": "к",
        "h": "һ",
        "A": "А",
        "B": "В",
        "C": "С",
        "E": "Е",
        "H": "Н",
        "I": "І",
        "K": "К",
        "M": "М",
        "O": "О",
        "P": "Р",
        "T": "Т",
        "X": "Х",
        "Y": "У",
    }
)
_LATIN = regex.compile(r"\p{Latin}")
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
_QUOTES = {"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'}
_DASHES = "—‒―−"


@dataclass(frozen=True)
class NormalisedText:
    """Normalised text with, for each of its characters, the original span it came from."""

    text: str
    starts: list[int]
    ends: list[int]
    original_length: int
    script: str = "cyrillic"  # of the original: cyrillic, latin or mixed (text/script.py)
    alphabet: str = ""  # the Latin alphabet of its Latin-script Kazakh lines, if any
    latin: tuple[tuple[int, int], ...] = ()  # spans of the text read from Latin-script Kazakh

    def from_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the normalised text made from the original [start, end)."""
        return bisect_right(self.ends, start), bisect_left(self.starts, end)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original text."""
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else self.original_length
            return pos, pos
        return self.starts[start], self.ends[end - 1]


@cache
def _edit_pattern() -> regex.Pattern:
    short_abbr = longest_first({a[:-1] for a in abbreviations() if a.endswith(".") and "." not in a[:-1]})
    abbr = "|".join(regex.escape(a) for a in short_abbr)
    return regex.compile(
        rf"""(?P<lines>[^\S\n]*\n\s*)
        |(?P<spaces>[ {_SPACES}]{{2,}}|[{_SPACES}])
        |(?P<zero>[\u200b\u200c\u200d\u00ad\ufeff])
        |(?P<quote>[{"".join(_QUOTES)}])
        |(?P<dash>[{_DASHES}])
        |(?P<comma>,(?<=\p{{L}},)(?<!@[\w.-]*,)(?=\p{{L}}))
        |(?P<period>\.(?<=\p{{Ll}}\p{{Ll}}\.|[%)»"]\.)(?=\p{{Lu}}\p{{Ll}})|\.(?<=\b(?:{abbr})\.)(?=\p{{L}}{{2}}))
        """,
        regex.VERBOSE,
    )  # the comma and period branches match their mark first and look behind after it: a scan twice as fast


# a word of Cyrillic and Latin letters: scanned on its own, as within the alternation above it
# made the scan five times slower; it matches letters only, the alternation never does
_MIXED = regex.compile(r"\b(?=\p{L}*\p{Cyrillic})(?=\p{L}*\p{Latin})\p{L}+")


def _line_break(text: str, m: regex.Match, line_start: int) -> tuple[int, int, str]:
    """Decide what a whitespace run containing a line break becomes."""
    start, end = m.span()
    if start == 0 or end == len(text):
        return start, end, ""
    prev_line = text[line_start:start].strip()
    nxt = text[end]
    if prev_line.endswith("-") and len(prev_line) > 1 and prev_line[-2].isalpha() and nxt.islower():
        left = regex.search(r"\p{L}+-$", prev_line)
        right = regex.match(r"\p{L}+", text, pos=end)
        if left and right and _soft_hyphen(text, left.group()[:-1], right.group()):
            return start - 1, end, ""
        return start, end, ""
    if nxt.islower():
        return start, end, " "
    if layout().figures.match(prev_line) or (nxt.isupper() and m.group().endswith("  ")):
        return start, end, "\n"
    if prev_line and (prev_line.rstrip(CLOSERS)[-1:] in TERMINAL or len(prev_line) <= HEADING_MAX):
        return start, end, "\n"
    return start, end, " "


def _soft_hyphen(text: str, left: str, right: str) -> bool:
    joined = regex.compile(rf"\b{regex.escape(left + right)}\b", regex.IGNORECASE)
    hyphened = regex.compile(rf"\b{regex.escape(left)}-\s*{regex.escape(right)}\b", regex.IGNORECASE)
    return bool(joined.search(text)) and len(hyphened.findall(text)) == 1


def _edits(text: str):
    """Yield (start, end, replacement) edits in order, never overlapping."""
    line_start = 0
    found = merge(_edit_pattern().finditer(text), _MIXED.finditer(text), key=lambda m: m.start())
    for m in found:
        kind = m.lastgroup or "mixed"
        if kind == "lines":
            yield _line_break(text, m, line_start)
            line_start = m.end()
        elif kind == "spaces":
            yield m.start(), m.end(), " "
        elif kind == "zero":
            yield m.start(), m.end(), ""
        elif kind == "mixed":
            word = m.group()
            fixed = word.translate(LOOKALIKES)
            if not _LATIN.search(fixed):
                yield m.start(), m.end(), fixed
        elif kind == "quote":
            yield m.start(), m.end(), _QUOTES[m.group()]
        elif kind == "dash":
            yield m.start(), m.end(), "–"
        else:  # comma, period: insert a space after the mark
            yield m.end(), m.end(), " "


def _apply(text: str, edits) -> NormalisedText:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for a, b, rep in edits:
        if a < pos:  # an edit reaching back (a dropped hyphen) trims what was copied
            del out[a - pos :], starts[a - pos :], ends[a - pos :]
            pos = a
        out.append(text[pos:a])
        starts.extend(range(pos, a))
        ends.extend(range(pos + 1, a + 1))
        out.append(rep)
        if len(rep) == b - a:
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))
        else:
            starts.extend([a] * len(rep))
            ends.extend([b] * len(rep))
        pos = b
    out.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return NormalisedText("".join(out), starts, ends, len(text))


def _nfc(text: str) -> NormalisedText:
    edits = (
        (m.start(), m.end(), unicodedata.normalize("NFC", m.group())) for m in regex.finditer(r"\P{M}?\p{M}+", text)
    )
    return _apply(text, edits)


def _compose(first: NormalisedText, second: NormalisedText) -> NormalisedText:
    """`second` (made from first.text) with its map carried through to first's original."""
    n = first.original_length
    starts = [first.starts[s] if s < len(first.starts) else n for s in second.starts]
    ends = [first.ends[e - 1] if e > 0 else 0 for e in second.ends]
    ends = [max(e, s) for s, e in zip(starts, ends)]
    return NormalisedText(second.text, starts, ends, n)


def _read_latin(norm: NormalisedText, info: ScriptInfo) -> NormalisedText:
    """The Latin-script Kazakh lines of `norm` in Cyrillic, mapped back to the original."""
    if not info.latin_lines:
        return replace(norm, script=info.script)
    second = _apply(norm.text, transliteration_edits(norm.text, info))
    spans = tuple(second.from_original(a, b) for a, b in info.latin_lines)
    return replace(_compose(norm, second), script=info.script, alphabet=info.alphabet, latin=spans)


def normalise(text: str) -> NormalisedText:
    """Normalise `text`, keeping for every output character its original span."""
    if unicodedata.is_normalized("NFC", text):
        first = _apply(text, _edits(text))
    else:
        nfc = _nfc(text)
        first = _compose(nfc, _apply(nfc.text, _edits(nfc.text)))
    return _read_latin(first, detect(first.text))

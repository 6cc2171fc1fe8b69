"""Latin-script Kazakh: which lines of a text are written in it, in which alphabet, and
transliteration to Cyrillic (as edits the normaliser applies inside its offset map) and
back (named values written in the text's alphabet). The tables are data:
patterns/lexicons/latin.yaml."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from ..paths import patterns_dir
from ..patterns.loader import pattern_data
from ..patterns.regexcache import cached_compiles
from ..patterns.yamlfile import PatternFileError, line_of

# Cyrillic letters that look like Latin ones, read as Latin inside a Latin word ("О́tken")
_CYRILLIC_LOOKALIKES = str.maketrans(
    {
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "s",
        "у": "y",
        "і": "i",
        "к": "k",
        "х": "h",
        "А": "A",
        "В": "B",
        "Е": "E",
        "Н": "H",
        "І": "I",
        "К": "K",
        "М": "M",
        "О": "O",
        "Р": "P",
        "С": "S",
        "Т": "T",
        "Х": "H",
        "У": "Y",
    }
)
_WORD = regex.compile(r"(?<![\d\p{L}\p{M}])[\p{L}\p{M}]+(?![\d\p{L}\p{M}])")
_NOT_WORDS = regex.compile(
    r"\S+@\S+|(?:https?://|www\.)\S+|[@#]\w+|\b[\w.-]+\.(?:kz|ru|com|org|net|info|gov|edu|uz|kg)\b\S*"
)
_LINE = regex.compile(r"[^\n]+")
_LATIN_LETTER = regex.compile(r"\p{Latin}")
_CYRILLIC_LETTER = regex.compile(r"\p{Cyrillic}")
_MIN_LETTERS = 3


@dataclass(frozen=True)
class Entry:
    """One Latin letter or digraph and its Cyrillic letter, maybe only in a context."""

    latin: str
    cyrillic: str
    after: regex.Pattern | None = None  # must match the letters before it (searched)
    before: regex.Pattern | None = None  # must match the letters after it, from their start


@dataclass(frozen=True)
class Alphabet:
    """One Latin alphabet of Kazakh, both ways."""

    name: str
    markers: frozenset[str]
    kazakh: frozenset[str]
    vowels: frozenset[str]
    front: frozenset[str]
    entries: dict[str, tuple[Entry, ...]]  # by first letter: longest first, contexts first
    capitals: dict[str, str]
    capital_i: tuple[str, str] | None  # (front, back)
    back: dict[str, str]
    back_capitals: dict[str, str]

    def to_cyrillic(self, word: str) -> str | None:
        """The Cyrillic spelling of a Latin word; None when it is not written in this alphabet."""
        units = [(m.start(), m.end()) for m in regex.finditer(r"\P{M}\p{M}*", word)]
        edits = self.word_edits(word, units)
        if edits is None:
            return None
        out, pos = [], 0
        for a, b, rep in edits:
            out += [word[pos:a], rep]
            pos = b
        return "".join(out) + word[pos:]

    def word_edits(self, text: str, units: list[tuple[int, int]]) -> list[tuple[int, int, str]] | None:
        """Edits turning the letters (units: base letter + marks) of one word into Cyrillic;
        None when a letter is not of this alphabet (an English word, "COVID")."""
        raw = [unicodedata.normalize("NFC", text[a:b].translate(_CYRILLIC_LOOKALIKES)) for a, b in units]
        low = [u if _is_cyrillic(u) else (self.capitals.get(u) or u.lower()) for u in raw]  # Cyrillic stays
        upper = [lo != u for lo, u in zip(low, raw)]
        if self.capital_i:
            self._harmonise_capital_i(raw, low)
        edits, i = [], 0
        while i < len(low):
            if _is_cyrillic(low[i]):
                i += 1
                continue
            entry = self._entry(low, i)
            if entry is None:
                return None
            k = len(entry.latin)
            rep = entry.cyrillic.upper() if upper[i] else entry.cyrillic
            edits.append((units[i][0], units[i + k - 1][1], rep))
            i += k
        return edits

    def _entry(self, low: list[str], i: int) -> Entry | None:
        for entry in self.entries.get(low[i], ()):
            k = len(entry.latin)
            if "".join(low[i : i + k]) != entry.latin:
                continue
            if entry.after is not None and not entry.after.search("".join(low[:i])):
                continue
            if entry.before is not None and not entry.before.match("".join(low[i + k : i + k + 3])):
                continue
            return entry
        return None

    def _harmonise_capital_i(self, raw: list[str], low: list[str]) -> None:
        """The 2018 capital I is і or и: back vowels and no front ones elsewhere in the word say и."""
        front, back = self.capital_i
        for j, unit in enumerate(raw):
            if unit == "I":
                others = [c for k, c in enumerate(low) if k != j and c in self.vowels]
                low[j] = back if others and not any(c in self.front for c in others) else front

    def to_latin(self, text: str) -> str:
        """Cyrillic text in this alphabet (Latin letters and other characters stay)."""
        out = []
        for ch in text:
            low = ch.lower()
            if low not in self.back:
                out.append(ch)
            elif ch == low:
                out.append(self.back[low])
            else:
                spelling = self.back[low]
                out.append(self.back_capitals.get(low) or (spelling[:1].upper() + spelling[1:]))
        return "".join(out)


@dataclass(frozen=True)
class LatinTables:
    alphabets: dict[str, Alphabet]
    keep: frozenset[str]


def _is_cyrillic(unit: str) -> bool:
    return bool(unit) and "CYRILLIC" in unicodedata.name(unit[0], "")


@lru_cache(maxsize=4)
@cached_compiles
def latin_tables(root: Path | None = None) -> LatinTables:
    """The alphabets of lexicons/latin.yaml, their examples checked both ways."""
    path = (root or patterns_dir()) / "lexicons" / "latin.yaml"
    data = pattern_data(path, root)
    alphabets = {}
    for name, spec in (data.get("alphabets") or {}).items():
        alphabets[str(name)] = _alphabet(path, str(name), spec)
    if not alphabets:
        raise PatternFileError(path, line_of(data, 1), "'alphabets' must name at least one alphabet")
    for ex in data.get("examples") or []:
        line = line_of(ex, line_of(data, 1))
        if (
            not isinstance(ex, dict)
            or not {"alphabet", "latin", "cyrillic"} <= set(ex)
            or set(ex) - {"alphabet", "latin", "cyrillic", "one_way"}
        ):
            raise PatternFileError(path, line, "an example is {alphabet, latin, cyrillic, one_way?}")
        alphabet = alphabets.get(str(ex["alphabet"]))
        if alphabet is None:
            raise PatternFileError(path, line, f"example of an unknown alphabet {ex['alphabet']!r}")
        got = " ".join(alphabet.to_cyrillic(w) or "?" for w in ex["latin"].split())
        if got != ex["cyrillic"]:
            raise PatternFileError(path, line, f"{ex['latin']!r} reads {got!r} in Cyrillic, not {ex['cyrillic']!r}")
        if not ex.get("one_way") and alphabet.to_latin(ex["cyrillic"]) != ex["latin"]:
            raise PatternFileError(
                path, line, f"{ex['cyrillic']!r} is written {alphabet.to_latin(ex['cyrillic'])!r}, not {ex['latin']!r}"
            )
    return LatinTables(alphabets, frozenset(data.get("keep") or ()))


def _alphabet(path: Path, name: str, spec: dict) -> Alphabet:
    line = line_of(spec, 1)
    letters = spec.get("letters") or {}
    if not letters or not spec.get("back") or not spec.get("markers"):
        raise PatternFileError(path, line, f"alphabet {name!r} needs letters, back and markers")
    entries: list[tuple[Entry, bool]] = [(Entry(str(k), str(v)), False) for k, v in letters.items()]
    for ctx in spec.get("contexts") or []:
        if (
            not isinstance(ctx, dict)
            or set(ctx) - {"latin", "cyrillic", "after", "before"}
            or not {"latin", "cyrillic"} <= set(ctx)
        ):
            raise PatternFileError(path, line_of(ctx, line), "a context is {latin, cyrillic, after?, before?}")
        try:
            after, before = (regex.compile(str(ctx[k])) if ctx.get(k) else None for k in ("after", "before"))
        except regex.error as exc:
            raise PatternFileError(path, line_of(ctx, line), f"a context's regex: {exc}") from None
        entries.append((Entry(str(ctx["latin"]), str(ctx["cyrillic"]), after, before), True))
    by_first: dict[str, list[tuple[Entry, bool]]] = {}
    for entry, is_ctx in entries:
        by_first.setdefault(entry.latin[0], []).append((entry, is_ctx))
    ordered = {
        k: tuple(e for e, _ in sorted(v, key=lambda p: (-len(p[0].latin), not p[1]))) for k, v in by_first.items()
    }
    cap_i = spec.get("capital_i")
    vowels = frozenset(spec.get("vowels") or ())
    return Alphabet(
        name=name,
        markers=frozenset(spec["markers"]),
        kazakh=frozenset(spec.get("kazakh") or ()),
        vowels=vowels,
        front=frozenset(spec.get("front") or ()),
        entries=ordered,
        capitals=dict(spec.get("capitals") or {}),
        capital_i=(cap_i["front"], cap_i["back"]) if cap_i else None,
        back={str(k): str(v) for k, v in spec["back"].items()},
        back_capitals=dict(spec.get("back_capitals") or {}),
    )


@dataclass(frozen=True)
class ScriptInfo:
    """What script a text is in: `script` cyrillic / latin / mixed (by the majority script
    of each line), the Latin alphabet of Kazakh used (or ""), and the lines read as
    Latin-script Kazakh, as (start, end) spans."""

    script: str
    alphabet: str = ""
    latin_lines: tuple[tuple[int, int], ...] = ()


def detect(text: str, tables: LatinTables | None = None) -> ScriptInfo:
    """The script of each line of `text` and the lines written in Latin-script Kazakh.

    A document is Latin-script Kazakh when the words of its Latin lines carry an
    alphabet's marker letters (at least two words and a tenth of them, and a letter of
    Kazakh only: "q", "ǵ"...). Then every Latin line is read as Kazakh if Latin lines make
    most of the text; otherwise only the Latin lines with marker words of their own."""
    tables = tables or latin_tables()
    lines = []  # (start, end, latin letters, cyrillic letters, words, {alphabet: marker words}, letters)
    for m in _LINE.finditer(text):
        body = m.group()
        if not _LATIN_LETTER.search(body):  # the common case, made cheap: its non-spaces stand for its letters
            if _CYRILLIC_LETTER.search(body) and len(body) - body.count(" ") >= _MIN_LETTERS:
                lines.append((m.start(), m.end(), 0, len(body) - body.count(" "), [], {}))
            continue
        body = _NOT_WORDS.sub(lambda u: " " * len(u.group()), body)
        lat = len(_LATIN_LETTER.findall(body))
        cyr = len(_CYRILLIC_LETTER.findall(body))
        if lat + cyr < _MIN_LETTERS:
            continue
        if lat <= cyr:  # a Cyrillic line: its words are not looked at
            lines.append((m.start(), m.end(), lat, cyr, [], {}))
            continue
        words = [w.lower() for w in _WORD.findall(body) if _LATIN_LETTER.search(w)]
        marks = {
            name: sum(1 for w in words if any(c in a.markers for c in unicodedata.normalize("NFC", w)))
            for name, a in tables.alphabets.items()
        }
        lines.append((m.start(), m.end(), lat, cyr, words, marks))
    script = _script(lines)
    latin = [ln for ln in lines if ln[2] > ln[3]]
    words = [w for ln in latin for w in ln[4]]
    best = max(tables.alphabets, key=lambda n: sum(ln[5][n] for ln in latin))
    alphabet = tables.alphabets[best]
    marked = sum(ln[5][best] for ln in latin)
    letters = set("".join(words))
    if marked < 2 or marked < 0.1 * len(words) or (alphabet.kazakh and not letters & alphabet.kazakh):
        return ScriptInfo(script)
    mostly = sum(ln[2] for ln in latin) >= 0.5 * sum(ln[2] + ln[3] for ln in lines)
    chosen = tuple((ln[0], ln[1]) for ln in latin if mostly or ln[5][best] >= max(1, 0.1 * len(ln[4])))
    return ScriptInfo(script, best if chosen else "", chosen)


def _script(lines: list) -> str:
    kinds = {"latin" if lat > cyr else "cyrillic" for _, _, lat, cyr, _, _ in lines}
    return "mixed" if len(kinds) == 2 else (kinds.pop() if kinds else "cyrillic")


def transliteration_edits(text: str, info: ScriptInfo, tables: LatinTables | None = None):
    """Yield (start, end, Cyrillic) edits that read the Latin-Kazakh lines of `text` in
    Cyrillic, one per letter or digraph; URLs, e-mail addresses, handles, words of
    `keep` and words with letters outside the alphabet stay."""
    tables = tables or latin_tables()
    alphabet = tables.alphabets[info.alphabet]
    for start, end in info.latin_lines:
        skip = [u.span() for u in _NOT_WORDS.finditer(text, start, end)]
        for m in _WORD.finditer(text, start, end):
            if m.group() in tables.keep or any(a < m.end() and m.start() < b for a, b in skip):
                continue
            if not _LATIN_LETTER.search(m.group()):
                continue
            units = [(u.start(), u.end()) for u in regex.finditer(r"\P{M}\p{M}*", text, pos=m.start(), endpos=m.end())]
            yield from alphabet.word_edits(text, units) or ()

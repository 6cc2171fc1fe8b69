"""The registry matcher: institutions, places and laws in any inflected form.

The registry (patterns/registry/institutions.yaml, places.yaml, laws.yaml) lists
canonical nominative names with their aliases and acronyms. Every name is compiled
to a regex whose last word takes any chain of endings from the one suffix table
(pipeline/morphology.py), so "Орталық сайлау комиссиясының" and "ОСК-ның" both give
ORGANISATION "Орталық сайлау комиссиясы". Titled laws come from pipeline/laws.py.

Policy: among overlapping matches the longest (by the text it uses up) wins, then
the earlier; a match never crosses a sentence boundary when sentences are given.

    from pipeline.registry.gazetteer import find
    find(text) -> list[Candidate]   # source "rule:registry:<entry id>"
"""
from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from ..document import Candidate
from ..document import LABELS as KAZNERD_LABELS
from .laws import LAWS_FILE, extend_articles, find_laws, law_phrasing
from ..patterns.morphology import inflected
from ..paths import patterns_dir
from ..text.segment import inside_one_sentence
from ..patterns.yamlfile import PatternErrors, PatternFileError, display_path, line_of, load_yaml

REGISTRY_FILES = ("institutions.yaml", "places.yaml", LAWS_FILE)
COMMON_FIELDS = {"id", "name", "type", "aliases", "acronyms", "note"}
FILE_FIELDS = {
    "institutions.yaml": COMMON_FIELDS | {"local", "possessed", "standalone"},
    "places.yaml": COMMON_FIELDS | {"kind", "bare"},
    LAWS_FILE: COMMON_FIELDS | {"local", "possessed", "standalone"},
}
KIND_FIELDS = {"designator", "in_name", "in_span", "bare"}
QUOTE_CHARS = "\"«»“”„"
_ID = regex.compile(r"[a-z0-9][a-z0-9_-]*")
_TOKEN = regex.compile(rf"[{QUOTE_CHARS}]|[^\s{QUOTE_CHARS}]+")
_LEFT = r"(?<![\p{L}\d])"
_RIGHT = r"(?![\p{L}\d])"
_WORD_START = regex.compile(rf"{_LEFT}[\p{{L}}\d{regex.escape(QUOTE_CHARS)}]")


@dataclass(frozen=True)
class Kind:
    """How a place kind's designator word ("облысы", "ауданы") behaves."""

    name: str
    designator: str | None
    in_name: bool
    in_span: bool
    bare: bool


@dataclass(frozen=True)
class Entry:
    """One registry entry."""

    id: str
    name: str
    type: str
    path: Path
    line: int
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    kind: str = ""
    bare: bool | None = None
    local: bool = False
    possessed: str = ""
    standalone: bool = True

    @property
    def where(self) -> str:
        return f"{display_path(self.path)}:{self.line}"


@dataclass(frozen=True)
class Form:
    """One way of writing an entry, compiled. `core` marks the span when the
    designator after it is left out ("[Қарасай] ауданы")."""

    entry: Entry
    text: str
    pattern: regex.Pattern
    trims: bool
    key: str


@dataclass
class _Hit:
    """A registry match before choosing: its candidate, and the stretch of text it uses up
    (occ_start, occ_end), which may be wider than the candidate's span (quotes, a head word)."""

    occ_start: int
    occ_end: int
    candidate: Candidate
    entry: Entry | None = None
    composite: bool = False
    blocked: bool = False

    @property
    def start(self) -> int:
        return self.candidate.start

    @property
    def end(self) -> int:
        return self.candidate.end


def _key(text: str) -> str:
    """Index key of a form or a text position: its first two letters, lower case."""
    letters = text.lstrip(QUOTE_CHARS + " ")
    return letters[:2].lower()


def _word_regex(word: str, inflect: bool) -> str:
    """A word as written; its first letter keeps a capital, the rest of it ignores case.
    With `inflect`, any chain of endings may follow."""
    first, rest = word[0], word[1:]
    head = f"[{first}{first.upper()}]" if first.islower() else regex.escape(first)
    if not rest:
        return head + (f"(?i:{inflected('', hyphen=True)})" if inflect else "")
    caps = len(word) > 1 and word.isupper()
    if caps:  # an acronym-like word: as written, endings after an optional hyphen
        return inflected(word, hyphen=True) if inflect else regex.escape(word)
    body = inflected(rest, hyphen=False) if inflect else regex.escape(rest)
    return f"{head}(?i:{body})"


def _phrase_regex(text: str, inflect_last: bool = True, with_inner: bool = False) -> str:
    """A multi-word name: words as written, any spaces between them, optional quotes.
    With `with_inner`, the part inside the first pair of quotes is the group 'inner'."""
    tokens = _TOKEN.findall(text)
    with_inner = with_inner and sum(t in QUOTE_CHARS for t in tokens) >= 2 and tokens[0] in QUOTE_CHARS
    last_word = max((i for i, t in enumerate(tokens) if t not in QUOTE_CHARS), default=-1)
    out = []
    prev_quote = True
    quotes = 0
    for i, tok in enumerate(tokens):
        if tok in QUOTE_CHARS:
            quotes += 1
            if quotes == 1 and with_inner:
                out.append(rf"\s*[{regex.escape(QUOTE_CHARS)}]?\s*(?P<inner>")
            elif quotes == 2 and with_inner:
                out.append(rf")\s*[{regex.escape(QUOTE_CHARS)}]?\s*")
            else:
                out.append(rf"\s*[{regex.escape(QUOTE_CHARS)}]?\s*")
            prev_quote = True
            continue
        if out and not prev_quote:
            out.append(r"\s+")
        out.append(_word_regex(tok, inflect_last and i == last_word))
        prev_quote = False
    return "".join(out)


def _acronym_regex(acronym: str) -> str:
    return inflected(acronym, hyphen=True)


class Gazetteer:
    """The registry of a patterns/ folder, compiled and ready to match."""

    def __init__(self, root: Path | None = None):
        self.root = root or patterns_dir()
        errors: list[PatternFileError] = []
        self.kinds: dict[str, Kind] = {}
        self.local_adjectives: tuple[str, ...] = ()
        self.not_before: tuple[str, ...] = ()
        self.entries: dict[str, Entry] = {}
        for name in REGISTRY_FILES:
            path = self.root / "registry" / name
            try:
                self._load_file(path, name, errors)
            except PatternFileError as exc:
                errors.append(exc)
        try:
            law_phrasing(self.root)
        except PatternErrors as exc:
            known = {str(e) for e in errors}
            errors.extend(e for e in exc.errors if str(e) not in known)
        if errors:
            raise PatternErrors(errors)
        self.forms: list[Form] = []
        for entry in self.entries.values():
            self.forms.extend(self._compile(entry))
        self.index: dict[str, list[Form]] = defaultdict(list)
        for form in self.forms:
            self.index[form.key].append(form)
        adjectives = "|".join(regex.escape(a) for a in sorted(self.local_adjectives, key=len, reverse=True))
        blockers = "|".join(f"(?:{inflected(b, hyphen=False)})" for b in sorted(self.not_before, key=len, reverse=True))
        self._blocker = regex.compile(rf"\s+(?i:{blockers}){_RIGHT}") if blockers else None
        self._between = regex.compile(rf"\s+(?:(?i:{adjectives})\s+)?" if adjectives else r"\s+")

    # ---- loading ----
    def _load_file(self, path: Path, name: str, errors: list[PatternFileError]) -> None:
        data = load_yaml(path)
        if not isinstance(data, dict):
            raise PatternFileError(path, line_of(data, 1), "the file must be a mapping with 'entries'")
        top = line_of(data, 1)
        if name == "places.yaml":
            self._load_kinds(path, data, errors)
        if name == "institutions.yaml":
            adjectives = data.get("local_adjectives", [])
            if not isinstance(adjectives, list) or not all(isinstance(a, str) and a.strip() for a in adjectives):
                errors.append(PatternFileError(path, top, "'local_adjectives' must be a list of non-empty strings"))
            else:
                self.local_adjectives = tuple(a.strip() for a in adjectives)
            blockers = data.get("not_before", [])
            if not isinstance(blockers, list) or not all(isinstance(a, str) and a.strip() for a in blockers):
                errors.append(PatternFileError(path, top, "'not_before' must be a list of non-empty strings"))
            else:
                self.not_before = tuple(a.strip() for a in blockers)
        allowed_sections = {"entries", "local_adjectives", "not_before"} if name == "institutions.yaml" else (
            {"entries", "kinds"} if name == "places.yaml" else None)
        if allowed_sections is not None and set(data) - allowed_sections:
            errors.append(PatternFileError(path, top, f"unknown section(s) {sorted(set(data) - allowed_sections)}"))
        entries = data.get("entries")
        if not isinstance(entries, list):
            raise PatternFileError(path, top, "'entries' must be a list")
        for item in entries:
            try:
                entry = self._entry(path, name, item, top)
            except PatternFileError as exc:
                errors.append(exc)
                continue
            if entry.id in self.entries:
                errors.append(PatternFileError(path, entry.line, f"entry id '{entry.id}' already used at {self.entries[entry.id].where}"))
                continue
            self.entries[entry.id] = entry

    def _load_kinds(self, path: Path, data: dict, errors: list[PatternFileError]) -> None:
        kinds = data.get("kinds")
        if not isinstance(kinds, dict) or not kinds:
            errors.append(PatternFileError(path, line_of(data, 1), "'kinds' must be a non-empty mapping"))
            return
        for kname, spec in kinds.items():
            line = line_of(spec, line_of(kinds))
            if not isinstance(spec, dict):
                errors.append(PatternFileError(path, line, f"kind '{kname}' must be a mapping"))
                continue
            unknown = set(spec) - KIND_FIELDS
            if unknown:
                errors.append(PatternFileError(path, line, f"kind '{kname}': unknown field(s) {sorted(unknown)}"))
            designator = spec.get("designator")
            if designator is not None and (not isinstance(designator, str) or not designator.strip()):
                errors.append(PatternFileError(path, line, f"kind '{kname}': 'designator' must be a word or null"))
                continue
            flags = {}
            for flag in ("in_name", "in_span", "bare"):
                value = spec.get(flag, flag == "bare")
                if not isinstance(value, bool):
                    errors.append(PatternFileError(path, line, f"kind '{kname}': '{flag}' must be true or false"))
                    value = False
                flags[flag] = value
            self.kinds[str(kname)] = Kind(str(kname), designator.strip() if designator else None, **flags)

    def _entry(self, path: Path, fname: str, item, top: int | None) -> Entry:
        line = line_of(item, top)
        if not isinstance(item, dict):
            raise PatternFileError(path, line, "each entry must be a mapping")
        unknown = set(item) - FILE_FIELDS[fname]
        if unknown:
            raise PatternFileError(path, line, f"unknown field(s) {sorted(unknown)}")
        eid = item.get("id")
        if not isinstance(eid, str) or not _ID.fullmatch(eid):
            raise PatternFileError(path, line, f"entry needs an 'id' of lower-case latin letters, digits, '-', '_'; got {eid!r}")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise PatternFileError(path, line, f"entry '{eid}' needs a non-empty 'name'")
        etype = item.get("type", "LAW" if fname == LAWS_FILE else "ORGANISATION")
        if etype not in KAZNERD_LABELS:
            raise PatternFileError(path, line, f"entry '{eid}': type {etype!r} is not a KazNERD label ({', '.join(sorted(KAZNERD_LABELS))})")
        lists = {}
        for key in ("aliases", "acronyms"):
            value = item.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise PatternFileError(path, line, f"entry '{eid}': '{key}' must be a list of non-empty strings")
            lists[key] = tuple(v.strip() for v in value)
        for acronym in lists["acronyms"]:
            if " " in acronym or len(acronym) < 2 or not any(c.isupper() for c in acronym):
                raise PatternFileError(path, line, f"entry '{eid}': acronym {acronym!r} must be one word with capitals")
        kw: dict = {}
        if fname == "places.yaml":
            kind = item.get("kind")
            if kind not in self.kinds:
                raise PatternFileError(path, line, f"entry '{eid}': 'kind' must be one of {sorted(self.kinds)}, got {kind!r}")
            spec = self.kinds[kind]
            if spec.designator and spec.in_name and not name.strip().endswith(" " + spec.designator):
                raise PatternFileError(path, line, f"entry '{eid}': a {kind} name ends with '{spec.designator}'")
            bare = item.get("bare")
            if bare is not None and not isinstance(bare, bool):
                raise PatternFileError(path, line, f"entry '{eid}': 'bare' must be true or false")
            kw.update(kind=kind, bare=bare)
        else:
            local, standalone = item.get("local", False), item.get("standalone", True)
            if not isinstance(local, bool) or not isinstance(standalone, bool):
                raise PatternFileError(path, line, f"entry '{eid}': 'local' and 'standalone' must be true or false")
            possessed = item.get("possessed", "")
            if local and (not isinstance(possessed, str) or not possessed.strip()):
                raise PatternFileError(path, line, f"entry '{eid}': a local entry needs 'possessed' (its form after a place)")
            if not standalone and not local:
                raise PatternFileError(path, line, f"entry '{eid}': 'standalone: false' only makes sense with 'local: true'")
            kw.update(local=local, standalone=standalone, possessed=str(possessed or "").strip())
        return Entry(eid, name.strip(), etype, path, line, lists["aliases"], lists["acronyms"], **kw)

    # ---- compiling ----
    def _compile(self, entry: Entry) -> list[Form]:
        forms: list[tuple[str, str, bool]] = []  # (text, regex, trims)
        kind = self.kinds.get(entry.kind) if entry.kind else None
        for text in dict.fromkeys((entry.name, *entry.aliases)):
            if kind is None or kind.designator is None:
                forms.append((text, _phrase_regex(text, with_inner=text[:1] in QUOTE_CHARS and text != entry.name), False))
                continue
            designator = kind.designator
            bare = kind.bare if entry.bare is None else entry.bare
            if kind.in_name and text.endswith(" " + designator):
                core = text[: -len(designator)].strip()
            elif kind.in_name:
                forms.append((text, _phrase_regex(text), False))  # an alias without designator
                continue
            else:
                core = text
            tail = _phrase_regex(designator)
            if kind.in_span:
                forms.append((f"{core} {designator}", f"{_phrase_regex(core, False)}\\s+{tail}", False))
            else:
                forms.append((f"{core} {designator}", f"(?P<core>{_phrase_regex(core, False)})\\s+{tail}", True))
            if bare:
                forms.append((core, _phrase_regex(core), False))
        for acronym in entry.acronyms:
            forms.append((acronym, _acronym_regex(acronym), False))
        out = []
        for text, pattern, trims in forms:
            out.append(Form(entry, text, regex.compile(f"{pattern}{_RIGHT}"), trims, _key(text)))
        return out

    # ---- matching ----
    def _raw(self, text: str) -> list[_Hit]:
        hits = []
        for pos_match in _WORD_START.finditer(text):
            pos = pos_match.start()
            key = _key(text[pos:pos + 8])
            for form in self.index.get(key, ()):
                m = form.pattern.match(text, pos)
                if not m:
                    continue
                entry = form.entry
                end = m.end("core") if form.trims else m.end()
                occ_end = m.end()
                if entry.type == "LAW":  # "Қылмыстық кодекстің 106-ншы бабы"
                    end = occ_end = extend_articles(text, m.end(), self.root)
                start = pos
                if "inner" in form.pattern.groupindex and m.group("inner"):
                    start, end = m.span("inner")  # «Нұр Отан» партиясы: the quoted part
                while start < end and text[start] in QUOTE_CHARS + " ":
                    start += 1  # an optional opening quote stays outside unless the name has one
                if entry.name[:1] in QUOTE_CHARS:
                    start = pos
                cand = Candidate(start, end, entry.type, f"rule:registry:{entry.id}", entry.name,
                                 derivation=[f"{entry.id} ({entry.where})", f"form {form.text!r}"])
                hits.append(_Hit(pos, occ_end, cand, entry, blocked=self._blocked(text, occ_end)))
        return hits

    def _blocked(self, text: str, end: int) -> bool:
        """The name is followed by a word that makes it part of a POSITION or EVENT."""
        return bool(self._blocker and self._blocker.match(text, end))

    def _locals(self, text: str, hits: list[_Hit]) -> list[_Hit]:
        """'Қызылорда облысы әкімдігі', 'Ақтау қалалық мәслихатының': place + local institution."""
        places_by_end: dict[int, list[_Hit]] = defaultdict(list)
        for h in hits:
            if h.candidate.type == "GPE":
                places_by_end[h.occ_end].append(h)
        out = []
        for h in hits:
            entry = h.entry
            if entry is None or not entry.local:
                continue
            if self._blocked(text, h.occ_end):
                continue
            for end, places in places_by_end.items():
                if end > h.start or h.start - end > 40:
                    continue
                if not self._between.fullmatch(text, end, h.start):
                    continue
                for p in places:
                    value = f"{' '.join(text[p.occ_start:h.start].split())} {entry.possessed}"
                    cand = Candidate(p.occ_start, h.end, entry.type, h.candidate.source, value,
                                     derivation=[*h.candidate.derivation, f"after place {p.candidate.value!r} ({p.candidate.source})"])
                    out.append(_Hit(p.occ_start, h.occ_end, cand, entry, True))
        return out

    def hits(self, text: str, sentences: list[tuple[int, int]] | None = None) -> list[_Hit]:
        """All candidate matches before choosing (registry names, local composites, laws)."""
        raw = self._raw(text)
        raw += self._locals(text, raw)
        # blocked hits stay: they use up their text (so "Қазақстан" inside a blocked
        # "Шығыс Қазақстан облысының әкімі" is not matched alone) but are never chosen
        raw = [h for h in raw if h.blocked or h.entry is None or h.entry.standalone or h.composite]
        starts = [s for s, _ in sentences] if sentences else None

        def floor_of(pos: int) -> int:
            if not starts:
                return 0
            i = bisect_right(starts, pos) - 1
            return sentences[i][0] if i >= 0 else 0

        for law in find_laws(text, self.root, floor_of if sentences else None):
            raw.append(_Hit(*law.extent, law))
        if sentences:
            raw = [h for h in raw if inside_one_sentence(h.occ_start, h.occ_end, starts, sentences)]
        return raw

    def find(self, text: str, sentences: list[tuple[int, int]] | None = None) -> list[Candidate]:
        """The chosen candidates: longest first, no overlaps, sorted by position."""
        found = self.hits(text, sentences)
        found.sort(key=lambda h: (-(h.occ_end - h.occ_start), -(h.end - h.start), h.occ_start))
        taken = bytearray(len(text))
        chosen = []
        for h in found:
            if not any(taken[h.occ_start:h.occ_end]):
                taken[h.occ_start:h.occ_end] = b"\x01" * (h.occ_end - h.occ_start)
                if not h.blocked:
                    chosen.append(h.candidate)
        return sorted(chosen, key=lambda c: (c.start, c.end))

    def known_stems(self) -> frozenset[str]:
        """Every word of every registry name, alias and acronym, lower case: words that
        must not lose letters to the suffix stripper ("Алматы", "облысы")."""
        words = set()
        for entry in self.entries.values():
            for text in (entry.name, *entry.aliases, *entry.acronyms):
                words.update(w.lower() for w in _TOKEN.findall(text) if w not in QUOTE_CHARS)
        for kind in self.kinds.values():
            if kind.designator:
                words.update(w.lower() for w in kind.designator.split())
        return frozenset(words)


def load_gazetteer(root: Path | None = None) -> Gazetteer:
    """The compiled registry of `root` (default: the patterns/ folder); cached per folder."""
    return _cached_gazetteer((root or patterns_dir()).resolve())


@lru_cache(maxsize=None)
def _cached_gazetteer(root: Path) -> Gazetteer:
    return Gazetteer(root)


def find(text: str, sentences: list[tuple[int, int]] | None = None, root: Path | None = None) -> list[Candidate]:
    """Institutions, places and laws in `text` as Candidates (normalised-text offsets)."""
    return load_gazetteer(root).find(text, sentences)

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

import os
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from ..document import LABELS as KAZNERD_LABELS
from ..document import Candidate, Source
from ..paths import patterns_dir
from ..patterns.buildcache import built_once
from ..patterns.latin import has_cyrillic, latin_letters, to_latin
from ..patterns.lexicons import coordinators
from ..patterns.loader import pattern_data
from ..patterns.morphology import derivational_endings, inflected, literal_prefix
from ..patterns.order import longest_first, trie_pattern
from ..patterns.regexcache import cached_compiles
from ..patterns.yamlfile import PatternErrors, PatternFileError, display_path, line_of
from ..text.segment import inside_one_sentence
from .laws import LAWS_FILE, extend_articles, find_laws, law_phrasing

REGISTRY_FILES = ("institutions.yaml", "places.yaml", LAWS_FILE)
# The files' sections and fields are checked by the patterns loader (pipeline/patterns/schema.py)
# before any of their data reaches the gazetteer; it checks what the schema cannot say.
QUOTE_CHARS = '"«»“”„'
_ID = regex.compile(r"[a-z0-9][a-z0-9_-]*")
_TOKEN = regex.compile(rf"[{QUOTE_CHARS}]|[^\s{QUOTE_CHARS}]+")
NAME_WINDOW = 300  # characters a name match may span (one reaching the window's end is dropped)
LEAD_LIMIT = 6  # letters of a form's lead its index keeps
_TRIED_KEPT = 20_000  # first letters whose forms are kept; then forgotten and found again
_LEFT = r"(?<![\p{L}\d])"
_RIGHT = r"(?![\p{L}\d])"
_WORD_START = regex.compile(rf"{_LEFT}[\p{{L}}\d{regex.escape(QUOTE_CHARS)}]")
_OTHER_NUMERAL = regex.compile(r"[\p{No}\p{Nl}]")
_QUOTE_OR_SPACE = frozenset(QUOTE_CHARS + " ")
_LETTER_OR_DIGIT = regex.compile(r"[\p{L}\d]")


def _letter_or_digit_before(text: str, pos: int) -> bool:
    return pos > 0 and _LETTER_OR_DIGIT.match(text, pos - 1) is not None


_SPACES_AND_QUOTES = regex.compile(rf"[\s{regex.escape(QUOTE_CHARS)}]*")


@dataclass(frozen=True)
class Kind:
    """How a place kind's designator word ("облысы", "ауданы") behaves."""

    name: str
    designator: str | None
    in_name: bool
    in_span: bool
    bare: bool
    adjective: str | None = None  # "аудандық": "Мәртөк аудандық мәслихаты"
    plural: str | None = None  # "облыстар": "Абай, Жетісу облыстарында"
    unlisted: bool = False  # any capitalised name before the designator is one


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
    adjectival: bool = False
    free_words: int = 0
    national: bool = False

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
    lead: str
    value: str = ""  # the value when not the entry's name (a Latin-script form)
    core: str = ""  # the place's name without its designator ("Мәртөк")
    adjectival: bool = False  # "Мәртөк аудандық": only before a local institution
    acronym: bool = False
    prefix_leads: tuple[str, ...] = ()  # leads of the national prefixes it may start with


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
    form: Form | None = None
    ending: str = ""  # the endings after the form ("ның" of "облысының")

    @property
    def start(self) -> int:
        return self.candidate.start

    @property
    def end(self) -> int:
        return self.candidate.end


# Case folding for the index, as wide as the regexes' own (?i): the Latin dotted and dotless i are one
_FOLD = str.maketrans({"ı": "i", "\u0307": None})


def _fold(text: str) -> str:
    return text.lower().translate(_FOLD)


def _lead(text: str, inflects: bool = True) -> str:
    """The letters every match of a name starts with, case folded, at most LEAD_LIMIT of them:
    its first word as written, less a final letter that may voice where that word is the last
    and takes endings ("Қазақ" -> "қаза"). Leading quotes are optional in a match, so left out."""
    words = [t for t in _TOKEN.findall(text) if t not in QUOTE_CHARS]
    first = words[0] if words else ""
    if inflects and len(words) == 1 and len(first) > 1:
        first = literal_prefix(first)
    return _fold(first)[:LEAD_LIMIT]


def _word_regex(word: str, inflect: bool, latin: bool = False) -> str:
    """A word as written; its first letter keeps a capital, the rest of it ignores case.
    With `inflect`, any chain of endings may follow (in the Latin spelling with `latin`)."""
    first, rest = word[0], word[1:]
    head = f"[{first}{first.upper()}]" if first.islower() else regex.escape(first)
    if not rest:
        return head + (f"(?i:{inflected('', hyphen=True, latin=latin)})" if inflect else "")
    caps = len(word) > 1 and word.isupper()
    if caps:  # an acronym-like word: as written, endings after an optional hyphen
        return inflected(word, hyphen=True, latin=latin) if inflect else regex.escape(word)
    body = inflected(rest, hyphen=False, latin=latin) if inflect else regex.escape(rest)
    return f"{head}(?i:{body})"


def _phrase_regex(text: str, inflect_last: bool = True, with_inner: bool = False, latin: bool = False) -> str:
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
        out.append(_word_regex(tok, inflect_last and i == last_word, latin))
        prev_quote = False
    return "".join(out)


def _acronym_regex(acronym: str, latin: bool = False) -> str:
    return inflected(acronym, hyphen=True, latin=latin)


@cache
def _genitive(root: Path | None) -> tuple[str, ...]:
    """The genitive endings (suffixes.yaml derivational `gen`) in both alphabets."""
    return _both(derivational_endings(root)["gen"])


def _both(words) -> tuple[str, ...]:
    """Each word in both alphabets: Cyrillic as written, then its Latin spelling."""
    return tuple(dict.fromkeys([*words, *(to_latin(w) for w in words if has_cyrillic(w))]))


def _word_list(stems: tuple[str, ...]) -> regex.Pattern | None:
    """A regex for a space and then one of `stems` in any form, in either alphabet."""
    alts = [f"(?:{inflected(b, hyphen=False)})" for b in stems]
    alts += [f"(?:{inflected(to_latin(b), hyphen=False, latin=True)})" for b in stems if has_cyrillic(b)]
    alts = longest_first(alts)
    return regex.compile(rf"\s+(?i:{'|'.join(alts)}){_RIGHT}") if alts else None


class Gazetteer:
    """The registry of a patterns/ folder, compiled and ready to match."""

    def __init__(self, root: Path | None = None):
        self.root = root or patterns_dir()
        errors: list[PatternFileError] = []
        self.kinds: dict[str, Kind] = {}
        self.local_adjectives: tuple[str, ...] = ()
        self.not_before: tuple[str, ...] = ()
        self.not_before_places: tuple[str, ...] = ()
        self.national_prefixes: tuple[str, ...] = ()
        self.road_words: tuple[str, ...] = ()
        self.site_domains: tuple[str, ...] = ()
        self.quoted_heads: tuple[str, ...] = ()
        self.entries: dict[str, Entry] = {}
        self._known_stems: frozenset[str] | None = None
        for name in REGISTRY_FILES:
            path = self.root / "registry" / name
            try:
                self._load_file(path, name, errors)
            except PatternFileError as exc:
                errors.append(exc)
        try:
            law_phrasing(self.root)
            latin_letters(self.root)
        except PatternErrors as exc:
            known = {str(e) for e in errors}
            errors.extend(e for e in exc.errors if str(e) not in known)
        if errors:
            raise PatternErrors(errors)
        self.forms: list[Form] = []
        for entry in self.entries.values():
            self.forms.extend(self._compile(entry))
        # forms by the lead their matches start with; a text position looks up each length of lead
        self.index: dict[str, list[int]] = defaultdict(list)
        # the forms a national prefix may open ("Қазақстан Республикасының Білім министрлігі"), by
        # their own lead: at a prefix, only those whose lead follows it are tried
        self._prefixed: dict[str, list[int]] = defaultdict(list)
        for number, form in enumerate(self.forms):
            self.index[form.lead].append(number)
            if form.prefix_leads:
                self._prefixed[form.lead].append(number)
        self._prefix_leads = tuple(sorted({lead for form in self.forms for lead in form.prefix_leads}))
        self._prefixes = self._compile_prefixes()
        self._lead_lengths = sorted({len(lead) for lead in self.index})
        quotes = regex.escape(QUOTE_CHARS)
        # the word starts of a folded text where some lead may begin (after opening quotes):
        # the only ones worth looking up (a superset of them; each is then looked up as before)
        leads = trie_pattern([*self.index, *self._prefix_leads])
        self._leads = regex.compile(rf"{_LEFT}(?=[\p{{L}}\d{quotes}])(?=[{quotes} ]*(?:{leads}))")
        # the same leads for the standard library's engine, which scans a trie about four times faster
        # (its lookbehind, "not after a letter, digit or other numeral", is _LEFT where no other numeral is)
        plain = all(_LETTER_OR_DIGIT.match(lead) for lead in [*self.index, *self._prefix_leads])
        self._fast_leads = re.compile(rf"(?<![^\W_])(?:{leads})") if plain else None
        self._tried: dict[str, tuple[Form, ...]] = {}  # by a position's first letters (_forms_starting)
        adjectives = "|".join(regex.escape(a) for a in longest_first(_both(self.local_adjectives)))
        self._blocker = _word_list(self.not_before)
        self._place_blocker = _word_list(self.not_before + self.not_before_places)
        # "Тараз-Шымкент тас жолында": both places of a hyphenated pair before a road word
        words = _word_list(self.road_words)
        self._road_word = regex.compile(rf"[{regex.escape(QUOTE_CHARS)}]?{words.pattern}") if words else None
        self._road = regex.compile(rf"\s*[-–]\s*\p{{Lu}}\p{{L}}*{self._road_word.pattern}") if words else None
        self._pair_first = regex.compile(r"\p{Lu}\p{L}*\s*[-–]\s*\Z")
        self._between = regex.compile(rf"\s+(?:(?i:{adjectives})\s+)?" if adjectives else r"\s+")
        self._free_word = regex.compile(r"\s+[\p{L}][\p{L}\d-]*")
        self._lists = self._compile_lists()
        self._site, self._site_hint = self._compile_sites()
        self._quoted = self._compile_quoted()
        self._unlisted = self._compile_unlisted()
        self._chained = self._compile_chained()

    def _compile_prefixes(self) -> list[regex.Pattern]:
        """Each national prefix with the spaces after it, in both alphabets, as a prefixed form's
        `issuer` group reads it."""
        spelled = dict.fromkeys(w for p in self.national_prefixes for w in (p, to_latin(p)))
        return [regex.compile(rf"(?:{_phrase_regex(p, False, latin=not has_cyrillic(p))})\s+") for p in spelled]

    def _compile_chained(self) -> regex.Pattern | None:
        """More places, each maybe with its designator, then a position or membership word."""
        if self._place_blocker is None:
            return None
        designators = "|".join(
            f"(?:{inflected(k.designator, hyphen=False)})" for k in self.kinds.values() if k.designator
        )
        return regex.compile(
            rf"(?:\s+\p{{Lu}}[\p{{L}}-]*(?:\s+(?i:{designators}))?){{0,3}}?(?={self._place_blocker.pattern})"
        )

    # ---- loading ----
    def _load_file(self, path: Path, name: str, errors: list[PatternFileError]) -> None:
        data = pattern_data(path, self.root)
        if not isinstance(data, dict):
            raise PatternFileError(path, line_of(data, 1), "the file must be a mapping with 'entries'")
        top = line_of(data, 1)
        if name == "places.yaml":
            self._load_kinds(path, data, errors)
        if name == "institutions.yaml":
            for key in (
                "local_adjectives",
                "not_before",
                "not_before_places",
                "road_words",
                "national_prefixes",
                "site_domains",
                "quoted_heads",
            ):
                setattr(self, key, tuple(a.strip() for a in data.get(key, [])))
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
                errors.append(
                    PatternFileError(
                        path, entry.line, f"entry id '{entry.id}' already used at {self.entries[entry.id].where}"
                    )
                )
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
            designator = spec.get("designator")
            if designator is not None and (not isinstance(designator, str) or not designator.strip()):
                errors.append(PatternFileError(path, line, f"kind '{kname}': 'designator' must be a word or null"))
                continue
            flags = {}
            for flag in ("in_name", "in_span", "bare", "unlisted"):
                value = spec.get(flag, flag == "bare")
                if not isinstance(value, bool):
                    errors.append(PatternFileError(path, line, f"kind '{kname}': '{flag}' must be true or false"))
                    value = False
                flags[flag] = value
            for word in ("adjective", "plural"):
                value = spec.get(word)
                if value is not None and (not isinstance(value, str) or not value.strip() or not designator):
                    errors.append(
                        PatternFileError(path, line, f"kind '{kname}': '{word}' must be a word, with a designator")
                    )
                    value = None
                flags[word] = value.strip() if value else None
            self.kinds[str(kname)] = Kind(str(kname), designator.strip() if designator else None, **flags)

    def _entry(self, path: Path, fname: str, item, top: int | None) -> Entry:
        line = line_of(item, top)
        if not isinstance(item, dict):
            raise PatternFileError(path, line, "each entry must be a mapping")
        eid = item.get("id")
        if not isinstance(eid, str) or not _ID.fullmatch(eid):
            raise PatternFileError(
                path, line, f"entry needs an 'id' of lower-case latin letters, digits, '-', '_'; got {eid!r}"
            )
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise PatternFileError(path, line, f"entry '{eid}' needs a non-empty 'name'")
        etype = item.get("type", "LAW" if fname == LAWS_FILE else "ORGANISATION")
        if etype not in KAZNERD_LABELS:
            raise PatternFileError(
                path,
                line,
                f"entry '{eid}': type {etype!r} is not a KazNERD label ({', '.join(sorted(KAZNERD_LABELS))})",
            )
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
                raise PatternFileError(
                    path, line, f"entry '{eid}': 'kind' must be one of {sorted(self.kinds)}, got {kind!r}"
                )
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
                raise PatternFileError(
                    path, line, f"entry '{eid}': a local entry needs 'possessed' (its form after a place)"
                )
            if not standalone and not local:
                raise PatternFileError(
                    path, line, f"entry '{eid}': 'standalone: false' only makes sense with 'local: true'"
                )
            adjectival, national = item.get("adjectival", False), item.get("national", False)
            free_words = item.get("free_words", 0)
            if not isinstance(adjectival, bool) or not isinstance(national, bool):
                raise PatternFileError(path, line, f"entry '{eid}': 'adjectival' and 'national' must be true or false")
            if not isinstance(free_words, int) or isinstance(free_words, bool) or not 0 <= free_words <= 6:
                raise PatternFileError(path, line, f"entry '{eid}': 'free_words' must be a whole number 0-6")
            if (adjectival or free_words) and not local:
                raise PatternFileError(path, line, f"entry '{eid}': 'adjectival' and 'free_words' need 'local: true'")
            kw.update(
                local=local,
                standalone=standalone,
                possessed=str(possessed or "").strip(),
                adjectival=adjectival,
                free_words=free_words,
                national=national,
            )
        return Entry(eid, name.strip(), etype, path, line, lists["aliases"], lists["acronyms"], **kw)

    # ---- compiling ----
    def _compile(self, entry: Entry) -> list[Form]:
        """The entry's forms, in Cyrillic and (where that differs) in the Latin alphabet."""
        out = self._compile_script(entry, latin=False)
        if any(has_cyrillic(t) for t in (entry.name, *entry.aliases, *entry.acronyms)):
            out += self._compile_script(entry, latin=True)
        return out

    def _compile_script(self, entry: Entry, latin: bool) -> list[Form]:
        spell = to_latin if latin else (lambda t: t)
        value = spell(entry.name) if latin else ""
        forms: list[tuple[str, str, bool, str, bool]] = []  # (text, regex, trims, core, adjectival)
        kind = self.kinds.get(entry.kind) if entry.kind else None
        for text in dict.fromkeys(spell(t) for t in (entry.name, *entry.aliases)):
            if kind is None or kind.designator is None:
                inner = text[:1] in QUOTE_CHARS and text != spell(entry.name)
                forms.append((text, _phrase_regex(text, with_inner=inner, latin=latin), False, "", False))
                continue
            designator = spell(kind.designator)
            bare = kind.bare if entry.bare is None else entry.bare
            if kind.in_name and text.endswith(" " + designator):
                core = text[: -len(designator)].strip()
            elif kind.in_name:
                forms.append((text, _phrase_regex(text, latin=latin), False, "", False))  # an alias without designator
                continue
            else:
                core = text
            tail = _phrase_regex(designator, latin=latin)
            core_regex = _phrase_regex(core, False, latin=latin)
            if kind.in_span:
                forms.append((f"{core} {designator}", f"{core_regex}\\s+{tail}", False, core, False))
            else:
                forms.append((f"{core} {designator}", f"(?P<core>{core_regex})\\s+{tail}", True, core, False))
            if bare:
                forms.append((core, _phrase_regex(core, latin=latin), False, core, False))
            if kind.adjective:  # "Мәртөк аудандық [мәслихаты]": only before a local institution
                adjective = _phrase_regex(spell(kind.adjective), False, latin=latin)
                forms.append(
                    (f"{core} {spell(kind.adjective)}", f"(?P<core>{core_regex})\\s+{adjective}", False, core, True)
                )
        prefix_leads: tuple[str, ...] = ()
        if self.national_prefixes and entry.path.name == "institutions.yaml" and not entry.local or entry.national:
            prefixes = "|".join(
                _phrase_regex(spell(p), False, latin=latin) for p in longest_first(self.national_prefixes)
            )
            forms = [
                (t, f"(?:(?P<issuer>{prefixes})\\s+)?{r}" if not adj else r, trims, core, adj)
                for t, r, trims, core, adj in forms
            ]
            prefix_leads = tuple(_lead(spell(p), inflects=False) for p in self.national_prefixes)
        out = []
        for text, pattern, trims, core, adjectival in forms:
            out.append(
                Form(
                    entry,
                    text,
                    regex.compile(f"{pattern}{_RIGHT}"),
                    trims,
                    _lead(text),
                    value,
                    core,
                    adjectival,
                    prefix_leads=prefix_leads,
                )
            )
        for acronym in entry.acronyms:
            text = spell(acronym)
            out.append(
                Form(
                    entry,
                    text,
                    regex.compile(f"{_acronym_regex(text, latin)}{_RIGHT}"),
                    False,
                    _lead(text),
                    value,
                    acronym=True,
                )
            )
        return out

    def _compile_lists(self) -> regex.Pattern | None:
        """Bare names coordinated before one plural (or singular) designator: "Абай, Жетісу
        және Ұлытау облыстарында" names three regions."""
        alternatives = []
        for entry in self.entries.values():
            kind = self.kinds.get(entry.kind)
            if not kind or not kind.plural or not entry.name.endswith(" " + kind.designator):
                continue
            core = entry.name[: -len(kind.designator)].strip()
            alternatives.append(_phrase_regex(core, False))
            if has_cyrillic(core):
                alternatives.append(_phrase_regex(to_latin(core), False, latin=True))
        if not alternatives:
            return None
        cores = "|".join(longest_first(set(alternatives)))
        tails = []
        for kind in self.kinds.values():
            if kind.plural:
                for latin in (False, True):
                    spell = to_latin if latin else (lambda t: t)
                    tails.append(_phrase_regex(spell(kind.plural), latin=latin))
                    tails.append(_phrase_regex(spell(kind.designator), latin=latin))
        words = coordinators(self.root)
        join = rf"(?:\s*[,;]\s*|\s*[-–]?\s+(?:{'|'.join(map(regex.escape, _both(words)))})\s+)"
        return regex.compile(rf"(?:(?P<item>{cores}){join})+(?P<item>{cores})\s+(?P<tail>{'|'.join(tails)}){_RIGHT}")

    def _compile_unlisted(self) -> list[tuple[Kind, regex.Pattern, bool]]:
        """Kinds whose every name is not listed ("Бұлақ ауылдық округі", "Bugrov saılaý okrýgi"):
        one or two capitalised words before the designator, not opening a sentence."""
        out = []
        for kind in self.kinds.values():
            if not kind.unlisted or not kind.designator:
                continue
            for latin in (False, True):
                spell = to_latin if latin else (lambda t: t)
                tails = [_phrase_regex(spell(w), latin=latin) for w in (kind.designator, kind.plural) if w]
                out.append(
                    (
                        kind,
                        regex.compile(
                            rf"(?<![.!?\n]\s{{0,3}})(?<!\A\s{{0,3}})(?<![\p{{L}}\d-])(?P<core>\p{{Lu}}[\p{{Ll}}-]+(?:\s+\p{{Lu}}[\p{{Ll}}-]+)?)"
                            rf"\s+(?:{'|'.join(tails)}){_RIGHT}"
                        ),
                        latin,
                    )
                )
        return out

    def _unlisted_places(self, text: str) -> list[_Hit]:
        out = []
        for kind, pattern, latin in self._unlisted:
            for m in pattern.finditer(text):
                core = " ".join(m.group("core").split())
                value = f"{core} {to_latin(kind.designator) if latin else kind.designator}"
                end = m.end() if kind.in_span else m.end("core")
                cand = Candidate(
                    m.start(),
                    end,
                    "GPE",
                    (Source("registry", kind.name),),
                    value,
                    derivation=[f"a name before '{kind.designator}' (places.yaml kinds: unlisted)"],
                )
                out.append(_Hit(m.start(), m.end(), cand, blocked=self._blocked(text, m.end(), "GPE")))
        return out

    def _compile_sites(self) -> tuple[regex.Pattern | None, regex.Pattern | None]:
        """A site named by its address, as news cite their source: "El.kz", "zakon.kz-ке"; and
        the domain alone, which every address holds (a fast scan tells a text without any)."""
        if not self.site_domains:
            return None, None
        domains = "|".join(regex.escape(d) for d in longest_first(self.site_domains))
        site = regex.compile(
            rf"(?<![\p{{L}}\d@./:_-])(?P<site>(?!www\.)[\p{{L}}\d][\p{{L}}\d-]*(?:\.[\p{{L}}\d-]+)*\.(?i:{domains}))"
            rf"(?![\p{{L}}\d@/_]|\.[\p{{L}}\d])(?:-(?i:{inflected('', latin=False)}|{inflected('', latin=True)}))?{_RIGHT}"
        )
        return site, regex.compile(rf"\.(?i:{domains})(?![\p{{L}}\d])")

    def _compile_quoted(self) -> regex.Pattern | None:
        """A quoted name before a head word such as "партиясы", a few words apart:
        "«Ауыл» халықтық-демократиялық патриоттық партиясы" is the party "Ауыл"."""
        if not self.quoted_heads:
            return None
        heads = "|".join(f"(?:{_phrase_regex(h, latin=has_cyrillic(h) is False)})" for h in _both(self.quoted_heads))
        q = regex.escape(QUOTE_CHARS)
        return regex.compile(
            rf"[{q}](?P<inner>\p{{Lu}}[^{q}\n]{{0,60}}?)[{q}](?:\s+\p{{L}}[\p{{L}}-]*){{0,4}}?\s+(?i:{heads}){_RIGHT}"
        )

    # ---- matching ----
    def _raw(self, text: str) -> list[_Hit]:
        hits = []
        folded = _fold(text)
        if len(folded) != len(text):  # a letter folds to two, or to none: fold at each position instead
            folded = None
        for pos in (m.start() for m in _WORD_START.finditer(text)) if folded is None else self._lead_positions(folded):
            if folded is None:
                letters = _fold(text[pos : pos + LEAD_LIMIT + 8].lstrip(QUOTE_CHARS + " "))[:LEAD_LIMIT]
            else:
                letters = folded[pos : pos + LEAD_LIMIT + 8].lstrip(QUOTE_CHARS + " ")[:LEAD_LIMIT]
            if self._prefix_leads and letters.startswith(self._prefix_leads):
                forms = self._after_prefix(text, folded, pos, letters)
            else:
                forms = self._tried.get(letters)
                if forms is None:
                    forms = self._forms_starting(letters)
            if not forms:
                continue
            endpos = min(len(text), pos + NAME_WINDOW)
            for form in forms:
                # bounded: an unbounded match scans ahead for the pattern's required letters
                m = form.pattern.match(text, pos, endpos)
                if not m or m.end() == endpos < len(text):
                    continue
                hit = self._hit(text, pos, m, form)
                if hit is not None:
                    hits.append(hit)
        return hits

    def _lead_positions(self, folded: str) -> list[int]:
        """The word starts of a folded text where some lead may begin, maybe after opening
        quotes: the positions `self._leads` finds (a quote before a lead is one too)."""
        # "²", "Ⅻ": letters or digits to the one engine, not to the other
        if self._fast_leads is None or _OTHER_NUMERAL.search(folded):
            return [m.start() for m in self._leads.finditer(folded)]
        out = []
        for m in self._fast_leads.finditer(folded):
            lead = m.start()
            first = lead
            while first > 0 and folded[first - 1] in _QUOTE_OR_SPACE:
                first -= 1
            # the opening quotes before the lead, each a word start unless a letter or digit comes right before
            out.extend(
                q
                for q in range(first, lead)
                if folded[q] != " " and (q > first or not _letter_or_digit_before(folded, q))
            )
            out.append(lead)
        return out

    def _forms_starting(self, letters: str) -> tuple[Form, ...]:
        """The forms whose lead starts `letters` (a text position's first letters, folded), in
        registry order; kept for the next position with the same letters."""
        if len(self._tried) >= _TRIED_KEPT:
            self._tried.clear()
        forms = self._tried[letters] = tuple(self.forms[i] for i in sorted(self._numbers(self.index, letters)))
        return forms

    def _after_prefix(self, text: str, folded: str | None, pos: int, letters: str) -> tuple[Form, ...]:
        """The forms to try where a national prefix may stand: those starting `letters`, and the
        prefixed ones whose own lead follows a prefix that matches at `pos`, in registry order."""
        found = self._numbers(self.index, letters)
        for prefix in self._prefixes:
            m = prefix.match(text, pos)
            if m:
                after = _SPACES_AND_QUOTES.match(text, m.end()).end()
                lead = folded[after : after + LEAD_LIMIT] if folded is not None else _fold(text[after : after + 8])
                found |= self._numbers(self._prefixed, lead[:LEAD_LIMIT])
        return tuple(self.forms[i] for i in sorted(found))

    def _numbers(self, index: dict[str, list[int]], letters: str) -> set[int]:
        """The numbers of the forms of `index` whose lead starts `letters`."""
        return {i for n in self._lead_lengths if n <= len(letters) for i in index.get(letters[:n], ())}

    def _hit(self, text: str, pos: int, m: regex.Match, form: Form) -> _Hit | None:
        entry = form.entry
        issuer = m.group("issuer") if "issuer" in form.pattern.groupindex else None
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
        value = form.value or entry.name
        if entry.national:  # a Kazakh code: its full name, with the issuer as written
            written = " ".join(issuer.split()) if issuer else ""
            if not written or written.upper() == written:
                written = self.national_prefixes[0]
            value = f"{to_latin(written) if form.value else written} {self._possessed(value)}"
        last = regex.search(r"[\p{L}\d.-]+$", text[pos : m.end()])
        word = form.text.split()[-1] if form.text.split() else ""
        ending = last.group()[len(word) :] if last and last.group().lower().startswith(word.lower()) else ""
        cand = Candidate(
            start,
            end,
            entry.type,
            (Source("registry", entry.id),),
            value,
            derivation=[f"{entry.id} ({entry.where})", f"form {form.text!r}"],
        )
        blocked = (
            form.adjectival or self._blocked(text, occ_end, entry.type) or self._on_road(text, pos, occ_end, entry.type)
        )
        return _Hit(pos, occ_end, cand, entry, blocked=blocked, form=form, ending=ending)

    def place_is_no_fact(self, text: str, start: int, end: int) -> bool:
        """Whether a place at text[start:end] opens a position title (a position or membership
        word follows, maybe after more places: "Абай облысы Курчатов қаласының әкімі") or names a
        road ("Орал-Атырау жолында"); realdocs CONVENTIONS annotate neither."""
        if "-" in text[start:end] or "–" in text[start:end]:  # a pair the model took as one span
            first = regex.match(r"\p{L}+", text[start:end])
            if first and self._on_road(text, start, start + first.end(), "GPE"):
                return True
        if self._on_road(text, start, end, "GPE"):
            return True
        return bool(self._chained and self._chained.match(text, end))

    def _possessed(self, name: str) -> str:
        """A law's name after an issuer in the genitive: "Қылмыстық кодекс" -> "Қылмыстық кодексі"."""
        head, _, last = name.rpartition(" ")
        for h in law_phrasing(self.root).heads:
            if len(h.words) == 1 and last.lower() == h.value.lower():
                return f"{head} {h.possessed}".strip()
        return name

    def _on_road(self, text: str, start: int, end: int, label: str) -> bool:
        """A place of a hyphenated pair before a road word: the road's name ("Орал-Атырау жолы")."""
        if self._road is None or label not in ("GPE", "LOCATION"):
            return False
        if self._road.match(text, end):
            return True
        return bool(self._pair_first.search(text, max(0, start - 40), start) and self._road_word.match(text, end))

    def _blocked(self, text: str, end: int, label: str = "ORGANISATION") -> bool:
        """The name is followed by a word that makes it part of a POSITION or EVENT (for a
        place, also a membership word: "Абай облысының депутаты")."""
        blocker = self._place_blocker if label in ("GPE", "LOCATION") else self._blocker
        return bool(blocker and blocker.match(text, end))

    def _locals(self, text: str, hits: list[_Hit]) -> list[_Hit]:
        """'Қызылорда облысы әкімдігі', 'Ақтау қалалық мәслихатының', 'Мәртөк аудандық
        мәслихаты', 'БҚО полиция департаменті': place + local institution."""
        places_by_end: dict[int, list[_Hit]] = defaultdict(list)
        longest: dict[int, int] = {}
        for h in hits:
            if h.candidate.type == "GPE" and h.form is not None:
                longest[h.occ_start] = max(longest.get(h.occ_start, 0), h.occ_end)
        for h in hits:
            # a place inside a longer one ("Қостанай" of "Қостанай облысындағы") owns nothing
            if h.candidate.type == "GPE" and h.form is not None and h.occ_end == longest[h.occ_start]:
                places_by_end[h.occ_end].append(h)
        out = []
        genitive = _genitive(self.root)
        for h in hits:
            entry = h.entry
            if entry is None or not entry.local or h.start != h.occ_start:
                continue
            if self._blocked(text, h.occ_end):
                continue
            for end, places in places_by_end.items():
                if end > h.start or h.start - end > 80:
                    continue
                between = self._between.fullmatch(text, end, h.start)
                if not between and not self._free_between(text, end, h.start, entry.free_words):
                    continue
                for p in places:
                    if p.ending and not p.ending.endswith(genitive):
                        continue  # "Алматыда полиция департаменті": the place is not its owner
                    if p.form.adjectival and not between:
                        continue
                    value = self._local_value(text, p, h, entry)
                    cand = Candidate(
                        p.occ_start,
                        h.end,
                        entry.type,
                        h.candidate.sources,
                        value,
                        derivation=[
                            *h.candidate.derivation,
                            f"after place {p.candidate.value!r} ({p.candidate.source})",
                        ],
                    )
                    out.append(_Hit(p.occ_start, h.occ_end, cand, entry, True))
        return out

    def _free_between(self, text: str, start: int, end: int, words: int) -> bool:
        """Up to `words` plain words between a place and a local institution ("полиция")."""
        pos, count = start, 0
        while count <= words:
            if text[pos:end].isspace():
                return count > 0
            m = self._free_word.match(text, pos, end)
            if not m:
                return False
            pos, count = m.end(), count + 1
        return False

    def _local_value(self, text: str, place: _Hit, inst: _Hit, entry: Entry) -> str:
        """The composite's value: "Мамлют аудандық мәслихаты" (adjectival entries after a
        district or region), the place's full name where both are acronyms ("СҚО ТЖД"),
        else the place and what follows it as written, with the institution's own form."""
        possessed = inst.candidate.value if inst.form is not None and inst.form.acronym else entry.possessed
        if inst.form is not None and inst.form.value and not inst.form.acronym:
            possessed = to_latin(entry.possessed)
        kind = self.kinds.get(place.entry.kind) if place.entry else None
        latin = bool(place.form.value)
        if place.form.adjectival or (
            entry.adjectival and kind and kind.adjective and place.form.core and place.form.text != place.form.core
        ):
            adjective = to_latin(kind.adjective) if latin else kind.adjective
            return f"{place.form.core} {adjective} {possessed}"
        if place.form.acronym and inst.form is not None and inst.form.acronym:
            return f"{place.candidate.value} {possessed}"
        return f"{' '.join(text[place.occ_start : inst.start].split())} {possessed}"

    def _listed(self, text: str) -> list[_Hit]:
        """'Абай, Жетісу және Ұлытау облыстарында': each bare name takes the head noun."""
        if self._lists is None:
            return []
        out = []
        for m in self._lists.finditer(text):
            spans = m.spans("item")
            tail_end = m.end()
            for i, (s, e) in enumerate(spans):
                core = " ".join(text[s:e].split())
                entry, value = self._by_core(core)
                if entry is None:
                    continue
                last = i == len(spans) - 1
                end = tail_end if last else e
                occ_end = tail_end if last else spans[i + 1][0]
                cand = Candidate(
                    s,
                    end,
                    entry.type,
                    (Source("registry", entry.id),),
                    value,
                    derivation=[f"{entry.id} ({entry.where})", "a name in a list before its designator"],
                )
                out.append(_Hit(s, occ_end, cand, entry, blocked=last and self._blocked(text, tail_end, entry.type)))
        return out

    def _by_core(self, core: str) -> tuple[Entry | None, str]:
        """The place whose name is `core` + its kind's designator, and the value to give."""
        if not hasattr(self, "_cores"):
            self._cores: dict[str, tuple[Entry, str]] = {}
            for entry in self.entries.values():
                kind = self.kinds.get(entry.kind)
                if kind and kind.plural and entry.name.endswith(" " + kind.designator):
                    c = entry.name[: -len(kind.designator)].strip()
                    self._cores.setdefault(c.lower(), (entry, entry.name))
                    self._cores.setdefault(to_latin(c).lower(), (entry, to_latin(entry.name)))
        return self._cores.get(core.lower(), (None, ""))

    def _sites(self, text: str) -> list[_Hit]:
        """News sites cited by their address: ORGANISATION, the address as written."""
        if self._site is None or not self._site_hint.search(text):
            return []
        out = []
        for m in self._site.finditer(text):
            cand = Candidate(
                m.start(),
                m.end(),
                "ORGANISATION",
                (Source("registry", "site"),),
                m.group("site"),
                derivation=["site address (institutions.yaml: site_domains)"],
            )
            out.append(_Hit(m.start(), m.end(), cand))
        return out

    def _quoted_names(self, text: str) -> list[_Hit]:
        """«Ауыл» ... партиясы: ORGANISATION, the quoted name (KazNERD's span)."""
        if self._quoted is None:
            return []
        out = []
        for m in self._quoted.finditer(text):
            value = " ".join(m.group("inner").split())
            cand = Candidate(
                *m.span("inner"),
                "ORGANISATION",
                (Source("registry", "quoted-name"),),
                value,
                derivation=["a quoted name before its head word (institutions.yaml: quoted_heads)"],
            )
            out.append(_Hit(m.start(), m.end(), cand, blocked=self._blocked(text, m.end())))
        return out

    def hits(self, text: str, sentences: list[tuple[int, int]] | None = None) -> list[_Hit]:
        """All candidate matches before choosing (registry names, local composites, laws)."""
        raw = self._raw(text)
        raw += self._locals(text, raw)
        raw += self._listed(text) + self._sites(text) + self._quoted_names(text) + self._unlisted_places(text)
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
            if not any(taken[h.occ_start : h.occ_end]):
                taken[h.occ_start : h.occ_end] = b"\x01" * (h.occ_end - h.occ_start)
                if not h.blocked:
                    chosen.append(h.candidate)
        return sorted(chosen, key=lambda c: (c.start, c.end))

    def proper_stems(self) -> frozenset[str]:
        """The registry's proper names word by word, lower case ("алматы", "қазақстан"): stems the
        suffix stripper must not cut into (morphology.strip_suffix's `keep`). Common words of
        names ("комиссиясы", "облысы") are left out: they carry their own endings."""
        words = set()
        genitive = _genitive(self.root)
        for entry in self.entries.values():
            for text in (entry.name, *entry.aliases):
                for w in _TOKEN.findall(text):
                    if w[:1].isupper() and not w.isupper() and not w.lower().endswith(genitive):
                        words.add(w.lower())
        return frozenset(words)

    def known_stems(self) -> frozenset[str]:
        """Every word of every registry name, alias and acronym, lower case: words that
        must not lose letters to the suffix stripper ("Алматы", "облысы"). Built once."""
        if self._known_stems is None:
            self._known_stems = self._stems()
        return self._known_stems

    def _stems(self) -> frozenset[str]:
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
    return _cached_gazetteer(_resolved(root or patterns_dir(), os.getcwd()))


@cache
def _resolved(root: Path, cwd: str) -> Path:
    return root.resolve()


@cache
@built_once("gazetteer")
@cached_compiles
def _cached_gazetteer(root: Path) -> Gazetteer:
    return Gazetteer(root)


def find(text: str, sentences: list[tuple[int, int]] | None = None, root: Path | None = None) -> list[Candidate]:
    """Institutions, places and laws in `text` as Candidates (normalised-text offsets)."""
    return load_gazetteer(root).find(text, sentences)

"""Titled legal acts (LAW): '"Сайлау туралы" заңға', 'Қазақстан Республикасының ... туралы Заңы'.

The phrasing (title markers, head words, issuers, stop words) is data in
patterns/registry/laws.yaml; acts known by name (Конституция, Қылмыстық кодекс) are
registry entries there too and are matched by pipeline/gazetteer.py. Spans follow
KazNERD: for "заң" the title only, for кодекс/конвенция/... the title with its head.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from ..document import Candidate, Source
from ..paths import patterns_dir
from ..patterns.lexicons import coordinators, number_words
from ..patterns.loader import pattern_data
from ..patterns.morphology import derivational_endings, inflected
from ..patterns.order import longest_first
from ..patterns.regexcache import cached_compiles
from ..patterns.yamlfile import PatternErrors, PatternFileError, display_path, line_of
from ..text.layout import layout

LAWS_FILE = "laws.yaml"
PHRASING_FIELDS = {
    "title_markers",
    "issuers",
    "genitive_issuers",
    "stop_words",
    "stop_endings",
    "max_title_words",
    "heads",
    "entries",
    "article_words",
}
HEAD_FIELDS = {"id", "words", "value", "possessed", "in_span", "quoted"}
OPEN_QUOTES = '"«„“'
CLOSE_QUOTES = '"»”“'
_WORD = regex.compile(r"[\p{L}\d]+(?:[-–][\p{L}\d]+)*|\S")
_ID = regex.compile(r"[a-z0-9][a-z0-9_-]*")


@cache
def _adopted(root: Path | None) -> str:
    """An adoption date between an act's issuer and its head: "2001 жылғы 23 қаңтардағы" (a
    year word of layout.yaml and a month word, each with an attributive ending of suffixes.yaml)."""
    attributive = "|".join(derivational_endings(root)["attr"])
    year = "|".join(regex.escape(w) for w in layout(root).year_words if not w.endswith("."))
    return rf"(?:\s+\d{{4}}\s+(?:{year})(?:{attributive})\s+\d{{1,2}}\s+\p{{L}}+(?:{attributive}))"


def _genitive(root: Path | None) -> str:
    return "|".join(derivational_endings(root)["gen"])


@cache
@cached_compiles
def _coordinated(root: Path | None) -> regex.Pattern:
    """A quoted title joined to the next one: '"А туралы" және ' (lexicons/conjunctions.yaml)."""
    words = "|".join(map(regex.escape, coordinators(root)))
    return regex.compile(
        rf"[{regex.escape(OPEN_QUOTES)}](?P<t>[^{regex.escape(OPEN_QUOTES + CLOSE_QUOTES)}\n]{{1,300}})"
        rf"[{regex.escape(CLOSE_QUOTES)}]\s*(?:,|{words})\s*\Z"
    )


@dataclass(frozen=True)
class Head:
    """A head word of a titled act: 'заң', 'Конституциялық заң', 'кодекс'."""

    id: str
    words: tuple[str, ...]
    value: str
    possessed: str
    in_span: bool
    line: int
    quoted: bool = False  # only after a quoted title ("шешім": a common noun otherwise)


@dataclass(frozen=True)
class LawPhrasing:
    """How titled acts are written, from laws.yaml."""

    path: Path
    title_markers: tuple[str, ...]
    issuers: tuple[str, ...]
    genitive_issuers: tuple[str, ...]
    stop_words: frozenset[str]
    stop_endings: tuple[str, ...]
    max_title_words: int
    heads: tuple[Head, ...]
    article_words: tuple[str, ...] = ()


def _strings(path: Path, data: dict, key: str, line: int | None) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PatternFileError(path, line, f"'{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


@cache
def law_phrasing(root: Path | None = None) -> LawPhrasing:
    """Load and validate the phrasing part of registry/laws.yaml."""
    path = (root or patterns_dir()) / "registry" / LAWS_FILE
    try:
        data = pattern_data(path, root)
    except PatternFileError as exc:
        raise PatternErrors([exc]) from None
    if not isinstance(data, dict):
        raise PatternErrors([PatternFileError(path, line_of(data, 1), "the file must be a mapping")])
    errors: list[PatternFileError] = []
    top = line_of(data, 1)
    unknown = set(data) - PHRASING_FIELDS
    if unknown:
        errors.append(PatternFileError(path, top, f"unknown section(s) {sorted(unknown)}"))
    try:
        markers = _strings(path, data, "title_markers", top)
        issuers = _strings(path, data, "issuers", top)
        genitive = _strings(path, data, "genitive_issuers", top)
        stop_words = _strings(path, data, "stop_words", top)
        stop_endings = _strings(path, data, "stop_endings", top)
        article_words = _strings(path, data, "article_words", top)
    except PatternFileError as exc:
        raise PatternErrors([exc, *errors]) from None
    if not markers:
        errors.append(PatternFileError(path, top, "'title_markers' must not be empty"))
    for g in genitive:
        if g not in issuers:
            errors.append(PatternFileError(path, top, f"genitive issuer '{g}' is not listed in 'issuers'"))
    max_words = data.get("max_title_words", 12)
    if not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1:
        errors.append(PatternFileError(path, top, f"'max_title_words' must be a positive integer, got {max_words!r}"))
        max_words = 12
    heads: list[Head] = []
    raw_heads = data.get("heads")
    if not isinstance(raw_heads, list) or not raw_heads:
        errors.append(PatternFileError(path, top, "'heads' must be a non-empty list"))
        raw_heads = []
    seen: dict[str, int] = {}
    for item in raw_heads:
        line = line_of(item, top)
        if not isinstance(item, dict):
            errors.append(PatternFileError(path, line, "each head must be a mapping"))
            continue
        unknown = set(item) - HEAD_FIELDS
        if unknown:
            errors.append(PatternFileError(path, line, f"head: unknown field(s) {sorted(unknown)}"))
        hid = item.get("id")
        if not isinstance(hid, str) or not _ID.fullmatch(hid):
            errors.append(PatternFileError(path, line, f"head needs an 'id' of [a-z0-9_-], got {hid!r}"))
            continue
        if hid in seen:
            errors.append(PatternFileError(path, line, f"head id '{hid}' already used at line {seen[hid]}"))
        seen[hid] = line
        words = item.get("words")
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            errors.append(PatternFileError(path, line, f"head '{hid}': 'words' must be a non-empty list of strings"))
            continue
        missing = [k for k in ("value", "possessed") if not isinstance(item.get(k), str) or not item[k].strip()]
        if missing:
            errors.append(PatternFileError(path, line, f"head '{hid}': needs non-empty {missing}"))
            continue
        if not isinstance(item.get("in_span", False), bool) or not isinstance(item.get("quoted", False), bool):
            errors.append(PatternFileError(path, line, f"head '{hid}': 'in_span' and 'quoted' must be true or false"))
            continue
        heads.append(
            Head(
                hid,
                tuple(w.strip() for w in words),
                item["value"].strip(),
                item["possessed"].strip(),
                bool(item.get("in_span", False)),
                line,
                bool(item.get("quoted", False)),
            )
        )
    if errors:
        raise PatternErrors(errors)
    return LawPhrasing(
        path,
        markers,
        issuers,
        genitive,
        frozenset(w.lower() for w in stop_words),
        tuple(longest_first(stop_endings)),
        max_words,
        tuple(sorted(heads, key=lambda h: -len(h.words))),
        article_words,
    )


def _any_case_word(word: str) -> str:
    return (
        "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else regex.escape(c) for c in word[:1])
        + f"(?i:{regex.escape(word[1:])})"
    )


@cache
@cached_compiles
def _compiled(phrasing: LawPhrasing, root: Path | None) -> tuple[regex.Pattern, regex.Pattern]:
    heads = []
    for i, head in enumerate(phrasing.heads):
        *lead, last = head.words
        parts = [_any_case_word(w) for w in lead]
        parts.append(
            _any_case_word(last[:1]) + f"(?i:{inflected(last[1:], hyphen=False, root=root)})"
            if len(last) > 1
            else regex.escape(last)
        )
        joined = r"\s+".join(parts)
        heads.append(f"(?P<h{i}>{joined})")
    markers = "|".join(regex.escape(m) for m in longest_first(phrasing.title_markers))
    closing = regex.escape(CLOSE_QUOTES)
    issuers = "|".join(regex.escape(i) for i in longest_first(phrasing.issuers))
    # after a quoted title the issuer and the adoption date may stand before the head:
    # '"... туралы" Қазақстан Республикасының 2001 жылғы 23 қаңтардағы Заңының'
    law = regex.compile(
        rf"(?<![\p{{L}}\d])(?P<marker>{markers})(?P<close>[ \t]*[{closing}](?:\s+(?:{issuers}))?{_adopted(root)}?)?"
        rf"\s+(?P<head>{'|'.join(heads)})(?![\p{{L}}\d])",
        regex.IGNORECASE,
    )
    issuer = regex.compile(rf"(?<![\p{{L}}\d])(?:{issuers})\s*\Z")
    return law, issuer


@cache
@cached_compiles
def _articles(phrasing: LawPhrasing, root: Path | None) -> regex.Pattern | None:
    """'106-ншы бабы , 2-нші бөлігі', 'жүз жиырма сегізінші бабының': ordinal + article word, repeated."""
    if not phrasing.article_words:
        return None
    numbers = number_words(root)
    words = "|".join(regex.escape(w) for w in longest_first(numbers.all_words()))
    suffixes = "|".join(regex.escape(x) for x in numbers.ordinal_suffixes)
    # "106-ншы бабы", "75-бабы", "9-1-бабына", "109-1 бабының", "2-7-тармағына", "жүз жиырма сегізінші бабының"
    numbered = rf"\d+(?:-\d+)*(?:-?(?:{suffixes})(?=\s)|-(?=\p{{L}})|(?=\s))"
    ordinal = rf"(?:{numbered}|(?:(?:{words})\s+){{0,5}}(?:{words})\p{{L}}*?(?:{suffixes})(?=\s))"
    articles = "|".join(f"(?:{inflected(w, hyphen=False, root=root)})" for w in phrasing.article_words)
    one = rf"\s*,?\s*{ordinal}\s*(?i:{articles})(?![\p{{L}}\d])"
    return regex.compile(rf"(?:{one})+")


def extend_articles(text: str, end: int, root: Path | None = None) -> int:
    """The end of an article reference right after an act ("кодексінің 128-інші бабының"), or `end`."""
    pattern = _articles(law_phrasing(root), root)
    m = pattern.match(text, end) if pattern else None
    return m.end() if m else end


def _value(phrasing: LawPhrasing, title: str, head: Head) -> str:
    """The title without quotes (realdocs CONVENTIONS: "Сайлау туралы" of "Сайлау туралы
    заңға"); with a head inside the span (кодекс, конвенция, қаулы) the head is named too."""
    title = " ".join(title.split())
    if not head.in_span:
        return title
    genitive = any(title.startswith(g + " ") for g in phrasing.genitive_issuers)
    return f"{title} {head.possessed if genitive else head.value}"


@cache
@cached_compiles
def _numbered(phrasing: LawPhrasing, root: Path | None) -> tuple[regex.Pattern, regex.Pattern]:
    """An act cited by its number with a capitalised head ("№ 492 Қаулысымен", "№ 393-IV Заңы"),
    and the issuer before it ("ҚР Үкіметінің 2012.19.04.", "Қазақстан Республикасының 2011 жылғы ...")."""
    alts = []
    for i, head in enumerate(phrasing.heads):
        if len(head.words) == 1 and len(head.words[0]) > 1:
            word = head.words[0]
            alts.append(f"(?P<n{i}>{regex.escape(word[0].upper())}(?i:{inflected(word[1:], hyphen=False, root=root)}))")
    number = regex.compile(rf"№\s?(?P<num>\d[\d\p{{L}}./-]*?)\s+(?:{'|'.join(alts)})(?![\p{{L}}\d])")
    issuers = "|".join(regex.escape(i) for i in longest_first(phrasing.issuers))
    issuer = regex.compile(
        rf"(?<![\p{{L}}\d])(?P<issuer>{issuers})(?P<body>\s+\p{{Lu}}\p{{L}}+(?:{_genitive(root)}))?"
        rf"(?:\s+[\d.]+|{_adopted(root)})?\s*\Z"
    )
    return number, issuer


def _numbered_acts(phrasing: LawPhrasing, text: str, root: Path | None, floor_of) -> list[Candidate]:
    number, issuer = _numbered(phrasing, root)
    out = []
    for m in number.finditer(text):
        index = next(int(k[1:]) for k, v in m.groupdict().items() if regex.fullmatch(r"n\d+", k) and v is not None)
        head = phrasing.heads[index]
        floor = floor_of(m.start()) if floor_of else 0
        by = issuer.search(text, max(floor, m.start() - 90), m.start())
        written = ""
        if by:
            body = " ".join(by.group("body").split()) if by.group("body") else ""
            country = by.group("issuer")
            if country.isupper():  # "ҚР": the full name, genitive unless a body follows
                country = (
                    phrasing.genitive_issuers[0] if not body and phrasing.genitive_issuers else phrasing.issuers[1]
                )
            written = f"{country} {body}".strip() + " "
        possessed = head.possessed[:1].upper() + head.possessed[1:]
        out.append(
            Candidate(
                m.start(),
                m.end(),
                "LAW",
                (Source("registry", head.id),),
                f"№ {m.group('num')} {written}{possessed}",
                derivation=[f"{head.id} ({display_path(phrasing.path)}:{head.line})", "an act cited by number"],
                extent=(m.start(), m.end()),
            )
        )
    return out


# the page title of an act: from a line's start, ending in "<verbal noun> туралы" ("... ережесін
# бекіту туралы", "... толықтырулар енгізу туралы") at the line's end, before a remark in
# brackets, or before a capitalised word that is no head (a heading joined to the next line)
_TITLE_LINE = (
    r"(?m)^[ \t]*(?P<t>\p{{Lu}}[^\n{quotes}]{{20,600}}?\p{{L}}+[уюy]\s+(?:{markers}))"
    r"(?=[ \t]*(?:\(|$)|\s+(?!(?i:{heads}))\p{{Lu}})"
)


@cache
@cached_compiles
def _title_line(phrasing: LawPhrasing) -> regex.Pattern:
    markers = "|".join(regex.escape(m) for m in phrasing.title_markers)
    quotes = regex.escape(OPEN_QUOTES + CLOSE_QUOTES)
    heads = "|".join(regex.escape(h.words[0]) for h in phrasing.heads)
    return regex.compile(_TITLE_LINE.format(quotes=quotes, markers=markers, heads=heads))


@cache
def _markers(phrasing: LawPhrasing) -> regex.Pattern:
    return regex.compile("|".join(regex.escape(m) for m in longest_first(phrasing.title_markers)) or "(?!)")


def _title_line_starts(phrasing: LawPhrasing, text: str) -> list[int]:
    """The starts of the lines a title line can begin on: a title ends in a marker after
    spaces only, so its line is the one of the last character before some marker that is
    not a space (the title expression is tried there alone rather than at every line)."""
    starts = set()
    for m in _markers(phrasing).finditer(text):
        last = _LAST_NON_SPACE.search(text, 0, m.start())
        starts.add(text.rfind("\n", 0, last.end() if last else 0) + 1)
    return sorted(starts)


_LAST_NON_SPACE = regex.compile(r"\S", regex.REVERSE)  # searched backwards from a marker


def _title_lines(phrasing: LawPhrasing, text: str) -> list[Candidate]:
    out = []
    pattern, reached = _title_line(phrasing), 0
    for line_start in _title_line_starts(phrasing, text):
        m = pattern.match(text, line_start) if line_start >= reached else None
        if m is None:
            continue
        reached = m.end()
        start, end = m.span("t")
        out.append(
            Candidate(
                start,
                end,
                "LAW",
                (Source("registry", "law-title-line"),),
                " ".join(m.group("t").split()),
                derivation=[f"{display_path(phrasing.path)}", "the title line of an act"],
                extent=(start, end),
            )
        )
    return out


def _issuer_before(issuer: regex.Pattern, text: str, pos: int) -> int | None:
    """Start of an issuer that ends (up to spaces) right at `pos`, if any."""
    m = issuer.search(text, max(0, pos - 80), pos)
    return m.start() if m else None


def _unquoted_start(
    phrasing: LawPhrasing, issuer: regex.Pattern, text: str, marker_start: int, floor: int
) -> int | None:
    """Walk left from the title marker, word by word; the title's start, or None."""
    window_start = max(floor, marker_start - 400)
    tokens = list(_WORD.finditer(text, window_start, marker_start))
    start = None
    count = 0
    for tok in reversed(tokens):
        word = tok.group()
        if not (word[0].isalpha() or word[0].isdigit()):
            break
        # an issuer ending at this word ("Қазақстан Республикасының") opens the title
        at = _issuer_before(issuer, text, tok.end())
        if at is not None and at >= window_start:
            return at
        low = word.lower()
        if low in phrasing.stop_words:
            break
        if word[0].islower() and low.endswith(phrasing.stop_endings):
            break
        if count == phrasing.max_title_words:
            return None  # still open after the longest title: no clear start
        start = tok.start()
        count += 1
        if word[0].isupper():
            break
    return start


def find_laws(text: str, root: Path | None = None, floor_of=None) -> list[Candidate]:
    """Every titled act in `text`, each with its `extent` (title, quotes and head), which no
    other registry match may overlap. `floor_of(pos)` may give the start of the sentence
    containing `pos`, so that an unquoted title never reaches into the previous one."""
    phrasing = law_phrasing(root)
    law, issuer = _compiled(phrasing, root)
    where = f"{display_path(phrasing.path)}"
    hits: list[Candidate] = []
    for m in law.finditer(text):
        index = next(int(k[1:]) for k, v in m.groupdict().items() if regex.fullmatch(r"h\d+", k) and v is not None)
        head = phrasing.heads[index]
        marker_start, marker_end = m.span("marker")
        floor = floor_of(marker_start) if floor_of else 0
        source = (Source("registry", head.id),)
        derivation = [f"{head.id} ({where}:{head.line})", f"head {m.group('head')!r}"]
        if m.group("close"):
            # quoted: the opening quote is the nearest one to the left
            open_at = max(text.rfind(q, max(floor, marker_start - 300), marker_start) for q in OPEN_QUOTES)
            if open_at < 0 or "\n" in text[open_at:marker_start]:
                continue
            titles = [(open_at, marker_end)]
            # coordinated quoted titles before it: '"А туралы" және "Б туралы" заңдарға'
            pos = open_at
            while True:
                c = _coordinated(phrasing.path.parent.parent).search(text, max(floor, pos - 400), pos)
                if not c or not c.group("t").rstrip().endswith(phrasing.title_markers):
                    break
                titles.insert(0, (c.start(), c.start("t") + len(c.group("t").rstrip())))
                pos = c.start()
            for i, (q_start, t_end) in enumerate(titles):
                t_start = q_start + 1
                while t_start < t_end and text[t_start].isspace():
                    t_start += 1
                title = text[t_start:t_end]
                start, occ_start = t_start, q_start
                at = _issuer_before(issuer, text, q_start)
                if at is not None and at >= floor:
                    title = f"{text[at:q_start].strip()} {title}"
                    start = occ_start = at
                last = i == len(titles) - 1
                head_end = extend_articles(text, m.end(), root) if head.in_span else m.end()
                end = head_end if (last and head.in_span) else t_end
                occ_end = head_end if last else t_end + 1
                if last and head.in_span and start == t_start:
                    start = q_start  # KazNERD keeps the quotes when the head is inside
                hits.append(
                    Candidate(
                        start,
                        end,
                        "LAW",
                        source,
                        _value(phrasing, title, head),
                        derivation=[*derivation, "quoted title"],
                        extent=(min(occ_start, start), max(occ_end, end)),
                    )
                )
        elif not head.quoted:
            start = _unquoted_start(phrasing, issuer, text, marker_start, floor)
            if start is None:
                continue
            title = text[start:marker_end]
            end = extend_articles(text, m.end(), root) if head.in_span else marker_end
            hits.append(
                Candidate(
                    start,
                    end,
                    "LAW",
                    source,
                    _value(phrasing, title, head),
                    derivation=[*derivation, "unquoted title"],
                    extent=(start, max(end, m.end())),
                )
            )
    return hits + _numbered_acts(phrasing, text, root, floor_of) + _title_lines(phrasing, text)

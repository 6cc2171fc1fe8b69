"""The rules as features of the NER model (the `kk_rule_features` spaCy component).

Before the model's token-to-vector layer runs, this component writes on each token the
label of the rule or registry span covering it into `Token.tag_` ("B-DATE", "I-DATE", ...;
tokens outside every span keep an empty tag). With `cues` on, a token outside every span
that is a cue word of a name type (patterns/lexicons/name_cues.yaml: "министрі",
"партиясы", "алматылық") gets "cue-POSITION", "cue-ORGANISATION", "cue-NORP" ... instead.
With `stems` on, the token's lower-case stem without case and possessive endings goes
into `Token.lemma_`. The embedding reads the TAG (and LEMMA) attributes, so the model
learns from KazNERD how far to trust each rule and cue.

The spans may come precomputed in `doc.user_data[SPANS_KEY]` as (start, end, label)
character offsets: the pipeline's Model stage passes the matches of its Rules and Registry
stages that way. Without them the component runs the grammar and the registry itself.
"""

# no `from __future__ import annotations`: spaCy 3.8.7 reads the factory's annotations to
# validate its settings, and a string annotation stops the factory from registering
import numpy
from spacy.attrs import LEMMA, ORTH, TAG
from spacy.language import Language
from spacy.tokens import Doc

from ..grammar import load_grammar
from ..patterns.morphology import strip_suffix
from ..registry.gazetteer import load_gazetteer
from .cues import load_cues

SPANS_KEY = "kk_rule_spans"
_CACHE_WORDS = 4_000  # words in each of the two generations of _WordFeatures (12,000 grew memory ~10 MB on 24 MB)


class _WordFeatures:
    """A word's cue tag and stem by its ORTH id (a hash of its text, the same in every copy of
    the model), kept across the model's renewals. Two generations bound it: a word found in
    the older one moves to the newer, and when the newer is full the older is dropped, so the
    words in use stay (a cache emptied when full lost them all, and again at each renewal)."""

    def __init__(self) -> None:
        self.newer: dict[int, tuple[str, str]] = {}
        self.older: dict[int, tuple[str, str]] = {}

    def get(self, orth: int) -> tuple[str, str] | None:
        found = self.newer.get(orth)
        if found is None:
            found = self.older.get(orth)
            if found is not None:
                self.put(orth, found)
        return found

    def put(self, orth: int, features: tuple[str, str]) -> None:
        if len(self.newer) >= _CACHE_WORDS:
            self.older, self.newer = self.newer, {}
        self.newer[orth] = features


_KEPT: dict[tuple[bool, bool], _WordFeatures] = {}  # by (stems, cues): what a word's features depend on


def rule_spans(text: str) -> list[tuple[int, int, str]]:
    """Registry and rule matches in one sentence, as (start, end, label)."""
    whole = [(0, len(text))]
    found = load_gazetteer().find(text, whole) + load_grammar().extract(text, whole)
    return [(c.start, c.end, c.type) for c in found]


class RuleFeatures:
    """Writes rule labels (and optionally stems) onto tokens; see the module docstring."""

    def __init__(self, stems: bool = False, cues: bool = False):
        self.stems = stems
        self.cues = load_cues() if cues else None
        self._word_features = _KEPT.setdefault((stems, cues), _WordFeatures())

    def __call__(self, doc: Doc) -> Doc:
        spans = doc.user_data.pop(SPANS_KEY, None)
        if spans is None:
            spans = rule_spans(doc.text)
        tags = [""] * len(doc)
        for start, end, label in spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                tags[span.start : span.end] = ["B-" + label] + ["I-" + label] * (len(span) - 1)
        strings = doc.vocab.strings
        attrs, columns = [TAG], [tags]
        if self.cues or self.stems:
            features = [self._features(strings, orth) for orth in doc.to_array(ORTH).tolist()]
            if self.cues:
                tags[:] = [tag or cue for tag, (cue, _) in zip(tags, features)]
            if self.stems:
                attrs.append(LEMMA)
                columns.append([stem for _, stem in features])
        doc.from_array(attrs, numpy.array([[strings.add(v) for v in col] for col in columns], dtype="uint64").T)
        return doc

    def _features(self, strings, orth: int) -> tuple[str, str]:
        """The cue tag ("cue-POSITION" or "") and the stem of a word, cached by its ORTH id."""
        found = self._word_features.get(orth)
        if found is None:
            text = strings[orth]
            cue = self.cues.label_of(text) if self.cues else ""
            found = ("cue-" + cue if cue else "", strip_suffix(text.lower()) if self.stems else "")
            self._word_features.put(orth, found)
        return found


@Language.factory("kk_rule_features", default_config={"stems": False, "cues": False})
def make_rule_features(nlp: Language, name: str, stems: bool, cues: bool) -> RuleFeatures:
    return RuleFeatures(stems, cues)

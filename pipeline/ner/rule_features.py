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
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import load_gazetteer
from ..grammar import load_grammar
from ..morphology import strip_suffix
from .cues import load_cues

SPANS_KEY = "kk_rule_spans"


def rule_spans(text: str) -> list[tuple[int, int, str]]:
    """Registry and rule matches in one sentence, as (start, end, label)."""
    whole = [(0, len(text))]
    found = load_gazetteer().find(text, whole) + load_grammar().extract(text, whole)
    return [(c.start, c.end, c.type) for c in found]


@lru_cache(maxsize=200_000)
def _stem(lower: str) -> str:
    return strip_suffix(lower)


class RuleFeatures:
    """Writes rule labels (and optionally stems) onto tokens; see the module docstring."""

    def __init__(self, stems: bool = False, cues: bool = False):
        self.stems = stems
        self.cues = load_cues() if cues else None

    def __call__(self, doc: Doc) -> Doc:
        spans = doc.user_data.pop(SPANS_KEY, None)
        if spans is None:
            spans = rule_spans(doc.text)
        for start, end, label in spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                for i, token in enumerate(span):
                    token.tag_ = ("I-" if i else "B-") + label
        if self.cues:
            for token in doc:
                if not token.tag_:
                    cue = self.cues.label_of(token.text)
                    if cue:
                        token.tag_ = "cue-" + cue
        if self.stems:
            for token in doc:
                token.lemma_ = _stem(token.lower_)
        return doc


@Language.factory("kk_rule_features", default_config={"stems": False, "cues": False})
def make_rule_features(nlp: Language, name: str, stems: bool, cues: bool) -> RuleFeatures:
    return RuleFeatures(stems, cues)

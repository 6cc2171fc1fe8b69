"""How often the suffix stripper (pipeline/patterns/morphology.strip_suffix) gives UD Kazakh
KTB's lemma: FORM -> LEMMA, lower case, on every word token (not punctuation, numbers,
symbols), and on nouns and proper nouns alone (the names the stripper serves), without and
with the stems the registry and the lexicons know protected.

    python benchmarks/lemma_accuracy.py [UD_KTB_DIR]
"""

import sys
from collections import Counter
from pathlib import Path

from pipeline.paths import patterns_dir
from pipeline.patterns.lexicons import months, number_words
from pipeline.patterns.morphology import strip_suffix
from pipeline.patterns.yamlfile import load_yaml
from pipeline.registry.gazetteer import load_gazetteer

SKIP = {"PUNCT", "NUM", "SYM", "X"}


def tokens(folder: Path):
    for path in sorted(folder.glob("*.conllu")):
        for line in path.open(encoding="utf-8"):
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 10 and cols[0].isdigit() and cols[3] not in SKIP:
                yield cols[1].lower(), cols[2].lower(), cols[3]


def known_stems() -> frozenset[str]:
    """Words the registry and the lexicons know: they are never cut below themselves."""
    words = set(load_gazetteer().proper_stems())
    words.update(w.lower() for w in number_words().all_words())
    words.update(w.lower() for w in months().months)
    cues = load_yaml(patterns_dir() / "lexicons" / "name_cues.yaml").get("cues", {})
    words.update(w.lower() for ws in cues.values() for w in ws)
    return frozenset(words)


def main() -> None:
    folder = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "shared" / "data" / "ud_kazakh_ktb"
    )
    keep = known_stems()
    right, total = Counter(), Counter()
    for form, lemma, upos in tokens(folder):
        groups = (
            ["all"] + (["nouns"] if upos in ("NOUN", "PROPN") else []) + (["proper nouns"] if upos == "PROPN" else [])
        )
        for group in groups:
            total[group] += 1
            right[(group, "plain")] += strip_suffix(form) == lemma
            right[(group, "protected")] += strip_suffix(form, keep=keep) == lemma
    print(f"UD Kazakh KTB ({folder.name}), {len(keep)} protected stems")
    print(f"{'tokens':<14}{'count':>8}{'plain':>10}{'protected':>11}")
    for group in ("all", "nouns", "proper nouns"):
        n = total[group]
        print(f"{group:<14}{n:>8}{right[(group, 'plain')] / n:>10.3f}{right[(group, 'protected')] / n:>11.3f}")


if __name__ == "__main__":
    main()

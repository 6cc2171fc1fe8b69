"""Print how often the kk tokenizer agrees with the gold tokenisation of KazNERD and UD Kazakh KTB.

python benchmarks/tokenizer_agreement.py [SHARED_DATA_DIR]
"""

import sys
from pathlib import Path

from pipeline.evaluation.tokenizer_agreement import conllu_pairs, iob2_pairs, measure

data = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data"
sources = [(f"KazNERD {n}", iob2_pairs, data / "kaznerd" / n) for n in ("kaznerd_valid.iob2", "kaznerd_test_part.iob2")]
sources += [
    (f"UD Kazakh KTB {n}", conllu_pairs, data / "ud_kazakh_ktb" / n)
    for n in ("kk_ktb-ud-train.conllu", "kk_ktb-ud-test.conllu")
]
for label, reader, path in sources:
    print(f"{label}: {measure(reader(path))}")
    print(f"  counting number endings as split the documented way: {measure(reader(path), documented_split=True)}")

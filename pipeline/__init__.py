"""kazfacts: structured facts from Kazakh texts, each linked to its place in the source.

import pipeline
pipeline.extract("2013 жылы 90,9% дауыс берді", date="2022")   # DataFrame of facts
facts, documents = pipeline.run(["corpus"])                    # DataFrames
"""

from .threads import one_blas_thread

one_blas_thread()  # before numpy loads (pandas loads it)

from .run import RunResult, extract, run  # noqa: E402

__all__ = ["RunResult", "extract", "run"]

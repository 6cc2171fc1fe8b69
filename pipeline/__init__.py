"""kazfacts: structured facts from Kazakh texts, each linked to its place in the source.

import pipeline
pipeline.extract("2013 жылы 90,9% дауыс берді", date="2022")   # DataFrame of facts
facts, documents = pipeline.run(["corpus"])                    # DataFrames
"""

from .run import RunResult, extract, run

__all__ = ["RunResult", "extract", "run"]

"""One BLAS thread per process, set before numpy loads.

The NER model's matrix products are small: a second OpenBLAS thread never makes them faster
and costs about 38 % more CPU, and `--jobs N` runs N processes on N cores. The variables
are only defaulted: a value the user set wins, and numpy loaded earlier keeps its own."""

from __future__ import annotations

import os

BLAS_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def one_blas_thread() -> None:
    """Default every BLAS thread-count variable to 1."""
    for name in BLAS_VARIABLES:
        os.environ.setdefault(name, "1")

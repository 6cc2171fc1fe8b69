"""The analyst's review of a run's tables: the HTML report of a run and the diff of two runs."""

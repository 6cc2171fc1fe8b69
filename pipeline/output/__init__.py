"""A run's outputs: the tables, written as their documents come and published together (table.py), their Parquet copies (parquet.py) and the saved texts the facts point into (saved.py)."""

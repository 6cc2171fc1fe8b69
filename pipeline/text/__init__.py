"""Text in: reading documents (ingest), the normalised text with its offset map, and sentences."""

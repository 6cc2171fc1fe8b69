"""Text in: reading documents (ingest), the normalised text with its offset map, sentences, and the document's structure."""

"""Named-entity recognition at run time: the spaCy and Stanza backends, the rule features and
name cues the shipped model reads, and the model itself in `model/` (`pipeline.train` rebuilds it)."""

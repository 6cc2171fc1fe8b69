"""spaCy language classes provided by this project."""

"""Claims: what each number of a document is about (subject, measure, time, source), the
links between claims of different documents, and the run's timeline."""

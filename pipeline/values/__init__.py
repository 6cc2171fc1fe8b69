"""Value builders: pure functions from a rule's filled slots to a normalised value, and the
typed columns (numbers, date ranges) read off a normalised value."""

"""Value builders: pure functions from a rule's filled slots to a normalised value."""

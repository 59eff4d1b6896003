"""The other direction: the government's letter read, its clauses recognised, redlined into a
counter-draft, and later versions compared round by round."""

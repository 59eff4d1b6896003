"""Step 3, drafting: a plan turned into the packet's documents (Word, Markdown, calendar)."""

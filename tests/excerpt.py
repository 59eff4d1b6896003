"""One excerpt read as the recognition tests read it: paragraphs at blank lines, reviewed with the library."""
from __future__ import annotations

from pathlib import Path

from drafter.docx.letters import Letter, make_paragraphs
from drafter.review.review import review_parsed


def review_excerpt(text: str, library):
    letter = Letter(Path("excerpt.txt"), "txt", make_paragraphs([p for p in text.split("\n\n") if p.strip()]))
    return review_parsed(letter, library)

"""Where the counter-draft puts new paragraphs and how it numbers them: before the closing or
signature block after the last clause, in the letter's own numbering style (none on a copy
with parts missing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import labels
from .excerpts import CLOSING, is_partial
from .headings import headings_of

if TYPE_CHECKING:                                     # pragma: no cover
    from .review import Review


def insertion_point(review: Review) -> int:
    """The index (in the letter's paragraphs) before which new paragraphs go: the closing or
    signature block after the last clause or numbered paragraph, else the end."""
    paras = review.letter.paragraphs
    numbered = [i for i, p in enumerate(paras) if labels.numbered(p.norm)]
    base = max(numbered + [0])
    closing = next((i for i in range(base + 1, len(paras)) if CLOSING.match(paras[i].norm)), len(paras))
    # a clause found below the closing (the client's "I have read this letter" above the
    # signature lines) must not push new paragraphs past the signatures
    found = [f.paragraph.number - 1 for f in review.found if f.paragraph.number - 1 < closing]
    last = max(found + numbered + [0])
    for i in range(last + 1, len(paras)):
        if CLOSING.match(paras[i].norm):
            return i
    # no closing: right after the last clause, before whatever the copy carries below it (a form
    # number, a Bates stamp, a page footer, a note that the rest of the copy is missing)
    at = last + 1
    while at < len(paras) and _continues(paras[at].norm):     # the clause's own items run on
        at += 1
    return min(at, len(paras))


def _continues(text: str) -> bool:
    """A paragraph that carries on the one before: a lettered item, or text starting in lower case."""
    start = text.lstrip()
    return bool(start) and (start[0].islower() or labels.sub_label_at(start, 0, len(start)) is not None)


def partial_copy(review: Review) -> bool:
    """Does the copy say that parts of the letter are missing, or lack any closing or signature?"""
    return is_partial(review.letter.text) or not any(CLOSING.match(p.norm) for p in review.letter.paragraphs)


def uses_headings(review: Review) -> bool:
    """Do the letter's numbered paragraphs open with run-in headings ("3. Breach. ...")? New
    paragraphs then carry one too; otherwise they follow the letter's plain style."""
    numbered = [p for p in review.letter.paragraphs if labels.numbered(p.norm)]
    heads = headings_of(review.letter)
    titled = sum(1 for p in numbered if p.number in heads)
    return bool(numbered) and titled * 2 >= len(numbered)


def numbering(review: Review, before: int):
    """A function giving the label of the n-th new paragraph, continuing the letter's numbers
    in the letter's own style ("7." -> "8.", "SIXTEENTH," -> "SEVENTEENTH,"); "" for an
    unnumbered letter, and for a copy with parts missing (the next number may already be taken
    by a paragraph the copy lacks)."""
    if partial_copy(review):
        return lambda i: ""
    for p in reversed(review.letter.paragraphs[:before]):
        last = labels.numbered(p.norm)
        if last is not None:
            return last.following
    return lambda i: ""


# --- building the counter-draft ----------------------------------------------------------------------

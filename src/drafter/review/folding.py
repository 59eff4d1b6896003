"""Round 11: words of one clause that another type's signals also read.

A plea agreement's duty to cooperate says what the person will provide and how: "provide complete and
truthful information", "cooperate fully and truthfully", "give a full, complete, and truthful statement to
law enforcement". The proffer letter's truthfulness clause (``truthfulness``) is recognised by the same
adjectives, but it governs the answers given at the meeting. Where the text has no proffer, meeting or
interview in it at all, the adjectives that qualify the undertaking to cooperate are that undertaking's
own words, not a second clause: the truthfulness hit is folded into the duty to cooperate (and so does not
make a plea quotation look like a proffer letter). In a proffer letter the same words stay its
truthfulness clause, which the kind then decides.

Also: a letter's copy-distribution list ("cc: ... Clerk of Court -- to be filed under seal") names who gets a copy
and how; it states no term of the agreement, so nothing recognised in it counts (``tidy``).
"""

from __future__ import annotations

import re

from ..docx.letters import Letter
from .recognise import _PROFFER, Hit, _count

# the words between the duty's match and the adjectives' match: a few words, no end of a clause
_BETWEEN = re.compile(r"^[^.;:]{0,25}$")


def _qualifies(h: Hit, duty: list[Hit]) -> bool:
    """Is the truthfulness hit in a sentence that holds the paragraph's duty to cooperate (``Hit.spans``: the units
    the duty's signals read), or does it directly follow or precede the duty's match?"""
    for c in duty:
        if c.paragraph.number != h.paragraph.number:
            continue
        if any(a <= h.start and h.end <= b for a, b in c.spans) or h.start < c.end and c.start < h.end:
            return True
        between = h.paragraph.norm[c.end:h.start] if c.end <= h.start else h.paragraph.norm[h.end:c.start]
        if _BETWEEN.match(between) and len(between.split()) <= 3:
            return True
    return False


# round 12: the adjectives that qualify a debriefing ("complete and truthful debriefings") describe the cooperator's
# debriefings, which are the duty to cooperate's, wherever in the text they stand
_DEBRIEFING = re.compile(r"^\W*(?:[a-z]+\s+){0,2}?debrief", re.I)


def fold_truthfulness(letter: Letter, hits: dict[str, list[Hit]]) -> None:
    """Drop the truthfulness hits that are the adjectives of a duty to cooperate, in a text with no proffer."""
    truth, duty = hits.get("truthfulness"), hits.get("cooperation-duty")
    if not truth or not duty:
        return
    folded = [h for h in truth if _qualifies(h, duty) or _DEBRIEFING.match(h.paragraph.norm[h.end:h.end + 60])]
    if folded and _count(_PROFFER, letter.text, negatable=False) == 0:
        hits["truthfulness"] = [h for h in truth if h not in folded]


# round 11: the copy-distribution list after the signature: "cc:" (or "bcc:", "Copies to:") and its short entries
_CC = re.compile(r"^\s*(?:b?cc|copies\s+to|copy\s+to)\s*:", re.I)


def distribution(letter: Letter) -> set[int]:
    """The numbers of the paragraphs that make up the letter's copy-distribution list."""
    out: set[int] = set()
    inside = False
    for para in letter.paragraphs:
        text = para.norm.strip()
        if _CC.match(text):
            inside = True
        elif not inside or len(text) > 160 or text.endswith("."):
            inside = False
        if inside:
            out.add(para.number)
    return out


def tidy(letter: Letter, hits: dict[str, list[Hit]]) -> None:
    """Round 11's two corrections to the hits: the copy list's, and a duty to cooperate's own adjectives."""
    cc = distribution(letter)
    if cc:
        for type_id, hs in hits.items():
            if any(h.paragraph.number in cc for h in hs):
                hits[type_id] = [h for h in hs if h.paragraph.number not in cc]
    fold_truthfulness(letter, hits)

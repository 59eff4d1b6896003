"""One breach trigger throughout a company's agreement.

Where the counter-draft narrows a company's breach trigger ("commits any crime after signing this
Agreement") to a felony under United States federal law, the same words elsewhere in the body
that also speak of an offense after signing or during the term ("should the Company commit any
crimes subsequent to the date of signing", "the Company will commit no crime during the term")
are narrowed the same way, so that the agreement does not set two triggers. The anchors are the
company edits of the breach and no-further-offenses clauses (``party: company`` replacements that
put in the felony words); a sentence that does not speak of the future (an admission that
employees "committed a crime") is never touched, nor is a paragraph that already says "felony".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..docx.normalize import TITLE_DOT
from .redline import Change, Edit, _case, _sentence_start, join_edits, sentence_end

if TYPE_CHECKING:                                     # pragma: no cover
    from .review import Review

FELONY = "felony under United States federal law"
TYPES = ("breach", "no-new-crimes")
# the sentence speaks of conduct after signing, during the term, or of a breach
_FUTURE = re.compile(
    r"\b(?:after|subsequent\s+to|following)\s+(?:the\s+)?(?:date\s+(?:of\s+)?)?(?:(?:the\s+)?signing|execution|"
    r"this\s+Agreement)|\bduring\s+the\s+(?:term|deferral\s+period|period)\b|\bbreach\w*|"
    r"\bsubject\s+to\s+prosecution\b|\bthereafter\b", re.I)
_ALREADY = re.compile(r"\bfelon(?:y|ies)\b", re.I)
NOTE = ("The same trigger as the counter-draft sets elsewhere: an offense counts here only if it is a "
        "felony under United States federal law, so that the agreement does not set two triggers "
        "for a breach.")


def _anchors(review: Review) -> list:
    out = []
    for type_id in TYPES:
        t = review.library.types.get(type_id)
        if t is None or "defense-proposed" not in t.variants:
            continue
        out += [e for e in t.variants["defense-proposed"].edits
                if e.party == "company" and e.action == "replace" and FELONY in e.text and e.pattern is not None]
    return out


def same_trigger(review: Review, changes: list[Change], limit: int) -> list[Change]:
    """The felony trigger wherever else the body of a company's agreement makes any offence after
    signing a breach. Returns the new changes; adds to the planned ones in place."""
    if review.doc.party != "company" or not any(FELONY in e.new for c in changes for e in c.edits):
        return []
    anchors = _anchors(review)
    planned = {c.paragraph.number: c for c in changes}
    out: list[Change] = []
    for para in review.letter.paragraphs[:limit]:
        if _ALREADY.search(para.norm):
            continue
        c = planned.get(para.number)
        taken = c.edits if c is not None else []
        edits: list[Edit] = []
        for e in anchors:
            for m in e.pattern.finditer(para.norm):
                a = _sentence_start(para.norm, m.start())
                b = sentence_end(para.norm, m.end())
                if not _FUTURE.search(para.norm[a:b]):
                    continue
                s, t = para.original_span(m.start(), m.end())
                if any(s < o.end and o.start < t for o in taken + edits):
                    continue
                words = _case(m.expand(e.text).replace(TITLE_DOT, "."), para.text[:s])
                edits.append(Edit(s, t, words, e.why))
        if not edits:
            continue
        review.same_trigger.append(para.number)
        new = join_edits(para, c, edits, NOTE)
        if new is not None:
            out.append(new)
    return out

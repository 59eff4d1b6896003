"""One standard throughout the letter.

Where the counter-draft puts a decision of the Office on a good-faith footing, the same change is
made wherever else the body leaves a decision on the other side's conduct to the Office's sole
discretion (breach, compliance, truthfulness, the value of its help), so that the agreement does
not set two standards. The Office's say over publishing the agreement or passing on what it learns
is no such decision and is left as written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..docx.normalize import TITLE_DOT
from .redline import Change, Edit, _sentence_start, join_edits, sentence_end

if TYPE_CHECKING:                                     # pragma: no cover
    from .review import Review


# The Office's unreviewable standard for a decision ("in its sole discretion", "a matter for this
# Office's sole discretion", "in the sole discretion of this Office", "in its exclusive judgment").
_WHOSE = r"(its|the\s+Government['’]s|the\s+Office['’]s|this\s+Office['’]s|the\s+USAO['’]s|the\s+United\s+States['’])"
_SOLE = re.compile(_WHOSE + r"\s+(?:sole|exclusive|absolute)(?:\s+and\s+(?:absolute|exclusive|unreviewable))?\s+"
                   r"(?:discretion|judgment|determination)\b", re.I)
_SOLE_OF = re.compile(r"\bthe\s+(?:sole|exclusive|absolute)\s+(?:discretion|judgment)\s+of\s+(this\s+Office|"
                      r"the\s+Office|the\s+Government|the\s+United\s+States|the\s+USAO)\b", re.I)


# A decision on the other side's conduct (breach, compliance, truthfulness, the value of its help): the
# decisions one standard must govern. The Office's say over publishing the agreement or passing on
# what it learns is no such decision, and "good-faith judgment" there would read as nonsense.
_ON_CONDUCT = re.compile(r"\b(?:breach\w*|violat\w*|compl(?:ied|y|ies|iance)\b|truthful\w*|assistance|"
                         r"cooperat\w*|fail\w*\s+to|fulfil\w*|satisf\w*|lied|false|"
                         r"(?:finds?|found|determines?)\s+that)", re.I)


# The letter already keeps review of the decision for bad faith ("is not subject to review except
# for bad faith"): its standard is already good faith, and "good-faith judgment" there says nothing new.
REVIEWED = re.compile(r"\bexcept\s+for\s+bad\s+faith\b|"
                      r"\b(?:reviewable|review)\s+(?:only\s+)?for\s+(?:bad|good)\s+faith\b", re.I)
# ... or bars any review of it ("The Fraud Section's decision is final and is not subject to review by
# any court"): beside a good-faith standard that would invite review and forbid it at once, so the
# bar keeps review for bad faith (the words some agreements already use: "not subject to review
# except for bad faith").
_NO_REVIEW = re.compile(r"\b(?:is|are|shall\s+be|will\s+be)\s+(?:final\s+and\s+)?not\s+subject\s+to\s+(?:any\s+)?"
                        r"(?:judicial\s+)?review(?:\s+by\s+(?:the|any)\s+court)?(?!\s+except)", re.I)


def consistent(review: Review, changes: list[Change], limit: int) -> list[Change]:
    """Where the counter-draft puts a decision of the Office on a good-faith footing, the same
    change wherever else the body leaves a decision to its sole discretion (in the changed
    paragraphs too): an agreement must not set two standards (good faith for the motion, sole
    discretion for breach). Returns the new changes; adds to the planned ones in place."""
    # an edit keeps the Office's own words around the ones it changes ("in its [exclusive] judgment")
    made = [e for c in changes for e in c.edits
            if "good-faith" in e.new and _SOLE.search(c.paragraph.text[max(0, e.start - 30):e.end + 30] or "")]
    if not made:
        return []
    planned = {c.paragraph.number: c for c in changes}
    out = []
    for para in review.letter.paragraphs[:limit]:
        c = planned.get(para.number)
        taken = c.edits if c is not None else []
        edits: list[Edit] = []
        reviewed = REVIEWED.search(para.norm) is not None
        for rx, words in ((_SOLE, r"\1 good-faith judgment"), (_SOLE_OF, r"the good-faith judgment of \1")):
            for m in rx.finditer(para.norm):
                sentence = para.norm[_sentence_start(para.norm, m.start()):sentence_end(para.norm, m.end())]
                s, t = para.original_span(m.start(), m.end())
                if any(s < o.end and o.start < t for o in taken + edits):
                    continue
                if not _ON_CONDUCT.search(sentence):
                    review.standard_left.append((para.number, "other"))   # a release or a disclosure, not conduct
                    continue
                if reviewed:
                    review.standard_left.append((para.number, "reviewed"))
                    continue
                edits.append(Edit(s, t, m.expand(words).replace(TITLE_DOT, "."), made[0].why))
        if _ON_CONDUCT.search(para.norm) and not reviewed:
            for m in _NO_REVIEW.finditer(para.norm):
                s, t = para.original_span(m.start(), m.end())
                if not any(s < o.end and o.start <= t for o in taken + edits):
                    edits.append(Edit(t, t, " except for bad faith", made[0].why))
        if not edits:
            continue
        review.same_standard.append(para.number)
        new = join_edits(para, c, edits, "The same standard as the counter-draft sets elsewhere: the Office's "
                         "decision here is made in good faith, not in its sole discretion, so that the agreement "
                         "does not set two standards for its decisions.")
        if new is not None:
            out.append(new)
    return out

"""Library wording and the letter's words as the attorney reads them: a clause's excerpt from
the government's text, and template facts shown as bracketed gaps."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..environment import GAP_CLOSE, GAP_OPEN
from ..labels import label_end

if TYPE_CHECKING:
    from .recognise import Hit


def gaps_to_brackets(text: str) -> str:
    return text.replace(GAP_OPEN, "[").replace(GAP_CLOSE, "]")


def placeholder_source(text: str) -> str:
    """Template text with every ``{{ fact }}`` made a marked gap, labelled by its ``need("...")``
    label or its name (``analysis.mandatory_minimum_months | months`` -> MANDATORY MINIMUM MONTHS)."""
    def label(m: re.Match) -> str:
        expr = m.group(1)
        need = re.search(r"need\(\s*['\"]([^'\"]+)['\"]", expr)
        if need:
            name = need.group(1)
        else:
            head = re.split(r"[|(]", expr)[0].strip().split(".")[-1]
            name = head.replace("_", " ").upper() or "FACT"
        return GAP_OPEN + name + GAP_CLOSE

    return re.sub(r"\{\{(.*?)\}\}", label, text, flags=re.S)


def clause_words(hit: Hit) -> tuple[str, str]:
    """The Office's own words behind a finding, for choosing its risk note: the sentence (unit)
    holding the match, and the whole paragraph (both as matched, normalised)."""
    para = hit.paragraph
    a, b = next(((a, b) for a, b in hit.spans if a <= hit.start < b), (0, len(para.norm)))
    return para.norm[a:b], para.norm


def excerpt(hit: Hit, limit: int = 420, window: int = 300) -> str:
    """The clause's words from the government's text: the unit holding the match, or about
    300 characters around the match when that unit is long."""
    para = hit.paragraph
    unit = next(((a, b) for a, b in hit.spans if a <= hit.start < b), None)
    if unit is None:                       # the match is the clause's run-in heading
        first = hit.spans[0]
        unit = (min(label_end(para.norm), hit.start), first[1]) if hit.start < first[0] else first
    a, b = unit
    if b - a > limit:
        mid = (hit.start + hit.end) // 2
        a = max(unit[0], min(mid - window // 2, hit.start))
        b = min(unit[1], max(a + window, hit.end))
        while a > unit[0] and not para.norm[a - 1].isspace():
            a -= 1
        while b < unit[1] and not para.norm[b].isspace():
            b += 1
    oa, ob = para.original_span(a, b)
    text = " ".join(para.text[oa:ob].split())
    return ("…" if a > unit[0] else "") + text + ("…" if b < unit[1] else "")


# A copy of the letter with parts missing: a cut marked "[...]", a note that the rest is not in
# the copy, words the copy could not read.
_PARTIAL = re.compile(r"\[\s*(?:\.\.\.|…)\s*\]|\[[^\]]{0,40}\b(?:remainder|not\s+in\s+the\s+(?:available\s+)?copy|"
                      r"missing|omitted)\b[^\]]{0,80}\]", re.I)


def is_partial(text: str) -> bool:
    """Does the text say that parts of the letter are missing from this copy?"""
    return bool(_PARTIAL.search(text))


# The closing and signature block of a letter or an agreement.
CLOSING = re.compile(
    r"^\s*(?:very\s+truly\s+yours|sincerely|respectfully(?:\s+submitted)?|yours\s+(?:truly|sincerely)|"
    r"by\s*:|agreed(?:\s+and\s+(?:accepted|consented)(?:\s+to)?)?\s*[:,]?\s*$|accepted\s*[:,]?|approved\s*:|"
    r"agreed\s+(?:and\s+\w+\s+)?to\s*:|_{4,}|dated?\s*:|signature)", re.I)

"""The checklist's point on a company's clause that the library answers with edits written for a
company (``party: company``): what those edits ask where they apply, never the fallback written
for a person's agreement, and a plain word where the letter already gives it all."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:                                     # pragma: no cover
    from ..law.clauses import Variant
    from .review import Review

# the checklist's point on a company's clause where none of the library's company edits applies
GRANTED = ("Nothing to add in the redline: the letter already gives what a company usually asks for here, or "
           "words it in a way the library's changes do not reach; check the clause against the company's "
           "circumstances.")


def company_point(review: Review, proposed: Variant, number: int | None, point: str, fallback: Any):
    """A company's clause the library answers with edits written for a company: the point is what
    the edits that apply here ask (each company edit's own `ask`, else the variant's edit summary),
    and the fallback, written for a person's agreement, is left out. Where no company edit applies
    (the letter already says it all) the point says so."""
    from .redline import fits_document

    para = next((p for p in review.letter.paragraphs if p.number == number), None)
    if para is None:
        return point, fallback
    live = [e for e in proposed.edits if fits_document(e, review)
            and not (e.unless and re.search(e.unless, para.norm, re.I))
            and (e.action == "append" or (e.pattern is not None and e.pattern.search(para.norm)))]
    company = [e for e in live if e.party == "company"]
    if not live:
        return GRANTED, None
    if not company:
        return point, fallback
    own = list(dict.fromkeys(e.ask for e in company if e.ask))
    # every edit that applies has its own ask: those say it all; else the summary leads
    alone = own and all(e.ask for e in company) and len(company) == len(live)
    lead = [] if alone or not proposed.edit_summary else [proposed.edit_summary]
    return " ".join(lead + own) or point, None

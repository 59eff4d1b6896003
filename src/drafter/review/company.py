"""The checklist's point on a company's clause that the library answers with edits written for a
company (``party: company``): what those edits ask where they apply, never the fallback written
for a person's agreement, and a plain word where the letter already gives it all."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:                                     # pragma: no cover
    from ..law.clauses import Variant
    from .review import Review

# Library notes written for a person that read wrongly for a company, though no word of them is a
# person's status (the dockind filter's list): a client who testifies, forgets or is credible, a
# meeting or proffer session, a translation, "he"/"she". A company's agreement shows the type's own
# company wording instead (``review: company_note`` / ``company_ask``), or nothing.
PERSON_NOTE = re.compile(
    r"\b(?:the|your|a)\s+client\b|\bclient['’]s\b|\b(?:he|she|him|his|hers?)\b|"
    r"\btestimony\s+at\s+trial\b|(?-i:\bMeeting\b)|\bmeetings?\s+with\s+agents\b|\bproffer\w*|\btalks\b|"
    r"\btranslat\w*|\bliberty\b|\bcredibility\b|\brecollection\b|\bmemory\b|\bstatements?\s+(?:made\s+)?to\s+agents\b|"
    r"\bforeign-notice\b|\blimits\s+on\s+use\b|\bParra\b", re.I)


# Authorities that speak of an individual defendant: a person's proffer waiver (Mezzanatto, Parra),
# a cooperator's breach (Manafort), a person's proffer report sent abroad (McKnight), and the
# disclosure owed about a cooperating witness (Brady, Giglio, the Jencks Act). A company's report
# does not cite them, or flag them to be verified, as if the company were that defendant; the
# person's report keeps them.
PERSON_AUTHORITY = re.compile(
    r"\bMezzanatto\b|\bParra\b|\bManafort\b|\bMcKnight\b|\bBrady\b|\bGiglio\b|\bJencks\b|"
    r"\b(?:U\.S\.C\.\s*)?§\s*3500\b")


def authority_fits(text: str, dk) -> bool:
    """May a company's (or a person's) report cite this authority, or flag it to be verified?"""
    return not (dk.company and PERSON_AUTHORITY.search(text))


def cites_for(cites, dk) -> list[str]:
    """The authorities a report may cite for this document, each once (``dockind.cite_fits``, and
    none written for an individual defendant in a company's)."""
    from .dockind import cite_fits

    return [c for c in dict.fromkeys(cites) if cite_fits(c, dk) and authority_fits(c, dk)]


def speaks_of_person(text: str) -> bool:
    """Do these library words speak of a person where a company's agreement is reviewed?"""
    return bool(text) and PERSON_NOTE.search(text) is not None


def personal(text: str, dk) -> bool:
    """Words written for a person's agreement, read in a company's."""
    return bool(dk.company) and (speaks_of_person(text) or PERSON_AUTHORITY.search(text) is not None)


def fits_party(text: str, dk) -> bool:
    """Library words that fit this document: nothing presumes a person, a plea or a charge it lacks
    (``dockind.wording_fits``), and for a company, nothing written for a person's meeting or testimony."""
    from .dockind import wording_fits

    return wording_fits(text, dk) and not personal(text, dk)


def company_ask(review: Review, type_id: str) -> str:
    """The type's own ask for a company (``review: company_ask``), in the letter's terms; "" for a
    person's letter or a type without one."""
    t = review.library.types[type_id]
    if not (review.doc.company and t.company_ask):
        return ""
    if t.company_given_ask and _letter_words(review, t.company_given, ("given", type_id)):
        return review.in_terms(t.company_given_ask)      # the letter gives part of it: ask for the rest
    return review.in_terms(t.company_ask)


def granted_words(review: Review, type_id: str) -> str | None:
    """The sentence of a company's letter that already gives what the type's company ask asks for
    (the Office already brings the cooperation to other authorities' attention; the duty to
    cooperate already keeps the privilege and the data-protection laws): every one of the type's
    ``company_granted`` patterns matches the letter's body. None for a person's letter, a type
    without such patterns, or a letter that does not give it all."""
    t = review.library.types[type_id]
    return _letter_words(review, t.company_granted, ("granted", type_id)) if review.doc.company else None


def _letter_words(review: Review, patterns: tuple[str, ...], key: tuple[str, str]) -> str | None:
    """The letter's sentences that every one of ``patterns`` matches (in its body), quoted; None
    when one of them matches nowhere or there are none."""
    if not patterns:
        return None
    cache = review.__dict__.setdefault("_granted", {})
    if key in cache:
        return cache[key]
    from .counterdraft import insertion_point
    body = review.letter.paragraphs[:insertion_point(review)]
    words: list[str] = []
    for pattern in patterns:
        hit = next(((p, m) for p in body if (m := re.search(pattern, p.norm, re.I))), None)
        if hit is None:
            cache[key] = None
            return None
        p, m = hit
        s, e = p.original_span(m.start(), m.end())
        # the sentence from the words that grant it, never cut inside a word
        a = max(p.text.rfind(". ", 0, s) + 2, 0) if ". " in p.text[:s] else 0
        b = p.text.find(". ", e)
        start = a if s - a <= 120 else p.text.rfind(" ", 0, s) + 1
        words.append(("…" if start > a else "") + " ".join(p.text[start:len(p.text) if b < 0 else b + 1].split()))
    cache[key] = "”; “".join(dict.fromkeys(words))
    return cache[key]


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
    # an edit that looks through the body (``within: body``) applies where any paragraph has its anchor
    body = review.letter.paragraphs if any(e.within == "body" for e in proposed.edits) else []
    live = [e for e in proposed.edits if fits_document(e, review)
            and not (e.unless and re.search(e.unless, para.norm, re.I))
            and (e.action == "append" or (e.pattern is not None and (
                e.pattern.search(para.norm) or e.within == "body" and any(e.pattern.search(p.norm) for p in body))))]
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


def breach_ref(review: Review | None) -> str:
    """" as paragraph 10 defines breach": the letter's own reference to the paragraph that defines a
    breach (the breach clause found in it), in its own case ("Paragraph 10" where the letter writes
    so, "Section VIII(a)"), for the Office's promise conformed to the breach paragraph; "" where the
    letter does not number that paragraph ("... does not breach this Agreement")."""
    if review is None:
        return ""
    from .places import paragraph_ref

    f = next((f for f in review.found if f.type == "breach"), None)
    if f is None:
        return ""
    ref = paragraph_ref(review.letter, f.paragraph.number)
    if not re.match(r"(?:Paragraph|Section)\s+[\w.()]+$", ref):
        return ""                          # "the paragraph beginning ...": no number to cite
    if ref.startswith("Paragraph "):
        lower = len(re.findall(r"\bparagraphs?\s+\d", review.letter.text))
        upper = len(re.findall(r"\bParagraphs?\s+\d", review.letter.text))
        ref = ("Paragraph " if upper > lower else "paragraph ") + ref.removeprefix("Paragraph ")
    return f" as {ref} defines breach"

"""Who the agreement is with (an individual or a company) and what it is.

``review.classify`` decides the contract's three kinds (proffer | cooperation | plea-cooperation);
this module refines them for the attorney: a non-prosecution or deferred-prosecution agreement,
or an immunity letter, and whether the other party is a person or an organisation. The refined
kind decides which asks fit: a company has no custody, criminal history, family or Rule 35(b),
and where nothing is charged there are no "counts charged in this case" to dismiss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOCUMENT_KINDS = ("proffer", "immunity", "cooperation", "plea-cooperation", "npa", "dpa")
DOCUMENT_NAMES = {
    "proffer": "proffer letter", "immunity": "immunity letter", "cooperation": "cooperation agreement",
    "plea-cooperation": "plea agreement with cooperation terms", "npa": "non-prosecution agreement",
    "dpa": "deferred prosecution agreement",
}


def _rx(p: str) -> re.Pattern:
    return re.compile(p, re.I)


_COMPANY_DEFINED = _rx(r"[(\[]\s*(?:the\s+|collectively,?\s+)?[\"“']\s*(?:Company|Bank|Corporation|Firm|Partnership|"
                       r"Entity|Defendant\s+Company)\s*[\"”']")
_COMPANY_NAME = re.compile(r"\b(?:Inc|Corp|Co|Ltd|L\.?L\.?C|L\.?P|N\.A|S\.A|A\.G|plc|PLC|LLP|GmbH)\b\.?|"
                           r"\b(?:Corporation|Incorporated|Company|Bank|Holdings)\b")
_COMPANY_TERM = _rx(r"\bthe\s+(?:Company|Bank|Corporation|Firm|Partnership|Entity)(?:'s|’s)?\b")
_COMPANY_ONLY = _rx(r"\b(?:board\s+of\s+directors|compliance\s+program|corporate\s+(?:monitor|compliance)|"
                    r"(?:officers|directors|employees)\s*,?\s+(?:and|or)\s+agents|subsidiar(?:y|ies)|affiliates|"
                    r"successors?\s+(?:and|or)\s+assigns|monitorship|shareholders?|"
                    r"(?:corporate\s+)?(?:leniency|amnesty)\s+(?:application|applicant)|"
                    r"its\s+(?:parent|officers|directors|employees|business\s+operations|"
                    r"(?:former\s+)?(?:officers|employees)))\b")
_PERSON_TERM = _rx(r"\b(?:your\s+client|the\s+defendant|the\s+witness|"
                   r"(?<!attorney-)(?<!attorney\s)Client(?![\s-]+privilege)|(?:his|her)\s+(?:attorney|counsel|"
                   r"testimony|statements?|plea)|he\s+or\s+she|him\s+or\s+her)\b")

_NPA = _rx(r"\bnon-?\s?prosecution\s+agreement\b")
_NPA_GRANT = _rx(r"\b(?:will|shall|agrees?\s+(?:that\s+it\s+will\s+)?)\s*not\s+(?:criminally\s+)?prosecute\b")
_DPA = _rx(r"\bdeferred\s+prosecution\s+agreement\b")
_DPA_FILED = _rx(r"\b(?:information|deferral)\b[^.]{0,120}\b(?:defer|deferred|dismiss)")
_IMMUNITY = _rx(r"\b(?:informal|letter|use)\s+immunity\b|\bimmunity\s+letter\b|"
                r"\b(?:will\s+not\s+make\s+(?:any\s+)?|make\s+no\s+|not\s+(?:to\s+)?make\s+)direct\s+or\s+"
                r"indirect\s+use\b")
_NEGATED = _rx(r"\b(?:not|no|neither|nor)\s+(?:an?\s+|any\s+|to\s+enter\s+into\s+an?\s+)?(?:[\w-]+\s+(?:or|,)\s+)*"
               r"(?:[\w-]+\s+)?$")
# "has made no promise to file any motion or to enter into a plea or non-prosecution agreement":
# the denial reaches every agreement the clause lists after "enter into"
_NO_PROMISE_OF = _rx(r"\b(?:no|not|never|without)\b[^.;:]{0,100}\b(?:enter\s+into|offer(?:ing)?|promis\w*)\s+"
                     r"(?:(?:a|an|any)\s+)?(?:[\w-]+\s+(?:or|,)\s+)*(?:[\w-]+\s+)?$")
_CHARGED = _rx(r"\b(?:indictment|information|complaint)\b[^.]{0,60}\b(?:charg|fil|pending|returned)|"
               r"\bcounts?\s+(?:\w+\s+){0,3}of\s+the\s+(?:\w+\s+)?(?:indictment|information)|\bCase\s+No\.|"
               r"\bcharged\s+(?:in|by)\s+(?:the|this)\s+(?:indictment|information|complaint|case)")


@dataclass(frozen=True)
class DocumentKind:
    kind: str            # one of DOCUMENT_KINDS
    party: str           # individual | company
    charged: bool        # the letter refers to a pending charge against the other party

    @property
    def name(self) -> str:
        return DOCUMENT_NAMES[self.kind]

    @property
    def company(self) -> bool:
        return self.party == "company"


def _affirmed(rx: re.Pattern, text: str) -> int:
    """Mentions of the pattern that are not denials ("this is not a non-prosecution agreement")."""
    n = 0
    for m in rx.finditer(text):
        before = text[max(0, m.start() - 90):m.start()]
        before = re.split(r"[.;:]\s", before)[-1]
        if _NEGATED.search(before) or _NO_PROMISE_OF.search(before):
            continue
        n += 1
    return n


def party_of(text: str) -> str:
    """``company`` when the agreement defines or mostly speaks of an organisation, else ``individual``."""
    company = len(_COMPANY_TERM.findall(text)) + 2 * len(_COMPANY_ONLY.findall(text))
    person = len(_PERSON_TERM.findall(text))
    if _COMPANY_DEFINED.search(text) and company >= 2:
        return "company"
    if company >= 6 and company > 2 * person or company >= 3 and person == 0:
        return "company"
    return "individual"


def detect(text: str, base_kind: str) -> DocumentKind:
    """Refine the contract's kind (proffer | cooperation | plea-cooperation) from the letter's text."""
    party = party_of(text)
    charged = bool(_CHARGED.search(text))
    kind = base_kind
    head = text[:1500]
    npa = _affirmed(_NPA, text)
    dpa = _affirmed(_DPA, text)
    proffer_form = re.search(r"\bproffer\s+(?:agreement|letter|session)|\b(?:is|constitutes?)\s+not\s+(?:a|an)\s+"
                             r"(?:cooperation|immunity|non-?prosecution)\s+agreement", text, re.I)
    if base_kind == "plea-cooperation" or proffer_form:
        # a plea agreement, or a proffer letter ("not an immunity or non-prosecution agreement")
        if base_kind == "proffer" and _affirmed(_IMMUNITY, text) and not proffer_form:
            kind = "immunity"
        return DocumentKind(kind, party, charged)
    # What the document calls itself and what it grants decide, whichever contract kind the
    # clauses pointed to (a short NPA or immunity letter holds few clauses of either group).
    if dpa and (dpa >= npa) and (_DPA_FILED.search(text) or dpa >= 2):
        kind = "dpa"
    elif npa and (_NPA_GRANT.search(text) or _affirmed(_NPA, head)):
        kind = "npa"
    elif party == "company" and _NPA_GRANT.search(text):
        kind = "npa"
    elif base_kind == "proffer" and _affirmed(_IMMUNITY, text):
        kind = "immunity"
    return DocumentKind(kind, party, charged)


# --- what fits the party and the kind -----------------------------------------------------------

# Types that only make sense for a person: custody, sentence reductions for a defendant's
# assistance, the person's own safety, language and immigration.
INDIVIDUAL_ONLY = frozenset({
    "rule-35b", "safety-valve-use", "safety-protection", "immigration", "interpreter", "below-minimum-motion",
    "undercover", "polygraph", "plea-withdrawal",
})
# Types that assume a pending charge against the other party.
CHARGED_ONLY = frozenset({"dismissal", "plea-withdrawal"})
# Words that must never reach a company's agreement in our wording.
INDIVIDUAL_WORDS = re.compile(
    r"\b(?:custody|criminal\s+history|career\s+offender|famil(?:y|ies)|Rule\s+35|incarcerat\w*|"
    r"imprisonment|his\s+or\s+her|safety\s+valve|3553\(f\)|3553\(e\)|WITSEC|interpreter)\b", re.I)
CHARGED_WORDS = re.compile(r"\bcharged\s+in\s+this\s+case\b|\bremaining\s+counts\b|\bthe\s+indictment\b|"
                           r"\boriginal\s+charges\b|\breinstat\w*\s+(?:\w+\s+)?charges\b|"
                           r"\bdismissed\s+(?:counts|charges)\b", re.I)


def fits(type_id: str, dk: DocumentKind) -> bool:
    """May we propose wording of this type in this document?"""
    if dk.company and type_id in INDIVIDUAL_ONLY:
        return False
    if not dk.charged and type_id in CHARGED_ONLY:
        return False
    if dk.kind in ("npa", "dpa", "immunity") and type_id in ("substantial-assistance-motion", "rule-35b",
                                                              "below-minimum-motion", "dismissal",
                                                              "guideline-use-protection", "plea-withdrawal"):
        return False
    return True


NO_PLEA_WORDS = re.compile(r"\bplea\b|\bsentenc\w*|\bdismissed\s+charges\b", re.I)


def wording_fits(text: str, dk: DocumentKind) -> bool:
    """Our proposed words contain nothing that presumes a person or a charge the letter lacks."""
    if dk.company and INDIVIDUAL_WORDS.search(text):
        return False
    if not dk.charged and CHARGED_WORDS.search(text):
        return False
    if dk.kind in ("npa", "dpa") and NO_PLEA_WORDS.search(text):
        return False
    return True

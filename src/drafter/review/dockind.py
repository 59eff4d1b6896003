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
# A name in a legal form only an organisation has (a law firm's LLP or P.C. is counsel, not the party)
# (round 11: a quoting court's or paper's bracketed name, "[Hollinger] Inc."; and the words that end only a business's
# name, never a person's: "Purdue Pharma", "Example Pharmaceuticals", "Example Bank", "Example Airlines")
_ENTITY = (r"(?:\[?[A-Z][\w&'’.,\]-]*\s+){1,6}?(?:AG|A\.G\.|Inc\.?|Incorporated|Corp\.?|Corporation|Co\.|Ltd\.?|"
           r"Limited|L\.?L\.?C\.?|N\.A\.|S\.A\.|S\.p\.A\.|N\.V\.|B\.V\.|plc|PLC|GmbH|SA|NV|BV|"
           r"Partners|Holdings|Group|(?<!\bThe\s)(?<!\bthe\s)Company|"
           r"Pharma|Pharmaceuticals|Bancorp|(?<!\bThe\s)(?<!\bthe\s)Bank|Airlines|Technologies|Industries|Enterprises|"
           # round 9: the name in capitals, as a caption or a title gives it ("CHIPOTLE MEXICAN GRILL, INC.")
           r"INC\.?|INCORPORATED|CORP\.?|CORPORATION|LTD\.?|LIMITED|HOLDINGS|(?<!\bTHE\s)COMPANY)(?![\w-])")
ENTITY_NAME = re.compile(r"(?<![\w&'’.,-])" + _ENTITY)
# ... and that name is the party: the letter is about it ("Re:"), gives it a short name, grants or
# defers its prosecution, or speaks of its cooperation
_ENTITY_PARTY = re.compile(
    r"\bRe:\s*(?:[^\n]{0,80}?\bv\.?\s+)?" + _ENTITY + r"|"
    # the other party of an agreement made "between" the Office "and" the organisation
    r"\bbetween\s+(?:the\s+)?(?:United\s+States|U\.S\.|Department|Office|Government|[\w\s,.'’]{0,80}?(?:Office|Section|"
    r"Division|Department))[^.;]{0,120}?\band\s+" + _ENTITY + r"|"
    + _ENTITY + r",?\s*(?:\([^()]{0,80}\)\s*)?(?:[^()\n]{0,120}?)"
    r"\(\s*(?:the\s+|collectively,?\s+)?[\"“'‘]{1,2}\s*[A-Z]|"
    r"(?:prosecut\w*|charges?|agreement|cooperation)\s+(?:of\s+|against\s+|with\s+)?" + _ENTITY + r"|"
    # the organisation described by its legal form
    + _ENTITY + r",?\s*(?:\([^()]{0,80}\)\s*)?,\s+an?\s+(?:corporation|company|bank|partnership)\s+"
    r"(?:organized|incorporated|existing)|"
    # the party under a short name in capitals beside the government ("The United States and EHSI agree"):
    # a person is called by name or as the defendant, never by initials
    r"\b(?:United\s+States|Government|Office|Department)\s+and\s+(?!(?:USAO|DOJ|FBI|SEC|IRS|DEA|ATF)\b)"
    r"[A-Z][A-Z&]{2,7}\s+(?:jointly\s+)?(?:agree|enter|stipulate)")
# round 7: a party that signs "pursuant to authority granted by its Board of Directors" (or a board resolution) is an
# organisation, whatever its name's form ("KPMG LLP ... by its undersigned attorneys, pursuant to authority ...")
# (round 9: also "by the Boards of Directors" of a firm's entities)
_BOARD_AUTHORITY = _rx(r"\bauthority\s+(?:granted|given|conferred)\s+(?:to\s+\S+\s+)?by\s+(?:its|the|their)\s+"
                       r"boards?\s+of\s+directors\b|"

                       r"\b(?:a\s+)?resolution\s+of\s+its\s+board\b|\bits\s+board\s+of\s+directors\s+(?:has\s+)?(?:authorized|"
                       r"resolved|approved)\b")
# round 7: a letter addressed to an organisation (its name on a line of its own, or after "TO:", in the opening), as the
# pretrial-diversion form is ("TO: Prudential Securities Incorporated ... you are accused"); decisive only where the
# letter speaks of no person
_ADDRESSEE_ENTITY = re.compile(r"^[^\S\n]*(?:TO:\s*)?" + _ENTITY + r"[^\S\n]*$", re.M)
# round 7: an organisation in a partnership's form named as the defendant ("the defendant KPMG LLP")
_DEFENDANT_PARTNERSHIP = re.compile(r"\b[Dd]efendant,?\s+(?:[A-Z][\w&'’.,-]*\s+){1,4}?"
                                    r"(?:LLP|L\.L\.P\.|LP|L\.P\.)\s*[,(]")
# round 6: the letter's client named in a legal form ("your client, Example Holdings Ltd."): "your client" is it
_CLIENT_ENTITY = re.compile(r"\b[Yy]our\s+client,?\s+" + _ENTITY)
# an organisation defined as "defendant": "the defendant" then speaks of it
_ENTITY_DEFENDANT = re.compile(_ENTITY + r",?\s*\(\s*[\"“']\s*(?:the\s+)?defendant\s*[\"”']\s*\)|"
                               r"\b[Dd]efendant,?\s+" + _ENTITY + r"\s*[,(]|"
                               # round 12: the organisation, its short name, then "the defendant" or "its attorneys" in
                               # apposition ("ZTE Corporation (ZTEC), the defendant, by and through its attorneys";
                               # "between X Corporation (X), its attorneys, and the Office"): a person has "his"
                               + _ENTITY + r"(?:\s*\([^()]{1,40}\))?,\s+(?:the\s+defendant\b|(?:by\s+and\s+through\s+)?"
                               r"its\s+(?:attorneys|counsel|undersigned)\b)")
# a defendant spoken of as "it" ("the defendant and its Related Entities", "the defendant ... its website"):
# corporate plea agreements call the organisation "the defendant"; a person is never "its"
_DEFENDANT_ITS = _rx(r"\bthe\s+defendant\s+(?:and|or)\s+its\b|\bthe\s+defendant\s+(?:\S+\s+){0,4}(?:its|itself)\s+"
                     r"(?:own\s+)?(?:related\s+entities|subsidiaries|affiliates|parent|officers|directors|employees|"
                     r"website|business|compliance)\b|\brelated\s+entities\b|"
                     # round 11: the charge "charging it with" (a person is never "it"); a parent, affiliate or
                     # subsidiary "of the defendant"; "the defendant corporation"; a corporate plea's "organizational
                     # defendant"
                     r"\b(?:information|indictment|complaint)\s+(?:\S+\s+){0,3}?charg(?:ing|es)\s+it\s+with\b|"
                     r"\b(?:parent|affiliate|division|subsidiary)\s+of\s+the\s+defendant\b|"
                     r"\bthe\s+defendant\s+(?:corporation|company|organi[sz]ation|entity|partnership|bank|firm)\b|"
                     r"\borgani[sz]ational\s+defendant\b")
# the organisation as the one who undertakes: "The Company shall ...", "Example Corp. agrees to ..."
_COMPANY_SUBJECT = re.compile(r"(?:\b[Tt]he\s+(?:Company|Bank|Corporation|Firm|Partnership|Entity)|" + _ENTITY + r")\s+"
                              r"(?:shall|will|agrees?|must|acknowledges?|admits?|accepts?|understands?|represents?|"
                              r"enters?\s+into)\b")      # round 7: "... and Example Pharma LLC enter into"
_COMPANY_TERM = _rx(r"\bthe\s+(?:Company|Bank|Corporation|Firm|Partnership|Entity)(?:'s|’s)?\b")
_COMPANY_ONLY = _rx(r"\b(?:board\s+of\s+directors|compliance\s+program|corporate\s+(?:monitor|compliance)|"
                    r"(?:officers|directors|employees)\s*,?\s+(?:and|or)\s+agents|subsidiar(?:y|ies)|affiliates|"
                    r"successors?\s+(?:and|or)\s+assigns|monitorship|shareholders?|"
                    r"(?:corporate\s+)?(?:leniency|amnesty)\s+(?:application|applicant)|"
                    r"corporate\s+(?:leniency|amnesty)|"
                    r"monetary\s+penalty|remedia(?:l\s+(?:actions?|measures|efforts)|tion)|internal\s+investigation|"
                    r"mak\w*\s+(?:(?:its|their|all|any)\s+)?(?:\S+\s+){0,2}(?:employees|officers|directors)\b|"
                    r"(?:their|its)\s+(?:(?:current|former|signatory)\s+)?(?:directors|officers)\b|"
                    r"officers\s+(?:and|or)\s+employees(?!\s+of\s+(?:the\s+)?(?:United|government|federal|state))|"
                    r"its\s+(?:parent|officers|directors|employees|business\s+operations|"
                    r"(?:former\s+)?(?:officers|employees)))\b")
# round 11: a person named or spoken of (a title, "he", "she", a first-person plea form's "I")
_PERSON_NAMED = re.compile(r"\b(?:Mr|Ms|Mrs|Dr)\.\s|\b(?:[Hh]e|[Ss]he|[Hh]im|[Hh]is|[Hh]er|[Hh]imself|[Hh]erself|I)\b")
_PERSON_TERM = _rx(r"\b(?:your\s+client|the\s+defendant|the\s+witness|"
                   r"(?<!attorney-)(?<!attorney\s)Client(?![\s-]+privilege)|(?:his|her)\s+(?:attorney|counsel|"
                   r"testimony|statements?|plea)|he\s+or\s+she|him\s+or\s+her)\b")

_NPA = _rx(r"\bnon-?\s?prosecution\s+agreement\b")
# round 6: also the grant by what the Office gives up ("hereby agrees to decline prosecution of Stryker")
# round 7: "agrees not to prosecute", and the grant recited by a letter that supplements it ("the Office agreed not
# to prosecute Whitehall"): the supplement belongs to the non-prosecution agreement
_NPA_GRANT = _rx(r"\b(?:will|shall|agree[sd]?\s+(?:that\s+it\s+will\s+)?)\s*not\s+(?:to\s+)?(?:criminally\s+)?"
                 r"prosecute\b|"
                 r"\b(?:will|shall|agrees?\s+to)\s+(?:forgo|forego|decline|refrain\s+from)\s+(?:criminal\s+)?prosecut|"
                 # round 8: an NPA letter's opening grant by two offices ("neither SDNY nor DANY will criminally
                 # prosecute Chevron Corporation")
                 r"\bneither\s+(?:\S+\s+){1,40}?nor\s+(?:\S+\s+){1,30}?(?:will|shall)\s+(?:criminally\s+)?prosecute\b")
# round 7: a pretrial diversion agreement (Justice Manual 9-22.000) holds a person's prosecution off while the person
# meets its conditions, and returns an unsuccessful one for prosecution: of the kinds here, a deferred prosecution
_DPA = _rx(r"\bdeferred\s+prosecution\s+agreement\b|\bpre-?trial\s+diversion\s+agreement\b")
_LENIENCY = _rx(r"\b(?:conditional|unconditional|corporate|grant\w*|receive|forfeit\w*)\s+(?:\w+\s+){0,2}leniency\b|"
                r"\bleniency\s+(?:letter|agreement|policy|program)\b")
# what a DPA does, whatever it calls itself: "Deferral of Prosecution", "the prosecution of X ... be deferred"
# round 7: also "deferring prosecution in this District", "Prosecution will be deferred during the term" (the
# pretrial-diversion letter form, to a person or a company)
_DEFERRAL = _rx(r"\bdeferral\s+of\s+(?:the\s+)?prosecution\b|\bprosecution\s+of\s+(?:\S+\s+){1,16}?(?:be|is|shall\s+be|"
                r"will\s+be)\s+(?:and\s+hereby\s+is\s+)?deferred\b|\bdefer(?:s|red|ring)?\s+(?:the\s+|any\s+|further\s+)?"
                r"(?:criminal\s+)?prosecution\b|\bprosecution\s+(?:\S+\s+){0,4}?(?:will|shall|is\s+to)\s+be\s+deferred\b|"
                # round 8: a diversion's promise to dismiss the whole charge once the person has kept the agreement ("if
                # Biden complies with all of his ... obligations under this Agreement, then the United States will file
                # a motion ... seeking the dismissal of the Information"); a plea dismisses the remaining counts instead
                r"\bif\s+(?:\S+\s+){1,4}?(?:compl(?:y|ies)|has\s+complied)\s+with\s+(?:\S+\s+){0,8}?(?:obligations|terms|"
                r"conditions)\s+(?:under|of)\s+(?:this|the)\s+(?:agreement|letter)\b[^;]{0,200}?\b(?:dismiss|dismissal\s+of)\s+"
                r"(?:the\s+)?(?:information|indictment|complaint)\b")
# round 7: the document named as a deferred prosecution agreement by its title or by itself
_SELF_DPA = re.compile(r"\b(?:this|the\s+present)\s+(?:deferred\s+prosecution|pre-?trial\s+diversion)\s+agreement\b|"
                       r"^\W*(?:deferred\s+prosecution|pre-?trial\s+diversion)\s+agreement\b", re.I | re.M)
# an FCPA declination (Corporate Enforcement Policy, Pilot Program): the Department closes its investigation of a
# company; the nearest kind is a non-prosecution agreement, never a proffer (round 6)
_DECLINATION = _rx(r"\b(?:is|are|has|have)\s+(?:now\s+)?clos(?:ing|ed)\s+(?:its|our|the|this)\s+(?:\S+\s+){0,2}"
                   r"(?:investigation|inquiry)|\bdeclination\b|\b(?:Corporate\s+Enforcement|Pilot)\s+(?:Policy|Program)\b")
# round 9: a company's letter that grants "protection against prosecution" (the Tax Division's approval of the
# protection "set forth below") is a non-prosecution agreement; "does not provide any protection against prosecution"
# grants none
_PROTECTION = _rx(r"\bprotection\s+(?:against|from)\s+(?:criminal\s+)?prosecution\b")
_PROTECTION_DENIED = _rx(r"\b(?:not|no|nothing|without)\b[^.;]{0,60}$")
# round 9: a promise that the person will not be charged on the strength of what the person said ("will not be charged
# with any Federal or State drug offenses based upon the statements which he made") is letter (informal) immunity
_CHARGE_IMMUNITY = _rx(r"\b(?:will|shall)\s+not\s+be\s+(?:charged|prosecuted|indicted)\b[^.]{0,120}?\bbased\s+"
                       r"(?:up)?on\s+"
                       r"(?:the\s+|any\s+|his\s+|her\s+)?(?:statements?|testimony|information)\s+(?:which|that|(?:he|she)\s|"
                       r"\[(?:he|she)\])")
_TERM = re.compile(r"\b(?:during|of|after)\s+the\s+Term\b")
_INFORMATION = re.compile(r"\b(?:the|criminal)\s+Information\b")
_DPA_FILED = _rx(r"\b(?:information|deferral)\b[^.]{0,120}\b(?:defer|deferred|dismiss)")
_IMMUNITY = _rx(r"\b(?:informal|letter|use)\s+immunity\b|\bimmunity\s+(?:letter|agreement)\b|"   # round 7: "agreement"
                r"\b(?:will\s+not\s+make\s+(?:any\s+)?|make\s+no\s+|not\s+(?:to\s+)?make\s+)direct\s+or\s+"
                r"indirect\s+use\b|"
                # the grant said as what it covers: no use of the statements or testimony, nor of what
                # is derived from them ("will not use any statement ..., or any information directly or
                # indirectly derived from those statements, against her")
                r"\bwill\s+not\s+use\s+(?:any\s+)?(?:statements?|testimony)\b[^.]{0,200}?\b(?:information|evidence)\s+"
                r"(?:directly\s+or\s+indirectly\s+)?derived\s+(?:directly\s+or\s+indirectly\s+)?from\s+(?:those|such|these|"
                r"the|her|his|their)\s+(?:statements|testimony)[^.]{0,40}\bagainst\b")
_NEGATED = _rx(r"\b(?:not|no|neither|nor)\s+(?:an?\s+|any\s+|to\s+enter\s+into\s+an?\s+)?(?:[\w-]+\s+(?:or|,)\s+)*"
               r"(?:[\w-]+\s+)?$")
# "has made no promise to file any motion or to enter into a plea or non-prosecution agreement":
# the denial reaches every agreement the clause lists after "enter into"
# (round 9: "Nothing in this letter commits the Office to offering your client a plea or immunity agreement")
_NO_PROMISE_OF = _rx(r"\b(?:no|not|never|without|nothing)\b[^.;:]{0,100}\b(?:enter\w*\s+into|offer(?:ing)?|"
                     r"promis\w*)\s+"
                     r"(?:(?:your\s+client|him|her|the\s+\w+)\s+)?(?:(?:a|an|any)\s+)?(?:[\w-]+\s+(?:or|,)\s+)*(?:[\w-]+\s+)?$")
# "will consider a nonprosecution agreement": a proffer letter that promises only to think about one
_CONSIDER = _rx(r"\b(?:consider|considering|discuss|discussing|negotiat\w+|toward|towards)\s+"
                r"(?:entering\s+into\s+|offering\s+)?(?:(?:a|an|any)\s+)?(?:[\w-]+\s+(?:or|,)\s+)*(?:[\w-]+\s+)?$")
_CHARGED = _rx(r"\b(?:indictment|information|complaint)\b[^.]{0,60}\b(?:charg|fil|pending|returned)|"
               r"\bcounts?\s+(?:\w+\s+){0,3}of\s+the\s+(?:\w+\s+)?(?:indictment|information)|\bCase\s+No\.|"
               r"\bcharged\s+(?:in|by)\s+(?:the|this)\s+(?:indictment|information|complaint|case)")


@dataclass(frozen=True)
class DocumentKind:
    kind: str            # one of DOCUMENT_KINDS
    party: str           # individual | company
    charged: bool        # the letter refers to a pending charge against the other party
    program: str = ""    # a program's model agreement (the Swiss Bank Program), issued on one form

    @property
    def name(self) -> str:
        return DOCUMENT_NAMES[self.kind]

    @property
    def company(self) -> bool:
        return self.party == "company"


def _ocr_title(text: str, title: str) -> list[int]:
    """Where a scan's OCR spells a document's name with a few wrong letters ("Non-Prt>!>ecutiun
    Agrecmcnl"): two or three words starting like the name whose letters are close to it."""
    import difflib

    want = re.sub(r"[^a-z]", "", title.lower())
    words = list(re.finditer(r"\S+", text))
    out = []
    for i, w in enumerate(words):
        if not re.sub(r"[^a-z]", "", w.group().lower()).startswith(want[:3]):
            continue
        for n in (2, 3):
            got = re.sub(r"[^a-z]", "", " ".join(x.group() for x in words[i:i + n]).lower())
            if abs(len(got) - len(want)) <= 4 and difflib.SequenceMatcher(None, got, want).ratio() >= 0.75:
                out.append(w.start())
                break
    return out


def _affirmed(rx: re.Pattern, text: str) -> int:
    """Mentions of the pattern that are not denials ("this is not a non-prosecution agreement")."""
    return _affirmed_at([m.start() for m in rx.finditer(text)], text)


def _affirmed_at(starts: list[int], text: str) -> int:
    n = 0
    for start in starts:
        before = text[max(0, start - 90):start]
        before = re.split(r"[.;:]\s", before)[-1]
        if _NEGATED.search(before) or _NO_PROMISE_OF.search(before) or _CONSIDER.search(before):
            continue
        n += 1
    return n


def party_of(text: str) -> str:
    """``company`` when the agreement defines or mostly speaks of an organisation, else ``individual``."""
    company = len(_COMPANY_TERM.findall(text)) + 2 * len(_COMPANY_ONLY.findall(text))
    person = len(_PERSON_TERM.findall(text))
    if _COMPANY_DEFINED.search(text) and company >= 2 or _ENTITY_DEFENDANT.search(text) or _DEFENDANT_ITS.search(text) \
            or _CLIENT_ENTITY.search(text) or _BOARD_AUTHORITY.search(text) or _DEFENDANT_PARTNERSHIP.search(text):
        return "company"
    if (_ENTITY_PARTY.search(text) or _COMPANY_SUBJECT.search(text) or _ADDRESSEE_ENTITY.search(text[:800])) \
            and (person == 0 or company > max(person, 1)):
        return "company"
    if company >= 6 and company > 2 * person or company >= 2 and person == 0:
        return "company"
    if person == 0 and not _PERSON_NAMED.search(text) and ENTITY_NAME.search(text):
        return "company"        # round 11: no person in the text at all, and an organisation named in a legal form
    return "individual"


# The Tax Division's Program for Non-Prosecution Agreements or Non-Target Letters for Swiss Banks
# (2013): one model agreement for every bank in a category; a scan may misread "Bank".
_PROGRAM = _rx(r"\bSwiss\s+\S{3,5}\s+Program\b")


# round 11: a person's undertaking to cooperate (to give information and testimony, to be debriefed, to commit no
# crime, to work undercover) comes, in the usual practice of the districts, from a plea agreement that holds
# cooperation terms (the S.D.N.Y. and E.D.N.Y. "cooperation agreement" holds the plea itself), unless the text names
# itself a stand-alone cooperation agreement ("COOPERATION AGREEMENT", "this cooperation agreement"), names the
# separate plea agreement it supplements, or speaks of a proffer or a meeting (``recognise.KindEvidence``). A lawyer
# reading one or two such sentences infers the plea agreement; so does a text, with a person or a company, that names
# the plea agreement as its own ("relating to the conduct described in the Plea Agreement").
_PLEA_NAMED = re.compile(r"\bplea\s+agreement\b", re.I)


def _plea_holds_cooperation(text: str, dk: DocumentKind, evidence) -> bool:
    """Is a document read as a cooperation agreement, which does not name itself one, a plea agreement's terms?"""
    if dk.kind != "cooperation" or evidence is None or evidence.self_cooperation or evidence.plea_elsewhere \
            or evidence.proffer or evidence.proffer_strong:
        return False
    if _affirmed(_PLEA_NAMED, text):
        return True
    return dk.party == "individual" and evidence.cooperation + evidence.cooperation_types >= 1


def detect(text: str, base_kind: str, evidence=None) -> DocumentKind:
    """Refine the contract's kind (proffer | cooperation | plea-cooperation) from the letter's text
    (``evidence``: the ``recognise.KindEvidence`` the contract's kind was decided on, where there is one)."""
    dk = _detect(text, base_kind)
    if _plea_holds_cooperation(text, dk, evidence):
        dk = DocumentKind("plea-cooperation", dk.party, dk.charged)
    if dk.party == "company" and _PROGRAM.search(text):
        return DocumentKind(dk.kind, dk.party, dk.charged, "Swiss Bank Program")
    return dk


# round 12: what a document calls itself outweighs the clauses' group: a text titled or naming itself a deferred
# prosecution or pretrial diversion agreement, that does not name itself a plea agreement, is a DPA even where its
# clauses read as a plea's (a DPA opening that recites a subsidiary's guilty plea); so is a diversion letter to a
# person, which speaks of the person's diversion program and of no plea at all ("If you violate the conditions of your
# program, ... the prosecution will be resumed")
_PLEA_SELF = re.compile(r"\b(?:this|the\s+present)\s+(?:\w+\s+)?plea\s+agreement\b|"
                        r"^\W*plea\s+(?:and\s+\w+\s+)?agreement\b", re.I | re.M)
_DIVERSION = _rx(r"\b(?:pre-?trial\s+)?diversion\s+program\b")
_ANY_PLEA = re.compile(r"\bplea\b|\bplead|\bpled\b", re.I)


def _diversion_or_deferral(text: str) -> bool:
    if _PLEA_SELF.search(text):
        return False
    return bool(_affirmed(_SELF_DPA, text) or _affirmed(_DIVERSION, text) and not _ANY_PLEA.search(text))


def _detect(text: str, base_kind: str) -> DocumentKind:
    party = party_of(text)
    charged = bool(_CHARGED.search(text))
    kind = base_kind
    head = text[:1500]
    npa = _affirmed(_NPA, text)
    npa_head = _affirmed(_NPA, head)
    if not npa:                     # a scan that misreads a few letters of the name
        npa = npa_head = _affirmed_at(_ocr_title(head, "non-prosecution agreement"), head)
    dpa = _affirmed(_DPA, text)
    deferral = _affirmed(_DEFERRAL, text)
    proffer_form = re.search(r"\bproffer\s+(?:agreement|letter|session)|\b(?:is|constitutes?)\s+not\s+(?:a|an)\s+"
                             r"(?:cooperation|immunity|non-?prosecution)\s+agreement", text, re.I)
    if base_kind == "plea-cooperation" and not proffer_form and _diversion_or_deferral(text):
        return DocumentKind("dpa", party, charged)
    if base_kind == "plea-cooperation" or proffer_form:
        # a plea agreement, or a proffer letter ("not an immunity or non-prosecution agreement")
        if base_kind == "proffer" and _affirmed(_IMMUNITY, text) and not proffer_form:
            kind = "immunity"
        return DocumentKind(kind, party, charged)
    # What the document calls itself and what it grants decide, whichever contract kind the
    # clauses pointed to (a short NPA or immunity letter holds few clauses of either group).
    # a company's agreement with a defined Term that speaks of a filed Information, and never calls itself a
    # non-prosecution agreement, is a deferred prosecution agreement (an NPA files no charge)
    filed_term = party == "company" and not npa and _TERM.search(text) and _INFORMATION.search(text)
    self_dpa = _affirmed(_SELF_DPA, text)
    diverted = not npa and _diversion_or_deferral(text)
    filed = _DPA_FILED.search(text) or dpa >= 2 or self_dpa
    if dpa and (dpa >= npa) and filed or deferral and not npa or filed_term or diverted:
        kind = "dpa"
    elif npa and (_NPA_GRANT.search(text) or npa_head):
        kind = "npa"
    elif party == "company" and (_NPA_GRANT.search(text) or _LENIENCY.search(text) or _DECLINATION.search(text)
                                 or any(not _PROTECTION_DENIED.search(text[max(0, m.start() - 60):m.start()])
                                        for m in _PROTECTION.finditer(text))):
        kind = "npa"        # a leniency letter is a conditional grant of non-prosecution
    elif base_kind in ("proffer", "cooperation") and party == "individual" and (_affirmed(_IMMUNITY, text)
                                                                              or _CHARGE_IMMUNITY.search(text)):
        kind = "immunity"       # round 7: whichever group its few clauses fell in ("IMMUNITY AGREEMENT", a letter
                                # that grants a witness use immunity for her testimony)
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
# Words that must never reach a company's agreement in our wording: a person's liberty, family
# and status (an organisation is not detained, removed, married or debriefed, and does not flee).
INDIVIDUAL_WORDS = re.compile(
    r"\b(?:custody|criminal\s+history|career\s+offender|famil(?:y|ies)|Rule\s+35|incarcerat\w*|"
    r"imprisonment|his\s+or\s+her|safety\s+valve|3553\(f\)|3553\(e\)|WITSEC|interpreter|"
    r"immigra\w*|removal|deport\w*|marital|spous\w*|debrief\w*|proactive|fugitive|flight|flee\w*|"
    r"detention|detainer|bail)\b", re.I)
CHARGED_WORDS = re.compile(r"\bcharged\s+in\s+this\s+case\b|\bremaining\s+counts\b|\bthe\s+indictment\b|"
                           r"\boriginal\s+charges\b|\breinstat\w*\s+(?:\w+\s+)?charges\b|"
                           r"\bdismissed\s+(?:counts|charges)\b", re.I)


# Types whose defense wording is written for a cooperating person: a company's grant is drawn
# around the conduct in its statement of facts, and the library has no company wording for it.
NO_COMPANY_ASK = frozenset({"non-prosecution"})


def fits(type_id: str, dk: DocumentKind) -> bool:
    """May we propose wording of this type in this document?"""
    if dk.company and (type_id in INDIVIDUAL_ONLY or type_id in NO_COMPANY_ASK):
        return False
    if not dk.charged and type_id in CHARGED_ONLY:
        return False
    if dk.kind in ("npa", "dpa", "immunity") and type_id in ("substantial-assistance-motion", "rule-35b",
                                                              "below-minimum-motion", "dismissal",
                                                              "guideline-use-protection", "plea-withdrawal"):
        return False
    return True


# ... nor a motion for a lower sentence (USSG § 5K1.1, 18 U.S.C. § 3553(e), Rule 35(b)) and the
# cases on refusing one (Wade, Knights)
NO_PLEA_WORDS = re.compile(r"\bplea\b|\bsentenc\w*|\bdismissed\s+charges\b|\bguidelines?\s+range\b|"
                           r"\b(?:the|no|any|a|its|that)\s+motions?\b|\bmotions?\s+(?:for|under)\b|"
                           r"\bsubstantial[-\s]assistance\b|\bWade\b|\bKnights\b|\b5K\d?\.\d\b|\b1B1\.8\b", re.I)
# Authorities that speak only to a plea or a sentence: no citation for a non-prosecution or
# deferred-prosecution agreement, where nobody pleads or is sentenced on the agreement's terms.
PLEA_CITES = re.compile(r"\b11\s*\((?:c|d)\)|\b1B1\.8\b|\b5K1\.[12]\b|\b5C1\.2\b|\b3553\s*\((?:e|f)\)|"
                        r"Rule\s+35|\b35\s*\(b\)|\bWade\s+v\.|\bv\.\s+Knights\b|\bMelendez\s+v\.", re.I)


def cite_fits(cite: str, dk: DocumentKind) -> bool:
    """May the checklist cite this authority for this document?"""
    if dk.kind in ("npa", "dpa") and PLEA_CITES.search(cite):
        return False
    return not (dk.company and INDIVIDUAL_WORDS.search(cite))


def verify_fits(text: str, dk: DocumentKind) -> bool:
    """Does a [VERIFY] flag concern this document (not a sentencing motion's case for an NPA, not
    a person's debriefing for a company)?"""
    if dk.kind in ("npa", "dpa") and (PLEA_CITES.search(text) or re.search(r"\b(?:Wade|Knights|Melendez)\b", text)):
        return False
    return not (dk.company and INDIVIDUAL_WORDS.search(text))


def wording_fits(text: str, dk: DocumentKind) -> bool:
    """Our proposed words contain nothing that presumes a person or a charge the letter lacks."""
    if dk.company and INDIVIDUAL_WORDS.search(text):
        return False
    if not dk.charged and CHARGED_WORDS.search(text):
        return False
    if dk.kind in ("npa", "dpa") and NO_PLEA_WORDS.search(text):
        return False
    return True

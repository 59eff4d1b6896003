"""The letter's own defined terms: what it calls the prosecutors, the client and the meeting.

Our wording is written in the library's terms ("the Office", "the Client", "the Meeting") and
put into the letter's own ("the Government", "your client", "the proffer session"), including a
letter written to the witness ("you") and one that never names the meeting.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import partial

# --- ----------------------------------------------------------------

_PARTY = {
    "the Office": r"\b[Tt]he Office\b",
    "this Office": r"\b[Tt]his Office\b",
    "the Fraud Section": r"\b[Tt]he Fraud Section\b",
    "the Government": r"\b[Tt]he Government\b",
    "the government": r"\bthe government\b",
    "the Department": r"\b[Tt]he Department\b(?! of)",
    "the Division": r"\b[Tt]he (?:Antitrust )?Division\b",
    "the USAO": r"\b[Tt]he USAO\b",
    "the United States": r"\b[Tt]he United States\b(?! (?:Attorney|District|Code|Sentencing|Marshal|"
                         r"Constitution|Department|of America))",
}
_PERSON = {
    "Client": r"(?<![Tt]he )(?<![Yy]our )\bClient\b",
    "the Client": r"\b[Tt]he Client\b",
    "your client": r"\b[Yy]our client\b",
    "the defendant": r"\bthe defendant\b",
    "the Defendant": r"\b[Tt]he Defendant\b",
    # the plea form that never puts an article before "defendant" ("defendant agrees", "Defendant
    # understands")
    "defendant": r"(?<![Tt]he )(?<![Aa] )(?<![Tt]his )(?<![Tt]hat )(?<!-)\b[Dd]efendant\b(?!s)",
    "the Company": r"\b[Tt]he Company\b",
    "the Bank": r"\b[Tt]he Bank\b",
    "the Witness": r"\b[Tt]he Witness\b",
    "you": r"\b[Yy]ou(?:r)?\b(?! client)",        # a letter to the witness ("your statements")
}
_MEETING = {
    "the Meeting": r"\b[Tt]he Meeting\b",
    "the meeting": r"\bthe meeting\b",
    "the proffer session": r"\bthe proffer session\b",
    "the proffer": r"\bthe proffer\b(?! (?:session|agreement|letter))",
    "the interview": r"\b[Tt]he interview\b",
}


def letter_terms(text: str) -> dict[str, str]:
    """The words the letter uses for the prosecutors, the client and the meeting."""
    from ..docx.normalize import TITLE_DOT

    text = text.replace(TITLE_DOT, ".")

    # a letter to counsel about "your client" or "the Witness": its "you" is the lawyer, never the person
    to_counsel = re.search(r"\b[Yy]our client\b|\b[Tt]he Witness\b", text) is not None

    def pick(options: dict[str, str], least: int = 2) -> str | None:
        counts = {k: len(re.findall(p, text)) for k, p in options.items() if not (k == "you" and to_counsel)}
        best = max(counts, key=lambda k: counts[k])
        return best if counts[best] >= least else None

    # a letter that never says "the Office" takes its one name for the prosecutors
    party = pick(_PARTY) or (pick(_PARTY, 1) if not re.search(r"\b[Tt]he Office\b", text) else None)
    defined = defined_names(text)
    person = pick(_PERSON) or defined.get("person")
    # a person the letter names by a short name it defines ('RAFAEL TAVARES LIMA ("Mr. Tavares Lima")')
    # and uses throughout is called that, not "you" (a letter to counsel) or "the Client"
    named = defined.get("named")
    if named and len(re.findall(re.escape(named), text)) >= 3:
        person = named
    if person is None or party is None and not defined.get("party"):
        from .dockind import party_of

        if party_of(text) == "company":     # a company named in full throughout, granted by its name
            person = person or company_name(text) or "the Company"
            party = party or defined.get("party") or grantor(text)
    # a letter typed with straight quotes gets our words with straight quotes too
    quotes = "straight" if re.search("[\"']", text) and not re.search("[‘’“”]", text) else None
    # "this agreement" where the letter never makes it a defined term: our words follow
    lowers, uppers = len(re.findall(r"\b[Tt]his agreement\b", text)), len(re.findall(r"\b[Tt]his Agreement\b", text))
    lower = lowers > uppers
    # a letter that calls itself "this letter" and never "this agreement": our words say "this letter"
    letter = len(re.findall(r"\b[Tt]his letter\b", text)) >= 2 and not re.search(r"\b[Tt]his [Aa]greement\b", text)
    return {k: v for k, v in (("party", party or defined.get("party")),
                              ("person", person),
                              ("meeting", pick(_MEETING)), ("quotes", quotes),
                              ("agreement", "letter" if letter else "lower" if lower else
                               "upper" if uppers > lowers else None)) if v}


def company_name(text: str) -> str | None:
    """The organisation a company's agreement names in full and never shortens ("PKB Privatbank
    AG ... PKB Privatbank AG admits"): its most frequent name in a legal form, used twice or more."""
    from .dockind import ENTITY_NAME

    full = Counter(m.group(0).strip() for m in ENTITY_NAME.finditer(text))
    if not full:
        return None
    name = full.most_common(1)[0][0]
    # the name without its legal form when the letter mostly uses it so ("Practice Fusion, Inc." ...
    # "Practice Fusion agrees")
    short = re.sub(r",?\s+\S+$", "", name)
    uses = len(re.findall(rf"\b{re.escape(name)}", text))
    short_uses = len(re.findall(rf"\b{re.escape(short)}\b(?!,?\s+(?:AG|Inc|Corp|Ltd|LLC|plc|PLC|GmbH|SA|N\.A))", text))
    if short != name and len(short.split()) >= 1 and len(short) >= 3 and short_uses > uses and short_uses >= 2:
        return short
    return name if uses >= 2 else None


# Who grants the non-prosecution, as the letter names it in the grant ("the Department of Justice
# will not prosecute"); a scan's misread letters are matched to the usual names.
_GRANTOR = re.compile(r"\b([Tt]he\s+(?:[A-Z][\w.']*\s+){0,3}(?:of\s+)?[A-Z][\w.']*)\s+(?:will|shall|agrees\s+"
                      r"(?:that\s+it\s+will\s+)?)\s*no[tl1]\s+(?:criminally\s+)?prosecute")
_GRANTORS = ("the Department of Justice", "the Department", "the Fraud Section", "the Tax Division",
             "the Antitrust Division", "the Criminal Division", "the United States", "the Government")


def grantor(text: str) -> str | None:
    import difflib

    m = _GRANTOR.search(text)
    if m is None:
        return None
    got = difflib.get_close_matches(m.group(1).lower(), [g.lower() for g in _GRANTORS], n=1, cutoff=0.8)
    return next((g for g in _GRANTORS if got and g.lower() == got[0]), None)


# A short name the letter defines for itself: `Scobag Privatbank AG ("SCOBAG")`, `the United States
# Attorney's Office for the Northern District of Ohio ("NDOH")`, `The Boeing Company (the "Company")`.
_DEFINITION = re.compile(r"\((?:hereinafter\s+|hereafter\s+|collectively,?\s+)?(the\s+)?[\"“]\s*"
                         r"([A-Z][A-Za-z&.\- ]{0,30}?)\s*[\"”]\s*\)")
_PROSECUTOR_BEFORE = re.compile(r"(?:Attorney(?:'|’)?s?\s+Office|Department\s+of\s+Justice|"
                                r"(?:Antitrust|Criminal|Tax|Civil(?:\s+Rights)?|National\s+Security|Natural\s+"
                                r"Resources)\s+Division|\bSection|District\s+of\s+[A-Z][a-z]+)[^()]{0,60}$")
_COMPANY_BEFORE = re.compile(r"\b(?:AG|SA|S\.A\.|N\.A\.|Inc\.?|Corp(?:oration|\.)?|Company|Co\.|LLC|L\.L\.C\.|"
                             r"Ltd\.?|Limited|plc|PLC|GmbH|LLP|L\.P\.|Bank|Subsidiaries|Holdings|Group)"
                             r"[,\s]*$")


def defined_names(text: str) -> dict[str, str]:
    """The name the letter defines for the prosecutors and for a company that is its party, used
    only where the letter has no usual word for them ("the Office", "the Company", ...). A plural
    name ("the Offices") is left alone: the library's sentences take a singular verb."""
    found: dict[str, str] = {}
    for m in _DEFINITION.finditer(text):
        the, name = m.group(1), m.group(2).strip()
        if name.endswith("s") or name.lower() in ("agreement", "conduct", "information", "court", "district"):
            continue
        before = text[max(0, m.start() - 160):m.start()].rstrip()
        uses_the = len(re.findall(rf"\b[Tt]he {re.escape(name)}\b", text))
        bare = len(re.findall(rf"(?<![Tt]he ){re.escape(name)}\b", text))
        term = f"the {name}" if (the or uses_the > bare) and not name.isupper() else name
        if re.match(r"(?:Mr|Ms|Mrs|Dr)\.?\s+[A-Z]", name):
            found.setdefault("named", name)
            continue
        if "party" not in found and _PROSECUTOR_BEFORE.search(before):
            found["party"] = term
        elif "person" not in found and _COMPANY_BEFORE.search(before):
            found["person"] = term
    return found


_IRREGULAR = {"has": "have", "is": "are", "was": "were", "does": "do"}
# words after "the Client" that are no verb ("treating the Client as in breach")
_NOT_VERBS = frozenset({"as", "in", "at", "on", "for", "to", "or", "and", "by", "with", "under", "unless", "its",
                        "thus", "plus", "less", "alone", "himself", "herself", "itself"})


def _second_person(text: str) -> str:
    """"the Client's statements" -> "your statements"; "the Client gives" -> "you give"."""
    text = re.sub(r"\b([Tt])he (?:Client|Defendant)(?:'s|’s)", lambda m: "Your" if m.group(1) == "T" else "your", text)

    def verb(m: re.Match) -> str:
        you = "You" if m.group(1) == "T" else "you"
        word = m.group(2)
        if word in _NOT_VERBS:
            return f"{you} {word}"
        if word in _IRREGULAR:
            return f"{you} {_IRREGULAR[word]}"
        if word.endswith("ies"):
            return f"{you} {word[:-3]}y"
        if re.search(r"(?:s|sh|ch|x|z)es$", word):
            return f"{you} {word[:-2]}"
        return f"{you} {word[:-1]}" if word.endswith("s") and not word.endswith("ss") else f"{you} {word}"

    text = re.sub(r"\b([Tt])he (?:Client|Defendant)\s+([a-z]+)\b", verb, text)
    return re.sub(r"\b([Tt])he (?:Client|Defendant)\b", lambda m: "You" if m.group(1) == "T" else "you", text)


def adapt_terms(text: str, terms: dict[str, str]) -> str:
    """Clause text in the library's terms ("the Client", "the Office") -> the letter's terms."""
    if terms.get("person") == "you":                  # a letter written to the witness
        text = _second_person(text)
    if not terms.get("meeting"):                      # the letter has no word for the session
        text = re.sub(r"\s+(?:at|during) the Meeting\b", "", text)
        text = re.sub(r"\b([Tt])he Meeting\b", lambda m: m.group(1) + "he interview", text)
    swaps = [(r"\b([Tt])he (?:Office|Government)\b", terms.get("party")),
             (r"\b([Tt])he (?:Client|Defendant)\b", terms.get("person")),
             (r"\b([Tt])he Meeting\b", terms.get("meeting"))]
    for pattern, term in swaps:
        if term:
            text = re.sub(pattern, partial(_in_case, term), text)
    if terms.get("agreement") == "lower":
        text = re.sub(r"\b([Tt]his|[Tt]he) Agreement\b", r"\1 agreement", text)
    elif terms.get("agreement") == "upper":
        text = re.sub(r"\b([Tt]his) agreement\b", r"\1 Agreement", text)
    elif terms.get("agreement") == "letter":
        text = re.sub(r"\b([Tt]his|[Tt]he) Agreement\b", r"\1 letter", text)
        text = re.sub(r"\b([Tt]his) agreement\b", r"\1 letter", text)    # "the limits on use in this agreement"
    text = re.sub(r"\bUnited States([’'])s\b", r"United States\1", text)
    if terms.get("quotes") == "straight":
        text = text.translate(_STRAIGHT)
    return text


_STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def _in_case(term: str, m: re.Match[str]) -> str:
    """``term``, with a capital where the word it replaces had one."""
    return term[0].upper() + term[1:] if m.group(1) == "T" else term



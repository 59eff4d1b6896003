"""How the drafts name people: legal names, salutations, pronouns, and district names.

- Captions and signature lines carry the client's legal name; nicknames and aliases
  (``client.aka``) never reach a document. A quoted nickname typed inside the name is kept (the
  facts reach the drafts literally) but ``packet`` warns about it.
- Letters greet the client by the salutation given, else "Mr./Ms. Surname" when the pronoun is
  known, else the full name; the prosecutor by the salutation given, else "AUSA Surname".
  Suffixes such as Jr. and III are never taken for a surname.
- The pronoun is the one given, else the one a Mr./Ms./Mrs. salutation implies, else they.
"""

from __future__ import annotations

import re

SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v", "esq"}
_QUOTED = re.compile(r'\s*["\u201c\u201d\u00ab\u00bb]([^"\u201c\u201d\u00ab\u00bb]+)["\u201c\u201d\u00ab\u00bb]\s*')

PRONOUNS = {
    "he": {"subject": "he", "object": "him", "possessive": "his"},
    "she": {"subject": "she", "object": "her", "possessive": "her"},
    "they": {"subject": "they", "object": "them", "possessive": "their"},
}


def quoted_nicknames(name: str) -> list[str]:
    """Nicknames typed in quotes inside a name (``José "Pepe" Núñez`` -> ``["Pepe"]``)."""
    return [m.group(1).strip() for m in _QUOTED.finditer(name)]


def surname(name: str) -> str | None:
    parts = [p for p in name.replace(",", " ").split()
             if any(ch.isalpha() for ch in p) and p.rstrip(".").lower() not in SUFFIXES]
    return parts[-1] if parts else None


def pronoun(given: str | None, salutation: str | None) -> str:
    if given:
        return given
    first = (salutation or "").strip().split(" ")[0].rstrip(".").lower()
    if first == "mr":
        return "he"
    if first in ("ms", "mrs", "miss"):
        return "she"
    return "they"


def client_addressee(name: str, salutation: str | None, pronoun_: str) -> str:
    if salutation:
        return salutation
    last = surname(name)
    if last and pronoun_ in ("he", "she"):
        return f"{'Mr.' if pronoun_ == 'he' else 'Ms.'} {last}"
    return name


def prosecutor_addressee(name: str, title: str, salutation: str | None = None) -> str:
    """How a letter greets the prosecutor: the salutation given, else "AUSA Whitfield" for an
    Assistant U.S. Attorney (suffixes skipped), else the name."""
    if salutation:
        return salutation
    last = surname(name)
    if last and "assistant united states attorney" in (title or "").lower():
        return f"AUSA {last}"
    return name


def client_context(client: dict) -> dict:
    """The template view of the client: legal ``name``, ``addressee``/``short`` (how letters
    and memos address the client), ``pronoun`` and its forms; ``aka`` stays for counsel only."""
    name = client["name"]
    p = pronoun(client.get("pronoun"), client.get("salutation"))
    out = dict(client)
    out.update(pronoun=p,
               addressee=client_addressee(name, client.get("salutation"), p), **PRONOUNS[p])
    out["short"] = out["addressee"]
    return out


# --- district names -----------------------------------------------------------------------

_DIRECTIONS = {"N": "N.D.", "S": "S.D.", "E": "E.D.", "W": "W.D.", "M": "M.D.", "C": "C.D."}
STATE_ABBREVIATIONS = {
    "AL": "Ala.", "AK": "Alaska", "AZ": "Ariz.", "AR": "Ark.", "CA": "Cal.", "CO": "Colo.",
    "CT": "Conn.", "DE": "Del.", "DC": "D.C.", "FL": "Fla.", "GA": "Ga.", "HI": "Haw.", "ID": "Idaho",
    "IL": "Ill.", "IN": "Ind.", "IA": "Iowa", "KS": "Kan.", "KY": "Ky.", "LA": "La.", "ME": "Me.",
    "MD": "Md.", "MA": "Mass.", "MI": "Mich.", "MN": "Minn.", "MS": "Miss.", "MO": "Mo.",
    "MT": "Mont.", "NE": "Neb.", "NV": "Nev.", "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.",
    "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.", "OH": "Ohio", "OK": "Okla.", "OR": "Or.", "PA": "Pa.",
    "PR": "P.R.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.", "TN": "Tenn.", "TX": "Tex.", "UT": "Utah",
    "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W. Va.", "WI": "Wis.", "WY": "Wyo.",
    "FLA": "Fla.", "CAL": "Cal.", "TEX": "Tex.", "ARIZ": "Ariz.", "MASS": "Mass.", "MICH": "Mich.",
}
STATE_ABBREVIATIONS.update({re.sub(r"[.\s]", "", v).upper(): v for v in list(STATE_ABBREVIATIONS.values())})


def normalise_district(text: str) -> str | None:
    """An interview answer such as ``SDFL``, ``sdny``, ``S.D. Fla`` or ``DNJ`` as a caption
    writes it (``S.D. Fla.``, ``S.D.N.Y.``, ``D.N.J.``); None when it cannot be read."""
    raw = " ".join(text.split())
    compact = re.sub(r"[.\s]", "", raw).upper()
    m = re.fullmatch(r"([NSEWMC])?D(?:IST)?([A-Z]{2,4})", compact)
    if not m:
        return None
    state = STATE_ABBREVIATIONS.get(m.group(2))
    if state is None:
        return None
    prefix = _DIRECTIONS[m.group(1)] if m.group(1) else "D."
    if state == "D.C.":
        return "D.D.C." if not m.group(1) else None
    if state.endswith(".") and len(state) <= 5 and state[1] == ".":   # N.Y., N.J., P.R., W. Va.
        return f"{prefix}{state}"
    return f"{prefix} {state}"


def district_choices() -> list[str]:
    """Examples for an error message that refuses an unreadable district."""
    return ["S.D. Fla.", "S.D.N.Y.", "E.D. Va.", "D.N.J.", "D.P.R.", "N.D. Ga.", "D. Ariz."]


def read_district(raw: str) -> str:
    """An interview answer as a caption writes it; anything unreadable is refused with examples."""
    found = normalise_district(raw)
    if found is None:
        raise ValueError("give the district's short name as captions write it, e.g. "
                         + ", ".join(district_choices()))
    return found

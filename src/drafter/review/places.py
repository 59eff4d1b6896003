"""Where things are in the Office's letter, in the letter's own terms: the label a paragraph
carries ("(2)", "7", "4(c)", "FIFTH"), how a report names a paragraph to the attorney, how many
numbered paragraphs the letter has, and which federal district the letter comes from.

Our paragraph numbers (``Paragraph.number``, the JSON's ``paragraph``) count the letter's
non-empty lines, letterhead included; they are an index, never the letter's numbering, so no
text an attorney reads shows them.
"""

from __future__ import annotations

import re

from ..docx.letters import Letter
from ..labels import Label, label_end, letter_value, parse


def _written(text: str) -> str:
    return text[:label_end(text)].strip().rstrip(".,:")


def own_label(letter: Letter, number: int) -> str | None:
    """How the letter itself labels paragraph ``number`` ("(2)", "7", "4(c)", "(3)(a)",
    "SIXTEENTH(iv)", or a heading in curly quotes for an unnumbered letter); None when it has no
    label of its own."""
    paras = letter.paragraphs
    found = _numbered_label(letter, number)
    if found:
        return found
    from .headings import headings_of

    heads = headings_of(letter)
    for p in reversed(paras[max(0, number - 4):number]):       # an unnumbered letter: its heading
        h = heads.get(p.number)
        if h is not None and (h[1] >= len(p.norm) or p is paras[number - 1]):
            return f"“{h[0].strip()}”"
    return None


def _numbered_label(letter: Letter, number: int) -> str | None:
    return _outline(letter)[number - 1]


# a paragraph number that a letter cites on its own, whatever sections it sits in ("7.", "¶ 7",
# "SECTION 7", "SEVENTH,"); "(3)" counts the items of whatever holds it, and "IV." or "A." a section
def _cited_alone(lab: Label) -> bool:
    return lab.top_level and lab.form != "({n})"


def _as_letter(lab: Label, stack: list[tuple[Label, str]]) -> Label:
    """"(i)" after "(h)" and "I." after "H." are letters, not roman numerals."""
    if lab.kind != "roman":
        return lab
    text = lab.text.strip("().")
    value = letter_value(text)
    form = lab.form.replace("{r}", "{l}").replace("{R}", "{L}")
    if value is not None and any(e.form == form and e.value == value - 1 for e, _ in stack):
        return Label("letter", value, lab.text, lab.end, form)
    return lab


_OUTLINES: dict[int, tuple[object, list[str | None]]] = {}


def _outline(letter: Letter) -> list[str | None]:
    """Every paragraph's label as the letter would cite it, read as an outline: a label of a
    form already open closes what is under it ("II." after "I.(c)"), a new form opens a level
    under the last one ("(a)" under "V.", "(1)" under "VIII.(d)"), and the citation runs from
    the section down ("V(b)", "VIII(d)(4)"), or from the paragraph's own number where the letter
    numbers its paragraphs through its sections ("3(a)" under "C.", never "C(3)(a)")."""
    paras = letter.paragraphs
    cached = _OUTLINES.get(id(paras))
    if cached is not None and cached[0] is paras and len(cached[1]) == len(paras):
        return cached[1]
    stack: list[tuple[Label, str]] = []
    out: list[str | None] = []
    for p in paras:
        own = _written(p.norm)
        lab = parse(p.norm)
        if not own or lab is None:
            out.append(own or None)
            continue
        lab = _as_letter(lab, stack)
        forms = [e.form for e, _ in stack]
        if lab.form in forms:
            del stack[forms.index(lab.form):]
        stack.append((lab, own))
        start = max((i for i, (e, _) in enumerate(stack) if _cited_alone(e)), default=0)
        parts = [w for _, w in stack[start:]]
        out.append(parts[0] + "".join(w if w.startswith("(") else f"({w})" for w in parts[1:]))
    if len(_OUTLINES) > 32:
        _OUTLINES.clear()
    _OUTLINES[id(paras)] = (paras, out)
    return out


def _section_word(letter: Letter, number: int) -> str | None:
    """"Section" (or "Article", "Part", as the letter cites its own) when the paragraph sits in
    a section numbered "IV." or lettered "B." with no paragraph number of its own; None otherwise."""
    stack_root = None
    for p in letter.paragraphs[:number]:
        lab = parse(p.norm)
        if lab is not None and _written(p.norm):
            if lab.form in ("{R}.", "{L}.") and not re.search(r"\d", p.norm[lab.end:]):
                stack_root = lab          # "IV. MONETARY TERMS", "B. Term"; not "F. #2025R00871 ..."
            elif _cited_alone(lab):
                stack_root = None
    if stack_root is None:
        return None
    words = re.findall(r"\b(Section|Article|Part)\s+[IVXLA-H]{1,5}\b", "\n".join(q.norm for q in letter.paragraphs))
    return max(set(words), key=words.count) if words else "Section"


def _heading_ref(letter: Letter, number: int) -> str | None:
    """An unnumbered paragraph by its heading: its own run-in heading, or a heading line right
    above it (not a salutation, an address, a date or a signature line)."""
    from .headings import headings_of

    heads = headings_of(letter)

    def is_heading_only(p) -> bool:
        return p.number in heads and heads[p.number][1] >= len(p.norm)

    here = letter.paragraphs[number - 1]
    h = heads.get(number)
    if h is not None and not is_heading_only(here):
        head = h[0].strip()
        if re.fullmatch(r"[I-Z]", head):
            return f"Paragraph {head}"          # "J. Complete Agreement." (past H a letter reads as a heading)
        return None if _NOT_HEADING.search(head) else f"the paragraph headed “{head}”"
    above = letter.paragraphs[number - 2] if number > 1 else None
    if above is None or is_heading_only(here) or not is_heading_only(above) or _NOT_HEADING.search(above.norm):
        return None
    h = heads.get(above.number)
    return f"the paragraph under the heading “{h[0].strip()}”" if h else None


# lines that look like headings but are not: a salutation, the "Re:" line, a date, an address,
# a signature line, a label ending in a colon
_NOT_HEADING = re.compile(r"^\s*(?:Dear\b|Re\b|By\b|\d)|:\s*$|_{3,}|\b(?:Esq|LLP|P\.?C)\b|\d{5}|"
                          r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                          r"December)\s+\d", re.I)


def paragraph_label(review, number: int) -> str:
    """The letter's own label for the cover letter ("4(c)", "FIFTH", "7"); our index where the
    paragraph has none."""
    return own_label(review.letter, number) or str(number)


_WORDS = re.compile(r"\S+")


def paragraph_ref(letter: Letter, number: int) -> str:
    """A paragraph as a report names it to the attorney: "Paragraph (2)", "Paragraph 7",
    "Section 3", "the paragraph headed “Scope”", or, with no label at all, "the paragraph
    beginning “first words …”"."""
    own = _numbered_label(letter, number)
    if own:
        m = re.match(r"(?:¶+\s*|Paragraph\s+|PARAGRAPH\s+)(.*)$", own)
        if m:
            return f"Paragraph {m.group(1)}"
        m = re.match(r"(?:Section|SECTION)\s+(.*)$", own)
        if m:
            return f"Section {m.group(1)}"
        word = _section_word(letter, number)
        return f"{word} {own}" if word else f"Paragraph {own}"
    by_heading = _heading_ref(letter, number)
    if by_heading:
        return by_heading
    from ..docx.normalize import TITLE_DOT

    words = _WORDS.findall(letter.paragraphs[number - 1].norm.replace(TITLE_DOT, "."))   # "Ms.", as written
    start = " ".join(words[:6]).rstrip(",;:")
    return f"the paragraph beginning “{start}{' …' if len(words) > 6 else ''}”"


# an item a paragraph lists inline, where it starts: "; (e) in any other respect", ", or (f) left"
_INLINE_ITEM = re.compile(r"(?:^|[;:,.]\s+(?:and\s+|or\s+)?|\s(?:and|or)\s+)\((?P<l>[a-z]{1,2}|\d{1,2})\)\s")


def paragraph_ref_at(letter: Letter, number: int, pos: int) -> str:
    """A paragraph as the report names it, down to the item it lists inline that holds ``pos`` (a
    position in its text): a change in item (e) of "(b) gives ...; (c) ...; or (e) in any other
    respect ..." is in "Paragraph 10(e)", not "Paragraph 10(b)"."""
    ref = paragraph_ref(letter, number)
    text = letter.paragraphs[number - 1].text
    items = [m for m in _INLINE_ITEM.finditer(text, 0, max(0, pos)) if m.start("l") > label_end(text)]
    if not items or ref.startswith("the paragraph"):
        return ref
    item = f"({items[-1].group('l')})"
    last = re.search(r"\(([a-z]{1,2}|\d{1,2})\)$", ref)
    if last and last.group(1).isdigit() == item[1:-1].isdigit():
        return ref[:last.start()] + item          # "(b)" -> "(e)": the same series
    return ref + item


def numbered_paragraphs(letter: Letter) -> tuple[str, str, int] | None:
    """(first label, last label, count) when the letter numbers its paragraphs in one series from
    one ("(1)" to "(5)", "1." to "11."); None when it does not, or not consistently."""
    labels = [lab for p in letter.paragraphs if (lab := parse(p.norm)) is not None and lab.top_level]
    if len(labels) < 2:
        return None
    form = labels[0].form
    series = [lab for lab in labels if lab.form == form]
    if series[0].value != 1 or [lab.value for lab in series] != list(range(1, len(series) + 1)):
        return None
    return series[0].text.rstrip(".,:"), series[-1].text.rstrip(".,:"), len(series)


# --- the letter's district ------------------------------------------------------------------------

STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "columbia": "DC", "florida": "FL",
    "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA",
    "kansas": "KS", "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD",
    "massachusetts": "MA", "michigan": "MI", "minnesota": "MN", "mississippi": "MS", "missouri": "MO",
    "montana": "MT", "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ",
    "new mexico": "NM", "new york": "NY", "north carolina": "NC", "north dakota": "ND", "ohio": "OH",
    "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA", "puerto rico": "PR", "rhode island": "RI",
    "south carolina": "SC", "south dakota": "SD", "tennessee": "TN", "texas": "TX", "utah": "UT",
    "vermont": "VT", "virginia": "VA", "washington": "WA", "west virginia": "WV", "wisconsin": "WI",
    "wyoming": "WY",
}
_DIRECTION = {"northern": "N", "southern": "S", "eastern": "E", "western": "W", "middle": "M", "central": "C"}
# "Southern District of New York", "DISTRICT OF CONNECTICUT", "the District of Columbia"
_NAMED = re.compile(r"\b(?:(Northern|Southern|Eastern|Western|Middle|Central)\s+)?District\s+of\s+"
                    r"((?:the\s+)?[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)", re.I)
# "S.D.N.Y.", "E.D. Va.", "D. Conn.", "D.N.J."; "SDNY", "EDNY"
_SHORT = re.compile(r"(?<![\w.])(?:([NSEWMC])\.\s?)?D\.\s?((?:[A-Z]\.\s?){2}|W\.\s?Va\.|[A-Z][a-z]{1,4}\.)"
                    r"|\b([NSEWMC])D([A-Z]{2})\b")
# the Office that is a party: defined as a party ("... (the "Office")"), or the only one bound
_PARTY_AFTER = re.compile(r"^[^A-Za-z(]{0,3}\(\s*(?:the\s+|this\s+)?[\"“']")
# ... or the Office that speaks or signs ("The United States Attorney's Office for the District of
# New Jersey and ... enter into", "by the United States Attorney for ..."), or the court the case is in
_PARTY_BEFORE = re.compile(r"(?:(?:^|[.:;]\s+|^\s*\d{1,2}\.\s+)(?:The\s+|the\s+)?|"
                           r"\b(?:by|through)\s+(?:its\s+attorney,?\s+)?"
                           r"(?:[A-Z][\w.]*\s+){0,4},?\s*(?:the\s+)?)United\s+States\s+Attorney(?:'s|’s)?\s+"
                           r"(?:Office\s+)?for\s+the\s+$|\bUnited\s+States\s+District\s+Court\s+for\s+the\s+$")
_BOUND_BEFORE = re.compile(r"(?:binds?|binding)\s+(?:\S+\s+){0,3}only\s+(?:(?:on|upon)\s+)?(?:the\s+)?"
                           r"(?:United\s+States\s+Attorney(?:'s|’s)?\s+(?:Office\s+)?(?:for|of)\s+the\s+)?$", re.I)


def _named(m: re.Match) -> str:
    """A district named in words, as a caption writes it ("S.D.N.Y."), or as the letter writes
    it where its state is none of the United States' (a form letter's invented one)."""
    import difflib

    from ..model.names import normalise_district

    words = re.sub(r"^the\s+", "", " ".join(m.group(2).split()), flags=re.I).split()
    if len(words) > 1 and words[1][0].islower():
        words = words[:1]                       # "District of Connecticut charging ..."
    state = " ".join(words).lower()
    code = STATES.get(state) or STATES.get(words[0].lower())
    if code is None:                            # a scan's misread letters ("ConnecLicut")
        close = difflib.get_close_matches(words[0].lower(), list(STATES), n=1, cutoff=0.85)
        code = STATES[close[0]] if close else None
    if code:
        found = normalise_district(_DIRECTION.get((m.group(1) or "").lower(), "") + "D" + code)
        if found:
            return found
    named = " ".join(m.group(0).split()[:len(m.group(0).split()) - len(m.group(2).split()) + len(words)])
    return named.title().replace(" Of ", " of ").replace(" The ", " the ")


def _short(m: re.Match) -> str | None:
    from ..model.names import normalise_district

    if m.group(3):
        return normalise_district(m.group(3) + "D" + m.group(4))
    return normalise_district((m.group(1) or "") + "D" + re.sub(r"[.\s]", "", m.group(2)))


def letter_district(letter: Letter) -> str | None:
    """The federal district the letter comes from, where it says so: in its letterhead, caption
    or "Re:" line (the short paragraphs before the body), or where the Office that is a party is
    named ("the United States Attorney's Office for the Southern District of New York (the
    "Office")", "binds only the United States Attorney's Office for ..."). A district the letter
    only mentions (a meeting held at another Office) does not count."""
    head = []
    for p in letter.paragraphs:
        if len(p.norm.split()) > 14 and not p.norm.lstrip().startswith("Re:"):
            break
        head.append(p.norm)
    for text in head:
        for m in _NAMED.finditer(text):
            return _named(m)
        for m in _SHORT.finditer(text):
            found = _short(m)
            if found:
                return found
    for p in letter.paragraphs:
        for m in _NAMED.finditer(p.norm):
            before = p.norm[max(0, m.start() - 160):m.start()]
            if _PARTY_AFTER.match(p.norm[m.end():]) or _BOUND_BEFORE.search(before) or _PARTY_BEFORE.search(before):
                return _named(m)
    return None

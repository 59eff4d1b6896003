"""Run-in headings of the Office's letter, including the sentence-case ones a plain-English letter
uses ("What breach means. If you ...", "Use of your statements. The Government ...").

A numbered "Breach." or an ALL-CAPS / Title Case heading is read by ``recognise.heading_in``. A
short phrase in sentence case that ends in a full stop is read as a heading only when the letter
uses the style: two or more paragraphs open that way, each phrase a few words with no verb of a
sentence ("Mr. Smith agrees.", "Your client understands."), no abbreviation ("U.S.", "No."), no
salutation or closing ("Dear Counsel.", "Very truly yours."), and a real sentence after it. One
such paragraph alone is not a style, and is read as the sentence it most likely is.

``headings_of(letter)`` gives every paragraph's heading once per letter: the report names a
paragraph by it, the choice of the paragraph that holds a clause prefers the one whose heading
names it, and the redline never edits it.
"""

from __future__ import annotations

import re

from ..docx.letters import Letter, Paragraph
from ..docx.normalize import TITLE_DOT
from ..labels import label_end

# a capital, then one to six more words, a full stop, and a sentence that starts with a capital
_SENTENCE_HEAD = re.compile(r"([A-Z][a-z'’-]*(?:[ \t]+[A-Za-z0-9][\w'’-]*){1,6})\.[ \t]+(?=[\"“(]?[A-Z])")
# the verbs and auxiliaries of a sentence that a heading does not have ("Mr. Smith agrees.")
_VERB = re.compile(r"\b(?:is|are|was|were|be|been|am|will|shall|may|must|can|could|would|should|has|have|had|"
                   r"does|do|did|agrees?|understands?|acknowledges?|confirms?|accepts?|consents?|waives?|"
                   r"declines?|refuses?|wishes|intends?|writes?|hereby|thanks?|enclosed|attached|signed|dated|"
                   r"regards|binds|covers|applies|governs|protects|includes|contains|remains|becomes|requires|"
                   r"permits|allows|provides|states|sets|says)\b|^(?:I|We|He|She|They|It)\b", re.I)
# a salutation, a closing, a reference line, or a form's caption words: never a heading
_NOT_A_HEADING = re.compile(r"^(?:Dear|Re|Sincerely|Very|Yours|Respectfully|Cordially|Cc|Bcc|Enclosures?|"
                            r"Attachments?|Encl|Date|Dated|By|To|From|Subject|Page|Agreed|Accepted|Signed|"
                            r"Hon|The\s+Honorable)\b", re.I)
# a last word that is an abbreviation, not the end of a phrase ("The U.S.", "Case No.")
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]|\b(?:No|Nos|Mr|Ms|Mrs|Dr|Inc|Co|Corp|Jr|Sr|St|Esq|Fed|Crim|Evid|Civ|"
                           r"Cir|Supp|Ct|Stat|Sec|Art|Ch|Gen|Hon|Atty|Asst|Dep|App|Reg|v|vs|al|etc))$")
MIN_BODY_WORDS = 5           # the sentence after a heading: a real one, not "Yes." or a name
STYLE = 2                    # paragraphs opening with a sentence-case heading before the letter has the style


def sentence_heading(text: str) -> tuple[str, int] | None:
    """A sentence-case run-in heading at the start of a paragraph's text, after its label:
    (heading, where the body starts), or None. Guards only the phrase itself; whether the letter
    uses the style is ``headings_of``'s question."""
    start = label_end(text)
    m = _SENTENCE_HEAD.match(text, start)
    if m is None:
        return None
    phrase = m.group(1)
    words = phrase.split()
    body = text[m.end():]
    if TITLE_DOT in phrase or _NOT_A_HEADING.match(phrase) or _VERB.search(phrase) \
            or _ABBREVIATION.search(phrase) or len(words) < 2 or len(phrase) > 60 \
            or len(body.split()) < MIN_BODY_WORDS:
        return None
    # a heading is shorter than the sentence it leads ("Use of your statements. The Government may ...")
    first = re.match(r"[^.!?]*", body)
    if first is not None and len(first.group(0).split()) <= len(words):
        return None
    return phrase, m.end()


def headings_of(letter: Letter) -> dict[int, tuple[str, int]]:
    """Each paragraph's heading by paragraph number: (heading, where its body starts in ``norm``;
    ``len(norm)`` for a paragraph that is only a heading). Read once per letter."""
    cached = letter.__dict__.get("_headings")
    if cached is not None and cached[0] == len(letter.paragraphs):
        return cached[1]
    from .recognise import heading_in

    out: dict[int, tuple[str, int]] = {}
    sentence: dict[int, tuple[str, int]] = {}
    for p in letter.paragraphs:
        h = heading_in(p.norm)
        if h is not None:
            if not _NOT_A_HEADING.match(h[0]):        # "Dear Counsel." opens a letter, heads nothing
                out[p.number] = h
            continue
        s = sentence_heading(p.norm)
        if s is not None:
            sentence[p.number] = s
    if len(sentence) >= STYLE:
        out.update(sentence)
    letter.__dict__["_headings"] = (len(letter.paragraphs), out)
    return out


def heading(letter: Letter, para: Paragraph) -> tuple[str, int] | None:
    """The paragraph's own heading, or None."""
    return headings_of(letter).get(para.number)


def body_start(letter: Letter, para: Paragraph) -> int:
    """Where the paragraph's text starts after its label and run-in heading (``norm`` offsets)."""
    h = heading(letter, para)
    if h is not None and h[1] < len(para.norm):
        return h[1]
    return label_end(para.norm)

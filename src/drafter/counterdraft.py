"""The counter-draft: the government's own text with the defense's changes as Word tracked changes.

``drafter review LETTER -o OUT`` writes ``OUT/<stem>.counter.docx`` (the letter, paragraph by
paragraph, with ``w:del``/``w:ins`` revisions by the firm's attorney and a Word comment on each
change giving the reason and the cites), ``OUT/<stem>.review.docx`` and ``OUT/<stem>.review.md``
(the review report).

- From a ``.docx`` letter a copy of the letter is edited, so its paragraphs, numbering and
  styles stay; from ``.txt`` or ``.pdf`` a plain document is built from the letter's paragraphs.
- Each clause whose wording is not the defense's is replaced by the defense variant (the
  matter's chosen variant with ``--matter``), rendered with the matter's facts, or without a
  matter with bracketed placeholders for the facts. Where the two wordings are close the change
  is word by word; otherwise the government's sentences are deleted and the new ones inserted.
  The new wording uses the letter's own defined terms ("your client", "the Government").
- Each missing type is inserted as new tracked paragraphs after the letter's last numbered
  paragraph, before the signature block.
- Accepting every change gives exactly the proposed text; rejecting them gives the letter back.
- Same inputs and date -> the same bytes. Files are written mode 0600, and a file drafter did not
  write here (or that was edited since) is never replaced without ``--force``.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from .analysis import second_circuit_notes
from .clauses import ClauseType, paragraphs as split_paragraphs
from .environment import render_text
from .files import write_files
from .errors import DrafterError, UsageError
from .letters import Paragraph, body_paragraphs, open_docx, paragraph_runs, run_pieces
from .render import normalize_zip
from .scrub import strip_external_zip
from .review import (KIND_NAMES, Found, Review, gaps_to_brackets, heading_in, label_end,
                     placeholder_source, report_lines)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MANIFEST = "review-manifest.json"
SMALL_CHANGE = 0.6          # word-level changes when the wordings are at least this similar
WHOLE_BODY = 0.8            # replace the whole paragraph body when the clause covers this much
MERGE = 0.6                 # ... or when several clauses in it together cover this much


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# --- what to propose ------------------------------------------------------------------------------

@dataclass
class Proposal:
    """The defense wording for one clause type, ready to insert."""

    type: str
    variant: str
    title: str
    paragraphs: list[str]       # "(a) ..." labels written out
    comment: str


def _label(i: int) -> str:
    return f"({'abcdefghijklmnopqrstuvwxyz'[i % 26]})"


def neutral_context(review: Review) -> dict:
    """The context for rendering clause text without a matter: conditions see a matter with no
    facts, except that a statutory minimum is assumed possible (so § 3553(e) is asked for)."""
    from .analysis import analyze
    from .matter import Matter
    from .plan import base_context
    from .workspace import DEMO, Workspace

    matter = Matter.model_validate({
        "format": 1, "id": "review", "client": {"name": "[CLIENT]"},
        "case": {"district": "D. Mass.", "stage": "charged"},
        "government": {"office": "[OFFICE]", "prosecutor": {"name": "[PROSECUTOR]"}},
        "cooperation": {"status": "considering"},
    })
    ctx = base_context(matter, analyze(matter), review.workspace or Workspace(DEMO, demo=True))
    ctx["analysis"]["needs_3553e"] = review.kind != "proffer"
    return ctx


def render_proposal(review: Review, t: ClauseType, variant: str, terms: dict[str, str]) -> list[str]:
    """The variant's paragraphs, rendered, in the letter's defined terms, sub-items labelled."""
    v = t.variants[variant]
    where = f"{v.file}:{v.line or ''}: clause {v.id}"
    if review.context is not None:
        text = render_text(v.text, review.context, where)
    else:
        if getattr(review, "_neutral", None) is None:
            review._neutral = neutral_context(review)        # one neutral matter per review
        text = render_text(placeholder_source(v.text), review._neutral, where)
    out, sub = [], 0
    for p in split_paragraphs(gaps_to_brackets(text)):
        line = adapt_terms(p["text"], terms)
        if p["sub"]:
            line = f"{_label(sub)} {line}"
            sub += 1
        out.append(line)
    return out


def _district(review: Review) -> str | None:
    """The matter's district, when the letter is reviewed with --matter."""
    ctx = review.context or {}
    return ((ctx.get("matter") or {}).get("case") or {}).get("district")


def make_proposal(review: Review, type_id: str, terms: dict[str, str], found: Found | None) -> Proposal:
    t = review.library.types[type_id]
    name = review.proposed_variant(type_id)
    v = t.variants[name]
    lines = [f"{t.title}: proposed wording ({name})."]
    if found is not None:
        cur = t.variants[found.variant] if found.variant else t.variants["government-standard"]
        lines.append(f"The letter's wording ({found.variant or 'heading only'}) — risk {cur.risk}: "
                     f"{review.text(cur.risk_note)}")
    else:
        lines.append(f"The letter is silent: {t.gap_note}")
    lines.append(f"Why: {review.text(v.why)}")
    cites = list(dict.fromkeys(list(v.cites) + (list(t.variants[found.variant].cites)
                                                if found is not None and found.variant else [])))
    if cites:
        lines.append("Cites: " + "; ".join(cites))
    lines += second_circuit_notes(cites, _district(review))
    lines += [f"[VERIFY] {x}" for x in v.verify]
    return Proposal(type_id, name, t.title, render_proposal(review, t, name, terms), "\n".join(lines))


# --- the letter's own defined terms ----------------------------------------------------------------

_PARTY = {
    "the Office": r"\b[Tt](?:he|his) Office\b",
    "the Government": r"\b[Tt]he Government\b",
    "the government": r"\bthe government\b",
    "the United States": r"\b[Tt]he United States\b(?! (?:Attorney|District|Code|Sentencing|Marshal|"
                         r"Constitution|Department|of America))",
}
_PERSON = {
    "Client": r"(?<![Tt]he )(?<![Yy]our )\bClient\b",
    "the Client": r"\b[Tt]he Client\b",
    "your client": r"\b[Yy]our client\b",
    "the defendant": r"\bthe defendant\b",
    "the Defendant": r"\b[Tt]he Defendant\b",
}
_MEETING = {
    "the Meeting": r"\b[Tt]he Meeting\b",
    "the meeting": r"\bthe meeting\b",
    "the proffer session": r"\bthe proffer session\b",
    "the proffer": r"\bthe proffer\b(?! (?:session|agreement|letter))",
}


def letter_terms(text: str) -> dict[str, str]:
    """The words the letter uses for the prosecutors, the client and the meeting."""
    def pick(options: dict[str, str]) -> str | None:
        counts = {k: len(re.findall(p, text)) for k, p in options.items()}
        best = max(counts, key=lambda k: counts[k])
        return best if counts[best] >= 2 else None

    return {k: v for k, v in (("party", pick(_PARTY)), ("person", pick(_PERSON)),
                              ("meeting", pick(_MEETING))) if v}


def adapt_terms(text: str, terms: dict[str, str]) -> str:
    """Clause text in the library's terms ("the Client", "the Office") -> the letter's terms."""
    swaps = [(r"\b([Tt])he (?:Office|Government)\b", terms.get("party")),
             (r"\b([Tt])he (?:Client|Defendant)\b", terms.get("person")),
             (r"\b([Tt])he Meeting\b", terms.get("meeting"))]
    for pattern, term in swaps:
        if term:
            text = re.sub(pattern, lambda m, t=term: t[0].upper() + t[1:] if m.group(1) == "T" else t, text)
    return text


# --- planning the edits ------------------------------------------------------------------------------

@dataclass
class Edit:
    """Replace ``text[start:end]`` of one paragraph with ``new`` (a deletion when new is empty)."""

    start: int
    end: int
    new: str


@dataclass
class Change:
    """The tracked changes to one paragraph for one or more clauses, with one comment."""

    paragraph: Paragraph
    start: int
    end: int
    proposals: list[Proposal]
    edits: list[Edit] = field(default_factory=list)
    after: list[str] = field(default_factory=list)     # new paragraphs after this one

    @property
    def comment(self) -> str:
        return "\n\n".join(p.comment for p in self.proposals)


def _orig_body_start(para: Paragraph) -> int:
    """Where the paragraph's body starts in the original: after its number and run-in heading."""
    h = heading_in(para.norm)
    start = h[1] if h and h[1] < len(para.norm) else label_end(para.norm)
    return para.original_span(start, len(para.norm))[0] if para.norm else 0


def clause_range(f: Found) -> tuple[int, int]:
    """The span of the government's text (original offsets) to replace for this clause."""
    para = f.paragraph
    a = min(s for s, _ in f.hit.spans)
    b = max(e for _, e in f.hit.spans)
    oa, ob = para.original_span(a, b)
    body = _orig_body_start(para)
    end = len(para.text.rstrip())
    if end - body > 0 and (ob - oa) >= WHOLE_BODY * (end - body):
        oa, ob = body, end
    while ob > oa and para.text[ob - 1].isspace():
        ob -= 1
    return oa, ob


def plan_changes(review: Review, terms: dict[str, str]) -> list[Change]:
    """One change per paragraph holding clauses to change; overlapping clauses are merged."""
    by_para: dict[int, list[Change]] = {}
    for f in review.found:
        if review.acceptable(f) or not review.in_scope(f.type):
            continue
        a, b = clause_range(f)
        change = Change(f.paragraph, a, b, [make_proposal(review, f.type, terms, f)])
        group = by_para.setdefault(f.paragraph.number, [])
        for other in list(group):
            if other.start < change.end and change.start < other.end:
                group.remove(other)
                change = Change(f.paragraph, min(change.start, other.start), max(change.end, other.end),
                                other.proposals + change.proposals)
        group.append(change)
    changes = [c for group in by_para.values() for c in _merge_if_most(group)]
    for c in changes:
        _make_edits(c)
    changes.sort(key=lambda c: (c.paragraph.number, c.start))
    return changes


def _merge_if_most(group: list[Change]) -> list[Change]:
    """Several changes that together take up most of a paragraph become one change of its body."""
    if len(group) < 2:
        return group
    para = group[0].paragraph
    body, end = _orig_body_start(para), len(para.text.rstrip())
    if sum(c.end - c.start for c in group) < MERGE * max(end - body, 1):
        return group
    ordered = sorted(group, key=lambda c: c.start)
    return [Change(para, min(body, ordered[0].start), end, [p for c in ordered for p in c.proposals])]


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_LOWERABLE = set("The This That Neither No Every If Any Each Before Within Unless Nothing A An In To At "
                 "Should Whether Except Only Notwithstanding Subject Where When".split())


def _match_case(old: str, new: str) -> str:
    """Start the new wording in lower case where the government's sentence did ("FIRST, this ...")."""
    word = re.match(r"[A-Za-z]+", new)
    if old[:1].islower() and word and word.group() in _LOWERABLE:
        return new[0].lower() + new[1:]
    return new


def _make_edits(c: Change) -> None:
    """Word-level edits where the wordings are close, else one replacement of the whole span."""
    old = c.paragraph.text[c.start:c.end]
    paras = [p for prop in c.proposals for p in prop.paragraphs]
    to_end = not c.paragraph.text[c.end:].strip()
    if to_end and len(paras) > 1:
        first, c.after = paras[0], paras[1:]
    else:
        first, c.after = " ".join(paras), []
    first = _match_case(old, first)
    a, b = _TOKEN.findall(old), _TOKEN.findall(first)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.ratio() < SMALL_CHANGE:
        c.edits = [Edit(c.start, c.end, first)]
        return
    offsets = [c.start]
    for tok in a:
        offsets.append(offsets[-1] + len(tok))
    c.edits = [Edit(offsets[i1], offsets[i2], "".join(b[j1:j2]))
               for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"]


# --- tracked-change XML -----------------------------------------------------------------------------

class Tracker:
    """Makes revision and comment elements with one author, one date and unique ids."""

    def __init__(self, doc, author: str, date: dt.date):
        self.doc = doc
        self.author = author
        self.stamp = f"{date.isoformat()}T00:00:00Z"
        self.when = dt.datetime.combine(date, dt.time(0, 0), tzinfo=dt.timezone.utc)
        used = [int(x) for x in doc.element.body.xpath("//@w:id") if str(x).lstrip("-").isdigit()]
        self.next_id = max(used, default=0) + 1001     # clear of the comment ids (0, 1, 2, ...)

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id - 1)

    def revision(self, tag: str) -> Any:
        el = etree.Element(w(tag))
        el.set(w("id"), self._id())
        el.set(w("author"), self.author)
        el.set(w("date"), self.stamp)
        return el

    def comment(self, text: str) -> int:
        initials = "".join(x[0] for x in self.author.replace(".", " ").split() if x[:1].isalpha()).upper()[:4]
        c = self.doc.comments.add_comment(text=text, author=self.author, initials=initials or "DC")
        c._comment_elm.date = self.when
        return c.comment_id

    def anchor(self, first, last, text: str, inserted: bool = False) -> None:
        """A comment from before ``first`` to after ``last`` (sibling elements in paragraphs)."""
        cid = str(self.comment(text))
        start = etree.Element(w("commentRangeStart"))
        start.set(w("id"), cid)
        first.addprevious(start)
        end = etree.Element(w("commentRangeEnd"))
        end.set(w("id"), cid)
        last.addnext(end)
        ref = etree.Element(w("r"))
        rpr = etree.SubElement(ref, w("rPr"))
        etree.SubElement(rpr, w("rStyle")).set(w("val"), "CommentReference")
        etree.SubElement(ref, w("commentReference")).set(w("id"), cid)
        if inserted:
            wrap = self.revision("ins")
            wrap.append(ref)
            ref = wrap
        end.addnext(ref)


def _run_length(r) -> int:
    return sum(len(t) for _, t in run_pieces(r))


def _trim_run(r, a: int, b: int) -> None:
    """Keep only the run's content for characters [a, b)."""
    pos = 0
    for child, text in run_pieces(r):
        n = len(text)
        if n == 0:
            if not (a <= pos < b or (pos == b and b == a)):
                r.remove(child)
        elif child.tag == w("t"):
            lo, hi = max(a, pos), min(b, pos + n)
            if lo >= hi:
                r.remove(child)
            else:
                child.text = text[lo - pos:hi - pos]
                child.set(XML_SPACE, "preserve")
        elif not (a <= pos < b):
            r.remove(child)
        pos += n


def _split_at(p, point: int) -> None:
    """Make ``point`` a run boundary in paragraph ``p``."""
    pos = 0
    for r in paragraph_runs(p):
        n = _run_length(r)
        if pos < point < pos + n:
            left, right = copy.deepcopy(r), copy.deepcopy(r)
            _trim_run(left, 0, point - pos)
            _trim_run(right, point - pos, n)
            r.addprevious(left)
            r.addprevious(right)
            r.getparent().remove(r)
            return
        pos += n


def _runs_with_offsets(p) -> list[tuple[Any, int, int]]:
    out, pos = [], 0
    for r in paragraph_runs(p):
        n = _run_length(r)
        out.append((r, pos, pos + n))
        pos += n
    return out


def _as_deleted(r) -> None:
    for t in r.iter(w("t")):
        t.tag = w("delText")
        t.set(XML_SPACE, "preserve")
    for t in r.iter(w("instrText")):
        t.tag = w("delInstrText")


def _new_run(text: str, like) -> Any:
    r = etree.Element(w("r"))
    if like is not None:
        rpr = like.find(w("rPr"))
        if rpr is not None:
            rpr = copy.deepcopy(rpr)
            for bad in rpr.findall(w("ins")) + rpr.findall(w("del")) + rpr.findall(w("rPrChange")):
                rpr.remove(bad)
            r.append(rpr)
    parts = re.split(r"(\t|\n)", text)
    for part in parts:
        if part == "\t":
            etree.SubElement(r, w("tab"))
        elif part == "\n":
            etree.SubElement(r, w("br"))
        elif part:
            t = etree.SubElement(r, w("t"))
            t.text = part
            t.set(XML_SPACE, "preserve")
    return r


def apply_edits(p, edits: list[Edit], tracker: Tracker) -> list[Any]:
    """Apply edits to a paragraph as tracked changes; returns the new elements in order."""
    for point in sorted({x for e in edits for x in (e.start, e.end)}):
        _split_at(p, point)
    made = []
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        runs = _runs_with_offsets(p)
        doomed = [r for r, a, b in runs if e.start <= a and b <= e.end and (b > a or e.start < a < e.end)]
        like = next((r for r, a, b in runs if a <= e.start < b), None)
        if like is None and runs:
            like = runs[-1][0]
        elements = []
        last = None
        for r in doomed:
            prev = r.getprevious()
            if last is not None and prev is last:
                last.append(r)
            else:
                last = tracker.revision("del")
                r.addprevious(last)
                last.append(r)
                elements.append(last)
            _as_deleted(r)
        if e.new:
            ins = tracker.revision("ins")
            ins.append(_new_run(e.new, like))
            if elements:
                elements[-1].addnext(ins)
            else:
                after = next((r for r, a, b in runs if a >= e.start and b > a), None)
                if after is not None:
                    after.addprevious(ins)
                elif runs:
                    runs[-1][0].addnext(ins)
                else:
                    p.append(ins)
            elements.append(ins)
        made = elements + made
    return _document_order(p, made)


def _document_order(p, elements: list) -> list:
    order = {el: i for i, el in enumerate(p.iter())}
    return sorted(elements, key=lambda el: order.get(el, 0))


def new_paragraph(text: str, like, tracker: Tracker, bold_title: str | None = None,
                  numbered: bool = False) -> Any:
    """A tracked new paragraph (its mark and runs inserted) styled like the paragraph ``like``;
    it keeps that paragraph's automatic numbering only when ``numbered``."""
    p = etree.Element(w("p"))
    ppr = copy.deepcopy(like.find(w("pPr"))) if like is not None and like.find(w("pPr")) is not None \
        else etree.Element(w("pPr"))
    drop = ppr.findall(w("rPr")) + ppr.findall(w("pPrChange")) + ppr.findall(w("sectPr"))
    if not numbered:
        drop += ppr.findall(w("numPr"))
    for old in drop:
        ppr.remove(old)
    rpr = etree.SubElement(ppr, w("rPr"))
    rpr.append(tracker.revision("ins"))
    p.append(ppr)
    runs = paragraph_runs(like) if like is not None else []
    base = max(runs, key=_run_length) if runs else None      # the body text's run, not a bold label
    ins = tracker.revision("ins")
    if bold_title:
        r = _new_run(bold_title + " ", base)
        _set_bold(r)
        ins.append(r)
    ins.append(_new_run(text, base))
    p.append(ins)
    return p


def _set_bold(r) -> None:
    """Bold a run, keeping the schema order of its properties (rStyle, rFonts, b, ...)."""
    rpr = r.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        r.insert(0, rpr)
    for old in rpr.findall(w("b")):
        rpr.remove(old)
    at = sum(1 for child in rpr if child.tag in (w("rStyle"), w("rFonts")))
    rpr.insert(at, etree.Element(w("b")))


# --- where new paragraphs go --------------------------------------------------------------------------

_CLOSING = re.compile(
    r"^\s*(?:very\s+truly\s+yours|sincerely|respectfully(?:\s+submitted)?|yours\s+(?:truly|sincerely)|"
    r"by\s*:|agreed(?:\s+and\s+(?:accepted|consented)(?:\s+to)?)?\s*[:,]?\s*$|accepted\s*[:,]?|approved\s*:|"
    r"agreed\s+(?:and\s+\w+\s+)?to\s*:|_{4,}|dated?\s*:|signature)", re.I)
_NUMBERED = re.compile(r"^\s*(?:(\d{1,2})\.|\((\d{1,2})\)|(FIRST|SECOND|THIRD|FOURTH|FIFTH|SIXTH|SEVENTH|"
                       r"EIGHTH|NINTH|TENTH|ELEVENTH|TWELFTH|THIRTEENTH|FOURTEENTH|FIFTEENTH|SIXTEENTH|"
                       r"SEVENTEENTH|EIGHTEENTH|NINETEENTH|TWENTIETH)\b|SECTION\s+(\d{1,2})\b)")
_ORDINALS = ("FIRST SECOND THIRD FOURTH FIFTH SIXTH SEVENTH EIGHTH NINTH TENTH ELEVENTH TWELFTH "
             "THIRTEENTH FOURTEENTH FIFTEENTH SIXTEENTH SEVENTEENTH EIGHTEENTH NINETEENTH TWENTIETH "
             "TWENTY-FIRST TWENTY-SECOND TWENTY-THIRD TWENTY-FOURTH TWENTY-FIFTH").split()


def insertion_point(review: Review) -> int:
    """The index (in the letter's paragraphs) before which new paragraphs go: the closing or
    signature block after the last clause or numbered paragraph, else the end."""
    paras = review.letter.paragraphs
    numbered = [i for i, p in enumerate(paras) if _NUMBERED.match(p.norm)]
    base = max(numbered + [0])
    closing = next((i for i in range(base + 1, len(paras)) if _CLOSING.match(paras[i].norm)), len(paras))
    # a clause found below the closing (the client's "I have read this letter" above the
    # signature lines) must not push new paragraphs past the signatures
    found = [f.paragraph.number - 1 for f in review.found if f.paragraph.number - 1 < closing]
    last = max(found + numbered + [0])
    for i in range(last + 1, len(paras)):
        if _CLOSING.match(paras[i].norm):
            return i
    return len(paras)


def numbering(review: Review, before: int):
    """A function giving the label of the n-th new paragraph, continuing the letter's numbers."""
    for p in reversed(review.letter.paragraphs[:before]):
        m = _NUMBERED.match(p.norm)
        if not m:
            continue
        if m.group(1):
            n = int(m.group(1))
            return lambda i: f"{n + 1 + i}."
        if m.group(2):
            n = int(m.group(2))
            return lambda i: f"({n + 1 + i})"
        if m.group(3):
            k = _ORDINALS.index(m.group(3))
            return lambda i: (_ORDINALS[k + 1 + i] + "," if k + 1 + i < len(_ORDINALS) else "")
        if m.group(4):
            n = int(m.group(4))
            return lambda i: f"SECTION {n + 1 + i}."
    return lambda i: ""


# --- building the counter-draft ----------------------------------------------------------------------

def _base_document(review: Review):
    """An editable copy of a .docx letter, or a plain document holding the letter's paragraphs,
    with the list of paragraph elements in the order of the letter's paragraphs."""
    letter = review.letter
    if letter.editable:
        doc = open_docx(letter.data, letter.name)
        every = list(body_paragraphs(doc.element.body))
        elements = [every[p.index] for p in letter.paragraphs]
        return doc, elements
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    body = doc.element.body
    for p in list(body.iterchildren(w("p"))):
        body.remove(p)
    for para in letter.paragraphs:
        doc.add_paragraph(para.text)
    return doc, list(body.iterchildren(w("p")))


def build_counter(review: Review, date: dt.date) -> tuple[bytes, list[Change], list[Proposal]]:
    """The counter-draft's bytes, with the changes and insertions it holds."""
    doc, elements = _base_document(review)
    tracker = Tracker(doc, review.attorney, date)
    terms = letter_terms(review.letter.text)
    changes = plan_changes(review, terms)
    # From the end of each paragraph backwards, so that earlier offsets stay valid.
    for c in sorted(changes, key=lambda c: (c.paragraph.number, c.start), reverse=True):
        p = elements[c.paragraph.number - 1]
        made = apply_edits(p, c.edits, tracker)
        anchor_last = made[-1] if made else None
        prev = p
        for text in c.after:
            new = new_paragraph(text, p, tracker)
            prev.addnext(new)
            prev = new
            anchor_last = new.find(w("ins"))
        if made:
            tracker.anchor(made[0], anchor_last, c.comment)
    insertions = [make_proposal(review, m, terms, None) for m in review.missing]
    _insert_missing(review, elements, insertions, tracker)
    _track_revisions_on(doc)
    _properties(doc, review, date)
    from .asks import asks_for_counter, embed     # the asks, recorded for `drafter compare`

    embed(doc, asks_for_counter(changes, insertions), review.letter.name)
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue(), date), changes, insertions


def _insert_missing(review: Review, elements: list, insertions: list[Proposal], tracker: Tracker) -> None:
    """The missing clauses as tracked paragraphs between the body and the closing."""
    if not insertions:
        return
    at = insertion_point(review)
    anchor_before = elements[at] if at < len(elements) else None
    like = elements[at - 1] if 0 < at <= len(elements) else (elements[0] if elements else None)
    auto = like is not None and like.find(f"{w('pPr')}/{w('numPr')}") is not None
    label = (lambda i: "") if auto else numbering(review, at)
    place = _placer(tracker.doc.element.body, like if at > 0 else None, anchor_before)
    for i, prop in enumerate(insertions):
        made = []
        for j, text in enumerate(prop.paragraphs):
            lead = (label(i) + " " if j == 0 and label(i) else "")
            p = new_paragraph(text, like, tracker, bold_title=(lead + prop.title + ".") if j == 0 else None,
                              numbered=auto and j == 0)
            place(p)
            made.append(p)
        tracker.anchor(made[0].find(w("ins")), made[-1].findall(w("ins"))[-1], prop.comment, inserted=True)


def _top(el, body):
    """The ancestor of ``el`` (or el) that is a direct child of the body (a paragraph or table)."""
    while el.getparent() is not None and el.getparent() is not body:
        el = el.getparent()
    return el


def _placer(body, after, before):
    """A function that places new paragraphs one after another between ``after`` and ``before``,
    in the same table cell when both are in it, else at the body level (never inside a
    signature table)."""
    if after is not None and before is not None and after.getparent() is before.getparent():
        cursor = [_past_new(after)]
    elif after is not None:
        cursor = [_past_new(_top(after, body))]
    elif before is not None:
        top = _top(before, body)
        cursor = [top.getprevious()] if top.getprevious() is not None else [None]
        if cursor[0] is None:
            def first(p):
                top.addprevious(p)
                cursor[0] = p
            return lambda p: first(p) if cursor[0] is None else _after(cursor, p)
    else:
        sect = body.find(w("sectPr"))
        return lambda p: sect.addprevious(p) if sect is not None else body.append(p)
    return lambda p: _after(cursor, p)


def _past_new(el):
    """The last of the tracked new paragraphs that follow ``el`` (or el itself)."""
    nxt = el.getnext()
    while nxt is not None and nxt.tag == w("p") and nxt.find(f"{w('pPr')}/{w('rPr')}/{w('ins')}") is not None:
        el, nxt = nxt, nxt.getnext()
    return el


def _after(cursor: list, p) -> None:
    cursor[0].addnext(p)
    cursor[0] = p


_AFTER_TRACK_REVISIONS = set(
    "doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme "
    "styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone "
    "doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle defaultTableStyle "
    "evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets "
    "drawingGridHorizontalSpacing drawingGridVerticalSpacing displayHorizontalDrawingGridEvery "
    "displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin "
    "drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning characterSpacingControl "
    "printTwoOnOne strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture "
    "doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText "
    "doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
    "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids "
    "mathPr attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
    "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType schemaLibrary "
    "shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator".split())


def _track_revisions_on(doc) -> None:
    """Turn on Track Changes, so that the government's answer to the draft is tracked too."""
    settings = doc.settings.element
    if settings.find(w("trackRevisions")) is not None:
        return
    el = etree.Element(w("trackRevisions"))
    follower = next((c for c in settings if isinstance(c.tag, str)
                     and etree.QName(c).localname in _AFTER_TRACK_REVISIONS), None)
    if follower is not None:
        follower.addprevious(el)
    else:
        settings.append(el)


def _properties(doc, review: Review, date: dt.date, title: str | None = None) -> None:
    cp = doc.core_properties
    stamp = dt.datetime.combine(date, dt.time(9, 0))
    cp.author = review.attorney
    cp.last_modified_by = review.attorney
    cp.title = title or f"Counter-draft: {review.letter.name}"
    cp.subject = KIND_NAMES[review.kind]
    cp.comments = "Defense changes shown as tracked changes. Draft for attorney review."
    cp.keywords = ""
    cp.category = "Privileged"
    cp.identifier = ""
    cp.language = "en-US"
    cp.content_status = "Draft"
    cp.revision = 1
    cp.created = stamp
    cp.modified = stamp
    cp.last_printed = stamp


# --- the review report (.md and .docx) ---------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_text(s: object) -> str:
    """Text from a letter as inert Markdown: no image, link, HTML or table break survives
    (every Markdown character escaped, ``&`` and line breaks neutralised)."""
    return _MD_SPECIAL.sub(r"\\\1", str(s).replace("&", "&amp;")).replace("\r", " ").replace("\n", " ")


def report_markdown(review: Review, date: dt.date) -> str:
    """The review report as Markdown."""
    lib = review.library
    esc = md_text
    out = [f"# Review of {esc(review.letter.name)}", "",
           f"*{review.workspace.mark if review.workspace else 'DRAFT — FOR ATTORNEY REVIEW'}* · "
           f"{date.isoformat()} · {review.attorney}", "",
           f"**Kind:** {KIND_NAMES[review.kind]} (`{review.kind}`), {len(review.letter.paragraphs)} paragraphs"]
    if review.matter_id:
        out.append(f"**Matter:** {review.matter_id}")
    out += ["", "## Clauses found", "", "| ¶ | Type | Variant | Risk | Excerpt | Ask |", "|---|---|---|---|---|---|"]
    for f in review.found:
        e = review.entry(f)
        ask = "acceptable as written" if e["acceptable"] else e["ask"]
        out.append(f"| {e['paragraph']} | {f.type} | {f.variant or 'unknown (heading)'} | {e['risk']} | "
                   f"{esc(e['excerpt'])} | {esc(ask)} |")
    out += ["", "## Missing", ""]
    out += [f"- **{m}** — {lib.types[m].gap_note}" for m in review.missing] or ["- none"]
    out += ["", "## Checklist", ""]
    for item in review.checklist:
        out.append(f"- [ ] **[{item['priority']}] {item['id']}** — {item['point']}")
        out.append(f"  - Why: {item['why']}")
        if item.get("cites"):
            out.append("  - Cites: " + "; ".join(item["cites"]))
        if item.get("fallback"):
            out.append(f"  - Fallback: {item['fallback']}")
        out += [f"  - [VERIFY] {v}" for v in item.get("verify") or []]
    return "\n".join(out) + "\n"


def report_docx(review: Review, date: dt.date) -> bytes:
    """The review report as a Word document."""
    from docx import Document

    doc = Document()
    mark = review.workspace.mark if review.workspace else "DRAFT — FOR ATTORNEY REVIEW"
    legend = review.workspace.legend if review.workspace else ""
    header = doc.sections[0].header.paragraphs[0]
    header.text = f"{legend}\n{mark} · {date.isoformat()}" if legend else f"{mark} · {date.isoformat()}"
    doc.add_heading(f"Review of {review.letter.name}", level=1)
    doc.add_paragraph(f"Prepared for {review.attorney} · {date.isoformat()}")
    lines = report_lines(review)
    doc.add_paragraph(lines[0])
    doc.add_heading("Clauses found", level=2)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, ("¶", "Type / variant", "Risk", "Excerpt", "Ask")):
        cell.text = head
    for f in review.found:
        e = review.entry(f)
        row = table.add_row().cells
        row[0].text = str(e["paragraph"])
        row[1].text = f"{f.type} / {f.variant or 'unknown (heading)'}"
        row[2].text = "acceptable" if e["acceptable"] else e["risk"]
        row[3].text = e["excerpt"]
        row[4].text = "" if e["acceptable"] else e["ask"]
    doc.add_heading("Missing", level=2)
    for m in review.missing or []:
        doc.add_paragraph(f"{m}: {review.library.types[m].gap_note}", style="List Bullet")
    if not review.missing:
        doc.add_paragraph("none")
    doc.add_heading("Checklist", level=2)
    for item in review.checklist:
        para = doc.add_paragraph(style="List Bullet")
        para.add_run(f"[{item['priority']}] {item['id']}: ").bold = True
        para.add_run(item["point"])
        doc.add_paragraph(f"Why: {item['why']}")
        if item.get("cites"):
            doc.add_paragraph("Cites: " + "; ".join(item["cites"]))
    _properties(doc, review, date, title=f"Review of {review.letter.name}")
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue(), date)


# --- writing ------------------------------------------------------------------------------------------

@dataclass
class Written:
    files: list[Path]
    backups: list[Path]
    changes: int
    insertions: int


def write_outputs(review: Review, out_dir: Path, date: dt.date, force: bool = False) -> Written:
    """Write the counter-draft and the report; refuse to replace files drafter did not write."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir} exists and is not a folder")
    stem = review.letter.stem
    from .environment import render_budget

    with render_budget():
        counter, changes, insertions = build_counter(review, date)
    counter = strip_external_zip(counter)      # no remote template or image links (issue 16)
    files = [(f"{stem}.counter.docx", counter), (f"{stem}.review.docx", report_docx(review, date)),
             (f"{stem}.review.md", report_markdown(review, date).encode("utf-8"))]
    names = [n for n, _ in files]

    def refuse(paths: list[str]) -> DrafterError:
        listing = "\n".join(f"  {p}" for p in paths)
        return DrafterError("these files exist and were not written by drafter (or were edited since), "
                            f"so nothing was written:\n{listing}\nRerun with --force to keep them as "
                            "dated backups and write new files.")

    backups = write_files(out_dir, files, force, manifest=MANIFEST, edited_error=refuse).backups
    return Written([out_dir / n for n in names], backups, len(changes), len(insertions))
